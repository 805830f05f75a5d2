import Foundation
import Testing
import WarRoomTestSupport

/// The real console, under tmux, on a journal in PostgreSQL: what one console writes, the other
/// shows, woken through its connection's socket in the console's one poll.
@Suite("Consoles on a database journal", .enabled(if: PostgresCluster.available, Comment(rawValue: PostgresCluster.absent)))
struct DatabaseConsoleE2ETests {
    @Test func twoConsolesSeeEachOthersNotes() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        let journal = "t-" + UUID().uuidString.prefix(12).lowercased()
        let uri = try PostgresCluster.uri(journal: journal)
        // The second console reaches the same journal another way: TCP on 127.0.0.1, not the socket.
        let tcp = try PostgresCluster.tcpURI(journal: journal)
        let declared = try await run(t.bin, ["declare", "--journal", uri, "--severity", "2", "--title", "Shared room"])
        try #require(declared.status == 0, "\(declared.stderr)")
        func console(_ who: String, _ journal: String) -> String {
            "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color WARROOM_DATA=\(shellQuote(packageRoot)) \(shellQuote(t.bin)) --journal \(shellQuote(journal)) --as \(who)"
        }
        // The second console over a connection of its own, by TCP, named apart in pg_stat_activity.
        try await t.start("a", width: 120, height: 40, command: console("alice", uri))
        try await t.start("b", width: 120, height: 40, command: console("bob", tcp + "&application_name=second-console"))
        try await t.waitFor("Shared room", in: "a")
        try await t.waitFor("Shared room", in: "b")
        // Each sees the other arrive (the presence lines go through the same journal).
        try await t.waitFor("bob joined", in: "a")

        try await t.keys("n", in: "a")
        try await t.waitFor("observation:", in: "a")
        try await t.literal("from alice over the database", in: "a")
        try await t.keys("Enter", in: "a")
        try await t.waitFor("from alice over the database", in: "b")

        try await t.keys("n", in: "b")
        try await t.waitFor("observation:", in: "b")
        try await t.literal("bob answers", in: "b")
        try await t.keys("Enter", in: "b")
        try await t.waitFor("bob answers", in: "a")
    }
}
