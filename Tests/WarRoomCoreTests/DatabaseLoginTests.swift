import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// Issue 17, "Roles": on a database journal the `login` of each line is the database session's
/// user, the role the server authenticated, not the OS login of whichever host the writer runs on.
@Suite("Database journal login", .enabled(if: PostgresCluster.available, Comment(rawValue: PostgresCluster.absent)))
struct DatabaseLoginTests {
    @Test func linesRecordTheDatabaseSessionsUserAsTheirLogin() async throws {
        // A role of its own, named unlike any OS login here.
        let base = try PostgresCluster.address()
        let role = "wr_login_" + UUID().uuidString.prefix(8).lowercased()
        let admin = try PGConnection(base.conninfo)
        try admin.exec("CREATE ROLE \(role) LOGIN")
        try admin.exec("GRANT SELECT ON warroom_meta TO \(role)")
        try admin.exec("GRANT SELECT, INSERT ON warroom_lines TO \(role)")
        let uri = try PostgresCluster.uri().replacingOccurrences(of: "postgresql://postgres@", with: "postgresql://\(role)@")
        try #require(uri.contains(role))
        let osLogin = Identity.loginName()
        try #require(osLogin != role)

        let env = cliEnvironment(["WARROOM_JOURNAL": uri])
        let d = try await warroom(["declare", "--severity", "2", "--title", "Roles"], environment: env)
        #expect(d.status == 0, "\(d.stderr)")
        let n = try await warroom(["note", "--as", "王芳", "by another name"], environment: env)
        #expect(n.status == 0, "\(n.stderr)")
        let same = try await warroom(["note", "--as", role, "as the role itself"], environment: env)
        #expect(same.status == 0, "\(same.stderr)")

        let source = DatabaseJournal(try #require(DatabaseAddress(uri)), keepsLog: true)
        try source.refresh()
        let events = source.reader.log.map(\.event)
        try #require(events.count == 3)
        // The actor is as on a file journal (the OS login, or --as); the login beside it is the role.
        #expect(events[0].actor == osLogin && events[0].login == role)
        #expect(events[1].actor == "王芳" && events[1].login == role)
        // Left out where the actor is the role, as a file journal leaves out its own login.
        #expect(events[2].actor == role && events[2].login == nil)

        // The same command on a file journal records the OS login, as it always did.
        let dir = TempDir()
        let file = dir.file("room.jsonl")
        let fd = try await warroom(["declare", "--journal", file, "--severity", "2", "--title", "Roles"])
        #expect(fd.status == 0, "\(fd.stderr)")
        let fileJournal = JournalFile(path: file, keepsLog: true)
        try fileJournal.refresh()
        #expect(fileJournal.reader.log.first?.event.actor == osLogin)
        #expect(fileJournal.reader.log.first?.event.login == nil)
    }

    /// A login set on the writer (the library's callers, the tests) is the one recorded.
    @Test func aLoginSetOnTheWriterWins() throws {
        let address = try PostgresCluster.address()
        let writer = DatabaseJournalWriter(address)
        #expect(writer.login == Identity.loginName())
        try writer.append([fixedDeclare()])
        #expect(writer.login == "postgres")
        writer.login = "alice"
        try writer.append([fixedNote("set by hand", id: "n-hand")])
        let source = DatabaseJournal(address, keepsLog: true)
        try source.refresh()
        // fixedDeclare's actor is alice: the first line was written with login postgres beside it.
        #expect(source.reader.log.map(\.event.login) == ["postgres", nil])
    }
}
