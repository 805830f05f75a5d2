import Foundation
import Testing
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

// Drills end to end under tmux: `warroom drill run` in one window and the
// console in another, on a private tmux server (TmuxSupport.swift's
// TmuxSession). Reuses UITestSupport.swift's uiPackageRoot, run, shellQuote,
// fileLines and eventually; everything else here is private to this file.

private let drillE2EFixtures = uiPackageRoot + "/Tests/WarRoomCoreTests/Fixtures/scenarios"

/// The drills' tmux server (TmuxSupport.swift): a session whose window "runner"
/// runs the drill and "console" the console; keys and waits go to the console.
private extension TmuxSession {
    static func drill() throws -> TmuxSession {
        try TmuxSession(
            label: "drill", journalName: "drill.jsonl", settings: ["set -g remain-on-exit on"],
            defaultTarget: "wr:console")
    }

    var runnerWindow: String { "\(session):runner" }

    private var envPrefix: String {
        "exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color WARROOM_DATA=\(shellQuote(uiPackageRoot)) "
    }

    /// Starts the session with the runner in window "runner", then waits for drill.started.
    func startDrill(_ scenario: String, extra: [String] = []) async throws {
        let cmd =
            envPrefix
            + ([bin, "drill", "run", drillE2EFixtures + "/" + scenario + ".toml", "--journal", journal] + extra)
            .map(shellQuote).joined(separator: " ")
        try await start(window: "runner", width: 120, height: 40, command: cmd)
        guard try await eventually(timeout: .seconds(10), { self.events().contains { $0.kind == .drillStarted } ? true : nil }) != nil
        else {
            throw UITestError("the drill never started; runner pane:\n\(try await capture(runnerWindow))")
        }
    }

    /// Starts the session with `warroom demo` in window "console"; its journal goes to the scratch directory.
    func startDemo(_ scenario: String, speed: Double) async throws {
        let cmd =
            envPrefix.replacingOccurrences(of: "exec env ", with: "exec env TMPDIR=\(shellQuote(dir.path + "/")) ")
            + [bin, "demo", "--scenario", drillE2EFixtures + "/" + scenario + ".toml", "--speed", "\(speed)"].map(shellQuote).joined(
                separator: " ")
        try await start(window: "console", width: 120, height: 40, command: cmd)
    }

    /// Opens the console on the journal in window "console" (or another), as a player unless `role` says otherwise.
    func startConsole(role: String? = nil, as name: String? = nil, window: String = "console") async throws {
        var args = [bin, "--journal", journal]
        if let role { args += ["--role", role] }
        if let name { args += ["--as", name] }
        let cmd = envPrefix + args.map(shellQuote).joined(separator: " ")
        let r = try await command(["new-window", "-d", "-t", session, "-n", window, cmd])
        guard r.status == 0 else { throw UITestError("tmux new-window failed: \(r.stderr)") }
    }

    /// Stops the runner if it still runs (SIGKILL: it cannot outlive the test), then the server.
    func shutdown() async {
        if let pid = try? await panePID(runnerWindow), pid > 0 { kill(pid, SIGKILL) }
        killServer()
    }
}

@Suite("Drills under tmux", .enabled(if: tmuxPath != nil && uiWarroomBinary != nil, "needs tmux and the warroom binary"))
struct DrillE2ETests {
    @Test("an inject shows in the console, and an internal notice typed there counts as met in the score")
    func injectShowsAndKeyPressScores() async throws {
        let t = try TmuxSession.drill()
        try await t.startDrill("drill-e2e")
        try await t.startConsole()
        // The inject (due 5 scenario seconds in, at ×20) appears in the console's timeline, with the drill header.
        let screen = try await t.waitFor("GATEWAY-ALARM")
        #expect(screen?.contains("DRILL") == true)
        #expect(screen?.contains("×20") == true)

        // The player publishes an internal notice: c, 1 (internal), Enter (no channel), text, Enter.
        try await t.keys("c")
        try await t.waitFor("Publish to")
        try await t.keys("1")
        try await t.waitFor("via which channel?")
        try await t.keys("Enter")
        try await t.waitFor("to internal:")
        try await t.literal("Leads notified of the gateway alarm")
        try await t.keys("Enter")
        let comms = try await t.waitForEvent("the player's comms.published") { $0.kind == .commsPublished }
        #expect(comms?.string("audience") == "internal")
        #expect(comms?.string("text") == "Leads notified of the gateway alarm")
        #expect(comms?.data["drill_inject"] == nil)

        // The facilitator ends the drill (Ctrl-C in the runner's window) well inside the deadline.
        _ = try await t.command(["send-keys", "-t", "\(t.session):runner", "C-c"])
        let ended = try await t.waitForEvent("drill.ended", timeout: .seconds(30)) { $0.kind == .drillEnded }
        #expect(ended?.string("reason")?.contains("stopped") == true)
        try await t.waitFor("the console showing the end") { $0.contains(" ended ") }

        let r = try await run(t.bin, ["drill", "score", "--json", "--journal", t.journal])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdoutBytes)) as? [String: Any])
        let exps = try #require(o["expectations"] as? [[String: Any]])
        let notify = try #require(exps.first { $0["id"] as? String == "notify" })
        #expect(notify["status"] as? String == "met", "\(r.text)")
        #expect((o["score"] as? NSNumber)?.doubleValue == 100)
        await t.shutdown()
    }

    @Test("P in the console pauses and resumes the drill; I releases the manual inject")
    func pauseAndManualInject() async throws {
        let t = try TmuxSession.drill()
        try await t.startDrill("drill-long")
        // Releasing injects lists the ones to come: the facilitator's console only.
        try await t.startConsole(role: "facilitator")
        try await t.waitFor("Opening alert from monitoring")

        // P pauses: the journal gets drill.paused, the header says PAUSED, the runner's status line too.
        try await t.keys("P")
        let paused = try await t.waitForEvent("drill.paused") { $0.kind == .drillPaused }
        #expect(paused?.incident == t.events().first?.string("incident"))
        try await t.waitFor("PAUSED")
        try await t.waitFor("PAUSED", in: t.runnerWindow)

        // P again resumes.
        try await t.keys("P")
        try await t.waitForEvent("drill.resumed") { $0.kind == .drillResumed }
        try await t.waitFor("the header without PAUSED") { !$0.contains("PAUSED") && $0.contains("DRILL") }

        // I offers the manual inject; 1 releases it.
        try await t.keys("I")
        try await t.waitFor("Release inject")
        try await t.waitFor("Regulator calls the hotline")
        try await t.keys("1")
        let marker = try await t.waitForEvent("the manual drill.inject") { $0.kind == .drillInject && $0.string("inject") == "regulator" }
        #expect(marker?.data["manual"]?.boolValue == true)
        let injected = try await t.waitForEvent("the inject's own event") { $0.string("drill_inject") == "regulator" }
        #expect(injected?.kind == .note)
        #expect(injected?.actor == "regulator")
        #expect(injected?.string("text") == "Regulator asks for the incident report")
        try await t.waitFor("Regulator asks for the incident")
        #expect(t.events().filter { $0.kind == .drillInject && $0.string("inject") == "regulator" }.count == 1)

        // Nothing left to release.
        try await t.keys("I")
        try await t.waitFor("no manual injects left to release")
        await t.shutdown()
    }

    @Test("an evaluator marks an observation from E; the drill's end opens the facilitator's hot wash, whose item becomes a follow-up")
    func evaluatorAndHotWash() async throws {
        let t = try TmuxSession.drill()
        try await t.startDrill("drill-e2e")
        try await t.startConsole(role: "evaluator", as: "eve")
        try await t.startConsole(role: "facilitator", as: "fac", window: "fac")
        let fac = "\(t.session):fac"
        try await t.waitFor("GATEWAY-ALARM")

        // The evaluator: E lists the expectations with the score; p marks the selected one partly, with a note.
        try await t.keys("E")
        try await t.waitFor("Expectations · score")
        try await t.waitFor("Internal notice within 30 minutes")
        try await t.keys("p")
        try await t.waitFor("notify partly met, note:")
        try await t.literal("only ops told")
        try await t.keys("Enter")
        let mark = try await t.waitForEvent("drill.observed") { $0.kind == .drillObserved }
        #expect(mark?.actor == "eve")
        #expect(mark?.string("rating") == "partly")
        #expect(mark?.string("note") == "only ops told")
        try await t.waitFor("evaluator eve: partly met: only ops told")

        // The facilitator stops the drill; their console asks for the hot wash at once.
        _ = try await t.command(["send-keys", "-t", "\(t.session):runner", "C-c"])
        try await t.waitForEvent("drill.ended", timeout: .seconds(30)) { $0.kind == .drillEnded }
        try await t.waitFor("hot wash · what went well", in: fac)
        try await t.literal("alarm seen at once", in: fac)
        try await t.keys("Enter", in: fac)
        try await t.waitFor("(1 noted)", in: fac)
        try await t.keys("Enter", in: fac)
        try await t.waitFor("what to change", in: fac)
        try await t.keys("Enter", in: fac)
        try await t.waitFor("improvement item", in: fac)
        try await t.literal("page the PR lead too", in: fac)
        try await t.keys("Enter", in: fac)
        try await t.waitFor("who owns it?", in: fac)
        try await t.literal("dave", in: fac)
        try await t.keys("Enter", in: fac)
        try await t.waitFor("due (dave):", in: fac)
        try await t.keys("Enter", in: fac)
        try await t.waitFor("(1 so far)", in: fac)
        try await t.keys("Enter", in: fac)
        let item = try await t.waitForEvent("the hot wash's follow-up") { $0.kind == .actionAdded }
        #expect(item?.string("owner") == "dave")
        #expect(item?.string("from") == "hot-wash")
        #expect(t.events().contains { $0.kind == .drillHotWash && $0.string("text") == "alarm seen at once" })
        try await t.waitFor("hot wash recorded", in: fac)

        let r = try await run(t.bin, ["drill", "score", "--format", "markdown", "--journal", t.journal])
        #expect(r.text.contains("## Hot wash"), "\(r.text)")
        #expect(r.text.contains("page the PR lead too (dave"))
        #expect(r.text.contains("evaluator eve: partly met: only ops told"))
        await t.shutdown()
    }

    @Test("warroom demo plays the scenario with its scripted responders under the console")
    func demo() async throws {
        let t = try TmuxSession.drill()
        try await t.startDemo("drill-demo", speed: 600)
        // Three scenario minutes in (0.3 s at ×600) the last responder has acted.
        try await t.waitFor("DEMO-DECISION")
        let journal = try #require(
            try await eventually {
                (try? FileManager.default.contentsOfDirectory(atPath: t.dir.path))?
                    .first { $0.hasPrefix("warroom-demo-drill-demo-") && $0.hasSuffix(".jsonl") }
                    .map { t.dir.file($0) }
            }, "no demo journal in \(t.dir.path)")
        try await t.keys("q")
        // What it prints after the console closes may have scrolled off the screen: look in the history too.
        let after = try await t.waitFor("the demo's closing lines", history: true) { $0.contains("The demo's journal:") }
        #expect(after?.contains("The demo's journal: \(journal)") == true)
        #expect(after?.contains("Score it: warroom drill score --journal \(journal)") == true)
        let events = fileLines(journal).compactMap { try? LineDecoder.decode($0).get() }
        let played = events.filter { ["alice", "bob", "carol"].contains($0.actor) }
        #expect(played.map(\.type) == ["role.assigned", "comms.published", "note"])
        #expect(events.filter { $0.kind == .drillEnded }.count == 1)
        #expect(events.first?.kind == .drillStarted)
        #expect(events.first?.data["speed"]?.numberValue == 600)
        let r = try await run(t.bin, ["drill", "score", "--json", "--journal", journal])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdoutBytes)) as? [String: Any])
        #expect((o["score"] as? NSNumber)?.doubleValue == 100, "\(r.text)")
        let check = try await run(t.bin, ["check", "--journal", journal])
        #expect(check.status == 0, "\(check.text)")
        t.killServer()
    }
}
