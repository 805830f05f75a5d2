import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// The roster line of a member on a captured screen: its presence symbol, name, word and time.
func rosterLine(_ screen: String, _ member: String) -> String? {
    screen.split(separator: "\n").map(String.init).first { line in
        ["●", "◉", "◐", "○"].contains { line.contains("\($0) \(member) ") }
    }
}

func journalState(_ path: String) -> JournalState {
    JournalReader.read(FileManager.default.contents(atPath: path).map { Array($0) } ?? []).state
}

/// Issue 12, finding 5: the commander was never on the roster, and opening a console said nothing
/// about who was there. Two consoles as two people on one journal, under tmux.
@Suite("Presence under tmux", .enabled(if: tmuxPath != nil && uiWarroomBinary != nil, "needs tmux and the warroom binary"))
struct PresenceE2ETests {
    @Test("opening a console registers its person as engaged on every screen; quitting sets offline unless another of theirs is open")
    func twoConsoles() async throws {
        let t = try TmuxSession(label: "presence", settings: ["set -g remain-on-exit on"])
        defer { t.killServer() }
        let r = try await run(
            t.bin, ["declare", "--journal", t.journal, "--as", "alice", "--severity", "2", "--title", "Gateway timeouts"])
        #expect(r.status == 0, "\(r.stderr)")
        func console(_ who: String) -> String { t.consoleCommand + " --as \(who)" }
        func shows(_ member: String, _ symbol: String, _ word: String) -> (String) -> Bool {
            { screen in rosterLine(screen, member).map { $0.contains("\(symbol) \(member) ") && $0.contains(word) } == true }
        }

        // alice, who declared, opens a console: she is on the roster, engaged.
        try await t.start("a", width: 120, height: 40, command: console("alice"))
        try await t.waitFor("alice engaged on alice's screen", in: "a", shows("alice", "●", "engaged"))
        // bob opens one: he joins the incident's roster, engaged, and both screens show it.
        try await t.start("b", width: 120, height: 40, command: console("bob"))
        for s in ["a", "b"] {
            try await t.waitFor("bob engaged on \(s)'s screen", in: s, shows("bob", "●", "engaged"))
            try await t.waitFor("alice engaged on \(s)'s screen", in: s, shows("alice", "●", "engaged"))
        }
        var state = journalState(t.journal)
        #expect(state.defaultIncident?.roster.map(\.id) == ["alice", "bob"])
        #expect(Set(state.openConsoles.map(\.member)) == ["alice", "bob"])

        // bob quits: offline on alice's screen.
        try await t.keys("q", in: "b")
        #expect(try await t.waitDead("b", timeout: .seconds(10))?.status == 0)
        try await t.waitFor("bob offline on alice's screen", in: "a", shows("bob", "○", "offline"))
        state = journalState(t.journal)
        #expect(state.presence(of: "bob") == .offline)
        #expect(state.consoles(of: "bob").isEmpty)

        // A second console of alice's closes: she is still engaged, her first console still open.
        try await t.start("a2", width: 120, height: 40, command: console("alice"))
        try await t.waitFor("alice's second console", in: "a2", shows("alice", "●", "engaged"))
        try await t.keys("q", in: "a2")
        #expect(try await t.waitDead("a2", timeout: .seconds(10))?.status == 0)
        state = journalState(t.journal)
        #expect(state.presence(of: "alice") == .engaged)
        #expect(state.consoles(of: "alice").count == 1)
        let screen = try await t.capture("a")
        #expect(shows("alice", "●", "engaged")(screen), "\(screen)")

        // m sets one's own presence from the console.
        try await t.keys("m", in: "a")
        try await t.waitFor("the presence picker", in: "a") { $0.contains("alice: presence (now engaged)") }
        try await t.keys("3", in: "a")
        try await t.waitFor("alice away", in: "a", shows("alice", "◐", "away"))

        // Her last console quits: offline.
        try await t.keys("q", in: "a")
        #expect(try await t.waitDead("a", timeout: .seconds(10))?.status == 0)
        state = journalState(t.journal)
        #expect(state.presence(of: "alice") == .offline)
        #expect(state.openConsoles.isEmpty)
        #expect(state.badLines.isEmpty)
    }
}
