import Foundation
import Testing
import WarRoomCore

@testable import WarRoomUI

// Issue 18, the console's part of follow-up actions: `F` lists the open ones (the person at
// the console's first, overdue ones marked with a word and red), a line under the header
// while theirs are overdue, `f` makes one (text, owner, due date), `d` and `x` close one.

private let incidentID = "INC-20261111-01"

/// An `action.added` line at an absolute time.
private func added(_ id: String, _ text: String, owner: String?, due: Date?, at t: Date) -> String {
    var d: JSONObject = ["action": .string(id), "text": .string(text), "from": "review"]
    if let owner { d["owner"] = .string(owner) }
    if let due { d["due"] = .string(RFC3339.format(due)) }
    return ev("action.added", incidentID, at: t.timeIntervalSince(T0), actor: "alice", d)
}

/// The payment-outage fixture with four follow-ups, bob at the console, and its fixed clock:
/// A-1 bob's and two days overdue (hostile bytes in its text), A-2 alice's, A-3 bob's due in
/// three days, A-4 nobody's without a date.
private func withFollowUps(me: String? = "bob") -> (ConsoleModel, Date) {
    let bytes = fixtureBytes("payment-outage.jsonl")
    let now = fixedNow(bytes)
    let day: TimeInterval = 86400
    let extra = [
        added(
            "A-1", "Rotate the gateway \u{1B}[2Jsigning keys\u{202E} and tell partners", owner: "bob", due: now - 2 * day, at: now - 1500),
        added("A-2", "Write the refund runbook", owner: "alice", due: now + 14 * day, at: now - 1400),
        added("A-3", "Load-test the callback queue", owner: "bob", due: now + 3 * day, at: now - 1300),
        added("A-4", "Ask the bank about settlement windows", owner: nil, due: nil, at: now - 1200),
    ]
    var model = makeModel(bytes + journalBytes(extra), path: "examples/payment-outage.jsonl")
    model.me = me
    _ = model.update(.resized(width: 80, height: 24), now: now)
    return (model, now)
}

private func press(_ m: inout ConsoleModel, _ keys: [Key], now: Date) -> [ConsoleEffect] {
    keys.flatMap { m.update(.key($0), now: now) }
}

private func type(_ m: inout ConsoleModel, _ text: String, now: Date) {
    for c in text { _ = m.update(.key(.char(c)), now: now) }
}

/// The one draft an effect list appends.
private func appended(_ effects: [ConsoleEffect]) -> EventDraft? {
    for e in effects { if case .append(let drafts) = e, drafts.count == 1 { return drafts[0] } }
    return nil
}

@Suite("Follow-ups in the console")
struct FollowUpConsoleTests {
    @Test("F lists the open follow-ups at 80x24 and 120x40 in English and Chinese: mine first, overdue marked by a word")
    func list() throws {
        var (model, now) = withFollowUps()
        _ = model.update(.key(.char("F")), now: now)
        #expect(model.interaction == .followUps("A-1"))
        for (w, h) in [(80, 24), (120, 40)] {
            _ = model.update(.resized(width: w, height: h), now: now)
            let label = "followups-\(w)x\(h)"
            let grid = render(model, now: now, width: w, height: h)
            checkFrameInvariants(grid, label)
            assertSnapshot(grid, named: label)
            let text = grid.text()
            #expect(text.contains("Follow-ups (4 open, 2 yours)"))
            let rows = grid.lines().filter { $0.contains("  \(incidentID)  ") }
            #expect(rows.count == 4, "\(label): \(rows)")
            // bob's first (overdue, then by date), then the others (by date, none last).
            let order = rows.compactMap { r in ["A-1", "A-2", "A-3", "A-4"].first { r.contains("│ \($0)  ") || r.contains(" \($0)  INC") } }
            #expect(order == ["A-1", "A-3", "A-2", "A-4"], "\(label): \(rows)")
            #expect(rows[0].contains("OVERDUE") && rows[0].contains("bob (you)"), "\(rows[0])")
            #expect(rows.dropFirst().allSatisfy { !$0.contains("OVERDUE") })
            #expect(rows[3].contains("no due date") && rows[3].contains("no owner"))
            #expect(text.contains("Rotate the gateway"), "the text, sanitised")
            #expect(grid.lines()[h - 2].contains("d done · x drop"))
            let zh = inLanguage(.chinese) { render(model, now: now, width: w, height: h) }
            checkFrameInvariants(zh, "zh-" + label)
            assertSnapshot(zh, named: "zh-" + label)
            #expect(zh.text().contains("后续行动（4 项未完成，2 项归你）"))
            #expect(zh.text().contains("已逾期"))
        }
    }

    @Test("the overdue one is red and bold, and says so in a word")
    func overdueStyle() throws {
        var (model, now) = withFollowUps()
        _ = model.update(.key(.char("F")), now: now)
        _ = model.update(.key(.down), now: now)  // the selection off the overdue row, so its style shows
        let grid = render(model, now: now, width: 120, height: 40)
        let y = try #require(grid.lines().firstIndex { $0.contains("OVERDUE") })
        let row = grid.lines()[y]
        let x = DisplayWidth.of(String(row[..<(try #require(row.range(of: "OVERDUE")).lowerBound)]))
        #expect(grid.cell(x, y).style == Styles.checklistOverdue)
    }

    @Test("my overdue follow-ups bring a line under the header at 80x24 and 120x40, in English and Chinese; nobody's console without one")
    func hintLine() throws {
        let (model, now) = withFollowUps()
        let (alice, _) = withFollowUps(me: "alice")
        for (w, h) in [(80, 24), (120, 40)] {
            var m = model
            _ = m.update(.resized(width: w, height: h), now: now)
            let label = "followups-hint-\(w)x\(h)"
            let grid = render(m, now: now, width: w, height: h)
            checkFrameInvariants(grid, label)
            checkPanes(grid, m, now: now, label: label)
            assertSnapshot(grid, named: label)
            let lines = grid.lines()
            #expect(lines[1].hasPrefix(" ⚠ 1 follow-up of yours overdue: A-1 Rotate the gateway"), "\(lines[1])")
            #expect(lines[1].contains("press F to list them"))
            #expect(lines[h - 2].contains("F follow-ups"), "the footer names the key: \(lines[h - 2])")
            // alice has none overdue: no line, the header's next row is the timeline's border.
            let other = render(alice, now: now, width: w, height: h).lines()
            #expect(!other[1].contains("follow-up"), "\(other[1])")
            #expect(other[0] == lines[0])
            let zh = inLanguage(.chinese) { render(m, now: now, width: w, height: h) }
            checkFrameInvariants(zh, "zh-" + label)
            assertSnapshot(zh, named: "zh-" + label)
            #expect(zh.lines()[1].hasPrefix(" ⚠ 你有 1 项后续行动已逾期：A-1 Rotate"), "\(zh.lines()[1])")
        }
        // The timeline gives up that row in the layout the model keeps too.
        var m = model
        _ = m.update(.resized(width: 120, height: 40), now: now)
        var a = alice
        _ = a.update(.resized(width: 120, height: 40), now: now)
        #expect(m.timelineRows == a.timelineRows - 1)
    }

    @Test(
        "f: text, owner (me first, picked), due date (7d offered; a bad date refused in the prompt, the text kept), written from the timeline"
    )
    func addFlow() throws {
        var (m, now) = withFollowUps()
        _ = press(&m, [.char("f")], now: now)
        guard case .prompt(let p) = m.interaction, p.purpose == .followUpText else {
            Issue.record("f did not ask for the text: \(m.interaction)")
            return
        }
        #expect(p.label == "follow-up on \(incidentID):")
        // An empty text is refused where it was typed.
        _ = press(&m, [.enter], now: now)
        #expect(m.message?.text == "the follow-up's text is empty; say what is to be done")
        type(&m, "Publish the post-mortem", now: now)
        _ = press(&m, [.enter], now: now)
        guard case .picker(let owner) = m.interaction else {
            Issue.record("no owner picker: \(m.interaction)")
            return
        }
        #expect(owner.options.first?.value == "bob" && owner.selected == 0, "me first, selected")
        #expect(owner.options.contains { $0.value == "alice" } && owner.options.last?.value == "")
        _ = press(&m, [.enter], now: now)
        guard case .prompt(let due) = m.interaction, case .followUpDue(let draft) = due.purpose else {
            Issue.record("no due prompt: \(m.interaction)")
            return
        }
        #expect(due.string == "7d" && draft.owner == "bob" && draft.text == "Publish the post-mortem")
        _ = press(&m, [.ctrl("u")], now: now)
        type(&m, "2026-02-30", now: now)
        #expect(press(&m, [.enter], now: now).isEmpty)
        #expect(m.message?.text == "not a due date: \"2026-02-30\"; type 14d, 2w or 2026-12-31")
        guard case .prompt(let kept) = m.interaction else {
            Issue.record("the prompt closed on a refusal")
            return
        }
        #expect(kept.string == "2026-02-30", "typed text never lost")
        _ = press(&m, [.ctrl("u")], now: now)
        type(&m, "14d", now: now)
        let d = try #require(appended(press(&m, [.enter], now: now)))
        #expect(d.kind == .actionAdded && d.incident == incidentID)
        #expect(d.data["text"]?.stringValue == "Publish the post-mortem" && d.data["owner"]?.stringValue == "bob")
        #expect(d.data["from"]?.stringValue == "timeline" && d.data["action"]?.stringValue == "A-5")
        #expect(d.data["due"]?.stringValue.flatMap(RFC3339.parse) == now.addingTimeInterval(14 * 86400))
        // The write lands: the prompt closes.
        _ = m.update(.appendFinished(error: nil), now: now)
        #expect(m.interaction == .none)
    }

    @Test("the owner can be typed, or nobody; the date left empty means none; a closed incident takes one too")
    func typedOwnerOnClosedIncident() throws {
        let bytes = fixtureBytes("payment-outage.jsonl")
        let now = fixedNow(bytes)
        var m = makeModel(
            bytes + journalBytes([ev("incident.phase", incidentID, at: now.timeIntervalSince(T0) - 60, ["phase": "closed"])]),
            path: "examples/payment-outage.jsonl")
        m.me = "bob"
        #expect(m.incident == nil)
        _ = press(&m, [.char("f")], now: now)
        #expect(m.message?.text.contains("press i to pick one") == true)
        m.pinnedIncident = incidentID
        _ = press(&m, [.char("f")], now: now)
        type(&m, "Review the alert thresholds", now: now)
        _ = press(&m, [.enter], now: now)
        type(&m, "zed", now: now)
        _ = press(&m, [.enter, .ctrl("u")], now: now)
        let d = try #require(appended(press(&m, [.enter], now: now)))
        #expect(d.incident == incidentID && d.data["owner"]?.stringValue == "zed" && d.data["due"] == nil)
        #expect(d.data["action"]?.stringValue == "A-1")
        // Nobody: the picker's last row.
        _ = m.update(.appendFinished(error: nil), now: now)
        _ = press(&m, [.char("f")], now: now)
        type(&m, "Something", now: now)
        _ = press(&m, [.enter, .end], now: now)
        if case .picker(var p) = m.interaction {
            p.selected = p.options.count - 1
            m.interaction = .picker(p)
        }
        _ = press(&m, [.enter], now: now)
        let nobody = try #require(appended(press(&m, [.enter], now: now)))
        #expect(nobody.data["owner"] == nil && nobody.data["due"] != nil)
    }

    @Test("d marks the selected follow-up done with an optional note; x drops it and asks why, refusing an empty reason")
    func doneAndDrop() throws {
        var (m, now) = withFollowUps()
        _ = press(&m, [.char("F"), .down], now: now)
        #expect(m.interaction == .followUps("A-3"))
        _ = press(&m, [.char("d")], now: now)
        type(&m, "ran it", now: now)
        let done = try #require(appended(press(&m, [.enter], now: now)))
        #expect(done.kind == .actionDone && done.data["action"]?.stringValue == "A-3" && done.data["note"]?.stringValue == "ran it")
        #expect(done.incident == incidentID)
        _ = m.update(.appendFinished(error: nil), now: now)
        _ = press(&m, [.char("F"), .char("x")], now: now)
        guard case .prompt(let p) = m.interaction, p.purpose == .followUpDropReason("A-1") else {
            Issue.record("x did not ask why: \(m.interaction)")
            return
        }
        #expect(press(&m, [.enter], now: now).isEmpty)
        #expect(m.message?.text == "say why A-1 is dropped")
        type(&m, "keys already rotated", now: now)
        let dropped = try #require(appended(press(&m, [.enter], now: now)))
        #expect(dropped.kind == .actionDropped && dropped.data["reason"]?.stringValue == "keys already rotated")
        // Esc and F close the list; stray keys do not.
        _ = m.update(.appendFinished(error: nil), now: now)
        _ = press(&m, [.char("F"), .char("z")], now: now)
        #expect(m.interaction == .followUps("A-1"))
        _ = press(&m, [.char("F")], now: now)
        #expect(m.interaction == .none)
    }

    @Test("read-only: F lists, but nothing is written")
    func readOnly() {
        var (m, now) = withFollowUps()
        m.readOnlyReason = "the journal is not writable"
        _ = press(&m, [.char("f")], now: now)
        #expect(m.message?.text.hasPrefix("read-only") == true && m.interaction == .none)
        _ = press(&m, [.char("F"), .char("d")], now: now)
        #expect(m.message?.text.hasPrefix("read-only") == true)
        #expect(m.interaction == .followUps("A-1"), "the list stays open")
    }

    @Test("in replay F lists the follow-ups as they stood then; f, d and x refuse to write the past")
    func replay() throws {
        let (live, now) = withFollowUps()
        var m = live
        var r = JournalReader(keepsLog: true)
        r.feed(fixtureBytes("payment-outage.jsonl"))
        let before = r.lineCount
        // The index over the same journal as the model, follow-ups included.
        r = JournalReader(keepsLog: true)
        r.feed(
            fixtureBytes("payment-outage.jsonl")
                + journalBytes([
                    added("A-1", "Rotate the keys", owner: "bob", due: now - 86400, at: now - 1500)
                ]))
        _ = m.update(.replayReady(ReplayIndex(log: r.log, full: r.state, lineCount: r.lineCount)), now: now)
        #expect(m.replay != nil)
        _ = m.update(.key(.char("F")), now: now)
        #expect(m.interaction == .followUps("A-1"))
        for k in ["d", "x", "f"] {
            #expect(m.update(.key(.char(Character(k))), now: now).isEmpty)
            #expect(m.message?.text == "replaying the past: Esc returns to live to act", "\(k)")
            #expect(m.interaction == .followUps("A-1"))
        }
        // Stepped back before it was added, the list is empty.
        _ = m.update(.key(.escape), now: now)
        _ = m.update(.key(.left), now: now)
        #expect(m.replay?.position == before)
        _ = m.update(.key(.char("F")), now: now)
        #expect(m.followUpsShown.isEmpty)
        #expect(render(m, now: now, width: 80, height: 24).text().contains("No open follow-ups."))
    }

    @Test("an idle console wakes when a follow-up of its person goes overdue, to show the line")
    func wakesAtTheDueDate() {
        let lines = [
            declareLine(at: 0), ev("incident.phase", at: 10, ["phase": "closed"]),
            ev("action.added", at: 20, ["action": "A-1", "text": "t", "owner": "bob", "due": .string(ts(5030))]),
        ]
        var m = makeModel(lines: lines)
        let now = T0.addingTimeInterval(5000)
        #expect(ConsoleView(model: m, now: now, glyphs: .unicode).clockRefreshInterval() == 3600)
        m.me = "bob"
        #expect(ConsoleView(model: m, now: now, glyphs: .unicode).clockRefreshInterval() == 30)
    }

    @Test("the due date is shown in the viewer's time zone")
    func viewersZone() throws {
        let (m, _) = withFollowUps()
        let f = try #require(m.state.followUps["A-1"])
        var shanghai = LocalClock(timeZone: try #require(TimeZone(identifier: "Asia/Shanghai")))
        let there = FollowUpList.summary(f, me: "bob", clock: shanghai)
        shanghai.timeZone = utc
        let here = FollowUpList.summary(f, me: "bob", clock: shanghai)
        let due = try #require(f.due)
        let h = Calendar(identifier: .gregorian).dateComponents(in: utc, from: due).hour ?? 0
        #expect(here.contains(String(format: " %02d:", h)) && there.contains(String(format: " %02d:", (h + 8) % 24)), "\(here) / \(there)")
    }

    @Test("a follow-up id another writer took meanwhile is renumbered under the lock")
    func renumberedUnderTheLock() throws {
        let (m, now) = withFollowUps()
        let draft = try #require(
            try? Action.addFollowUp(text: "x", owner: nil, due: nil, from: "timeline").drafts(
                on: m.incident, in: m.state, catalog: m.catalog
            ).first)
        #expect(draft.data["action"]?.stringValue == "A-5")
        // Meanwhile another console added A-5.
        let later = read(
            Array(String(decoding: fixtureBytes("payment-outage.jsonl"), as: UTF8.self).split(separator: "\n").map(String.init))
                + (1...5).map { added("A-\($0)", "t", owner: nil, due: nil, at: now) }
        ).state
        let stamped = Action.stamp([draft], in: later, actor: "bob", login: "bob", at: now)
        #expect(stamped.first?.string("action") == "A-6")
    }
}
