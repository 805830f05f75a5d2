import Foundation
import Testing
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

// The one tmux wrapper of the end-to-end tests (E2ETests, DrillE2ETests,
// ReplayE2ETests, ReliabilityE2ETests): a private tmux server on its own
// socket and config, driven through Run.swift's `run` (posix_spawn,
// so the server and the console in its panes start with a clean signal mask).

/// A private tmux server (its own -L socket, its own config) for one test.
///
/// Commands that take a target use `defaultTarget` unless given `in:` (a tmux
/// target: a session name, or `session:window`).
public final class TmuxSession: @unchecked Sendable {
    public let socket = "wr-\(UUID().uuidString.lowercased())"
    /// The session `start` creates when not given a name.
    public let session = "wr"
    public let dir: ScratchDir
    public let tmux: String
    public let bin: String
    public let journal: String
    /// Where keys, captures and waits go when not given a target.
    public let defaultTarget: String
    /// How long `waitFor` waits when not told.
    public let waitTimeout: Duration
    private var conf: String { dir.file("tmux.conf") }

    /// The settings every test's server has: no status line, no escape delay.
    public static let baseSettings = ["set -g status off", "set -g escape-time 0"]

    /// Settings that would let journal text change the terminal's state, switched
    /// on so the hostile-text tests would notice if any got through.
    public static let hostileSettings = ["set -g allow-rename on", "set -g set-clipboard on"]

    public init(
        binary: String? = warroomBinary, label: String = "tmux", journalName: String = "j.jsonl",
        settings: [String] = TmuxSession.hostileSettings, defaultTarget: String? = nil,
        waitTimeout: Duration = .seconds(10)
    ) throws {
        guard let t = tmuxPath else { throw UITestError("tmux is not installed") }
        guard let b = binary else { throw TestSupportError.noBinary }
        tmux = t
        bin = b
        dir = ScratchDir(label)
        journal = dir.file(journalName)
        self.defaultTarget = defaultTarget ?? session
        self.waitTimeout = waitTimeout
        let lines = Self.baseSettings + settings
        do {
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: conf))
        } catch {
            throw TestSupportError.failed("cannot write \(conf): \(error)")
        }
    }

    /// The environment tmux (and so the pane) runs in.
    public var environment: [String: String] {
        childEnvironment()
    }

    @discardableResult
    public func command(_ args: [String]) async throws -> RunResult {
        try await run(tmux, ["-u", "-L", socket, "-f", conf] + args, environment: environment)
    }

    /// The console command line: `warroom --journal J` in a UTF-8 xterm.
    public var consoleCommand: String { consoleCommand(locale: "C.UTF-8") }

    public func consoleCommand(locale: String) -> String {
        "env LANG=\(locale) LC_ALL=\(locale) TERM=xterm-256color WARROOM_DATA=\(shellQuote(packageRoot)) \(shellQuote(bin)) --journal \(shellQuote(journal))"
    }

    /// Starts a detached session (`session` unless named) running `command`; returns its name.
    @discardableResult
    public func start(
        _ name: String? = nil, window: String? = nil, width: Int = 200, height: Int = 50, command: String
    ) async throws -> String {
        let name = name ?? session
        let r = try await self.command(
            ["new-session", "-d", "-s", name] + (window.map { ["-n", $0] } ?? []) + ["-x", "\(width)", "-y", "\(height)", command])
        guard r.status == 0 else { throw UITestError("tmux new-session failed: \(r.stderr)") }
        return name
    }

    /// The pane's screen; with `history`, the lines scrolled off it too.
    public func capture(_ target: String? = nil, history: Bool = false) async throws -> String {
        try await command(["capture-pane", "-p", "-t", target ?? defaultTarget] + (history ? ["-S", "-"] : [])).text
    }

    public func keys(_ keys: String..., in target: String? = nil) async throws {
        try await command(["send-keys", "-t", target ?? defaultTarget] + keys)
    }

    public func literal(_ text: String, in target: String? = nil) async throws {
        try await command(["send-keys", "-t", target ?? defaultTarget, "-l", text])
    }

    public func display(_ format: String, in target: String? = nil) async throws -> String {
        try await command(["display-message", "-p", "-t", target ?? defaultTarget, format]).text
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The pid of the process in a pane (when the command was exec'd, warroom itself).
    public func panePID(_ target: String? = nil) async throws -> pid_t? {
        pid_t(try await display("#{pane_pid}", in: target))
    }

    /// Polls the pane until `ok` holds; records an issue with the last capture if it never does.
    @discardableResult
    public func waitFor(
        _ what: String, in target: String? = nil, history: Bool = false, timeout: Duration? = nil,
        sourceLocation: SourceLocation = #_sourceLocation, _ ok: @escaping (String) -> Bool
    ) async throws -> String? {
        var last = ""
        let found = try await eventually(timeout: timeout ?? waitTimeout) { () async throws -> String? in
            last = try await capture(target, history: history)
            return ok(last) ? last : nil
        }
        if found == nil {
            Issue.record(
                "timed out waiting for \(what); the pane \(target ?? defaultTarget) shows:\n\(last)", sourceLocation: sourceLocation)
        }
        return found
    }

    /// Waits until the pane shows `text`.
    @discardableResult
    public func waitFor(
        _ text: String, in target: String? = nil, timeout: Duration? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String? {
        try await waitFor("\"\(text)\"", in: target, timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Waits for the pane's process to end; returns its exit status and signal.
    ///
    /// tmux 3.3 now and then leaves a pane's process a zombie without reaping it
    /// (pane_dead 1, no status), so the end is read from /proc as well: a zombie's
    /// exit code is field 52 of /proc/PID/stat.
    public func waitDead(_ target: String? = nil, timeout: Duration) async throws -> (status: Int, signal: Int)? {
        guard let pid = try await panePID(target) else { return nil }
        return try await eventually(timeout: timeout) { () async throws -> (status: Int, signal: Int)? in
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            {
                let f = stat[stat.index(after: close)...].split(separator: " ")
                guard f.first == "Z", f.count > 49, let code = Int(f[49].trimmingCharacters(in: .whitespacesAndNewlines)) else {
                    return nil
                }
                return code & 0x7F == 0 ? ((code >> 8) & 0xFF, 0) : (-1, code & 0x7F)
            }
            // Reaped: tmux has the status.
            let s = try await display("#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}", in: target)
                .split(separator: ":", omittingEmptySubsequences: false)
            guard s.count == 3, s[0] == "1" else { return nil }
            return (Int(s[1]) ?? -1, Int(s[2]) ?? 0)
        }
    }

    /// The journal's events, decoded.
    public func events() -> [Event] {
        fileLines(journal).compactMap { try? LineDecoder.decode($0).get() }
    }

    /// The journal's events less the presence lines consoles write as they open and quit
    /// (a `member.status` naming its console, and the `member.joined` of a person not yet
    /// on the roster), for tests that count what keys and commands wrote.
    public func eventsWithoutConsolePresence() -> [Event] {
        events().filter { e in
            !(e.kind == .memberStatus && e.data["console"] != nil)
                && !(e.kind == .memberJoined && e.actor == e.string("member") && e.data["name"] == nil)
        }
    }

    /// Waits until the journal holds an event matching `ok`.
    @discardableResult
    public func waitForEvent(
        _ what: String, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
        _ ok: @escaping (Event) -> Bool
    ) async throws -> Event? {
        let e = try await eventually(timeout: timeout) { self.events().first(where: ok) }
        if e == nil {
            Issue.record(
                "timed out waiting for \(what) in the journal:\n\(fileLines(journal).joined(separator: "\n"))",
                sourceLocation: sourceLocation)
        }
        return e
    }

    /// Stops the server (and with it the consoles in its panes); safe to call twice.
    public func killServer() {
        runBlocking(tmux, ["-L", socket, "kill-server"], environment: environment)
        // Wait for the server to be gone (at most 2 s), then remove the socket file it leaves behind.
        for _ in 0..<100 where runBlocking(tmux, ["-L", socket, "has-session"], environment: environment) == 0 {
            usleep(20_000)
        }
        let base = environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(base)/tmux-\(getuid())/\(socket)")
    }

    deinit { killServer() }
}
