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
