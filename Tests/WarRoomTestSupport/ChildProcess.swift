import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// The one way the tests start a program. posix_spawn by hand rather than
// Foundation's `Process` or swift-subprocess: `Process` hands the child the
// signal mask of the thread that starts it (the test runner's threads block
// SIGTERM, SIGINT and SIGHUP, so signal tests, and a tmux server that must see
// its hangup, could not work); swift-subprocess resets signals too, but only
// runs a child inside the scope of one call, and the tests also need children
// that outlive a call (a console under test, a lock holder) and a blocking
// cleanup from `deinit`.

/// The signals a child starts with at their default action, whatever the test
/// runner did with them (it ignores SIGPIPE; the writer sets SIGXFSZ; a console
/// in a tmux pane must get SIGWINCH's default before it installs its own).
let childDefaultSignals = [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGXFSZ, SIGCHLD, SIGWINCH]

/// Starts a program: stdin from a file, stdout and stderr to files, default
/// signal actions and an empty signal mask, optionally in another directory.
public func spawn(
    _ executable: String, _ arguments: [String], environment: [String: String], stdin: String = "/dev/null",
    stdout: String, stderr: String, directory: String? = nil
) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigmask(&attr, &mask)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for sig in childDefaultSignals { sigaddset(&defaults, sig) }
    posix_spawnattr_setsigdefault(&attr, &defaults)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    // Another working directory: through /bin/sh, which changes to it and execs
    // the program (posix_spawn_file_actions_addchdir_np is not visible from Swift).
    let (program, args) =
        directory.map { ("/bin/sh", ["-c", "cd -- \"$0\" && exec \"$@\"", $0, executable] + arguments) }
        ?? (executable, arguments)
    let argv: [UnsafeMutablePointer<CChar>?] = ([program] + args).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for p in argv { free(p) }
        for p in envp { free(p) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, program, &actions, &attr, argv, envp)
    guard rc == 0 else { throw TestSupportError.failed("cannot start \(executable): \(String(cString: strerror(rc)))") }
    return pid
}

/// The exit status of a reaped child: its code, or 128 + the signal that ended it.
public func exitStatus(_ raw: Int32) -> Int32 {
    raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
}

/// The signal that ended a reaped child, if one did.
public func exitSignal(_ raw: Int32) -> Int32? {
    raw & 0x7F != 0 && raw & 0x7F != 0x7F ? raw & 0x7F : nil
}

/// A started child, reaped by pid without blocking a test thread; killed and
/// reaped on deinit if it is still running.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    public let outPath: String
    public let errPath: String
    /// The raw wait status once reaped (-1 when someone else reaped it).
    public private(set) var waitStatus: Int32?

    public init(
        _ executable: String, _ arguments: [String], environment: [String: String] = childEnvironment(),
        outPath: String, errPath: String, stdinPath: String = "/dev/null", directory: String? = nil
    ) throws {
        self.outPath = outPath
        self.errPath = errPath
        pid = try spawn(
            executable, arguments, environment: environment, stdin: stdinPath, stdout: outPath, stderr: errPath,
            directory: directory)
    }

    /// Reaps the child if it has ended; true when it has.
    @discardableResult
    public func poll() -> Bool {
        if waitStatus != nil { return true }
        var st: Int32 = 0
        let r = waitpid(pid, &st, WNOHANG)
        if r == pid {
            waitStatus = st
            return true
        }
        if r < 0 && errno == ECHILD {
            // Reaped elsewhere: count it as ended, status unknown.
            waitStatus = -1
            return true
        }
        return false
    }

    /// Waits for the end, polling; false on timeout.
    public func wait(timeout: Duration = .seconds(120)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var pause = 200
        while !poll() {
            if clock.now >= deadline { return false }
            try? await Task.sleep(for: .microseconds(pause))
            pause = min(pause * 2, 20_000)
        }
        return true
    }

    /// Waits for the end, blocking the thread (for cleanups in `defer` and `deinit`).
    public func waitBlocking() {
        while waitStatus == nil {
            var st: Int32 = 0
            let r = waitpid(pid, &st, 0)
            if r == pid { waitStatus = st } else if r < 0 && errno != EINTR { waitStatus = -1 }
        }
    }

    /// Signals the child unless it was already reaped (its pid may be someone else's by now).
    public func signal(_ sig: Int32) {
        if waitStatus == nil { _ = Glibc.kill(pid, sig) }
    }

    /// Exit status when it exited normally.
    public var exitCode: Int32? {
        guard let s = waitStatus, s >= 0, s & 0x7F == 0 else { return nil }
        return (s >> 8) & 0xFF
    }

    /// The signal that ended it, if one did.
    public var termSignal: Int32? {
        guard let s = waitStatus, s >= 0 else { return nil }
        return exitSignal(s)
    }

    public var stdout: String { fileText(outPath) }
    public var stderr: String { fileText(errPath) }

    deinit {
        if waitStatus == nil {
            _ = Glibc.kill(pid, SIGKILL)
            var st: Int32 = 0
            _ = waitpid(pid, &st, 0)
        }
    }
}

/// The reliability tests' name for it.
public typealias RelChild = ChildProcess
