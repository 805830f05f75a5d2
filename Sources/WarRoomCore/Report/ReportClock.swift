import Foundation

/// How the reports show a moment: RFC 3339 in the reader's time zone (`TZ`, else the
/// system's), so a commander in Shanghai reads 09:10+08:00, not 01:10Z. The journal and
/// the JSON reports keep UTC; only what people read moves.
public struct ReportClock: Sendable {
    public var timeZone: TimeZone

    public init(timeZone: TimeZone = .current) {
        self.timeZone = timeZone
    }

    /// UTC in all but name (`UTC`, `Etc/UTC`, `GMT`, a zone with no offset and no summer time):
    /// its times keep the journal's `Z` form.
    public var isUTC: Bool {
        timeZone.secondsFromGMT(for: Date()) == 0 && timeZone.nextDaylightSavingTimeTransition(after: Date()) == nil
            && timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 0)) == 0
    }

    /// `2026-11-11T01:10:37.827Z` in UTC, `2026-11-11T09:10:37.827+08:00` in Asia/Shanghai.
    public func format(_ d: Date) -> String {
        if isUTC { return RFC3339.format(d) }
        let offset = timeZone.secondsFromGMT(for: d)
        let shifted = RFC3339.format(d.addingTimeInterval(TimeInterval(offset)))
        return String(shifted.dropLast()) + Self.offsetText(offset)
    }

    /// `+08:00`, `-05:00`, `+05:45`.
    static func offsetText(_ seconds: Int) -> String {
        let m = abs(seconds) / 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return (seconds < 0 ? "-" : "+") + two(m / 60) + ":" + two(m % 60)
    }

    /// The zone as a column header names it: `UTC`, or its identifier (`Asia/Shanghai`).
    public var zoneName: String { isUTC ? "UTC" : Sanitizer.inline(timeZone.identifier) }

    /// The sentence that says once, at the top of a report, which zone its times are in.
    public func note(at d: Date) -> String {
        if isUTC { return tr("all times are UTC (RFC 3339, the Z suffix)") }
        return tr(
            "all times are {zone} time (RFC 3339, with the offset from UTC: {offset})",
            ["zone": zoneName, "offset": Self.offsetText(timeZone.secondsFromGMT(for: d))])
    }
}
