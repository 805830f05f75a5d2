import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

// Issue 18: `warroom stats` and `warroom drill history` as the binary runs them.

@Suite("Command line: stats and drill history")
struct StatsCLITests {
    let examples = packageRoot + "/examples"
    let fixed = ["--now", "2026-11-30T00:00:00Z", "--time-zone", "UTC"]

    @Test("stats over the shipped examples, in English and in Chinese")
    func examplesText() async throws {
        let r = try await warroom(
            ["stats", examples, "--since", "2026-11-01", "--until", "2026-11-30"] + fixed, environment: cliEnvironment(["COLUMNS": "200"]))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Figures across incidents, 2026-11-01 to 2026-11-30 (UTC)\n"), "\(r.stdout)")
        #expect(r.stdout.contains("\nIncidents: 1 (1 still open); previous period 0\n"), "\(r.stdout)")
        #expect(r.stdout.contains("\nDrills: 1, counted apart"))
        #expect(r.stdout.contains("\ntime to notify: from declaration to the first internal statement or confirmed notifier delivery\n"))
        #expect(r.stdout.contains("  median 1m 58s · p90 1m 58s · worst 1m 58s · target 5m · 0 of 1 over target (1 finished)\n"))
        #expect(r.stdout.contains("  still running: 1 (1 already over target"))
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let zh = try await warroom(
            ["stats", examples, "--since", "2026-11-01", "--until", "2026-11-30"] + fixed,
            environment: cliEnvironment(["WARROOM_LANG": "zh", "COLUMNS": "60"]))
        #expect(zh.status == 0, "\(zh.stderr)")
        for line in zh.stdout.split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= 60, "\(line)") }
        #expect(zh.stdout.hasPrefix("跨事件统计，2026-11-01 至 2026-11-30（UTC）\n"), "\(zh.stdout)")
        #expect(zh.stdout.contains("中位数 1分58秒"), "\(zh.stdout)")
        #expect(zh.stdout.contains("一级 "), "\(zh.stdout)")
    }

    @Test("--json, --csv and --format markdown give the same figures")
    func formatsAgree() async throws {
        let args = ["stats", examples, "--since", "2026-11-01", "--until", "2026-11-30"] + fixed
        let j = try await warroom(args + ["--json"])
        let c = try await warroom(args + ["--csv"])
        let m = try await warroom(args + ["--format", "markdown"])
        #expect(j.status == 0 && c.status == 0 && m.status == 0, "\(j.stderr)\(c.stderr)\(m.stderr)")
        let o = try #require(try JSONParser.parse(Array(j.stdout.utf8)).objectValue?["current"]?.objectValue)
        guard case .array(let measures)? = o["measures"] else {
            Issue.record("no measures")
            return
        }
        for e in measures.compactMap(\.objectValue) {
            let name = try #require(e["name"]?.stringValue)
            let median = e["median_seconds"]?.numberValue
            let csvLine = "current,measure,\(name),median_seconds,\(median.map { JSONWriter.formatNumber($0) } ?? "")"
            #expect(c.stdout.contains(csvLine + "\n"), "\(csvLine)")
            if let median { #expect(m.stdout.contains("| \(DurationText.format(median)) |"), "\(name)") }
        }
        #expect(c.stdout.hasPrefix("period,section,key,field,value\n"))
        #expect(m.stdout.hasPrefix("# Figures across incidents\n"))
        let both = try await warroom(args + ["--json", "--csv"])
        #expect(both.status != 0 && both.stderr.contains("choose one output format"), "\(both.stderr)")
    }

    @Test("a damaged journal in the directory is named with its reason and the rest still counted; nothing readable is an error")
    func damaged() async throws {
        let dir = TempDir()
        try writeFile(dir.file("a.jsonl"), journalBytes([declareLine("INC-1", severity: 2)]))
        try writeFile(dir.file("b.jsonl"), "not a journal \u{1B}]0;pwned\u{07}\n")
        try FileManager.default.createDirectory(atPath: dir.file("c.jsonl"), withIntermediateDirectories: true)
        let r = try await warroom(["stats", dir.path, "--json"] + fixed)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("b.jsonl: 1 bad line skipped (first at line 1: not valid JSON"), "\(r.stderr)")
        #expect(r.stderr.contains("c.jsonl: not counted: "), "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}"))
        let o = try #require(try JSONParser.parse(Array(r.stdout.utf8)).objectValue)
        #expect(o["current"]?.objectValue?["incidents"] == 1 || o["previous"]?.objectValue?["incidents"] == 1)
        let t = try await warroom(["stats", dir.path] + fixed)
        #expect(t.status == 0 && t.stdout.contains("c.jsonl: not counted: "), "\(t.stdout)")
        let none = try await warroom(["stats", dir.file("c.jsonl"), dir.file("missing.jsonl")] + fixed)
        #expect(none.status == 1, "\(none.stdout)")
        #expect(none.stderr.contains("c.jsonl: not counted: "), "\(none.stderr)")
    }

    @Test("bad --since, --until and --format are named with what to use instead")
    func badOptions() async throws {
        let r = try await warroom(["stats", examples, "--since", "last week"])
        #expect(
            r.status == 1 && r.stderr.contains("--since must be a day like 2026-01-01 or an RFC 3339 time, not \"last week\""),
            "\(r.stderr)")
        let f = try await warroom(["stats", examples, "--format", "xml"])
        #expect(f.status == 1 && f.stderr.contains("--format must be one of text, json, csv, markdown, not \"xml\""), "\(f.stderr)")
    }

    @Test("ASCII bars where the locale is not UTF-8")
    func asciiBars() async throws {
        let r = try await warroom(
            ["stats", examples, "--since", "2026-11-01", "--until", "2026-11-30"] + fixed, environment: cliEnvironment(["LANG": "C"]))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("#") && !r.stdout.contains("█"))
    }

    @Test("drill history over a directory: the same score as drill score, the year against the plan, in both languages")
    func drillHistory() async throws {
        let dir = TempDir()
        try writeFile(dir.file("a.jsonl"), journalBytes(promoDrill("DRL-1", start: "2026-03-02T08:00:00Z", scenarioPath: false)))
        try writeFile(
            dir.file("b.jsonl"), journalBytes(promoDrill("DRL-2", start: "2026-09-02T08:00:00Z", facilitator: "王芳", scenarioPath: false)))
        let score = try await warroom(["drill", "score", "--journal", dir.file("a.jsonl"), "--json"])
        #expect(score.status == 0, "\(score.stderr)")
        let expected = try #require(try JSONParser.parse(Array(score.stdout.utf8)).objectValue?["score"])
        let j = try await warroom(["drill", "history", dir.path, "--json"] + fixed)
        #expect(j.status == 0, "\(j.stderr)")
        let o = try #require(try JSONParser.parse(Array(j.stdout.utf8)).objectValue)
        guard case .array(let drills)? = o["drills"] else {
            Issue.record("no drills")
            return
        }
        #expect(drills.first?.objectValue?["score"] == expected)
        #expect(drills.count == 2)
        let t = try await warroom(["drill", "history", dir.path] + fixed)
        #expect(t.status == 0, "\(t.stderr)")
        #expect(t.stdout.contains("2026: 2 — met"), "\(t.stdout)")
        #expect(t.stdout.contains("Double 11 payment outage"), "\(t.stdout)")
        #expect(t.stdout.contains("25 (ended early)"), "\(t.stdout)")
        let zh = try await warroom(["drill", "history", dir.path] + fixed, environment: cliEnvironment(["WARROOM_LANG": "zh"]))
        #expect(zh.status == 0, "\(zh.stderr)")
        #expect(zh.stdout.contains("2026：2 — 达到"), "\(zh.stdout)")
        #expect(zh.stdout.contains("王芳"), "\(zh.stdout)")
        // The --journal one by default.
        let one = try await warroom(["drill", "history", "--journal", dir.file("b.jsonl"), "--json"] + fixed)
        #expect(one.status == 0 && one.stdout.contains("\"facilitator\":\"王芳\""), "\(one.stdout)")
    }
}
