import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

// Issue 15: the drill score and the scenario's own words in Chinese.

@Suite("Drill score and scenarios in Chinese")
struct DrillChineseTests {
    /// The report fixture's drill scored against the shipped scenario it was run from.
    func fixtureScore() throws -> (Scenario, DrillScore) {
        let scenario = try Scenario.load(path: packageRoot + "/scenarios/payment-promo.toml")
        let state = ReportFixture.drill.reader().state
        let inc = try #require(state.orderedIncidents.last)
        let score = try #require(
            DrillScorer.score(scenario: scenario, state: state, incident: inc.id, catalog: reportCatalog, now: ReportFixture.drill.nowDate))
        return (scenario, score)
    }

    @Test("the score's text and Markdown in Chinese under the scenario's Chinese title; English unchanged")
    func scoreInChinese() throws {
        let (scenario, s) = try fixtureScore()
        let titleZh = try #require(scenario.titleZh)
        let zh = inLanguage(.chinese) { s.text() }
        #expect(zh.hasPrefix("演练 \(titleZh) — \(s.incident.id)，速度 ×30，结束于 T+"), "\(zh)")
        #expect(zh.contains("\n得分：100 / 100\n\n预期：\n"), "\(zh)")
        #expect(zh.contains("\n  达成    "), "a mark padded to the column by display width")
        #expect(zh.contains("：情景注入 rumour 始终未发布\n"))
        // The expectations in the scenario's own Chinese (text_zh).
        for e in scenario.expectations { #expect(zh.contains("  \(try #require(e.textZh))（权重 "), "\(e.id)") }
        #expect(zh.contains("\n政策目标（演练时间）：\n"))
        #expect(!zh.contains("…"), "a Chinese target cut short: \(zh)")
        for w in ["Score:", "Expectations:", "MET", "(weight", "deadline", "Policy targets"] {
            #expect(!zh.contains(w), "English \(w) in the Chinese score")
        }
        let md = inLanguage(.chinese) { s.markdown() }
        #expect(md.hasPrefix("# 演练复盘：\(titleZh)\n"))
        #expect(md.contains("\n| 结果 | 预期 | 权重 | 达成时间 | 截止 | 完成人 |\n"))
        #expect(md.contains("\n| 未触发 | "))
        #expect(md.contains("\n## 即时复盘（待填写）\n"))
        let en = s.text()
        #expect(en.hasPrefix("DRILL \(scenario.title) — \(s.incident.id), speed ×30, ended at T+"))
        #expect(en.contains("\n  MET     ") && en.contains(": inject rumour was never released\n"))
        for e in scenario.expectations { #expect(en.contains("  \(e.text) (weight "), "\(e.id)") }
        #expect(s.markdown().contains("\n| not-triggered | "))
        #expect(inLanguage(.chinese) { JSONWriter.serialize(s.json()) } == JSONWriter.serialize(s.json()), "JSON keys and ids stay")
    }

    @Test("a scenario's title_zh, briefing_zh, injects' title_zh and expectations' text_zh show in Chinese, English otherwise")
    func scenarioChineseWords() throws {
        let dir = TempDir()
        let path = dir.file("zh.toml")
        try """
        title = "Leak drill"
        title_zh = "泄露演练"
        briefing = "A partner key leaked."
        briefing_zh = "合作方密钥泄露。"
        [incident]
        title = "Leak"
        severity = 2
        [[injects]]
        id = "call"
        at = "1m"
        title = "A journalist calls"
        title_zh = "记者来电"
        type = "note"
        data = { text = "call" }
        [[injects]]
        id = "plain"
        at = "2m"
        title = "Only English"
        type = "note"
        data = { text = "x" }
        [[expectations]]
        id = "l1"
        text = "Raise to L1"
        text_zh = "升级为一级"
        within = "10m"
        severity_at_least = 1
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let sc = try Scenario.load(path: path)
        inLanguage(.chinese) {
            #expect(sc.localizedTitle == "泄露演练")
            #expect(sc.localizedBriefing == "合作方密钥泄露。")
            #expect(sc.inject("call")?.localizedTitle == "记者来电")
            #expect(sc.inject("plain")?.localizedTitle == "Only English", "no Chinese: the English, never an empty row")
            #expect(sc.expectations.first?.localizedText == "升级为一级")
        }
        #expect(sc.localizedTitle == "Leak drill" && sc.localizedBriefing == "A partner key leaked.")
        #expect(sc.inject("call")?.localizedTitle == "A journalist calls")
        #expect(sc.expectations.first?.localizedText == "Raise to L1")

        // The runner's marker carries the Chinese title, so a console without the scenario file
        // (another host) still shows it in Chinese; the English stays the title.
        let runner = DrillRunner(scenario: sc, incident: "INC-1")
        let call = try #require(sc.inject("call"))
        let marker = try #require(runner.injectBatch(call, manual: false).events.first)
        #expect(marker.data["title_zh"]?.stringValue == "记者来电")
        #expect(marker.data["title"]?.stringValue == "A journalist calls")
        let plain = try #require(sc.inject("plain"))
        let plainMarker = try #require(runner.injectBatch(plain, manual: false).events.first)
        #expect(plainMarker.data["title_zh"] == nil)
        let e = Event(.drillInject, ts: Date(), actor: "facilitator", incident: "INC-1", id: "e1", data: marker.data)
        inLanguage(.chinese) { #expect(EventSentence.describe(e).hasSuffix("记者来电")) }
        #expect(EventSentence.describe(e) == "inject call: A journalist calls")
        #expect(runner.startEvents(speed: 1, run: "r").first?.data["title_zh"]?.stringValue == "泄露演练")
    }

    @Test("a broken scenario file is explained in Chinese, naming the key and the line")
    func scenarioErrorsInChinese() throws {
        let dir = TempDir()
        let path = dir.file("bad.toml")
        try "title = \"x\"\nbriefing = \"b\"\nspeed = 0\n[incident]\ntitle = \"t\"\nseverity = 2\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let zh = inLanguage(.chinese) { () -> String in
            do {
                _ = try Scenario.load(path: path)
                return ""
            } catch { return String(describing: error) }
        }
        #expect(zh.hasSuffix(":3: speed 必须是 0.01 到 3600 之间的数"), "\(zh)")
        do {
            _ = try Scenario.load(path: path)
            Issue.record("speed 0 was accepted")
        } catch {
            #expect(String(describing: error).hasSuffix(":3: speed must be a number from 0.01 to 3600"), "\(error)")
        }
    }
}
