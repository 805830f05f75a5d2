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

    public var count: Int { placed.count }
    public var isEmpty: Bool { placed.isEmpty }

    /// How many awaiting signals meet `severity`.
    public func count(meeting severity: Severity) -> Int { buckets[AwaitingSignals.bucket(severity)].count }

    /// The one the alerts line names: the most severe `meets` first, then the newest (SignalList's order).
    public var first: String? {
        for b in buckets { if let e = b.last { return e.fingerprint } }
        return nil
    }

    /// Whether `fingerprint` is among them.
    public func contains(_ fingerprint: String) -> Bool { placed[fingerprint] != nil }

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
