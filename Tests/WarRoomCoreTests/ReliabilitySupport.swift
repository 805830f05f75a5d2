// Helpers for the reliability suite (ReliabilityTests.swift, ReliabilityFuzzTests.swift).
// Everything here is prefixed `rel` / `Rel` so it cannot collide with other test files.
import Foundation
import Testing

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Settings

/// `WARROOM_SOAK=1` (scripts/soak.sh) turns the bounded counts of `make test` into soak counts.
let relSoak = ProcessInfo.processInfo.environment["WARROOM_SOAK"] == "1"

/// The seed of the seeded generators: `WARROOM_SEED` to replay a run, else a fixed one.
let relSeed: UInt64 = ProcessInfo.processInfo.environment["WARROOM_SEED"].flatMap { UInt64($0) } ?? 20_261_122

/// Prints a figure for docs/reliability.md, and appends it to `$WARROOM_FIGURES` when set (scripts/soak.sh).
func relFigure(_ text: String) {
    let line = "[reliability] \(text)"
    print(line)
    if let path = ProcessInfo.processInfo.environment["WARROOM_FIGURES"], !path.isEmpty {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        if fd >= 0 {
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
    }
}

// MARK: - Binaries

struct RelBinaries: Sendable {
    let warroom: String
    let torture: String
}

/// `warroom` is TestSupport.swift's `warroomBinary`; `wr-torture` is always taken from the same directory.
let relBinaryPaths: RelBinaries? = warroomBinary.map {
    RelBinaries(warroom: $0, torture: URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("wr-torture").path)
}

struct RelError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

func relBinaries() throws -> RelBinaries {
    guard let b = relBinaryPaths else {
        throw RelError(
            "warroom not found: build with `swift build --build-tests --scratch-path .build-rel` or set WARROOM_BIN")
    }
    guard FileManager.default.isExecutableFile(atPath: b.torture) else {
        throw RelError("wr-torture not found beside \(b.warroom): build every product (swift build --build-tests)")
    }
    return b
}

// Scratch directories are TestSupport.swift's TempDir, the seeded generator its
// SeededGenerator, file reading its fileBytes / fileText, quoting its shellQuote.

// MARK: - Files

/// The file's lines without their newlines (a last line without one included).
func relLines(_ path: String) -> [[UInt8]] {
    var lines = fileBytes(path).split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
    if lines.last?.isEmpty == true { lines.removeLast() }
    return lines
}

/// Appends raw bytes with O_APPEND (as a tool that knows nothing of the lock would).
func relAppendRaw(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o660)
    precondition(fd >= 0, "cannot open \(path)")
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

func relMode(_ path: String) -> (mode: UInt32, gid: UInt32, size: Int)? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return (UInt32(st.st_mode & 0o7777), UInt32(st.st_gid), Int(st.st_size))
}

/// The digest wr-torture's follow mode prints: SHA-256 of the timeline texts joined by "\n".
func relDigest(_ state: JournalState) -> (texts: Int, digest: String) {
    let texts = state.orderedIncidents.flatMap { $0.timeline.compactMap { $0.event.string("text") } }
    return (texts.count, Chain.hash(Array(texts.joined(separator: "\n").utf8)))
}

/// The fold of the journal's lines up to the one that applies the `events`-th event:
/// what a follower that stopped at `events` events saw (later bad lines aside).
func relPrefixState(_ path: String, events: Int) -> JournalReader {
    var r = JournalReader()
    for line in relLines(path) {
        if r.state.eventsApplied >= events { break }
        r.feed(line + [0x0A])
    }
    return r
}

/// One "events E bad B texts T digest D" line from `wr-torture follow`.
struct RelFollowReport: Equatable {
    var events: Int
    var bad: Int
    var texts: Int
    var digest: String

    init?(_ text: String) {
        let f = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        guard f.count >= 8, f[0] == "events", f[2] == "bad", f[4] == "texts", f[6] == "digest",
            let e = Int(f[1]), let b = Int(f[3]), let t = Int(f[5])
        else { return nil }
        events = e
        bad = b
        texts = t
        digest = f[7]
    }
}

/// The environment children run in: ours, without WARROOM_JOURNAL, with WARROOM_DATA at the package root.
func relEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["WARROOM_JOURNAL"] = nil
    env["WARROOM_DATA"] = packageRoot
    env["LANG"] = "C.UTF-8"
    for (k, v) in extra { env[k] = v }
    return env
}

// MARK: - Child processes

/// A child started with posix_spawn: stdout and stderr go to files, signals
/// start at their defaults (the test runner ignores SIGPIPE, the writer SIGXFSZ)
/// with an empty signal mask, and it is reaped by pid without blocking a test
/// thread. Foundation's `Process` would hand the child the mask of the thread
/// that starts it, and the test runner's threads block SIGTERM, SIGINT and
/// SIGHUP, so signal tests could not work with it. This is the one process
/// runner of the target: `relRun`, TestSupport.swift's `runProcess` and
/// DrillTests.swift's `RunningWarroom` all go through it.
final class RelChild: @unchecked Sendable {
    let pid: pid_t
    let outPath: String
    let errPath: String
    private(set) var waitStatus: Int32?

    init(
        _ executable: String, _ arguments: [String], environment: [String: String] = relEnvironment(),
        outPath: String, errPath: String, stdinPath: String = "/dev/null", directory: String? = nil
    ) throws {
        self.outPath = outPath
        self.errPath = errPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGXFSZ, SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGCHLD] { sigaddset(&defaults, s) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setsigmask(&attr, &mask)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        // Another working directory: through /bin/sh, which changes to it and execs
        // the program (posix_spawn_file_actions_addchdir_np is not visible from Swift).
        let (executable, arguments) =
            directory.map { ("/bin/sh", ["-c", "cd -- \"$0\" && exec \"$@\"", $0, executable] + arguments) }
            ?? (executable, arguments)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attr, argv, envp)
        guard rc == 0 else { throw RelError("cannot start \(executable): \(String(cString: strerror(rc)))") }
        pid = child
    }

    /// Reaps the child if it has ended; true when it has.
    @discardableResult
    func poll() -> Bool {
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
    func wait(timeout: Duration = .seconds(120)) async -> Bool {
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

    /// Signals the child unless it was already reaped (its pid may be someone else's by now).
    func signal(_ sig: Int32) {
        if waitStatus == nil { _ = Glibc.kill(pid, sig) }
    }

    /// Exit status when it exited normally.
    var exitCode: Int32? {
        guard let s = waitStatus, s >= 0, s & 0x7F == 0 else { return nil }
        return (s >> 8) & 0xFF
    }

    /// The signal that ended it, if one did.
    var termSignal: Int32? {
        guard let s = waitStatus, s >= 0, s & 0x7F != 0, s & 0x7F != 0x7F else { return nil }
        return s & 0x7F
    }

    var stdout: String { fileText(outPath) }
    var stderr: String { fileText(errPath) }

    deinit {
        if waitStatus == nil {
            _ = Glibc.kill(pid, SIGKILL)
            var st: Int32 = 0
            _ = waitpid(pid, &st, 0)
        }
    }
}

struct RelResult: Sendable {
    var status: Int32
    var signal: Int32?
    var stdout: String
    var stderr: String
    var seconds: Double
    var stdoutBytes: [UInt8]
}

/// Runs a program to its end (at most `timeout`), without blocking a test thread.
func relRun(
    _ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = relEnvironment(),
    timeout: Duration = .seconds(120)
) async throws -> RelResult {
    try await relRun(executable, arguments, stdinData: stdin.map { Data($0.utf8) }, environment: environment, timeout: timeout)
}

/// `relRun` with stdin as bytes (read from a file) and, optionally, another working directory.
func relRun(
    _ executable: String, _ arguments: [String], stdinData: Data?, environment: [String: String] = relEnvironment(),
    directory: String? = nil, timeout: Duration = .seconds(120)
) async throws -> RelResult {
    let dir = TempDir("run")
    var inPath = "/dev/null"
    if let stdinData {
        inPath = dir.file("in")
        try stdinData.write(to: URL(fileURLWithPath: inPath))
    }
    let started = Date()
    let c = try RelChild(
        executable, arguments, environment: environment, outPath: dir.file("out"), errPath: dir.file("err"),
        stdinPath: inPath, directory: directory)
    if !(await c.wait(timeout: timeout)) {
        c.signal(SIGKILL)
        _ = await c.wait(timeout: .seconds(10))
        throw RelError("\(executable) \(arguments.joined(separator: " ")) did not end within \(timeout)")
    }
    return RelResult(
        status: c.exitCode ?? -1, signal: c.termSignal, stdout: c.stdout, stderr: c.stderr,
        seconds: Date().timeIntervalSince(started), stdoutBytes: fileBytes(c.outPath))
}

/// Runs `/bin/sh -c script`.
func relShell(_ script: String, environment: [String: String] = relEnvironment(), timeout: Duration = .seconds(120))
    async throws -> RelResult
{
    try await relRun("/bin/sh", ["-c", script], environment: environment, timeout: timeout)
}

/// Waits until `body` returns a value, polling.
func relEventually<T>(timeout: Duration = .seconds(10), interval: Duration = .milliseconds(2), _ body: () throws -> T?)
    async rethrows -> T?
{
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if let v = try body() { return v }
        if clock.now >= deadline { return nil }
        try? await Task.sleep(for: interval)
    }
}

// MARK: - Events

let relT0: Date = RFC3339.parse("2026-11-22T08:00:00Z")!

func relDeclare(_ id: String = "INC-1", title: String = "Reliability", at: Date = relT0) -> Event {
    Event(
        .incidentDeclared, ts: at, actor: "rel", incident: id, id: Identity.newEventID(),
        data: ["title": .string(title), "severity": 2])
}

func relNote(_ text: String, incident: String = "INC-1", actor: String = "rel", at: Date = relT0) -> Event {
    Event(.note, ts: at, actor: actor, incident: incident, id: Identity.newEventID(), data: ["text": .string(text)])
}

/// The running user is root: file modes do not stop it.
let relIsRoot = geteuid() == 0

/// Where `setpriv` lives, to run a child as `nobody` when the tests run as root.
let relSetpriv: String? = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }

/// A prefix that runs a command as an unprivileged user: none when we are not root,
/// `setpriv` to nobody when we are (nil when that is impossible).
let relUnprivilegedPrefix: [String]? = {
    if !relIsRoot { return [] }
    guard let sp = relSetpriv else { return nil }
    return [sp, "--reuid=65534", "--regid=65534", "--clear-groups"]
}()
