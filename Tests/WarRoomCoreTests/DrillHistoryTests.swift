import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

// Issue 18, "the drill programme": `warroom drill history` over journals of drills.

/// A drill of the shipped payment-promo scenario at speed 1, started by `facilitator` on
/// `start`: the leads told at 2 minutes (met), a commander at 10 (late), never verified
/// (missed), ended at 45 minutes (isolation missed, compensation not reached).
func promoDrill(_ id: String, start: String, facilitator: String = "zhao", scenarioPath: Bool = true) -> [String] {
    guard let t = RFC3339.parse(start) else { fatalError("bad start \(start)") }
    func line(_ type: String, _ incident: String?, _ after: TimeInterval, _ actor: String, _ data: JSONObject) -> String {
        var o = JSONObject()
        o["v"] = 1
        o["ts"] = .string(RFC3339.format(t.addingTimeInterval(after)))
        o["type"] = .string(type)
        o["actor"] = .string(actor)
        if let incident { o["incident"] = .string(incident) }
        o["data"] = .object(data)
        return JSONWriter.serialize(.object(o))
    }
    var started: JSONObject = ["incident": .string(id), "speed": 1, "scenario": "payment-promo"]
    if scenarioPath { started["path"] = .string(packageRoot + "/scenarios/payment-promo.toml") }
    return [
        line("drill.started", nil, 0, facilitator, started),
        line("incident.declared", id, 0, facilitator, ["title": "Drill", "severity": 2, "drill": true]),
        line("member.joined", id, 60, "li", ["member": "li"]),
        line("comms.published", id, 120, "li", ["audience": "internal", "text": "heads up"]),
        line("role.assigned", id, 600, "li", ["role": "commander", "member": "li"]),
        line("drill.ended", id, 2700, facilitator, ["reason": "done"]),
    ]
}

@Suite("warroom drill history")
struct DrillHistoryTests {
    @Test("each drill with its date, scenario, facilitator, the scorer's own score and its missed or late expectations")
    func entries() throws {
        let dir = TempDir()
        try writeFile(dir.file("a.jsonl"), journalBytes(promoDrill("DRL-1", start: "2025-03-02T08:00:00Z")))
        try writeFile(dir.file("b.jsonl"), journalBytes(promoDrill("DRL-2", start: "2026-05-10T02:00:00Z", facilitator: "王芳")))
        let hand = [declareLine("DRL-9", severity: 3, title: "Tabletop", extra: ["drill": true]), declareLine("INC-1", at: 5)]
        try writeFile(dir.file("c.jsonl"), journalBytes(hand))
        let loaded = JournalSet.load([dir.path])
        let h = DrillHistory(journals: loaded, catalog: statsCatalog, now: day("2026-11-30"), timeZone: utc)
        #expect(h.entries.map(\.incident) == ["DRL-1", "DRL-2", "DRL-9"], "by date; the real incident is no drill")
        let first = h.entries[0]
        #expect(first.facilitator == "zhao" && first.scenario == "payment-promo" && first.ended)
        // Ended at 45 of the scenario's 90 minutes: marked, not shown as a full run.
        #expect(first.endedEarly)
        #expect(h.scoreText(first) == "25 (ended early)")
        #expect(first.openFollowUps.isEmpty && first.openItems == 3)
        // Weights 10 met, 10 late, 10 missed, 10 missed counted (the rest never triggered or not reached): 10 / 40.
        #expect(first.score == 25)
        let state = try #require(loaded[0].state)
        let scenario = try Scenario.load(path: packageRoot + "/scenarios/payment-promo.toml")
        let scored = try #require(
            DrillScorer.score(scenario: scenario, state: state, incident: "DRL-1", catalog: statsCatalog, now: day("2026-11-30")))
        #expect(first.score == scored.score, "the same score as `drill score`")
        #expect(first.improvements.map(\.expectation.id) == ["commander", "verify", "isolate"])
        #expect(first.improvements.map(\.status) == [.late, .missed, .missed])
        #expect(h.entries[2].byHand && h.entries[2].score == nil && h.entries[2].title == "Tabletop")
        #expect(h.entries[1].facilitator == "王芳")
        #expect(h.perYear.map(\.year) == [2025, 2026])
        #expect(h.perYear.map(\.drills) == [1, 2])
        let text = h.text(width: 80)
        #expect(text.contains("2025: 1 — 1 short") && text.contains("2026: 2 — met"), "\(text)")
        #expect(text.contains("· 2025-03-02 DRL-1: Verify nature and scope within 30 minutes (missed)"), "\(text)")
        #expect(text.contains("Scores over time (out of 100)\n  2025-03-02 "), "\(text)")
        for line in text.split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= 80, "\(line)") }
    }

    @Test("a drill's open follow-up actions are its improvement items too, listed before the scoring's")
    func followUpsAreImprovementItems() throws {
        let dir = TempDir()
        let start = "2026-03-02T08:00:00Z"
        var lines = promoDrill("DRL-1", start: start)
        let t = try #require(RFC3339.parse(start))
        func added(_ id: String, _ text: String, at after: TimeInterval) -> String {
            var o = JSONObject()
            o["v"] = 1
            o["ts"] = .string(RFC3339.format(t.addingTimeInterval(after)))
            o["type"] = "action.added"
            o["actor"] = "zhao"
            o["incident"] = "DRL-1"
            o["data"] = ["action": .string(id), "text": .string(text), "owner": "li"]
            return JSONWriter.serialize(.object(o))
        }
        lines += [added("A-1", "Rehearse the holding statement", at: 2800), added("A-2", "Done already", at: 2810)]
        var done = JSONObject()
        done["v"] = 1
        done["ts"] = .string(RFC3339.format(t.addingTimeInterval(2820)))
        done["type"] = "action.done"
        done["actor"] = "li"
        done["incident"] = "DRL-1"
        done["data"] = ["action": "A-2"]
        lines.append(JSONWriter.serialize(.object(done)))
        try writeFile(dir.file("a.jsonl"), journalBytes(lines))
        let h = DrillHistory(journals: JournalSet.load([dir.path]), catalog: statsCatalog, now: day("2026-11-30"), timeZone: utc)
        let e = try #require(h.entries.first)
        #expect(e.openFollowUps.map(\.id) == ["A-1"])
        #expect(e.openItems == 4)
        let text = h.text(width: 100)
        #expect(text.contains("· 2026-03-02 DRL-1: A-1 Rehearse the holding statement (owner li, due —)"), "\(text)")
        guard case .array(let drills)? = h.json().objectValue?["drills"],
            case .array(let ups)? = drills.first?.objectValue?["open_follow_ups"]
        else {
            Issue.record("no open_follow_ups in the JSON")
            return
        }
        #expect(ups.count == 1)
    }

    @Test("a running drill is scored as of now and marked running; a year without drills counts none")
    func runningAndEmptyYears() throws {
        let dir = TempDir()
        let lines = promoDrill("DRL-1", start: "2024-06-01T08:00:00Z").dropLast()
        try writeFile(dir.file("a.jsonl"), journalBytes(Array(lines)))
        let now = try #require(RFC3339.parse("2024-06-01T08:20:00Z"))
        let h = DrillHistory(journals: JournalSet.load([dir.path]), catalog: statsCatalog, now: now, timeZone: utc)
        let e = try #require(h.entries.first)
        let state = try #require(JournalSet.load([dir.path]).first?.state)
        let scenario = try Scenario.load(path: packageRoot + "/scenarios/payment-promo.toml")
        let scored = try #require(DrillScorer.score(scenario: scenario, state: state, incident: "DRL-1", catalog: statsCatalog, now: now))
        #expect(!e.ended && e.score == scored.score && !scored.run.isEnded)
        #expect(h.text().contains(" \(EventSentence.formatNumber(scored.score)) (running) "), "\(h.text())")
        let later = DrillHistory(journals: JournalSet.load([dir.path]), catalog: statsCatalog, now: day("2026-02-01"), timeZone: utc)
        #expect(later.perYear.map(\.drills) == [1, 0, 0])
    }

    @Test("journal text reaches the terminal cleaned, and the table keeps its columns")
    func hostileText() throws {
        let dir = TempDir()
        let hand = [declareLine("DRL-9", severity: 3, title: "\u{1B}]0;owned\u{07}Tabletop", actor: "eve\u{1B}[2J", extra: ["drill": true])]
        try writeFile(dir.file("a.jsonl"), journalBytes(hand))
        let h = DrillHistory(journals: JournalSet.load([dir.path]), catalog: statsCatalog, now: day("2026-11-30"), timeZone: utc)
        let text = h.text(width: 80)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(text)")
        let lines = text.split(separator: "\n")
        let header = try #require(lines.first { $0.hasPrefix("Date") })
        let row = try #require(lines.first { $0.hasPrefix("2026-11-22") })
        let scoreColumn = try #require(header.range(of: "Score"))
        #expect(
            DisplayWidth.of(String(header[..<scoreColumn.lowerBound]))
                == DisplayWidth.of(String(row[..<(row.range(of: "—")?.lowerBound ?? row.endIndex)])),
            "\(header)\n\(row)")
    }

    @Test("the history in Chinese, and in ASCII where the terminal is not UTF-8")
    func chineseAndASCII() throws {
        let dir = TempDir()
        try writeFile(dir.file("a.jsonl"), journalBytes(promoDrill("DRL-1", start: "2025-03-02T08:00:00Z")))
        let h = DrillHistory(journals: JournalSet.load([dir.path]), catalog: statsCatalog, now: day("2026-11-30"), timeZone: utc)
        let zh = inLanguage(.chinese) { h.text(width: 80) }
        #expect(zh.contains("每年（预案要求每年至少 2 次演练）"), "\(zh)")
        #expect(zh.contains("2026：0 — 差 2 次"), "\(zh)")
        let ascii = h.text(width: 80, ascii: true)
        #expect(ascii.contains("#####") && !ascii.contains("█"))
    }

    @Test("JSON: the drills, their improvement items and the years against the plan")
    func json() throws {
        let dir = TempDir()
        try writeFile(dir.file("a.jsonl"), journalBytes(promoDrill("DRL-1", start: "2025-03-02T08:00:00Z")))
        let h = DrillHistory(journals: JournalSet.load([dir.path]), catalog: statsCatalog, now: day("2025-12-01"), timeZone: utc)
        let o = try #require(h.json().objectValue)
        #expect(o["required_per_year"] == 2)
        guard case .array(let drills)? = o["drills"], let d = drills.first?.objectValue else {
            Issue.record("no drills")
            return
        }
        #expect(d["score"] == 25 && d["facilitator"] == "zhao" && d["scenario"] == "payment-promo")
        guard case .array(let items)? = d["open_improvement_items"] else {
            Issue.record("no items")
            return
        }
        #expect(items.count == 3)
        guard case .array(let years)? = o["per_year"] else {
            Issue.record("no years")
            return
        }
        #expect(years == [["year": 2025, "drills": 1, "met": false]])
    }
}

@Suite("The drills a year the policy asks for")
struct DrillsPerYearPolicyTests {
    @Test func theShippedPolicySaysTwoAndAPolicyMayChangeIt() throws {
        #expect(try Policy.load(path: playbooksDirectory + "/policy.toml").drillsPerYear == 2)
        let dir = TempDir()
        try writeFile(dir.file("p.toml"), "drills_per_year = 4\n")
        #expect(try Policy.load(path: dir.file("p.toml")).drillsPerYear == 4)
        try writeFile(dir.file("bad.toml"), "drills_per_year = \"two\"\n")
        #expect(throws: ConfigError.self) { try Policy.load(path: dir.file("bad.toml")) }
        do {
            _ = try Policy.load(path: dir.file("bad.toml"))
        } catch {
            #expect(error.description.contains("drills_per_year must be a whole number from 0 to 365"))
        }
    }
}
