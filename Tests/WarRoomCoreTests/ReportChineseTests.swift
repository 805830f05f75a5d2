import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

// Issue 15: the review report and `status` in Chinese, times in the reader's zone.
// Goldens: Goldens/report-*.zh.md (Chinese, Asia/Shanghai); UPDATE_GOLDENS=1 rewrites them.

let shanghai = TimeZone(identifier: "Asia/Shanghai")!

/// The line of a Markdown table whose first cell is `first`.
func tableRow(_ md: String, first: String) -> String? {
    md.split(separator: "\n").first { $0.hasPrefix("| \(first) |") }.map(String.init)
}

@Suite("Review report in Chinese and in the reader's time zone")
struct ReportChineseTests {
    @Test("the Chinese review matches its golden (times in Asia/Shanghai)", arguments: ReportFixture.all)
    func chineseGoldens(_ f: ReportFixture) throws {
        let md = try inLanguage(.chinese) { try f.report(timeZone: shanghai).markdown() }
        assertReportGolden(md, named: f.golden + ".zh.md")
    }

    @Test("headings, table headers and fixed sentences are Chinese; the plan's checklist text too; English keeps its own")
    func chineseWords() throws {
        let zh = try inLanguage(.chinese) { try ReportFixture.real.report().markdown() }
        for s in [
            "# 复盘报告：", "\n## 概要\n", "\n## 指标与政策目标对照\n", "| 指标 | 实测 | 目标 | 结果 |", "\n## 级别与触发规则\n",
            "\n## 角色与交接\n", "\n## 检查清单\n", "\n## 信息发布\n", "\n### 对内\n", "\n## 时间线\n", "| 时间（UTC） | 操作人 | 事项 |",
            "\n## 根本原因（待填写）\n", "| 行动项 | 负责人 | 截止时间 |", "- 时间：所有时间均为 UTC", "：指挥官 → alice（由 alice 指派）",
        ] {
            #expect(zh.contains(s), "no \(s) in the Chinese review")
        }
        for s in ["## Summary", "Review:", "## Checklist", " done.", "(by alice)", "Time (UTC)"] {
            #expect(!zh.contains(s), "English \(s) in the Chinese review")
        }
        // Checklist items in the plan's own words (text_zh), from the shipped playbook.
        let item = try #require(reportCatalog.playbook(named: "website-crisis")?.items.first)
        #expect(zh.contains("- [x] \(PostmortemReport.markdownText(try #require(item.textZh)))"))
        let en = try ReportFixture.real.report().markdown()
        #expect(en.contains("- [x] \(PostmortemReport.markdownText(item.text))"))
        #expect(en.contains("\n## Summary\n") && !en.contains("复盘报告") && !en.contains("指挥官"))
    }

    @Test("the HTML report says its language: zh-CN in Chinese, en in English")
    func htmlLanguage() throws {
        let zh = try inLanguage(.chinese) { try ReportFixture.drill.report().html() }
        #expect(zh.contains("<html lang=\"zh-CN\">"))
        #expect(zh.contains("<title>复盘报告："))
        #expect(zh.contains("<h2>概要</h2>") && zh.contains("<span class=\"drill\">演练</span>"))
        #expect(!zh.contains("<h2>Summary</h2>"))
        // A Traditional locale reads the Simplified catalog (no zh_TW.po ships): the page says what it holds.
        let taiwan = Localizer(language: Language(code: "zh_TW"), catalog: chineseLocalizer.catalog, origin: chineseLocalizer.origin)
        let tw = try L10n.$override.withValue(taiwan) { try ReportFixture.drill.report().html() }
        #expect(tw.contains("<html lang=\"zh-CN\">"), "\(tw.prefix(80))")
        let en = try inLanguage(.english) { try ReportFixture.drill.report().html() }
        #expect(en.contains("<html lang=\"en\">"))
        #expect(en.contains("<h2>Summary</h2>"))
    }

    @Test("the trigger section quotes the plan's rule: source_zh in Chinese, source in English, beside the figures")
    func triggerQuotesThePlanRule() throws {
        let report = try ReportFixture.real.report()
        let rule = try #require(report.firedTriggers.first { $0.rule.counter == "leaked_records" }?.rule)
        let zhRule = try #require(rule.sourceZh)
        let enRule = try #require(rule.source)
        let zh = inLanguage(.chinese) { report.markdown() }
        let zhRow = try #require(tableRow(zh, first: "leaked_records"))
        #expect(zhRow.hasPrefix("| leaked_records | 2026-11-11T01:55:00.000Z | 12,500 | 10,000 | "), "\(zhRow)")
        #expect(zhRow.hasSuffix(" | \(PostmortemReport.markdownText(zhRule)) |"), "\(zhRow)")
        #expect(zh.contains("| 计数器 | 越过阈值（UTC） | 数值 | 阈值 | 建议级别 | 级别跟进 | 预案规则 |"))
        let en = report.markdown()
        let enRow = try #require(tableRow(en, first: "leaked_records"))
        #expect(enRow.hasSuffix(" | \(PostmortemReport.markdownText(enRule)) |"), "\(enRow)")
        #expect(en.contains("| Counter | Crossed (UTC) | Value | Threshold | Suggests | Severity followed | Plan rule |"))
        let html = inLanguage(.chinese) { report.html() }
        #expect(html.contains("<td>\(PostmortemReport.htmlText(zhRule))</td></tr>"))
    }

    @Test("times are in the reader's zone, named once at the top; the JSON keeps UTC")
    func readerTimeZone() throws {
        let report = try ReportFixture.real.report(timeZone: shanghai)
        let md = report.markdown()
        #expect(md.contains("- Declared: 2026-11-11T08:50:00.000+08:00 by alice\n"))
        #expect(md.contains("- Times: all times are Asia/Shanghai time (RFC 3339, with the offset from UTC: +08:00)\n"))
        #expect(md.contains("| Time (Asia/Shanghai) | Actor | Event |"))
        #expect(md.components(separatedBy: "Asia/Shanghai").count - 1 == 3, "the zone is named at the top and in two headers")
        #expect(md.range(of: #"\d\d:\d\d\.\d\d\dZ"#, options: .regularExpression) == nil, "a UTC time left in a Shanghai report")
        let zh = inLanguage(.chinese) { report.html() }
        #expect(zh.contains("<li>宣布：2026-11-11T08:50:00.000+08:00，由 alice 宣布</li>"))
        #expect(zh.contains("所有时间均为 Asia/Shanghai 时间（RFC 3339 格式，带 UTC 偏移：+08:00）"))
        let json = try #require(report.json().objectValue)
        #expect(json["declared_at"] == "2026-11-11T00:50:00.000Z")
    }

    @Test("the report clock: offsets with minutes and summer time, UTC by any name keeps Z")
    func reportClock() throws {
        let t = try #require(RFC3339.parse("2026-01-15T12:00:00.250Z"))
        let summer = try #require(RFC3339.parse("2026-07-15T12:00:00Z"))
        #expect(ReportClock(timeZone: try #require(TimeZone(identifier: "Asia/Kolkata"))).format(t) == "2026-01-15T17:30:00.250+05:30")
        let ny = ReportClock(timeZone: try #require(TimeZone(identifier: "America/New_York")))
        #expect(ny.format(t) == "2026-01-15T07:00:00.250-05:00")
        #expect(ny.format(summer) == "2026-07-15T08:00:00.000-04:00")
        #expect(!ny.isUTC)
        for name in ["UTC", "Etc/UTC", "GMT"] {
            let c = ReportClock(timeZone: try #require(TimeZone(identifier: name)))
            #expect(c.isUTC && c.format(t) == "2026-01-15T12:00:00.250Z" && c.zoneName == "UTC", "\(name)")
        }
        // London is at UTC in winter but not all year: named, with its offset.
        let london = ReportClock(timeZone: try #require(TimeZone(identifier: "Europe/London")))
        #expect(!london.isUTC && london.format(t) == "2026-01-15T12:00:00.250+00:00")
    }

    @Test(
        "`warroom report` honours TZ and the language of its environment",
        .enabled(if: reportBinary != nil, "needs the warroom binary"))
    func cliTimeZoneAndLanguage() async throws {
        let f = ReportFixture.real
        let args = ["report", "--now", f.now, "--journal", f.relativePath]
        let r = try await reportCLI(args, environment: ["TZ": "Asia/Shanghai"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == (try f.report(timeZone: shanghai).markdown()))
        #expect(r.stdout.contains("2026-11-11T08:50:00.000+08:00") && r.stdout.contains("Asia/Shanghai time"))
        let zh = try await reportCLI(args + ["--format", "html"], environment: ["WARROOM_LANG": "zh"])
        #expect(zh.status == 0, "\(zh.stderr)")
        #expect(zh.stdout == (try inLanguage(.chinese) { try f.report().html() }))
        #expect(zh.stdout.contains("<html lang=\"zh-CN\">"))
        // The JSON report keeps UTC in any zone (its sentences are in the reader's language, its keys never).
        let json = try await reportCLI(args + ["--format", "json"], environment: ["WARROOM_LANG": "zh", "TZ": "Asia/Shanghai"])
        #expect(json.stdout == JSONWriter.serialize(try inLanguage(.chinese) { try f.report().json() }) + "\n")
        #expect(json.stdout.contains("\"declared_at\":\"2026-11-11T00:50:00.000Z\""))
    }

    @Test(
        "`warroom report --time-zone` picks the zone; an unknown zone is refused with what to give",
        .enabled(if: reportBinary != nil, "needs the warroom binary"))
    func cliTimeZoneOption() async throws {
        let f = ReportFixture.real
        let r = try await reportCLI(["report", "--now", f.now, "--journal", f.relativePath, "--time-zone", "Asia/Shanghai"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == (try f.report(timeZone: shanghai).markdown()))
        let bad = try await reportCLI(["report", "--now", f.now, "--journal", f.relativePath, "--time-zone", "Mars/Olympus"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("unknown time zone \"Mars/Olympus\"; use an IANA name like Asia/Shanghai or UTC"), "\(bad.stderr)")
    }

    @Test("hostile journal text is still escaped in the Chinese report, in any zone")
    func chineseStaysSafe() async throws {
        let md = try inLanguage(.chinese) {
            var r = try HostileMarkdown.report()
            r.timeZone = shanghai
            return r.markdown()
        }
        #expect(md.contains("## 概要"))
        let html = try await renderCommonMark(md)
        var tags = Set<String>()
        for piece in html.split(separator: "<").dropFirst() {
            let name = piece.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
            if !name.isEmpty { tags.insert(name) }
        }
        #expect(tags.subtracting(ReportMarkdownSafetyTests.ours).isEmpty, "\(tags.subtracting(ReportMarkdownSafetyTests.ours).sorted())")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let page = try inLanguage(.chinese) { try HostileMarkdown.report().html() }
        #expect(!page.lowercased().contains("<script") && !page.lowercased().contains("<img"))
    }

    @Test("`status` text in Chinese with the plan's checklist words, times in the reader's zone; its JSON the same in both")
    func statusInChinese() throws {
        let at = ReportFixture.real.nowDate
        let reader = ReportFixture.real.reader()
        let r = StatusReport(path: "j.jsonl", reader: reader, catalog: reportCatalog, now: at, timeZone: shanghai)
        let zh = inLanguage(.chinese) { r.text() }
        let item = try #require(reportCatalog.playbook(named: "website-crisis")?.items.first { $0.id == "joint-activation" })
        let declared = inLanguage(.chinese) { Phase.declared.displayName }
        let away = inLanguage(.chinese) { Presence.away.displayName }
        for s in [
            "j.jsonl：298 条事件记录，其中 1 条类型未知，跳过 1 行损坏记录（`warroom check` 可列出）\n",
            "  2026-11-11T08:50:00.000+08:00 由 alice 宣布，已持续 ", "  检查清单：已完成 ", "\n    \(declared) 3/3\n",
            "\n    指挥官             bob\n", "\n    内容审核           空缺（必需）\n", " \(DisplayWidth.pad(away, to: 10)) 最近操作于 ",
            "      [x] joint-activation: \(try #require(item.textZh))（alice，2026-11-11T09:00:20.089+08:00）\n",
            "  时间线：",
        ] {
            #expect(zh.contains(s), "no \(s) in:\n\(zh)")
        }
        // A Chinese target (`10分钟`) is wider than the English column: shown whole, never cut.
        #expect(!zh.contains("…"), "\(zh)")
        for s in ["Checklist:", "declared ", "Timeline:", "Roles:"] { #expect(!zh.contains(s), "English \(s) in the Chinese status") }
        let en = r.text()
        #expect(en.contains("  declared 2026-11-11T08:50:00.000+08:00 by alice, elapsed "))
        #expect(en.contains("      [x] joint-activation: \(item.text) (alice, 2026-11-11T09:00:20.089+08:00)\n"))
        let utc = StatusReport(path: "j.jsonl", reader: reader, catalog: reportCatalog, now: at, timeZone: reportUTC).text()
        #expect(utc.contains("  declared 2026-11-11T00:50:00.000Z by alice, elapsed "))
        let json = JSONWriter.serialize(r.json())
        #expect(inLanguage(.chinese) { JSONWriter.serialize(r.json()) } == json)
        #expect(json.contains("\"declared_at\":\"2026-11-11T00:50:00.000Z\""))
    }
}
