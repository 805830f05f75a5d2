import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// `warroom serve` and `warroom ingest` on a `postgresql://` journal: the same writer role as
/// every command, so the same signals land in the database.
@Suite("Alert intake on a database journal", .enabled(if: PostgresCluster.available, Comment(rawValue: PostgresCluster.absent)))
struct IntakeDatabaseTests {
    func signals(_ uri: String) throws -> JournalState {
        let source = JournalLocation(uri).source()
        try source.refresh()
        return source.state
    }

    @Test func serveAndIngestRecordSignalsInTheDatabase() async throws {
        let uri = try PostgresCluster.uri()
        let serve = try await ServeProcess(journal: uri)
        #expect(try serve.post("/alertmanager", ServeTests.firing).status == 200)
        #expect(try signals(uri).openSignals.map(\.fingerprint) == ["aa11bb22cc33dd44"])
        #expect(try serve.post("/alertmanager", ServeTests.firing).body.contains(#""unchanged":1"#))
        let generic = #"{"fingerprint":"db-1","title":"Disk full","status":"firing","value":97}"#
        let r = try await warroom(["ingest", "--journal", uri, "--format", "generic"], stdin: generic)
        #expect(r.status == 0 && r.stdout.contains("signal fired: db-1 Disk full"))
        let state = try signals(uri)
        #expect(state.openSignals.map(\.fingerprint) == ["aa11bb22cc33dd44", "db-1"] && state.badLines.isEmpty)
        #expect(await serve.stop() == 0)
    }

    @Test func aDatabaseThatIsDownAnswers503AndIngestExits2() async throws {
        let up = try PostgresCluster.tcpURI(journal: "down-" + UUID().uuidString.prefix(8).lowercased())
        // The same URI with a port nothing listens on: a server that is down.
        let port = try ServeProcess.freePort()
        let down = up.replacingOccurrences(of: #":\d+/"#, with: ":\(port)/", options: .regularExpression)
        #expect(down != up)
        let serve = try await ServeProcess(journal: down)
        let r = try serve.post("/alertmanager", ServeTests.firing)
        #expect(r.status == 503 && r.body.contains("error"))
        let ingest = try await warroom(["ingest", "--journal", down, "--format", "alertmanager"], stdin: ServeTests.firing)
        #expect(ingest.status == 2)
        #expect(await serve.stop() == 0)
    }
}
