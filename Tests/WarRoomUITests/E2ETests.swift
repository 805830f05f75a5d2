import Foundation
import Testing
import WarRoomCore
import WarRoomUI

// TmuxSession (WarRoomTestSupport/TmuxSession.swift) drives the real console; its defaults
// (journal j.jsonl, the hostile-text settings on, target "wr") are this file's.

extension TmuxSession {
    /// Seeds the journal with an L2 declaration made by the CLI.
    func declare(title: String = "Gateway timeouts") async throws {
        let r = try await run(bin, ["declare", "--journal", journal, "--severity", "2", "--title", title])
        guard r.status == 0 else { throw UITestError("declare failed: \(r.stderr)") }
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
        // The declaration, the console's own presence line, the note.
        #expect(screen?.contains("3 events") == true)
        #expect(fileLines(t.journal).count == 3)
    }

    @Test("n then the text at once, Chinese included, lands in the journal as an observation")
    func typedNote() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare()
        try await t.start(width: 120, height: 40, command: t.consoleCommand)
        try await t.waitFor("Timeline")
        // No kind picker in between: the text typed after n is the note's text.
        try await t.keys("n")
        try await t.waitFor("the note prompt") { $0.contains("observation:") && $0.contains("Tab changes kind") }
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

    @Test("Tab in the note prompt changes the kind, keeping the text; the note lands with that kind")
    func noteKindByTab() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare()
        try await t.start(width: 120, height: 40, command: t.consoleCommand)
        try await t.waitFor("Timeline")
        try await t.keys("n")
        try await t.waitFor("observation:")
        try await t.literal("roll back to v41")
        try await t.keys("Tab")
        try await t.waitFor("decision: roll back to v41")
        try await t.keys("Enter")
        let e = try await t.waitForEvent("the decision note") { $0.kind == .note }
        #expect(e?.string("text") == "roll back to v41")
        #expect(e?.string("kind") == "decision")
    }

    @Test("p, a phase, then a typed note: the letters go into the note, the console keeps running")
    func phaseWithNote() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare()
        try await t.start(width: 120, height: 40, command: t.consoleCommand)
        try await t.waitFor("Timeline")
        try await t.keys("p", "2")
        try await t.waitFor("declared → verified, note:")
        // Letters that are console keys (P, I, q) must land in the note.
        try await t.literal("PIq cause is pay-gw-2")
        try await t.waitFor("declared → verified, note: PIq cause is pay-gw-2")
        try await t.keys("Enter")
        let e = try await t.waitForEvent("the phase change") { $0.kind == .incidentPhase }
        #expect(e?.string("phase") == "verified")
        #expect(e?.string("note") == "PIq cause is pay-gw-2")
        let screen = try await t.waitFor("the new phase in the header") { $0.split(separator: "\n").first?.contains("verified") == true }
        #expect(screen?.contains("P and I steer a drill") == false)
        #expect(t.eventsWithoutConsolePresence().count == 2)
    }

    @Test("closing with open checklist items asks first, saying how many")
    func closeAsks() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare()
        try await t.start(width: 120, height: 40, command: t.consoleCommand)
        try await t.waitFor("Timeline")
        try await t.keys("p", "5")
        try await t.waitFor("checklist items still open?")
        try await t.keys("Enter")
        try await t.waitFor("stays declared")
        #expect(t.eventsWithoutConsolePresence().count == 1)
        try await t.keys("p", "5", "2")
        try await t.waitFor("declared → closed, note:")
        try await t.keys("Enter")
        let e = try await t.waitForEvent("the close") { $0.kind == .incidentPhase }
        #expect(e?.string("phase") == "closed")
        // The closed incident stays on screen.
        let screen = try await t.waitFor("the closed incident") { $0.contains("is closed; it stays shown") }
        #expect(screen?.contains("Gateway timeouts") == true)
        #expect(screen?.contains("no active incident") == false)
    }

    @Test("/ filters the timeline as each key is typed; Esc clears")
    func filterAsYouType() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare()
        for text in ["rollback started", "cache warmed", "rollback done"] {
            let r = try await run(t.bin, ["note", "--journal", t.journal, text])
            #expect(r.status == 0, "\(r.stderr)")
        }
        try await t.start(width: 120, height: 40, command: t.consoleCommand)
        try await t.waitFor("cache warmed")
        try await t.keys("/")
        try await t.waitFor("filter:")
        // No Enter: the timeline narrows while typing.
        try await t.literal("roll")
        let narrowed = try await t.waitFor("the filtered timeline") { $0.contains("[filter: roll]") && !$0.contains("cache warmed") }
        #expect(narrowed?.contains("rollback done") == true)
        try await t.keys("Escape")
        let cleared = try await t.waitFor("the whole timeline again") { $0.contains("cache warmed") && !$0.contains("[filter:") }
        #expect(cleared?.contains("filter cleared") == true)
        // / starts empty, not from the last filter.
        try await t.keys("/")
        try await t.literal("cache")
        try await t.keys("Enter")
        let kept = try await t.waitFor("the kept filter") { $0.contains("[filter: cache]") }
        #expect(kept?.contains("rollback done") == false)
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
