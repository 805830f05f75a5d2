import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// Timeline scrolling: a filtered view stays put as lines arrive; Home shows a full first page.
@Suite("Timeline scrolling")
struct TimelineScrollTests {
    @Test
    func filteredTimelineStaysAnchored() {
        var lines = [declareLine(playbook: "website-crisis")]
        for i in 0..<12 { lines.append(noteLine(i % 2 == 0 ? "alpha \(i)" : "beta \(i)", at: Double(10 + i))) }
        var m = makeModel(lines: lines)
        m.timelineRows = 3  // a short pane, so the six matching lines can scroll
        m.filter = "alpha"
        _ = m.handle(.up)
        _ = m.handle(.up)
        let newest = m.timelineEntries[m.timelineEntries.count - 1 - m.timelineScroll].event.string("text")
        #expect(newest == "alpha 6")
        // Three events that do not match the filter arrive.
        let more = lines + (0..<3).map { noteLine("beta new \($0)", at: Double(100 + $0)) }
        m.journalUpdated(JournalReader.read(journalBytes(more)).state, pendingBytes: 0, reloaded: nil)
        #expect(m.newBelow == 0, "\(m.newBelow) new below, but no new line matches the filter")
        let after = m.timelineEntries[max(0, m.timelineEntries.count - 1 - m.timelineScroll)].event.string("text")
        #expect(after == "alpha 6", "the filtered view jumped from alpha 6 to \(after ?? "nil")")
    }

    @Test
    func homeShowsAFullFirstPage() {
        var lines = [declareLine(playbook: "website-crisis")]
        for i in 0..<30 { lines.append(noteLine("note \(i)", at: Double(10 + i))) }
        var m = makeModel(lines: lines)
        _ = m.handle(.char("g"))
        let grid = render(m, now: T0.addingTimeInterval(600), width: 80, height: 24)
        // 80x24: the timeline pane has 6 inner rows, one of them the "scrolled up" bar.
        let rows = grid.lines()[2..<7]
        let blank = rows.filter { $0.trimmingCharacters(in: CharacterSet(charactersIn: "┃ ")).isEmpty }
        #expect(blank.isEmpty, "the first page shows \(5 - blank.count) of 5 rows:\n\(rows.joined(separator: "\n"))")
    }
}
