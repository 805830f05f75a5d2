import Foundation
import Testing
import WarRoomCore

// A commander's whole incident, as issue 12 walked it: an L2 declared by the CLI,
// two consoles (alice, the commander, and bob) open on the journal in tmux sessions
// of their own (WarRoomTestSupport/TmuxSession.swift), people joining and taking roles, notes and ticks
// from both consoles and the CLI, a raise to L1, the phases with notes, an external
// statement, a counter and the close; each step checked on both screens, then the
// review report. Every wait is bounded (waitFor, waitForEvent); nothing sleeps.

/// The two consoles, by the tmux session (and `--as` name) each runs under.
private let consoles = ["alice", "bob"]

private extension TmuxSession {
    /// Opens a console acting as `name` in a session of that name.
    func startConsole(as name: String) async throws {
        let cmd =
            "exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color WARROOM_DATA=\(shellQuote(uiPackageRoot)) "
            + [bin, "--journal", journal, "--as", name].map(shellQuote).joined(separator: " ")
        try await start(name, width: 140, height: 45, command: cmd)
    }

    /// Runs `warroom SUBCOMMAND --journal J --as WHO ARGS…`; records an issue unless it succeeds.
    @discardableResult
    func cli(_ subcommand: String, as who: String, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> RunResult
    {
        let r = try await run(bin, [subcommand, "--journal", journal, "--as", who] + args)
        #expect(r.status == 0, "warroom \(subcommand) \(args) failed: \(r.stderr)", sourceLocation: sourceLocation)
        return r
    }

    /// Waits until both consoles' screens satisfy `ok`.
    func onBoth(_ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ ok: @escaping (String) -> Bool) async throws {
        for c in consoles {
            try await waitFor("\(what) on \(c)'s console", in: c, sourceLocation: sourceLocation, ok)
        }
    }

    /// Waits until both consoles show `text` in a pane (a line inside a frame, not a prompt or the footer).
    func onBothPanes(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await onBoth("\"\(text)\" in a pane", sourceLocation: sourceLocation) { paneLines($0).contains { $0.contains(text) } }
    }

    /// Waits until both consoles' header (the first line) shows all of `parts`.
    func onBothHeaders(_ parts: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await onBoth("the header showing \(parts)", sourceLocation: sourceLocation) { s in
            let header = String(s.split(separator: "\n").first ?? "")
            return parts.allSatisfy(header.contains)
        }
    }
}

/// The lines of a screen inside a frame: the panes, not the prompt line or the footer.
private func paneLines(_ screen: String) -> [Substring] {
    screen.split(separator: "\n").filter { $0.first.map { "┃│┏┗┌└".contains($0) } ?? false }
}

/// Whether a pane line matches the regular expression `pattern`.
private func panesMatch(_ screen: String, _ pattern: String) -> Bool {
    paneLines(screen).contains { $0.range(of: pattern, options: .regularExpression) != nil }
}

/// The text of the report's `## NAME` section, up to the next heading of that level.
private func reportSection(_ name: String, of markdown: String) -> String {
    guard let start = markdown.range(of: "\n## \(name)\n") else { return "" }
    let rest = markdown[start.upperBound...]
    return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
}

/// Whether every one of `words` is in `line`, each after the one before.
private func inOrder(_ words: [String], in line: String) -> Bool {
    var rest = Substring(line)
    for w in words {
        guard let r = rest.range(of: w) else { return false }
        rest = rest[r.upperBound...]
    }
    return true
}

@Suite("A commander's incident under tmux", .enabled(if: tmuxPath != nil && uiWarroomBinary != nil, "needs tmux and the warroom binary"))
struct CommanderJourneyE2ETests {
    @Test("L2 by the CLI, two consoles and the CLI through L1, the phases, comms, a counter and the close; then the report")
    func commanderJourney() async throws {
        let t = try TmuxSession(label: "commander", settings: [], defaultTarget: "alice", waitTimeout: .seconds(30))
        defer { t.killServer() }
        let patience = Duration.seconds(30)
        for c in consoles { try await t.startConsole(as: c) }
        try await t.onBoth("an empty journal") { $0.contains("No active incident") }

        // 1. Declared by the CLI at L2: both consoles pick it up.
        let title = "Checkout payments failing"
        let declared = try await t.cli("declare", as: "alice", ["--severity", "2", "--title", title])
        let id = declared.text.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("INC-"), "declare printed \(id)")
        try await t.onBothHeaders(id, " L2 ", "declared", title)

        // 2. People join (the CLI) and take roles: from alice's console, bob's console and the CLI.
        for (member, name) in [("alice", "Alice Zhou"), ("bob", "Bob Lin"), ("carol", "Carol Wu")] {
            try await t.cli("join", as: member, [member, "--name", name, "--team", "PR"])
        }
        try await t.onBoth("the three members on the roster") { s in
            ["alice", "bob", "carol"].allSatisfy { panesMatch(s, "│ \\S+ +\($0) ") }
        }
        // alice takes command: nobody is picked until she picks on purpose.
        try await t.keys("a", in: "alice")
        try await t.waitFor("Assign role", in: "alice")
        try await t.literal("commander", in: "alice")
        try await t.keys("Enter", in: "alice")
        try await t.waitFor("commander (unfilled): pick or type a member", in: "alice")
        try await t.keys("Enter", in: "alice")
        try await t.waitFor("nobody picked", in: "alice")
        #expect(!t.events().contains { $0.kind == .roleAssigned })
        try await t.literal("alice", in: "alice")
        try await t.keys("Enter", in: "alice")
        let commander = try await t.waitForEvent("alice as commander", timeout: patience) { $0.kind == .roleAssigned }
        #expect(commander?.actor == "alice")
        #expect(commander?.string("role") == "commander")
        #expect(commander?.string("member") == "alice")
        // bob takes the tech lead from his own console; the CLI gives carol communications.
        try await t.keys("a", in: "bob")
        try await t.waitFor("Assign role", in: "bob")
        try await t.literal("tech-lead", in: "bob")
        try await t.keys("Enter", in: "bob")
        try await t.waitFor("tech-lead (unfilled): pick or type a member", in: "bob")
        try await t.literal("bob", in: "bob")
        try await t.keys("Enter", in: "bob")
        let techLead = try await t.waitForEvent("bob as tech lead", timeout: patience) {
            $0.kind == .roleAssigned && $0.string("role") == "tech-lead"
        }
        #expect(techLead?.actor == "bob")
        #expect(techLead?.string("member") == "bob")
        try await t.cli("assign", as: "alice", ["communications", "carol"])
        try await t.onBoth("the three roles held") { s in
            panesMatch(s, "│ commander +alice ") && panesMatch(s, "│ tech-lead +bob ") && panesMatch(s, "│ communications +carol ")
        }
        // The member picker says who holds a role now.
        try await t.keys("a", in: "bob")
        try await t.waitFor("Assign role", in: "bob")
        try await t.literal("commander", in: "bob")
        try await t.keys("Enter", in: "bob")
        try await t.waitFor("commander (held by alice): pick or type a member", in: "bob")
        try await t.keys("Escape", in: "bob")
        try await t.waitFor("bob's console back from the picker", in: "bob") { !$0.contains("pick or type a member") }

        // 3. Notes from both consoles and the CLI.
        try await t.keys("n", in: "alice")
        try await t.waitFor("observation:", in: "alice")
        try await t.literal("roll back pay-gw-2 config", in: "alice")
        try await t.keys("Tab", in: "alice")
        try await t.waitFor("decision: roll back pay-gw-2 config", in: "alice")
        try await t.keys("Enter", in: "alice")
        try await t.keys("n", in: "bob")
        try await t.waitFor("observation:", in: "bob")
        try await t.literal("p99 latency 31 s on pay-gw-2", in: "bob")
        try await t.keys("Enter", in: "bob")
        try await t.cli("note", as: "carol", ["--kind", "action", "calling the DB team lead"])
        let decision = try await t.waitForEvent("alice's decision", timeout: patience) { $0.kind == .note && $0.actor == "alice" }
        #expect(decision?.string("text") == "roll back pay-gw-2 config")
        #expect(decision?.string("kind") == "decision")
        let observation = try await t.waitForEvent("bob's observation", timeout: patience) { $0.kind == .note && $0.actor == "bob" }
        #expect(observation?.string("text") == "p99 latency 31 s on pay-gw-2")
        #expect(observation?.data["kind"] == nil)
        try await t.onBothPanes("decision: roll back pay-gw-2 config")
        try await t.onBothPanes("p99 latency 31 s on pay-gw-2")
        try await t.onBothPanes("action: calling the DB team lead")

        // 4. Ticks: alice the first item, bob the second, carol the third by the CLI.
        for c in consoles {
            try await t.keys("Tab", "Tab", in: c)
            try await t.waitFor("the checklist focused", in: c) { $0.contains("▶ Checklist") }
        }
        try await t.keys("Space", in: "alice")
        let tick1 = try await t.waitForEvent("alice's tick", timeout: patience) { $0.kind == .checklistDone && $0.actor == "alice" }
        #expect(tick1?.string("item") == "grade-crisis")
        try await t.keys("Down", "Space", in: "bob")
        let tick2 = try await t.waitForEvent("bob's tick", timeout: patience) { $0.kind == .checklistDone && $0.actor == "bob" }
        #expect(tick2?.string("item") == "joint-activation")
        try await t.cli("tick", as: "carol", ["form-team"])
        // A ticked line names who ticked it, so only the start of each item's text is sure to show.
        try await t.onBothPanes("[x] Grade the crisis")
        try await t.onBothPanes("[x] PR, tech and legal")
        try await t.onBothPanes("[x] Form the emergency team")
        #expect(t.events().filter { $0.kind == .checklistDone }.count == 3)

        // 5. alice raises it to L1, with the reason.
        try await t.keys("s", in: "alice")
        try await t.waitFor("Severity (now L2)", in: "alice")
        try await t.keys("1", in: "alice")
        try await t.waitFor("L2 → L1 reason:", in: "alice")
        try await t.keys("C-u", in: "alice")
        try await t.literal("leak rumour spreading on weibo", in: "alice")
        try await t.keys("Enter", in: "alice")
        let raise = try await t.waitForEvent("the raise to L1", timeout: patience) { $0.kind == .incidentSeverity }
        #expect(raise?.actor == "alice")
        #expect(raise?.data["severity"]?.intValue == 1)
        #expect(raise?.string("reason") == "leak rumour spreading on weibo")
        try await t.onBothHeaders(id, " L1 ")
        try await t.onBothPanes("severity L2 → L1: leak rumour spreading on weibo")

        // 6. The phases, each with a note: verified (alice), contained (bob), recovered (the CLI).
        try await t.keys("p", in: "alice")
        try await t.waitFor("Phase (now declared)", in: "alice")
        try await t.keys("2", in: "alice")
        try await t.waitFor("declared → verified, note:", in: "alice")
        try await t.literal("cause: pay-gw-2 pool exhausted", in: "alice")
        try await t.keys("Enter", in: "alice")
        let verified = try await t.waitForEvent("verified", timeout: patience) {
            $0.kind == .incidentPhase && $0.string("phase") == "verified"
        }
        #expect(verified?.actor == "alice")
        #expect(verified?.string("note") == "cause: pay-gw-2 pool exhausted")
        try await t.onBothHeaders(id, "verified")
        try await t.onBothPanes("phase → verified: cause: pay-gw-2 pool exhausted")

        try await t.keys("p", in: "bob")
        try await t.waitFor("Phase (now verified)", in: "bob")
        try await t.keys("3", in: "bob")
        try await t.waitFor("verified → contained, note:", in: "bob")
        try await t.literal("traffic moved to pay-gw-1", in: "bob")
        try await t.keys("Enter", in: "bob")
        let contained = try await t.waitForEvent("contained", timeout: patience) {
            $0.kind == .incidentPhase && $0.string("phase") == "contained"
        }
        #expect(contained?.actor == "bob")
        #expect(contained?.string("note") == "traffic moved to pay-gw-1")
        try await t.onBothHeaders(id, "contained")
        try await t.onBothPanes("phase → contained: traffic moved to pay-gw-1")

        try await t.cli("phase", as: "alice", ["recovered", "--note", "success rate back to 99%"])
        try await t.onBothHeaders(id, "recovered")
        try await t.onBothPanes("phase → recovered: success rate back to 99%")

        // 7. The external statement, from bob's console: audience, channel, text. The shipped policy
        // wants it approved, so it is a draft; alice (commander) approves it from hers, bob publishes it.
        try await t.keys("c", in: "bob")
        try await t.waitFor("Publish to", in: "bob")
        try await t.keys("2", in: "bob")
        try await t.waitFor("to external: via which channel?", in: "bob")
        try await t.literal("official", in: "bob")
        try await t.keys("Enter", in: "bob")
        try await t.waitFor("start from a template?", in: "bob")
        try await t.keys("Enter", in: "bob")
        try await t.waitFor("draft to external via official site, for approval:", in: "bob")
        try await t.literal("Payments restored; refunds follow", in: "bob")
        try await t.keys("Enter", in: "bob")
        let drafted = try await t.waitForEvent("the draft", timeout: patience) { $0.kind == .commsDrafted }
        #expect(drafted?.actor == "bob" && drafted?.string("text") == "Payments restored; refunds follow")
        try await t.waitFor("1 statement waits for your approval", in: "alice")
        try await t.keys("S", in: "alice")
        try await t.waitFor("Statements (1 awaiting approval)", in: "alice")
        try await t.keys("a", in: "alice")
        let approved = try await t.waitForEvent("the approval", timeout: patience) { $0.kind == .commsApproved }
        #expect(approved?.actor == "alice")
        try await t.keys("Escape", in: "alice")
        try await t.keys("S", in: "bob")
        try await t.waitFor("approved by alice", in: "bob")
        try await t.keys("p", in: "bob")
        let statement = try await t.waitForEvent("the statement", timeout: patience) { $0.kind == .commsPublished }
        #expect(statement?.actor == "bob")
        #expect(statement?.string("audience") == "external")
        #expect(statement?.string("channel") == "official site")
        #expect(statement?.string("text") == "Payments restored; refunds follow")
        #expect(statement?.string("draft") == drafted?.string("draft"))
        try await t.keys("Escape", in: "bob")
        try await t.onBothPanes("to external via official site: Payments restored")

        // 8. A counter, from alice's console.
        try await t.keys("#", in: "alice")
        try await t.waitFor("counter name", in: "alice")
        try await t.literal("complaints", in: "alice")
        try await t.keys("Enter", in: "alice")
        try await t.waitFor("complaints value:", in: "alice")
        try await t.literal("1204", in: "alice")
        try await t.keys("Enter", in: "alice")
        let counter = try await t.waitForEvent("the counter", timeout: patience) { $0.kind == .counterSet }
        #expect(counter?.string("name") == "complaints")
        #expect(counter?.data["value"]?.numberValue == 1204)
        try await t.onBoth("the counter in the KPIs") { panesMatch($0, "complaints +1,204") }

        // 9. alice closes it with items still open: asked first, then the closing note.
        try await t.keys("p", in: "alice")
        try await t.waitFor("Phase (now recovered)", in: "alice")
        try await t.keys("5", in: "alice")
        let asked = try await t.waitFor("the confirmation", in: "alice") { $0.contains("checklist items still open?") }
        #expect(asked?.contains("Close \(id) with ") == true)
        #expect(t.events().filter { $0.kind == .incidentPhase }.count == 3)
        try await t.keys("2", in: "alice")
        try await t.waitFor("recovered → closed, note:", in: "alice")
        try await t.literal("review on Monday", in: "alice")
        try await t.keys("Enter", in: "alice")
        let closed = try await t.waitForEvent("the close", timeout: patience) {
            $0.kind == .incidentPhase && $0.string("phase") == "closed"
        }
        #expect(closed?.actor == "alice")
        #expect(closed?.string("note") == "review on Monday")
        // Both consoles keep the closed incident, not an empty screen.
        try await t.onBothHeaders(id, "closed", title)
        try await t.onBothPanes("phase → closed: review on Monday")
        for c in consoles {
            let screen = try await t.capture(c)
            #expect(!screen.lowercased().contains("no active incident"), "\(c)'s console blanked after the close:\n\(screen)")
        }

        // 10. The review report has the decisions, the comms and the phases, each where a reviewer looks.
        let report = try await t.cli("report", as: "alice", [])
        let text = report.text
        let lines = text.split(separator: "\n").map(String.init)
        let phasesLine = lines.first { $0.hasPrefix("- Phases:") } ?? ""
        let phasesInOrder = inOrder(["declared", "verified", "contained", "recovered", "closed"], in: phasesLine)
        #expect(phasesInOrder, "the phases in order: \(phasesLine)")
        let decisionLine = lines.first { $0.contains("roll back pay-gw-2 config") } ?? ""
        #expect(decisionLine.lowercased().contains("decision"), "the decision, marked as one:\n\(text)")
        let comms = reportSection("Communications", of: text)
        #expect(comms.contains("Payments restored; refunds follow"), "the statement under Communications:\n\(text)")
        #expect(
            comms.lowercased().contains("external") && comms.contains("official site"), "the statement's audience and channel:\n\(text)")
        for expected in [
            title, "leak rumour spreading on weibo", "cause: pay-gw-2 pool exhausted", "traffic moved to pay-gw-1",
            "success rate back to 99%",
            "review on Monday", "1,204",
        ] {
            #expect(text.contains(expected), "the report lacks \(expected):\n\(text)")
        }
    }
}
