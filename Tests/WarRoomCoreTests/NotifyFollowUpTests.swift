import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// Follow-up actions overdue, reminded through the notifier on a clock the test sets.
@Suite("Notifier: overdue follow-ups")
struct NotifyFollowUpTests {
    static let oneChannel = """
        [[channels]]
        name = "leads"
        kind = "wecom"
        url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
        """

    /// A closed incident with a follow-up for carol due an hour after T0.
    static let closedWithFollowUp = [
        declareLine(severity: 3, title: "Gateway slow", at: 0),
        ev("member.joined", at: 5, ["member": "carol", "contact": "feishu:ou_carol mobile:13900000000"]),
        ev("incident.phase", at: 100, ["phase": "closed"]),
        ev("action.added", at: 200, ["action": "A-1", "text": "Rotate the keys", "owner": "carol", "due": .string(ts(3600))]),
    ]

    func planner(_ lines: [String], now: Date) throws -> (NotifyPlanner, JournalState) {
        var r = JournalReader(keepsLog: true)
        r.feed(journalBytes(lines))
        var p = NotifyPlanner(config: try NotifyConfig.parse(Self.oneChannel, path: "notify.toml"))
        for e in r.log { p.observe(e.event, line: e.line, now: now) }
        p.observeReminders(state: r.state, catalog: PlaybookCatalog(), now: now)
        return (p, r.state)
    }

    static let id = "r-followup-A-1-" + String(Int64(T0.addingTimeInterval(3600).timeIntervalSince1970 * 1000)) + "-leads"

    @Test("an overdue follow-up of a closed incident is reminded once per due date, @-mentioning its owner")
    func remindedOncePerDueDate() throws {
        let early = try planner(Self.closedWithFollowUp, now: T0.addingTimeInterval(3599))
        #expect(!early.0.order.contains { $0.hasPrefix("r-followup-") })
        let late = T0.addingTimeInterval(3601)
        let (p, s) = try planner(Self.closedWithFollowUp, now: late)
        #expect(p.order.filter { $0.hasPrefix("r-followup-") } == [Self.id])
        let plan = p.plan(state: s, catalog: PlaybookCatalog(), now: late, alive: { _ in nil })
        let send = try #require(plan.sends.first { $0.id == Self.id })
        #expect(send.text.headline == "INC-1: follow-up A-1 overdue (due 2026-11-22): Rotate the keys")
        #expect(send.text.lines.last == "owner: carol")
        #expect(send.text.mention.mobiles == ["13900000000"] && send.text.mentionNames == ["carol"])
        // Claimed once: not due again for the same due date.
        let claimed =
            Self.closedWithFollowUp + [
                ev("notify.claimed", at: 3602, actor: "notifier", ["message": .string(Self.id), "channel": "leads"])
            ]
        let (p2, s2) = try planner(claimed, now: late.addingTimeInterval(600))
        #expect(
            !p2.plan(state: s2, catalog: PlaybookCatalog(), now: late.addingTimeInterval(600), alive: { _ in nil }).sends.contains {
                $0.id == Self.id
            })
        let zh = inLanguage(.chinese) { p.render(p.candidates[Self.id]!, state: s, catalog: PlaybookCatalog(), now: late) }
        #expect(zh?.headline == "INC-1：后续行动 A-1 已逾期（截止 2026-11-22）：Rotate the keys")
    }

    @Test("a follow-up done before its due date, or done before its reminder went, is not reminded")
    func doneIsNotReminded() throws {
        let late = T0.addingTimeInterval(3601)
        let done = Self.closedWithFollowUp + [ev("action.done", at: 3000, ["action": "A-1"])]
        let (p, _) = try planner(done, now: late)
        #expect(!p.order.contains { $0.hasPrefix("r-followup-") })
        // Seen overdue, then done before the send: nothing left to say.
        let (seen, _) = try planner(Self.closedWithFollowUp, now: late)
        var r = JournalReader()
        r.feed(journalBytes(Self.closedWithFollowUp + [ev("action.done", at: 3601, ["action": "A-1"])]))
        #expect(!seen.plan(state: r.state, catalog: PlaybookCatalog(), now: late, alive: { _ in nil }).sends.contains { $0.id == Self.id })
    }

    @Test("a follow-up without an owner is reminded, saying nobody owns it")
    func noOwner() throws {
        var lines = Self.closedWithFollowUp
        lines[3] = ev("action.added", at: 200, ["action": "A-1", "text": "Rotate the keys", "due": .string(ts(3600))])
        let late = T0.addingTimeInterval(3601)
        let (p, s) = try planner(lines, now: late)
        let send = try #require(
            p.plan(state: s, catalog: PlaybookCatalog(), now: late, alive: { _ in nil }).sends.first { $0.id == Self.id })
        #expect(send.text.lines.last == "nobody owns it: give it an owner" && send.text.mention.isEmpty)
    }
}
