import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

// Review findings 2 and 7 (issue 15): a drill declared in the team's language, the score's
// title and clocks, the unknown-scenario message and the runner's end reasons.

@Suite("Drills in the interface language")
struct DrillLanguageTests {
    static let promo = packageRoot + "/scenarios/payment-promo.toml"

    /// A journal with the runner's start events written in `language`, then `drill.ended` 90m05s in.
    func startedJournal(_ scenario: Scenario, in language: Language) -> JournalReader {
        var reader = JournalReader()
        let runner = DrillRunner(scenario: scenario, incident: "INC-20261111-01")
        let drafts = inLanguage(language) { runner.startEvents(speed: 1, run: "r1") }
        let ended = EventDraft(kind: .drillEnded, incident: "INC-20261111-01", data: ["reason": .string(DrillEndReason.completed)])
        for (k, d) in (drafts + [ended]).enumerated() {
            let at = T0.addingTimeInterval(k == drafts.count ? 90 * 60 + 5 : 0)
            reader.feed(Array((d.stamp(actor: "facilitator", login: "f", at: at).jsonLine() + "\n").utf8))
        }
        return reader
    }

    @Test("[incident] title_zh and summary_zh: a run in Chinese declares them, in English the English; the shipped scenarios have them")
    func incidentDeclaredInTheTeamsLanguage() throws {
        for name in ["data-breach", "live-stream-failure", "payment-promo"] {
            let sc = try Scenario.load(path: packageRoot + "/scenarios/\(name).toml")
            #expect(sc.incidentTitleZh?.isEmpty == false, "\(name): no [incident] title_zh")
            #expect(sc.incidentSummaryZh?.isEmpty == false, "\(name): no [incident] summary_zh")
        }
        let sc = try Scenario.load(path: Self.promo)
        let runner = DrillRunner(scenario: sc, incident: "INC-1")
        let zh = inLanguage(.chinese) { runner.startEvents(speed: 30, run: "r") }[1]
        #expect(zh.kind == .incidentDeclared)
        #expect(zh.data["title"]?.stringValue == "双11高峰支付失败")
        #expect(zh.data["summary"]?.stringValue == sc.incidentSummaryZh)
        let en = inLanguage(.english) { runner.startEvents(speed: 30, run: "r") }[1]
        #expect(en.data["title"]?.stringValue == "Payment failures at Double 11 peak")
        #expect(en.data["summary"]?.stringValue == sc.incidentSummary)

        // Without a summary the briefing stands in, in the reader's language too.
        let dir = TempDir()
        let path = dir.file("s.toml")
        try """
        title = "T"
        briefing = "English briefing"
        briefing_zh = "中文简报"
        [incident]
        title = "Only English"
        severity = 2
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let bare = DrillRunner(scenario: try Scenario.load(path: path), incident: "INC-1")
        let zhBare = inLanguage(.chinese) { bare.startEvents(speed: 1, run: "r") }[1]
        #expect(zhBare.data["title"]?.stringValue == "Only English", "no title_zh: the English, never empty")
        #expect(zhBare.data["summary"]?.stringValue == "中文简报")
        #expect(inLanguage(.english) { bare.startEvents(speed: 1, run: "r") }[1].data["summary"]?.stringValue == "English briefing")
    }

    @Test("drill score names the drill incident by the scenario's localized title, whichever language ran it")
    func scoreShowsTheLocalizedIncidentTitle() throws {
        let sc = try Scenario.load(path: Self.promo)
        let state = startedJournal(sc, in: .english).state
        let score = try #require(
            DrillScorer.score(
                scenario: sc, state: state, incident: "INC-20261111-01", catalog: reportCatalog, now: T0.addingTimeInterval(3 * 3600)))
        let md = inLanguage(.chinese) { score.markdown() }
        #expect(md.contains("（双11高峰支付失败）"), "\(md)")
        #expect(!md.contains("Payment failures at Double 11 peak"))
        #expect(score.markdown().contains("(Payment failures at Double 11 peak)"))
    }

    @Test("drill score writes times as drill run does: T+05:00, T+1:30:05 (text and Markdown)")
    func scoreClocksMatchTheRunner() throws {
        #expect(DrillScore.clock(300) == "T+05:00")
        #expect(DrillScore.clock(5405) == "T+1:30:05")
        #expect(DrillScore.clock(3600) == "T+1:00:00")
        #expect(DrillScore.clock(59.6) == "T+01:00", "to the nearest second")
        #expect(DrillScore.clock(nil) == "—")
        let sc = try Scenario.load(path: Self.promo)
        let state = startedJournal(sc, in: .english).state
        let score = try #require(
            DrillScorer.score(
                scenario: sc, state: state, incident: "INC-20261111-01", catalog: reportCatalog, now: T0.addingTimeInterval(3 * 3600)))
        #expect(score.text().contains("ended at T+1:30:05\n"), "\(score.text())")
        #expect(score.markdown().contains("ended at T+1:30:05 scenario time"))
        #expect(!score.text().contains("h30m") && !score.markdown().contains("m00s"))
        #expect(inLanguage(.chinese) { score.text() }.contains("T+1:30:05"))
    }

    @Test("an unknown scenario is refused wholly in Chinese: no English from the Core")
    func unknownScenarioInChinese() throws {
        let zh = inLanguage(.chinese) { () -> String in
            do {
                _ = try ScenarioCatalog.load("nope")
                return ""
            } catch { return String(describing: error) }
        }
        #expect(zh.contains("没有名为 nope 的演练情景（已有：data-breach、live-stream-failure、payment-promo"), "\(zh)")
        #expect(!zh.contains("no scenario") && !zh.contains("known"), "\(zh)")
        // English as before.
        do {
            _ = try ScenarioCatalog.load("nope")
            Issue.record("nope loaded")
        } catch {
            #expect(
                String(describing: error).hasPrefix("nope: no scenario named nope (known: data-breach, live-stream-failure, payment-promo"))
        }
    }

    @Test("`drill run nope` in Chinese: the whole message Chinese")
    func unknownScenarioCLI() async throws {
        let r = try await warroom(["drill", "run", "nope"], environment: cliEnvironment(["WARROOM_LANG": "zh"]))
        #expect(r.status != 0)
        #expect(r.stderr.contains("没有名为 nope 的演练情景"), "\(r.stderr)")
        #expect(!r.stderr.contains("no scenario") && !r.stderr.contains("known"), "\(r.stderr)")
    }
}
