import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking `flock(LOCK_EX)` that the caller can stop waiting for. The
/// kernel queues the waiter and wakes it as soon as the lock is free, which
/// polling with `LOCK_NB` cannot do; the wait runs on a helper thread on a
/// duplicate of the descriptor, which shares its open file description, so
/// the lock it takes is the caller's lock.
final class LockWaiter: @unchecked Sendable {
    private let fd: Int32
    private let mutex = NSLock()
    private let done = DispatchSemaphore(value: 0)
    /// 0 once locked, or the errno that stopped the wait.
    private var result: Int32?
    private var abandoned = false

    init(_ original: Int32) {
        fd = fcntl(original, F_DUPFD_CLOEXEC, 0)
    }

    /// Starts waiting; false if the descriptor could not be duplicated.
    func start() -> Bool {
        guard fd >= 0 else { return false }
        let thread = Thread { [self] in run() }
        thread.stackSize = 64 << 10
        thread.start()
        return true
    }

    private func run() {
        var r: Int32
        var e: Int32 = 0
        repeat {
            r = flock(fd, LOCK_EX)
            e = r == 0 ? 0 : errno
        } while r != 0 && e == EINTR
        mutex.lock()
        if abandoned {
            // The caller gave up (and closes its descriptor): do not keep the lock from the others.
            if r == 0 { flock(fd, LOCK_UN) }
        } else {
            result = e
        }
        mutex.unlock()
        // The caller's descriptor keeps the open file description, and the lock with it.
        close(fd)
        done.signal()
    }

    /// 0 when the lock is taken, an errno if the wait failed, nil if `deadline` passed first.
    func wait(until deadline: Date) -> Int32? {
        let seconds = max(0, deadline.timeIntervalSinceNow)
        if done.wait(timeout: .now() + seconds) == .success {
            done.signal()
            return mutex.withLock { result }
        }
        return nil
    }

    /// Stops waiting. A lock that comes in later is released by the helper; one that came in
    /// already is the caller's, released when it closes its descriptor.
    func abandon() {
        mutex.withLock { abandoned = true }
    }
}
