// The timeline in the wide layout is narrower than the screen, so a terminal cannot
// scroll it: following there moves two thirds of a page at a time (jump scroll),
// and between jumps an appended event changes one timeline row. Full-width
// timelines (80×24) still scroll a line at a time.
import Foundation
import Testing
import WarRoomCore

@testable import WarRoomUI

@Suite("Timeline jump scroll")
struct JumpScrollTests {
    /// Frames of a journal with `count` notes, one frame per count.
    static func frame(notes count: Int, width: Int, height: Int) -> (grid: TextGrid, rows: [String], layout: Layout) {
        var lines = [declareLine(playbook: "website-crisis")]
        for k in 0..<count {
            lines.append(noteLine("note number \(k) of the drill", at: Double(k + 1), actor: k % 2 == 0 ? "alice" : "bob"))
        }
        let model = makeModel(lines: lines)
        let grid = render(model, now: T0.addingTimeInterval(3600), width: width, height: height)
        let layout = Layout.make(width: width, height: height, banner: false)!
        let inner = layout.timeline.inner
        let rows = grid.lines()[inner.y..<(inner.y + inner.height)].map { line -> String in
            let chars = Array(line)
            return String(chars[min(chars.count, inner.x)..<min(chars.count, inner.x + inner.width)])
        }
        return (grid, rows, layout)
    }

    static func shownNotes(_ rows: [String]) -> [Int] {
        rows.compactMap { row in
            guard let r = row.range(of: "note number ") else { return nil }
            return Int(row[r.upperBound...].prefix { $0.isNumber })
        }
    }

    @Test("wide layout: the newest event is always shown, with at least a third of a page before it, in order")
    func wideAlwaysShowsNewest() {
        let (_, first, layout) = Self.frame(notes: 1, width: 200, height: 60)
        let pageRows = layout.timeline.inner.height
        #expect(layout.timeline.width < 200)
        #expect(Self.shownNotes(first) == [0])
        // The declaration is the first timeline entry, so `count` notes make count + 1 entries.
        for count in stride(from: 1, through: pageRows * 3, by: 1) {
            let shown = Self.shownNotes(Self.frame(notes: count, width: 200, height: 60).rows)
            #expect(shown.last == count - 1, "the newest note is not shown with \(count) notes")
            #expect(shown == Array(shown.sorted()), "out of order with \(count) notes")
            if count + 1 > pageRows {
                #expect(shown.count >= pageRows / 3, "only \(shown.count) rows of \(pageRows) shown with \(count) notes")
            }
        }
    }

    @Test("wide layout: between jumps an appended event changes one timeline row; a jump moves two thirds of a page")
    func wideChangesOneRowBetweenJumps() {
        let pageRows = Layout.make(width: 200, height: 60, banner: false)!.timeline.inner.height
        var jumps = 0
        var previous = Self.frame(notes: pageRows, width: 200, height: 60).rows
        for count in (pageRows + 1)...(pageRows * 3) {
            let rows = Self.frame(notes: count, width: 200, height: 60).rows
            let changed = zip(previous, rows).filter { $0 != $1 }.count
            if changed > 1 {
                jumps += 1
                let shown = Self.shownNotes(rows)
                #expect(shown.count <= pageRows - pageRows * 2 / 3 + 1, "a jump left \(shown.count) rows")
            }
            previous = rows
        }
        // Two page-widths of appends at two thirds of a page a jump: three jumps, not one per event.
        #expect(jumps >= 2 && jumps <= 4, "\(jumps) jumps over \(pageRows * 2) appended events")
    }

    @Test("80×24: the full-width timeline still follows a line at a time, newest on the last row")
    func compactScrollsByLine() {
        for count in 20...40 {
            let (_, rows, _) = Self.frame(notes: count, width: 80, height: 24)
            let shown = Self.shownNotes(rows)
            #expect(shown.last == count - 1)
            #expect(rows.last?.contains("note number \(count - 1)") == true, "newest not on the last row with \(count) notes")
        }
    }
}
