import Foundation
import Testing
import WarRoomTestSupport

/// Issue 17's failover as a responder sees it: the real console, under tmux, on a URI naming a
/// primary and its synchronous standby (`target_session_attrs=read-write`). The primary is killed
/// and the standby promoted; the same console, never restarted, shows what a writer appends on
/// the new primary and appends there itself. A suite of its own: it starts its own servers.
@Suite(
    "A console across a database failover",
    .serialized, .enabled(if: PostgresCluster.available, Comment(rawValue: PostgresCluster.absent)))
struct DatabaseConsoleFailoverE2ETests {
    @Test func theConsoleCarriesOnOnThePromotedStandby() async throws {
        let pair = try PostgresPair()
        defer { pair.stop() }
        let uri = pair.uri()
        let t = try TmuxSession(waitTimeout: .seconds(20))
        defer { t.killServer() }
        for args in [["db", "init"], ["declare", "--severity", "2", "--title", "Failover room"], ["note", "before the failover"]] {
            let r = try await run(t.bin, args + ["--journal", uri])
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        try await t.start(
            "a", width: 160, height: 40,
            command:
                "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color WARROOM_DATA=\(shellQuote(packageRoot)) \(shellQuote(t.bin)) --journal \(shellQuote(uri)) --as alice"
        )
        try await t.waitFor("before the failover", in: "a")

        try pair.killPrimary()
        try pair.promoteStandby()

        // Another writer on the new primary, through the same URI: the console shows it.
        let after = try await run(t.bin, ["note", "--journal", uri, "--as", "bob", "written on the new primary"])
        try #require(after.status == 0, "\(after.stderr)")
        try await t.waitFor("written on the new primary", in: "a")

        // And the console appends there itself.
        try await t.keys("n", in: "a")
        try await t.waitFor("observation:", in: "a")
        try await t.literal("typed after the failover", in: "a")
        try await t.keys("Enter", in: "a")
        // The prompt closed (a failed append keeps the text in it) and the timeline shows the note.
        try await t.waitFor("the note on the timeline", in: "a") {
            !$0.contains("observation:") && $0.contains("typed after the failover")
        }
        let exported = try await run(t.bin, ["export", "--journal", uri])
        #expect(exported.status == 0, "\(exported.stderr)")
        let texts = exported.stdout.split(separator: "\n").filter { $0.contains("\"type\":\"note\"") }
        #expect(texts.filter { $0.contains("typed after the failover") }.count == 1, "\(exported.stdout)")
        #expect(texts.filter { $0.contains("before the failover") }.count == 1)
        let checked = try await run(t.bin, ["check", "--journal", uri])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }
}
