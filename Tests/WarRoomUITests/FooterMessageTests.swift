import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// The footer's status line: messages fade after a few seconds on the clock the
/// view is given (a fake one here), faults that still hold stay, counts read in
/// the singular and the plural.
@Suite("Footer messages")
struct FooterMessageTests {
    func status(_ m: ConsoleModel, at now: Date) -> String {
        render(m, now: now, width: 80, height: 24).lines()[23]
    }

    @Test("a message fades a few seconds after it was first shown; the journal's path comes back")
    func messagesFade() {
        var m = makeModel(lines: [declareLine(playbook: "website-crisis")], path: "j.jsonl")
        _ = m.handle(.char("n"))
        _ = m.handle(.escape)
        #expect(m.message?.text == "cancelled")
        let shown = T0.addingTimeInterval(100)
        // Not yet stamped: just posted, so shown whatever the clock says.
        #expect(status(m, at: shown.addingTimeInterval(60)).hasPrefix(" cancelled"))
        m.stampMessage(now: shown)
        #expect(status(m, at: shown.addingTimeInterval(2)).hasPrefix(" cancelled"))
        let later = status(m, at: shown.addingTimeInterval(ConsoleMessage.fadeAfter + 0.5))
        #expect(!later.contains("cancelled"), "\(later)")
        #expect(later.hasPrefix(" j.jsonl"))
        // Stamping again does not restart the fade; a new message does.
        m.stampMessage(now: shown.addingTimeInterval(30))
        #expect(m.message?.shownAt == shown)
        _ = m.handle(.char("/"))
        _ = m.handle(.escape)
        m.stampMessage(now: shown.addingTimeInterval(30))
        #expect(status(m, at: shown.addingTimeInterval(32)).hasPrefix(" filter cleared"))
    }

    @Test("in time travel a message fades on the wall clock, not the replayed one")
    func fadesInReplay() {
        var (m, _, index) = replaySetup()
        m.startReplay(index)
        _ = m.handle(.char("n"))  // "replaying the past: Esc returns to live to act"
        let t = T0.addingTimeInterval(365 * 86400)
        m.stampMessage(now: t)
        #expect(render(m, now: t.addingTimeInterval(1), width: 120, height: 40).lines()[39].contains("Esc returns to live"))
        #expect(
            !render(m, now: t.addingTimeInterval(ConsoleMessage.fadeAfter + 1), width: 120, height: 40).lines()[39].contains("Esc returns"))
    }

    @Test("the console wakes to take a fading message away, even with no incident on screen")
    func fadeSchedulesARedraw() {
        var m = makeModel([])
        let t = T0.addingTimeInterval(100)
        #expect(ConsoleView(model: m, now: t, glyphs: .unicode).clockRefreshInterval() == 3600)
        _ = m.handle(.char("i"))  // "no incidents yet: press D …"
        m.stampMessage(now: t)
        let wait = ConsoleView(model: m, now: t.addingTimeInterval(1), glyphs: .unicode).clockRefreshInterval()
        #expect(abs(wait - (ConsoleMessage.fadeAfter - 1)) < 0.01)
    }

    @Test("a fault that still holds stays: a refused write while its prompt keeps the text")
    func faultsStay() {
        var m = makeModel(lines: [declareLine(playbook: "website-crisis")], path: "j.jsonl")
        _ = m.handle(.char("n"))
        for c in "text" { _ = m.handle(.char(c)) }
        _ = m.handle(.enter)
        m.appendFinished(error: "cannot append to j.jsonl: File too large")
        let t = T0.addingTimeInterval(100)
        m.stampMessage(now: t)
        #expect(m.message?.lasting == true)
        #expect(status(m, at: t.addingTimeInterval(600)).contains("File too large"))
        #expect(m.message?.fadesIn(at: t) == nil)
        // Esc gives up on the write: the fault no longer holds and "cancelled" fades as usual.
        _ = m.handle(.escape)
        m.stampMessage(now: t.addingTimeInterval(601))
        #expect(!status(m, at: t.addingTimeInterval(700)).contains("cancelled"))
    }

    @Test("counts in the footer read 1 event, 2 events")
    func plurals() {
        let one = makeModel(lines: [declareLine(playbook: "website-crisis")])
        #expect(status(one, at: T0).hasSuffix(" 1 event"))
        let two = makeModel(lines: [declareLine(playbook: "website-crisis"), noteLine("x", at: 5)])
        #expect(status(two, at: T0).hasSuffix(" 2 events"))
        #expect(Plural.count(0, "event") == "0 events")
        #expect(Plural.count(1, "checklist item") == "1 checklist item")
    }
}
