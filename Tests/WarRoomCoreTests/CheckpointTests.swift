import Crypto
import Foundation
import Testing

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// A journal file and a checkpoint store of its own under a scratch directory (a fake
/// XDG_CACHE_HOME), with checkpoints asked for from 100 lines.
private final class Scene {
    let dir = TempDir("checkpoint")
    var path: String { dir.file("journal.jsonl") }
    var store: CheckpointStore { CheckpointStore(directory: dir.file("cache/warroom"), minimumLines: 100) }

    func write(_ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    func append(_ bytes: [UInt8]) throws {
        let h = try #require(FileHandle(forWritingAtPath: path))
        h.seekToEndOfFile()
        h.write(Data(bytes))
        try h.close()
    }

    /// A lean reader as `status` and the writers open one, using this scene's store.
    func lean(_ store: CheckpointStore? = nil) throws -> JournalFile {
        let f = JournalFile(path: path, recordsTimelines: false)
        f.checkpoints = store ?? self.store
        try f.refresh()
        return f
    }

    var checkpointFile: String { store.file(for: path) }
}

/// The lean state of a whole read, without any checkpoint.
private func fullRead(_ bytes: [UInt8]) -> JournalReader {
    var r = JournalReader(recordsTimelines: false)
    r.feed(bytes)
    return r
}

/// The first `lines` lines of a journal.
private func prefix(_ bytes: [UInt8], lines: Int) -> [UInt8] {
    var n = 0
    for (i, b) in bytes.enumerated() where b == 0x0A {
        n += 1
        if n == lines { return Array(bytes[...i]) }
    }
    return bytes
}

@Suite("Checkpoint: the lean fold saved, used only while it matches the journal")
struct CheckpointTests {
    static let random = randomReplayJournal(seed: 21, lines: 1500, incidents: 16)

    @Test("a tiny journal gets no checkpoint; a big enough one does, mode 0600, under the cache directory")
    func savedOnlyWhenBig() throws {
        let s = Scene()
        try s.write(prefix(Self.random, lines: 50))
        _ = try s.lean()
        #expect(access(s.checkpointFile, F_OK) != 0)
        try s.write(Self.random)
        _ = try s.lean()
        var st = stat()
        #expect(stat(s.checkpointFile, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(s.checkpointFile.hasPrefix(s.dir.file("cache/warroom/")))
        // Not for a reader that checks the chain or keeps timelines: `check` and the console read everything.
        #expect(JournalFile(path: s.path, verifiesChain: true, recordsTimelines: false).checkpoints == nil)
        #expect(JournalFile(path: s.path).checkpoints == nil)
    }

    @Test(
        "checkpoint plus tail folds to the state of a full read, reading only the tail",
        arguments: ["random", "payment-outage.jsonl", "drill-zh.jsonl"])
    func tailOnly(_ name: String) throws {
        let bytes = name == "random" ? Self.random : fileBytes(packageRoot + "/examples/" + name)
        let total = fullRead(bytes).lineCount
        for cut in [total / 3, total / 2, total - 1] where cut >= 1 {
            let s = Scene()
            var store = s.store
            store.minimumLines = 1
            try s.write(prefix(bytes, lines: cut))
            let first = try s.lean(store)
            #expect(first.resumedAtLine == 0)
            try s.write(bytes)
            let second = try s.lean(store)
            let full = fullRead(bytes)
            #expect(second.resumedAtLine == cut, "\(name) cut at \(cut)")
            #expect(second.reader.lineCount - second.resumedAtLine == total - cut, "only the lines after the checkpoint were read")
            #expect(second.state == full.state, "\(name) cut at \(cut)")
            #expect(second.reader.offset == full.offset)
            #expect(second.reader.lastLineOffset == full.lastLineOffset)
            #expect(second.reader.lastLineLength == full.lastLineLength)
            #expect(second.checkpointRefusal == nil)
        }
    }

    @Test("unchanged: the next reader starts at the end and reads no line")
    func unchangedReadsNothing() throws {
        let s = Scene()
        try s.write(Self.random)
        _ = try s.lean()
        let again = try s.lean()
        #expect(again.resumedAtLine == again.reader.lineCount)
        #expect(again.state == fullRead(Self.random).state)
    }

    enum Damage: String, CaseIterable { case truncated, editedLastLine, replaced, shorterThenRegrown }

    @Test("a journal that no longer matches is read whole, says why once, and gets a fresh checkpoint", arguments: Damage.allCases)
    func refused(_ damage: Damage) throws {
        let s = Scene()
        try s.write(Self.random)
        let before = try s.lean()
        let covered = before.reader.lineCount
        var now = Self.random
        let reason: String
        switch damage {
        case .truncated:
            now = prefix(Self.random, lines: covered / 2)
            try s.write(now)
            reason = "truncated"
        case .editedLastLine:
            // The same length, at the last covered line: size and inode unchanged.
            let start = before.reader.lastLineOffset
            let i = try #require(now[start..<(start + before.reader.lastLineLength)].firstIndex(of: UInt8(ascii: "1")))
            now[i] = UInt8(ascii: "2")
            let fd = open(s.path, O_WRONLY)
            _ = now.withUnsafeBytes { pwrite(fd, $0.baseAddress! + i, 1, off_t(i)) }
            close(fd)
            reason = "line \(covered), the last one saved, changed"
        case .replaced:
            let other = s.dir.file("other.jsonl")
            try Data(now).write(to: URL(fileURLWithPath: other))
            #expect(rename(other, s.path) == 0)
            reason = "replaced"
        case .shorterThenRegrown:
            // Cut and written again past the old end: long enough, but the covered line's bytes moved.
            now =
                prefix(Self.random, lines: covered / 2)
                + Array(#"{"v":1,"ts":"2026-12-01T00:00:00Z","type":"note","actor":"x","data":{"text":"y"}}"#.utf8)
                + [0x0A] + Array(Self.random[prefix(Self.random, lines: covered / 2).count...])
            try s.write(now)
            reason = "the last one saved, changed"
        }
        let after = try s.lean()
        #expect(after.resumedAtLine == 0)
        #expect(after.checkpointRefusal?.contains(reason) == true, "\(String(describing: after.checkpointRefusal))")
        #expect(after.state == fullRead(now).state)
        // A fresh checkpoint, which the next reader uses without complaint.
        let next = try s.lean()
        #expect(next.checkpointRefusal == nil)
        #expect(next.resumedAtLine == (now.count >= 1 && fullRead(now).lineCount >= 100 ? fullRead(now).lineCount : 0))
        #expect(next.state == fullRead(now).state)
    }

    @Test("a checkpoint of another build is ignored without a word, and replaced")
    func otherBuild() throws {
        let s = Scene()
        try s.write(Self.random)
        var other = s.store
        other.formatKey = Array(SHA256.hash(data: Array("another build".utf8)))
        _ = try s.lean(other)
        let mine = try s.lean()
        #expect(mine.resumedAtLine == 0)
        #expect(mine.checkpointRefusal == nil)
        #expect(mine.state == fullRead(Self.random).state)
        #expect(try s.lean().resumedAtLine == mine.reader.lineCount)
    }

    @Test("a damaged checkpoint file, or one anyone else could write, is never used")
    func damagedOrOpen() throws {
        let s = Scene()
        try s.write(Self.random)
        _ = try s.lean()
        var bytes = try #require(FileManager.default.contents(atPath: s.checkpointFile).map { Array($0) })
        bytes.removeLast(bytes.count / 2)
        try Data(bytes).write(to: URL(fileURLWithPath: s.checkpointFile))
        chmod(s.checkpointFile, 0o600)
        let cut = try s.lean()
        #expect(cut.resumedAtLine == 0)
        #expect(cut.checkpointRefusal == "the saved state cannot be read")
        #expect(cut.state == fullRead(Self.random).state)
        chmod(s.checkpointFile, 0o666)
        let open = try s.lean()
        #expect(open.resumedAtLine == 0)
        #expect(open.checkpointRefusal == nil)
    }

    @Test("the checkpoint is saved again once the part after it grows by 10 % (at most 5 000 lines)")
    func refreshedWhenGrown() {
        let store = CheckpointStore(directory: "/nonexistent", minimumLines: 10_000)
        #expect(!store.shouldSave(covered: nil, lineCount: 9_999))
        #expect(store.shouldSave(covered: nil, lineCount: 10_000))
        #expect(!store.shouldSave(covered: 10_000, lineCount: 10_999))
        #expect(store.shouldSave(covered: 10_000, lineCount: 11_000))
        #expect(!store.shouldSave(covered: 1_000_000, lineCount: 1_004_999))
        #expect(store.shouldSave(covered: 1_000_000, lineCount: 1_005_000))
    }

    @Test("the environment: XDG_CACHE_HOME, else ~/.cache, and WARROOM_NO_CHECKPOINT=1 turns it off")
    func environment() {
        #expect(CheckpointStore.fromEnvironment(["XDG_CACHE_HOME": "/c", "HOME": "/h"])?.directory == "/c/warroom")
        #expect(CheckpointStore.fromEnvironment(["HOME": "/h"])?.directory == "/h/.cache/warroom")
        #expect(CheckpointStore.fromEnvironment(["XDG_CACHE_HOME": "relative", "HOME": "/h"])?.directory == "/h/.cache/warroom")
        #expect(CheckpointStore.fromEnvironment(["HOME": "/h", "WARROOM_NO_CHECKPOINT": "1"]) == nil)
    }

    @Test("appends after a checkpoint accept and refuse exactly what they do after a full read, writing the same bytes")
    func writerAgrees() throws {
        let with = Scene()
        let without = Scene()
        try with.write(Self.random)
        try without.write(Self.random)
        _ = try with.lean()
        let state = fullRead(Self.random).state
        let inc = try #require(state.incidentOrder.last)
        let ts = Date(timeIntervalSince1970: 1_800_000_000)
        let attempts: [[Event]] = [
            [Event(.note, ts: ts, actor: "bob", incident: inc, data: ["text": "after the checkpoint"])],
            [Event(.incidentDeclared, ts: ts, actor: "bob", incident: inc, data: ["title": "again", "severity": 2])],
            [Event(.note, ts: ts, actor: "bob", incident: "NO-SUCH", data: ["text": "x"])],
            [Event(.actionDone, ts: ts, actor: "bob", incident: inc, data: ["action": "A-404"])],
            [Event(.incidentDeclared, ts: ts, actor: "bob", incident: "NEW-1", data: ["title": "new", "severity": 2])],
        ]
        let a = JournalWriter(path: with.path)
        a.checkpoints = with.store
        let b = JournalWriter(path: without.path)
        b.checkpoints = nil
        for events in attempts {
            let ra = Result { () throws(JournalError) in try a.append(events) }.map { _ in true }
            let rb = Result { () throws(JournalError) in try b.append(events) }.map { _ in true }
            switch (ra, rb) {
            case (.success, .success): break
            case (.failure(let ea), .failure(let eb)): #expect(ea.message == eb.message)
            default: Issue.record("\(events[0].type): \(ra) with a checkpoint, \(rb) without")
            }
        }
        #expect(FileManager.default.contents(atPath: with.path) == FileManager.default.contents(atPath: without.path))
        let reread = JournalWriter(path: with.path)
        reread.checkpoints = with.store
        try reread.append([])
        #expect(try with.lean().resumedAtLine == fullRead(Self.random).lineCount)
    }
}

@Suite("Checkpoint through the command line")
struct CheckpointCLITests {
    @Test("status saves one under XDG_CACHE_HOME; a truncated journal is said once on stderr and read whole")
    func cli() async throws {
        let dir = TempDir("checkpointcli")
        let path = dir.file("j.jsonl")
        let bytes = randomReplayJournal(seed: 5, lines: 10_200, incidents: 40)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let env = cliEnvironment(["XDG_CACHE_HOME": dir.file("cache")])
        let first = try await warroom(["status", "--json", "--journal", path], environment: env)
        #expect(first.status == 0)
        let saved = try FileManager.default.contentsOfDirectory(atPath: dir.file("cache/warroom"))
        #expect(saved.count == 1)
        let second = try await warroom(["status", "--json", "--journal", path], environment: env)
        #expect(second.stderr.isEmpty)
        let off = try await warroom(
            ["status", "--json", "--journal", path], environment: env.merging(["WARROOM_NO_CHECKPOINT": "1"]) { $1 })
        #expect(off.stderr.isEmpty)
        truncate(path, off_t(bytes.count / 2))
        let cut = try await warroom(["status", "--json", "--journal", path], environment: env)
        #expect(cut.status == 0)
        #expect(
            cut.stderr
                == "warroom: the saved state of \(path) no longer matches it (it was truncated below the part saved); reading it all\n")
        let checked = try await warroom(["check", "--journal", path], environment: env)
        #expect(!checked.stderr.contains("saved state"))
    }
}
