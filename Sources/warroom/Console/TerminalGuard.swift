import CNcursesw
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// Whatever ends the console must hand the terminal back as it found it.
// A thrown error and a signal the loop turns into a return both pass through
// `endwin()`; a Swift trap (an overflow, a failed precondition) or a fault does
// not: the process dies inside a signal handler with the terminal still raw,
// no echo and output staircased. These handlers put the terminal back with
// async-signal-safe calls only (write and tcsetattr of bytes prepared in
// advance), then hand the signal to whoever handled it before (the Swift
// runtime's backtracer, or the default action) so the crash is still reported.

/// The terminal modes before `initscr`, restored by the crash handler.
nonisolated(unsafe) private var savedModes = termios()
nonisolated(unsafe) private var haveSavedModes = false
/// Bytes that undo what ncurses set: attributes off, cursor shown, the normal screen back.
nonisolated(unsafe) private var resetBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
nonisolated(unsafe) private var resetCount = 0
/// The handlers in place before ours, indexed by signal number.
nonisolated(unsafe) private var previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

enum TerminalGuard {
    /// The signals a crash arrives as: Swift traps are SIGILL or SIGTRAP, faults SIGSEGV or SIGBUS.
    static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

    /// Saves the terminal's modes; call before `initscr`.
    static func saveModes() {
        haveSavedModes = tcgetattr(STDIN_FILENO, &savedModes) == 0
    }

    /// Prepares the reset bytes from terminfo and installs the crash handlers; call after `initscr`.
    static func install() {
        var bytes: [UInt8] = []
        for cap in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            if let s = tigetstr(cap), Int(bitPattern: s) != -1 {
                bytes += Array(String(cString: s).utf8)
            }
        }
        bytes += Array("\r\n".utf8)
        resetCount = min(bytes.count, 256)
        for (i, b) in bytes.prefix(resetCount).enumerated() { resetBytes[i] = b }
        for sig in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                TerminalGuard.restoreFromSignal()
                // Ours done; the previous handler (or the default) reports the crash.
                _ = sigaction(sig, &previousActions[Int(sig)], nil)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            _ = sigaction(sig, &action, &previousActions[Int(sig)])
        }
    }

    /// Puts the previous handlers back once the console has ended normally.
    static func uninstall() {
        for sig in crashSignals { _ = sigaction(sig, &previousActions[Int(sig)], nil) }
    }

    /// Async-signal-safe: only write(2) and tcsetattr(3).
    static func restoreFromSignal() {
        _ = write(STDOUT_FILENO, resetBytes, resetCount)
        if haveSavedModes { _ = tcsetattr(STDIN_FILENO, TCSANOW, &savedModes) }
    }
}
