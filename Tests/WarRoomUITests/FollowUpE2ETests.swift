import Foundation
import Testing
import WarRoomCore

// Issue 18 end to end: a follow-up added with the console's `f` key in one console shows in
// a second console's `F` list (and its overdue line) and in `warroom actions`. Bounded waits,
// no sleeps.

private extension TmuxSession {
    func startConsole(as name: String, width: Int = 80, height: Int = 24) async throws {
        let cmd =
            "exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color WARROOM_DATA=\(shellQuote(packageRoot)) "
            + [bin, "--journal", journal, "--as", name].map(shellQuote).joined(separator: " ")
        try await start(name, width: width, height: height, command: cmd)
    }
}

@Suite(
    "Follow-ups in two consoles under tmux", .enabled(if: tmuxPath != nil && uiWarroomBinary != nil, "needs tmux and the warroom binary"))
struct FollowUpE2ETests {
    @Test("f in alice's console adds a follow-up for bob; bob's F lists it, his overdue line names it, warroom actions prints it")
    func addedInOneShownInTheOther() async throws {
        let t = try TmuxSession(label: "followups", defaultTarget: "alice", waitTimeout: .seconds(20))
        defer { t.killServer() }
        let declared = try await run(
            t.bin, ["declare", "--journal", t.journal, "--as", "alice", "--severity", "2", "--title", "Gateway down"])
        #expect(declared.status == 0, "\(declared.stderr)")
        let joined = try await run(t.bin, ["join", "bob", "--journal", t.journal, "--as", "alice"])
        #expect(joined.status == 0, "\(joined.stderr)")
        try await t.startConsole(as: "alice")
        try await t.startConsole(as: "bob", width: 120, height: 40)
        for c in ["alice", "bob"] { try await t.waitFor("Gateway down", in: c) }

        // alice: f, the text, bob from the roster (typed to narrow), a date already past so bob's line shows.
        try await t.keys("f", in: "alice")
        try await t.waitFor("follow-up on INC-", in: "alice")
        try await t.literal("Rotate the gateway keys", in: "alice")
        try await t.keys("Enter", in: "alice")
        try await t.waitFor("who owns it?", in: "alice")
        try await t.literal("bob", in: "alice")
        try await t.keys("Enter", in: "alice")
        try await t.waitFor("due (bob): 7d", in: "alice")
        try await t.keys("C-u", in: "alice")
        try await t.literal("2020-01-31", in: "alice")
        try await t.keys("Enter", in: "alice")
        let added = try await t.waitForEvent("the follow-up from alice's console", timeout: .seconds(20)) { $0.kind == .actionAdded }
        #expect(added?.string("action") == "A-1" && added?.string("owner") == "bob" && added?.string("from") == "timeline")
        #expect(added?.string("text") == "Rotate the gateway keys" && added?.actor == "alice")

        // bob's console: the overdue line, then the list with it first and marked.
        try await t.waitFor("bob's overdue line", in: "bob") { $0.contains("⚠ 1 follow-up of yours overdue: A-1 Rotate the gateway keys") }
        try await t.keys("F", in: "bob")
        let list = try await t.waitFor("bob's list", in: "bob") { $0.contains("Follow-ups (1 open, 1 yours)") }
        let row = list?.split(separator: "\n").first { $0.contains("A-1  INC-") }
        #expect(row?.contains("bob (you)") == true && row?.contains("OVERDUE") == true, "\(list ?? "")")
        #expect(list?.contains("Rotate the gateway keys") == true)

        // and `warroom actions`.
        let actions = try await run(t.bin, ["actions", "--journal", t.journal, "--owner", "bob", "--overdue"])
        #expect(
            actions.status == 0 && actions.stdout.contains("A-1  INC-") && actions.stdout.contains("Rotate the gateway keys"), "\(actions)")
        for c in ["alice", "bob"] { try await t.keys("Escape", in: c); try await t.keys("q", in: c) }
    }
}
