import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// Issue 17's "the CLI, drill run, report and time travel work on it", and the URI's password
/// kept out of every message and document (it was printed by check, status, note and report).
@Suite("Commands on a database journal", .enabled(if: PostgresCluster.available, Comment(rawValue: PostgresCluster.absent)))
struct DatabaseCLITests {
    static let secret = "pw-s3cret-\(UUID().uuidString.prefix(6))"

    /// The test cluster over TCP with a password in the URI (the cluster trusts local
    /// connections, so the password is carried and ignored, as it would be shown).
    func uriWithPassword() throws -> String {
        let journal = "t-" + UUID().uuidString.prefix(12).lowercased()
        _ = try PostgresCluster.uri(journal: journal)
        return try PostgresCluster.tcpURI(journal: journal).replacingOccurrences(
            of: "postgresql://postgres@", with: "postgresql://postgres:\(Self.secret)@")
    }

    @Test func thePasswordIsNeverPrintedNorWrittenIntoAReport() async throws {
        let uri = try uriWithPassword()
        try #require(uri.contains(Self.secret))
        let env = cliEnvironment(["WARROOM_JOURNAL": uri])
        let dir = TempDir("db-cli")
        var outputs: [ProcessResult] = []
        // Empty: every "no journal yet" and "no open incident" names the journal.
        for args in [["check"], ["status"], ["note", "hi"], ["report"]] {
            outputs.append(try await warroom(args, environment: env))
        }
        let emptyCheck = outputs[0]
        #expect(emptyCheck.status == 0, "an empty database journal is clean: \(emptyCheck.stderr)")
        #expect(emptyCheck.stdout.contains("0 lines"))
        let d = try await warroom(["declare", "--severity", "1", "--title", "Leak"], environment: env)
        #expect(d.status == 0, "\(d.stderr)")
        for args in [
            ["check"], ["status"], ["note", "checking"], ["report", "--output", dir.file("r.md")], ["render", "--size", "80x24"],
            ["note", "--incident", "NOPE", "x"], ["tail", "-n", "2"],
        ] {
            outputs.append(try await warroom(args, environment: env))
        }
        for o in outputs {
            #expect(!o.stdout.contains(Self.secret) && !o.stderr.contains(Self.secret), "\(o.stdout)\(o.stderr)")
        }
        #expect(outputs.contains { $0.stdout.contains("postgres:***@") || $0.stderr.contains("postgres:***@") })
        let report = try String(contentsOfFile: dir.file("r.md"), encoding: .utf8)
        #expect(!report.contains(Self.secret))
        #expect(report.contains("postgres:***@"))
    }

    @Test func aDrillRunsIsScoredReportedAndTravelledOnADatabaseJournal() async throws {
        let uri = try uriWithPassword()
        let env = cliEnvironment(["WARROOM_JOURNAL": uri])
        let scenario = packageRoot + "/Tests/WarRoomCoreTests/Fixtures/scenarios/drill-tiny.toml"
        // `drill run` writes a new file unless told the journal (its documented default), so --journal.
        let run = try await warroom(["drill", "run", scenario, "--journal", uri, "--speed", "600"], environment: env)
        #expect(run.stdout.contains("drill ended"), "\(run.stdout)")
        #expect(run.status == 0, "\(run.stderr)")

        let source = DatabaseJournal(try #require(DatabaseAddress(uri)), keepsLog: true)
        try source.refresh()
        let events = source.reader.log.map(\.event)
        #expect(
            events.map(\.type) == [
                "drill.started", "incident.declared", "drill.inject", "note", "drill.inject", "counter.set", "drill.ended",
            ])
        let id = try #require(events.first?.string("incident"))

        let score = try await warroom(["drill", "score", "--incident", id], environment: env)
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stdout.contains("Tiny drill") || score.stdout.contains(id), "\(score.stdout)")

        let report = try await warroom(["report", "--incident", id], environment: env)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("Tiny drill"))

        // Time travel: the state as it stood just after the declaration, before the injects' counter.
        let declared = try #require(events.first { $0.kind == .incidentDeclared }?.ts)
        let at = RFC3339.format(declared)
        let then = try await warroom(["status", "--json", "--at", at], environment: env)
        #expect(then.status == 0, "\(then.stderr)")
        let now = try await warroom(["status", "--json"], environment: env)
        #expect(then.stdout != now.stdout)
        let frame = try await warroom(["render", "--size", "80x24", "--at", at], environment: env)
        #expect(frame.status == 0, "\(frame.stderr)")
        #expect(frame.stdout.contains("Tiny drill"))
        let check = try await warroom(["check"], environment: env)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        for o in [run, score, report, then, frame, check] {
            #expect(!o.stdout.contains(Self.secret) && !o.stderr.contains(Self.secret), "\(o.stdout)\(o.stderr)")
        }
    }
}
