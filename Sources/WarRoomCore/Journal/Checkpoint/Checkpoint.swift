import Crypto
import Foundation

/// The lean fold of a journal file saved at a line's end (see docs/journal-format.md,
/// "Checkpoints"): a lean reader loads it and reads only the bytes after `offset`, so one
/// append costs what the new lines cost, not the whole journal. It is trusted only while the
/// file is the same (device and inode), still reaches `offset`, and its last covered line
/// still hashes to `head`; anything else means a full read.
struct Checkpoint: Codable, Equatable {
    var device: UInt64
    var inode: UInt64
    /// Where the first line not covered starts: the end of line `lineCount`, its newline included.
    var offset: Int
    var lineCount: Int
    var lastLineOffset: Int
    var lastLineLength: Int
    /// SHA-256 of the last covered line's bytes (without its newline).
    var head: [UInt8]
    var state: JournalState

    /// The file's header: a magic, this layout's version and the build's format key, checked
    /// before the state is decoded, so a state written by another build is never read.
    static let magic: [UInt8] = Array("WRCKPT".utf8)
    static let version: UInt8 = 1

    func encoded(formatKey: [UInt8]) throws -> [UInt8] {
        Checkpoint.magic + [Checkpoint.version] + formatKey + (try BinaryEncoder().encode(self))
    }

    enum Loaded {
        case checkpoint(Checkpoint)
        /// Written by another build or another layout: not a sign of anything, just not usable.
        case otherBuild
        case unreadable
    }

    static func decode(_ bytes: [UInt8], formatKey: [UInt8]) -> Loaded {
        let header = magic.count + 1 + formatKey.count
        guard bytes.count > header, Array(bytes[0..<magic.count]) == magic else { return .unreadable }
        guard bytes[magic.count] == version, Array(bytes[(magic.count + 1)..<header]) == formatKey else { return .otherBuild }
        guard let c = try? BinaryDecoder().decode(Checkpoint.self, from: bytes, startingAt: header) else { return .unreadable }
        return .checkpoint(c)
    }
}
