import Foundation
import Testing
import WarRoomCore

// The demo as a new user meets it: `warroom demo` under tmux (TmuxSupport.swift),
// keys that write from the demo's own console, and the terminal afterwards.
// The demo once died on the first key that wrote (its option group was built by
// hand, so `--as` had never been parsed) and left the terminal raw.

private extension TmuxSession {
    /// Runs `warroom ARGS` in the pane, then prints the exit status and the terminal's modes.
    func startThenShowModes(_ args: [String], extraEnv: String = "") async throws {
        let cmd =
            "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color SWIFT_BACKTRACE=enable=no \(extraEnv) "
            + "WARROOM_DATA=\(shellQuote(uiPackageRoot)) "
            + ([bin] + args).map(shellQuote).joined(separator: " ")
            + "; echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo MODES-END; sleep 60"
        try await start(width: 120, height: 40, command: "sh -c \(shellQuote(cmd))")
    }

    /// Waits for the modes the pane printed after warroom ended.
    func modesAfterExit() async throws -> String? {
        try await waitFor("the terminal modes after exit", timeout: .seconds(20)) { $0.contains("MODES-END") }
    }

    /// The console still runs: its frame, every pane's title, is on screen.
    @discardableResult
    func waitStillRunning(after step: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String? {
        try await waitFor("the console's panes after \(step)", sourceLocation: sourceLocation) { s in
            allPaneTitles.allSatisfy(s.contains) && !s.contains("EXIT=")
        }
    }

    /// Waits until a pane (a line inside a frame, not the prompt line) shows `text`.
    @discardableResult
    func waitInPanes(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String? {
        try await waitFor("\"\(text)\" in a pane", sourceLocation: sourceLocation) { s in
            s.split(separator: "\n").contains { line in line.contains(text) && (line.first.map { "┃│".contains($0) } ?? false) }
        }
    }

    /// D, a severity, a title, Enter; then, where the console asks more (the
    /// playbook, a summary, the start: the richer declare flow), Enter takes
    /// each suggestion. Returns the declaration.
    func declareFromConsole(severityKey: String, title: String, timeout: Duration) async throws -> Event? {
        try await keys("D")
        try await waitFor("Declare: severity")
        try await keys(severityKey)
        try await waitFor("title:")
        try await literal(title)
        try await waitFor("title: \(title)")
        try await keys("Enter")
        let landed = { (e: Event) in e.kind == .incidentDeclared && e.string("title") == title }
        // Each further question has a label of its own, so one Enter per label seen never answers twice.
        for label in [": playbook", "summary (optional", "impact began"] {
            let next = try await eventually(timeout: timeout) { () async throws -> Bool? in
                if self.events().contains(where: landed) { return false }
                return try await self.capture().contains(label) ? true : nil
            }
            guard next == true else { break }
            try await keys("Enter")
        }
        return try await waitForEvent("the declaration typed in the console", timeout: timeout, landed)
    }
}

@Suite("The demo under tmux", .enabled(if: tmuxPath != nil && uiWarroomBinary != nil, "needs tmux and the warroom binary"))
struct DemoJourneyE2ETests {
    @Test("ticking and noting from the demo's console land in the journal; q gives the terminal back")
    func demoWrites() async throws {
        let t = try TmuxSession(label: "demo", settings: [])
        defer { t.killServer() }
        try await t.startThenShowModes(["demo", "--journal", t.journal, "--speed", "1"])
        try await t.waitFor("Checklist")
        // Tab Tab ↓ Space: the first thing a new user tried.
        try await t.keys("Tab", "Tab")
        try await t.waitFor("the checklist focused") { $0.contains("▶ Checklist") }
        try await t.keys("Down", "Space")
        let tick = try await t.waitForEvent("a tick or untick from the console") {
            ($0.kind == .checklistDone || $0.kind == .checklistUndone) && $0.actor != "facilitator"
        }
        #expect(tick != nil)
        try await t.keys("n")
        try await t.waitFor("observation:")
        try await t.literal("demo note from a new user")
        try await t.keys("Enter")
        let note = try await t.waitForEvent("the typed note") { $0.kind == .note && $0.string("text") == "demo note from a new user" }
        #expect(note != nil)
        // Still running: the note is on screen.
        #expect(try await t.waitFor("demo note from a new user") != nil)
        try await t.keys("q")
        let modes = try await t.modesAfterExit()
        #expect(modes?.contains("EXIT=0") == true, "\(modes ?? "")")
        #expect(modes?.contains("icanon echo MODES-END") == true, "\(modes ?? "")")
        #expect(modes?.contains("-icanon") == false, "\(modes ?? "")")
        #expect(modes?.contains("-echo") == false, "\(modes ?? "")")
    }

    @Test("every key that writes, from the demo's own console, lands in the journal and the console keeps running")
    func everyWritingKey() async throws {
        let t = try TmuxSession(label: "demo-keys", settings: [], waitTimeout: .seconds(30))
        defer { t.killServer() }
        let patience = Duration.seconds(30)
        try await t.startThenShowModes(["demo", "--journal", t.journal, "--speed", "1"])
        try await t.waitFor("Checklist")
        // The demo's console acts as the login (the demo takes no --as); its facilitator and
        // scripted responders write under names of their own.
        let me = Identity.loginName()
        func mine(_ e: Event) -> Bool { e.actor == me }

        // Tick: Space on the Checklist pane.
        try await t.keys("Tab", "Tab")
        try await t.waitFor("the checklist focused") { $0.contains("▶ Checklist") }
        try await t.keys("Space")
        let tick = try await t.waitForEvent("the tick", timeout: patience) { $0.kind == .checklistDone && mine($0) }
        #expect(tick?.string("item") == "grade-crisis")
        #expect(tick?.incident == t.events().first(where: { $0.kind == .incidentDeclared })?.incident)
        try await t.waitFor("[x] Grade the crisis")
        try await t.waitStillRunning(after: "the tick")

        // Note: n opens the text prompt at once; Tab makes it a decision.
        try await t.keys("n")
        try await t.waitFor("observation:")
        try await t.literal("fail over to pay-gw-1")
        try await t.keys("Tab")
        try await t.waitFor("decision: fail over to pay-gw-1")
        try await t.keys("Enter")
        let note = try await t.waitForEvent("the note", timeout: patience) { $0.kind == .note && mine($0) }
        #expect(note?.string("text") == "fail over to pay-gw-1")
        #expect(note?.string("kind") == "decision")
        try await t.waitInPanes("decision: fail over to pay-gw-1")
        try await t.waitStillRunning(after: "the note")

        // Assign: a, a role (content-review: no responder of the demo touches it), then a member
        // typed by name (a prompt while nobody has joined, a picker once the responders have).
        try await t.keys("a")
        try await t.waitFor("Assign role")
        try await t.literal("content")
        try await t.keys("Enter")
        try await t.waitFor("the member question") { $0.contains("is now held by:") || $0.contains("pick or type a member") }
        try await t.literal("carol")
        try await t.keys("Enter")
        let assigned = try await t.waitForEvent("the assignment", timeout: patience) { $0.kind == .roleAssigned && mine($0) }
        #expect(assigned?.string("role") == "content-review")
        #expect(assigned?.string("member") == "carol")
        try await t.waitFor("carol in the roster's roles") { $0.range(of: #"content-review\s+carol"#, options: .regularExpression) != nil }
        try await t.waitStillRunning(after: "the assignment")

        // Release: a on the held role offers "release (leave unfilled)" as its last row.
        try await t.keys("a")
        try await t.waitFor("Assign role")
        try await t.literal("content")
        try await t.keys("Enter")
        try await t.waitFor("content-review (held by carol)")
        try await t.literal("release")
        try await t.keys("Enter")
        let released = try await t.waitForEvent("the release", timeout: patience) { $0.kind == .roleReleased && mine($0) }
        #expect(released?.string("role") == "content-review")
        try await t.waitFor("carol gone from the roster's roles") {
            $0.range(of: #"content-review\s+carol"#, options: .regularExpression) == nil
        }
        try await t.waitStillRunning(after: "the release")

        // Severity: s, L1, the reason.
        try await t.keys("s")
        try await t.waitFor("Severity (now L2)")
        try await t.keys("1")
        try await t.waitFor("L2 → L1 reason:")
        try await t.keys("C-u")
        try await t.literal("leak rumour spreading")
        try await t.keys("Enter")
        let sev = try await t.waitForEvent("the severity change", timeout: patience) { $0.kind == .incidentSeverity && mine($0) }
        #expect(sev?.data["severity"]?.intValue == 1)
        #expect(sev?.string("reason") == "leak rumour spreading")
        try await t.waitFor("L1 in the header") { $0.split(separator: "\n").first?.contains(" L1 ") == true }
        try await t.waitStillRunning(after: "the severity change")

        // Phase: p, verified, the optional note.
        try await t.keys("p")
        try await t.waitFor("Phase (now declared)")
        try await t.keys("2")
        try await t.waitFor("declared → verified, note:")
        try await t.literal("cause is pay-gw-2")
        try await t.keys("Enter")
        let phase = try await t.waitForEvent("the phase change", timeout: patience) { $0.kind == .incidentPhase && mine($0) }
        #expect(phase?.string("phase") == "verified")
        #expect(phase?.string("note") == "cause is pay-gw-2")
        try await t.waitFor("verified in the header") { $0.split(separator: "\n").first?.contains("verified") == true }
        try await t.waitStillRunning(after: "the phase change")

        // Comms: c, the audience, the channel (typed to narrow), the text: an external statement is a
        // draft for approval under the shipped policy (the demo's scripted team approves its own).
        try await t.keys("c")
        try await t.waitFor("Publish to")
        try await t.keys("2")
        try await t.waitFor("to external: via which channel?")
        try await t.literal("weibo")
        try await t.keys("Enter")
        try await t.waitFor("start from a template?")
        try await t.keys("Enter")
        try await t.waitFor("draft to external via weibo, for approval:")
        try await t.literal("Payments are being restored")
        try await t.keys("Enter")
        let comms = try await t.waitForEvent("the draft", timeout: patience) { $0.kind == .commsDrafted && mine($0) }
        #expect(comms?.string("audience") == "external")
        #expect(comms?.string("channel") == "weibo")
        #expect(comms?.string("text") == "Payments are being restored")
        try await t.waitInPanes("drafted for external")
        try await t.waitStillRunning(after: "the communication")

        // Counter: #, the name, the value.
        try await t.keys("#")
        try await t.waitFor("counter name")
        try await t.literal("complaints")
        try await t.keys("Enter")
        try await t.waitFor("complaints value:")
        try await t.literal("1204")
        try await t.keys("Enter")
        let counter = try await t.waitForEvent("the counter", timeout: patience) { $0.kind == .counterSet && mine($0) }
        #expect(counter?.string("name") == "complaints")
        #expect(counter?.data["value"]?.numberValue == 1204)
        try await t.waitInPanes("1,204")
        try await t.waitStillRunning(after: "the counter")

        // Declare: D, a severity, a title (and Enter through any further questions).
        let declared = try await t.declareFromConsole(severityKey: "3", title: "Side issue found in the demo", timeout: patience)
        #expect(declared.map(mine) == true)
        #expect(declared?.data["severity"]?.intValue == 3)
        #expect(declared?.incident != nil && declared?.incident != tick?.incident)
        try await t.waitFor("the new incident in the header") {
            $0.split(separator: "\n").first?.contains("Side issue found in the demo") == true
        }
        try await t.waitStillRunning(after: "the declaration")

        // Every write was this console's own, each once.
        // (The console's own presence lines, written as it opens, are left out.)
        let own = t.eventsWithoutConsolePresence().filter(mine)
        #expect(
            own.map(\.kind) == [
                .checklistDone, .note, .roleAssigned, .roleReleased, .incidentSeverity, .incidentPhase, .commsDrafted, .counterSet,
                .incidentDeclared,
            ])

        try await t.keys("q")
        let modes = try await t.modesAfterExit()
        #expect(modes?.contains("EXIT=0") == true, "\(modes ?? "")")
        #expect(modes?.contains("icanon echo MODES-END") == true, "\(modes ?? "")")
        #expect(modes?.contains("-icanon") == false, "\(modes ?? "")")
        #expect(modes?.contains("-echo") == false, "\(modes ?? "")")
    }

    @Test("m sets one's own presence from the demo's console; q gives the terminal back")
    func presenceKey() async throws {
        let t = try TmuxSession(label: "demo-presence", settings: [], waitTimeout: .seconds(30))
        defer { t.killServer() }
        try await t.startThenShowModes(["demo", "--journal", t.journal, "--speed", "1"])
        try await t.waitFor("Checklist")
        try await t.keys("m")
        try await t.waitFor("presence (now")
        try await t.literal("away")
        try await t.keys("Enter")
        let status = try await t.waitForEvent("the presence", timeout: .seconds(30)) {
            $0.kind == .memberStatus && $0.string("status") == "away"
        }
        #expect(status?.actor != "facilitator")
        #expect(status?.string("member") == status?.actor)
        try await t.waitStillRunning(after: "the presence")
        try await t.keys("q")
        let modes = try await t.modesAfterExit()
        #expect(modes?.contains("EXIT=0") == true, "\(modes ?? "")")
        #expect(modes?.contains("icanon echo MODES-END") == true, "\(modes ?? "")")
    }

    @Test("a trap inside the console leaves the terminal restored")
    func crashRestoresTerminal() async throws {
        let t = try TmuxSession(label: "trap", settings: [])
        defer { t.killServer() }
        try await t.declare()
        try await t.startThenShowModes(["--journal", t.journal], extraEnv: "WARROOM_TEST_TRAP=1")
        try await t.waitFor("Gateway timeouts")
        try await t.keys("F12")
        let modes = try await t.modesAfterExit()
        #expect(modes?.contains("EXIT=0") == false, "\(modes ?? "")")
        #expect(modes?.contains("icanon echo MODES-END") == true, "\(modes ?? "")")
        #expect(modes?.contains("-icanon") == false, "\(modes ?? "")")
        #expect(modes?.contains("-echo") == false, "\(modes ?? "")")
    }
}
