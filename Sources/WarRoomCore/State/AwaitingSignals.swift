import Foundation

/// The open signals nobody has declared an open incident from yet, kept up to date as the
/// fold goes. Every console's alerts line shows how many there are, how many meet each
/// severity and the first of them, on every frame: with alerting pouring in, thousands stay
/// open, and filtering and copying them all for each frame was most of a room's CPU.
public struct AwaitingSignals: Sendable, Equatable, Codable {
    struct Entry: Sendable, Equatable, Codable {
        var line: Int
        var fingerprint: String
    }

    struct Place: Sendable, Equatable, Codable {
        var bucket: Int
        var line: Int
    }

    /// By the severity they meet (L1, L2, L3, then none), each in the order of the line that
    /// (last) fired them: the first one shown is the newest of the most severe.
    private var buckets: [[Entry]] = [[], [], [], []]
    /// Where each awaiting signal sits in `buckets`.
    private var placed: [String: Place] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey { case buckets, placed }

    /// Checked as it is read back (a checkpoint): damaged bytes that still decode must be
    /// refused here, not trap later when a signal is resolved and its place looked up.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let buckets = try c.decode([[Entry]].self, forKey: .buckets)
        let placed = try c.decode([String: Place].self, forKey: .placed)
        func damaged(_ why: String) -> DecodingError {
            DecodingError.dataCorrupted(DecodingError.Context(codingPath: c.codingPath, debugDescription: "awaiting signals: \(why)"))
        }
        guard buckets.count == 4 else { throw damaged("\(buckets.count) buckets, not 4") }
        guard buckets.reduce(0, { $0 + $1.count }) == placed.count else { throw damaged("entries and places differ in number") }
        var seen = Set<String>()
        for (b, entries) in buckets.enumerated() {
            for (i, e) in entries.enumerated() {
                guard placed[e.fingerprint] == Place(bucket: b, line: e.line) else {
                    throw damaged("\(e.fingerprint) is not where it is said to be")
                }
                guard seen.insert(e.fingerprint).inserted else { throw damaged("\(e.fingerprint) is in twice") }
                guard i == 0 || entries[i - 1].line <= e.line else { throw damaged("bucket \(b) out of order") }
            }
        }
        // As many distinct entries as places, each placed where it is: every place is an entry's, in 0...3.
        self.buckets = buckets
        self.placed = placed
    }

    public var count: Int { placed.count }
    public var isEmpty: Bool { placed.isEmpty }

    /// How many awaiting signals meet `severity`.
    public func count(meeting severity: Severity) -> Int { buckets[AwaitingSignals.bucket(severity)].count }

    /// The one the alerts line names: the most severe `meets` first, then the newest (SignalList's order).
    public var first: String? {
        for b in buckets { if let e = b.last { return e.fingerprint } }
        return nil
    }

    static func bucket(_ meets: Severity?) -> Int { meets.map { $0.rawValue - 1 } ?? 3 }

    /// Records what is now true of one signal: awaiting or not, the severity it meets and the
    /// line that (last) fired it.
    mutating func set(_ fingerprint: String, awaiting: Bool, meets: Severity?, line: Int) {
        let place = Place(bucket: AwaitingSignals.bucket(meets), line: line)
        let old = placed[fingerprint]
        if awaiting, old == place { return }
        if let old { remove(fingerprint, from: old) }
        guard awaiting else { return }
        placed[fingerprint] = place
        // Lines only grow as the journal is folded, so this is an append but for a signal that
        // awaits again without firing again (the incident declared from it closed).
        let i = insertionIndex(place)
        buckets[place.bucket].insert(Entry(line: line, fingerprint: fingerprint), at: i)
    }

    private mutating func remove(_ fingerprint: String, from place: Place) {
        placed[fingerprint] = nil
        var i = insertionIndex(place) - 1
        // One line fires one signal, so the entry is the one with that line; walked back in case.
        while i >= 0, buckets[place.bucket][i].line == place.line {
            if buckets[place.bucket][i].fingerprint == fingerprint {
                buckets[place.bucket].remove(at: i)
                return
            }
            i -= 1
        }
    }

    /// The first index in the place's bucket whose line is after the place's.
    private func insertionIndex(_ place: Place) -> Int {
        let b = buckets[place.bucket]
        if b.last.map({ $0.line <= place.line }) ?? true { return b.count }
        var (lo, hi) = (0, b.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if b[mid].line <= place.line { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
