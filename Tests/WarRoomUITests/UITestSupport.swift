import Foundation
import Testing
import WarRoomCore
import WarRoomUI

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Locations

/// The package root, from this file's path (Tests/WarRoomUITests/UITestSupport.swift).
let uiPackageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// This test target's directory.
let uiTestsDirectory: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

let fixturesDirectory = uiTestsDirectory + "/Fixtures"
let snapshotsDirectory = uiTestsDirectory + "/Snapshots"

/// The `warroom` executable for end-to-end tests: `$WARROOM_BIN`, else the
/// first found of the one built beside this test bundle (whatever the scratch
/// path) and `debug/warroom` under the scratch paths the suites were built
/// with (.build-ui, .build-drill, .build-report, .build-rel, .build).
let uiWarroomBinary: String? = {
    if let b = ProcessInfo.processInfo.environment["WARROOM_BIN"], !b.isEmpty { return b }
    var candidates: [String] = []
    if let arg0 = CommandLine.arguments.first, !arg0.isEmpty {
        candidates.append(URL(fileURLWithPath: arg0).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("warroom").path)
    }
    let bundle = Bundle.main.bundleURL.resolvingSymlinksInPath()
    candidates.append(bundle.appendingPathComponent("warroom").path)
    candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("warroom").path)
    for scratch in [".build-ui", ".build-drill", ".build-report", ".build-rel", ".build"] {
        candidates.append(uiPackageRoot + "/" + scratch + "/debug/warroom")
    }
    return candidates.first { c in
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: c, isDirectory: &isDir) && !isDir.boolValue
            && FileManager.default.isExecutableFile(atPath: c)
    }
}()

let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

struct UITestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func requireBinary() throws -> String {
    guard let b = uiWarroomBinary else {
        throw UITestError("warroom binary not found: build it (swift build --build-tests) or set WARROOM_BIN")
    }
    return b
}

// MARK: - Journals and models

/// The shipped playbooks and policy, loaded once.
let shippedCatalog: PlaybookCatalog = PlaybookCatalog.load(directory: uiPackageRoot + "/playbooks")

let utc = TimeZone(identifier: "UTC")!

func fixtureBytes(_ name: String) -> [UInt8] {
    guard let d = FileManager.default.contents(atPath: fixturesDirectory + "/" + name) else {
        Issue.record("missing fixture \(name) in \(fixturesDirectory)")
        return []
    }
    return Array(d)
}

/// A console model over journal bytes, as the console builds it, in UTC.
func makeModel(_ bytes: [UInt8], path: String = "journal.jsonl") -> ConsoleModel {
    let reader = JournalReader.read(bytes)
    var m = ConsoleModel(state: reader.state, catalog: shippedCatalog, journalPath: path)
    m.pendingBytes = reader.pendingBytes
    m.timeZone = utc
    return m
}

func makeModel(lines: [String], path: String = "journal.jsonl") -> ConsoleModel {
    makeModel(journalBytes(lines), path: path)
}

/// The fixture's last event time plus 30 minutes: a fixed clock for its frames.
func fixedNow(_ bytes: [UInt8]) -> Date {
    (JournalReader.read(bytes).state.lastEventAt ?? T0).addingTimeInterval(30 * 60)
}

/// Draws a model on a fresh text grid.
@discardableResult
func render(_ model: ConsoleModel, now: Date, width: Int, height: Int, ascii: Bool = false) -> TextGrid {
    let grid = TextGrid(width: width, height: height, asciiOnly: ascii)
    ConsoleView(model: model, now: now, glyphs: ascii ? .ascii : .unicode).draw(on: grid)
    return grid
}

// MARK: - Building journal lines

/// The fixed instant synthetic journals start at.
let T0: Date = RFC3339.parse("2026-11-22T08:00:00Z")!

func ts(_ seconds: TimeInterval) -> String { RFC3339.format(T0.addingTimeInterval(seconds)) }

/// One journal line (no newline).
func ev(
    _ type: String, _ incident: String? = "INC-1", at seconds: TimeInterval = 0, actor: String = "alice",
    _ data: JSONObject = [:]
) -> String {
    var o = JSONObject()
    o["v"] = .number(1)
    o["ts"] = .string(ts(seconds))
    o["type"] = .string(type)
    o["actor"] = .string(actor)
    if let incident { o["incident"] = .string(incident) }
    o["data"] = .object(data)
    return JSONWriter.serialize(.object(o))
}

func declareLine(
    _ id: String = "INC-1", severity: Int = 2, title: String = "Payment outage", at seconds: TimeInterval = 0,
    actor: String = "alice", playbook: String? = "website-crisis"
) -> String {
    var d: JSONObject = ["title": .string(title), "severity": .number(Double(severity))]
    if let playbook { d["playbook"] = .string(playbook) }
    return ev("incident.declared", id, at: seconds, actor: actor, d)
}

func noteLine(_ text: String, _ incident: String = "INC-1", at seconds: TimeInterval = 1, actor: String = "alice")
    -> String
{
    ev("note", incident, at: seconds, actor: actor, ["text": .string(text)])
}

func journalBytes(_ lines: [String]) -> [UInt8] {
    Array(lines.map { $0 + "\n" }.joined().utf8)
}

// MARK: - Frame checks

/// The characters that must never reach a terminal cell.
func isForbiddenInCell(_ u: Unicode.Scalar) -> Bool {
    let v = u.value
    return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v)
        || (0x2066...0x2069).contains(v)
}

/// Invariants every frame must keep, whatever it shows: every line fits the
/// grid (wide characters included), no cell holds a control, C1 or bidi
/// scalar, and every continuation cell follows a wide character.
func checkFrameInvariants(_ grid: TextGrid, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for (y, line) in grid.lines().enumerated() {
        let w = DisplayWidth.of(line)
        #expect(w <= grid.width, "\(label): line \(y + 1) is \(w) columns wide in a \(grid.width)-column grid: \(line)", sourceLocation: sourceLocation)
    }
    for y in 0..<grid.height {
        for x in 0..<grid.width {
            let c = grid.cell(x, y)
            if let bad = c.text.unicodeScalars.first(where: isForbiddenInCell) {
                Issue.record("\(label): cell (\(x),\(y)) holds U+\(String(bad.value, radix: 16, uppercase: true))", sourceLocation: sourceLocation)
            }
            if c.continuation {
                let left = x > 0 ? grid.cell(x - 1, y) : nil
                #expect(left.map { !$0.continuation && DisplayWidth.of(Character($0.text.isEmpty ? " " : $0.text)) == 2 } == true,
                    "\(label): continuation cell (\(x),\(y)) does not follow a wide character", sourceLocation: sourceLocation)
            } else {
                #expect(!c.text.isEmpty, "\(label): empty non-continuation cell (\(x),\(y))", sourceLocation: sourceLocation)
                if DisplayWidth.of(Character(c.text.isEmpty ? " " : c.text)) == 2 {
                    #expect(x + 1 < grid.width && grid.cell(x + 1, y).continuation,
                        "\(label): wide character at (\(x),\(y)) without its right half", sourceLocation: sourceLocation)
                }
            }
        }
    }
}

/// Checks the four panes are drawn where the layout puts them: each title in
/// its top border, the focused one marked, and borders intact on both sides
/// of every row (so wide characters inside did not push anything).
func checkPanes(
    _ grid: TextGrid, _ model: ConsoleModel, now: Date, ascii: Bool = false, label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let glyphs: Glyphs = ascii ? .ascii : .unicode
    let banner = model.readOnlyReason != nil || model.kpis(now: now)?.suggestions.isEmpty == false
    guard let layout = Layout.make(width: grid.width, height: grid.height, banner: banner) else {
        Issue.record("\(label): no layout at \(grid.width)x\(grid.height)", sourceLocation: sourceLocation)
        return
    }
    let lines = grid.lines()
    for pane in Pane.allCases {
        let r = layout.rect(of: pane)
        let focused = pane == model.focus
        let top = lines[r.y]
        let expectedTitle = focused ? "\(glyphs.focusMark) \(pane.title)" : " \(pane.title) "
        #expect(top.contains(expectedTitle), "\(label): pane \(pane.title) top border lacks \"\(expectedTitle)\": \(top)", sourceLocation: sourceLocation)
        let v = focused ? glyphs.vFocused : glyphs.v
        for y in (r.y + 1)..<(r.maxY - 1) {
            let l = grid.cell(r.x, y).text, rr = grid.cell(r.maxX - 1, y).text
            #expect(l == v && rr == v, "\(label): \(pane.title) border broken on row \(y + 1): \(lines[y])", sourceLocation: sourceLocation)
        }
        let tl = focused ? glyphs.tlFocused : glyphs.tl, br = focused ? glyphs.brFocused : glyphs.br
        #expect(grid.cell(r.x, r.y).text == tl && grid.cell(r.maxX - 1, r.maxY - 1).text == br,
            "\(label): \(pane.title) corners wrong", sourceLocation: sourceLocation)
    }
    // Exactly one pane is marked focused.
    let marks = lines.joined(separator: "\n").components(separatedBy: "\(glyphs.focusMark) ").count - 1
    #expect(marks == 1, "\(label): \(marks) focus marks", sourceLocation: sourceLocation)
}

// MARK: - Snapshots

/// Compares a frame with its golden file in Snapshots/NAME.txt; with
/// UPDATE_SNAPSHOTS=1 rewrites the file instead (and passes).
func assertSnapshot(_ grid: TextGrid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let path = snapshotsDirectory + "/" + name + ".txt"
    let actual = grid.text()
    let update = ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1"
    let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    if update {
        if existing != actual {
            try? FileManager.default.createDirectory(atPath: snapshotsDirectory, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: Data(actual.utf8))
        }
        return
    }
    guard let expected = existing else {
        Issue.record("no snapshot \(name).txt in \(snapshotsDirectory); run with UPDATE_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
        return
    }
    if expected == actual { return }
    Issue.record(Comment(rawValue: snapshotDiff(name: name, expected: expected, actual: actual)), sourceLocation: sourceLocation)
}

/// A readable report of the first differing line between two frames.
func snapshotDiff(name: String, expected: String, actual: String) -> String {
    let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
    var first = 0
    while first < min(e.count, a.count) && e[first] == a[first] { first += 1 }
    func show(_ lines: [String], _ i: Int) -> String { i < lines.count ? "|" + lines[i] + "|" : "(no line)" }
    var out = "snapshot \(name) differs (UPDATE_SNAPSHOTS=1 to accept)\nfirst difference at line \(first + 1):\n"
    out += "  expected: \(show(e, first))\n  actual:   \(show(a, first))\n"
    if first < e.count, first < a.count {
        let ec = Array(e[first]), ac = Array(a[first])
        var col = 0
        while col < min(ec.count, ac.count) && ec[col] == ac[col] { col += 1 }
        out += "  (first differing character \(col + 1))\n"
    }
    let differing = zip(e, a).filter { $0 != $1 }.count + abs(e.count - a.count)
    out += "\(differing) line(s) differ; expected \(e.count - 1) lines, got \(a.count - 1)"
    return out
}

// MARK: - Processes

struct RunResult: Sendable {
    /// The exit code, or 128 + the signal that ended it.
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
    /// The signal that ended it, if one did.
    var signal: Int32? = nil
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// A private scratch directory (mode 0755, so a child run as another user can
/// enter it), removed on deinit with whatever a test chmod-ed inside it.
final class ScratchDir: @unchecked Sendable {
    let path: String

    init(_ label: String = "ui") {
        path = FileManager.default.temporaryDirectory.path + "/wr-ui-\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o755)
    }

    deinit {
        if let e = FileManager.default.enumerator(atPath: path) {
            for case let f as String in e { chmod("\(path)/\(f)", 0o700) }
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// The environment child processes get: WARROOM_DATA at the package root, no WARROOM_JOURNAL.
func childEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["WARROOM_JOURNAL"] = nil
    env["WARROOM_DATA"] = uiPackageRoot
    env["LANG"] = "C.UTF-8"
    for (k, v) in extra { env[k] = v }
    return env
}

/// Starts a program with posix_spawn: stdin from a file (/dev/null unless
/// given), stdout and stderr to files, and, unlike Foundation's `Process`, a
/// clean signal state. The test runner's threads block SIGHUP, SIGINT and
/// SIGTERM; a child (and a tmux server, and the console in its pane) would
/// otherwise inherit that mask and never see the hangup that ends it.
/// This is the one process starter of the target.
func spawn(
    _ executable: String, _ arguments: [String], environment: [String: String], stdin: String = "/dev/null",
    stdout: String, stderr: String
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
    for sig in [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGXFSZ, SIGCHLD, SIGWINCH] { sigaddset(&defaults, sig) }
    posix_spawnattr_setsigdefault(&attr, &defaults)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for p in argv { free(p) }
        for p in envp { free(p) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, executable, &actions, &attr, argv, envp)
    guard rc == 0 else { throw UITestError("cannot start \(executable): \(String(cString: strerror(rc)))") }
    return pid
}

/// The exit status of a reaped child: its code, or 128 + the signal that ended it.
func exitStatus(_ raw: Int32) -> Int32 {
    raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
}

/// The signal that ended a reaped child, if one did.
func exitSignal(_ raw: Int32) -> Int32? {
    raw & 0x7F != 0 && raw & 0x7F != 0x7F ? raw & 0x7F : nil
}

/// Waits for a child without blocking a cooperative thread; returns its raw wait
/// status (-1 if it cannot be waited for), or nil when it outlives `timeout`.
func reap(_ pid: pid_t, timeout: Duration? = nil) async -> Int32? {
    let clock = ContinuousClock()
    let deadline = timeout.map { clock.now + $0 }
    var raw: Int32 = 0
    while true {
        let r = waitpid(pid, &raw, WNOHANG)
        if r == pid { return raw }
        if r < 0 && errno != EINTR { return -1 }
        if let deadline, clock.now >= deadline { return nil }
        try? await Task.sleep(for: .milliseconds(5))
    }
}

/// Runs a program to completion (at most `timeout`; it is killed after that);
/// stdin, when given, and output go through files.
func run(
    _ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil,
    timeout: Duration = .seconds(120)
) async throws -> RunResult {
    let scratch = ScratchDir("proc")
    let outPath = scratch.file("out"), errPath = scratch.file("err")
    var inPath = "/dev/null"
    if let stdin {
        inPath = scratch.file("in")
        try Data(stdin.utf8).write(to: URL(fileURLWithPath: inPath))
    }
    let pid = try spawn(
        executable, arguments, environment: environment ?? childEnvironment(), stdin: inPath, stdout: outPath, stderr: errPath)
    guard let raw = await reap(pid, timeout: timeout) else {
        kill(pid, SIGKILL)
        var st: Int32 = 0
        _ = waitpid(pid, &st, 0)
        throw UITestError("\(executable) \(arguments) did not end in \(timeout)")
    }
    let o = FileManager.default.contents(atPath: outPath).map { Array($0) } ?? []
    let e = FileManager.default.contents(atPath: errPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
    return RunResult(status: raw < 0 ? -1 : exitStatus(raw), stdout: o, stderr: e, signal: raw < 0 ? nil : exitSignal(raw))
}

/// Runs a short program to completion, blocking (for cleanup in `defer` and `deinit`); returns its status.
@discardableResult
func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]) -> Int32 {
    guard let pid = try? spawn(executable, arguments, environment: environment, stdout: "/dev/null", stderr: "/dev/null")
    else { return -1 }
    var raw: Int32 = 0
    while waitpid(pid, &raw, 0) < 0 {
        if errno != EINTR { return -1 }
    }
    return exitStatus(raw)
}

func warroom(_ arguments: [String]) async throws -> RunResult {
    try await run(try requireBinary(), arguments)
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

func fileLines(_ path: String) -> [String] {
    let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    return text.split(separator: "\n").map(String.init)
}

/// Polls `body` every `interval` until it returns a value or the deadline passes.
func eventually<T>(
    timeout: Duration = .seconds(10), interval: Duration = .milliseconds(50), _ body: () async throws -> T?
) async throws -> T? {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if let v = try await body() { return v }
        if clock.now >= deadline { return nil }
        try await Task.sleep(for: interval)
    }
}
