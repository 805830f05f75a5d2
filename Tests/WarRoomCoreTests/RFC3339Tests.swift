import Foundation
import Testing

@testable import WarRoomCore

/// Journal times: writers emit UTC with milliseconds; readers accept any
/// offset and 0 to 9 fractional digits, and refuse what is not a date-time.
@Suite("RFC 3339")
struct RFC3339Tests {
    func parse(_ s: String) -> Date? { RFC3339.parse(s) }
    func epoch(_ s: String) -> Double? { parse(s)?.timeIntervalSince1970 }

    @Test
    func writtenFormRoundTrips() throws {
        for s in [
            "2026-11-22T08:15:02.120Z", "1970-01-01T00:00:00.000Z", "0001-01-01T00:00:00.000Z",
            "9999-12-31T23:59:59.999Z", "2024-02-29T12:00:00.001Z", "1969-12-31T23:59:59.617Z",
        ] {
            let d = try #require(parse(s), "\(s) does not parse")
            #expect(RFC3339.format(d) == s)
        }
    }

    @Test
    func formatRoundTripsThroughParse() throws {
        // Millisecond instants either side of the epoch and across a leap day.
        for ms in [0, 1, -1, 617, 1_709_164_800_000, 1_795_335_302_120, -86_400_001, 253_402_300_799_000] {
            let d = Date(timeIntervalSince1970: Double(ms) / 1000)
            let text = RFC3339.format(d)
            let back = try #require(parse(text), "\(text) does not parse")
            #expect(RFC3339.format(back) == text)
            #expect(abs(back.timeIntervalSince1970 - d.timeIntervalSince1970) < 0.0005, "\(ms) ms came back as \(text)")
        }
    }

    @Test
    func knownInstants() {
        #expect(epoch("1970-01-01T00:00:00Z") == 0)
        #expect(epoch("2026-11-22T08:00:00Z") == 1_795_334_400)
        #expect(epoch("2000-03-01T00:00:00Z") == 951_868_800)
        #expect(epoch("1969-12-31T23:59:59Z") == -1)
    }

    @Test
    func offsetsAndSpellings() {
        let utc = epoch("2026-11-22T08:00:00Z")
        #expect(epoch("2026-11-22T16:00:00+08:00") == utc)
        #expect(epoch("2026-11-22T03:30:00-04:30") == utc)
        #expect(epoch("2026-11-22t08:00:00z") == utc)
        #expect(epoch("2026-11-22 08:00:00Z") == utc)
        #expect(epoch("2026-11-22T08:00:00+00:00") == utc)
        #expect(epoch("2026-11-22T08:00:00-00:00") == utc)
    }

    @Test
    func fractionsOfZeroToNineDigits() throws {
        #expect(epoch("2026-11-22T08:00:00.5Z") == epoch("2026-11-22T08:00:00Z").map { $0 + 0.5 })
        let nine = try #require(epoch("2026-11-22T08:00:00.123456789Z"))
        #expect(abs(nine - (1_795_334_400 + 0.123456789)) < 1e-6)
        #expect(parse("2026-11-22T08:00:00.1234567890Z") == nil, "ten digits")
        #expect(parse("2026-11-22T08:00:00.Z") == nil, "a dot without digits")
    }

    @Test
    func leapSecondsAndLeapDays() {
        // A leap second is read as the second before it (Date has no 60th second).
        #expect(epoch("2016-12-31T23:59:60Z") == epoch("2016-12-31T23:59:59Z"))
        #expect(epoch("2016-12-31T23:59:60.500Z") == epoch("2016-12-31T23:59:59Z").map { $0 + 0.5 })
        #expect(parse("2024-02-29T00:00:00Z") != nil)
        #expect(parse("2000-02-29T00:00:00Z") != nil, "2000 is a leap year")
        #expect(parse("1900-02-29T00:00:00Z") == nil, "1900 is not")
        #expect(parse("2026-02-29T00:00:00Z") == nil)
        #expect(parse("2026-02-29T00:00:00.000Z") == nil, "the writers' fast path checks the day too")
        #expect(parse("2026-04-31T00:00:00Z") == nil)
    }

    @Test
    func oddInputsAreRefused() {
        for s in [
            "", "2026", "2026-11-22", "2026-11-22T08:00", "2026-11-22T08:00:00", "2026-11-22T08:00:00+0800",
            "2026-11-22T08:00:00+24:00", "2026-11-22T08:00:00+08:60", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
            "2026-11-00T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T08:60:00Z", "2026-11-22T08:00:61Z",
            "2026-11-22T08:00:00ZZ", " 2026-11-22T08:00:00Z", "2026-11-22T08:00:00Z ", "2026-11-22X08:00:00Z",
            "２０２６-11-22T08:00:00Z", "2026-1-22T08:00:00Z", "+2026-11-22T08:00:00Z", "2026-11-22T08:00:00.12aZ",
            "2026-11-22T08:00:00.120z\u{0}", "2026-11-22T08:15:02.12XZ",
        ] {
            #expect(parse(s) == nil, "\(s.debugDescription) should not parse")
        }
    }

    @Test
    func formatClampsWhatCannotBeWritten() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: .infinity)) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1e18)) == "9999-12-31T23:59:59.999Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -1e18)) == "0001-01-01T00:00:00.000Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1.617)) == "1970-01-01T00:00:01.617Z")
    }
}
