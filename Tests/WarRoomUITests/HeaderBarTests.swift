import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// The header line (HeaderBar.swift): the one follow indicator, the record's
/// chain in words, and the title's room at 80 columns.
@Suite("Header bar")
struct HeaderBarTests {
    static let now = T0.addingTimeInterval(3600)

    func header(_ m: ConsoleModel, width: Int = 80, height: Int = 24) -> String {
        render(m, now: Self.now, width: width, height: height).lines()[0]
    }

    func notes(_ n: Int) -> [String] {
        [declareLine(severity: 2, title: "Payment outage during the Double 11 promotion", playbook: "website-crisis")]
            + (0..<n).map { noteLine("note \($0)", at: Double(10 + $0)) }
    }

    // MARK: Finding 7: one indicator, always true

    @Test("the indicator says following, then scrolled up when the timeline is, then paused with new events below")
    func indicatorFollowsTheTimeline() {
        var m = makeModel(lines: notes(30))
        #expect(header(m).hasSuffix("● following"))
        _ = m.handle(.up)
        var h = header(m)
        #expect(h.hasSuffix("● scrolled up"), "\(h)")
        #expect(!h.contains("following"))
        m.journalUpdated(makeModel(lines: notes(31)).state, pendingBytes: 0, reloaded: nil)
        h = header(m)
        #expect(h.hasSuffix("● paused, 1 new"), "\(h)")
        _ = m.handle(.end)
        #expect(header(m).hasSuffix("● following"))
    }

    @Test("in time travel the indicator says replay, never following")
    func indicatorInReplay() {
        var (m, _, index) = replaySetup()
        m.startReplay(index)
        _ = m.handle(.left)
        let h = header(m, width: 120, height: 40)
        #expect(h.hasSuffix("● replay"), "\(h)")
        #expect(!h.contains("following"))
        _ = m.handle(.escape)
        #expect(!header(m, width: 120, height: 40).contains("replay"))
    }

    @Test("scrolled up, the row Enter opens is drawn selected, and Enter opens that row")
    func timelineSelectionIsVisible() {
        var m = makeModel(lines: notes(30))
        let now = Self.now
        // Following: no row is highlighted.
        var grid = render(m, now: now, width: 80, height: 24)
        #expect(selectedRows(grid).isEmpty)
        for _ in 0..<4 { _ = m.handle(.up) }
        grid = render(m, now: now, width: 80, height: 24)
        let rows = selectedRows(grid)
        #expect(rows.count == 1)
        let row = rows.first.map { grid.lines()[$0] } ?? ""
        #expect(row.contains("note 25"), "the selected row: \(row)")
        _ = m.handle(.enter)
        guard case .detail(let line) = m.interaction else {
            Issue.record("Enter opened no detail")
            return
        }
        #expect(m.incident?.timeline.first { $0.line == line }.map { m.sentence($0) } == "note 25")
        // Another pane focused: the timeline shows no selection.
        _ = m.handle(.char("x"))
        _ = m.handle(.tab)
        #expect(selectedRows(render(m, now: now, width: 80, height: 24)).filter { $0 < 9 }.isEmpty)
    }

    /// Rows of the timeline pane (below the header, above the lower panes) drawn in the selection style.
    func selectedRows(_ grid: TextGrid) -> [Int] {
        (1..<grid.height - 2).filter { y in (1..<grid.width - 1).contains { grid.cell($0, y).style == Styles.selection } }
    }

    // MARK: Finding 14: the header at 80 columns, the record in words, the login

    @Test("at 80 columns the title keeps its room beside a verified record")
    func titleHasRoomAt80() {
        var m = makeModel(lines: notes(1))
        var chain = ChainStatus()
        chain.verified = 1
        chain.unchained = 1
        m.chain = chain
        let h = header(m)
        #expect(h.contains("Payment outage during"), "\(h)")
        #expect(h.hasSuffix("● following"))
        // Wide, the record's words are there too.
        let wide = header(m, width: 200, height: 60)
        #expect(wide.contains("Payment outage during the Double 11 promotion"))
        #expect(wide.hasSuffix("record partly verified · ● following"), "\(wide)")
    }

    @Test("the record reads as words: intact, not verified, TAMPERED at line N (shown even at 80 columns)")
    func recordWords() {
        var c = ChainStatus()
        #expect(RecordWords.words(nil) == nil)
        #expect(RecordWords.words(c) == nil)
        c.verified = 3
        #expect(RecordWords.words(c)?.text == "record intact")
        c.unchained = 2
        #expect(RecordWords.words(c)?.text == "record partly verified")
        c.verified = 0
        #expect(RecordWords.words(c)?.text == "record not verified")
        c.brokenAt = 7
        #expect(RecordWords.words(c)?.text == "record TAMPERED at line 7")
        var m = makeModel(lines: notes(1))
        m.chain = c
        // At 80 columns it is said shorter, and the title still gets more than a letter.
        let h = header(m)
        #expect(h.contains(" TAMPERED at line 7 · ● following"), "\(h)")
        #expect(h.contains("Payment outage"), "\(h)")
        #expect(!h.contains("chain"))
        #expect(header(m, width: 200, height: 60).contains("record TAMPERED at line 7 · ● following"))
        // The help says what the words mean.
        m.interaction = .help
        let help = render(m, now: Self.now, width: 80, height: 24).text()
        #expect(help.contains("record …"))
        #expect(help.contains("TAMPERED: warroom check"))
    }

    @Test("a paused drill at 80 columns shows PAUSED whole and the title more than a letter")
    func pausedDrillAt80() {
        let m = makeModel(lines: [
            ev("drill.started", nil, at: 0, ["scenario": "s", "speed": 10, "incident": "INC-1"]),
            declareLine(severity: 2, title: "Payment outage during the Double 11 promotion", at: 0, playbook: "website-crisis"),
            ev("drill.paused", at: 20),
        ])
        #expect(m.drill?.isPaused == true)
        let h = header(m)
        #expect(h.contains(" PAUSED "), "\(h)")
        let title = h.components(separatedBy: "PAUSED").last ?? ""
        #expect(title.contains("Payment"), "\(h)")
        #expect(h.hasSuffix("● following"))
    }

    @Test("the login shows in the event's detail, not on the timeline row")
    func loginOnlyInDetail() {
        var e = ev("note", at: 30, actor: "alice", ["text": "from the jump host"])
        e = e.replacingOccurrences(of: #""actor":"alice""#, with: #""actor":"alice","login":"root""#)
        var m = makeModel(lines: [declareLine(playbook: "website-crisis"), e])
        #expect(m.incident?.timeline.last?.event.login == "root")
        let frame = render(m, now: Self.now, width: 120, height: 40).text()
        #expect(frame.contains("from the jump host"))
        #expect(!frame.contains("[root]"))
        #expect(!frame.contains("root"))
        _ = m.handle(.enter)
        let detail = render(m, now: Self.now, width: 120, height: 40).text()
        #expect(detail.contains("by alice (login root)"))
    }
}
