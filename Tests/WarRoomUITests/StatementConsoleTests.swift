import Foundation
import Testing
import WarRoomCore

@testable import WarRoomUI

// Issue 18, the console's part of "one voice": the `c` flow drafts where the policy wants an
// approval (and says so), a line under the header tells those who may approve that a draft
// waits, and `S` lists the statements to approve, reject or publish.

private let incidentID = "INC-20261111-01"

/// The payment-outage fixture (alice commander, bob communications, at L1) with S-1 drafted by
/// bob for external, and the fixed clock; `approved` adds alice's approval.
private func withDraft(me: String?, approved: Bool = false) -> (ConsoleModel, Date) {
    let bytes = fixtureBytes("payment-outage.jsonl")
    let now = fixedNow(bytes)
    var extra = [
        ev(
            "comms.drafted", incidentID, at: now.timeIntervalSince(T0) - 600, actor: "bob",
            ["draft": "S-1", "audience": "external", "channel": "weibo", "text": "【情况说明】支付已逐步恢复，我们将于10:00前发布最新进展。"])
    ]
    if approved { extra.append(ev("comms.approved", incidentID, at: now.timeIntervalSince(T0) - 300, actor: "alice", ["draft": "S-1"])) }
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

private func appended(_ effects: [ConsoleEffect]) -> EventDraft? {
    for e in effects { if case .append(let drafts) = e, drafts.count == 1 { return drafts[0] } }
    return nil
}

@Suite("Statements in the console")
struct StatementConsoleTests {
    @Test("c drafts an external statement for approval and says so; an internal one is published at once")
    func commsDraftsWhereApprovalIsNeeded() throws {
        var (m, now) = withDraft(me: "bob")
        _ = press(&m, [.char("c"), .char("2"), .enter], now: now)
        // The playbook's templates are offered first; the first choice is to write it yourself.
        guard case .picker(let p) = m.interaction else {
            Issue.record("no template picker: \(m.interaction)")
            return
        }
        #expect(p.title == "Draft to external: start from a template?")
        #expect(p.options.map(\.value) == ["", "holding", "apology", "compensation", "all-clear"])
        _ = press(&m, [.enter], now: now)
        #expect(m.interaction.promptLabel == "draft to external, for approval:")
        type(&m, "We are on it", now: now)
        let draft = try #require(appended(press(&m, [.enter], now: now)))
        #expect(draft.kind == .commsDrafted)
        #expect(draft.data["draft"] == "S-2" && draft.data["text"] == "We are on it" && draft.data["audience"] == "external")
        var (n, _) = withDraft(me: "bob")
        _ = press(&n, [.char("c"), .char("1"), .enter], now: now)
        #expect(n.interaction.promptLabel == "to internal:")
        type(&n, "bridge open", now: now)
        #expect(appended(press(&n, [.enter], now: now))?.kind == .commsPublished)
        let zh = inLanguage(.chinese) { () -> String? in
            var (z, _) = withDraft(me: "bob")
            _ = press(&z, [.char("c"), .char("2"), .enter, .enter], now: now)
            return z.interaction.promptLabel
        }
        #expect(zh == "对外声明拟稿（需审核）：", "\(zh ?? "")")
    }

    @Test("a template is filled from the incident, put in the prompt to read, and drafted with its id, in both languages")
    func template() throws {
        var (m, now) = withDraft(me: "bob")
        _ = press(&m, [.char("c"), .char("2"), .enter, .char("2")], now: now)
        guard case .prompt(let p) = m.interaction else {
            Issue.record("no prompt: \(m.interaction)")
            return
        }
        #expect(p.purpose == .statementText(.external, channel: nil, template: "holding"))
        #expect(
            p.string.hasPrefix("Since 11 Nov 01:58 we have been dealing with Payment outage during the Double 11 promotion, which"),
            "\(p.string)")
        let draft = try #require(appended(press(&m, [.enter], now: now)))
        #expect(draft.kind == .commsDrafted && draft.data["template"] == "holding" && draft.data["text"] == .string(p.string))
        let zh = inLanguage(.chinese) { () -> String in
            var (z, _) = withDraft(me: "bob")
            _ = press(&z, [.char("c"), .char("2"), .enter, .char("2")], now: now)
            if case .prompt(let p) = z.interaction { return p.string }
            return ""
        }
        #expect(zh.hasPrefix("【情况说明】11月11日 01:58起，我们发现Payment outage during the Double 11 promotion，部分用户"), "\(zh)")
    }

    @Test("the line under the header shows a waiting draft to those who may approve it, in English and Chinese")
    func bannerForApprovers() {
        let (alice, now) = withDraft(me: "alice")
        #expect(alice.statementsAwaitingMe.map(\.id) == ["S-1"])
        let grid = render(alice, now: now, width: 80, height: 24)
        checkFrameInvariants(grid, "statements-banner")
        assertSnapshot(grid, named: "statements-banner-80x24")
        #expect(grid.lines()[1].contains("✎ 1 statement waits for your approval — press S to review"), "\(grid.lines()[1])")
        #expect(grid.lines()[22].contains("S statements"), "\(grid.lines()[22])")
        let zh = inLanguage(.chinese) { render(alice, now: now, width: 80, height: 24) }
        assertSnapshot(zh, named: "statements-banner-zh-80x24")
        #expect(zh.lines()[1].contains("✎ 1 份声明等待您审核"), "\(zh.lines()[1])")
        // Not to the drafter, nor to someone without a role, nor once it is approved.
        #expect(withDraft(me: "bob").0.statementsAwaitingMe.isEmpty)
        #expect(withDraft(me: "zoe").0.statementsAwaitingMe.isEmpty)
        #expect(withDraft(me: "alice", approved: true).0.statementsAwaitingMe.isEmpty)
        #expect(!render(withDraft(me: "zoe").0, now: now, width: 80, height: 24).text().contains("waits for your approval"))
    }

    @Test("S lists the statements; a approves, p publishes the approved text, r rejects with a reason")
    func listApprovePublishReject() throws {
        var (m, now) = withDraft(me: "alice")
        _ = press(&m, [.char("S")], now: now)
        #expect(m.interaction == .statements("S-1"))
        for (w, h) in [(80, 24), (120, 40)] {
            _ = m.update(.resized(width: w, height: h), now: now)
            let grid = render(m, now: now, width: w, height: h)
            checkFrameInvariants(grid, "statements-\(w)x\(h)")
            assertSnapshot(grid, named: "statements-\(w)x\(h)")
            #expect(grid.text().contains("Statements (1 awaiting approval)"))
            #expect(grid.text().contains("S-1  external  awaiting approval  drafted by bob"))
            #expect(grid.lines()[h - 2].contains("a approve · r reject · p publish"))
            let zh = inLanguage(.chinese) { render(m, now: now, width: w, height: h) }
            assertSnapshot(zh, named: "statements-zh-\(w)x\(h)")
            #expect(zh.text().contains("声明（1 份待审核）") && zh.text().contains("待审核  拟稿人 bob"), "\(zh.text())")
        }
        let approve = try #require(appended(press(&m, [.char("a")], now: now)))
        #expect(approve.kind == .commsApproved && approve.incident == incidentID && approve.data["draft"] == "S-1")
        // Publishing before the approval is in the journal: refused, saying who approves.
        _ = press(&m, [.char("p")], now: now)
        #expect(m.message?.isError == true && m.message?.text.contains("S-1 is not approved yet") == true, "\(m.message?.text ?? "")")
        // Once approved, p publishes the draft's own text.
        var (a, _) = withDraft(me: "bob", approved: true)
        _ = press(&a, [.char("S")], now: now)
        let pub = try #require(appended(press(&a, [.char("p")], now: now)))
        #expect(pub.kind == .commsPublished && pub.data["draft"] == "S-1")
        #expect(pub.data["text"] == "【情况说明】支付已逐步恢复，我们将于10:00前发布最新进展。")
        // r asks why, then rejects.
        var (r, _) = withDraft(me: "alice")
        _ = press(&r, [.char("S"), .char("r")], now: now)
        #expect(r.interaction.promptLabel == "reject S-1, why:")
        _ = press(&r, [.enter], now: now)
        #expect(r.message?.isError == true)
        type(&r, "wait for the cause", now: now)
        let reject = try #require(appended(press(&r, [.enter], now: now)))
        #expect(reject.kind == .commsRejected && reject.data["reason"] == "wait for the cause")
        // The drafter cannot approve their own.
        var (b, _) = withDraft(me: "bob")
        _ = press(&b, [.char("S"), .char("a")], now: now)
        #expect(b.message?.text.contains("bob drafted S-1, so someone else must approve it") == true, "\(b.message?.text ?? "")")
    }
}

extension Interaction {
    fileprivate var promptLabel: String? {
        if case .prompt(let p) = self { return p.label }
        return nil
    }
}
