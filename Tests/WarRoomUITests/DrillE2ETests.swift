import Foundation
import Testing
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

// Drills end to end under tmux: `warroom drill run` in one window and the
// console in another, on a private tmux server. Reuses UITestSupport.swift's
// uiPackageRoot, tmuxPath, ScratchDir, childEnvironment, run, shellQuote,
// fileLines and eventually; everything else here is private to this file.

/// The `warroom` binary: `$WARROOM_BIN`, else the one built beside this test
/// bundle (whatever the scratch path), else `.build-drill/debug/warroom`.
private let drillE2EBinary: String? = {
    let env = ProcessInfo.processInfo.environment
    if let b = env["WARROOM_BIN"], !b.isEmpty { return b }
    var candidates: [String] = []
    if let arg0 = CommandLine.arguments.first, !arg0.isEmpty {
        candidates.append(URL(fileURLWithPath: arg0).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("warroom").path)
    }
    let bundle = Bundle.main.bundleURL.resolvingSymlinksInPath()
    candidates.append(bundle.appendingPathComponent("warroom").path)
    candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("warroom").path)
    candidates.append(uiPackageRoot + "/.build-drill/debug/warroom")
    return candidates.first { c in
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: c, isDirectory: &isDir) && !isDir.boolValue
            && FileManager.default.isExecutableFile(atPath: c)
    }
}()

private let drillE2EFixtures = uiPackageRoot + "/Tests/WarRoomCoreTests/Fixtures/scenarios"

/// A private tmux server with a session whose window "runner" runs the drill and "console" the console.
private final class DrillTmux: @unchecked Sendable {
    let socket = "wr-\(UUID().uuidString.lowercased())"
    let session = "wr"
    let dir = ScratchDir("drill")
    let tmux: String
    let bin: String
    var journal: String { dir.file("drill.jsonl") }
    private var conf: String { dir.file("tmux.conf") }

    init() throws {
        guard let t = tmuxPath else { throw UITestError("tmux is not installed") }
        guard let b = drillE2EBinary else { throw UITestError("warroom binary not found; build with --scratch-path .build-drill or set WARROOM_BIN") }
        tmux = t
        bin = b
        _ = FileManager.default.createFile(atPath: conf, contents: Data("set -g status off\nset -g escape-time 0\nset -g remain-on-exit on\n".utf8))
    }

    var environment: [String: String] {
        var env = childEnvironment()
        env["TMUX"] = nil
        env["TMUX_PANE"] = nil
        return env
    }

    @discardableResult
    func command(_ args: [String]) async throws -> RunResult {
        try await run(tmux, ["-u", "-L", socket, "-f", conf] + args, environment: environment)
    }

    private var envPrefix: String {
        "exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color WARROOM_DATA=\(shellQuote(uiPackageRoot)) "
    }

    /// Starts the session with the runner in window "runner", then waits for drill.started.
    func startDrill(_ scenario: String, extra: [String] = []) async throws {
        let cmd = envPrefix + ([bin, "drill", "run", drillE2EFixtures + "/" + scenario + ".toml", "--journal", journal] + extra)
            .map(shellQuote).joined(separator: " ")
        let r = try await command(["new-session", "-d", "-s", session, "-n", "runner", "-x", "120", "-y", "40", cmd])
        guard r.status == 0 else { throw UITestError("tmux new-session failed: \(r.stderr)") }
        guard try await eventually(timeout: .seconds(10), { self.events().contains { $0.kind == .drillStarted } ? true : nil }) != nil else {
            throw UITestError("the drill never started; runner pane:\n\(try await capture("runner"))")
        }
    }

    /// Starts the session with `warroom demo` in window "console"; its journal goes to the scratch directory.
    func startDemo(_ scenario: String, speed: Double) async throws {
        let cmd = envPrefix.replacingOccurrences(of: "exec env ", with: "exec env TMPDIR=\(shellQuote(dir.path + "/")) ")
            + [bin, "demo", "--scenario", drillE2EFixtures + "/" + scenario + ".toml", "--speed", "\(speed)"].map(shellQuote).joined(separator: " ")
        let r = try await command(["new-session", "-d", "-s", session, "-n", "console", "-x", "120", "-y", "40", cmd])
        guard r.status == 0 else { throw UITestError("tmux new-session failed: \(r.stderr)") }
    }

    /// Opens the console on the journal in window "console".
    func startConsole() async throws {
        let cmd = envPrefix + [bin, "--journal", journal].map(shellQuote).joined(separator: " ")
        let r = try await command(["new-window", "-d", "-t", session, "-n", "console", cmd])
        guard r.status == 0 else { throw UITestError("tmux new-window failed: \(r.stderr)") }
    }

    /// The pane's screen; with `history`, the lines scrolled off it too.
    func capture(_ window: String = "console", history: Bool = false) async throws -> String {
        try await command(["capture-pane", "-p", "-t", "\(session):\(window)"] + (history ? ["-S", "-"] : [])).text
    }

    func keys(_ keys: String...) async throws {
        try await command(["send-keys", "-t", "\(session):console"] + keys)
    }

    func literal(_ text: String) async throws {
        try await command(["send-keys", "-t", "\(session):console", "-l", text])
    }

    /// The pid of the process in a window (the command was exec'd, so it is warroom itself).
    func panePID(_ window: String) async throws -> pid_t? {
        let r = try await command(["display-message", "-p", "-t", "\(session):\(window)", "#{pane_pid}"])
        return pid_t(r.text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @discardableResult
    func waitFor(
        _ what: String, window: String = "console", history: Bool = false, timeout: Duration = .seconds(10),
        sourceLocation: SourceLocation = #_sourceLocation, _ ok: @escaping (String) -> Bool
    ) async throws -> String? {
        var last = ""
        let found = try await eventually(timeout: timeout) { () async throws -> String? in
            last = try await capture(window, history: history)
            return ok(last) ? last : nil
        }
        if found == nil { Issue.record("timed out waiting for \(what); the \(window) pane shows:\n\(last)", sourceLocation: sourceLocation) }
        return found
    }

    @discardableResult
    func waitFor(_ text: String, window: String = "console", sourceLocation: SourceLocation = #_sourceLocation) async throws -> String? {
        try await waitFor("\"\(text)\"", window: window, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    func events() -> [Event] {
        fileLines(journal).compactMap { try? LineDecoder.decode($0).get() }
    }

    @discardableResult
    func waitForEvent(
        _ what: String, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
        _ ok: @escaping (Event) -> Bool
    ) async throws -> Event? {
        let e = try await eventually(timeout: timeout) { self.events().first(where: ok) }
        if e == nil {
            Issue.record("timed out waiting for \(what) in the journal:\n\(fileLines(journal).joined(separator: "\n"))", sourceLocation: sourceLocation)
        }
        return e
    }

    /// Stops the runner if it still runs (SIGKILL: it cannot outlive the test), then the server.
    func shutdown() async {
        if let pid = try? await panePID("runner"), pid > 0 { kill(pid, SIGKILL) }
        killServer()
    }

    func killServer() {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tmux)
        p.arguments = ["-L", socket, "kill-server"]
        p.environment = environment
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        if (try? p.run()) != nil { p.waitUntilExit() }
    }

    deinit { killServer() }
}

@Suite("Drills under tmux", .enabled(if: tmuxPath != nil && drillE2EBinary != nil, "needs tmux and the warroom binary"))
struct DrillE2ETests {
    @Test("an inject shows in the console, and an internal notice typed there counts as met in the score")
    func injectShowsAndKeyPressScores() async throws {
        let t = try DrillTmux()
        try await t.startDrill("drill-e2e")
        try await t.startConsole()
        // The inject (due 5 scenario seconds in, at ×20) appears in the console's timeline, with the drill header.
        let screen = try await t.waitFor("GATEWAY-ALARM")
        #expect(screen?.contains("DRILL") == true)
        #expect(screen?.contains("×20") == true)

        // The player publishes an internal notice: c, 1 (internal), text, Enter.
        try await t.keys("c")
        try await t.waitFor("Publish to")
        try await t.keys("1")
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
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any])
        let exps = try #require(o["expectations"] as? [[String: Any]])
        let notify = try #require(exps.first { $0["id"] as? String == "notify" })
        #expect(notify["status"] as? String == "met", "\(r.text)")
        #expect((o["score"] as? NSNumber)?.doubleValue == 100)
        await t.shutdown()
    }

    @Test("P in the console pauses and resumes the drill; I releases the manual inject")
    func pauseAndManualInject() async throws {
        let t = try DrillTmux()
        try await t.startDrill("drill-long")
        try await t.startConsole()
        try await t.waitFor("Opening alert from monitoring")

        // P pauses: the journal gets drill.paused, the header says PAUSED, the runner's status line too.
        try await t.keys("P")
        let paused = try await t.waitForEvent("drill.paused") { $0.kind == .drillPaused }
        #expect(paused?.incident == t.events().first?.string("incident"))
        try await t.waitFor("PAUSED")
        try await t.waitFor("PAUSED", window: "runner")

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

    @Test("warroom demo plays the scenario with its scripted responders under the console")
    func demo() async throws {
        let t = try DrillTmux()
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
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any])
        #expect((o["score"] as? NSNumber)?.doubleValue == 100, "\(r.text)")
        let check = try await run(t.bin, ["check", "--journal", journal])
        #expect(check.status == 0, "\(check.text)")
        t.killServer()
    }
}
