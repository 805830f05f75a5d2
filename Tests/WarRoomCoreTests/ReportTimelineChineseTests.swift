import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

// Review findings 1, 7 and 9 (issue 15): the report's timeline in the reader's words,
// as the console shows it.

@Suite("Review report timeline in Chinese")
struct ReportTimelineChineseTests {
    /// The real fixture's first ticked item, from the shipped playbook (it has text_zh).
    func tickedItem() throws -> PlaybookItem {
        let report = try ReportFixture.real.report()
        let tick = try #require(report.incident.timeline.first { $0.event.kind == .checklistDone })
        let id = try #require(tick.event.string("item"))
        return try #require(report.playbook?.item(id))
    }

    @Test("ticked items are named in the plan's Chinese (text_zh) in Markdown, HTML and the JSON text; English unchanged")
    func tickedItemsInChinese() throws {
        let item = try tickedItem()
        let zhText = try #require(item.textZh)
        let (md, html, json) = try inLanguage(.chinese) {
            let r = try ReportFixture.real.report()
            return (r.markdown(), r.html(), JSONWriter.serialize(r.json()))
        }
        #expect(md.contains("完成“\(PostmortemReport.markdownText(zhText))”"), "Markdown")
        #expect(html.contains("完成“\(PostmortemReport.htmlText(zhText))”"), "HTML")
        #expect(json.contains(JSONWriter.serialize(.string("完成“\(zhText)”"))), "JSON text")
        #expect(!md.contains("完成“\(PostmortemReport.markdownText(item.text))”"), "the English item text in the Chinese timeline")
        let en = try ReportFixture.real.report()
        #expect(en.markdown().contains("ticked ‘\(PostmortemReport.markdownText(item.text))’"))
        #expect(JSONWriter.serialize(en.json()).contains(JSONWriter.serialize(.string("ticked ‘\(item.text)’"))))
    }

    @Test("the runner's drill.ended reason is shown in Chinese on the report's timeline; the journal's word in English")
    func drillEndedReasonInChinese() throws {
        let md = try inLanguage(.chinese) { try ReportFixture.drill.report().markdown() }
        #expect(md.contains("演练结束：已完成"), "\(md)")
        #expect(!md.contains("演练结束：completed"))
        #expect(try ReportFixture.drill.report().markdown().contains("drill ended: completed"))
        // A reason somebody wrote by hand is their own text.
        #expect(inLanguage(.chinese) { DrillEndReason.display("fire alarm") } == "fire alarm")
        #expect(inLanguage(.chinese) { DrillEndReason.display(DrillEndReason.stopped) } == "演练主持人已停止")
    }

    @Test("a decision is 决定 everywhere: the report's marker is the timeline's note word")
    func decisionIsOneWord() throws {
        inLanguage(.chinese) {
            #expect(PostmortemReport.markWord("decision") == NoteKind.display("decision"))
        }
        let catalog = try String(contentsOfFile: packageRoot + "/locale/zh.po", encoding: .utf8)
        let live = catalog.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(!live.contains { $0.contains("决策") }, "决策 in locale/zh.po: a decision is 决定 on the timeline")
    }
}
