import Foundation

/// RFC 3339 times as the journal uses them: writers emit UTC with
/// milliseconds; readers accept any offset and 0–9 fractional digits.
public enum RFC3339 {
    /// Parses an RFC 3339 date-time. Returns nil when the text is not one.
    public static func parse(_ text: String) -> Date? {
        var s = text
        return s.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Date? {
        if b.count == 24, let d = parseWritten(b) { return d }
        return parseGeneral(bytes: b)
    }

    /// The form every warroom writer emits, `2026-11-22T08:15:02.120Z`, read without the
    /// general parser's steps; the same arithmetic, so the same `Date`. nil when the bytes are
    /// not in that form (the general parser then decides).
    @inline(__always)
    static func parseWritten(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b[4] == 0x2D, b[7] == 0x2D, b[10] == UInt8(ascii: "T"), b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x2E,
            b[23] == UInt8(ascii: "Z")
        else { return nil }
        @inline(__always) func d(_ k: Int) -> Int { Int(b[k]) &- 0x30 }
        let separators: UInt32 = 1 << 4 | 1 << 7 | 1 << 10 | 1 << 13 | 1 << 16 | 1 << 19
        for k in 0..<23 where separators & (1 << UInt32(k)) == 0 && (b[k] < 0x30 || b[k] > 0x39) { return nil }
        let year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)
        let month = d(5) * 10 + d(6), day = d(8) * 10 + d(9)
        let hour = d(11) * 10 + d(12), minute = d(14) * 10 + d(15), second = d(17) * 10 + d(18)
        var fraction = 0.0
        var scale = 0.1
        for k in 20..<23 {
            fraction += Double(b[k] - 0x30) * scale
            scale /= 10
        }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month), hour <= 23, minute <= 59,
            second <= 60
        else { return nil }
        let days = daysFromCivil(year, month, day)
        let secs = days * 86400 + hour * 3600 + minute * 60 + min(second, 59)
        return Date(timeIntervalSince1970: Double(secs) + fraction)
    }

    static func parseGeneral(bytes b: UnsafeBufferPointer<UInt8>) -> Date? {
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")),
            let day = digits(2)
        else { return nil }
        guard i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") else {
            return nil
        }
        i += 1
        guard let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2), expect(UInt8(ascii: ":")),
            let second = digits(2)
        else { return nil }
        var fraction = 0.0
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            var n = 0
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                n += 1
                if n > 9 { return nil }
                fraction += Double(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            if n == 0 { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = digits(2), expect(UInt8(ascii: ":")), let om = digits(2), oh <= 23, om <= 59 else {
                return nil
            }
            offset = sign * (oh * 3600 + om * 60)
        default:
            return nil
        }
        guard i == b.count else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month), hour <= 23, minute <= 59,
            second <= 60
        else { return nil }
        let days = daysFromCivil(year, month, day)
        let secs = days * 86400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        return Date(timeIntervalSince1970: Double(secs) + fraction)
    }

    /// Formats a time as UTC with milliseconds: `2026-11-22T08:15:02.120Z`.
    public static func format(_ date: Date) -> String {
        // Years 0001-9999 only (to the last millisecond of 9999): a hostile line must not trap a conversion below.
        let t = date.timeIntervalSince1970
        let clamped = t.isFinite ? min(max(t, -62_135_596_800), 253_402_300_799.999) : 0
        // To the microsecond first: a time read from "…01.617Z" is 0.61699999… in binary, and
        // flooring that to milliseconds would write it back as .616.
        let totalMs = Int64(((clamped * 1_000_000).rounded() / 1000).rounded(.down))
        var secs = totalMs / 1000
        var ms = totalMs % 1000
        if ms < 0 {
            ms += 1000
            secs -= 1
        }
        var days = secs / 86400
        var rem = secs % 86400
        if rem < 0 {
            rem += 86400
            days -= 1
        }
        let (y, m, d) = civilFromDays(Int(days))
        let hh = Int(rem / 3600), mm = Int(rem % 3600 / 60), ss = Int(rem % 60)
        // Written digit by digit into 24 bytes: every event written and every time in a report goes through here.
        return String(unsafeUninitializedCapacity: 24) { out in
            func put(_ v: Int, _ width: Int, at i: Int) {
                var v = v
                for k in stride(from: i + width - 1, through: i, by: -1) {
                    out[k] = UInt8(0x30 + v % 10)
                    v /= 10
                }
            }
            put(y, 4, at: 0)
            out[4] = 0x2D
            put(m, 2, at: 5)
            out[7] = 0x2D
            put(d, 2, at: 8)
            out[10] = UInt8(ascii: "T")
            put(hh, 2, at: 11)
            out[13] = 0x3A
            put(mm, 2, at: 14)
            out[16] = 0x3A
            put(ss, 2, at: 17)
            out[19] = 0x2E
            put(Int(ms), 3, at: 20)
            out[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil algorithms (public domain description).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// Durations as people write them in plans and on the command line: `90s`,
/// `5m`, `72h`, `7d`, `1h30m`.
public enum DurationText {
    public static func parse(_ text: String) -> TimeInterval? {
        // Plain ASCII (every duration a writer produces) without Foundation's Unicode trimming.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var t = Substring(text)
            while let f = t.utf8.first, f == 0x20 || f == 0x09 { t = t.dropFirst() }
            while let l = t.utf8.last, l == 0x20 || l == 0x09 { t = t.dropLast() }
            return parse(trimmedLowercase: t.lowercased())
        }
        return parse(trimmedLowercase: text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    private static func parse(trimmedLowercase t: String) -> TimeInterval? {
        guard !t.isEmpty else { return nil }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for c in t {
            if c.isNumber || c == "." {
                number.append(c)
                continue
            }
            guard let n = Double(number) else { return nil }
            switch c {
            case "s": total += n
            case "m": total += n * 60
            case "h": total += n * 3600
            case "d": total += n * 86400
            case "w": total += n * 7 * 86400
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        if !number.isEmpty { return nil }
        // Nothing in a crisis plan is due more than ten years out; larger figures are typos or attacks.
        guard sawUnit, total.isFinite, total <= 10 * 365 * 86400 else { return nil }
        return total
    }

    /// A compact human form: `45s`, `4m 12s`, `1h 05m`, `3d 04h`; in Chinese `45秒`, `4分12秒`, `1小时5分`, `3天4小时`.
    public static func format(_ seconds: TimeInterval) -> String {
        let neg = seconds < 0
        guard seconds.isFinite, abs(seconds) < 1e15 else { return neg ? "-∞" : "∞" }
        let s = Int(abs(seconds).rounded(.down))
        let body = L10n.current.isTranslated ? localized(s) : english(s)
        return neg ? "-" + body : body
    }

    private static func english(_ s: Int) -> String {
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m \(two(s % 60))s" }
        if s < 86400 { return "\(s / 3600)h \(two(s % 3600 / 60))m" }
        return "\(s / 86400)d \(two(s % 86400 / 3600))h"
    }

    /// Other languages write durations without padding and without a zero second unit
    /// (`2小时`, not `2小时00分`); the unit words come from the catalog.
    private static func localized(_ s: Int) -> String {
        func pair(_ big: Int, _ small: Int, _ both: (String, String) -> String, _ alone: (String) -> String) -> String {
            small == 0 ? alone(String(big)) : both(String(big), String(small))
        }
        if s < 60 { return tr("{s}s", context: "duration", ["s": String(s)]) }
        if s < 3600 {
            return pair(
                s / 60, s % 60, { tr("{m}m {s}s", context: "duration", ["m": $0, "s": $1]) },
                { tr("{m}m", context: "duration", ["m": $0]) })
        }
        if s < 86400 {
            return pair(
                s / 3600, s % 3600 / 60, { tr("{h}h {m}m", context: "duration", ["h": $0, "m": $1]) },
                { tr("{h}h", context: "duration", ["h": $0]) })
        }
        return pair(
            s / 86400, s % 86400 / 3600, { tr("{d}d {h}h", context: "duration", ["d": $0, "h": $1]) },
            { tr("{d}d", context: "duration", ["d": $0]) })
    }

    /// For narrow panes: the compact form without its space (`1h54m`, `23m31s`); in Chinese
    /// the short units a narrow KPI row has room for (`1时54分`, `23分31秒`, `3天4时`).
    public static func formatNarrow(_ seconds: TimeInterval) -> String {
        guard L10n.current.isTranslated else { return format(seconds).replacingOccurrences(of: " ", with: "") }
        guard seconds.isFinite, abs(seconds) < 1e15 else { return seconds < 0 ? "-∞" : "∞" }
        let s = Int(abs(seconds).rounded(.down))
        let body: String
        if s < 60 {
            body = narrowUnit("s", s)
        } else if s < 3600 {
            body = narrowUnit("m", s / 60) + (s % 60 == 0 ? "" : narrowUnit("s", s % 60))
        } else if s < 86400 {
            body = narrowUnit("h", s / 3600) + (s % 3600 / 60 == 0 ? "" : narrowUnit("m", s % 3600 / 60))
        } else {
            body = narrowUnit("d", s / 86400) + (s % 86400 / 3600 == 0 ? "" : narrowUnit("h", s % 86400 / 3600))
        }
        return seconds < 0 ? "-" + body : body
    }

    /// A target for narrow panes: `5m`, `72h`, `7d` as `formatTarget`; in Chinese `5分`, `72时`, `7天`.
    public static func formatTargetNarrow(_ seconds: TimeInterval) -> String {
        guard L10n.current.isTranslated, seconds.isFinite, abs(seconds) < 1e15 else { return formatTarget(seconds) }
        var s = Int(seconds.rounded())
        if s == 0 { return narrowUnit("s", 0) }
        var out = ""
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] where s >= size {
            if unit == "d" && (s % 86400 != 0 || s < 7 * 86400) { continue }
            out += narrowUnit(unit, s / size)
            s %= size
        }
        return out
    }

    private static func narrowUnit(_ unit: String, _ n: Int) -> String {
        let v = ["n": String(n)]
        switch unit {
        case "d": return tr("{n}d", context: "narrow duration", v)
        case "h": return tr("{n}h", context: "narrow duration", v)
        case "m": return tr("{n}m", context: "narrow duration", v)
        default: return tr("{n}s", context: "narrow duration", v)
        }
    }

    /// How long ago, in its largest unit only, for narrow columns: `45s`, `4m`, `1h`, `3d`
    /// (`45秒`, `4分钟`, `1小时`, `3天` in Chinese). Negative or unknown spans read as 0.
    public static func formatAge(_ seconds: TimeInterval) -> String {
        let s = seconds.isFinite && seconds > 0 ? Int(min(seconds, 1e15).rounded(.down)) : 0
        if s < 60 { return tr("{n}s", context: "age", ["n": String(s)]) }
        if s < 3600 { return tr("{n}m", context: "age", ["n": String(s / 60)]) }
        if s < 86400 { return tr("{n}h", context: "age", ["n": String(s / 3600)]) }
        return tr("{n}d", context: "age", ["n": String(s / 86400)])
    }

    /// The shortest exact form, for targets: `5m`, `72h`, `7d`, `1h30m`; in Chinese `5分钟`, `72小时`, `7天`, `1小时30分`.
    public static func formatTarget(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite, abs(seconds) < 1e15 else { return "∞" }
        var s = Int(seconds.rounded())
        let translated = L10n.current.isTranslated
        if s == 0 { return translated ? tr("{s}s", context: "duration", ["s": "0"]) : "0s" }
        var parts: [(unit: String, n: Int)] = []
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)] where s >= size {
            if unit == "d" && (s % 86400 != 0 || s < 7 * 86400) { continue }
            parts.append((unit, s / size))
            s %= size
        }
        guard translated else { return parts.map { "\($0.n)\($0.unit)" }.joined() }
        // One unit alone reads as a span (`5分钟`); several as a clock reading (`1小时30分`).
        if parts.count == 1, let p = parts.first {
            switch p.unit {
            case "d": return tr("{d}d", context: "duration", ["d": String(p.n)])
            case "h": return tr("{h}h", context: "duration", ["h": String(p.n)])
            case "m": return tr("{m}m", context: "duration", ["m": String(p.n)])
            default: return tr("{s}s", context: "duration", ["s": String(p.n)])
            }
        }
        return parts.map { p -> String in
            switch p.unit {
            case "d": return tr("{d}d", context: "duration", ["d": String(p.n)])
            case "h": return tr("{h}h", context: "duration part", ["h": String(p.n)])
            case "m": return tr("{m}m", context: "duration part", ["m": String(p.n)])
            default: return tr("{s}s", context: "duration part", ["s": String(p.n)])
            }
        }.joined()
    }

    private static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
