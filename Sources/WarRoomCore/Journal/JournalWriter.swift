import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Appends events to a journal the way every warroom writer must, so that
/// several consoles, scripts and a drill runner can write at once:
/// `O_APPEND`, an exclusive `flock`, a torn last line sealed with `\n`, each
/// line in one `write(2)` with its length checked, `fdatasync`, unlock.
///
/// Events are built under the lock from the journal's state at that moment,
/// so checks such as "this incident exists" and choices such as the next free
/// incident id cannot race with another writer.
public final class JournalWriter {
    public let path: String
    /// Flush each append to disk. Bulk replay may turn this off and sync once.
    public var syncEachAppend = true
    /// The OS login of the process, recorded on every line it writes where it differs from the
    /// actor. Set from the real user id, never from the events: an input saying "actor":"root"
    /// or "login":"alice" cannot hide who wrote the line.
    public var login = Identity.loginName()
    /// How long to wait for another writer's lock before giving up.
    public var lockTimeout: TimeInterval = 5
    /// How long to keep waiting while other writers make progress, before saying the journal is too busy.
    public var busyLimit: TimeInterval = 60
    private let view: JournalFile

    /// - Parameter recordsTimelines: whether the state handed to `append`'s `make` keeps every
    ///   incident's timeline. No action's checks and no id a writer picks read a timeline, and
    ///   without them the writer's fold of a big journal takes a sixth of the memory; only the
    ///   drill runner, whose conditions look for events on the timeline, asks for them.
    public init(path: String, recordsTimelines: Bool = false) {
        self.path = path
        self.view = JournalFile(path: path, recordsTimelines: recordsTimelines)
        JournalWriter.ignoreFileSizeSignal()
    }

    /// Where the writer's lean fold is checkpointed (see Checkpoint); nil reads the journal whole.
    public var checkpoints: CheckpointStore? {
        get { view.checkpoints }
        set { view.checkpoints = newValue }
    }

    /// The state as of the last append or refresh by this writer.
    public var state: JournalState { view.state }

    /// A file-size limit must surface as EFBIG from write(2), not kill the process.
    private static let ignoreOnce: Void = { signal(SIGXFSZ, SIG_IGN) }()
    static func ignoreFileSizeSignal() { _ = ignoreOnce }

    /// Appends ready-made events.
    @discardableResult
    public func append(_ events: [Event]) throws(JournalError) -> [Event] {
        try append { _ throws(EventError) in events }
    }

    /// Appends the events `make` builds from the journal's state as it is
    /// under the write lock. Every event is checked as a reader would check
    /// it before anything is written; one bad event writes nothing.
    @discardableResult
    public func append(_ make: (JournalState) throws(EventError) -> [Event]) throws(JournalError) -> [Event] {
        // A command that cannot succeed on a journal that does not exist yet must not create it.
        if access(path, F_OK) != 0 && errno == ENOENT {
            do {
                if try make(JournalState()).isEmpty { return [] }
            } catch {
                throw JournalError(.invalid, path: path, message: error.reason)
            }
        }
        // Catch up with the journal before taking the lock, so the lock is held
        // only for the few lines appended meanwhile, however long the journal.
        _ = try? view.refresh()
        let fd = try openLocked()
        defer { close(fd) }
        defer { flock(fd, LOCK_UN) }

        // Seal a torn tail first, so a complete last line left without its
        // newline counts before our events are checked against the state.
        try sealTornTail(fd)
        try view.refresh()
        let events: [Event]
        do {
            events = try make(view.state)
        } catch {
            throw JournalError(.invalid, path: path, message: error.reason)
        }
        // Chain each line to the one before it, under the lock; the same rules as the database writer's.
        let first = view.reader.lineCount + 1
        let genesis = view.reader.lineCount == 0 ? Chain.genesis : Chain.hash(try view.lastLineBytes())
        let (written, lines) = try JournalBatch.build(events, on: view.state, seq: first, prev: genesis, login: login, journal: path)
        var batch: [UInt8] = []
        for line in lines {
            batch += line
            batch.append(0x0A)
        }
        guard !batch.isEmpty else { return [] }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw JournalError.system(.write, path: path, doing: "inspect", errno: errno) }
        let before = st.st_size
        // The whole batch in one write(2): a writer killed before it leaves nothing, after it everything
        // (docs/journal-format.md, "A batch is all or nothing").
        if let e = writeFully(fd, batch) {
            // Take back a partial batch so no half-written event is left behind.
            if ftruncate(fd, before) != 0 {
                throw JournalError(
                    .write, path: path,
                    message: tr(
                        "cannot append to {path}: {cause}, and removing the partial line failed too; the next append will seal it as one bad line",
                        ["path": path, "cause": String(cString: strerror(e))]),
                    errno: e)
            }
            throw JournalError.system(.write, path: path, doing: "append to", errno: e)
        }
        if syncEachAppend && fdatasync(fd) != 0 {
            let e = errno
            throw JournalError(
                .write, path: path,
                message: tr(
                    "appended to {path}, but flushing it to disk failed: {cause}; the events are in the file, so do not append them again",
                    ["path": path, "cause": String(cString: strerror(e))]),
                errno: e)
        }
        return written
    }

    /// Flushes the journal to disk (after appends with `syncEachAppend` off).
    public func sync() throws(JournalError) {
        let fd = try RegularFile.open(path, flags: O_WRONLY | O_APPEND, doing: "open", kind: .write)
        defer { close(fd) }
        if fdatasync(fd) != 0 { throw JournalError.system(.write, path: path, doing: "flush", errno: errno) }
    }

    /// Opens the journal and takes the lock, making sure the path still names
    /// the file we locked (it may have been replaced while we waited).
    private func openLocked() throws(JournalError) -> Int32 {
        for _ in 0..<5 {
            let fd = try openForAppend()
            do {
                try lock(fd)
            } catch {
                close(fd)
                throw error
            }
            var a = stat()
            var b = stat()
            if fstat(fd, &a) == 0, lstat(path, &b) == 0, a.st_ino == b.st_ino, a.st_dev == b.st_dev { return fd }
            flock(fd, LOCK_UN)
            close(fd)
        }
        throw JournalError(
            .open, path: path,
            message: tr("cannot append to {path}: the file keeps being replaced while we write; try again", ["path": path]))
    }

    /// Read and write: the torn-tail check reads the last byte of the very file that is locked.
    private func openForAppend() throws(JournalError) -> Int32 {
        do {
            return try RegularFile.open(path, flags: O_RDWR | O_APPEND, doing: "open", kind: .open)
        } catch  where error.errno == ENOENT {}
        do {
            let fd = try RegularFile.open(path, flags: O_RDWR | O_APPEND | O_CREAT | O_EXCL, mode: 0o660, doing: "create", kind: .open)
            // Group-writable regardless of umask, so a team group can share the journal.
            fchmod(fd, 0o660)
            syncDirectory()
            return fd
        } catch  where error.errno == EEXIST {}
        // Another writer created it meanwhile (or planted something, which the open refuses).
        return try RegularFile.open(path, flags: O_RDWR | O_APPEND, doing: "open", kind: .open)
    }

    private func syncDirectory() {
        let dir = (path as NSString).deletingLastPathComponent
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    /// Takes the exclusive lock, waiting in the kernel (a blocking `flock` on a
    /// helper thread), so the waiter is woken the moment the lock is free instead
    /// of polling and losing the race to writers that re-lock at once. The wait
    /// is bounded by progress, not by the clock alone: while the journal keeps
    /// growing the holders are working and the wait goes on (up to
    /// `busyLimit`); only a holder that wrote nothing for `lockTimeout` is
    /// called stuck.
    private func lock(_ fd: Int32) throws(JournalError) {
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
        let e0 = errno
        if e0 != EWOULDBLOCK && e0 != EINTR { throw JournalError.system(.lock, path: path, doing: "lock", errno: e0) }
        let waiter = LockWaiter(fd)
        guard waiter.start() else { throw JournalError.system(.lock, path: path, doing: "lock", errno: errno) }
        let started = Date()
        var mark = JournalWriter.progressMark(fd)
        var roundStart = started
        while true {
            if let e = waiter.wait(until: roundStart.addingTimeInterval(lockTimeout)) {
                if e == 0 { return }
                throw JournalError.system(.lock, path: path, doing: "lock", errno: e)
            }
            let now = JournalWriter.progressMark(fd)
            let waited = Date().timeIntervalSince(started)
            if now != mark && waited < busyLimit {
                // The journal changed: whoever holds the lock is writing. Keep waiting.
                mark = now
                roundStart = Date()
                continue
            }
            waiter.abandon()
            if now != mark {
                throw JournalError(
                    .lockTimeout, path: path,
                    message: tr(
                        "cannot append to {path}: the journal stayed busy for {seconds} s, other writers appending all along; nothing was written, try again",
                        ["path": path, "seconds": String(Int(waited))]))
            }
            var st = stat()
            fstat(fd, &st)
            let seconds = String(Int(lockTimeout))
            let message =
                JournalWriter.lockHolder(inode: UInt64(st.st_ino)).map {
                    tr(
                        "cannot append to {path}: the journal has been locked by process {pid} for over {seconds} s with nothing written to it; if that process is stuck, stop it and try again",
                        ["path": path, "pid": String($0), "seconds": seconds])
                }
                ?? tr(
                    "cannot append to {path}: the journal has been locked for over {seconds} s with nothing written to it; if that process is stuck, stop it and try again",
                    ["path": path, "seconds": seconds])
            throw JournalError(.lockTimeout, path: path, message: message)
        }
    }

    /// What changes when anyone appends: size and modification time.
    private static func progressMark(_ fd: Int32) -> [Int] {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return [] }
        return [Int(st.st_size), st.st_mtim.tv_sec, st.st_mtim.tv_nsec, Int(truncatingIfNeeded: st.st_ino)]
    }

    /// The write(2) the writer calls: tests put a failing one here (a full disk) without filling one.
    var systemWrite: (Int32, UnsafeRawPointer, Int) -> Int = { fd, p, n in Glibc.write(fd, p, n) }

    /// Writes all of `bytes` at the end of the journal; nil, or the errno that stopped it. A short
    /// write is retried, so the errno is the one the kernel gave (ENOSPC, EFBIG, EIO), not a guess.
    private func writeFully(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        JournalWriter.killPoint()
        var done = 0
        return bytes.withUnsafeBytes { raw -> Int32? in
            // An empty buffer has no base address and nothing to write.
            guard let base = raw.baseAddress else { return nil }
            while done < raw.count {
                let n = systemWrite(fd, base + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                done += n
            }
            return nil
        }
    }

    /// Journal writes made by this process, for the kill-point hook.
    nonisolated(unsafe) private static var writesMade = 0
    /// Set only by the tests: `WARROOM_TEST_EXIT_BEFORE_WRITE=K` ends the process at once (as a SIGKILL
    /// would, no clean-up) just before its K-th write to a journal, so every kill point can be tested.
    private static let exitBeforeWrite = Int(ProcessInfo.processInfo.environment["WARROOM_TEST_EXIT_BEFORE_WRITE"] ?? "")

    private static func killPoint() {
        guard let k = exitBeforeWrite else { return }
        writesMade += 1
        if writesMade == k { _exit(137) }
    }

    /// The pid holding a flock on the inode, from /proc/locks, when it can be known.
    static func lockHolder(inode: UInt64) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            // "1: FLOCK  ADVISORY  WRITE 12345 fd:01:123456 0 EOF"
            guard f.count >= 6, f[1] == "FLOCK", let pid = Int(f[4]) else { continue }
            if let ino = f[5].split(separator: ":").last, UInt64(ino) == inode { return pid }
        }
        return nil
    }

    /// A writer that died mid-line left a fragment: end it so it stays one bad line.
    private func sealTornTail(_ fd: Int32) throws(JournalError) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw JournalError.system(.write, path: path, doing: "inspect", errno: errno) }
        guard st.st_size > 0 else { return }
        var last: UInt8 = 0
        guard pread(fd, &last, 1, st.st_size - 1) == 1 else {
            throw JournalError.system(.read, path: path, doing: "read", errno: errno)
        }
        if last != 0x0A {
            if let e = writeFully(fd, [0x0A]) {
                throw JournalError.system(.write, path: path, doing: "append to", errno: e)
            }
        }
    }
}
