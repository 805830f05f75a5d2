import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

// Issue 18, "figures across incidents": `warroom stats` over synthetic journals, a
// generated year of incidents and the shipped examples, each figure checked against a
// value the test computes on its own from what it wrote.

/// A generated set of incidents: what each was given, to check the figures against.
struct GeneratedIncident {
    var id: String
    var declared: Date
    var severity: Severity
    var notify: TimeInterval
    var verify: TimeInterval
    var restore: TimeInterval
    /// From recovered to closed; nil for an incident left open after verification.
    var close: TimeInterval?
}

/// A small deterministic generator (a linear congruential one: the same year every run).
struct IncidentGenerator {
    var seed: UInt64

    mutating func next(_ range: ClosedRange<Int>) -> Int {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return range.lowerBound + Int((seed >> 33) % UInt64(range.count))
    }

    /// `count` incidents spread over the year from `start`, the last `open` of them left open;
    /// every duration multiplied by `slower`.
    mutating func year(
        from start: Date, count: Int, open: Int, days: Double = 365, slower: Double = 1, prefix: String
    ) -> [GeneratedIncident] {
        (0..<count).map { i in
            let declared = start.addingTimeInterval(Double(i) * (days - 1) * 86400 / Double(count) + Double(next(0...3600)))
            let sev = Severity(rawValue: next(1...3)) ?? .l2
            let notify = Double(next(30...420)) * slower
            let verify = notify + Double(next(300...2400)) * slower
            let restore = verify + Double(next(1800...200_000)) * slower
            let close = i >= count - open ? nil : Double(next(3600...900_000)) * slower
            return GeneratedIncident(
                id: "\(prefix)-\(i)", declared: declared, severity: sev, notify: notify, verify: verify, restore: restore,
                close: close)
        }
    }
}

/// The journal lines of generated incidents (an open one stops after verification).
func lines(_ incidents: [GeneratedIncident]) -> [String] {
    func line(_ type: String, _ inc: GeneratedIncident, _ after: TimeInterval, _ data: JSONObject) -> String {
        var o = JSONObject()
        o["v"] = 1
        o["ts"] = .string(RFC3339.format(inc.declared.addingTimeInterval(after)))
        o["type"] = .string(type)
        o["actor"] = "alice"
        o["incident"] = .string(inc.id)
        o["data"] = .object(data)
        return JSONWriter.serialize(.object(o))
    }
    var out: [String] = []
    for inc in incidents {
        out.append(line("incident.declared", inc, 0, ["title": "Generated", "severity": .number(Double(inc.severity.rawValue))]))
        out.append(line("comms.published", inc, inc.notify, ["audience": "internal", "text": "leads told"]))
        out.append(line("incident.phase", inc, inc.verify, ["phase": "verified"]))
        if let close = inc.close {
            out.append(line("incident.phase", inc, inc.restore, ["phase": "recovered"]))
            out.append(line("incident.phase", inc, inc.restore + close, ["phase": "closed"]))
        }
    }
    return out
}

/// Median (mean of the two middle ones for an even count) and nearest-rank p90, worked out
/// here the long way rather than through `SampleSummary`.
func expectedSummary(_ values: [Double]) -> (median: Double, p90: Double, worst: Double)? {
    guard !values.isEmpty else { return nil }
    let s = values.sorted()
    let median = s.count % 2 == 1 ? s[(s.count - 1) / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    var p90 = s[0]
    for (i, v) in s.enumerated() where Double(i + 1) / Double(s.count) >= 0.9 {
        p90 = v
        break
    }
    return (median, p90, s.last ?? 0)
}

let statsCatalog = PlaybookCatalog.load(directory: playbooksDirectory)
let utc = TimeZone(identifier: "UTC") ?? .current

func day(_ s: String) -> Date {
    guard let d = RFC3339.parse(s + "T00:00:00Z") else { fatalError("bad day \(s)") }
    return d
}

@Suite("warroom stats: figures across incidents")
struct StatsTests {
    @Test("median, p90 and worst by their documented rules, odd and even counts")
    func summaries() throws {
        let odd = try #require(SampleSummary([5, 1, 3]))
        #expect(odd.median == 3 && odd.p90 == 5 && odd.worst == 5)
        let even = try #require(SampleSummary([4, 1, 3, 2]))
        #expect(even.median == 2.5 && even.p90 == 4)
        let ten = try #require(SampleSummary((1...10).map(Double.init)))
        #expect(ten.p90 == 9, "rank ⌈0.9 × 10⌉ = 9")
        let twenty = try #require(SampleSummary((1...20).map(Double.init)))
        #expect(twenty.p90 == 18)
        #expect(SampleSummary([]) == nil)
    }

    /// A year of generated incidents in one directory, with the year before at 2.5 times the durations.
    func generatedYear(_ dir: TempDir) throws -> (current: [GeneratedIncident], previous: [GeneratedIncident]) {
        var g = IncidentGenerator(seed: 18)
        let current = g.year(from: day("2025-01-01"), count: 120, open: 4, prefix: "INC-2025")
        // The period before 2025 is the 365 days from 2 January 2024 (a leap year).
        let previous = g.year(from: day("2024-01-03"), count: 150, open: 0, days: 360, slower: 2.5, prefix: "INC-2024")
        try writeFile(dir.file("2025.jsonl"), journalBytes(lines(current)))
        try writeFile(dir.file("2024.jsonl"), journalBytes(lines(previous)))
        return (current, previous)
    }

    @Test("a generated year: counts by severity and month, and each figure's median, p90, worst and breaches as computed apart")
    func generatedYearFigures() throws {
        let dir = TempDir()
        let (current, previous) = try generatedYear(dir)
        let loaded = JournalSet.load([dir.path])
        #expect(loaded.count == 2 && loaded.allSatisfy { $0.state?.badLineCount == 0 }, "\(loaded.map(\.warning))")
        let period = StatsPeriod(since: day("2025-01-01"), until: day("2026-01-01"))
        let report = StatsReport(journals: loaded, period: period, catalog: statsCatalog, now: day("2026-06-01"), timeZone: utc)
        let inYear = current.filter { period.contains($0.declared) }
        #expect(report.current.incidents == inYear.count)
        #expect(report.current.open == inYear.filter { $0.close == nil }.count)
        for s in Severity.allCases {
            #expect(report.current.bySeverity[s] == inYear.filter { $0.severity == s }.count)
        }
        #expect(report.current.byMonth.count == 12)
        for (m, row) in report.current.byMonth.enumerated() {
            let expected = inYear.filter { Calendar.utc.component(.month, from: $0.declared) == m + 1 }.count
            #expect(row.incidents == expected, "\(row.month)")
        }
        // Notify and verify have stopped for every incident; restore and close only for the closed ones.
        let closed = inYear.filter { $0.close != nil }
        let checks: [(KPIName, [GeneratedIncident], (GeneratedIncident) -> Double, (GeneratedIncident) -> Double?)] = [
            (.timeToNotify, inYear, { $0.notify }, { _ in 300 }),
            (.timeToVerify, inYear, { $0.verify }, { _ in 1800 }),
            (.timeToRestore, closed, { $0.restore }, { [.l1: 72 * 3600.0, .l2: 48 * 3600.0][$0.severity] }),
            (.timeToClose, closed, { $0.restore + ($0.close ?? 0) }, { _ in nil }),
        ]
        for (name, set, value, limit) in checks {
            let m = try #require(report.current.measure(name))
            let e = try #require(expectedSummary(set.map(value)))
            let f = try #require(m.finished)
            #expect(f.count == set.count, "\(name)")
            #expect(abs(f.median - e.median) < 0.01, "\(name) median \(f.median) vs \(e.median)")
            #expect(abs(f.p90 - e.p90) < 0.01, "\(name) p90")
            #expect(abs(f.worst - e.worst) < 0.01, "\(name) worst")
            let limited = set.filter { limit($0) != nil }
            #expect(m.withTarget == limited.count, "\(name)")
            #expect(m.breaches == limited.filter { value($0) > (limit($0) ?? 0) }.count, "\(name) breaches")
        }
        // The open ones: restore still running, kept out of the median and counted apart.
        let restore = try #require(report.current.measure(.timeToRestore))
        #expect(restore.running == inYear.count - closed.count)
        #expect(report.current.measure(.timeToReview)?.running == 0, "not started before recovery: not running")
        // No review recorded in these journals (as in every one from before review.held): the closed ones are counted
        // as not recorded, neither in the figures nor as running breaches.
        for name in [KPIName.timeToReview, .timeToReviewReport] {
            let m = try #require(report.current.measure(name))
            #expect(m.unrecorded == closed.count && m.finished == nil && m.runningBreached == 0, "\(name)")
        }
        // The year before had every duration 2.5 times as long: halved, and fewer incidents.
        #expect(report.previous.incidents == previous.count)
        for name in MeasureFigures.reported where !MeasureFigures.countsUnrecorded(name) {
            #expect(report.medianHalved(name) == true, "\(name)")
        }
        #expect(report.incidentChange.map { abs($0 - (120.0 - 150) / 150) < 0.0001 } == true)
        #expect(report.current.drills == 0 && report.outside == 0)
    }

    @Test("JSON, CSV and Markdown carry the same figures from the one model")
    func threeWritersAgree() throws {
        let dir = TempDir()
        _ = try generatedYear(dir)
        let report = StatsReport(
            journals: JournalSet.load([dir.path]), period: StatsPeriod(since: day("2025-01-01"), until: day("2026-01-01")),
            catalog: statsCatalog, now: day("2026-06-01"), timeZone: utc)
        let json = try JSONParser.parse(Array(JSONWriter.serialize(report.json()).utf8))
        let rows = report.csv().split(separator: "\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        func csv(_ period: String, _ section: String, _ key: String, _ field: String) -> String? {
            rows.first { $0.count == 5 && $0[0] == period && $0[1] == section && $0[2] == key && $0[3] == field }?[4]
        }
        let markdown = report.markdown()
        let cur = try #require(json.objectValue?["current"]?.objectValue)
        #expect(csv("current", "incidents", "", "incidents") == cur["incidents"]?.intValue.map(String.init))
        for s in Severity.allCases {
            let n = try #require(cur["by_severity"]?.objectValue?[s.label]?.intValue)
            #expect(csv("current", "severity", s.label, "incidents") == String(n))
            #expect(markdown.contains("| \(s.label) | \(n) |"), "\(s.label)")
        }
        guard case .array(let months)? = cur["by_month"] else { Issue.record("no by_month"); return }
        for m in months {
            let key = try #require(m.objectValue?["month"]?.stringValue)
            let n = try #require(m.objectValue?["incidents"]?.intValue)
            #expect(csv("current", "month", key, "incidents") == String(n))
            #expect(markdown.contains("| \(key) | \(n) |"))
        }
        guard case .array(let measures)? = cur["measures"] else { Issue.record("no measures"); return }
        #expect(measures.count == 6)
        for m in measures {
            let o = try #require(m.objectValue)
            let name = try #require(o["name"]?.stringValue)
            // The review's figures have none finished here (no review recorded): their counts are checked above.
            if o["median_seconds"] == .null { continue }
            let kpi = try #require(KPIName(rawValue: name))
            var row = ""
            for line in markdown.split(separator: "\n") where line.hasPrefix("| " + MeasureFigures.label(kpi) + " |") { row = String(line) }
            #expect(!row.isEmpty, "\(name) has its Markdown row")
            for field in ["median_seconds", "p90_seconds", "worst_seconds"] {
                let v = try #require(o[field]?.numberValue)
                #expect(csv("current", "measure", name, field).flatMap(Double.init) == v, "\(name) \(field)")
                #expect(row.contains("| \(DurationText.format(v)) |"), "\(name) \(field) in \(row)")
            }
            let breaches = try #require(o["breaches"]?.intValue)
            let withTarget = try #require(o["with_target"]?.intValue)
            #expect(csv("current", "measure", name, "breaches") == String(breaches))
            #expect(row.contains(withTarget == 0 ? "| — |" : "| \(breaches) / \(withTarget) |"), "\(row)")
        }
    }

    @Test("incidents still open: counted, their running measures apart, never in the median")
    func runningKeptApart() throws {
        let dir = TempDir()
        try writeFile(
            dir.file("j.jsonl"),
            journalBytes([
                declareLine("INC-1", severity: 1),
                ev("comms.published", "INC-1", at: 60, ["audience": "internal", "text": "t"]),
                ev("incident.phase", "INC-1", at: 600, ["phase": "recovered"]),
                ev("incident.phase", "INC-1", at: 700, ["phase": "closed"]),
                declareLine("INC-2", severity: 1, at: 1000),
            ]))
        let report = StatsReport(
            journals: JournalSet.load([dir.path]), period: StatsPeriod(since: T0, until: T0.addingTimeInterval(86400)),
            catalog: statsCatalog, now: T0.addingTimeInterval(4000), timeZone: utc)
        let notify = try #require(report.current.measure(.timeToNotify))
        #expect(notify.finished?.count == 1 && notify.finished?.median == 60)
        #expect(notify.running == 1 && notify.runningBreached == 1 && notify.longestRunning == 3000)
        let restore = try #require(report.current.measure(.timeToRestore))
        #expect(restore.finished?.median == 600 && restore.running == 1 && restore.runningBreached == 0)
        #expect(report.current.open == 1 && report.current.incidents == 2)
        let text = report.text(width: 80)
        #expect(text.contains("still running: 1 (1 already over target, the longest 50m 00s so far)"), "\(text)")
    }

    @Test("drills are counted apart, never in the incident figures")
    func drillsApart() throws {
        let dir = TempDir()
        try writeFile(
            dir.file("j.jsonl"),
            journalBytes([
                declareLine("INC-1", severity: 2),
                ev("comms.published", "INC-1", at: 100, ["audience": "internal", "text": "t"]),
                declareLine("DRL-1", severity: 1, at: 10, extra: ["drill": true]),
                ev("comms.published", "DRL-1", at: 5000, ["audience": "internal", "text": "t"]),
            ]))
        let report = StatsReport(
            journals: JournalSet.load([dir.file("j.jsonl")]), period: StatsPeriod(since: T0, until: T0.addingTimeInterval(86400)),
            catalog: statsCatalog, now: T0.addingTimeInterval(9000), timeZone: utc)
        #expect(report.current.incidents == 1 && report.current.drills == 1)
        #expect(report.current.bySeverity[.l1] == 0)
        #expect(report.current.measure(.timeToNotify)?.finished?.worst == 100)
    }

    @Test("a damaged journal in a directory is reported with its reason; the others are still counted")
    func damagedJournal() throws {
        let dir = TempDir()
        try writeFile(dir.file("a.jsonl"), journalBytes([declareLine("INC-1", severity: 2)]))
        try writeFile(dir.file("b.jsonl"), "{\"v\":1, this is not json\n" + declareLine("INC-9", severity: 3) + "\n")
        try FileManager.default.createDirectory(atPath: dir.file("c.jsonl"), withIntermediateDirectories: true)
        let loaded = JournalSet.load([dir.path])
        #expect(loaded.map { ($0.display as NSString).lastPathComponent } == ["a.jsonl", "b.jsonl", "c.jsonl"])
        let b = try #require(loaded.first { $0.display.hasSuffix("b.jsonl") })
        #expect(b.warning?.contains("1 bad line skipped (first at line 1: not valid JSON") == true, "\(b.warning ?? "")")
        let c = try #require(loaded.first { $0.display.hasSuffix("c.jsonl") })
        #expect(c.state == nil && c.warning?.contains("not counted") == true, "\(c.warning ?? "")")
        let report = StatsReport(
            journals: loaded, period: StatsPeriod(since: T0, until: T0.addingTimeInterval(86400)), catalog: statsCatalog,
            now: T0.addingTimeInterval(60), timeZone: utc)
        #expect(report.current.incidents == 2, "a's and b's good line")
        let text = report.text()
        #expect(text.contains("c.jsonl: not counted: "), "\(text)")
        #expect(text.contains("b.jsonl: 1 bad line skipped"), "\(text)")
        let missing = JournalSet.load([dir.file("nope")])
        #expect(missing.first?.warning?.contains("nope: not counted: no such file or directory") == true)
    }

    @Test("the shipped examples: the payment outage counted at L1, the drill apart, each figure from the journal's own times")
    func shippedExamples() throws {
        let loaded = JournalSet.load([packageRoot + "/examples"])
        #expect(loaded.count == 2 && loaded.allSatisfy { $0.state?.badLineCount == 0 })
        // The times read straight from the example's lines, without the reader.
        let text = try String(contentsOfFile: packageRoot + "/examples/payment-outage.jsonl", encoding: .utf8)
        var declared: Date?
        var notified: Date?
        var verified: Date?
        var recovered: Date?
        for line in text.split(separator: "\n") {
            let o = try #require(try JSONParser.parse(Array(line.utf8)).objectValue)
            let at = try #require(o["ts"]?.stringValue.flatMap(RFC3339.parse))
            let data = o["data"]?.objectValue
            switch o["type"]?.stringValue {
            case "incident.declared": declared = at
            case "comms.published" where data?["audience"]?.stringValue == "internal" && notified == nil: notified = at
            case "incident.phase" where data?["phase"]?.stringValue == "verified": verified = at
            case "incident.phase" where data?["phase"]?.stringValue == "recovered": recovered = at
            default: break
            }
        }
        let d = try #require(declared)
        let now = day("2026-11-30")
        let report = StatsReport(
            journals: loaded, period: StatsPeriod(since: day("2026-11-01"), until: day("2026-12-01")), catalog: statsCatalog,
            now: now, timeZone: utc)
        #expect(report.current.incidents == 1 && report.current.drills == 1 && report.current.open == 1)
        #expect(report.current.bySeverity[.l1] == 1, "escalated to L1")
        #expect(report.current.byMonth.map(\.month) == ["2026-11"])
        let expected: [(KPIName, Date?)] = [(.timeToNotify, notified), (.timeToVerify, verified), (.timeToRestore, recovered)]
        for (name, stop) in expected {
            let s = try #require(stop).timeIntervalSince(d)
            #expect(abs((report.current.measure(name)?.finished?.median ?? -1) - s) < 0.001, "\(name)")
            #expect(report.current.measure(name)?.breaches == 0)
        }
        let review = try #require(report.current.measure(.timeToReview))
        #expect(
            review.finished == nil && review.running == 1 && review.runningBreached == 1 && review.unrecorded == 0,
            "recovered 11 November, still open, no meeting: over 7 days and running, not counted as unrecorded")
        #expect(abs((review.longestRunning ?? 0) - now.timeIntervalSince(try #require(recovered))) < 0.001)
        let close = try #require(report.current.measure(.timeToClose))
        #expect(close.finished == nil && close.running == 1 && close.withTarget == 0)
    }

    @Test("the text in Chinese through the catalog; English unchanged; ASCII bars where the terminal is not UTF-8")
    func chineseAndASCII() throws {
        let dir = TempDir()
        _ = try generatedYear(dir)
        let report = StatsReport(
            journals: JournalSet.load([dir.path]), period: StatsPeriod(since: day("2025-01-01"), until: day("2026-01-01")),
            catalog: statsCatalog, now: day("2026-06-01"), timeZone: utc)
        let en = report.text(width: 120)
        for line in report.text(width: 60).split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= 60, "\(line)") }
        #expect(en.contains("time to restore: from declaration to the first phase at or past recovered\n"), "\(en)")
        #expect(en.contains("(halved, as the plans aim)"))
        #expect(en.contains("█"))
        let ascii = report.text(width: 60, ascii: true)
        #expect(!ascii.contains("█") && ascii.contains("###"))
        #expect(ascii.unicodeScalars.allSatisfy { $0.isASCII }, "nothing but ASCII")
        let zh = inLanguage(.chinese) { report.text(width: 120) }
        let narrow = inLanguage(.chinese) { report.text(width: 60) }
        for line in narrow.split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= 60, "\(line)") }
        #expect(zh.contains("恢复时长：从宣布事件到首次进入已恢复或之后阶段\n"), "\(zh)")
        #expect(zh.contains("一级 "))
        #expect(zh.contains("已减半"), "\(zh)")
        let md = inLanguage(.chinese) { report.markdown() }
        #expect(md.hasPrefix("# 跨事件统计\n"), "\(md)")
    }

    @Test("--since and --until: days counted whole, times as given, bad ones named")
    func periods() throws {
        let p = try StatsPeriod.from(since: "2025-01-01", until: "2025-12-31", now: T0, timeZone: utc)
        #expect(p.since == day("2025-01-01") && p.until == day("2026-01-01"))
        #expect(p.previous.since == day("2025-01-01").addingTimeInterval(-365 * 86400))
        let d = try StatsPeriod.from(since: nil, until: nil, now: day("2026-11-30"), timeZone: utc)
        #expect(d.since == day("2025-11-30") && d.until == day("2026-11-30"))
        #expect(throws: StatsInputError.self) { try StatsPeriod.from(since: "2025-02-30", until: nil, now: T0, timeZone: utc) }
        do {
            _ = try StatsPeriod.from(since: "2026-01-01", until: "2025-01-01", now: T0, timeZone: utc)
            Issue.record("an empty period was accepted")
        } catch {
            #expect(error.description.contains("the period is empty"))
        }
    }
}

extension Calendar {
    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC") ?? .current
        return c
    }()
}
