import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

// Issue 18: `stats` and `drill history` read a database journal as they read a file.

@Suite(
    "stats and drill history on a database journal", .enabled(if: PostgresCluster.available, Comment(rawValue: PostgresCluster.absent))
)
struct StatsDatabaseTests {
    @Test("the same figures from a database journal as from the file it was loaded from")
    func databaseJournal() async throws {
        let dir = TempDir()
        let file = dir.file("j.jsonl")
        let outage = try String(contentsOfFile: packageRoot + "/examples/payment-outage.jsonl", encoding: .utf8)
        let drill = promoDrill("DRL-1", start: "2026-03-02T08:00:00Z", scenarioPath: false).map { $0 + "\n" }.joined()
        try writeFile(file, outage + drill)
        let uri = try PostgresCluster.uri()
        let load = try await warroom(["import", file, "--journal", uri])
        #expect(load.status == 0, "\(load.stderr)")
        let args = ["--since", "2026-01-01", "--until", "2026-11-30", "--now", "2026-11-30T00:00:00Z", "--time-zone", "UTC", "--json"]
        let fromFile = try await warroom(["stats", file] + args)
        let fromDatabase = try await warroom(["stats", "--journal", uri] + args)
        #expect(fromFile.status == 0 && fromDatabase.status == 0, "\(fromFile.stderr)\(fromDatabase.stderr)")
        let a = try #require(try JSONParser.parse(Array(fromFile.stdout.utf8)).objectValue)
        let b = try #require(try JSONParser.parse(Array(fromDatabase.stdout.utf8)).objectValue)
        #expect(a["current"] == b["current"] && a["previous"] == b["previous"])
        #expect(b["current"]?.objectValue?["incidents"] == 1 && b["current"]?.objectValue?["drills"] == 1)
        let h = try await warroom(["drill", "history", "--journal", uri, "--json", "--now", "2026-11-30T00:00:00Z"])
        #expect(h.status == 0, "\(h.stderr)")
        let o = try #require(try JSONParser.parse(Array(h.stdout.utf8)).objectValue)
        guard case .array(let drills)? = o["drills"] else {
            Issue.record("no drills: \(h.stdout)")
            return
        }
        #expect(drills.count == 1 && drills.first?.objectValue?["score"] == 25)
    }
}
