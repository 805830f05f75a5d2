import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// The Core's words in Chinese (issue 15): event sentences, severities, phases, roles,
/// durations, KPI words and refusals; and the same calls in English unchanged.
@Suite("Chinese: the words the Core owns")
struct ChineseCoreTests {
    let catalog = PlaybookCatalog.load(directory: playbooksDirectory)

    func event(_ kind: EventType, _ data: JSONObject, actor: String = "王芳") -> Event {
        Event(kind, ts: Date(timeIntervalSince1970: 1_795_000_000), actor: actor, incident: "INC-1", data: data)
    }

    /// An L2 incident INC-1 under website-crisis.
    func open() -> JournalState {
        read([declareLine(playbook: "website-crisis"), ev("member.joined", at: 1, ["member": "李雷"])]).state
    }

    @Test func timelineSentencesInChinese() {
        inLanguage(.chinese) {
            #expect(EventSentence.describe(event(.roleAssigned, ["role": "commander", "member": "李雷"])) == "李雷 担任 指挥官")
            #expect(EventSentence.describe(event(.roleReleased, ["role": "tech-lead"])) == "技术负责人 已卸任（空缺）")
            #expect(
                EventSentence.describe(event(.incidentDeclared, ["severity": 1, "title": "支付中断", "drill": true]))
                    == "宣布一级事件“支付中断”（演练）")
            #expect(
                EventSentence.describe(event(.incidentSeverity, ["severity": 1, "reason": "投诉激增"]), previousSeverity: .l2)
                    == "级别 二级 → 一级：投诉激增")
            #expect(EventSentence.describe(event(.incidentPhase, ["phase": "contained"])) == "阶段 → 已控制")
            #expect(EventSentence.describe(event(.note, ["text": "回滚", "kind": "decision"])) == "决定：回滚")
            #expect(EventSentence.describe(event(.memberStatus, ["member": "李雷", "status": "away"])) == "李雷 状态：离开")
            #expect(
                EventSentence.describe(event(.commsPublished, ["audience": "external", "channel": "微博", "text": "正在处理"]))
                    == "发布（对外，微博）：正在处理")
            #expect(
                EventSentence.describe(event(.checklistAdded, ["item": "x", "text": "通知法务", "due": "30m"]))
                    == "新增检查项“通知法务”，期限 30分钟")
            #expect(EventSentence.describe(event(.drillPaused, [:])) == "演练暂停")
        }
    }

    @Test func aTickNamesThePlansChineseItem() throws {
        let s = open()
        let inc = try #require(s.incidents["INC-1"])
        let pb = catalog.playbook(named: "website-crisis")
        let tick = event(.checklistDone, ["item": "grade-crisis"])
        inLanguage(.chinese) {
            #expect(
                EventSentence.describe(tick, playbook: pb, incident: inc)
                    == "完成“识别并评估危机：影响范围（用户、地区、业务线）与损失程度（经济、声誉、法律风险）”")
        }
        inLanguage(.english) {
            let english = try? #require(pb?.item("grade-crisis")?.text)
            #expect(EventSentence.describe(tick, playbook: pb, incident: inc) == "ticked ‘\(english ?? "?")’")
        }
    }

    @Test func englishSentencesAreUnchanged() {
        inLanguage(.english) {
            #expect(EventSentence.describe(event(.roleAssigned, ["role": "commander", "member": "bob"])) == "bob is now commander")
            #expect(
                EventSentence.describe(event(.incidentDeclared, ["severity": 1, "title": "Pay", "drill": true, "playbook": "x"]))
                    == "declared L1 “Pay” (DRILL), playbook x")
            #expect(
                EventSentence.describe(event(.incidentSeverity, ["severity": 1, "reason": "leak"]), previousSeverity: .l2)
                    == "severity L2 → L1: leak")
            #expect(EventSentence.describe(event(.incidentSeverity, ["severity": 3])) == "severity → L3")
            #expect(
                EventSentence.describe(event(.memberJoined, ["member": "bob", "name": "Bob", "team": "ops"])) == "bob joined (Bob, ops)")
            #expect(EventSentence.describe(event(.memberStatus, ["member": "bob", "status": "away"])) == "bob is away")
            #expect(
                EventSentence.describe(event(.checklistAdded, ["item": "x", "text": "call", "due": "30m"])) == "added item ‘call’, due 30m")
            #expect(
                EventSentence.describe(event(.counterSet, ["name": "outage_minutes", "value": 1200, "unit": "min"]))
                    == "outage minutes 1,200 min")
            #expect(EventSentence.describe(event(.counterSet, ["name": "complaints", "value": 12])) == "complaints 12")
            #expect(
                EventSentence.describe(event(.commsPublished, ["audience": "external", "channel": "web", "text": "ok"]))
                    == "to external via web: ok")
            #expect(
                EventSentence.describe(event(.drillInject, ["inject": "i1", "title": "Press", "manual": true]))
                    == "inject i1: Press (released by hand)")
        }
    }

    @Test func durationsAndAges() {
        inLanguage(.chinese) {
            #expect(DurationText.format(192) == "3分12秒")
            #expect(DurationText.format(45) == "45秒")
            #expect(DurationText.format(7200) == "2小时")
            #expect(DurationText.format(7500) == "2小时5分")
            #expect(DurationText.format(5 * 86400) == "5天")
            #expect(DurationText.format(3 * 86400 + 4 * 3600) == "3天4小时")
            #expect(DurationText.format(-90) == "-1分30秒")
            #expect(DurationText.formatTarget(300) == "5分钟")
            #expect(DurationText.formatTarget(5400) == "1小时30分")
            #expect(DurationText.formatTarget(7 * 86400) == "7天")
            #expect(DurationText.formatAge(252) == "4分钟")
            #expect(DurationText.formatAge(2 * 86400 + 5) == "2天")
        }
        inLanguage(.english) {
            #expect(DurationText.format(192) == "3m 12s")
            #expect(DurationText.format(7200) == "2h 00m")
            #expect(DurationText.format(3 * 86400 + 4 * 3600) == "3d 04h")
            #expect(DurationText.formatTarget(5400) == "1h30m")
            #expect(DurationText.formatTarget(0) == "0s")
            #expect(DurationText.formatAge(252) == "4m")
            #expect(DurationText.formatAge(45) == "45s")
        }
    }

    @Test func severitiesPhasesRolesAndOtherWords() {
        inLanguage(.chinese) {
            #expect(Severity.l1.displayLabel == "一级")
            #expect(Severity.l2.displayLabelWithCode == "二级 (L2)")
            #expect(Severity.l1.label == "L1")  // the data form never changes
            #expect(Phase.display(.verified) == "已核实")
            #expect(Phase.closed.displayTitle == "已关闭")
            #expect(Role.display("communications") == "传播负责人")
            #expect(Role.display("night-owl") == "night-owl")
            #expect(Audience.display("regulator") == "监管")
            #expect(Presence.engaged.displayName == "处置中")
            #expect(KPIState.breached.displayName == "超时")
            #expect(KPIName.timeToReview.displayTitle == "复盘会议")
        }
        inLanguage(.english) {
            #expect(Severity.l1.displayLabel == "L1")
            #expect(Severity.l2.displayLabelWithCode == "L2")
            #expect(Phase.display(.verified) == "verified")
            #expect(Phase.closed.displayTitle == Phase.closed.title)
            #expect(Role.display("communications") == "communications")
            #expect(KPIState.notApplicable.displayName == "n/a")
            #expect(KPIName.allCases.allSatisfy { $0.displayTitle == $0.defaultTitle && $0.displayShortTitle == $0.shortTitle })
        }
    }

    @Test func aTriggerSentenceAndItsPlanRule() {
        let s = Suggestion(severity: .l2, counter: "complaints", value: 1204, threshold: 1000, source: "over 1,000", sourceZh: "超过1000条")
        inLanguage(.chinese) {
            #expect(s.sentence == "投诉数 1,204 > 1,000：已达到二级标准")
            #expect(s.displaySource == "超过1000条")
        }
        inLanguage(.english) {
            #expect(s.sentence == "complaints 1,204 > 1,000: criteria for L2 met")
            #expect(s.displaySource == "over 1,000")
        }
    }

    func schemaError(_ type: EventType, _ data: JSONObject) -> String? {
        do {
            try EventSchema.validate(type: type, data: data)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func refusalsAndValidationErrorsInChinese() {
        let s = open()
        func refusal(_ a: Action) -> String? { Action.refusal(of: a, on: s.incidents["INC-1"], in: s, catalog: catalog)?.reason }
        inLanguage(.chinese) {
            #expect(refusal(.note(text: " ", kind: nil)) == "记录内容为空，请填写记录内容")
            #expect(refusal(.severity(.l2, reason: nil)) == "INC-1 已经是二级")
            #expect(refusal(.phase(.declared, note: nil)) == "INC-1 的阶段已经是“已宣布”")
            #expect(refusal(.assign(role: "wizard", member: "李雷", newRole: false))?.hasPrefix("INC-1 没有角色“wizard”；已知角色：") == true)
            #expect(refusal(.leave(member: "韩梅梅"))?.hasPrefix("韩梅梅 不在 INC-1 的应急团队中") == true)
            #expect(schemaError(.note, ["text": 3]) == "data.text 必须是字符串，而不是数字")
            #expect(schemaError(.incidentPhase, ["phase": "done"])?.hasPrefix("data.phase 必须是以下之一") == true)
            if case .failure(let e) = CounterValue.parse("1,2") { #expect(e.reason.hasPrefix("“1,2”不是数字")) }
        }
        inLanguage(.english) {
            #expect(refusal(.note(text: " ", kind: nil)) == "the note is empty; give its text")
            #expect(refusal(.severity(.l2, reason: nil)) == "INC-1 is already L2")
            #expect(schemaError(.note, ["text": 3]) == "data.text must be a string, not a number")
        }
    }

    @Test func aBadLineAndTheChainSayWhyInChinese() {
        var broken = ChainStatus()
        broken.brokenAt = 12
        var intact = ChainStatus()
        intact.verified = 3
        inLanguage(.chinese) {
            if case .failure(let e) = LineDecoder.decode(Array(#"{"v":1,"#.utf8)) {
                #expect(e.reason == "不是有效的 JSON（第 8 列）：应为带引号的成员名")
            } else {
                Issue.record("a cut line decoded")
            }
            #expect(broken.recordWords == "日志被篡改（第12行）")
            #expect(broken.summary == "校验链在第 12 行断开")
            #expect(intact.recordWords == "日志完整")
        }
        inLanguage(.english) {
            if case .failure(let e) = LineDecoder.decode(Array(#"{"v":1,"#.utf8)) {
                #expect(e.reason == "not valid JSON: expected a member name in quotes at column 8")
            }
            #expect(broken.recordWords == "record TAMPERED at line 12")
            #expect(broken.summary == "chain broken at line 12")
            #expect(intact.recordWords == "record intact")
            #expect(ChainStatus().recordWords == nil)
        }
    }
}

@Suite("Chinese: counts through the catalog's plural forms")
struct ChineseCountsTests {
    @Test func countsInBothLanguages() {
        inLanguage(.english) {
            #expect(Counts.events(1) == "1 event")
            #expect(Counts.events(12) == "12 events")
            #expect(Counts.checklistItems(3) == "3 checklist items")
            #expect(Counts.badLinesSkipped(1) == "1 bad line skipped")
        }
        inLanguage(.chinese) {
            #expect(Counts.events(12) == "12条事件")
            #expect(Counts.checklistItems(1) == "1 个检查项")
            #expect(Counts.badLinesSkipped(2) == "已跳过 2 个坏行")
        }
    }
}

/// Issue 15: a handover of command is a handover on the timeline ("王芳 将指挥权交给 李雷"),
/// in both languages; a first assignment stays "is now".
@Suite struct HandoverSentenceTests {
    @Test func handoversNameBothPeople() throws {
        let lines = [
            declareLine(),
            ev("role.assigned", at: 10, actor: "王芳", ["role": "commander", "member": "王芳"]),
            ev("role.assigned", at: 20, actor: "王芳", ["role": "commander", "member": "李雷"]),
            ev("role.assigned", at: 30, actor: "李雷", ["role": "scribe", "member": "alice"]),
            ev("role.assigned", at: 40, actor: "李雷", ["role": "scribe", "member": "bob"]),
        ]
        let state = read(lines).state
        let inc = try #require(state.incidents["INC-1"])
        let events = inc.timeline.map(\.event).filter { $0.kind == .roleAssigned }
        let en = events.map { EventSentence.describe($0, playbook: nil, incident: inc) }
        #expect(en == ["王芳 is now commander", "王芳 hands command to 李雷", "alice is now scribe", "alice hands scribe to bob"])
        let zh = inLanguage(.chinese) { events.map { EventSentence.describe($0, playbook: nil, incident: inc) } }
        #expect(zh == ["王芳 担任 指挥官", "王芳 将指挥权交给 李雷", "alice 担任 记录员", "alice 将记录员职责交给 bob"])
        #expect(inc.roleHistory.map(\.previous) == [nil, "王芳", nil, "alice"])
    }
}

/// Issue 15 review: counters read "leaked records 12,000" in the Chinese console and timeline.
@Suite struct CounterNameTests {
    @Test func knownCountersHaveThePlansTermsAndOthersStayAsWritten() throws {
        #expect(CounterName.display("leaked_records") == "leaked records")
        #expect(CounterName.display("my_own_counter") == "my own counter")
        inLanguage(.chinese) {
            #expect(CounterName.display("leaked_records") == "泄露记录数")
            #expect(CounterName.display("complaints") == "投诉数")
            #expect(CounterName.display("my_own_counter") == "my own counter", "an operator's own counter, as written")
        }
        let e = Event(
            .counterSet, ts: Date(), actor: "security", incident: "INC-1", id: "c1",
            data: ["name": .string("leaked_records"), "value": .number(12000), "unit": .string("records")])
        #expect(EventSentence.describe(e) == "leaked records 12,000 records")
        inLanguage(.chinese) { #expect(EventSentence.describe(e).hasPrefix("泄露记录数 12,000")) }
    }
}
