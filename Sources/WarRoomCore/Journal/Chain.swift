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

    static func hex(_ d: SHA256.Digest) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        var s = ""
        s.reserveCapacity(64)
        for b in d {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 0xF)])
        }
        return s
    }
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
        if let e = event {
            if let prev = e.prev {
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
            } else {
                unchained += 1
            }
        }
        head = Chain.hash(bytes)
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
