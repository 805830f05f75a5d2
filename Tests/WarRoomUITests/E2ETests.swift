import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// A private tmux server (its own socket) with one session, for driving the real console.
final class TmuxSession: @unchecked Sendable {
    let socket = "wr-\(UUID().uuidString.lowercased())"
    let session = "wr"
    let dir = ScratchDir("tmux")
    let tmux: String
    let bin: String
    var journal: String { dir.file("j.jsonl") }
    private var conf: String { dir.file("tmux.conf") }

    init() throws {
        guard let t = tmuxPath else { throw UITestError("tmux is not installed") }
        tmux = t
        bin = try requireBinary()
        let settings = [
            "set -g status off",
            // Anything that could let journal text change the terminal's state is switched on,
            // so the hostile test would notice if it got through.
            "set -g allow-rename on",
            "set -g set-clipboard on",
            "set -g escape-time 0",
        ]
        _ = FileManager.default.createFile(atPath: conf, contents: Data((settings.joined(separator: "\n") + "\n").utf8))
    }

    /// The environment tmux (and so the pane) runs in.
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

    /// The console command line: `warroom --journal J` in a UTF-8 xterm.
    var consoleCommand: String { consoleCommand(locale: "C.UTF-8") }

    func consoleCommand(locale: String) -> String {
        "env LANG=\(locale) LC_ALL=\(locale) TERM=xterm-256color WARROOM_DATA=\(shellQuote(uiPackageRoot)) \(shellQuote(bin)) --journal \(shellQuote(journal))"
    }

    func start(width: Int, height: Int, command: String) async throws {
        let r = try await self.command(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command])
        guard r.status == 0 else { throw UITestError("tmux new-session failed: \(r.stderr)") }
    }

    func capture() async throws -> String {
        try await command(["capture-pane", "-p", "-t", session]).text
    }

    func keys(_ keys: String...) async throws {
        try await command(["send-keys", "-t", session] + keys)
    }

    func literal(_ text: String) async throws {
        try await command(["send-keys", "-t", session, "-l", text])
    }

    func display(_ format: String) async throws -> String {
        try await command(["display-message", "-p", "-t", session, format]).text
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the pane until `ok` holds; records an issue with the last capture if it never does.
    @discardableResult
    func waitFor(
        _ what: String, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
        _ ok: @escaping (String) -> Bool
    ) async throws -> String? {
        var last = ""
        let found = try await eventually(timeout: timeout) { () async throws -> String? in
            last = try await capture()
            return ok(last) ? last : nil
        }
        if found == nil {
            Issue.record("timed out waiting for \(what); the pane shows:\n\(last)", sourceLocation: sourceLocation)
        }
        return found
    }

    @discardableResult
    func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String? {
        try await waitFor("\"\(text)\"", sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Stops the server (and with it the console in the pane); safe to call twice.
    func killServer() {
        runBlocking(tmux, ["-L", socket, "kill-server"], environment: environment)
        // Wait for the server to be gone (at most 2 s), then remove the socket file it leaves behind.
        for _ in 0..<100 where runBlocking(tmux, ["-L", socket, "has-session"], environment: environment) == 0 {
            usleep(20_000)
        }
        let base = environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(base)/tmux-\(getuid())/\(socket)")
    }

    deinit { killServer() }

    /// Seeds the journal with an L2 declaration made by the CLI.
    func declare(title: String = "Gateway timeouts") async throws {
        let r = try await run(bin, ["declare", "--journal", journal, "--severity", "2", "--title", title])
        guard r.status == 0 else { throw UITestError("declare failed: \(r.stderr)") }
    }

    /// The journal's events, decoded.
    func events() -> [Event] {
        fileLines(journal).compactMap { try? LineDecoder.decode($0).get() }
    }

    /// Waits until the journal holds an event matching `ok`.
    func waitForEvent(
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ ok: @escaping (Event) -> Bool
    ) async throws -> Event? {
        let e = try await eventually { events().first(where: ok) }
        if e == nil {
            Issue.record("timed out waiting for \(what) in the journal:\n\(fileLines(journal).joined(separator: "\n"))", sourceLocation: sourceLocation)
        }
        return e
    }
}

let allPaneTitles = ["Timeline", "Roster", "Checklist", "KPIs"]

@Suite("Console under tmux", .enabled(if: tmuxPath != nil && uiWarroomBinary != nil, "needs tmux and the warroom binary"))
struct E2ETests {
    @Test("a line appended by another process shows up")
    func followsAppends() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare()
        try await t.start(width: 120, height: 40, command: t.consoleCommand)
        try await t.waitFor("Gateway timeouts")
        let r = try await run(t.bin, ["note", "--journal", t.journal, "from outside"])
        #expect(r.status == 0, "\(r.stderr)")
        let screen = try await t.waitFor("from outside")
        #expect(screen?.contains("2 events") == true)
    }

    @Test("a note typed with keys, Chinese included, lands in the journal")
    func typedNote() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare()
        try await t.start(width: 120, height: 40, command: t.consoleCommand)
        try await t.waitFor("Timeline")
        try await t.keys("n", "1")
        try await t.waitFor("observation:")
        try await t.literal("回滚 rollback")
        try await t.waitFor("observation: 回滚 rollback")
        try await t.keys("Enter")
        let e = try await t.waitForEvent("the typed note") { $0.kind == .note }
        #expect(e?.string("text") == "回滚 rollback")
        #expect(e?.data["kind"] == nil)
        #expect(e?.incident == t.events().first?.incident)
        // The console shows it, and the prompt is gone.
        let screen = try await t.waitFor("the note in the timeline") { $0.contains("回滚 rollback") && !$0.contains("observation:") }
        #expect(screen != nil)
    }

    @Test("space on the Checklist pane ticks an item")
    func tickChecklist() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare()
        try await t.start(width: 120, height: 40, command: t.consoleCommand)
        try await t.waitFor("Timeline")
        try await t.keys("Tab", "Tab")
        try await t.waitFor("▶ Checklist")
        try await t.keys("Space")
        let e = try await t.waitForEvent("checklist.done") { $0.kind == .checklistDone }
        #expect(e?.string("item") == "grade-crisis")
        try await t.waitFor("[x] Grade the crisis")
    }

    @Test("resizing re-lays out; below 60x18 says the terminal is too small")
    func resize() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare()
        try await t.start(width: 120, height: 40, command: t.consoleCommand)
        try await t.waitFor("wide layout") { s in allPaneTitles.allSatisfy(s.contains) && s.split(separator: "\n").count >= 40 }
        try await t.command(["resize-window", "-t", t.session, "-x", "80", "-y", "24"])
        let small = try await t.waitFor("an 80x24 frame") { s in
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // The timeline spans the whole width in the compact layout.
            return allPaneTitles.allSatisfy(s.contains) && lines.count >= 24 && lines.count <= 25
                && lines.contains { $0.hasPrefix("┏") && $0.hasSuffix("┓") && DisplayWidth.of($0) == 80 }
        }
        if let small {
            for line in small.split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= 80) }
        }
        try await t.command(["resize-window", "-t", t.session, "-x", "59", "-y", "17"])
        try await t.waitFor("terminal too small (need 60×18)")
        try await t.command(["resize-window", "-t", t.session, "-x", "100", "-y", "30"])
        try await t.waitFor("the frame again") { s in allPaneTitles.allSatisfy(s.contains) && !s.contains("too small") }
    }

    @Test("q leaves the terminal clean and exits 0")
    func quitCleanly() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare()
        try await t.start(width: 100, height: 30, command: "env PS1='$ ' bash --norc --noprofile")
        try await t.literal("echo before-console")
        try await t.keys("Enter")
        try await t.waitFor("before-console\n")
        try await t.literal(t.consoleCommand)
        try await t.keys("Enter")
        try await t.waitFor("the console") { s in allPaneTitles.allSatisfy(s.contains) }
        try await t.keys("q")
        try await t.waitFor("the shell back") { !$0.contains("Timeline") }
        try await t.literal("echo exit=$?")
        try await t.keys("Enter")
        let screen = try await t.waitFor("exit=0\n")
        if let screen {
            #expect(screen.contains("before-console"), "the shell's screen is restored")
            for remnant in ["Timeline", "Checklist", "KPIs", "┃", "━", "●", "n note"] {
                #expect(!screen.contains(remnant), "frame remnant \(remnant) after quitting:\n\(screen)")
            }
        }
        // The terminal is back in cooked mode with echo: typed text shows up as typed.
        try await t.literal("echo cooked-ok")
        try await t.keys("Enter")
        try await t.waitFor("cooked-ok\ncooked-ok")
    }

    @Test("without a UTF-8 locale the console draws ASCII and says why")
    func asciiLocale() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare(title: "Gateway timeouts")
        try await t.start(width: 100, height: 30, command: t.consoleCommand(locale: "C"))
        let screen = try await t.waitFor("the ASCII frame") { $0.contains("#=>> Timeline") && $0.contains("Gateway timeouts") }
        if let screen {
            #expect(screen.contains("no UTF-8 locale: drawing in ASCII"))
            #expect(screen.unicodeScalars.allSatisfy { $0.value < 0x80 }, "non-ASCII on an ASCII terminal:\n\(screen)")
        }
    }

    @Test("a journal full of escape sequences renders inert under tmux")
    func hostileUnderTmux() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        _ = FileManager.default.createFile(atPath: t.journal, contents: Data(HostileJournal.bytes()))
        try await t.start(width: 120, height: 40, command: t.consoleCommand)
        let screen = try await t.waitFor("the hostile frame") { s in s.contains("␛") && s.contains("1 bad line skipped") }
        let titleBefore = try await t.display("#{pane_title}")
        if let screen {
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            // Nothing cleared the screen or moved the cursor: the frame is whole.
            #expect(lines.first?.hasPrefix(" INC-1 ") == true)
            #expect(allPaneTitles.allSatisfy(screen.contains))
            #expect(screen.contains("␛]0;\(HostileJournal.injectedTitle)␇"))
            #expect(screen.contains("⟨U+202E⟩"))
        }
        // Scroll through every event so each payload is drawn at least once.
        try await t.command(["send-keys", "-t", t.session] + Array(repeating: "Up", count: 25))
        try await t.keys("Enter")
        try await t.waitFor("the detail view") { $0.contains("any key closes") }
        try await t.keys("x", "Tab", "Tab", "Tab")
        try await t.waitFor("▶ KPIs")
        let title = try await t.display("#{pane_title}")
        let window = try await t.display("#{window_name}")
        #expect(!title.contains(HostileJournal.injectedTitle), "pane title changed to \(title)")
        #expect(title == titleBefore)
        #expect(!window.contains(HostileJournal.injectedTitle), "window renamed to \(window)")
        let buffers = try await t.command(["list-buffers"]).text
        #expect(buffers.isEmpty, "OSC 52 reached the clipboard: \(buffers)")
    }
}
