import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// Tests that expose bugs found while writing the console tests. Each one is
/// disabled with the bug's description; enable it when the bug is fixed.
@Suite("Bug reports")
struct BugReportsTests {
    func paymentOutage() -> (ConsoleModel, Date) {
        let bytes = fixtureBytes("payment-outage.jsonl")
        return (makeModel(bytes, path: "examples/payment-outage.jsonl"), fixedNow(bytes))
    }

    @Test
    func helpFitsAt80x24() {
        var (model, now) = paymentOutage()
        model.interaction = .help
        let grid = render(model, now: now, width: 80, height: 24)
        let text = grid.text()
        #expect(text.contains("quit"), "the help never says how to quit at 80x24")
        #expect(text.contains("In prompts"), "the prompt-editing keys are missing at 80x24")
        #expect(text.contains("any key closes"), "the footer hint is hidden under the help box")
    }

    @Test
    func pickerShowsSelectedDetail() {
        var m = makeModel(lines: [declareLine(severity: 2)])
        _ = m.handle(.char("a"))
        guard case .picker(let p) = m.interaction else {
            Issue.record("no role picker")
            return
        }
        #expect(p.options[0].detail == "unfilled")
        #expect(p.options[1].detail == "unfilled")
        let lines = render(m, now: T0.addingTimeInterval(60), width: 80, height: 24).lines()
        let first = lines.first { $0.contains("1 commander") } ?? ""
        let second = lines.first { $0.contains("2 communications") } ?? ""
        #expect(second.contains("unfilled"))  // not selected: shown
        #expect(first.contains("unfilled"), "the selected row lost its detail: \(first)")
    }

    @Test
    func dueDateOnAnotherDay() {
        let (model, now) = paymentOutage()
        let lines = render(model, now: now, width: 200, height: 60).lines()
        let row = try? #require(lines.first { $0.contains("Hold the review meeting") })
        #expect(row?.contains("due 02:07│") == false, "due time shown without its day: \(row ?? "")")
    }

    @Test
    func headerKeepsAGapBeforeTheLiveLabel() {
        for file in ["drill-zh.jsonl", "payment-outage.jsonl"] {
            let bytes = fixtureBytes(file)
            let header = render(makeModel(bytes), now: fixedNow(bytes), width: 60, height: 18).lines()[0]
            let live = try? #require(header.range(of: "● following"))
            if let live {
                let before = header[..<live.lowerBound]
                #expect(before.hasSuffix(" "), "\(file): no gap before the live label: \(header)")
                #expect(!before.hasSuffix("elapse") && !before.hasSuffix("elapsed "), "\(file): the elapsed text is cut: \(header)")
            }
        }
    }

    @Test
    func asciiModeHasNoQuestionMarksOfItsOwn() {
        let m = makeModel(lines: [
            declareLine(severity: 2, title: "Payment outage"),
            ev("checklist.done", at: 60, ["item": "grade-crisis"]),
            ev("incident.phase", at: 120, ["phase": "verified"]),
        ])
        let grid = render(m, now: T0.addingTimeInterval(600), width: 120, height: 40, ascii: true)
        let text = grid.text().replacingOccurrences(of: "? help", with: "")
        let lines = text.split(separator: "\n").filter { $0.contains("?") }
        #expect(lines.isEmpty, "ASCII frame of an all-ASCII journal shows `?`:\n\(lines.joined(separator: "\n"))")
    }

    @Test
    func filteredTimelineStaysAnchored() {
        var lines = [declareLine()]
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
        var lines = [declareLine()]
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
