import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore
@testable import WarRoomUI

/// The console's words in Chinese agree wherever they show (review of issue 15): one
/// presence word at every width, the plans' severities, no stale error, no stray space,
/// ticked items named after a playbook switch.
@Suite("Chinese console wording")
struct ChineseWordingTests {
    /// An L2 website-crisis incident INC-1 declared by alice, bob holding commander.
    func model(_ more: [String] = []) -> ConsoleModel {
        makeModel(
            lines: [
                declareLine(severity: 2, title: "Payment outage", playbook: "website-crisis"),
                ev("member.joined", at: 1, ["member": "bob"]),
                ev("role.assigned", at: 2, ["role": "commander", "member": "bob"]),
            ] + more)
    }

    func press(_ m: inout ConsoleModel, _ keys: [Key]) { for k in keys { _ = m.handle(k) } }
    func type(_ m: inout ConsoleModel, _ text: String) { for c in text { _ = m.handle(.char(c)) } }

    func picker(_ m: ConsoleModel) -> Picker? {
        if case .picker(let p) = m.interaction { return p }
        return nil
    }

    func prompt(_ m: ConsoleModel) -> TextPrompt? {
        if case .prompt(let p) = m.interaction { return p }
        return nil
    }

    @Test("each presence has one Chinese word, the same in a narrow roster as in a wide one, and it fits the value column")
    func presenceWordsAgreeAcrossWidths() {
        inLanguage(.chinese) {
            for p in Presence.allCases {
                let narrow = PresenceMark.word(p, narrow: true)
                #expect(narrow == PresenceMark.word(p, narrow: false), "\(p)")
                #expect(narrow == ConsoleWords.presence(p), "\(p)")
                // The roster's value column is never narrower than 7 (RosterPane: keyW ≤ width - 8).
                #expect(DisplayWidth.of(narrow) <= 7, "\(p): \(narrow)")
            }
            #expect(PresenceMark.word(.available, narrow: true) == "待命")
            #expect(PresenceMark.word(.engaged, narrow: true) == "处置中")
        }
        #expect(PresenceMark.word(.available, narrow: true) == "avail")
        #expect(PresenceMark.word(.engaged, narrow: false) == "engaged")
    }

    @Test("the severity pickers and prompts say 一级/二级/三级 as the header does; English keeps L1/L2/L3")
    func severityAsThePlansWriteIt() throws {
        try inLanguage(.chinese) {
            var m = model()
            press(&m, [.char("s")])
            let s = try #require(picker(m))
            #expect(s.title == "级别（当前二级）")
            #expect(
                zip(s.options, ["一级 (L1)  ", "二级 (L2)  ", "三级 (L3)  "]).allSatisfy { $0.label.hasPrefix($1) }, "\(s.options.map(\.label))")
            press(&m, [.escape, .char("D")])
            let d = try #require(picker(m))
            #expect(d.options[0].label.hasPrefix("一级 (L1)  "), "\(d.options[0].label)")
            press(&m, [.char("2")])
            #expect(prompt(m)?.label == "宣布二级事件：标题：")
            type(&m, "Checkout down")
            press(&m, [.enter])
            let playbooks = try #require(picker(m))
            #expect(playbooks.title == "宣布二级事件：预案")
            let codes = /L[123]/
            for o in playbooks.options {
                #expect((o.detail ?? "").firstMatch(of: codes) == nil, "\(o.label): \(o.detail ?? "")")
            }
            press(&m, [.escape, .char("i")])
            let incidents = try #require(picker(m))
            #expect(incidents.options.first?.label.hasPrefix("二级 INC-1") == true, "\(incidents.options.map(\.label))")
            press(&m, [.escape, .char("B")])
            let switching = try #require(picker(m))
            for o in switching.options {
                #expect((o.detail ?? "").firstMatch(of: codes) == nil, "\(o.label): \(o.detail ?? "")")
            }
        }
        var m = model()
        press(&m, [.char("s")])
        let s = try #require(picker(m))
        #expect(s.title == "Severity (now L2)")
        #expect(
            s.options.map(\.label) == [
                "L1  business down or major data leak", "L2  severe impact or widespread complaints", "L3  local problem",
            ])
        press(&m, [.escape, .char("D"), .char("2")])
        #expect(prompt(m)?.label == "Declare L2: title:")
    }

    @Test("a refused empty title's error goes once a title is taken: it does not stay through the next steps of D")
    func declareErrorDoesNotOutstayItsPrompt() throws {
        try inLanguage(.chinese) {
            var m = model()
            press(&m, [.char("D"), .char("2"), .enter])
            let refused = try #require(m.message)
            #expect(refused.isError && refused.text.contains("标题为空"), "\(refused.text)")
            #expect(prompt(m) != nil)
            type(&m, "Checkout down")
            press(&m, [.enter])
            #expect(picker(m) != nil)
            #expect(m.message == nil, "\(m.message?.text ?? "")")
            // The playbook, then the summary: still nothing stale under them.
            press(&m, [.enter])
            #expect(prompt(m) != nil)
            #expect(m.message == nil)
            press(&m, [.enter])
            #expect(prompt(m) != nil)
            #expect(m.message == nil)
        }
    }

    @Test("the filter prompt's full-width colon is not followed by a space; English keeps its space")
    func noSpaceAfterAFullWidthColon() {
        let (base, now) = paymentOutageFixture()
        inLanguage(.chinese) {
            var m = base
            press(&m, [.char("/")])
            type(&m, "宣布")
            let text = render(m, now: now, width: 80, height: 24).text()
            #expect(text.contains("筛选：宣布"), "\(text)")
            #expect(!text.contains("筛选： "))
        }
        var m = base
        press(&m, [.char("/")])
        type(&m, "declared")
        #expect(render(m, now: now, width: 80, height: 24).text().contains("filter: declared"))
    }

    @Test("an item ticked before a playbook switch keeps its words (text_zh in Chinese), not its raw id")
    func tickedItemNamedAfterAPlaybookSwitch() throws {
        let m = model([
            ev("checklist.done", at: 10, ["item": "grade-crisis"]),
            ev("incident.playbook", at: 20, ["playbook": "data-breach", "reason": "it is a leak"]),
        ])
        #expect(m.incident?.playbook == "data-breach")
        #expect(shippedCatalog.playbook(named: "data-breach")?.item("grade-crisis") == nil)
        let tick = try #require(m.incident?.timeline.first { $0.event.type == "checklist.done" })
        let zh = inLanguage(.chinese) { m.sentence(tick) }
        #expect(zh.contains("识别并评估危机") && !zh.contains("grade-crisis"), "\(zh)")
        let en = m.sentence(tick)
        #expect(en.contains("Grade the crisis") && !en.contains("grade-crisis"), "\(en)")
    }
}
