import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// Running a program to its end, and the wrappers the suites call it by.

/// What a program did, run to its end.
public struct ProcessResult: Sendable {
    /// The exit code, or 128 + the signal that ended it (as a shell reports it).
    public var status: Int32
    /// The signal that ended it, if one did.
    public var signal: Int32?
    public var stdoutBytes: [UInt8]
    public var stderr: String
    /// Wall time from start to end.
    public var seconds: Double

    public var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    /// The UI tests' name for `stdout`.
    public var text: String { stdout }
    /// Terminated by a signal rather than exiting.
    public var signaled: Bool { signal != nil }
}

public typealias RunResult = ProcessResult
public typealias RelResult = ProcessResult

/// The environment children run in: the caller's, without WARROOM_JOURNAL (or
/// tmux's variables), with WARROOM_DATA at the package root so the shipped
/// playbooks are found, and a UTF-8 locale whatever the runner's.
public func childEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["WARROOM_JOURNAL"] = nil
    env["TMUX"] = nil
    env["TMUX_PANE"] = nil
    env["WARROOM_DATA"] = packageRoot
    env["LANG"] = "C.UTF-8"
    // English unless a test asks for another language: the runner's own locale must not leak in.
    for k in ["LC_ALL", "LC_MESSAGES", "LC_CTYPE", "WARROOM_LANG"] { env[k] = nil }
    // Checkpoints of test journals go to one throwaway directory, never the runner's ~/.cache.
    env["XDG_CACHE_HOME"] = testCacheHome
    for (k, v) in extra { env[k] = v }
    return env
}

/// The cache directory the children see (checkpoints), one per test process, under the temporary directory.
private let testCacheHome: String = {
    let dir = NSTemporaryDirectory() + "warroom-test-cache-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()

/// The CLI tests' name for `childEnvironment`.
public func cliEnvironment(_ extra: [String: String] = [:]) -> [String: String] { childEnvironment(extra) }

/// The reliability tests' name for `childEnvironment`.
public func relEnvironment(_ extra: [String: String] = [:]) -> [String: String] { childEnvironment(extra) }

private let sigpipeIgnored: Void = { signal(SIGPIPE, SIG_IGN) }()

/// Ignores SIGPIPE in the test process, so writing to a child that has gone does not kill the runner.
public func ignoreSIGPIPE() { _ = sigpipeIgnored }

/// Runs a program to its end (at most `timeout`; it is killed after that)
/// without blocking a test thread; stdin, when given, and output go through files.
public func runProcess(
    _ executable: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil,
    directory: String? = nil, timeout: Duration = .seconds(120)
) async throws -> ProcessResult {
    ignoreSIGPIPE()
    let dir = TempDir("run")
    var inPath = "/dev/null"
    if let stdin {
        inPath = dir.file("in")
        try stdin.write(to: URL(fileURLWithPath: inPath))
    }
    let started = ContinuousClock.now
    let c = try ChildProcess(
        executable, arguments, environment: environment ?? childEnvironment(), outPath: dir.file("out"),
        errPath: dir.file("err"), stdinPath: inPath, directory: directory)
    if !(await c.wait(timeout: timeout)) {
        c.signal(SIGKILL)
        c.waitBlocking()
        throw TestSupportError.failed("\(executable) \(arguments.joined(separator: " ")) did not end within \(timeout)")
    }
    let elapsed = ContinuousClock.now - started
    let raw = c.waitStatus ?? -1
    return ProcessResult(
        status: raw < 0 ? -1 : exitStatus(raw), signal: c.termSignal, stdoutBytes: fileBytes(c.outPath),
        stderr: c.stderr,
        seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

/// `runProcess` with stdin as text.
public func run(
    _ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil,
    directory: String? = nil, timeout: Duration = .seconds(120)
) async throws -> ProcessResult {
    try await runProcess(
        executable, arguments, stdin: stdin.map { Data($0.utf8) }, environment: environment, directory: directory,
        timeout: timeout)
}

/// Runs `warroom` with the arguments.
public func warroom(
    _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil, directory: String? = nil
) async throws -> ProcessResult {
    try await run(try requireBinary(), arguments, stdin: stdin, environment: environment, directory: directory)
}

/// The reliability tests' name for `run`.
/// `relRun` with standard input given as bytes.
public func relRun(
    _ executable: String, _ arguments: [String], stdinData: Data?, environment: [String: String] = childEnvironment(),
    timeout: Duration = .seconds(120)
) async throws -> ProcessResult {
    try await runProcess(executable, arguments, stdin: stdinData, environment: environment, timeout: timeout)
}

public func relRun(
    _ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = childEnvironment(),
    timeout: Duration = .seconds(120)
) async throws -> ProcessResult {
    try await run(executable, arguments, stdin: stdin, environment: environment, timeout: timeout)
}

/// Runs `/bin/sh -c script`.
public func relShell(
    _ script: String, environment: [String: String] = childEnvironment(), timeout: Duration = .seconds(120)
) async throws -> ProcessResult {
    try await run("/bin/sh", ["-c", script], environment: environment, timeout: timeout)
}

/// Runs a short program to its end, blocking (for cleanups in `defer` and `deinit`); returns its status.
@discardableResult
public func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]) -> Int32 {
    guard
        let c = try? ChildProcess(
            executable, arguments, environment: environment, outPath: "/dev/null", errPath: "/dev/null")
    else { return -1 }
    c.waitBlocking()
    guard let raw = c.waitStatus, raw >= 0 else { return -1 }
    return exitStatus(raw)
}
