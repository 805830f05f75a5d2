import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The write end the signal handlers use: a handler may touch only plain
/// globals, and one process has one set of handlers, so one pipe at a time.
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1

/// A self-pipe: turns signals (and a stop asked for by another thread) into a
/// byte that poll(2) waits on next to the loop's other descriptors. Used by the
/// console and by `warroom drill run`, so the handler plumbing lives here once.
final class SignalPipe {
    /// The end to poll for input.
    let readEnd: Int32
    private let writeEnd: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        pipe(&fds)
        readEnd = fds[0]
        writeEnd = fds[1]
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    /// Sends `signals` to this pipe (the last pipe to ask gets them). A parent may have
    /// blocked them; a process that ignores a hang-up would outlive its terminal, so they
    /// are unblocked.
    func catchSignals(_ signals: [Int32]) {
        signalPipeWrite = writeEnd
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in signals { sigaddset(&unblock, sig) }
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        for sig in signals {
            signal(sig) { s in
                var b = UInt8(truncatingIfNeeded: s)
                _ = write(signalPipeWrite, &b, 1)
            }
        }
    }

    /// Puts `signal` on the pipe as if it had arrived (a stop asked for by another thread).
    func post(_ signal: Int32) {
        var b = UInt8(truncatingIfNeeded: signal)
        _ = write(writeEnd, &b, 1)
    }

    /// The signal waiting on the pipe, if one is.
    func take() -> Int32? {
        var b: UInt8 = 0
        return read(readEnd, &b, 1) == 1 ? Int32(b) : nil
    }
}
