import Foundation

/// A channel's send limits: at most `perSecond` in any second and `perMinute` in any minute
/// (0: no limit), and a pause the platform asked for (DingTalk's ten minutes after "too fast").
/// Fed with every claim in the journal, so a restarted notifier, or a second one, counts the
/// sends already made.
public struct NotifyLimiter: Sendable, Equatable {
    public var perSecond: Int
    public var perMinute: Int
    public private(set) var times: [Date] = []
    public var pausedUntil: Date?

    public init(perSecond: Int, perMinute: Int) {
        self.perSecond = perSecond
        self.perMinute = perMinute
    }

    public mutating func record(_ t: Date) {
        times.append(t)
        if times.count > 4096 { times.removeFirst(times.count - 2048) }
    }

    /// How many messages may go now.
    public func available(at now: Date) -> Int {
        if let p = pausedUntil, now < p { return 0 }
        var room = Int.max
        if perSecond > 0 { room = min(room, perSecond - times.filter { now.timeIntervalSince($0) < 1 && $0 <= now }.count) }
        if perMinute > 0 { room = min(room, perMinute - times.filter { now.timeIntervalSince($0) < 60 && $0 <= now }.count) }
        return max(0, room)
    }

    /// When the next message may go, if none may now.
    public func nextFree(after now: Date) -> Date {
        if let p = pausedUntil, now < p { return p }
        var t = now
        if perSecond > 0 {
            let recent = times.filter { now.timeIntervalSince($0) < 1 }.sorted()
            if recent.count >= perSecond { t = max(t, recent[recent.count - perSecond].addingTimeInterval(1)) }
        }
        if perMinute > 0 {
            let recent = times.filter { now.timeIntervalSince($0) < 60 }.sorted()
            if recent.count >= perMinute { t = max(t, recent[recent.count - perMinute].addingTimeInterval(60)) }
        }
        return t
    }
}
