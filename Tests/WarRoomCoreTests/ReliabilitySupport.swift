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

/// `warroom` is WarRoomTestSupport's `warroomBinary`; `wr-torture` is always taken from the same directory.
let relBinaryPaths: RelBinaries? = warroomBinary.map {
    RelBinaries(warroom: $0, torture: URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("wr-torture").path)
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

// Scratch directories (TempDir), file reading (fileBytes / fileText), quoting
// (shellQuote), the process runner (RelChild, relRun, relShell) and polling
// (relEventually) are WarRoomTestSupport's; the seeded generator is TestSupport.swift's.

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

// MARK: - Events

/// The reliability suite's name for the shared `T0`.
let relT0 = T0

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
