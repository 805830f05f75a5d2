import Foundation
import WarRoomCore

/// Dates as the console shows them: in its own time zone, computed by hand so that
/// any date a journal value can make is shown without trapping a conversion.
struct LocalClock {
    var timeZone: TimeZone

    /// Whole seconds since 1970 in the console's zone, for any date a journal value can make
    /// (clamped to years 1-9999, as RFC3339.format does): a far date must not trap a conversion.
    func seconds(_ d: Date) -> Int {
        let raw = d.timeIntervalSince1970
        let t = raw.isFinite ? min(max(raw, -62_135_596_800), 253_402_300_799) : 0
        return Int(t.rounded(.down)) + timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: t))
    }

    /// "HH:MM:SS".
    func time(_ d: Date) -> String {
        let t = seconds(d)
        let s = ((t % 86400) + 86400) % 86400
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(s / 3600)):\(two(s % 3600 / 60)):\(two(s % 60))"
    }

    /// "YYYY-MM-DD".
    func date(_ d: Date) -> String {
        let t = seconds(d)
        let days = t >= 0 ? t / 86400 : (t - 86399) / 86400
        return String(RFC3339.format(Date(timeIntervalSince1970: Double(days * 86400))).prefix(10))
    }
}
