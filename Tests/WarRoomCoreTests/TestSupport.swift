import Foundation
import Testing

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Locations

/// The package root, found from this file's path (Tests/WarRoomCoreTests/TestSupport.swift).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The shipped playbooks directory.
let playbooksDirectory = packageRoot + "/playbooks"

/// The `warroom` executable under test: `$WARROOM_BIN` when set, else the newest
/// of the binary beside the test bundle and `debug/warroom` under the scratch
/// paths the suites were built with (.build-tests, .build-drill, .build-rel,
/// .build) in the package root.
let warroomBinary: String? = {
    let env = ProcessInfo.processInfo.environment
    if let b = env["WARROOM_BIN"], !b.isEmpty { return b }
    var candidates: [String] = []
    if let arg0 = CommandLine.arguments.first, !arg0.isEmpty {
        let exe = URL(fileURLWithPath: arg0).resolvingSymlinksInPath()
        candidates.append(exe.deletingLastPathComponent().appendingPathComponent("warroom").path)
    }
    let bundle = Bundle.main.bundleURL.resolvingSymlinksInPath()
    candidates.append(bundle.appendingPathComponent("warroom").path)
    candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("warroom").path)
    for scratch in [".build-tests", ".build-drill", ".build-rel", ".build"] {
        candidates.append(packageRoot + "/" + scratch + "/debug/warroom")
    }
    var best: (path: String, mtime: Date)?
    for c in candidates {
        guard FileManager.default.isExecutableFile(atPath: c),
            let attrs = try? FileManager.default.attributesOfItem(atPath: c),
            (attrs[.type] as? FileAttributeType) != .typeDirectory,
            let m = attrs[.modificationDate] as? Date
        else { continue }
        if best == nil || m > best!.mtime { best = (c, m) }
    }
    return best?.path
}()

// MARK: - Temporary directories

/// A private directory for one test, removed when the test ends.
final class TempDir: @unchecked Sendable {
    let path: String

    init(_ label: String = #function) {
        let safe = label.filter { $0.isLetter || $0.isNumber }.prefix(40)
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/warroom-tests-\(safe)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        // Make everything removable again (a test may have chmod-ed something).
        if let e = FileManager.default.enumerator(atPath: path) {
            for case let f as String in e { chmod("\(path)/\(f)", 0o700) }
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }
}

// MARK: - Building journal lines

/// The fixed instant journals in tests start at.
let T0: Date = RFC3339.parse("2026-11-22T08:00:00Z")!

/// `T0` plus some seconds, as journal text.
func ts(_ seconds: TimeInterval) -> String { RFC3339.format(T0.addingTimeInterval(seconds)) }

/// One journal line (no newline) with the given envelope and data.
func ev(
    _ type: String, _ incident: String? = "INC-1", at seconds: TimeInterval = 0, actor: String = "alice",
    _ data: JSONObject = [:]
) -> String {
    var o = JSONObject()
    o["v"] = 1
    o["ts"] = .string(ts(seconds))
    o["type"] = .string(type)
    o["actor"] = .string(actor)
    if let incident { o["incident"] = .string(incident) }
    o["data"] = .object(data)
    return JSONWriter.serialize(.object(o))
}

func declareLine(
    _ id: String = "INC-1", severity: Int = 2, title: String = "Payment outage", at seconds: TimeInterval = 0,
    actor: String = "alice", playbook: String? = nil, extra: JSONObject = [:]
) -> String {
    var d: JSONObject = ["title": .string(title), "severity": .number(Double(severity))]
    if let playbook { d["playbook"] = .string(playbook) }
    for m in extra.members { d[m.key] = m.value }
    return ev("incident.declared", id, at: seconds, actor: actor, d)
}

func noteLine(_ text: String, _ incident: String = "INC-1", at seconds: TimeInterval = 1, actor: String = "alice")
    -> String
{
    ev("note", incident, at: seconds, actor: actor, ["text": .string(text)])
}

/// Lines joined as a journal, each ending in `\n`.
func journalBytes(_ lines: [String]) -> [UInt8] {
    Array(lines.map { $0 + "\n" }.joined().utf8)
}

func read(_ lines: [String]) -> JournalReader {
    JournalReader.read(journalBytes(lines))
}

/// Writes a file with mode 0644 whatever the umask (warroom warns on stderr
/// about world-writable journals, which would disturb stderr checks).
func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    chmod(path, 0o644)
}

func writeFile(_ path: String, _ text: String) throws {
    try writeFile(path, Array(text.utf8))
}

func fileBytes(_ path: String) -> [UInt8] {
    (FileManager.default.contents(atPath: path)).map { Array($0) } ?? []
}

func fileText(_ path: String) -> String {
    String(decoding: fileBytes(path), as: UTF8.self)
}

/// The lines of a file without their newlines (the last one too, if it has none).
func fileLines(_ path: String) -> [String] {
    var lines = fileText(path).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
}

// MARK: - Deterministic randomness

/// SplitMix64: a small seeded generator, so a failing split pattern (or a
/// reliability run, with WARROOM_SEED) can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func bytes(_ n: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(n + 8)
        while out.count < n {
            var v = next()
            for _ in 0..<8 {
                out.append(UInt8(truncatingIfNeeded: v))
                v >>= 8
            }
        }
        out.removeLast(out.count - n)
        return out
    }
}

// MARK: - Running processes

struct ProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Terminated by a signal rather than exiting.
    var signaled: Bool
}

enum TestSupportError: Error, CustomStringConvertible {
    case noBinary
    case notAnObject(String)
    var description: String {
        switch self {
        case .noBinary:
            return "warroom binary not found: build it (swift build --build-tests --scratch-path .build-tests) or set WARROOM_BIN"
        case .notAnObject(let text):
            return "not a JSON object: \(text.prefix(200))"
        }
    }
}

/// The environment CLI tests run the binary in: the caller's, without
/// WARROOM_JOURNAL, with WARROOM_DATA at the package root so the shipped
/// playbooks are found.
func cliEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["WARROOM_JOURNAL"] = nil
    env["WARROOM_DATA"] = packageRoot
    for (k, v) in extra { env[k] = v }
    return env
}

private let sigpipeIgnored: Void = { signal(SIGPIPE, SIG_IGN) }()
func ignoreSIGPIPE() { _ = sigpipeIgnored }

/// Runs a program to completion without blocking a test thread, through
/// ReliabilitySupport.swift's posix_spawn runner (`relRun`); stdin, when given,
/// is read from a file. `status` is the exit code, or the signal when `signaled`.
func runProcess(
    _ executable: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil,
    directory: String? = nil
) async throws -> ProcessResult {
    ignoreSIGPIPE()
    let r = try await relRun(
        executable, arguments, stdinData: stdin, environment: environment ?? cliEnvironment(), directory: directory)
    return ProcessResult(status: r.signal ?? r.status, stdout: r.stdout, stderr: r.stderr, signaled: r.signal != nil)
}

/// Runs `warroom` with the arguments.
func warroom(
    _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil, directory: String? = nil
) async throws -> ProcessResult {
    guard let bin = warroomBinary else { throw TestSupportError.noBinary }
    return try await runProcess(
        bin, arguments, stdin: stdin.map { Data($0.utf8) }, environment: environment ?? cliEnvironment(),
        directory: directory)
}

/// Quotes a string for /bin/sh.
func shellQuote(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

// MARK: - Small helpers

extension JournalState {
    /// The timeline event types of an incident, in order.
    func timelineTypes(_ id: String) -> [String] {
        incidents[id]?.timeline.map(\.event.type) ?? []
    }
}

/// Decodes a JSON document with Foundation, for checking CLI output independently of WarRoomCore.
func foundationJSON(_ text: String) throws -> [String: Any] {
    let obj = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    guard let dict = obj as? [String: Any] else { throw TestSupportError.notAnObject(text) }
    return dict
}

/// The current user's id, for tests that only make sense as a non-root user.
let runningAsRoot = getuid() == 0
