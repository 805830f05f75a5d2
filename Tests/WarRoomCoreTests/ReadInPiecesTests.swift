import Foundation
import Testing

@testable import WarRoomCore

/// A journal read in pieces (as the console follows it) gives what one read gives, overlong lines included.
@Suite("Reading in pieces")
struct ReadInPiecesTests {
    @Test
    func overlongCRLFLineGivesTheSameStateInPieces() throws {
        // JournalReader.processLine strips the \r before LineDecoder measures the
        // line; the discard path in feed() (a pending line past 64 KiB + 1) counts
        // the \r. The same bytes then give "line is 70060 bytes" in one read and
        // "line is 70061 bytes" fed in pieces: JournalState differs.
        let long = noteLine(String(repeating: "z", count: 70_000), at: 1)
        let bytes = journalBytes([declareLine()]) + Array((long + "\r\n").utf8) + journalBytes([noteLine("after", at: 2)])
        let whole = JournalReader.read(bytes)
        var pieces = JournalReader()
        var i = 0
        while i < bytes.count {
            let n = min(4096, bytes.count - i)
            pieces.feed(Array(bytes[i..<i + n]))
            i += n
        }
        #expect(whole.state.badLines.first?.reason == "line is \(long.utf8.count) bytes, over the 64 KiB limit")
        #expect(pieces.state == whole.state)
    }

    @Test
    func chainSurvivesAnOverlongLineReadInPieces() throws {
        // JournalReader's discard path calls chain.advanceUnhashable(), setting
        // the head to "unhashable line N"; the writer hashed the real bytes of
        // that line for the next line's prev, so the next chained line "breaks".
        // One read of the same bytes hashes the line and verifies the chain.
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine(), noteLine(String(repeating: "z", count: 70_000), at: 1)]))
        try JournalWriter(path: path).append([
            Event(.note, ts: T0.addingTimeInterval(2), actor: "alice", incident: "INC-1", data: ["text": "chained"])
        ])
        let bytes = fileBytes(path)
        var whole = JournalReader(verifiesChain: true)
        whole.feed(bytes)
        #expect(!whole.chain.isBroken)
        var pieces = JournalReader(verifiesChain: true)
        var i = 0
        while i < bytes.count {
            let n = min(4096, bytes.count - i)
            pieces.feed(Array(bytes[i..<i + n]))
            i += n
        }
        #expect(pieces.chain == whole.chain)
        #expect(!pieces.chain.isBroken, "\(pieces.chain.reason ?? "")")
    }
}
