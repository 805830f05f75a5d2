import Crypto
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Splits journal bytes into lines and folds them into a `JournalState`,
/// incrementally: feeding new bytes costs what those bytes cost, never a
/// re-read of what came before. It does no I/O; `JournalFile` feeds it.
///
/// A last line without its newline is pending, not bad: it applies when the
/// newline arrives. A line that grows past the 64 KiB limit is not buffered
/// further, so a hostile file cannot make the reader hold unbounded memory.
public struct JournalReader: @unchecked Sendable {
    public private(set) var state = JournalState()
    /// Bytes of the journal fully read: the offset where the pending line starts.
    public private(set) var consumed = 0
    /// Lines completed so far (blank ones included), so the next line is `lineCount + 1`.
    public private(set) var lineCount = 0
    private var pending: [UInt8] = []
    /// Bytes of an over-long pending line that were dropped instead of buffered.
    private var discarded = 0
    /// The chain still needs the dropped line's hash: it is hashed as it streams past.
    private var discardedHash: SHA256?
    private var lastDiscardedByte: UInt8 = 0
    /// Keep every applied event in file order (for replay).
    public var keepsLog: Bool
    public private(set) var log: [TimelineEntry] = []
    /// Verify the tamper-evidence chain while reading (console, `check`).
    public var verifiesChain: Bool
    public private(set) var chain = ChainStatus()
    /// Where the last complete line starts and how long it is (without its
    /// newline): the writer hashes it for the next line's `prev`.
    public private(set) var lastLineOffset = 0
    public private(set) var lastLineLength = 0

    /// - Parameter recordsTimelines: false for a summary (`status`): counts instead of every event kept.
    public init(keepsLog: Bool = false, verifiesChain: Bool = false, recordsTimelines: Bool = true) {
        self.keepsLog = keepsLog
        self.verifiesChain = verifiesChain
        state.recordsTimelines = recordsTimelines
    }

    /// A reader that goes on after the lines a checkpoint covers, as if it had read them.
    init(resuming state: JournalState, consumed: Int, lineCount: Int, lastLineOffset: Int, lastLineLength: Int) {
        self.init(recordsTimelines: false)
        self.state = state
        self.state.recordsTimelines = false
        self.consumed = consumed
        self.lineCount = lineCount
        self.lastLineOffset = lastLineOffset
        self.lastLineLength = lastLineLength
    }

    /// Bytes after the last newline, waiting for theirs.
    public var pendingBytes: Int { pending.count + discarded }

    /// The total number of bytes fed.
    public var offset: Int { consumed + pendingBytes }

    /// Shows another state in place of the folded one (the journal as of an earlier moment).
    public mutating func replaceState(_ s: JournalState) {
        state = s
    }

    /// Keeps only open incidents' timelines from now on (see JournalState.openTimelinesOnly).
    public mutating func keepOpenTimelinesOnly() {
        state.openTimelinesOnly = true
    }

    /// Keeps `id`'s timeline too, with these entries read back (see JournalState.keepTimeline).
    public mutating func keepTimeline(of id: String?, entries: [TimelineEntry]?) {
        state.keepTimeline(of: id, entries: entries)
    }

    /// Whether the fold keeps timelines (a console's bulk read turns it off for a while).
    public var recordsTimelines: Bool {
        get { state.recordsTimelines }
        set { state.recordsTimelines = newValue }
    }

    /// Gives incident `id` its whole timeline, read back from the journal.
    public mutating func holdTimeline(of id: String, entries: [TimelineEntry]) {
        state.holdTimeline(of: id, entries: entries)
    }

    /// Reads a whole byte array as a journal.
    public static func read(_ bytes: [UInt8]) -> JournalReader {
        var r = JournalReader()
        r.feed(bytes)
        return r
    }

    public mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { feed($0) }
    }

    /// Below this many bytes of complete lines, decoding on several cores costs more than it saves.
    static let parallelThreshold = 256 * 1024

    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var start = 0
        let n = bytes.count
        while start < n {
            let rest = n - start
            if pending.isEmpty && discarded == 0 && rest >= Self.parallelThreshold, let lastNL = lastNewline(base, from: start, to: n) {
                start = feedParallel(base, from: start, through: lastNL)
                continue
            }
            guard let hit = memchr(base + start, 0x0A, rest) else {
                keepPending(UnsafeBufferPointer(start: base + start, count: rest))
                return
            }
            let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            let piece = UnsafeBufferPointer(start: base + start, count: end - start)
            if pending.isEmpty && discarded == 0 {
                processLine(piece)
            } else if discarded > 0 {
                // Measured like a whole line: without a trailing `\r`.
                let cr = piece.isEmpty ? lastDiscardedByte == 0x0D : piece.last == 0x0D
                let total = discarded + pending.count + piece.count - (cr ? 1 : 0)
                lineCount += 1
                state.recordBad(
                    BadLine(
                        line: lineCount, offset: consumed,
                        reason: tr("line is {bytes} bytes, over the 64 KiB limit", ["bytes": String(total)])))
                lastLineOffset = consumed
                lastLineLength = total + (cr ? 1 : 0)
                consumed += lastLineLength + 1
                pending.removeAll(keepingCapacity: false)
                discarded = 0
                if verifiesChain, var h = discardedHash {
                    h.update(bufferPointer: UnsafeRawBufferPointer(piece))
                    chain.advance(line: lineCount, hash: Chain.hex(h.finalize()))
                }
                discardedHash = nil
            } else {
                pending.append(contentsOf: piece)
                let line = pending
                pending.removeAll(keepingCapacity: true)
                line.withUnsafeBufferPointer { processLine($0) }
            }
            start = end + 1
        }
    }

    private mutating func keepPending(_ bytes: UnsafeBufferPointer<UInt8>) {
        if discarded > 0 {
            discarded += bytes.count
            discardedHash?.update(bufferPointer: UnsafeRawBufferPointer(bytes))
            if let last = bytes.last { lastDiscardedByte = last }
            return
        }
        if pending.count + bytes.count > LineDecoder.maxLineBytes + 1 {
            discarded = pending.count + bytes.count
            lastDiscardedByte = bytes.last ?? 0
            if verifiesChain {
                var h = SHA256()
                pending.withUnsafeBytes { h.update(bufferPointer: $0) }
                h.update(bufferPointer: UnsafeRawBufferPointer(bytes))
                discardedHash = h
            }
            pending.removeAll(keepingCapacity: false)
            return
        }
        pending.append(contentsOf: bytes)
    }

    private func lastNewline(_ base: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int? {
        var i = end - 1
        while i >= from {
            if base[i] == 0x0A { return i }
            i -= 1
        }
        return nil
    }

    /// One line decoded, before it is applied (decoding is pure, so it runs on any core).
    enum Decoded {
        case blank
        case event(Event)
        case bad(String)
    }

    static func decodeLine(_ raw: UnsafeBufferPointer<UInt8>) -> Decoded {
        var line = raw
        if let last = line.last, last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        for b in line where b != 0x20 && b != 0x09 {
            switch LineDecoder.decode(line) {
            case .success(let e): return .event(e)
            case .failure(let error): return .bad(error.reason)
            }
        }
        return .blank
    }

    /// Lines decoded in one parallel pass, so the decoded lines waiting to be applied stay bounded.
    static let parallelMaxLines = 32_768

    /// Lines decoded per batch: the unit handed between cores.
    static let batchLines = 512

    /// Decodes the complete lines in `from...through` (through is a newline) on
    /// every core while this thread applies them in file order as their batch
    /// is ready (and decodes a batch itself when it would otherwise wait).
    /// Returns where to go on.
    private mutating func feedParallel(_ base: UnsafePointer<UInt8>, from: Int, through last: Int) -> Int {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(min((last - from) / 128, Self.parallelMaxLines))
        var s = from
        // At most parallelMaxLines at a time: each decoded line is held until applied, and a chunk
        // of blank or one-byte lines would otherwise cost that for millions of lines at once.
        while s <= last && ranges.count < Self.parallelMaxLines {
            guard let hit = memchr(base + s, 0x0A, last - s + 1) else {
                // The caller passes the offset of a newline as `last`, so one is always found by it.
                preconditionFailure("feedParallel: no newline up to \(last), which the caller found to be one")
            }
            let e = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            ranges.append(s..<e)
            s = e + 1
        }
        let last = s - 1
        let count = ranges.count
        let per = Self.batchLines
        let batches = (count + per - 1) / per
        let helpers = max(0, min(ProcessInfo.processInfo.activeProcessorCount - 1, 7, batches - 1))
        let out = UnsafeMutablePointer<Decoded>.allocate(capacity: count)
        defer { out.deallocate() }
        // Each line's hash is taken beside its decoding, on every core: hashing a big journal
        // on the applying thread alone was the longest part of `check`. (A digest is plain bytes.)
        let hashes = verifiesChain
        let digests = UnsafeMutablePointer<SHA256.Digest>.allocate(capacity: hashes ? count : 0)
        defer { digests.deallocate() }
        let work = DecodeWork(batches: batches, helpers: helpers)
        nonisolated(unsafe) let sharedOut = out
        nonisolated(unsafe) let sharedDigests = digests
        nonisolated(unsafe) let sharedBase = base
        let sharedRanges = ranges
        let decodeBatch: @Sendable (Int, Int) -> Void = { b, decoder in
            for i in b * per..<min(count, (b + 1) * per) {
                let r = sharedRanges[i]
                let line = UnsafeBufferPointer(start: sharedBase + r.lowerBound, count: r.count)
                (sharedOut + i).initialize(to: JournalReader.decodeLine(line))
                if hashes { (sharedDigests + i).initialize(to: SHA256.hash(data: UnsafeRawBufferPointer(line))) }
            }
            work.decodedBy[b] = decoder
            work.ready[b].signal()
        }
        // A batch's events are freed by the thread that made them: freeing into another
        // thread's malloc arena takes that arena's lock, and the two cores then wait on each other.
        let free: @Sendable (Int) -> Void = { b in
            let lo = b * per
            (sharedOut + lo).deinitialize(count: min(count, lo + per) - lo)
        }
        let group = DispatchGroup()
        for h in 0..<helpers {
            DispatchQueue.global().async(group: group) {
                while let b = work.claim() {
                    decodeBatch(b, h + 1)
                    for f in work.applied(by: h + 1) { free(f) }
                }
                while let done = work.waitApplied(by: h + 1) { for f in done { free(f) } }
            }
        }
        for b in 0..<batches {
            // Help while the next batch in file order is not ready yet.
            while work.ready[b].wait(timeout: .now()) != .success {
                if let c = work.claim() {
                    decodeBatch(c, 0)
                } else {
                    work.ready[b].wait()
                    break
                }
            }
            for i in b * per..<min(count, (b + 1) * per) {
                let r = ranges[i]
                // Moved out and back without a copy: the slot is freed later, by the thread that decoded it.
                let d = (out + i).move()
                apply(d, raw: UnsafeBufferPointer(start: base + r.lowerBound, count: r.count), digest: hashes ? digests[i] : nil)
                (out + i).initialize(to: d)
            }
            let decoder = work.decodedBy[b]
            if decoder == 0 { free(b) } else { work.hand(b, to: decoder) }
        }
        work.finish()
        group.wait()
        return last + 1
    }

    private mutating func processLine(_ raw: UnsafeBufferPointer<UInt8>) {
        apply(JournalReader.decodeLine(raw), raw: raw)
    }

    /// - Parameter digest: the line's hash when it was already taken, else it is taken here.
    private mutating func apply(_ decoded: Decoded, raw: UnsafeBufferPointer<UInt8>, digest: SHA256.Digest? = nil) {
        lineCount += 1
        let lineOffset = consumed
        consumed += raw.count + 1
        lastLineOffset = lineOffset
        lastLineLength = raw.count
        var chained: Event?
        switch decoded {
        case .blank:
            break
        case .event(let e):
            if state.apply(e, line: lineCount, offset: lineOffset) == nil && keepsLog {
                log.append(TimelineEntry(line: lineCount, event: e))
            }
            // Only here is the event copied for the chain: this runs for every line.
            if verifiesChain { chained = e }
        case .bad(let reason):
            state.recordBad(BadLine(line: lineCount, offset: lineOffset, reason: reason))
        }
        if verifiesChain {
            if let digest {
                chain.advance(line: lineCount, digest: digest, event: chained)
            } else {
                chain.advance(line: lineCount, bytes: raw, event: chained)
            }
        }
    }
}

/// Hands out batches of lines to decode, once each, tells when each is done,
/// and hands applied batches back to the helper that decoded them, to free.
private final class DecodeWork: @unchecked Sendable {
    private let next = Atomic<Int>(0)
    let batches: Int
    let ready: [DispatchSemaphore]
    /// Who decoded each batch (0 the applying thread, 1... the helpers); written before `ready` is signalled.
    let decodedBy: UnsafeMutablePointer<Int>
    /// Per helper: applied batches to free, and whether the applying thread is done.
    private let inboxes: [Inbox]

    private final class Inbox: @unchecked Sendable {
        let lock = NSLock()
        var batches: [Int] = []
        var finished = false
        let wake = DispatchSemaphore(value: 0)
    }

    init(batches: Int, helpers: Int) {
        self.batches = batches
        ready = (0..<batches).map { _ in DispatchSemaphore(value: 0) }
        decodedBy = UnsafeMutablePointer<Int>.allocate(capacity: max(1, batches))
        decodedBy.initialize(repeating: 0, count: max(1, batches))
        inboxes = (0...helpers).map { _ in Inbox() }
    }

    deinit { decodedBy.deallocate() }

    func claim() -> Int? {
        let b = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return b < batches ? b : nil
    }

    func hand(_ batch: Int, to helper: Int) {
        let box = inboxes[helper]
        box.lock.withLock { box.batches.append(batch) }
        box.wake.signal()
    }

    /// The applied batches waiting for this helper, without waiting.
    func applied(by helper: Int) -> [Int] {
        let box = inboxes[helper]
        return box.lock.withLock {
            defer { box.batches.removeAll() }
            return box.batches
        }
    }

    /// Waits for applied batches; nil once the applying thread is done and none are left.
    func waitApplied(by helper: Int) -> [Int]? {
        let box = inboxes[helper]
        while true {
            let (got, finished) = box.lock.withLock {
                defer { box.batches.removeAll() }
                return (box.batches, box.finished)
            }
            if !got.isEmpty { return got }
            if finished { return nil }
            box.wake.wait()
        }
    }

    func finish() {
        for box in inboxes {
            box.lock.withLock { box.finished = true }
            box.wake.signal()
        }
    }
}
