import Foundation
import Testing
import WarRoomCore

@testable import WarRoomUI

// Each pane (Console/Panes/) drawn on its own into a text grid from the values it
// is given, and the small types the view leans on (LocalClock, JumpScroll, RosterRows).

private let now = T0.addingTimeInterval(3600)

/// A model with a declared incident, two notes, a role, a tick and a counter.
private func paneModel(_ extra: [String] = []) -> ConsoleModel {
    makeModel(
        lines: [
            declareLine(severity: 2, title: "Payment outage", playbook: "website-crisis"),
            noteLine("支付失败率上升", at: 60, actor: "wang.fang"),
            ev("role.assigned", at: 90, ["role": "commander", "member": "alice"]),
            ev("counter.set", at: 120, ["name": "complaints", "value": .number(1204)]),
            ev("note", at: 150, actor: "bob", ["text": "switch to the backup channel", "kind": "decision"]),
        ] + extra)
}

private func gridLines(_ grid: TextGrid) -> [String] { grid.lines() }

@Suite("Timeline pane")
struct TimelinePaneTests {
    @Test("one row per event: time in the console's zone, actor, sentence; the box titled with the filter")
    func rowsAndTitle() {
        var m = paneModel()
        let grid = TextGrid(width: 80, height: 10)
        TimelinePane(model: m, glyphs: .unicode, clock: LocalClock(timeZone: utc)).draw(
            grid, Rect(x: 0, y: 0, width: 80, height: 10), narrow: false)
        let lines = gridLines(grid)
        #expect(lines[0].contains("Timeline"))
        #expect(lines.contains { $0.contains("08:01:00 wang.fang") && $0.contains("支付失败率上升") })
        #expect(lines.contains { $0.contains("08:02:30 bob") && $0.contains("switch to the backup channel") })
        m.filter = "backup"
        let filtered = TextGrid(width: 80, height: 10)
        TimelinePane(model: m, glyphs: .unicode, clock: LocalClock(timeZone: utc)).draw(
            filtered, Rect(x: 0, y: 0, width: 80, height: 10), narrow: false)
        #expect(filtered.lines()[0].contains("Timeline [filter: backup]"))
        #expect(!filtered.text().contains("支付失败率上升"))
    }

    @Test("no incident: says how to declare one and which journal is followed")
    func noIncident() {
        let m = makeModel(lines: [], path: "/tmp/j.jsonl")
        let grid = TextGrid(width: 60, height: 6)
        TimelinePane(model: m, glyphs: .unicode, clock: LocalClock(timeZone: utc)).draw(
            grid, Rect(x: 0, y: 0, width: 60, height: 6), narrow: false)
        #expect(grid.text().contains("No active incident."))
        #expect(grid.text().contains("Press D to declare one."))
        #expect(grid.text().contains("Following /tmp/j.jsonl"))
    }

    @Test("notes are coloured by their kind")
    func styles() {
        let m = paneModel()
        let decision = m.incident?.timeline.first { $0.event.string("kind") == "decision" }
        #expect(decision.map { TimelinePane.style($0.event) } == Styles.timeline("decision"))
    }
}

@Suite("Jump scroll")
struct JumpScrollPolicyTests {
    @Test("full-width panes follow a line at a time; narrow ones jump by two thirds of a page")
    func window() {
        #expect(JumpScroll.window(count: 30, rows: 9, scroll: 0, narrow: false) == 21..<30)
        #expect(JumpScroll.window(count: 30, rows: 9, scroll: 0, narrow: true) == 24..<30)
        #expect(JumpScroll.window(count: 31, rows: 9, scroll: 0, narrow: true) == 24..<31)
        #expect(JumpScroll.window(count: 34, rows: 9, scroll: 0, narrow: true) == 30..<34)
    }

    @Test("scrolled up never passes a full first page; short timelines show everything")
    func scrolled() {
        #expect(JumpScroll.window(count: 30, rows: 9, scroll: 5, narrow: true) == 16..<25)
        #expect(JumpScroll.window(count: 30, rows: 9, scroll: 100, narrow: false) == 0..<9)
        #expect(JumpScroll.window(count: 4, rows: 9, scroll: 0, narrow: true) == 0..<4)
    }
}

@Suite("Local clock")
struct LocalClockTests {
    @Test("times and dates in the console's zone, across midnight")
    func zone() {
        let shanghai = LocalClock(timeZone: TimeZone(identifier: "Asia/Shanghai") ?? utc)
        let d = RFC3339.parse("2026-11-10T17:30:05Z") ?? T0
        #expect(shanghai.time(d) == "01:30:05")
        #expect(shanghai.date(d) == "2026-11-11")
        #expect(LocalClock(timeZone: utc).date(d) == "2026-11-10")
    }

    @Test("dates a journal value can make, however far, do not trap")
    func farDates() {
        let c = LocalClock(timeZone: utc)
        #expect(c.date(Date(timeIntervalSince1970: 1e300)) == "9999-12-31")
        #expect(c.time(Date(timeIntervalSince1970: -1e300)) == "00:00:00")
        #expect(c.time(Date(timeIntervalSince1970: .nan)) == "00:00:00")
        #expect(c.date(Date(timeIntervalSince1970: -1)) == "1969-12-31")
    }
}

@Suite("Roster pane")
struct RosterPaneTests {
    @Test("roles filled, then the unfilled on one row, then members with presence and when last seen")
    func rows() {
        let m = paneModel()
        let r = RosterRows.make(m, now: now, width: 40, ascii: false)
        #expect(r.first?.key == "Roles")
        #expect(r.contains { $0.key == " commander" && $0.value == "alice" })
        #expect(r.contains { $0.key == " unfilled" })
        let members = r.firstIndex { $0.key == "Members" } ?? -1
        #expect(members > 0)
        #expect(r.contains { $0.key.hasSuffix(" alice") && $0.tail.hasPrefix(" · seen ") })
    }

    @Test("narrow panes get short words and the bare time since last seen")
    func narrow() {
        let r = RosterRows.make(paneModel(), now: now, width: 24, ascii: true)
        let alice = r.first { $0.key.hasSuffix(" alice") }
        #expect(alice?.tail.contains("seen") == false)
        #expect(alice?.key.unicodeScalars.allSatisfy(\.isASCII) == true, "\(String(describing: alice))")
        #expect(r.first { $0.key == " unfilled" }?.value.isEmpty == false)
    }

    @Test("drawn: keys in a column, values beside them, in the Roster box")
    func drawn() {
        let grid = TextGrid(width: 44, height: 12)
        RosterPane(model: paneModel(), now: now, glyphs: .unicode).draw(grid, Rect(x: 0, y: 0, width: 44, height: 12))
        let lines = gridLines(grid)
        #expect(lines[0].contains("Roster"))
        #expect(lines.contains { $0.contains("commander") && $0.contains("alice") })
        #expect(lines.contains { $0.contains("Members") })
    }
}

@Suite("Checklist pane")
struct ChecklistPaneTests {
    @Test("progress bars, then each item with its mark; the selection drawn when focused")
    func drawn() throws {
        var m = paneModel()
        m.focus = .checklist
        let k = try #require(m.kpis(now: now))
        let grid = TextGrid(width: 60, height: 14)
        ChecklistPane(model: m, now: now, glyphs: .unicode, clock: LocalClock(timeZone: utc)).draw(
            grid, Rect(x: 0, y: 0, width: 60, height: 14), k)
        let lines = gridLines(grid)
        #expect(lines[0].contains("Checklist"))
        #expect(lines[1].contains("Overall"))
        #expect(lines[1].contains("0/\(k.checklist.count)"))
        let first = try #require(k.checklist.first)
        let row = try #require(lines.firstIndex { $0.contains(String(first.text.prefix(12))) })
        #expect(grid.cell(1, row).style == Styles.selection)
    }

    @Test("a ticked item says who ticked it and when")
    func ticked() throws {
        let base = paneModel()
        let id = try #require(base.kpis(now: now)?.checklist.first?.id)
        let m = paneModel([ev("checklist.done", at: 200, actor: "li.wei", ["item": .string(id)])])
        let grid = TextGrid(width: 70, height: 14)
        ChecklistPane(model: m, now: now, glyphs: .unicode, clock: LocalClock(timeZone: utc)).draw(
            grid, Rect(x: 0, y: 0, width: 70, height: 14), m.kpis(now: now))
        #expect(grid.lines().contains { $0.contains("— li.wei 08:03") })
    }

    @Test("no playbook: says how to add an item")
    func empty() {
        let m = makeModel(lines: [declareLine(playbook: nil)])
        let grid = TextGrid(width: 80, height: 6)
        ChecklistPane(model: m, now: now, glyphs: .unicode, clock: LocalClock(timeZone: utc)).draw(
            grid, Rect(x: 0, y: 0, width: 80, height: 6), m.kpis(now: now))
        #expect(grid.text().contains("No checklist"))
    }
}

@Suite("KPI pane")
struct KPIPaneTests {
    @Test("measures, checklist, roles filled and counters, values right-aligned")
    func drawn() throws {
        let m = paneModel()
        let k = try #require(m.kpis(now: now))
        let grid = TextGrid(width: 50, height: 16)
        KPIPane(model: m, glyphs: .unicode).draw(grid, Rect(x: 0, y: 0, width: 50, height: 16), k)
        let lines = gridLines(grid)
        #expect(lines[0].contains("KPIs"))
        let complaints = try #require(lines.first { $0.contains("complaints") })
        #expect(complaints.hasSuffix("1,204│"), "\(complaints)")
        #expect(lines.contains { $0.contains("Roles filled") })
        #expect(lines.contains { $0.contains("Checklist") && $0.contains("0/") })
    }

    @Test("narrow panes shorten the words")
    func narrowWords() throws {
        let k = try #require(paneModel().kpis(now: now))
        let wide = KPIPane.rows(k, counters: [], wide: true)
        let narrow = KPIPane.rows(k, counters: [], wide: false)
        #expect(wide.count == narrow.count)
        #expect(zip(wide, narrow).allSatisfy { DisplayWidth.of($0.1.value) <= DisplayWidth.of($0.0.value) })
    }
}

@Suite("Footer bar")
struct FooterBarTests {
    @Test("hints on the first line, the journal and its health on the second")
    func drawn() throws {
        let m = paneModel()
        let layout = try #require(Layout.make(width: 120, height: 30, banner: false))
        let grid = TextGrid(width: 120, height: 30)
        let cursor = FooterBar(model: m, wallClock: now).draw(grid, layout)
        #expect(cursor == nil)
        let lines = gridLines(grid)
        #expect(lines[layout.hints.y].contains("Tab pane · ↑↓ scroll"))
        #expect(lines[layout.status.y].contains("journal.jsonl"))
        #expect(lines[layout.status.y].contains("5 events"))
    }

    @Test("an open prompt takes the hint line and gives the cursor")
    func prompt() throws {
        var m = paneModel()
        _ = m.handle(.char("n"))
        let layout = try #require(Layout.make(width: 80, height: 24, banner: false))
        let grid = TextGrid(width: 80, height: 24)
        let cursor = FooterBar(model: m, wallClock: now).draw(grid, layout)
        #expect(cursor?.y == layout.hints.y)
        #expect(!grid.lines()[layout.hints.y].contains("Tab pane"))
    }

    @Test("health counts bad lines and pending bytes")
    func health() {
        var m = makeModel(journalBytes([declareLine(playbook: "website-crisis"), "not json"]) + Array("{\"partial".utf8))
        #expect(FooterBar.health(m).contains("1 bad line skipped"))
        #expect(FooterBar.health(m).contains("B pending"))
        m.pendingBytes = 0
        #expect(!FooterBar.health(m).contains("pending"))
    }
}

@Suite("Detail overlay")
struct DetailOverlayTests {
    @Test("the sentence, who and when with the line number, then the journal line")
    func drawn() throws {
        let m = paneModel()
        let entry = try #require(m.incident?.timeline.last)
        let grid = TextGrid(width: 100, height: 20)
        DetailOverlay(entry: entry, sentence: m.sentence(entry), glyphs: .unicode).draw(grid)
        let text = grid.text()
        #expect(text.contains("note"))
        #expect(text.contains("by bob, line 5"))
        #expect(text.contains("\"kind\":\"decision\""))
    }
}
