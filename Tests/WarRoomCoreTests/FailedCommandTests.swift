import Foundation
import Testing

@testable import WarRoomCore

/// A command that fails leaves no trace: no stray journal file.
@Suite("Failed commands")
struct FailedCommandTests {
    @Test
    func failedCommandDoesNotCreateTheJournal() async throws {
        // `warroom note --journal typo.jsonl hi` fails with "no open incident",
        // yet leaves an empty typo.jsonl behind (JournalWriter opens with O_CREAT
        // before the events are built). `warroom check` then calls the stray
        // file clean instead of saying it does not exist.
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("typo.jsonl")
        let r = try await warroom(["note", "--journal", path, "hi"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no open incident"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
