import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore
@testable import WarRoomUI

/// Issue 15, times: the timeline's HH:MM:SS is in the viewer's zone without naming it, so the
/// detail view (Enter) gives the full time with its offset; in UTC it keeps the journal's Z.
@Suite struct DetailTimeZoneTests {
    func detail(_ zone: String) throws -> String {
        let e = Event(.note, ts: T0, actor: "alice", incident: "INC-1", id: "n1", data: ["text": .string("pool exhausted")])
        let grid = TextGrid(width: 100, height: 20)
        let tz = try #require(TimeZone(identifier: zone))
        DetailOverlay(entry: TimelineEntry(line: 3, event: e), sentence: "pool exhausted", glyphs: .unicode, timeZone: tz).draw(grid)
        return grid.text()
    }

    @Test func theFullTimeNamesItsOffset() throws {
        let utc = RFC3339.format(T0)
        #expect(try detail("UTC").contains(utc))
        let shanghai = try detail("Asia/Shanghai")
        #expect(shanghai.contains(ReportClock(timeZone: try #require(TimeZone(identifier: "Asia/Shanghai"))).format(T0)))
        #expect(shanghai.contains("+08:00"), "\(shanghai)")
    }
}
