import Foundation
import Testing
import WarRoomCore

// Resizing the real console under tmux (WarRoomTestSupport/TmuxSession.swift): every resize must end
// in a correct full frame. Once 4 of 16 resizes left a stale frame, and a shrink to
// 60×18 stayed garbled until Ctrl-L: the console diffed against a screen the
// terminal had already reflowed, and a SIGWINCH that interrupted poll waited for
// the next key or clock second.

private extension TmuxSession {
    func resize(_ width: Int, _ height: Int) async throws {
        let r = try await command(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
        guard r.status == 0 else { throw UITestError("tmux resize-window failed: \(r.stderr)") }
    }

    /// What `warroom render` draws at this size now, with the header (its clocks
    /// change width as they tick) left out and digits masked.
    func rendered(_ width: Int, _ height: Int) async throws -> [String] {
        let r = try await run(bin, ["render", "--journal", journal, "--size", "\(width)x\(height)"], environment: environment)
        return Self.comparable(r.text)
    }

    static func comparable(_ screen: String) -> [String] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.map { $0.isNumber ? "#" : $0 }).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return Array(lines.dropFirst().reversed().drop(while: \.isEmpty).reversed())
    }
}

@Suite("Resizing under tmux", .enabled(if: tmuxPath != nil && uiWarroomBinary != nil, "needs tmux and the warroom binary"))
struct ResizeE2ETests {
    @Test(
        "after a burst of resizes the screen is the frame for the final size",
        arguments: [(60, 18), (80, 24), (120, 40)])
    func burstEndsInFullFrame(width: Int, height: Int) async throws {
        let t = try TmuxSession(label: "resize", settings: [])
        defer { t.killServer() }
        try await t.declare()
        let r = try await run(t.bin, ["note", "--journal", t.journal, "wide text 你好世界 and more"])
        #expect(r.status == 0, "\(r.stderr)")
        try await t.start(width: 120, height: 40, command: t.consoleCommand)
        try await t.waitFor("Gateway timeouts")
        let sizes = [(80, 24), (200, 50), (60, 18), (100, 30), (70, 20), (132, 43), (61, 19), (90, 28)]
        for (w, h) in sizes + sizes.reversed() { try await t.resize(w, h) }
        try await t.resize(width, height)
        var last: [String] = []
        let same = try await eventually(timeout: .seconds(10)) { () async throws -> Bool? in
            let screen = try await t.capture()
            let expected = try await t.rendered(width, height)
            last = TmuxSession.comparable(screen)
            return last == expected ? true : nil
        }
        #expect(same == true, "the console after resizing to \(width)x\(height):\n\(last.joined(separator: "\n"))")
    }
}
