import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

// Building synthetic journals, and reading files back.

/// The fixed instant journals in tests start at.
public let T0: Date = {
    guard let t = RFC3339.parse("2026-11-22T08:00:00Z") else { fatalError("T0 does not parse") }
    return t
}()

/// `T0` plus some seconds, as journal text.
public func ts(_ seconds: TimeInterval) -> String { RFC3339.format(T0.addingTimeInterval(seconds)) }

/// One journal line (no newline) with the given envelope and data.
public func ev(
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

/// An `incident.declared` line. No playbook unless given (an incident declared
/// without one is the plainest case); `extra` adds data members.
public func declareLine(
    _ id: String = "INC-1", severity: Int = 2, title: String = "Payment outage", at seconds: TimeInterval = 0,
    actor: String = "alice", playbook: String? = nil, extra: JSONObject = [:]
) -> String {
    var d: JSONObject = ["title": .string(title), "severity": .number(Double(severity))]
    if let playbook { d["playbook"] = .string(playbook) }
    for m in extra.members { d[m.key] = m.value }
    return ev("incident.declared", id, at: seconds, actor: actor, d)
}

public func noteLine(_ text: String, _ incident: String = "INC-1", at seconds: TimeInterval = 1, actor: String = "alice")
    -> String
{
    ev("note", incident, at: seconds, actor: actor, ["text": .string(text)])
}

/// Lines joined as a journal, each ending in `\n`.
public func journalBytes(_ lines: [String]) -> [UInt8] {
    Array(lines.map { $0 + "\n" }.joined().utf8)
}

/// The lines read as a journal.
public func read(_ lines: [String]) -> JournalReader {
    JournalReader.read(journalBytes(lines))
}

/// Writes a file with mode 0644 whatever the umask (warroom warns on stderr
/// about world-writable journals, which would disturb stderr checks).
public func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    chmod(path, 0o644)
}

public func writeFile(_ path: String, _ text: String) throws {
    try writeFile(path, Array(text.utf8))
}

public func fileBytes(_ path: String) -> [UInt8] {
    (FileManager.default.contents(atPath: path)).map { Array($0) } ?? []
}

public func fileText(_ path: String) -> String {
    String(decoding: fileBytes(path), as: UTF8.self)
}

/// The lines of a file without their newlines (the last one too, if it has
/// none); empty lines are kept, so a blank line in a journal is seen.
public func fileLines(_ path: String) -> [String] {
    var lines = fileText(path).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
}

/// Quotes a string for /bin/sh.
public func shellQuote(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// Polls `body` every `interval` until it returns a value or `timeout` passes (then nil).
public func eventually<T>(
    timeout: Duration = .seconds(10), interval: Duration = .milliseconds(50), _ body: () async throws -> T?
) async throws -> T? {
    try await poll(timeout: timeout, interval: interval, body)
}

/// `eventually` with the reliability tests' name and short default interval; it
/// throws only when `body` does.
public func relEventually<T>(
    timeout: Duration = .seconds(10), interval: Duration = .milliseconds(2), _ body: () throws -> T?
) async rethrows -> T? {
    try await poll(timeout: timeout, interval: interval) { try body() }
}

private func poll<T>(timeout: Duration, interval: Duration, _ body: () async throws -> T?) async rethrows -> T? {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if let v = try await body() { return v }
        if clock.now >= deadline { return nil }
        try? await Task.sleep(for: interval)
    }
}
