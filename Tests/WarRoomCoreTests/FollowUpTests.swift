import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// Issue 18, "Follow-up actions": made in an incident (closed ones too), listed across incidents
/// and journals, overdue on their date, and the review report's table filled from the record.
@Suite("Follow-up actions")
struct FollowUpTests {
    let catalog = PlaybookCatalog.load(directory: playbooksDirectory)

    func added(_ id: String, _ text: String, incident: String = "INC-1", at t: TimeInterval, owner: String? = nil, due: TimeInterval? = nil)
        -> String
    {
        var d: JSONObject = ["action": .string(id), "text": .string(text)]
        if let owner { d["owner"] = .string(owner) }
        if let due { d["due"] = .string(ts(due)) }
        return ev("action.added", incident, at: t, d)
    }

    @Test func foldsOutlivesTheIncidentAndGoesOverdueOnItsDate() throws {
        let s = read([
            declareLine(),
            ev("incident.phase", at: 50, ["phase": "closed"]),
            added("A-1", "Rotate the keys", at: 100, owner: "bob", due: 86400),
            added("A-2", "Review report", at: 110, due: 60),
            ev("action.done", at: 200, actor: "bob", ["action": "A-1", "note": "rotated"]),
        ]).state
        #expect(s.badLines.isEmpty, "\(s.badLines)")
        let a1 = try #require(s.followUps["A-1"])
        #expect(a1.incident == "INC-1" && a1.owner == "bob" && !a1.isOpen)
        #expect(a1.status == .done(at: T0.addingTimeInterval(200), by: "bob", note: "rotated"))
        let a2 = try #require(s.followUps["A-2"])
        #expect(!a2.isOverdue(at: T0.addingTimeInterval(59)))
        #expect(a2.isOverdue(at: T0.addingTimeInterval(61)))
        #expect(s.orderedFollowUps.map(\.id) == ["A-1", "A-2"])
        #expect(FollowUp.nextID(in: s) == "A-3")
    }

    @Test func theStateRefusesWhatCannotHappen() {
        let s = read([
            declareLine(), declareLine("INC-2", at: 1),
            added("A-1", "x", at: 2), added("A-1", "again", at: 3),
            ev("action.done", "INC-2", at: 4, ["action": "A-1"]),
            ev("action.dropped", at: 5, ["action": "A-1", "reason": "dup"]),
            ev("action.done", at: 6, ["action": "A-1"]),
            ev("action.done", at: 7, ["action": "A-9"]),
        ]).state
        #expect(
            s.badLines.map(\.reason) == [
                "follow-up A-1 already exists (added on line 3); give another id",
                "follow-up A-1 belongs to INC-1, not to this incident",
                "follow-up A-1 was dropped",
                "no follow-up A-9; `warroom actions --all` lists them",
            ])
    }

    @Test func actionsMakeTheEventsAndNameTheFollowUpsOwnIncident() throws {
        let s = read([declareLine(), declareLine("INC-2", at: 1), added("A-1", "x", at: 2)]).state
        let inc2 = try #require(s.incidents["INC-2"])
        let add = try Action.addFollowUp(text: "Patch", owner: "carol", due: T0, from: "cli").drafts(on: inc2, in: s, catalog: catalog)
        #expect(add.map(\.incident) == ["INC-2"])
        #expect(add.first?.data["action"]?.stringValue == "A-2")
        #expect(add.first?.data["due"]?.stringValue == ts(0))
        // Done names A-1's incident, whichever incident the console has open.
        let done = try Action.completeFollowUp(id: "A-1", note: nil).drafts(on: inc2, in: s, catalog: catalog)
        #expect(done.map(\.incident) == ["INC-1"])
        #expect(
            Action.refusal(of: .dropFollowUp(id: "A-1", reason: " "), in: s, catalog: catalog)?.reason
                == "say why A-1 is dropped: --reason \"…\"")
        #expect(
            Action.refusal(of: .addFollowUp(text: "  ", owner: nil, due: nil, from: nil), on: inc2, in: s, catalog: catalog)?.reason
                == "the follow-up's text is empty; say what is to be done")
    }

    @Test func theReportFillsItsTableFromTheRecord() throws {
        let s = read([
            declareLine(), added("A-1", "Rotate | the keys", at: 100, owner: "bob", due: 86400),
            ev("action.dropped", at: 200, ["action": "A-1", "reason": "done by vendor"]), added("A-2", "Runbook", at: 300, due: 400),
        ]).state
        let inc = try #require(s.incidents["INC-1"])
        let r = PostmortemReport(
            incident: inc, state: s, catalog: catalog, now: T0.addingTimeInterval(1000), journalPath: "j.jsonl", timeZone: .gmt)
        let md = r.markdown()
        #expect(md.contains("## Follow-up actions\n"))
        #expect(!md.contains("Follow-up actions (to fill in)"))
        #expect(md.contains("| A-1 Rotate \\| the keys | bob |"))
        #expect(md.contains("dropped 2026-11-22T08:03:20.000Z by alice: done by vendor"))
        #expect(md.contains("| A-2 Runbook | — |") && md.contains("| overdue |"))
        let json = r.json()
        guard case .array(let list)? = json.objectValue?["follow_ups"] else {
            Issue.record("no follow_ups array in the JSON report")
            return
        }
        #expect(list.compactMap { $0.objectValue?["status"]?.stringValue } == ["dropped", "open"])
        #expect(list.last?.objectValue?["overdue"] == .bool(true))
        // None recorded: the blank row to fill in, as before.
        let empty = read([declareLine()]).state
        let blank = PostmortemReport(
            incident: try #require(empty.incidents["INC-1"]), state: empty, catalog: catalog, now: T0, journalPath: "j", timeZone: .gmt)
        #expect(blank.markdown().contains("## Follow-up actions (to fill in)"))
    }

    @Test func dueDatesFromTheCommandLine() {
        let now = T0
        #expect(DueDate.parse("14d", now: now) == now.addingTimeInterval(14 * 86400))
        #expect(DueDate.parse("2026-12-31", now: now, zone: .gmt) == RFC3339.parse("2026-12-31T23:59:59Z"))
        #expect(DueDate.parse("2026-12-01T10:00:00Z", now: now) == RFC3339.parse("2026-12-01T10:00:00Z"))
        #expect(DueDate.parse("2026-02-30", now: now, zone: .gmt) == nil)
        #expect(DueDate.parse("tomorrow", now: now) == nil)
    }
}

@Suite("warroom action and warroom actions", .enabled(if: warroomBinary != nil, "needs the warroom binary"))
struct FollowUpCLITests {
    @Test func addFinishDropAndListAcrossJournals() async throws {
        let dir = TempDir("follow-ups")
        let a = dir.file("a.jsonl")
        let b = dir.file("b.jsonl")
        func run(_ args: [String], _ journal: String, _ extra: [String: String] = [:]) async throws -> ProcessResult {
            try await warroom(args, environment: cliEnvironment(["WARROOM_JOURNAL": journal].merging(extra) { $1 }))
        }
        _ = try await run(["declare", "--severity", "2", "--title", "Leak"], a)
        _ = try await run(["phase", "closed"], a)
        // A closed incident takes follow-ups: the review comes after the close.
        let add1 = try await run(["action", "add", "Rotate", "the", "keys", "--owner", "bob", "--due", "14d"], a)
        #expect(add1.status == 0, "\(add1.stderr)")
        #expect(add1.stdout.hasPrefix("INC-") && add1.stdout.contains(": follow-up A-1: Rotate the keys"), "\(add1.stdout)")
        let add2 = try await run(["action", "add", "Review report", "--due", "2020-01-01"], a)
        #expect(add2.stdout.contains("follow-up A-2:"), "\(add2.stdout)")
        #expect(add2.stderr.contains("the due date 2020-01-01 has already passed"), "\(add2.stderr)")
        _ = try await run(["declare", "--severity", "3", "--title", "Slow pages"], b)
        let add3 = try await run(["action", "add", "Cache", "--owner", "bob"], b)
        #expect(add3.stdout.contains("follow-up A-1:"), "\(add3.stdout)")

        let overdue = try await run(["actions", "--overdue"], a)
        #expect(overdue.stdout.split(separator: "\n").count == 1 && overdue.stdout.contains("A-2") && overdue.stdout.contains("OVERDUE"))
        let bobs = try await run(["actions", "--owner", "bob", "--json", a, b], a)
        #expect(bobs.status == 0, "\(bobs.stderr)")
        guard case .array(let list) = try JSONParser.parse(Array(bobs.stdout.utf8)) else {
            Issue.record("not a JSON array: \(bobs.stdout)")
            return
        }
        #expect(list.count == 2)
        #expect(list.compactMap { $0.objectValue?["journal"]?.stringValue } == [a, b])

        // Typed in lower case, as people do.
        let done = try await run(["action", "done", "a-1", "--note", "rotated"], a)
        #expect(done.status == 0, "\(done.stderr)")
        let again = try await run(["action", "done", "A-1"], a)
        #expect(again.status != 0 && again.stderr.contains("follow-up A-1 is already done"))
        let drop = try await run(["action", "drop", "A-2", "--reason", "merged"], a)
        #expect(drop.status == 0, "\(drop.stderr)")
        let open = try await run(["actions"], a)
        #expect(open.stdout == "no open follow-up actions\n")
        let all = try await run(["actions", "--all"], a)
        #expect(all.stdout.contains("done") && all.stdout.contains("dropped: merged"))

        // A journal that cannot be read is named; the others are still listed; exit 2.
        let missing = dir.file("nope/none.jsonl")
        let mixed = try await run(["actions", b, missing], a)
        #expect(mixed.status == 2)
        #expect(mixed.stdout.contains("Cache"))
        #expect(mixed.stderr.contains("none.jsonl"))

        // A directory stands for its journals.
        let whole = try await run(["actions", "--all", dir.path], a)
        #expect(whole.stdout.contains("Cache") && whole.stdout.contains("Rotate the keys"), "\(whole.stdout)")
        let zh = try await run(["actions", "--all"], a, ["WARROOM_LANG": "zh"])
        #expect(zh.stdout.contains("已完成") && zh.stdout.contains("已取消：merged"), "\(zh.stdout)")
        let check = try await run(["check"], a)
        #expect(check.status == 0, "\(check.stdout)")
    }
}
