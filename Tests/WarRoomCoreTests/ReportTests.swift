import Foundation
import Testing

@testable import WarRoomCore

// Review report (PostmortemReport): goldens of the Markdown and JSON reports
// for two fixture journals, checks of what the goldens must say, and the
// `warroom report` command against the library.
//
// Fixtures: Fixtures/report/real-incident.jsonl and drill.jsonl, written by
// Fixtures/report/make_incident.py (seeded; run it again to regenerate).
// Goldens: Goldens/report-*.md and *.json; UPDATE_GOLDENS=1 rewrites them.

// MARK: - Locations

let reportFixturesRelative = "Tests/WarRoomCoreTests/Fixtures/report"
let reportFixturesDirectory = packageRoot + "/" + reportFixturesRelative
let reportGoldensDirectory = packageRoot + "/Tests/WarRoomCoreTests/Goldens"

/// The binary for this suite's command-line tests: `$WARROOM_BIN`, else
/// `.build-report/debug/warroom`, else whatever TestSupport finds.
let reportBinary: String? = {
    if let b = ProcessInfo.processInfo.environment["WARROOM_BIN"], !b.isEmpty { return b }
    let own = packageRoot + "/.build-report/debug/warroom"
    if FileManager.default.isExecutableFile(atPath: own) { return own }
    return warroomBinary
}()

/// Runs the report suite's binary from `directory` (the package root by default).
func reportCLI(_ arguments: [String], directory: String = packageRoot, environment: [String: String] = [:]) async throws
    -> ProcessResult
{
    guard let bin = reportBinary else { throw TestSupportError.noBinary }
    return try await runProcess(
        bin, arguments, environment: cliEnvironment(["TZ": "UTC"].merging(environment) { $1 }), directory: directory)
}

let reportUTC = TimeZone(identifier: "UTC")!

/// The shipped catalog, as `warroom` loads it with WARROOM_DATA at the package root.
let reportCatalog = PlaybookCatalog.load(directory: playbooksDirectory)

/// One fixture journal and the fixed clock its report is made at.
struct ReportFixture: Sendable, CustomTestStringConvertible {
    var file: String
    var now: String
    var golden: String

    var path: String { reportFixturesDirectory + "/" + file }
    /// The path as the report shows it (and as the CLI is given it, from the package root).
    var relativePath: String { reportFixturesRelative + "/" + file }
    var nowDate: Date { RFC3339.parse(now)! }
    var testDescription: String { file }

    static let real = ReportFixture(file: "real-incident.jsonl", now: "2026-11-20T00:00:00Z", golden: "report-real-incident")
    static let drill = ReportFixture(file: "drill.jsonl", now: "2026-11-05T03:00:00Z", golden: "report-drill")
    static let all = [real, drill]

    func reader() -> JournalReader { JournalReader.read(fileBytes(path)) }

    /// The report of the fixture's (single) incident, as `warroom report` makes it
    /// (in UTC unless asked: the goldens must not depend on the machine's zone).
    func report(timeZone: TimeZone = reportUTC) throws -> PostmortemReport {
        let state = reader().state
        let inc = try #require(state.orderedIncidents.last, "no incident in \(file)")
        return PostmortemReport(
            incident: inc, state: state, catalog: reportCatalog, now: nowDate, journalPath: relativePath, timeZone: timeZone)
    }
}

// MARK: - Goldens

/// Compares `actual` with Goldens/NAME; UPDATE_GOLDENS=1 rewrites the file instead.
func assertReportGolden(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let path = reportGoldensDirectory + "/" + name
    let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
        if existing != actual {
            try? FileManager.default.createDirectory(atPath: reportGoldensDirectory, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path, contents: Data(actual.utf8)), "cannot write \(path)")
        }
        return
    }
    guard let expected = existing else {
        Issue.record(
            "no golden \(name) in \(reportGoldensDirectory); run with UPDATE_GOLDENS=1 to record it", sourceLocation: sourceLocation)
        return
    }
    if expected == actual { return }
    Issue.record(Comment(rawValue: reportFirstDifference(name, expected: expected, actual: actual)), sourceLocation: sourceLocation)
}

/// The first differing line of two texts, for a readable failure.
func reportFirstDifference(_ name: String, expected: String, actual: String) -> String {
    let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
    var i = 0
    while i < min(e.count, a.count) && e[i] == a[i] { i += 1 }
    func show(_ l: [String]) -> String { i < l.count ? "|\(l[i].prefix(400))|" : "(no line)" }
    return "\(name) differs (UPDATE_GOLDENS=1 to accept) at line \(i + 1):\n  expected: \(show(e))\n  actual:   \(show(a))\n"
        + "expected \(e.count) lines, got \(a.count)"
}

// MARK: - Tests

@Suite("Review report")
struct ReportTests {
    @Test("the fixture generator is deterministic and its output is what is committed")
    func generatorMatchesCommittedFixtures() async throws {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let python else { return }  // No Python: nothing to check here.
        let dir = TempDir()
        let script = dir.file("make_incident.py")
        try FileManager.default.copyItem(atPath: reportFixturesDirectory + "/make_incident.py", toPath: script)
        let r = try await runProcess(python, [script], environment: cliEnvironment())
        #expect(r.status == 0, "\(r.stderr)")
        for f in ["real-incident.jsonl", "drill.jsonl"] {
            #expect(fileBytes(dir.file(f)) == fileBytes(reportFixturesDirectory + "/" + f), "\(f) differs from make_incident.py's output")
        }
    }

    @Test("the real-shaped fixture has what it promises")
    func realFixtureShape() throws {
        let r = ReportFixture.real.reader()
        let s = r.state
        #expect(r.lineCount >= 280 && r.lineCount <= 320)
        #expect(s.badLines.count == 1)
        #expect(s.badLines.first?.reason.hasPrefix("not valid JSON") == true)
        #expect(r.pendingBytes == 0)
        let inc = try #require(s.incidents["INC-20261111-01"])
        let types = Set(inc.timeline.map(\.event.type))
        let nonDrill = EventType.allCases.filter { !$0.rawValue.hasPrefix("drill.") }.map(\.rawValue)
        // incident.playbook came after this fixture; StateFoldTests and the CLI tests fold it. So did the
        // signal, notify and follow-up types, which SignalAndNotifyStateTests and FollowUpTests fold (signals are journal-wide),
        // and the statement types, which StatementTests folds and reports.
        let later: Set = [
            "member.status", "incident.playbook", "signal.fired", "signal.resolved", "notify.claimed", "notify.sent", "notify.failed",
            "action.added", "action.done",
            "action.dropped", "review.held", "review.reported", "incident.scope", "recovery.estimate",
            "action.dropped", "comms.drafted", "comms.approved", "comms.rejected",
        ]
        for t in nonDrill where !later.contains(t) {
            #expect(types.contains(t), "no \(t) in the incident's timeline")
        }
        #expect(types.contains("member.status"))
        #expect(s.unknownTypes == 1)
        #expect(inc.severityHistory.map(\.to) == [.l2, .l1])
        #expect(inc.phaseHistory.map(\.to) == [.declared, .verified, .contained, .recovered, .closed])
        #expect(Set(inc.comms.map(\.audience)) == Set(Audience.allCases))
        #expect(inc.roleHistory.filter { $0.role == "commander" }.map(\.member) == ["alice", "bob"])
        // Timestamps never go backwards in this one (the random journal of ReplayTests does that).
        let times = inc.timeline.map(\.event.ts)
        #expect(times == times.sorted())
    }

    @Test("Markdown and JSON reports match their goldens", arguments: ReportFixture.all)
    func goldens(_ f: ReportFixture) throws {
        let report = try f.report()
        assertReportGolden(report.markdown(), named: f.golden + ".md")
        assertReportGolden(JSONWriter.serialize(report.json()) + "\n", named: f.golden + ".json")
    }

    @Test("the JSON report is valid JSON that Foundation reads, Chinese intact", arguments: ReportFixture.all)
    func jsonReadable(_ f: ReportFixture) throws {
        let text = JSONWriter.serialize(try f.report().json())
        let o = try foundationJSON(text)
        #expect(o["id"] as? String == (f.file == "drill.jsonl" ? "DRILL-20261105-01" : "INC-20261111-01"))
        let timeline = try #require(o["timeline"] as? [[String: Any]])
        #expect(timeline.count == f.reader().state.orderedIncidents.last?.timeline.count)
        #expect(text.contains(f.file == "drill.jsonl" ? "【演练】" : "支付网关超时"))
    }

    @Test("the real incident's report: KPIs, triggers, handover, late tick, comms, decisions")
    func realReportContent() throws {
        let report = try ReportFixture.real.report()
        let json = report.json()
        let o = try #require(json.objectValue)
        #expect(o["severity"] == 1)
        #expect(o["phase"] == "closed")
        #expect(o["drill"] == false)
        #expect(o["declared_at"] == "2026-11-11T00:50:00.000Z")
        #expect(o["closed_at"] == "2026-11-13T02:20:00.000Z")
        #expect(o["duration_seconds"] == .number(2 * 86400 + 90 * 60))

        // Every KPI met: notify in 3 min, management 7 min after L1, verified in 28, restored in 4 h. The journal is from
        // before review.held: no meeting is recorded, so on the 20th, 9 days after the crisis ended, the meeting's week
        // is over (still running) and the report's 60 days are not; the time to close has no target.
        let kpis = try #require(o["kpis"]?.objectValue)
        #expect(kpis.keys.sorted() == KPIName.allCases.map(\.rawValue).sorted())
        let review: [String: JSONValue] = ["time_to_review": "breached", "time_to_review_report": "pending", "time_to_close": "n/a"]
        for k in kpis.keys {
            #expect(kpis[k]?.objectValue?["state"] == review[k] ?? "met", "\(k): \(kpis[k].map(JSONWriter.serialize) ?? "")")
        }
        #expect(kpis["time_to_management"]?.objectValue?["target_seconds"] == 600)

        // Six triggers fired, in policy order; media_discussions (45,000) stayed under 100,000.
        let triggers = try #require(o["triggers"]).reportArray
        #expect(
            triggers.map { $0.objectValue?["counter"]?.stringValue ?? "" } == [
                "leaked_records", "complaints", "negative_mentions_24h", "outage_minutes", "login_failure_pct", "page_load_seconds",
            ])
        let leaked = try #require(report.firedTriggers.first { $0.rule.counter == "leaked_records" })
        #expect(leaked.value == 12500)
        #expect(RFC3339.format(leaked.crossedAt) == "2026-11-11T01:55:00.000Z")
        #expect(leaked.severityFollowedAt.map(RFC3339.format) == "2026-11-11T02:03:00.000Z")
        let outage = try #require(report.firedTriggers.first { $0.rule.counter == "outage_minutes" })
        #expect(outage.severityFollowedAt == outage.crossedAt, "L1 since 02:03: outage_minutes crossing 120 at L1 is followed at once")

        let md = report.markdown()
        #expect(
            md.contains("| leaked_records | 2026-11-11T01:55:00.000Z | 12,500 | 10,000 | L1 | 2026-11-11T02:03:00.000Z (after 8m 00s) |"))
        #expect(!md.contains("media_discussions |"))
        #expect(md.contains("- 2026-11-11T02:03:00.000Z: L2 → L1 by alice: 疑似超过1万名用户敏感数据泄露 over 10,000 records suspected leaked"))

        // The commander handover, and the role released.
        #expect(md.contains(": commander → alice (by alice)"))
        #expect(md.contains("- 2026-11-11T03:50:00.000Z: commander → bob (by alice)"))
        #expect(md.contains(": content-review → released (by alice)"))
        let roles = try #require(o["roles"]).reportArray.compactMap(\.objectValue)
        #expect(roles.filter { $0["role"] == "commander" }.map { $0["member"] } == ["alice", "bob"])
        // content-review is required at L1 and was released.
        #expect(md.contains("- Required but unfilled at the end: content-review"))

        // grade-crisis, due 30 min after the declaration, ticked at 45 min: late. rotate-keys on time.
        let checklist = try #require(o["checklist"]).reportArray.compactMap(\.objectValue)
        let grade = try #require(checklist.first { $0["item"] == "grade-crisis" })
        #expect(grade["done"] == true)
        #expect(grade["late"] == true)
        #expect(grade["due_at"] == "2026-11-11T01:20:00.000Z")
        #expect(checklist.filter { $0["late"] == true }.map { $0["item"] } == ["grade-crisis"])
        #expect(checklist.first { $0["item"] == "rotate-keys" }?["done"] == true)
        #expect(checklist.first { $0["item"] == "takedown-content" }?["done"] == false, "ticked by mistake, then unticked")
        #expect(checklist.first { $0["item"] == "restore-l1" }?["done"] == true, "restore-l1 applies at L1")
        let lateLines = md.split(separator: "\n").filter { $0.contains("**(late)**") }
        #expect(lateLines.count == 1)
        #expect(lateLines.first?.hasPrefix("- [x] Grade the crisis") == true)
        #expect(!md.contains("**(overdue)**"))
        #expect(md.contains("12 of 16 done."))

        // Comms to every audience, each under its heading.
        for h in ["### Internal", "### External", "### Management", "### Regulator"] { #expect(md.contains("\n\(h)\n"), "\(h)") }
        #expect(md.contains("via 网信办报送系统: 关于疑似个人信息泄露事件的初步报告（第一报）Initial report of a suspected personal data leak."))

        // Decisions marked; the unknown event type shown raw; the bad line not in the timeline.
        let timeline = try #require(o["timeline"]).reportArray.compactMap(\.objectValue)
        #expect(timeline.filter { $0["mark"] == "decision" }.count == 3)
        #expect(md.components(separatedBy: "**DECISION** ").count - 1 == 3)
        #expect(md.contains("| pagerduty | pager.acknowledged {\"page\":\"PD-88231\",\"service\":\"pay-gw\",\"by\":\"chen\"} |"))
        #expect(!md.contains("rc-bad") && !md.contains("重启 pay-gw-2 中"))
        #expect(timeline.filter { $0["mark"] == "phase" }.count == 4)
        #expect(timeline.filter { $0["mark"] == "severity" }.count == 1)
        #expect(!md.contains("DRILL"))

        // Chinese text intact, in the title and in member names.
        #expect(md.hasPrefix("# Review: 支付网关超时 Payment gateway timeouts at the Double 11 peak\n"))
        #expect(md.contains("王芳 (王芳)"))
        #expect(md.contains("- Source: `\(ReportFixture.real.relativePath)`, report made 2026-11-20T00:00:00.000Z"))
    }

    @Test("the drill's report: DRILL marked, injects and decisions marked, scenario time")
    func drillReportContent() throws {
        let report = try ReportFixture.drill.report()
        let o = try #require(report.json().objectValue)
        #expect(o["drill"] == true)
        // Declared 0.5 s in, closed at 410 s, paused 300 s: 109.5 real seconds × speed 30.
        #expect(o["duration_seconds"] == 3285)
        let kpis = try #require(o["kpis"]?.objectValue)
        #expect(kpis["time_to_notify"]?.objectValue?["seconds"] == 165, "5.5 real seconds × 30")
        #expect(kpis["time_to_verify"]?.objectValue?["seconds"] == 885, "329.5 s − the 300 s pause, × 30")
        let md = report.markdown()
        #expect(md.contains("> **DRILL** — this incident was an exercise."))
        #expect(md.contains("- Incident: DRILL-20261105-01 (DRILL)"))
        #expect(md.contains("- Duration: 54m 45s\n"))
        let timeline = try #require(o["timeline"]).reportArray.compactMap(\.objectValue)
        // Four drill.inject markers and two inject notes.
        #expect(timeline.filter { $0["mark"] == "inject" }.count == 6)
        #expect(md.components(separatedBy: "**INJECT** ").count - 1 == 6)
        #expect(md.contains("| 赵磊 | **INJECT** inject regulator-call: The regulator calls (released by hand) |"))
        // The marker says what kind of note it is; the text follows without saying it again.
        #expect(md.contains("| monitoring | **INJECT** ALERT pay-gw: card payment success rate 97% -> 58% over 15 min |"))
        #expect(timeline.filter { $0["mark"] == "decision" }.count == 1)
        #expect(md.contains("**DECISION** 决定：补偿20元优惠券"))
        #expect(!md.contains("**DECISION** decision:") && !md.contains("**INJECT** inject:"))
        #expect(md.contains("drill paused: 茶歇 coffee break"))
        #expect(md.contains("drill resumed"))
        #expect(md.contains("drill ended: completed"))
        #expect(md.hasPrefix("# Review: 【演练】Payment failures at Double 11 peak\n"))
        let h = report.html()
        #expect(h.contains("<span class=\"drill\">DRILL</span>"))
    }

    @Test("a trigger already met at the crossing is followed at the crossing, not at a later raise")
    func triggerAlreadyMet() throws {
        let report = try ReportFixture.real.report()
        // complaints crossed 1,000 at 01:10 while the incident was L2 (the suggestion); the raise to L1 at 02:03 is not a response to it.
        for counter in ["complaints", "negative_mentions_24h", "login_failure_pct", "page_load_seconds"] {
            let t = try #require(report.firedTriggers.first { $0.rule.counter == counter })
            #expect(
                t.severityFollowedAt == t.crossedAt,
                "\(counter): crossed \(RFC3339.format(t.crossedAt)), followed \(t.severityFollowedAt.map(RFC3339.format) ?? "never")")
        }
    }

    @Test("in a drill, the delay before the severity followed a trigger is in scenario time like every other duration")
    func drillTriggerDelayInScenarioTime() throws {
        let report = try ReportFixture.drill.report()
        let t = try #require(report.firedTriggers.first { $0.rule.counter == "leaked_records" })
        // Crossed at 340.001 s, raised to L1 at 352 s: 11.999 real seconds at speed 30 are 5m 59s of scenario time
        // (KPIs in the same report: "Report to management 2m 00s" for 4 real seconds).
        #expect(
            report.markdown().contains(
                "| leaked_records | \(RFC3339.format(t.crossedAt)) | 12,000 | 10,000 | L1 | 2026-11-05T02:05:52.000Z (after 5m 59s) |"))
    }

    @Test("the KPI table's header names the measure, not \"Target\" twice; times are labelled UTC")
    func kpiHeaderAndUTC() throws {
        let report = try ReportFixture.real.report()
        let md = report.markdown()
        #expect(md.contains("\n| Measure | Measured | Target | Result |\n"))
        #expect(!md.contains("| Target | Measured | Target |"))
        #expect(md.contains("- Times: all times are UTC"))
        #expect(md.contains("| Time (UTC) | Actor | Event |"))
        let html = report.html()
        #expect(html.contains("<tr><th>Measure</th><th>Measured</th><th>Target</th><th>Result</th></tr>"))
        #expect(html.contains("<li>Times: all times are UTC"))
    }

    @Test("a trigger met when the incident was already at that level says so, not \"followed (after 0s)\"")
    func triggerAlreadyAtLevelSaysSo() throws {
        let report = try ReportFixture.real.report()
        let md = report.markdown()
        #expect(md.contains("| complaints | 2026-11-11T01:10:37.827Z | 1,204 | 1,000 | L2 | already at L2 |"))
        #expect(md.contains("| outage_minutes | 2026-11-11T02:25:40.463Z | 125 | 120 | L2 | already at L1 |"))
        #expect(!md.contains("(after 0s)"))
        let triggers = try #require(report.json().objectValue?["triggers"]).reportArray.compactMap(\.objectValue)
        #expect(triggers.first { $0["counter"] == "complaints" }?["already_at_level"] == true)
        #expect(triggers.first { $0["counter"] == "leaked_records" }?["already_at_level"] == false)
    }

    @Test(
        "the HTML report carries every section of the Markdown one, triggers and comms by audience included",
        arguments: ReportFixture.all)
    func htmlHasTheMarkdownSections(_ f: ReportFixture) throws {
        let report = try f.report()
        let md = report.markdown()
        let html = report.html()
        let headings = md.split(separator: "\n").filter { $0.hasPrefix("## ") || $0.hasPrefix("### ") }
        #expect(headings.count >= 10)
        for h in headings {
            let level = h.hasPrefix("### ") ? "h3" : "h2"
            let title = h.drop { $0 == "#" }.dropFirst()
            #expect(html.contains("<\(level)>\(title)</\(level)>"), "\(f.file): no \(level) \(title) in the HTML report")
        }
        // The trigger rows and the comms of each audience, under their own heading.
        for t in report.firedTriggers {
            #expect(html.contains("<tr><td>\(t.rule.counter)</td><td>\(RFC3339.format(t.crossedAt))</td>"), "\(t.rule.counter)")
        }
        for c in report.incident.comms {
            let heading = "<h3>\(c.audience.rawValue.prefix(1).uppercased() + c.audience.rawValue.dropFirst())</h3>"
            let section = try #require(html.range(of: heading))
            let next = html.range(of: "<h", range: section.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
            #expect(html[section.upperBound..<next].contains(c.text.replacingOccurrences(of: "&", with: "&amp;")), "\(c.text)")
        }
    }

    // MARK: The command

    @Test(
        "`warroom report` prints what the library makes, in every format", .enabled(if: reportBinary != nil, "needs the warroom binary"),
        arguments: ReportFixture.all)
    func cliMatchesLibrary(_ f: ReportFixture) async throws {
        let report = try f.report()
        async let md = reportCLI(["report", "--format", "markdown", "--now", f.now, "--journal", f.relativePath])
        async let js = reportCLI(["report", "--format", "json", "--now", f.now, "--journal", f.relativePath])
        async let ht = reportCLI(["report", "--format", "html", "--now", f.now, "--journal", f.relativePath])
        let (m, j, h) = try await (md, js, ht)
        for r in [m, j, h] { #expect(r.status == 0, "\(r.stderr)") }
        #expect(m.stdout == report.markdown())
        #expect(j.stdout == JSONWriter.serialize(report.json()) + "\n")
        #expect(h.stdout == report.html())
    }

    @Test(
        "the HTML report is one self-contained file with charts", .enabled(if: reportBinary != nil, "needs the warroom binary"),
        arguments: ReportFixture.all)
    func htmlSelfContained(_ f: ReportFixture) async throws {
        let dir = TempDir()
        let out = dir.file("review.html")
        let r = try await reportCLI(["report", "--format", "html", "--now", f.now, "--journal", f.relativePath, "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("wrote the html report"))
        let html = fileText(out)
        #expect(html == (try f.report().html()))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("<style>"))
        let lower = html.lowercased()
        #expect(!lower.contains("http://") && !lower.contains("https://"), "the report must not load anything")
        for external in ["<script", "<link", "src=", "@import", "url("] {
            #expect(!lower.contains(external), "\(external) in the HTML report")
        }
        // Counters each get a chart; the phases chart too.
        let counters = (try f.report()).incident.counters.count
        #expect(html.components(separatedBy: "<svg").count - 1 == counters + 1)
        // Chinese text is there, escaped only where HTML needs it.
        #expect(html.contains(f.file == "drill.jsonl" ? "【演练】Payment failures" : "支付网关超时 Payment gateway timeouts"))
    }

    @Test(
        "`warroom report` rejects a bad --now and --format, and names a missing incident",
        .enabled(if: reportBinary != nil, "needs the warroom binary"))
    func cliErrors() async throws {
        let j = ReportFixture.real.relativePath
        let badNow = try await reportCLI(["report", "--now", "yesterday", "--journal", j])
        #expect(badNow.status != 0)
        #expect(badNow.stderr.contains("--now must be an RFC 3339 time"))
        let badFormat = try await reportCLI(["report", "--format", "pdf", "--journal", j])
        #expect(badFormat.status != 0)
        #expect(badFormat.stderr.contains("--format must be markdown, json or html"))
        let missing = try await reportCLI(["report", "--incident", "INC-NOPE", "--journal", j])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no incident INC-NOPE"))
    }
}

extension JSONValue {
    var reportArray: [JSONValue] {
        if case .array(let a) = self { return a }
        return []
    }

}

extension ReportTests {
    /// Issue 12, finding 6: the review names who was on call and how to reach them.
    @Test("the review lists the standing roster: team, contact, presence, reachable or not")
    func onCallInTheReview() throws {
        let lines = [
            ev(
                "member.joined", nil, at: -60, actor: "erin",
                ["member": "erin", "name": "Erin Wu", "team": "DBA", "contact": "+86 138 0000"]),
            ev("member.status", nil, at: -40, actor: "erin", ["member": "erin", "status": "away"]),
            ev("member.joined", nil, at: -30, actor: "frank", ["member": "frank", "team": "SRE|Ops", "contact": "IM <frank>"]),
            declareLine(severity: 2, playbook: "website-crisis"),
        ]
        let state = read(lines).state
        let report = PostmortemReport(
            incident: try #require(state.incidents["INC-1"]), state: state, catalog: shippedCatalog, now: T0.addingTimeInterval(600),
            journalPath: "j.jsonl")
        let md = report.markdown()
        #expect(md.contains("## On call\n\n1 of 2 on the standing roster reachable"), "\(md)")
        // Journal text is escaped in Markdown (no raw HTML from the journal): "<" shows as "\<".
        #expect(md.contains("| frank |  | SRE\\|Ops | IM \\<frank> | available |"), "\(md)")
        #expect(md.contains("| erin | Erin Wu | DBA | +86 138 0000 | away (not reachable) |"), "\(md)")
        let html = report.html()
        #expect(html.contains("<h2>On call</h2>"))
        #expect(html.contains("<td>IM &lt;frank&gt;</td>"))
        let json = try #require(report.json().objectValue?["on_call"].flatMap(jsonArray))
        #expect(json.compactMap { $0.objectValue?["member"]?.stringValue } == ["frank", "erin"])
        #expect(json.last?.objectValue?["contact"] == "+86 138 0000")
    }
}
