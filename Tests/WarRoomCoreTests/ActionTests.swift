import Foundation
import Testing

@testable import WarRoomCore

/// Each action's events and each refusal's words: `warroom` and the console both show these.
@Suite("Actions: what a person can do, checked in one place")
struct ActionTests {
    let catalog = PlaybookCatalog.load(directory: playbooksDirectory)

    func state(_ lines: [String]) -> JournalState { read(lines).state }

    /// An L2 incident INC-1 under website-crisis declared by alice, bob on its roster and commander.
    func open() -> JournalState {
        state([
            declareLine(playbook: "website-crisis"),
            ev("member.joined", at: 1, ["member": "bob"]),
            ev("role.assigned", at: 2, ["role": "commander", "member": "bob"]),
        ])
    }

    func drafts(_ action: Action, _ s: JournalState, on id: String? = "INC-1") throws(EventError) -> [EventDraft] {
        try action.drafts(on: id.flatMap { s.incidents[$0] }, in: s, catalog: catalog)
    }

    func refusal(_ action: Action, _ s: JournalState, on id: String? = "INC-1") -> String? {
        Action.refusal(of: action, on: id.flatMap { s.incidents[$0] }, in: s, catalog: catalog)?.reason
    }

    func one(_ kind: EventType, _ data: JSONObject, _ incident: String? = "INC-1") -> [EventDraft] {
        [EventDraft(kind: kind, incident: incident, data: data)]
    }

    @Test func noteWritesTextAndKindButNotTheDefaultKind() throws {
        let s = open()
        #expect(try drafts(.note(text: "db slow", kind: nil), s) == one(.note, ["text": "db slow"]))
        #expect(
            try drafts(.note(text: "roll back", kind: .decision), s) == one(.note, ["text": "roll back", "kind": "decision"]))
        #expect(refusal(.note(text: "  ", kind: nil), s) == "the note is empty; give its text")
    }

    @Test func severityChangesOrIsRefusedAsNoChange() throws {
        let s = open()
        #expect(
            try drafts(.severity(.l1, reason: "spreading"), s) == one(.incidentSeverity, ["severity": 1, "reason": "spreading"]))
        #expect(try drafts(.severity(.l3, reason: ""), s) == one(.incidentSeverity, ["severity": 3]))
        #expect(refusal(.severity(.l2, reason: nil), s) == "INC-1 is already L2")
    }

    @Test func phaseChangesOrIsRefusedAsNoChange() throws {
        let s = open()
        #expect(
            try drafts(.phase(.verified, note: "scope known"), s)
                == one(.incidentPhase, ["phase": "verified", "note": "scope known"]))
        #expect(try drafts(.phase(.closed, note: nil), s) == one(.incidentPhase, ["phase": "closed"]))
        #expect(refusal(.phase(.declared, note: nil), s) == "INC-1 is already declared")
    }

    @Test func assignNeedsAKnownRoleUnlessNewAndAMember() throws {
        let s = open()
        #expect(
            try drafts(.assign(role: "scribe", member: "carol", newRole: false), s)
                == one(.roleAssigned, ["role": "scribe", "member": "carol"]))
        #expect(
            refusal(.assign(role: "wizard", member: "carol", newRole: false), s)?.hasPrefix(
                "unknown role \"wizard\" for INC-1; known roles: ") == true)
        #expect(try drafts(.assign(role: "wizard", member: "carol", newRole: true), s).count == 1)
        #expect(
            refusal(.assign(role: "scribe", member: " ", newRole: false), s)
                == "the member is empty; give the member's login or name")
    }

    @Test func releaseOnlyAHeldRole() throws {
        let s = open()
        #expect(try drafts(.release(role: "commander"), s) == one(.roleReleased, ["role": "commander"]))
        #expect(refusal(.release(role: "scribe"), s) == "role scribe is not held in INC-1, nothing to release (held: commander)")
    }

    @Test func joinPresenceAndLeaveActOnTheIncidentOrTheStandingRoster() throws {
        let s = open()
        #expect(
            try drafts(.join(member: "carol", name: "Carol", team: nil, contact: "x1"), s)
                == one(.memberJoined, ["member": "carol", "name": "Carol", "contact": "x1"]))
        #expect(
            try drafts(.presence(member: "bob", status: .away), s, on: nil)
                == one(.memberStatus, ["member": "bob", "status": "away"], nil))
        #expect(try drafts(.leave(member: "bob"), s) == one(.memberLeft, ["member": "bob"]))
        #expect(
            refusal(.leave(member: "mallory"), s)
                == "mallory is not on the roster of INC-1, nothing to leave (members: alice, bob)")
        #expect(refusal(.leave(member: "bob"), s, on: nil) == "bob is not on the standing roster, nothing to leave")
    }

    @Test func checklistItemsAreAddedAndOnlyKnownOnesTicked() throws {
        let s = open()
        #expect(
            try drafts(.addItem(item: "call-dpo", text: "Call the DPO", phase: .verified, due: "30m", role: "legal"), s)
                == one(
                    .checklistAdded,
                    ["item": "call-dpo", "text": "Call the DPO", "phase": "verified", "due": "30m", "role": "legal"]))
        #expect(
            refusal(.addItem(item: "x", text: "y", phase: nil, due: "soon", role: nil), s)
                == "the due time must be a duration like 30m, 4h or 7d, not \"soon\"")
        #expect(
            refusal(.addItem(item: "x", text: " ", phase: nil, due: nil, role: nil), s)
                == "the item's text is empty; say what to do")
        #expect(try drafts(.tick(item: "form-team"), s) == one(.checklistDone, ["item": "form-team"]))
        #expect(try drafts(.untick(item: "form-team"), s) == one(.checklistUndone, ["item": "form-team"]))
        #expect(refusal(.tick(item: "nope"), s)?.hasPrefix("no checklist item \"nope\" in INC-1; items: ") == true)
    }

    @Test func counterValuesAreParsedOnceForTheCLIAndTheConsole() throws {
        let s = open()
        #expect(
            try drafts(.counter(name: "complaints", value: 1380, unit: nil), s)
                == one(.counterSet, ["name": "complaints", "value": 1380]))
        #expect(CounterValue.parse("1,380") == .success(1380))
        guard case .failure(let refusal) = CounterValue.parse("1,2") else {
            Issue.record("1,2 was taken as a number")
            return
        }
        #expect(
            refusal.reason
                == "\"1,2\" is not a number: the value must be a number like 1234, 1,234 or 1234.5 (commas only between groups of three digits, a point before decimals)"
        )
        #expect(
            self.refusal(.counter(name: " ", value: 1, unit: nil), s)
                == "the counter's name is empty; give one such as complaints")
    }

    @Test func commsNeedsItsText() throws {
        let s = open()
        #expect(
            try drafts(.comms(audience: .internal, channel: "site", text: "We are on it"), s)
                == one(.commsPublished, ["audience": "internal", "text": "We are on it", "channel": "site"]))
        // External goes through a draft and an approval under the shipped policy: StatementTests.
        #expect(
            refusal(.comms(audience: .internal, channel: nil, text: ""), s) == "the text is empty; give the text as published")
    }

    @Test func switchPlaybookNeedsAnotherKnownPlaybook() throws {
        let s = open()
        #expect(
            try drafts(.switchPlaybook("data-breach", reason: "records for sale"), s)
                == one(.incidentPlaybook, ["playbook": "data-breach", "reason": "records for sale"]))
        #expect(refusal(.switchPlaybook("website-crisis", reason: nil), s) == "INC-1 already runs under website-crisis")
        #expect(refusal(.switchPlaybook("nope", reason: nil), s)?.hasPrefix("no playbook \"nope\"; known: ") == true)
        let none = Action.refusal(
            of: .switchPlaybook("nope", reason: nil), on: s.incidents["INC-1"], in: s, catalog: PlaybookCatalog())
        #expect(
            none?.reason == "no playbook \"nope\"; no playbooks were found (set WARROOM_DATA) (`warroom playbooks` lists them)")
    }

    @Test func anIncidentActionWithoutAnIncidentIsRefused() {
        #expect(refusal(.note(text: "hi", kind: nil), JournalState(), on: nil) == "no active incident; declare one first")
    }

    @Test func declareWritesTheDocumentedDataAndGetsTheNextIDUnderTheLock() throws {
        let start = T0.addingTimeInterval(-1800)
        let d = Declaration(
            severity: .l1, title: "Card data", playbook: "data-breach", summary: "bucket", startedAt: start, drill: true)
        let drafted = try drafts(.declare(d), JournalState(), on: nil)
        #expect(
            drafted
                == one(
                    .incidentDeclared,
                    [
                        "title": "Card data", "severity": 1, "started_at": .string(RFC3339.format(start)), "summary": "bucket",
                        "playbook": "data-breach", "drill": true,
                    ],
                    nil))
        let events = Action.stamp(drafted, in: open(), actor: "dana", login: "root", at: T0)
        #expect(events[0].incident == Identity.nextIncidentID(in: open(), at: T0))
        #expect(events[0].actor == "dana")
        #expect(events[0].login == "root")
        #expect(
            refusal(.declare(Declaration(severity: .l2, title: " ")), JournalState(), on: nil)
                == "the title is empty; give the incident a title")
        #expect(
            refusal(.declare(Declaration(severity: .l2, title: "x", playbook: "nope")), JournalState(), on: nil)?.hasPrefix(
                "no playbook \"nope\"") == true)
        #expect(
            refusal(.declare(Declaration(severity: .l2, title: "x", id: "has space")), JournalState(), on: nil)
                == "incident id must not contain spaces or control characters")
    }

    // MARK: Drills

    func drill() throws -> (Scenario, JournalState) {
        let sc = try Scenario.load(path: packageRoot + "/Tests/WarRoomCoreTests/Fixtures/scenarios/drill-long.toml")
        let start = DrillRunner(scenario: sc, incident: "INC-1").startEvents(speed: 1, run: "r1")
        var s = JournalState()
        for (k, e) in Action.stamp(start, in: s, actor: "facilitator", login: "facilitator", at: T0).enumerated() {
            #expect(s.apply(e, line: k + 1, offset: 0) == nil)
        }
        return (sc, s)
    }

    @Test func aDrillPausesAndResumesOnceEach() throws {
        var (_, s) = try drill()
        #expect(try drafts(.pauseDrill, s) == one(.drillPaused, JSONObject()))
        #expect(refusal(.resumeDrill, s) == "the drill is already running")
        let paused = Action.stamp(try drafts(.pauseDrill, s), in: s, actor: "f", login: "f", at: T0.addingTimeInterval(5))
        #expect(s.apply(paused[0], line: 9, offset: 0) == nil)
        #expect(refusal(.pauseDrill, s) == "the drill is already paused")
        #expect(try drafts(.resumeDrill, s) == one(.drillResumed, JSONObject()))
        #expect(refusal(.pauseDrill, open()) == "INC-1 is not a drill")
    }

    @Test func anInjectIsReleasedOnce() throws {
        var (sc, s) = try drill()
        let inject = try #require(sc.inject("regulator"))
        let batch = try drafts(.releaseInject(inject, scenario: sc), s)
        #expect(batch.map(\.type) == ["drill.inject", inject.event.type])
        #expect(batch[0].data["manual"] == .bool(true))
        #expect(throws: Never.self) { try Action.recheck(batch, in: s) }
        for (k, e) in Action.stamp(batch, in: s, actor: "f", login: "f", at: T0.addingTimeInterval(5)).enumerated() {
            #expect(s.apply(e, line: 10 + k, offset: 0) == nil)
        }
        #expect(refusal(.releaseInject(inject, scenario: sc), s) == "inject regulator was already released")
        // A console that built the batch before another released it is refused under the lock.
        #expect(throws: EventError("inject regulator was already released")) { try Action.recheck(batch, in: s) }
    }
}
