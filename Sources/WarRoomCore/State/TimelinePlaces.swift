import Foundation

/// Where an incident's timeline lies in the journal: the line number and the byte offset (from
/// the journal's start, as the reader counted it) of each of its events, in file order.
///
/// Kept by every fold, lean or full, so that a timeline not held in memory (a closed incident's,
/// in a console or a one-incident report) can be read back costing what that incident holds:
/// only its lines are read and decoded. Two integers per event (16 bytes) rather than a first and
/// last offset: incidents interleave in a journal, and the range between one incident's first and
/// last line can hold most of a year. A line number cannot be had from an offset without counting
/// every newline before it, so both are kept.
public struct TimelinePlaces: Sendable, Equatable, Codable {
    /// The journal line of each event on the timeline (1-based, as `TimelineEntry.line`).
    public private(set) var lines: [Int] = []
    /// The byte offset where each of those lines starts.
    public private(set) var offsets: [Int] = []

    public init() {}

    public var count: Int { lines.count }

    mutating func append(line: Int, offset: Int) {
        lines.append(line)
        offsets.append(offset)
    }

    /// The places of the lines up to `line` (replay cuts timelines the same way).
    func through(line: Int) -> TimelinePlaces {
        var lo = 0
        var hi = lines.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if lines[mid] <= line { lo = mid + 1 } else { hi = mid }
        }
        var cut = TimelinePlaces()
        cut.lines = Array(lines[0..<lo])
        cut.offsets = Array(offsets[0..<lo])
        return cut
    }
}
