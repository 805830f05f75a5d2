import Foundation

/// The journal's state as of any moment, for time travel. Folding from the
/// start for every step would cost the whole journal each time, so the index
/// keeps a snapshot every `interval` events; a state costs at most `interval`
/// events of folding. Snapshots are folded without timelines (the bulk of the
/// state), which are cut from the live state instead, so they stay small.
public final class ReplayIndex: @unchecked Sendable {
    /// Applied events in file order.
    public let log: [TimelineEntry]
    /// The live state the log was folded into.
    public let full: JournalState
    /// Lines in the journal (bad and blank ones included).
    public let lineCount: Int
    public let interval: Int
    private var snapshots: [JournalState] = []

    public init(log: [TimelineEntry], full: JournalState, lineCount: Int, interval: Int = 512) {
        self.log = log
        self.full = full
        self.lineCount = lineCount
        self.interval = max(1, interval)
        var s = JournalState()
        s.recordsTimelines = false
        snapshots.reserveCapacity(log.count / self.interval + 1)
        for (i, entry) in log.enumerated() {
            if i % self.interval == 0 { snapshots.append(s) }
            s.apply(entry.event, line: entry.line, offset: 0)
        }
        if log.count % self.interval == 0 { snapshots.append(s) }
    }

    public var count: Int { log.count }

    /// The state after the first `position` events (0…count).
    public func state(at position: Int) -> JournalState {
        let p = max(0, min(position, log.count))
        var s = snapshots[p / interval]
        for i in (p / interval * interval)..<p {
            s.apply(log[i].event, line: log[i].line, offset: 0)
        }
        let cutLine = p < log.count ? log[p].line - 1 : lineCount
        return s.completed(from: full, throughLine: cutLine)
    }

    /// The position holding every event up to `time`: the file up to its first event later than `time`.
    public func position(atTime time: Date) -> Int {
        log.firstIndex(where: { $0.event.ts > time }) ?? log.count
    }

    /// The time shown for a position: that of its last event.
    public func time(at position: Int) -> Date? {
        position > 0 ? log[min(position, log.count) - 1].event.ts : nil
    }
}
