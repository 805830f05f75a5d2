// The reliability and security suite, console half: the real `warroom`
// console under a private tmux server (its own -L socket) facing hostile
// journal text, a disk that refuses writes, hang-ups and a read-only journal;
// and the terminal-facing CLI outputs (render, status, check, report) facing
// the same hostile text. See docs/reliability.md.
import Foundation
import Testing
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Helpers (prefixed, private to this file's purpose)

/// The package root, from this file's path (Tests/WarRoomUITests/ReliabilityE2ETests.swift).
private let relUIRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// `$WARROOM_BIN`, else `<root>/.build-rel/debug/warroom`, else the one beside the test bundle.
private let relUIWarroom: String? = {
    var candidates: [String] = []
    if let b = ProcessInfo.processInfo.environment["WARROOM_BIN"], !b.isEmpty {
        candidates = [b]
    } else {
        candidates.append(relUIRoot + "/.build-rel/debug/warroom")
        if let arg0 = CommandLine.arguments.first, !arg0.isEmpty {
            candidates.append(URL(fileURLWithPath: arg0).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("warroom").path)
        }
        candidates.append(Bundle.main.bundleURL.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("warroom").path)
    }
    return candidates.first { p in
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: p, isDirectory: &d) && !d.boolValue && FileManager.default.isExecutableFile(atPath: p)
    }
}()

private let relUITmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

private struct RelUIError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

private func relUIBinary() throws -> String {
    guard let b = relUIWarroom else {
        throw RelUIError("warroom not found: build with `swift build --build-tests --scratch-path .build-rel` or set WARROOM_BIN")
    }
    return b
}

private final class RelUIDir: @unchecked Sendable {
    let path: String
    init(_ label: String) {
        path = FileManager.default.temporaryDirectory.path + "/wr-relui-\(label)-\(UUID().uuidString.prefix(8))"
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

private func relUIBytes(_ path: String) -> [UInt8] { FileManager.default.contents(atPath: path).map { Array($0) } ?? [] }

private func relUIQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

private func relUIEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["WARROOM_JOURNAL"] = nil
    env["WARROOM_DATA"] = relUIRoot
    env["LANG"] = "C.UTF-8"
    env["TMUX"] = nil
    env["TMUX_PANE"] = nil
    for (k, v) in extra { env[k] = v }
    return env
}

private struct RelUIResult: Sendable {
    var status: Int32
    var signal: Int32?
    var stdout: [UInt8]
    var stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs a program to its end with posix_spawn (signals at their defaults), reaping it by pid.
private func relUIRun(_ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = relUIEnvironment())
    async throws -> RelUIResult
{
    let dir = RelUIDir("run")
    let out = dir.file("out"), err = dir.file("err")
    var inPath = "/dev/null"
    if let stdin {
        inPath = dir.file("in")
        try Data(stdin.utf8).write(to: URL(fileURLWithPath: inPath))
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for s in [SIGPIPE, SIGXFSZ, SIGHUP, SIGTERM, SIGINT, SIGCHLD] { sigaddset(&defaults, s) }
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigdefault(&attr, &defaults)
    posix_spawnattr_setsigmask(&attr, &mask)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for p in argv { free(p) }
        for p in envp { free(p) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, executable, &actions, &attr, argv, envp)
    guard rc == 0 else { throw RelUIError("cannot start \(executable): \(String(cString: strerror(rc)))") }
    var st: Int32 = 0
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(120)
    while true {
        let r = waitpid(pid, &st, WNOHANG)
        if r == pid { break }
        if r < 0 && errno == ECHILD { st = -1; break }
        if clock.now >= deadline {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &st, 0)
            throw RelUIError("\(executable) \(arguments) did not end in 120 s")
        }
        try? await Task.sleep(for: .milliseconds(2))
    }
    let signaled = st >= 0 && st & 0x7F != 0 && st & 0x7F != 0x7F
    return RelUIResult(
        status: st >= 0 && !signaled ? (st >> 8) & 0xFF : -1, signal: signaled ? st & 0x7F : nil, stdout: relUIBytes(out),
        stderr: String(decoding: relUIBytes(err), as: UTF8.self))
}

private func relUIEventually<T>(timeout: Duration = .seconds(10), _ body: () async throws -> T?) async rethrows -> T? {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if let v = try await body() { return v }
        if clock.now >= deadline { return nil }
        try? await Task.sleep(for: .milliseconds(50))
    }
}

/// A private tmux server (own -L socket, own config) for one test. Everything that
/// would let text change the terminal is on: renames, the clipboard, titles.
private final class RelTmux: @unchecked Sendable {
    let socket = "wr-rel-\(UUID().uuidString.prefix(12).lowercased())"
    let dir = RelUIDir("tmux")
    let tmux: String
    let bin: String
    var journal: String { dir.file("j.jsonl") }
    private var conf: String { dir.file("tmux.conf") }

    init() throws {
        guard let t = relUITmux else { throw RelUIError("tmux is not installed") }
        tmux = t
        bin = try relUIBinary()
        let settings = [
            "set -g status off", "set -g allow-rename on", "set -g set-clipboard on", "set -g escape-time 0",
            "set -g remain-on-exit on", "set -g history-limit 0",
        ]
        FileManager.default.createFile(atPath: conf, contents: Data((settings.joined(separator: "\n") + "\n").utf8))
    }

    @discardableResult
    func command(_ args: [String]) async throws -> RelUIResult {
        try await relUIRun(tmux, ["-u", "-L", socket, "-f", conf] + args)
    }

    /// `exec`s the console (so the pane's pid is warroom's), behind `prefix` (a shell snippet such as `ulimit -f 4;`).
    func consoleCommand(journal: String? = nil, wrapper: [String] = [], prefix: String = "") -> String {
        let exe = (wrapper + ["env", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=xterm-256color", "WARROOM_DATA=\(relUIRoot)", bin, "--journal", journal ?? self.journal])
            .map(relUIQuote).joined(separator: " ")
        return prefix.isEmpty ? "exec \(exe)" : "bash -c \(relUIQuote("\(prefix) exec \(exe)"))"
    }

    /// Starts a session (or, when one runs, a new window) with `command`; returns its target.
    @discardableResult
    func start(_ name: String, width: Int = 200, height: Int = 50, command: String) async throws -> String {
        let r = try await self.command(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command])
        guard r.status == 0 else { throw RelUIError("tmux new-session failed: \(r.stderr)") }
        return name
    }

    func capture(_ target: String) async throws -> String {
        try await command(["capture-pane", "-p", "-t", target]).text
    }

    func keys(_ target: String, _ keys: String...) async throws {
        try await command(["send-keys", "-t", target] + keys)
    }

    func literal(_ target: String, _ text: String) async throws {
        try await command(["send-keys", "-t", target, "-l", text])
    }

    func display(_ target: String, _ format: String) async throws -> String {
        try await command(["display-message", "-p", "-t", target, format]).text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func waitFor(_ target: String, _ what: String, timeout: Duration = .seconds(15), sourceLocation: SourceLocation = #_sourceLocation, _ ok: @escaping (String) -> Bool)
        async throws -> String?
    {
        var last = ""
        let found = try await relUIEventually(timeout: timeout) { () async throws -> String? in
            last = try await capture(target)
            return ok(last) ? last : nil
        }
        if found == nil { Issue.record("timed out waiting for \(what); the pane shows:\n\(last)", sourceLocation: sourceLocation) }
        return found
    }

    @discardableResult
    func waitFor(_ target: String, _ text: String, timeout: Duration = .seconds(15), sourceLocation: SourceLocation = #_sourceLocation) async throws -> String? {
        try await waitFor(target, "\"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Waits for the pane's process to end; returns its exit status and signal.
    ///
    /// tmux 3.3 now and then leaves a pane's process a zombie without reaping it
    /// (pane_dead 1, no status), so the end is read from /proc as well: a zombie's
    /// exit code is field 52 of /proc/PID/stat.
    func waitDead(_ target: String, timeout: Duration) async throws -> (status: Int, signal: Int)? {
        guard let pid = Int32(try await display(target, "#{pane_pid}")) else { return nil }
        return try await relUIEventually(timeout: timeout) { () async throws -> (status: Int, signal: Int)? in
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            {
                let f = stat[stat.index(after: close)...].split(separator: " ")
                guard f.first == "Z", f.count > 49, let code = Int(f[49].trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
                return code & 0x7F == 0 ? ((code >> 8) & 0xFF, 0) : (-1, code & 0x7F)
            }
            // Reaped: tmux has the status.
            let s = try await display(target, "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}").split(separator: ":", omittingEmptySubsequences: false)
            guard s.count == 3, s[0] == "1" else { return nil }
            return (Int(s[1]) ?? -1, Int(s[2]) ?? 0)
        }
    }

    func killServer() {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tmux)
        p.arguments = ["-L", socket, "kill-server"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        if (try? p.run()) != nil { p.waitUntilExit() }
    }

    deinit { killServer() }
}

/// Journal lines built like warroom writes them (chained), for seeding.
private func relUIWrite(_ path: String, _ events: [Event]) throws {
    let w = JournalWriter(path: path)
    try w.append(events)
}

private let relUIT0 = RFC3339.parse("2026-11-22T08:00:00Z")!

private func relUIEvent(_ kind: EventType, _ data: JSONObject, actor: String = "alice", incident: String? = "INC-1", at: Double = 0) -> Event {
    Event(kind, ts: Date().addingTimeInterval(-3600 + at), actor: actor, incident: incident, id: Identity.newEventID(), data: data)
}

/// Hostile text: every way a line of the journal could try to drive a colleague's terminal.
private let relHostile: [(name: String, text: String)] = [
    ("clear screen", "CLR\u{1B}[2J\u{1B}[Hcleared"),
    ("title OSC 0", "TTL\u{1B}]0;PWNED-TITLE\u{7}end"),
    ("title OSC 2 ST", "TT2\u{1B}]2;PWNED-TITLE2\u{1B}\\end"),
    ("clipboard OSC 52", "CLIP\u{1B}]52;c;UFdORUQtQ0xJUA==\u{7}end"),
    ("cursor move", "MOVE\u{1B}[1;1HPWNED-MOVE"),
    ("carriage return", "safe text\rOVERWRITTEN"),
    ("backspaces", "abc\u{8}\u{8}\u{8}XYZ"),
    ("bidi override", "bidi \u{202E}gnp.exe"),
    ("bidi isolate", "iso \u{2067}RTL\u{2069} end"),
    ("C1 CSI", "C1 \u{9B}2J csi"),
    ("C1 NEL", "NEL\u{85}next"),
    ("tmux rename", "REN\u{1B}kPWNED-WINDOW\u{1B}\\end"),
    ("DCS passthrough", "DCS\u{1B}Ptmux;\u{1B}\u{1B}]0;PWNED-DCS\u{7}\u{1B}\\end"),
    ("bell and DEL", "BEL\u{7}\u{7F}end"),
]

/// A journal where hostile text sits in every field the console shows.
private func relHostileJournal(_ path: String) throws {
    var events: [Event] = [
        relUIEvent(.incidentDeclared, ["title": .string("Hostile \u{1B}]0;PWNED-TITLE\u{7}title \u{202E}x"), "severity": 2], actor: "ev\u{1B}[31mil")
    ]
    for (k, h) in relHostile.enumerated() {
        events.append(relUIEvent(.note, ["text": .string("\(k) \(h.text)")], actor: k % 3 == 0 ? "act\u{1B}[2Jor" : "alice", at: Double(k + 1)))
    }
    events.append(relUIEvent(.roleAssigned, ["role": "lead\u{1B}[5m", "member": .string("m\u{202E}\u{9B}x")], at: 30))
    events.append(relUIEvent(.counterSet, ["name": .string("c\u{1B}[2J"), "value": 3, "unit": .string("u\u{8}")], at: 31))
    events.append(relUIEvent(.commsPublished, ["audience": "external", "text": .string("pub\u{1B}]52;c;UFdORUQ=\u{7}")], at: 32))
    events.append(relUIEvent(.memberJoined, ["member": .string("mem\u{1B}]0;PWNED\u{7}"), "name": .string("N\u{1B}[2J")], at: 33))
    events.append(Event(ts: Date().addingTimeInterval(-3600 + 34), type: "x\u{1B}]0;PWNED\u{7}", actor: "a", incident: "INC-1", data: ["t": .string("\u{1B}[2J")]))
    try relUIWrite(path, events)
}

/// The raw bytes a terminal must never receive from journal text.
private func relRawControls(_ bytes: [UInt8], allowSGR: Bool = false) -> [String] {
    var found: [String] = []
    var i = 0
    while i < bytes.count {
        let b = bytes[i]
        if b == 0x1B && allowSGR {
            // Colours only: ESC [ digits ; ... m
            var k = i + 1
            if k < bytes.count && bytes[k] == 0x5B {
                k += 1
                while k < bytes.count && (bytes[k] == 0x3B || (bytes[k] >= 0x30 && bytes[k] <= 0x39)) { k += 1 }
                if k < bytes.count && bytes[k] == 0x6D {
                    i = k + 1
                    continue
                }
            }
            found.append("ESC at byte \(i) not followed by a colour")
        } else if (b < 0x20 && b != 0x0A) || b == 0x7F {
            found.append("0x\(String(b, radix: 16)) at byte \(i)")
        }
        i += 1
    }
    for u in String(decoding: bytes, as: UTF8.self).unicodeScalars {
        let v = u.value
        if (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
            found.append("U+\(String(v, radix: 16, uppercase: true))")
        }
    }
    return found
}

// MARK: - Tests

@Suite("Reliability: the console and terminal outputs", .serialized, .enabled(if: relUITmux != nil, "needs tmux"))
struct ReliabilityE2ETests {
    // MARK: 4. Terminal injection

    @Test("hostile journal text stays inert in the console under tmux: visible ␛, title, window name and clipboard untouched")
    func consoleInjection() async throws {
        let t = try RelTmux()
        // A pane that never shows journal text: its title is what an untouched title looks like.
        try await t.start("ref", command: "exec sleep 600")
        try relHostileJournal(t.journal)
        try await t.start("wr", command: t.consoleCommand())
        let refTitle = try await t.display("ref", "#{pane_title}")
        let screen = try await t.waitFor("wr", "the hostile notes") { s in s.contains("␛") && s.contains("Timeline") }
        // Something is appended live too (the follow path draws it).
        let live = try await relUIRun(t.bin, ["note", "--journal", t.journal, "--as", "l\u{1B}[2Jive", "live \u{1B}]0;PWNED-LIVE\u{7} \u{1B}[2J\rLIVE-OVER"])
        #expect(live.status == 0, "\(live.stderr)")
        let after = try await t.waitFor("wr", "the live hostile note") { $0.contains("LIVE-OVER") }
        for s in [screen, after].compactMap({ $0 }) {
            #expect(s.contains("␛"), "ESC must show as ␛")
            #expect(["Timeline", "Roster", "Checklist", "KPIs"].allSatisfy(s.contains), "a pane vanished (was the screen cleared?):\n\(s)")
            #expect(s.contains("Hostile ␛]0;PWNED-TITLE␇title"), "the title should show inert:\n\(s)")
        }
        if let s = after {
            #expect(s.contains("safe text␍OVERWRITTEN"), "CR must not return to the start of the line:\n\(s)")
            #expect(s.contains("abc␈␈␈XYZ"), "BS must not overwrite:\n\(s)")
            #expect(s.contains("⟨U+202E⟩"), "a bidi override must show as its code:\n\(s)")
            #expect(s.contains("⟨U+009B⟩"), "a C1 control must show as its code:\n\(s)")
            #expect(s.contains("␛]0;PWNED-LIVE␇ ␛[2J␍LIVE-OVER"), "\(s)")
        }
        let title = try await t.display("wr", "#{pane_title}")
        #expect(title == refTitle && !title.contains("PWNED"), "the pane title changed to \(title)")
        let window = try await t.display("wr", "#{window_name}")
        #expect(!window.contains("PWNED"), "the window was renamed to \(window)")
        let buffers = try await t.command(["list-buffers"])
        #expect(buffers.text.isEmpty, "OSC 52 reached the clipboard: \(buffers.text)")
        // The pane is still alive and answers keys.
        try await t.keys("wr", "?")
        try await t.waitFor("wr", "any key closes")
        try await t.keys("wr", "Escape", "q")
        let dead = try await t.waitDead("wr", timeout: .seconds(5))
        #expect(dead?.status == 0)
    }

    @Test("hostile journal text never reaches the terminal raw from render, status, check, report or note")
    func cliInjection() async throws {
        let bin = try relUIBinary()
        let dir = RelUIDir("inj")
        let j = dir.file("j.jsonl")
        try relHostileJournal(j)
        // Bad lines whose reasons quote the hostile text.
        let bad = [
            #"{"v":1,"ts":"\u001b]0;PWNED\u0007\u001b[2J","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
            #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x","kind":"\u001b[2J\u202e\u009b"}}"#,
            #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x","\u001b]0;PWNED\u0007":1,"\u001b]0;PWNED\u0007":2}}"#,
            #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"note","actor":"a","incident":"INC\u0085\u009b2J","data":{"text":"x"}}"#,
            #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"note","actor":"a","incident":"INC\u009b2J\u202e","data":{"text":"x"}}"#,
        ]
        let fd = open(j, O_WRONLY | O_APPEND)
        let raw = Array((bad.joined(separator: "\n") + "\n").utf8)
        _ = raw.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        var outputs: [(String, RelUIResult, Bool)] = []
        for args in [
            ["status"], ["render", "--size", "200x50"], ["render", "--size", "80x24", "--ascii"], ["check"], ["report"],
            ["report", "--format", "html"],
        ] {
            outputs.append((args.joined(separator: " "), try await relUIRun(bin, args + ["--journal", j]), false))
        }
        outputs.append(("render --ansi", try await relUIRun(bin, ["render", "--ansi", "--size", "200x50", "--journal", j]), true))
        outputs.append(("note", try await relUIRun(bin, ["note", "--journal", j, "--incident", "INC-1", "typed \u{1B}]0;PWNED\u{7}\r\u{202E}"]), false))
        outputs.append(("append", try await relUIRun(bin, ["append", "--journal", j, "--incident", "INC-1"], stdin: bad.joined(separator: "\n") + "\n"), false))
        for (name, r, sgr) in outputs {
            #expect(r.signal == nil, "\(name) died of signal \(r.signal ?? 0)")
            let found = relRawControls(r.stdout, allowSGR: sgr)
            #expect(found.isEmpty, "warroom \(name) printed raw controls: \(found.prefix(8))")
            let foundErr = relRawControls(Array(r.stderr.utf8))
            #expect(foundErr.isEmpty, "warroom \(name) wrote raw controls to stderr: \(foundErr.prefix(8))")
        }
        let check = outputs.first { $0.0 == "check" }!.1
        #expect(check.status == 1)
        #expect(check.text.contains("␛]0;PWNED␇␛[2J"), "the reason should show the text inert: \(check.text)")
        // Tools reading JSON get the text escaped (\u001b, \u009b, \u202e): nothing raw either.
        for args in [["status", "--json"], ["report", "--format", "json"]] {
            let r = try await relUIRun(bin, args + ["--journal", j])
            #expect(r.status == 0)
            let found = relRawControls(r.stdout)
            #expect(found.isEmpty, "\(args) printed raw controls: \(found.prefix(8))")
        }
        // The journal itself, as warroom wrote it, is safe to `tail` on a terminal.
        let journalFound = relRawControls(relUIBytes(j))
        #expect(journalFound.isEmpty, "the journal holds raw controls: \(journalFound.prefix(8))")
    }

    // MARK: 5. A failing disk in the console

    @Test("a write refused by the OS (ulimit -f) keeps the typed text in the prompt and says why in the footer")
    func consoleFileSizeLimit() async throws {
        let t = try RelTmux()
        try relUIWrite(t.journal, [relUIEvent(.incidentDeclared, ["title": "Disk full drill", "severity": 2])])
        // Pad with a blank line to exactly 4 KiB; bash's `ulimit -f 4` (1 KiB units) is then reached.
        let have = relUIBytes(t.journal).count
        let pad = [UInt8](repeating: 0x20, count: 4096 - have - 1) + [0x0A]
        let fd = open(t.journal, O_WRONLY | O_APPEND)
        _ = pad.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let before = relUIBytes(t.journal)
        #expect(before.count == 4096)
        try await t.start("wr", width: 220, command: t.consoleCommand(prefix: "ulimit -f 4;"))
        try await t.waitFor("wr", "Disk full drill")
        try await t.keys("wr", "n", "1")
        try await t.waitFor("wr", "observation:")
        try await t.literal("wr", "some text")
        try await t.waitFor("wr", "observation: some text")
        try await t.keys("wr", "Enter")
        let s = try await t.waitFor("wr", "the error in the footer") { $0.contains("File too large") }
        if let s {
            #expect(s.contains("observation: some text"), "the typed text must stay in the prompt:\n\(s)")
            #expect(s.contains("cannot append to"), "\(s)")
        }
        #expect(relUIBytes(t.journal) == before, "nothing may be written")
        // Esc gives up; the console is still alive and quits normally.
        try await t.keys("wr", "Escape")
        try await t.waitFor("wr", "cancelled")
        try await t.keys("wr", "q")
        let dead = try await t.waitDead("wr", timeout: .seconds(5))
        #expect(dead?.status == 0)
        let check = try await relUIRun(t.bin, ["check", "--journal", t.journal])
        #expect(check.status == 0, "\(check.text)")
    }

    // MARK: 6. Hang-ups

    @Test("SIGHUP and SIGTERM end the console at once without a partial write; the next console opens normally",
        arguments: [("SIGHUP", SIGHUP, 129), ("SIGTERM", SIGTERM, 143)])
    func hangUp(name: String, signal: Int32, status: Int) async throws {
        let t = try RelTmux()
        try relUIWrite(t.journal, [
            relUIEvent(.incidentDeclared, ["title": "Hang-up drill", "severity": 2]),
            relUIEvent(.note, ["text": "before the hang-up"], at: 1),
        ])
        try await t.start("wr", command: t.consoleCommand())
        try await t.waitFor("wr", "before the hang-up")
        // Half-typed work in a prompt is not written.
        try await t.keys("wr", "n", "1")
        try await t.waitFor("wr", "observation:")
        try await t.literal("wr", "typed but never sent")
        try await t.waitFor("wr", "observation: typed but never sent")
        let before = relUIBytes(t.journal)
        let pid = try #require(Int32(try await t.display("wr", "#{pane_pid}")))
        let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(comm == "warroom", "the pane runs \(comm ?? "?"), not warroom")
        let sent = ContinuousClock.now
        #expect(kill(pid, signal) == 0)
        let dead = try await t.waitDead("wr", timeout: .seconds(3))
        let took = ContinuousClock.now - sent
        #expect(dead != nil, "\(name): the console did not end within 3 s")
        #expect(dead?.status == status, "\(name): exit status \(dead.map { "\($0.status)/\($0.signal)" } ?? "none")")
        #expect(took < .seconds(2), "\(name): took \(took)")
        #expect(relUIBytes(t.journal) == before, "\(name): the journal changed")
        let check = try await relUIRun(t.bin, ["check", "--journal", t.journal])
        #expect(check.status == 0 && check.text.contains("chain verified"), "\(check.text)")
        // The next console opens it normally.
        try await t.start("again", command: t.consoleCommand())
        try await t.waitFor("again", "before the hang-up")
        try await t.keys("again", "q")
        #expect(try await t.waitDead("again", timeout: .seconds(5))?.status == 0)
    }

    @Test("closing the terminal (tmux kill-pane, SIGHUP to the session) ends the console; the journal stays intact")
    func paneClosed() async throws {
        let t = try RelTmux()
        try relUIWrite(t.journal, [relUIEvent(.incidentDeclared, ["title": "Dropped link", "severity": 2])])
        try await t.start("wr", command: t.consoleCommand())
        try await t.waitFor("wr", "Dropped link")
        let before = relUIBytes(t.journal)
        let pid = try #require(Int32(try await t.display("wr", "#{pane_pid}")))
        try await t.command(["kill-pane", "-t", "wr"])
        let gone = await relUIEventually(timeout: .seconds(3)) { () -> Bool? in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            // A zombie has ended too.
            return stat.split(separator: ")").last?.split(separator: " ").first == "Z" ? true : nil
        }
        #expect(gone == true, "the console outlived its terminal")
        #expect(relUIBytes(t.journal) == before)
        let check = try await relUIRun(t.bin, ["check", "--journal", t.journal])
        #expect(check.status == 0, "\(check.text)")
    }

    // MARK: Shared host: a read-only journal

    @Test("a read-only journal opens read-only in the console with a banner; action keys say why")
    func readOnlyConsole() async throws {
        let t = try RelTmux()
        try relUIWrite(t.journal, [relUIEvent(.incidentDeclared, ["title": "Look but do not touch", "severity": 2])])
        var wrapper: [String] = []
        if geteuid() == 0 {
            // Root may write anything: look at it as nobody (the file stays root's, mode 0644).
            guard let sp = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                Issue.record("running as root without setpriv: cannot check read-only behaviour")
                return
            }
            wrapper = [sp, "--reuid=65534", "--regid=65534", "--clear-groups"]
            chmod(t.journal, 0o644)
        } else {
            chmod(t.journal, 0o444)
        }
        let before = relUIBytes(t.journal)
        try await t.start("wr", command: t.consoleCommand(wrapper: wrapper))
        let s = try await t.waitFor("wr", "READ-ONLY:")
        #expect(s?.contains("read-only") == true)
        try await t.keys("wr", "n")
        try await t.waitFor("wr", "read-only: you may read")
        try await t.keys("wr", "D")
        try await t.waitFor("wr", "read-only: you may read")
        #expect(relUIBytes(t.journal) == before)
        try await t.keys("wr", "q")
        #expect(try await t.waitDead("wr", timeout: .seconds(5))?.status == 0)
    }
}
