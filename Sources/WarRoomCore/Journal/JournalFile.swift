import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A journal on disk, read incrementally. `refresh()` reads what was appended
/// since the last call, or rebuilds the state from the start when the file
/// shrank, was replaced (another inode), or its bytes before the read
/// position changed.
public final class JournalFile {
    public enum Update: Equatable, Sendable {
        /// Nothing new.
        case unchanged
        /// New bytes were read (maybe only part of a line).
        case appended
        /// The state was rebuilt from the start, for the given reason.
        case reloaded(String)
    }

    public let path: String
    public private(set) var reader = JournalReader()
    public private(set) var exists = false
    private var fd: Int32 = -1
    private var device: UInt64 = 0
    private var inode: UInt64 = 0
    /// The last bytes before the read position, to notice a rewrite that kept the size.
    private var tail: [UInt8] = []
    private static let tailLength = 64
    private static let chunk = 4 << 20

    /// Notice a line edited in place before the read position (same length, so neither the size nor
    /// the last bytes read change): a follower keeps a running hash of every byte it has read and,
    /// when the file changed without growing or at most every `prefixCheckInterval` after it changed,
    /// hashes the file's bytes again and reloads if they differ. Off for one-shot reads: a
    /// command that reads once has nothing to re-check.
    public var detectsEdits = false {
        didSet { if detectsEdits && !oldValue { startPrefixHash() } }
    }
    /// How often at most the bytes already read are hashed again while the file keeps growing.
    public var prefixCheckInterval: TimeInterval = 10
    private var prefixHash = SHA256()
    /// Size, modification and change times as of the last read.
    private var mark: [Int] = []
    /// The file changed since the bytes read were last checked.
    private var uncheckedChange = false
    private var nextPrefixCheck = Date.distantPast

    /// Keep every applied event in file order, for replay (the console).
    public let keepsLog: Bool
    public let verifiesChain: Bool
    public let recordsTimelines: Bool
    /// Keep open incidents' timelines only, and `keptIncident`'s (see `keepOpenTimelinesOnly`).
    public private(set) var openTimelinesOnly = false
    public private(set) var keptIncident: String?

    /// Where the lean fold is saved and loaded (see Checkpoint): only for a lean one-pass reader
    /// (no timelines, no log, no chain check), so `check` and the console always read everything.
    public var checkpoints: CheckpointStore?
    /// The line the last checkpoint loaded or saved covers, to know when to save again.
    private var checkpointCoverage: Int?
    private var triedCheckpoint = false
    /// The line a checkpoint let this reader start after (0: it read from the start).
    public private(set) var resumedAtLine = 0
    /// Why a saved checkpoint was not used, when it no longer matched the journal.
    public private(set) var checkpointRefusal: String?

    public init(path: String, keepsLog: Bool = false, verifiesChain: Bool = false, recordsTimelines: Bool = true) {
        self.path = path
        self.keepsLog = keepsLog
        self.verifiesChain = verifiesChain
        self.recordsTimelines = recordsTimelines
        reader = JournalReader(keepsLog: keepsLog, verifiesChain: verifiesChain, recordsTimelines: recordsTimelines)
        if !keepsLog && !verifiesChain && !recordsTimelines { checkpoints = CheckpointStore.standard }
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    public var state: JournalState { reader.state }

    /// Opens and reads a whole journal once.
    public static func load(path: String) throws(JournalError) -> JournalFile {
        let f = JournalFile(path: path)
        _ = try f.refresh()
        return f
    }

    /// New bytes from which a console's read folds without timelines first (see `refresh`).
    public var bulkRead = 4 << 20

    /// Brings the state up to date with the file.
    @discardableResult
    public func refresh() throws(JournalError) -> Update {
        var reloadReason: String?
        var st = stat()
        // lstat: a symlink planted at the path is refused, never followed (see RegularFile).
        if lstat(path, &st) != 0 {
            let e = errno
            if e == ENOENT {
                if fd >= 0 {
                    close(fd)
                    fd = -1
                }
                exists = false
                if reader.offset > 0 {
                    reset()
                    return .reloaded(tr("the journal was removed"))
                }
                return .unchanged
            }
            throw JournalError.system(.open, path: path, doing: "read", errno: e)
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw JournalError.system(.open, path: path, doing: "read", errno: EISDIR)
        }
        // Refused at once, before any open: a FIFO would block a reader for ever.
        try RegularFile.refuseNonRegular(path, doing: "read", kind: .open)
        if fd >= 0 && (UInt64(st.st_dev) != device || UInt64(st.st_ino) != inode) {
            close(fd)
            fd = -1
            reloadReason = tr("the journal file was replaced")
        }
        if fd < 0 {
            do {
                fd = try RegularFile.open(path, flags: O_RDONLY, doing: "read", kind: .open)
            } catch  where error.errno == ENOENT {
                exists = false
                return .unchanged
            }
            var fst = stat()
            fstat(fd, &fst)
            device = UInt64(fst.st_dev)
            inode = UInt64(fst.st_ino)
            exists = true
            if reader.offset > 0 && reloadReason == nil { reloadReason = tr("the journal file was reopened") }
        }
        var fst = stat()
        guard fstat(fd, &fst) == 0 else { throw JournalError.system(.read, path: path, doing: "read", errno: errno) }
        let size = Int(fst.st_size)
        if reloadReason == nil && reader.offset == 0 && !triedCheckpoint, let store = checkpoints {
            triedCheckpoint = true
            try resume(from: store, size: size)
        }
        if reloadReason == nil && size < reader.offset {
            reloadReason = tr("the journal shrank (truncated)")
        }
        if reloadReason == nil && reader.offset > 0 && !tail.isEmpty {
            let got = try readBytes(at: reader.offset - tail.count, count: tail.count)
            if got != tail { reloadReason = tr("the journal changed before the read position") }
        }
        if detectsEdits {
            let now = [size, fst.st_mtim.tv_sec, fst.st_mtim.tv_nsec, fst.st_ctim.tv_sec, fst.st_ctim.tv_nsec]
            if now != mark && !mark.isEmpty { uncheckedChange = true }
            mark = now
            // An edit that kept the size is the only change that does not grow the file: check at once.
            // Otherwise (appends) check now and then, so an edit hidden among appends is seen too.
            let sameSize = size == reader.offset
            if reloadReason == nil && reader.offset > 0 && uncheckedChange && (sameSize || Date() >= nextPrefixCheck) {
                uncheckedChange = false
                nextPrefixCheck = Date().addingTimeInterval(prefixCheckInterval)
                if try hashOfFile(upTo: reader.offset) != Array(prefixHash.finalize()) {
                    reloadReason = tr("the journal was edited before the read position (bytes already read changed)")
                }
            }
        }
        if reloadReason != nil { reset() }
        if size == reader.offset { return reloadReason.map(Update.reloaded) ?? .unchanged }
        var pos = reader.offset
        // A console (open incidents' timelines only) reading much at once folds without timelines and
        // reads back the open incidents' lines after: holding every incident's events until it
        // closes, then freeing them on this thread (they were made on the decoding threads), took
        // the two cores' malloc locks in turn and doubled a year's first read.
        let bulk = openTimelinesOnly && reader.recordsTimelines && size - pos >= bulkRead
        if bulk { reader.recordsTimelines = false }
        defer { if bulk { reader.recordsTimelines = true } }
        var buffer = [UInt8](repeating: 0, count: min(JournalFile.chunk, max(size - pos, 1)))
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(pos)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw JournalError.system(.read, path: path, doing: "read", errno: errno)
            }
            if n == 0 { break }
            buffer.withUnsafeBufferPointer {
                let piece = UnsafeBufferPointer(rebasing: $0[0..<n])
                if detectsEdits { prefixHash.update(bufferPointer: UnsafeRawBufferPointer(piece)) }
                reader.feed(piece)
            }
            pos += n
        }
        let keep = min(JournalFile.tailLength, reader.offset)
        tail = try readBytes(at: reader.offset - keep, count: keep)
        if bulk {
            for (id, inc) in state.incidents where (!inc.isClosed || id == keptIncident) && !inc.holdsTimeline {
                reader.holdTimeline(of: id, entries: try timeline(of: id))
            }
        }
        saveCheckpointIfDue()
        return reloadReason.map(Update.reloaded) ?? .appended
    }

    /// Starts after the lines the saved checkpoint covers, when it still matches the file: the
    /// same file (device and inode), at least as long, and its last covered line, read back,
    /// ends with a newline at the recorded offset and hashes to the recorded head.
    private func resume(from store: CheckpointStore, size: Int) throws(JournalError) {
        guard let bytes = store.read(for: path) else { return }
        let c: Checkpoint
        switch Checkpoint.decode(bytes, formatKey: store.formatKey) {
        case .otherBuild: return
        case .unreadable:
            refuse(store, tr("the saved state cannot be read"))
            return
        case .checkpoint(let got): c = got
        }
        var reason: String?
        if c.device != device || c.inode != inode {
            reason = tr("the journal file was replaced")
        } else if size < c.offset {
            reason = tr("it was truncated below the part saved")
        } else if c.lineCount < 1 || c.lastLineLength < 0 || c.offset != c.lastLineOffset + c.lastLineLength + 1 {
            reason = tr("the saved state cannot be read")
        } else {
            let line = try readBytes(at: c.lastLineOffset, count: c.lastLineLength + 1)
            if line.count != c.lastLineLength + 1 || line.last != 0x0A || Array(SHA256.hash(data: line.dropLast())) != c.head {
                reason = tr("line {line}, the last one saved, changed", ["line": String(c.lineCount)])
            }
        }
        if let reason {
            refuse(store, reason)
            return
        }
        reader = JournalReader(
            resuming: c.state, consumed: c.offset, lineCount: c.lineCount, lastLineOffset: c.lastLineOffset,
            lastLineLength: c.lastLineLength)
        resumedAtLine = c.lineCount
        checkpointCoverage = c.lineCount
    }

    /// A checkpoint that no longer matches: removed, said once, and the journal read whole.
    private func refuse(_ store: CheckpointStore, _ reason: String) {
        store.remove(for: path)
        let message = tr(
            "the saved state of {path} no longer matches it ({reason}); reading it all", ["path": path, "reason": reason])
        checkpointRefusal = reason
        // One line, prefixed as warroom's warnings are; a path with control characters cannot break it.
        let bytes = Array(("warroom: " + Sanitizer.inline(message) + "\n").utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// Saves the fold when the journal is big enough and has grown enough since the last save.
    private func saveCheckpointIfDue() {
        guard let store = checkpoints, fd >= 0, reader.lineCount > 0,
            store.shouldSave(covered: checkpointCoverage, lineCount: reader.lineCount),
            let line = try? readBytes(at: reader.lastLineOffset, count: reader.lastLineLength + 1),
            line.count == reader.lastLineLength + 1, line.last == 0x0A
        else { return }
        let c = Checkpoint(
            device: device, inode: inode, offset: reader.consumed, lineCount: reader.lineCount,
            lastLineOffset: reader.lastLineOffset, lastLineLength: reader.lastLineLength,
            head: Array(SHA256.hash(data: line.dropLast())), state: reader.state)
        guard let bytes = try? c.encoded(formatKey: store.formatKey) else { return }
        store.write(bytes, for: path)
        checkpointCoverage = reader.lineCount
    }

    private func reset() {
        reader = JournalReader(keepsLog: keepsLog, verifiesChain: verifiesChain, recordsTimelines: recordsTimelines)
        if openTimelinesOnly {
            // Kept from the first line on, the shown incident's timeline needs no read-back.
            reader.keepOpenTimelinesOnly()
            reader.keepTimeline(of: keptIncident, entries: nil)
        }
        tail = []
        prefixHash = SHA256()
    }

    /// The running hash starts with what was read before edits were watched for.
    private func startPrefixHash() {
        prefixHash = SHA256()
        guard fd >= 0, reader.offset > 0 else { return }
        var st = stat()
        if fstat(fd, &st) == 0 {
            mark = [Int(st.st_size), st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_ctim.tv_sec, st.st_ctim.tv_nsec]
        }
        var pos = 0
        while pos < reader.offset {
            guard let piece = try? readBytes(at: pos, count: min(JournalFile.chunk, reader.offset - pos)), !piece.isEmpty else { return }
            prefixHash.update(data: piece)
            pos += piece.count
        }
    }

    private func hashOfFile(upTo end: Int) throws(JournalError) -> [UInt8] {
        var h = SHA256()
        var pos = 0
        while pos < end {
            let piece = try readBytes(at: pos, count: min(JournalFile.chunk, end - pos))
            if piece.isEmpty { break }
            h.update(data: piece)
            pos += piece.count
        }
        return Array(h.finalize())
    }

    /// The exact bytes of the last complete line (for the chain's next `prev`).
    public func lastLineBytes() throws(JournalError) -> [UInt8] {
        guard reader.lineCount > 0 else { return [] }
        return try readBytes(at: reader.lastLineOffset, count: reader.lastLineLength)
    }

    private func readBytes(at offset: Int, count: Int) throws(JournalError) -> [UInt8] {
        if count <= 0 { return [] }
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return pread(fd, base + got, count - got, off_t(offset + got))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw JournalError.system(.read, path: path, doing: "read", errno: errno)
            }
            if n == 0 { break }
            got += n
        }
        return Array(out[0..<got])
    }
}

// MARK: Timelines on demand

extension JournalFile {
    /// From now on (and after every reload) the fold keeps open incidents' timelines only, and the
    /// one of `keepTimeline(of:)`: what a console can show, not a year of closed incidents.
    public func keepOpenTimelinesOnly() {
        openTimelinesOnly = true
        reader.keepOpenTimelinesOnly()
    }

    /// Keeps `id`'s timeline as well (the incident on screen), read back now if the state does
    /// not hold it; the one kept before is dropped if closed. nil keeps none beyond the open ones.
    public func keepTimeline(of id: String?) throws(JournalError) {
        var entries: [TimelineEntry]?
        if let id, let inc = state.incidents[id], !inc.holdsTimeline { entries = try timeline(of: id) }
        keptIncident = id
        reader.keepTimeline(of: id, entries: entries)
    }

    /// The timeline of incident `id` as a full fold keeps it. When the state does not hold it, only
    /// that incident's lines are read back (by the offsets the fold recorded) and decoded.
    public func timeline(of id: String) throws(JournalError) -> [TimelineEntry] {
        guard let inc = state.incidents[id] else { return [] }
        if inc.holdsTimeline { return inc.timeline }
        let places = inc.places
        let end = reader.consumed
        var block: [UInt8] = []
        var blockStart = 0
        return try TimelineReadBack.entries(of: id, places: places, journal: path) { k throws(JournalError) -> [UInt8] in
            let offset = places.offsets[k]
            if let line = JournalFile.line(in: block, from: offset - blockStart) { return line }
            // One read for the lines that follow closely (an incident's lines often come in runs),
            // never more than a megabyte ahead: a quiet incident's lines lie far apart.
            var last = k
            while last + 1 < places.count && places.offsets[last + 1] - offset <= JournalFile.readBackSpan { last += 1 }
            blockStart = offset
            block = try readBytes(at: offset, count: min(end - offset, places.offsets[last] - offset + 8192))
            if let line = JournalFile.line(in: block, from: 0) { return line }
            // A line longer than the slack: read it alone, up to the longest line a fold accepts.
            let long = try readBytes(at: offset, count: min(end - offset, LineDecoder.maxLineBytes + 2))
            return JournalFile.line(in: long, from: 0) ?? long
        }
    }

    static let readBackSpan = 1 << 20

    /// The bytes of the line starting at `start` in `bytes`, without its newline, if it ends there.
    private static func line(in bytes: [UInt8], from start: Int) -> [UInt8]? {
        guard start >= 0, start < bytes.count, let nl = bytes[start...].firstIndex(of: 0x0A) else { return nil }
        return Array(bytes[start..<nl])
    }
}
