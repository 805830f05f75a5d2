import Foundation
import Testing

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// A hand-written journal in format v1 with a dozen lines, relative to a base
/// time three days ago so every clock is well past any target whatever the
/// real date is.
struct HandWrittenJournal {
    let base: Date
    let text: String
    let badLineOffset: Int
    let pending: String

    init() {
        let now = Date().timeIntervalSince1970.rounded(.down)
        let base = Date(timeIntervalSince1970: now - 3 * 86400)
        self.base = base
        func t(_ s: TimeInterval) -> String { RFC3339.format(base.addingTimeInterval(s)) }
        let id = "INC-20261122-01"
        let lines = [
            #"{"v":1,"ts":"\#(t(0))","type":"incident.declared","actor":"alice","incident":"\#(id)","id":"e1","data":{"title":"Checkout errors","severity":3,"started_at":"\#(t(-600))","playbook":"website-crisis"}}"#,
            #"{"v":1,"ts":"\#(t(10))","type":"member.joined","actor":"bob","incident":"\#(id)","data":{"member":"bob","team":"PR"}}"#,
            #"{"v":1,"ts":"\#(t(20))","type":"member.status","actor":"bob","incident":"\#(id)","data":{"member":"bob","status":"engaged"}}"#,
            #"{"v":1,"ts":"\#(t(30))","type":"role.assigned","actor":"alice","incident":"\#(id)","data":{"role":"commander","member":"alice"}}"#,
            #"{"v":1,"ts":"\#(t(40))","type":"role.assigned","actor":"alice","incident":"\#(id)","data":{"role":"communications","member":"bob"}}"#,
            #"{"v":1,"ts":"\#(t(60))","type":"checklist.done","actor":"alice","incident":"\#(id)","data":{"item":"grade-crisis"}}"#,
            #"{"v":1,"ts":"\#(t(90))","type":"counter.set","actor":"bob","incident":"\#(id)","data":{"name":"complaints","value":1500}}"#,
            #"{"v":1,"ts":"\#(t(120))","type":"comms.published","actor":"bob","incident":"\#(id)","data":{"audience":"internal","text":"Heads up: checkout failing"}}"#,
            #"{"v":1,"ts":"\#(t(300))","type":"note","actor":"alice","incident":"\#(id)","data":{"text":"gateway timeouts","kind":"observation"}}"#,
            #"this line is not JSON"#,
            #"{"v":1,"ts":"\#(t(500))","type":"pager.fired","actor":"pagerbot","incident":"\#(id)","data":{"service":"checkout"}}"#,
            #"{"v":1,"ts":"\#(t(600))","type":"incident.phase","actor":"alice","incident":"\#(id)","data":{"phase":"verified"}}"#,
            #"{"v":1,"ts":"\#(t(700))","type":"checklist.added","actor":"alice","incident":"\#(id)","data":{"item":"call-psp","text":"Call the payment provider","phase":"contained"}}"#,
        ]
        pending = #"{"v":1,"ts":"\#(t(800))","type":"note","actor":"alice","incident":"\#(id)","data":{"text":"half"#
        text = lines.map { $0 + "\n" }.joined() + pending
        badLineOffset = lines[0..<9].map { $0.utf8.count + 1 }.reduce(0, +)
    }
}

private func number(_ v: Any?) -> Double? { (v as? NSNumber)?.doubleValue }
private func isNull(_ v: Any?) -> Bool { v is NSNull }

@Suite("Command line")
struct CLITests {
    // MARK: status --json

    @Test func statusJSONHasTheDocumentedShape() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let j = HandWrittenJournal()
        try writeFile(path, j.text)
        let r = try await warroom(["status", "--json", "--journal", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let doc = try foundationJSON(r.stdout)

        let journal = try #require(doc["journal"] as? [String: Any])
        #expect(journal["path"] as? String == path)
        #expect(number(journal["events"]) == 12)
        #expect(number(journal["unknown_types"]) == 1)
        #expect(number(journal["pending_bytes"]) == Double(j.pending.utf8.count))
        let bad = try #require(journal["bad_lines"] as? [[String: Any]])
        #expect(bad.count == 1)
        #expect(number(bad.first?["line"]) == 10)
        #expect(number(bad.first?["offset"]) == Double(j.badLineOffset))
        #expect((bad.first?["reason"] as? String)?.contains("not valid JSON") == true)

        let incidents = try #require(doc["incidents"] as? [[String: Any]])
        #expect(incidents.count == 1)
        let inc = try #require(incidents.first)
        #expect(inc["id"] as? String == "INC-20261122-01")
        #expect(inc["title"] as? String == "Checkout errors")
        #expect(number(inc["severity"]) == 3)
        #expect(inc["phase"] as? String == "verified")
        #expect(inc["drill"] as? Bool == false)
        #expect(inc["declared_at"] as? String == RFC3339.format(j.base))
        #expect(inc["started_at"] as? String == RFC3339.format(j.base.addingTimeInterval(-600)))
        #expect(inc["roles"] as? [String: String] == ["commander": "alice", "communications": "bob"])
        // The declarer is on the roster (issue 12, finding 5).
        #expect(inc["members"] as? [String: String] == ["alice": "available", "bob": "engaged"])
        #expect(inc["counters"] as? [String: Double] == ["complaints": 1500])
        // declared, joined, status, 2 roles, tick, counter, comms, note, unknown, phase, added
        #expect(number(inc["timeline"]) == 12)
        #expect(number(inc["comms"]) == 1)

        let checklist = try #require(inc["checklist"] as? [String: Any])
        // website-crisis at L3: 14 items without joint-activation and restore-l1, plus one added.
        #expect(number(checklist["total"]) == 14)
        #expect(number(checklist["done"]) == 1)
        let items = try #require(checklist["items"] as? [[String: Any]])
        #expect(items.count == 14)
        for item in items {
            for key in ["item", "text", "done", "by", "at"] { #expect(item[key] != nil, "item lacks \(key)") }
        }
        let ids = items.compactMap { $0["item"] as? String }
        #expect(!ids.contains("joint-activation"))
        #expect(!ids.contains("restore-l1"))
        let grade = try #require(items.first { $0["item"] as? String == "grade-crisis" })
        #expect(grade["done"] as? Bool == true)
        #expect(grade["by"] as? String == "alice")
        #expect(grade["at"] as? String == RFC3339.format(j.base.addingTimeInterval(60)))
        let added = try #require(items.first { $0["item"] as? String == "call-psp" })
        #expect(added["text"] as? String == "Call the payment provider")
        #expect(added["done"] as? Bool == false)
        #expect(isNull(added["by"]) && isNull(added["at"]))

        let kpis = try #require(inc["kpis"] as? [String: [String: Any]])
        #expect(Set(kpis.keys) == Set(KPIName.allCases.map(\.rawValue)))
        func kpi(_ n: String) -> (Double?, Double?, String?, Bool, Bool) {
            let k = kpis[n] ?? [:]
            return (
                number(k["seconds"]), number(k["target_seconds"]), k["state"] as? String, isNull(k["seconds"]), isNull(k["target_seconds"])
            )
        }
        let notify = kpi("time_to_notify")
        #expect(notify.0 == 120 && notify.1 == 300 && notify.2 == "met")
        let mgmt = kpi("time_to_management")
        #expect(mgmt.3 && mgmt.4 && mgmt.2 == "n/a")
        let verify = kpi("time_to_verify")
        #expect(verify.0 == 600 && verify.1 == 1800 && verify.2 == "met")
        let restore = kpi("time_to_restore")
        #expect((restore.0 ?? 0) >= 3 * 86400 && restore.4 && restore.2 == "n/a")
        let review = kpi("time_to_review")
        #expect(review.3 && review.1 == 7 * 86400 && review.2 == "n/a")
        let external = kpi("since_external_update")
        #expect((external.0 ?? 0) >= 3 * 86400 && external.1 == 86400 && external.2 == "breached")

        let required = try #require(inc["required_roles"] as? [String: Any])
        #expect(Set(required.keys) == ["commander", "communications", "tech-lead", "customer-service", "content-review"])
        #expect(required["commander"] as? String == "alice")
        #expect(required["communications"] as? String == "bob")
        #expect(isNull(required["tech-lead"]))

        let suggestions = try #require(inc["suggestions"] as? [[String: Any]])
        #expect(suggestions.count == 1)
        #expect(number(suggestions.first?["severity"]) == 2)
        #expect(suggestions.first?["counter"] as? String == "complaints")
        #expect(number(suggestions.first?["value"]) == 1500)
        #expect(number(suggestions.first?["threshold"]) == 1000)
    }

    @Test func statusTextShowsSuggestionsAndUnfilledRoles() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, HandWrittenJournal().text)
        let r = try await warroom(["status", "--journal", path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("complaints 1,500 > 1,000: criteria for L2 met"))
        #expect(r.stdout.contains("warroom severity 2"))
        #expect(r.stdout.contains("UNFILLED (required)"))
        #expect(r.stdout.contains("1 bad lines skipped"))
        #expect(r.stdout.contains("bytes pending"))
    }

    @Test func statusOfAnUnknownIncidentIsAnError() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, HandWrittenJournal().text)
        let r = try await warroom(["status", "--journal", path, "--incident", "NOPE"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no incident NOPE"))
    }

    // MARK: check

    @Test func checkExitsZeroOnACleanJournal() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine(), noteLine("fine")]))
        let r = try await warroom(["check", "--journal", path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("2 lines, 2 events, 0 bad lines"))
    }

    @Test func checkExitsZeroWithOnlyPendingBytes() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine()]) + Array("{\"v\":1".utf8))
        let r = try await warroom(["check", "--journal", path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("6 bytes pending"))
    }

    @Test func checkExitsOneAndListsEachBadLine() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let lines = [
            declareLine(), "garbage", noteLine("ok"), noteLine("lost", "INC-404"), "",
            ev("incident.phase", at: 2, ["phase": "done"]),
        ]
        try writeFile(path, journalBytes(lines))
        let r = try await warroom(["check", "--journal", path])
        #expect(r.status == 1)
        let reader = JournalReader.read(journalBytes(lines))
        #expect(reader.state.badLines.count == 3)
        for bad in reader.state.badLines {
            #expect(r.stdout.contains("\(path):\(bad.line): offset \(bad.offset): \(bad.reason)"), "\(r.stdout)")
        }
        #expect(r.stdout.contains("6 lines, 2 events, 3 bad lines"))
    }

    @Test func checkExitsTwoWhenUnreadable() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let onDir = try await warroom(["check", "--journal", dir.path])
        #expect(onDir.status == 2)
        #expect(onDir.stderr.contains(dir.path))
        let missing = dir.file("missing.jsonl")
        let onMissing = try await warroom(["check", "--journal", missing])
        #expect(onMissing.status == 2)
        #expect(onMissing.stderr.contains(missing))
        #expect(onMissing.stderr.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func shippedExamplesAreClean() async throws {
        for name in ["payment-outage.jsonl", "drill-zh.jsonl"] {
            let path = packageRoot + "/examples/" + name
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let r = try await warroom(["check", "--journal", path])
            #expect(r.status == 0, "\(name): \(r.stdout)")
        }
    }

    // MARK: errors

    /// A journal with one open incident at L2 under website-crisis.
    func journalWithIncident(_ dir: TempDir) throws -> String {
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine("INC-1", severity: 2, playbook: "website-crisis")]))
        return path
    }

    @Test(
        arguments: [
            (["note", "--incident", "NOPE", "text"], "no incident NOPE"),
            (["assign", "wizard", "bob"], "unknown role \"wizard\""),
            (["phase", "done"], "phase must be one of"),
            (["release", "commander"], "role commander is not held"),
            (["tick", "no-such-item"], "no checklist item \"no-such-item\""),
            (["untick", "no-such-item"], "no checklist item \"no-such-item\""),
            (["declare", "--severity", "7", "--title", "x"], "--severity must be 1, 2 or 3"),
            (["declare", "--severity", "2", "--title", "x", "--playbook", "nope"], "no playbook \"nope\""),
            (["declare", "--severity", "2", "--title", "x", "--id", "INC-1"], "INC-1 was already declared"),
            (["declare", "--severity", "2", "--title", "x", "--id", "has space"], "--id:"),
            (["declare", "--severity", "2", "--title", "x", "--started-at", "yesterday"], "--started-at must be an RFC 3339 time"),
            (["severity", "5"], "severity must be 1, 2 or 3"),
            (["presence", "bob", "busy"], "status must be one of"),
            (["counter", "complaints", "twelve"], "the value must be a number"),
            (["comms", "--audience", "press", "hello"], "--audience must be one of"),
            (["add-item", "x", "text", "--due", "soon"], "--due must be a duration"),
            (["add-item", "x", "text", "--phase", "done"], "--phase must be one of"),
            (["note", "--kind", "rumour", "text"], "--kind must be one of"),
            (["note", "   "], "the note is empty"),
            (["join", "bob", "--incident", "NOPE"], "no incident NOPE"),
        ] as [([String], String)])
    func errorsAreOneLineAndLeaveTheJournalUnchanged(args: [String], phrase: String) async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try journalWithIncident(dir)
        let before = fileBytes(path)
        let r = try await warroom(args + ["--journal", path])
        #expect(r.status != 0)
        #expect(!r.signaled)
        #expect(r.stderr.contains(phrase), "stderr: \(r.stderr)")
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump") && !r.stderr.contains("backtrace"))
        #expect(fileBytes(path) == before)
    }

    @Test func commandsWithoutAnOpenIncidentSaySo() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine(), ev("incident.phase", at: 5, ["phase": "closed"])]))
        let before = fileBytes(path)
        let r = try await warroom(["note", "--journal", path, "hello"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no open incident"))
        #expect(fileBytes(path) == before)
    }

    // MARK: commands that write

    @Test func everyWritingCommandAppendsOneGoodEvent() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let j = ["--journal", path]
        let declared = try await warroom(
            ["declare", "--severity", "3", "--title", "Login failures", "--drill", "--playbook", "website-crisis"] + j)
        #expect(declared.status == 0, "\(declared.stderr)")
        let id = declared.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let commands: [[String]] = [
            ["note", "--kind", "decision", "roll", "back"],
            ["severity", "L2", "--reason", "spreading"],
            ["phase", "verified", "--note", "scope known"],
            ["assign", "commander", "alice"],
            ["assign", "tea-maker", "bob", "--new-role"],
            ["release", "tea-maker"],
            ["join", "carol", "--name", "Carol C", "--team", "SRE"],
            ["presence", "carol", "away"],
            ["join", "dave", "--standing"],
            ["leave", "carol"],
            ["add-item", "call-psp", "Call the provider", "--phase", "contained", "--due", "1h", "--role", "tech-lead"],
            ["tick", "call-psp"],
            ["tick", "grade-crisis"],
            ["untick", "call-psp"],
            ["counter", "complaints", "1,204", "--unit", "tickets"],
            ["comms", "--audience", "internal", "--channel", "飞书", "We", "are", "on", "it"],
            // External goes through a draft under the shipped policy (StatementCLITests approves and publishes).
            ["comms", "draft", "--to", "external", "--channel", "weibo", "We", "are", "on", "it"],
        ]
        for c in commands {
            let r = try await warroom(c + j)
            #expect(r.status == 0, "\(c): \(r.stderr)")
            #expect(r.stderr.isEmpty, "\(c): \(r.stderr)")
        }
        let lines = fileLines(path)
        #expect(lines.count == 1 + commands.count)
        for line in lines { #expect((try? LineDecoder.decode(line).get()) != nil, "\(line)") }
        let state = JournalReader.read(fileBytes(path)).state
        #expect(state.badLines.isEmpty)
        let inc = try #require(state.incidents[id])
        #expect(inc.drill)
        #expect(inc.playbook == "website-crisis")
        #expect(inc.severity == .l2)
        #expect(inc.phase == .verified)
        #expect(inc.roles == ["commander": "alice"])
        // Only the declarer: the joins were to the standing roster.
        #expect(inc.memberOrder == [state.incidents[id]?.declaredBy ?? ""])
        #expect(state.standingOrder == ["dave"])
        #expect(state.presence(of: "carol") == .away)
        #expect(inc.ticks.keys.sorted() == ["grade-crisis"])
        #expect(inc.addedItems.first?.due == 3600)
        #expect(inc.counters["complaints"]?.value == 1204)
        #expect(inc.counters["complaints"]?.unit == "tickets")
        #expect(inc.comms.first?.text == "We are on it")
        #expect(inc.comms.first?.channel == "飞书")
        #expect(state.statements["S-1"]?.channel == "weibo" && state.statements["S-1"]?.status == .pending)
        #expect(inc.timeline.compactMap { $0.event.string("text") }.first == "roll back")
        let login = Identity.loginName()
        #expect(inc.timeline.allSatisfy { $0.event.actor == login && $0.event.login == nil })
        #expect(Set(inc.timeline.compactMap(\.event.id)).count == inc.timeline.count)
    }

    @Test func declareUsesTheDefaultPlaybookForTheSeverity() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        for (sev, playbook) in [("1", "data-breach"), ("2", "website-crisis"), ("3", "operations-risk")] {
            let r = try await warroom(["declare", "--journal", path, "--severity", sev, "--title", "t"])
            #expect(r.status == 0, "\(r.stderr)")
            let id = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(JournalReader.read(fileBytes(path)).state.incidents[id]?.playbook == playbook)
        }
    }

    @Test func twoDeclarationsGetConsecutiveIDs() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        var ids: [String] = []
        for _ in 0..<2 {
            let r = try await warroom(["declare", "--journal", path, "--severity", "2", "--title", "Outage"])
            #expect(r.status == 0, "\(r.stderr)")
            ids.append(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let state = JournalReader.read(fileBytes(path)).state
        #expect(state.incidentOrder == ids)
        for (k, id) in ids.enumerated() {
            let day = RFC3339.format(try #require(state.incidents[id]).declaredAt).prefix(10)
                .replacingOccurrences(of: "-", with: "")
            #expect(id == "INC-\(day)-0\(k + 1)")
        }
    }

    @Test func actingAsSomeoneRecordsTheRealLogin() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine()]))
        let r = try await warroom(["note", "--journal", path, "--as", "bob", "on my way"])
        #expect(r.status == 0, "\(r.stderr)")
        let last = try LineDecoder.decode(try #require(fileLines(path).last)).get()
        #expect(last.actor == "bob")
        #expect(last.login == Identity.loginName())
        #expect(last.string("text") == "on my way")

        let blank = try await warroom(["note", "--journal", path, "--as", "  ", "x"])
        #expect(blank.status != 0)
        #expect(fileLines(path).count == 2)
    }

    @Test func journalPathComesFromTheEnvironment() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("env.jsonl")
        let r = try await warroom(
            ["declare", "--severity", "3", "--title", "via env"], environment: cliEnvironment(["WARROOM_JOURNAL": path]))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(JournalReader.read(fileBytes(path)).state.incidentOrder.count == 1)
    }

    // MARK: append

    @Test func appendTakesGoodLinesAndReportsBadOnes() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine()]))
        let input =
            [
                #"{"type":"counter.set","data":{"name":"complaints","value":1204}}"#,
                #"not json"#,
                #"{"type":"note","incident":"INC-1","data":{"text":"from a script"}}"#,
                #"{"type":"note","incident":"INC-404","data":{"text":"lost"}}"#,
                "",
                #"[1,2]"#,
                #"{"type":"incident.declared","incident":"INC-NEW","data":{"title":"Second","severity":3}}"#,
                #"{"type":"note","incident":"INC-NEW","data":{"text":"uses the new one"}}"#,
                #"{"v":1,"ts":"2026-11-22T16:00:00+08:00","type":"note","actor":"bot","x-extra":"dropped","id":"given-id","data":{"text":"kept","x-data":"kept too"}}"#,
                #"{"type":"member.joined","data":{"member":"erin"}}"#,
                #"{"type":"note","data":{"kind":"rumour","text":"x"}}"#,
            ].joined(separator: "\n") + "\n"
        let r = try await warroom(["append", "--journal", path, "--incident", "INC-1"], stdin: input)
        #expect(r.status == 1)
        let errs = r.stderr.split(separator: "\n").map(String.init)
        #expect(errs.count == 4, "\(r.stderr)")
        #expect(errs.contains { $0.contains("line 2:") && $0.contains("not valid JSON") })
        #expect(errs.contains { $0.contains("line 4:") && $0.contains("INC-404 was never declared") })
        #expect(errs.contains { $0.contains("line 6:") && $0.contains("not a JSON object") })
        #expect(errs.contains { $0.contains("line 11:") && $0.contains("data.kind must be one of") })
        #expect(r.stdout.contains("appended 6 events"))

        let lines = fileLines(path)
        try #require(lines.count == 7)
        let events = try lines.dropFirst().map { try LineDecoder.decode($0).get() }
        #expect(events.map(\.type) == ["counter.set", "note", "incident.declared", "note", "note", "member.joined"])
        let login = Identity.loginName()
        let counter = events[0]
        #expect(counter.v == 1)
        #expect(counter.incident == "INC-1")
        #expect(counter.actor == login)
        #expect(counter.login == nil)
        #expect(counter.id?.count == 36)
        #expect(abs(counter.ts.timeIntervalSinceNow) < 3600)
        #expect(events[3].incident == "INC-NEW")
        let given = events[4]
        #expect(given.actor == "bot")
        #expect(given.id == "given-id")
        #expect(given.ts == T0)
        #expect(lines[5].contains(#""ts":"2026-11-22T08:00:00.000Z""#))
        #expect(!lines[5].contains("x-extra"))
        #expect(given.data["x-data"] == "kept too")
        // member.* needs no incident: --incident is not filled in.
        #expect(events[5].incident == nil)
        #expect(Set(events.compactMap(\.id)).count == 6)
        let state = JournalReader.read(fileBytes(path)).state
        #expect(state.badLines.isEmpty)
        #expect(state.standingOrder == ["erin"])
    }

    @Test func appendAsSomeoneFillsActorAndLogin() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine()]))
        let r = try await warroom(
            ["append", "--journal", path, "--as", "bob"], stdin: #"{"type":"note","incident":"INC-1","data":{"text":"hi"}}"#)
        #expect(r.status == 0, "\(r.stderr)")
        let e = try LineDecoder.decode(try #require(fileLines(path).last)).get()
        #expect(e.actor == "bob")
        #expect(e.login == Identity.loginName())
    }

    @Test func appendWithOnlyBadLinesWritesNothing() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine()]))
        let before = fileBytes(path)
        let r = try await warroom(["append", "--journal", path], stdin: "nope\n{\"type\":\"note\"}\n")
        #expect(r.status == 1)
        #expect(r.stderr.contains("line 1:"))
        #expect(r.stderr.contains("line 2:"))
        #expect(fileBytes(path) == before)
    }

    // MARK: playbooks

    @Test func playbooksListShowsTheShippedOnes() async throws {
        let r = try await warroom(["playbooks"])
        #expect(r.status == 0)
        for name in ["data-breach", "website-crisis", "operations-risk", "online-event"] {
            #expect(r.stdout.contains(name))
        }
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    @Test func playbooksCheckNamesFileAndLine() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("broken.toml")
        try writeFile(path, "name = \"broken\"\ntitle = \"B\"\n\n[[phases.done]]\nid = \"a\"\ntext = \"b\"\n")
        let r = try await warroom(["playbooks", "check", path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(path):4:"))
        #expect(r.stderr.contains("unknown phase \"done\""))
        let ok = try await warroom(["playbooks", "check", playbooksDirectory + "/website-crisis.toml"])
        #expect(ok.status == 0)
        let policy = try await warroom(["playbooks", "check", playbooksDirectory + "/policy.toml"])
        #expect(policy.status == 0)
        #expect(policy.stdout.contains("7 targets and 10 trigger rules"))
    }
}

extension CLITests {
    /// Issue 12, finding 10: a playbook can be switched mid-incident.
    @Test func switchPlaybookMovesTheChecklistAndKeepsTicks() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        var r = try await warroom(["declare", "--journal", path, "--severity", "2", "--title", "Records for sale"])
        #expect(r.status == 0, "\(r.stderr)")
        r = try await warroom(["tick", "--journal", path, "one-voice"])
        #expect(r.status == 0, "\(r.stderr)")
        r = try await warroom(["switch-playbook", "--journal", path, "data-breach", "--reason", "it is a leak"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("playbook → data-breach: it is a leak"), "\(r.stdout)")
        let state = JournalReader.read(fileBytes(path)).state
        #expect(state.badLines.isEmpty)
        let inc = try #require(state.defaultIncident)
        #expect(inc.playbook == "data-breach")
        #expect(inc.playbookHistory.map(\.from) == ["website-crisis"])
        r = try await warroom(["status", "--journal", path])
        #expect(r.stdout.contains("playbook data-breach\n"), "\(r.stdout)")
        #expect(r.stdout.contains("[x] one-voice:"), "the tick is kept by item id: \(r.stdout)")
        #expect(r.stdout.contains("[ ] stop-exposure:"), "the new playbook's items: \(r.stdout)")
        #expect(!r.stdout.contains("grade-crisis"), "the old playbook's items are gone: \(r.stdout)")
        // Mistakes change nothing and say what to do.
        let before = fileBytes(path)
        r = try await warroom(["switch-playbook", "--journal", path, "data-breach"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("already runs under data-breach"), "\(r.stderr)")
        r = try await warroom(["switch-playbook", "--journal", path, "nope"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no playbook \"nope\"; known: ") && r.stderr.contains("website-crisis"), "\(r.stderr)")
        #expect(fileBytes(path) == before)
    }
}
