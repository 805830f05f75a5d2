import Foundation

/// The stretch of time `stats` counts: incidents declared at or after `since` and before `until`.
public struct StatsPeriod: Sendable, Equatable {
    public var since: Date
    public var until: Date

    public init(since: Date, until: Date) {
        self.since = since
        self.until = until
    }

    public var length: TimeInterval { until.timeIntervalSince(since) }

    /// The period of the same length just before this one, for trends.
    public var previous: StatsPeriod { StatsPeriod(since: since.addingTimeInterval(-length), until: since) }

    public func contains(_ d: Date) -> Bool { d >= since && d < until }

    /// The period the options give: `--until` a day (counted whole) or a time, else `now`;
    /// `--since` a day or a time, else twelve months before the end.
    public static func from(since: String?, until: String?, now: Date, timeZone: TimeZone) throws(StatsInputError) -> StatsPeriod {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var end = now
        if let until {
            guard let t = parse(until, calendar: calendar, wholeDay: true) else {
                throw StatsInputError(
                    tr("--until must be a day like 2026-11-30 or an RFC 3339 time, not \"{value}\"", ["value": until]))
            }
            end = t
        }
        var start = calendar.date(byAdding: .year, value: -1, to: end) ?? end.addingTimeInterval(-365 * 86400)
        if let since {
            guard let t = parse(since, calendar: calendar, wholeDay: false) else {
                throw StatsInputError(
                    tr("--since must be a day like 2026-01-01 or an RFC 3339 time, not \"{value}\"", ["value": since]))
            }
            start = t
        }
        guard start < end else {
            throw StatsInputError(
                tr(
                    "the period is empty: --since {since} is not before --until {until}",
                    ["since": RFC3339.format(start), "until": RFC3339.format(end)]))
        }
        return StatsPeriod(since: start, until: end)
    }

    /// A day (`2026-11-30`, its start; with `wholeDay`, the start of the next day) or an RFC 3339 time.
    static func parse(_ text: String, calendar: Calendar, wholeDay: Bool) -> Date? {
        if let t = RFC3339.parse(text) { return t }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        guard let day = calendar.date(from: DateComponents(year: y, month: m, day: d)),
            calendar.component(.day, from: day) == d
        else { return nil }
        return wholeDay ? calendar.date(byAdding: .day, value: 1, to: day) : day
    }
}

/// A `stats` or `drill history` option that cannot be used, said as one line.
public struct StatsInputError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ message: String) { description = message }
}
