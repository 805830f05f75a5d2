import Crypto
import Foundation

/// Tamper evidence: every line warroom writes carries `seq` (its line number)
/// and `prev` (the SHA-256 of the previous line's exact bytes, without the
/// newline). Editing, deleting or inserting a line breaks the chain at the
/// next chained line. It cannot stop someone who rewrites the whole file;
/// keeping the head hash elsewhere (`warroom check --head`) can.
public enum Chain {
    /// The `prev` of the first line: the hash of no bytes.
    public static let genesis = hex(SHA256.hash(data: [UInt8]()))

    public static func hash<B: Collection>(_ bytes: B) -> String where B.Element == UInt8 {
        hex(SHA256.hash(data: Array(bytes)))
    }

    public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        hex(SHA256.hash(data: UnsafeRawBufferPointer(bytes)))
    }

    /// Lower-case hex, written straight into the string's storage: `check` makes one per line,
    /// and appending 64 `Character`s cost more instructions than hashing the line.
    static func hex(_ d: SHA256.Digest) -> String {
        d.withUnsafeBytes { raw in
            String(unsafeUninitializedCapacity: raw.count * 2) { out in
                for (i, b) in raw.enumerated() {
                    out[2 * i] = hexDigit(b >> 4)
                    out[2 * i + 1] = hexDigit(b & 0xF)
                }
                return raw.count * 2
            }
        }
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }
}

/// What the chain says about a journal.
public struct ChainStatus: Sendable, Equatable {
    /// Lines carrying `prev` that matched.
    public var verified = 0
    /// Good lines without `prev` (written by other tools): reported, not errors.
    public var unchained = 0
    /// The first line where the chain breaks, and why.
    public var brokenAt: Int?
    public var reason: String?
    /// Hash of the last line read, and its line number: the head to keep elsewhere.
    public var head = Chain.genesis
    public var headLine = 0

    public init() {}

    public var isBroken: Bool { brokenAt != nil }

    /// One line for the console header and `check`.
    public var summary: String {
        if let brokenAt { return tr("chain broken at line {line}", ["line": String(brokenAt)]) }
        if unchained > 0 {
            return verified > 0 ? tr("chain verified, {count} unchained", ["count": String(unchained)]) : tr("unchained", context: "chain")
        }
        return verified > 0 ? tr("chain verified") : tr("no chain")
    }

    /// The record's state in words a commander reads at a glance (the console's header and footer),
    /// nil when there is nothing to vouch for: "record intact", "record TAMPERED at line 12" …
    public var recordWords: String? {
        if let brokenAt { return tr("record TAMPERED at line {line}", ["line": String(brokenAt)]) }
        if unchained > 0 { return verified > 0 ? tr("record partly verified") : tr("record not verified") }
        return verified > 0 ? tr("record intact") : nil
    }

    /// Checks one line against the chain and moves the head past it.
    mutating func advance(line: Int, bytes: UnsafeBufferPointer<UInt8>, event: Event?) {
        if let e = event { check(e, line: line) }
        head = Chain.hash(bytes)
        headLine = line
    }

    /// Whether an event's `prev` and `seq` continue the chain at this line.
    private mutating func check(_ e: Event, line: Int) {
        guard let prev = e.prev else {
            unchained += 1
            return
        }
        if prev != head {
            breakAt(
                line,
                tr("prev does not match line {line} (an earlier line was edited, deleted or inserted)", ["line": String(line - 1)]))
        } else if let seq = e.seq, seq != line {
            breakAt(
                line,
                tr(
                    "seq {seq} but this is line {line} (lines were deleted or inserted)",
                    ["seq": String(seq), "line": String(line)]))
        } else {
            verified += 1
        }
    }

    /// The same, with the line's hash already taken (on another core, as the line was decoded).
    mutating func advance(line: Int, digest: SHA256.Digest, event: Event?) {
        if let e = event { check(e, line: line) }
        head = Chain.hex(digest)
        headLine = line
    }

    /// A line too long to keep in memory, hashed as it streamed past: it is a bad line, not an event.
    mutating func advance(line: Int, hash: String) {
        head = hash
        headLine = line
    }

    private mutating func breakAt(_ line: Int, _ why: String) {
        if brokenAt == nil {
            brokenAt = line
            reason = why
        }
    }
}
