import Foundation
import Testing

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// Appends bytes to a file in place (same inode), as another writer would.
func appendBytes(_ path: String, _ bytes: [UInt8]) throws {
    let h = try #require(FileHandle(forWritingAtPath: path))
    defer { try? h.close() }
    try h.seekToEnd()
    try h.write(contentsOf: Data(bytes))
}

/// Overwrites a file's bytes in place from `offset` (same inode, no truncation).
func overwrite(_ path: String, at offset: UInt64, _ bytes: [UInt8]) throws {
    let h = try #require(FileHandle(forWritingAtPath: path))
    defer { try? h.close() }
    try h.seek(toOffset: offset)
    try h.write(contentsOf: Data(bytes))
}

func inode(_ path: String) -> UInt64 {
    var st = stat()
    return stat(path, &st) == 0 ? UInt64(st.st_ino) : 0
}

@Suite("Journal file refresh")
struct JournalFileTests {
    @Test func missingFileIsEmptyAndUnchanged() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let f = JournalFile(path: dir.file("none.jsonl"))
        #expect(try f.refresh() == .unchanged)
        #expect(f.exists == false)
        #expect(f.state.eventsApplied == 0)
        // Once created, it is read.
        try writeFile(dir.file("none.jsonl"), journalBytes([declareLine()]))
        #expect(try f.refresh() == .appended)
        #expect(f.exists)
        #expect(f.state.eventsApplied == 1)
    }

    @Test func directoryIsAnErrorNamingThePath() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let e = #expect(throws: JournalError.self) { try JournalFile.load(path: dir.path) }
        #expect(e?.kind == .open)
        #expect(e?.message.contains(dir.path) == true)
        #expect(e?.message.contains("directory") == true)
    }

    @Test func appendsAreReadIncrementallyWithoutRefolding() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine(), noteLine("one", at: 1)]))
        let f = try JournalFile.load(path: path)
        #expect(f.state.eventsApplied == 2)
        #expect(try f.refresh() == .unchanged)

        let firstLines = f.reader.lineCount
        try appendBytes(path, journalBytes([noteLine("two", at: 2), noteLine("three", at: 3), "junk"]))
        #expect(try f.refresh() == .appended)
        // Exactly the new events were applied on top of the old state: the
        // line numbers continue and the old timeline entries are the same values.
        #expect(f.state.eventsApplied == 4)
        #expect(f.reader.lineCount == firstLines + 3)
        #expect(f.state.badLines.map(\.line) == [5])
        #expect(f.state.incidents["INC-1"]?.timeline.map(\.line) == [1, 2, 3, 4])

        try appendBytes(path, journalBytes([noteLine("four", at: 4)]))
        #expect(try f.refresh() == .appended)
        #expect(f.state.eventsApplied == 5)
        #expect(try f.refresh() == .unchanged)
        #expect(f.state == JournalReader.read(fileBytes(path)).state)
    }

    @Test func incrementalReadDoesNotRereadOldBytes() throws {
        // Damage a byte far before the read position (outside the 64-byte
        // tail the file compares) and append: a reader that re-folded from the
        // start would now see a bad line 1; an incremental one does not.
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine(), noteLine(String(repeating: "n", count: 200), at: 1)]))
        let f = try JournalFile.load(path: path)
        try overwrite(path, at: 0, Array("X".utf8))
        try appendBytes(path, journalBytes([noteLine("new", at: 2)]))
        #expect(try f.refresh() == .appended)
        #expect(f.state.badLines.isEmpty)
        #expect(f.state.eventsApplied == 3)
    }

    @Test func pendingLineIsAppliedWhenCompleted() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let last = noteLine("half", at: 2)
        try writeFile(path, journalBytes([declareLine()]) + Array(last.utf8.prefix(30)))
        let f = try JournalFile.load(path: path)
        #expect(f.state.eventsApplied == 1)
        #expect(f.reader.pendingBytes == 30)
        try appendBytes(path, Array(last.utf8.dropFirst(30)))
        #expect(try f.refresh() == .appended)
        #expect(f.reader.pendingBytes == last.utf8.count)
        #expect(f.state.eventsApplied == 1)
        try appendBytes(path, [0x0A])
        #expect(try f.refresh() == .appended)
        #expect(f.reader.pendingBytes == 0)
        #expect(f.state.eventsApplied == 2)
        #expect(f.state.badLines.isEmpty)
    }

    @Test func truncationRebuildsTheState() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine(), noteLine("a", at: 1), noteLine("b", at: 2)]))
        let f = try JournalFile.load(path: path)
        #expect(f.state.eventsApplied == 3)
        let ino = inode(path)
        #expect(truncate(path, off_t(journalBytes([declareLine()]).count)) == 0)
        #expect(inode(path) == ino)
        let update = try f.refresh()
        guard case .reloaded(let why) = update else {
            Issue.record("expected a reload, got \(update)")
            return
        }
        #expect(why.contains("shrank"))
        #expect(f.state.eventsApplied == 1)
        #expect(f.state.incidents["INC-1"]?.timeline.count == 1)
        #expect(f.state == JournalReader.read(fileBytes(path)).state)
    }

    @Test func truncationToEmptyEmptiesTheState() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine()]))
        let f = try JournalFile.load(path: path)
        #expect(truncate(path, 0) == 0)
        #expect(try f.refresh() == .reloaded("the journal shrank (truncated)"))
        #expect(f.state == JournalState())
        #expect(f.reader.offset == 0)
    }

    @Test func replacementByRenameRebuildsTheState() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine("INC-OLD"), noteLine("old", "INC-OLD", at: 1)]))
        let f = try JournalFile.load(path: path)
        #expect(f.state.incidents["INC-OLD"] != nil)
        // A longer file, so neither size nor tail alone would tell.
        let replacement = dir.file("new.jsonl")
        try writeFile(
            replacement,
            journalBytes([declareLine("INC-NEW"), noteLine("n1", "INC-NEW", at: 1), noteLine("n2", "INC-NEW", at: 2)]))
        #expect(rename(replacement, path) == 0)
        let update = try f.refresh()
        guard case .reloaded(let why) = update else {
            Issue.record("expected a reload, got \(update)")
            return
        }
        #expect(why.contains("replaced"))
        #expect(f.state.incidents["INC-OLD"] == nil)
        #expect(f.state.incidents["INC-NEW"]?.timeline.count == 3)
        #expect(f.state.eventsApplied == 3)
        #expect(try f.refresh() == .unchanged)
    }

    @Test func sameSizeRewriteBeforeTheOffsetIsDetected() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine(), noteLine("alpha", at: 1)]))
        let f = try JournalFile.load(path: path)
        let size = fileBytes(path).count
        // Rewrite in place, same inode, same size, last line different.
        let rewritten = journalBytes([declareLine(), noteLine("omega", at: 1)])
        #expect(rewritten.count == size)
        try overwrite(path, at: 0, rewritten)
        #expect(fileBytes(path).count == size)
        let update = try f.refresh()
        guard case .reloaded(let why) = update else {
            Issue.record("expected a reload, got \(update)")
            return
        }
        #expect(why.contains("changed before the read position"))
        #expect(f.state.incidents["INC-1"]?.timeline.last?.event.string("text") == "omega")
        #expect(f.state.eventsApplied == 2)
    }

    @Test func rewriteBeforeTheOffsetWithMoreBytesAppendedIsDetected() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine(), noteLine("alpha", at: 1)]))
        let f = try JournalFile.load(path: path)
        // Same inode, bytes before the old offset changed, and the file grew.
        try overwrite(path, at: 0, journalBytes([declareLine(), noteLine("gamma", at: 1), noteLine("delta", at: 2)]))
        let update = try f.refresh()
        #expect(update == .reloaded("the journal changed before the read position"))
        #expect(f.state.incidents["INC-1"]?.timeline.compactMap { $0.event.string("text") } == ["gamma", "delta"])
    }

    @Test func removalEmptiesTheStateAndRecreationIsRead() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine()]))
        let f = try JournalFile.load(path: path)
        #expect(unlink(path) == 0)
        #expect(try f.refresh() == .reloaded("the journal was removed"))
        #expect(f.exists == false)
        #expect(f.state == JournalState())
        try writeFile(path, journalBytes([declareLine("INC-2")]))
        #expect(try f.refresh() == .appended)
        #expect(f.state.incidentOrder == ["INC-2"])
    }

    @Test func readsJournalsLargerThanOneChunk() throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        var lines = [declareLine()]
        let text = String(repeating: "t", count: 1000)
        for i in 0..<1500 { lines.append(noteLine("\(i) \(text)", at: Double(i))) }
        let bytes = journalBytes(lines)
        #expect(bytes.count > 1 << 20)
        try writeFile(path, bytes)
        let f = try JournalFile.load(path: path)
        #expect(f.state.eventsApplied == 1501)
        #expect(f.state.badLines.isEmpty)
        #expect(f.reader.offset == bytes.count)
    }
}
