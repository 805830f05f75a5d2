import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// Standard output that cannot fail silently. An operator who runs
/// `warroom check --head > head.txt` on a full disk must not be told
/// "success" over an empty file, so every command's output is checked:
/// text printed with `print` goes through stdio and is flushed and checked
/// once at exit (`installExitCheck`); large bodies go through `write`, checked
/// as they are written. A reader that went away (EPIPE, `| head`) ends the
/// command quietly, as other Unix tools do; any other failure (ENOSPC, EIO) is
/// an error with a message and a non-zero exit status.
enum StandardOutput {
    /// The exit status for a failed write (`check` keeps 1 for "bad lines found").
    nonisolated(unsafe) static var failureStatus: Int32 = 1

    /// Writes `text` after anything already printed, in full, or ends the process with a message.
    static func write(_ text: String) {
        write(Array(text.utf8))
    }

    static func write(_ bytes: [UInt8]) {
        // What `print` buffered goes first, so the order on the stream is the order of the calls.
        if fflush(nil) != 0 { fail(errno) }
        var done = 0
        bytes.withUnsafeBytes { raw in
            // An empty buffer has no base address and nothing to write.
            guard let base = raw.baseAddress else { return }
            while done < raw.count {
                let n = Glibc.write(STDOUT_FILENO, base + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    fail(errno)
                }
                if n == 0 { fail(EIO) }
                done += n
            }
        }
    }

    /// Checks, when the process exits however it exits, that everything `print` buffered was written.
    static func installExitCheck() {
        atexit {
            // A terminal that hung up has nobody left to tell; the console handles its own end.
            if isatty(STDOUT_FILENO) == 1 { return }
            if fflush(nil) != 0 { StandardOutput.fail(errno) }
            // The flush worked, but an earlier one did not: stdio no longer knows why.
            if (StandardOutput.stream.map { ferror($0) } ?? 0) != 0 { StandardOutput.fail(nil) }
        }
    }

    /// stdio's `stdout`. Swift 6 refuses to name that C global at all, so it is looked up by
    /// symbol; it is only read, once, for `ferror` (an earlier failed write that a retry hid).
    nonisolated(unsafe) private static let stream: UnsafeMutablePointer<FILE>? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout") else { return nil }
        return symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
    }()

    static func fail(_ errno: Int32?) -> Never {
        guard let e = errno else {
            say(tr("warroom: cannot write to standard output: a write to it failed; the output is incomplete") + "\n")
        }
        if e == EPIPE { _exit(141) }
        let cause = String(cString: strerror(e))
        let advice: String
        switch e {
        case ENOSPC:
            advice = tr("the disk it goes to is full; free some space or write elsewhere")
        case EDQUOT:
            advice = tr("your disk quota is used up; free some space or write elsewhere")
        case EFBIG:
            advice = tr("the file-size limit (ulimit -f) was reached")
        default:
            advice = tr("check where standard output goes")
        }
        say(
            tr(
                "warroom: cannot write to standard output: {cause}; {advice}; the output is incomplete",
                ["cause": cause, "advice": advice]) + "\n")
    }

    private static func say(_ message: String) -> Never {
        _ = message.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
        _exit(failureStatus)
    }
}
