import Foundation

/// How real time maps to the time an incident's deadlines count in. A real
/// incident counts in real time; a drill counts in scenario time: real time
/// since its start, minus pauses, times its speed, stopping when it ends.
public struct Timescale: Sendable, Equatable {
    public struct Pause: Sendable, Equatable, Codable {
        public var from: Date
        public var until: Date?
    }

    public var speed: Double
    public var start: Date
    public var pauses: [Pause]
    public var end: Date?

    public init(speed: Double, start: Date, pauses: [Pause] = [], end: Date? = nil) {
        self.speed = speed
        self.start = start
        self.pauses = pauses
        self.end = end
    }

    public static let real = Timescale(speed: 1, start: .distantPast)

    public var isReal: Bool { speed == 1 && pauses.isEmpty && end == nil }

    public var isPaused: Bool { pauses.last.map { $0.until == nil } ?? false }

    /// Scenario seconds that pass between two real times.
    public func elapsed(from a: Date, to b0: Date) -> TimeInterval {
        if isReal { return b0.timeIntervalSince(a) }
        let b = end.map { min($0, b0) } ?? b0
        guard b > a else { return 0 }
        var active = b.timeIntervalSince(a)
        for p in pauses {
            let pEnd = p.until ?? .distantFuture
            let lo = max(a, p.from)
            let hi = min(b, pEnd)
            if hi > lo { active -= hi.timeIntervalSince(lo) }
        }
        return max(0, active) * speed
    }

    /// Scenario time at a real moment, counted from the start.
    public func scenarioTime(at t: Date) -> TimeInterval { elapsed(from: start, to: t) }

    /// The real moment a deadline `seconds` of scenario time after `from` falls,
    /// seen from `now` (an ongoing pause pushes it back as it lasts).
    public func deadline(_ seconds: TimeInterval, after from: Date, now: Date) -> Date {
        if isReal { return from.addingTimeInterval(seconds) }
        let done = elapsed(from: from, to: now)
        return now.addingTimeInterval((seconds - done) / speed)
    }
}
