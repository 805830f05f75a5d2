import Foundation

/// A due date as people type it: a duration from now (`14d`, `2w`, `36h`), a day
/// (`2026-12-31`, meaning the end of that day where the person is), or an RFC 3339 time.
public enum DueDate {
    public static func parse(_ text: String, now: Date, zone: TimeZone = .current) -> Date? {
        if let d = DurationText.parse(text) { return now.addingTimeInterval(d) }
        if let t = RFC3339.parse(text) { return t }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.utf8.count == 10 else { return nil }
        var c = DateComponents()
        (c.year, c.month, c.day, c.hour, c.minute, c.second) = (parts[0], parts[1], parts[2], 23, 59, 59)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // 2026-02-30 would roll over into March: refused rather than moved.
        guard let d = calendar.date(from: c), calendar.component(.day, from: d) == parts[2],
            calendar.component(.month, from: d) == parts[1]
        else { return nil }
        return d
    }
}
