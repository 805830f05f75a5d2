import Foundation
import Testing

@testable import WarRoomCore

@Suite("Folding events into state")
struct StateFoldTests {
    func at(_ s: TimeInterval) -> Date { T0.addingTimeInterval(s) }

    @Test func declarationSetsEveryIncidentField() throws {
        let r = read([
            declareLine(
                "INC-7", severity: 1, title: "Card data exposed", at: 10, actor: "dana", playbook: "data-breach",
                extra: ["summary": "S3 bucket public", "drill": true, "started_at": "2026-11-22T07:30:00+00:00"])
        ])
        #expect(r.state.badLines.isEmpty)
        let inc = try #require(r.state.incidents["INC-7"])
        #expect(inc.id == "INC-7")
        #expect(inc.title == "Card data exposed")
        #expect(inc.summary == "S3 bucket public")
        #expect(inc.playbook == "data-breach")
        #expect(inc.drill)
        #expect(inc.severity == .l1)
        #expect(inc.phase == .declared)
        #expect(inc.declaredAt == at(10))
        #expect(inc.declaredBy == "dana")
        #expect(inc.declaredOnLine == 1)
        #expect(inc.startedAt == at(-1800))
        #expect(inc.lastEventAt == at(10))
        #expect(inc.severityHistory == [SeverityChange(line: 1, at: at(10), from: nil, to: .l1, by: "dana", reason: nil)])
        #expect(inc.phaseHistory == [PhaseChange(at: at(10), from: nil, to: .declared, by: "dana", note: nil)])
        #expect(inc.timeline.count == 1)
        #expect(r.state.incidentOrder == ["INC-7"])
        #expect(r.state.defaultIncident?.id == "INC-7")
        #expect(r.state.lastAction == ["dana": at(10)])
    }

    @Test func declarationDefaultsWhenOptionalMembersAreAbsent() throws {
        let inc = try #require(read([declareLine(severity: 3)]).state.incidents["INC-1"])
        #expect(inc.drill == false)
        #expect(inc.summary == nil)
        #expect(inc.playbook == nil)
        #expect(inc.startedAt == nil)
        #expect(inc.severity == .l3)
    }

    @Test func severityChangesAreRecordedInHistory() throws {
        let r = read([
            declareLine(severity: 3),
            ev("incident.severity", at: 60, actor: "bob", ["severity": 1, "reason": "records leaked"]),
            ev("incident.severity", at: 120, actor: "carol", ["severity": 2]),
        ])
        let inc = try #require(r.state.incidents["INC-1"])
        #expect(inc.severity == .l2)
        #expect(
            inc.severityHistory == [
                SeverityChange(line: 1, at: at(0), from: nil, to: .l3, by: "alice", reason: nil),
                SeverityChange(line: 2, at: at(60), from: .l3, to: .l1, by: "bob", reason: "records leaked"),
                SeverityChange(line: 3, at: at(120), from: .l1, to: .l2, by: "carol", reason: nil),
            ])
        #expect(inc.firstTime(atLeast: .l1) == at(60))
        #expect(inc.firstTime(atLeast: .l2) == at(60))
        #expect(inc.firstTime(atLeast: .l3) == at(0))
        #expect(inc.lastEventAt == at(120))
        #expect(inc.timeline.count == 3)
    }

    @Test func phaseChangesAreRecordedAndClosedIncidentsAreNotDefault() throws {
        let r = read([
            declareLine("INC-1"), declareLine("INC-2", at: 5),
            ev("incident.phase", "INC-2", at: 60, ["phase": "verified", "note": "scope known"]),
            ev("incident.phase", "INC-2", at: 120, ["phase": "closed"]),
        ])
        let inc = try #require(r.state.incidents["INC-2"])
        #expect(inc.phase == .closed)
        #expect(inc.isClosed)
        try #require(inc.phaseHistory.map(\.to) == [.declared, .verified, .closed])
        #expect(inc.phaseHistory[1] == PhaseChange(at: at(60), from: .declared, to: .verified, by: "alice", note: "scope known"))
        #expect(inc.phaseHistory[2].from == .verified)
        #expect(inc.firstTime(in: .verified) == at(60))
        #expect(inc.firstTime(in: .recovered) == nil)
        #expect(r.state.defaultIncident?.id == "INC-1")
        #expect(r.state.openIncidents.map(\.id) == ["INC-1"])
        #expect(r.state.orderedIncidents.map(\.id) == ["INC-1", "INC-2"])
    }

    @Test func notesGoOnTheTimelineOnly() throws {
        let r = read([declareLine(), ev("note", at: 3, actor: "bob", ["text": "db is slow", "kind": "decision"])])
        let inc = try #require(r.state.incidents["INC-1"])
        try #require(inc.timeline.count == 2)
        #expect(inc.timeline[1].line == 2)
        #expect(inc.timeline[1].event.string("text") == "db is slow")
        #expect(inc.comms.isEmpty && inc.roles.isEmpty && inc.counters.isEmpty)
        #expect(EventSentence.describe(inc.timeline[1].event) == "decision: db is slow")
        #expect(r.state.lastAction["bob"] == at(3))
    }

    @Test func rolesAreAssignedReplacedAndReleased() throws {
        let r = read([
            declareLine(),
            ev("role.assigned", at: 1, ["role": "commander", "member": "bob"]),
            ev("role.assigned", at: 2, ["role": "scribe", "member": "carol"]),
            ev("role.assigned", at: 3, actor: "bob", ["role": "commander", "member": "dana"]),
            ev("role.released", at: 4, ["role": "scribe"]),
        ])
        let inc = try #require(r.state.incidents["INC-1"])
        #expect(inc.roles == ["commander": "dana"])
        #expect(
            inc.roleHistory == [
                RoleAssignment(at: at(1), role: "commander", member: "bob", by: "alice"),
                RoleAssignment(at: at(2), role: "scribe", member: "carol", by: "alice"),
                RoleAssignment(at: at(3), role: "commander", member: "dana", by: "bob", previous: "bob"),
                RoleAssignment(at: at(4), role: "scribe", member: nil, by: "alice", previous: "carol"),
            ])
        #expect(inc.timeline.count == 5)
    }

    @Test func membersJoinChangeStatusAndLeaveWithinAnIncident() throws {
        let r = read([
            declareLine(),
            ev("member.joined", at: 1, actor: "bob", ["member": "bob", "name": "Bob B", "team": "SRE", "contact": "x123"]),
            ev("member.joined", at: 2, ["member": "carol"]),
            ev("member.status", at: 3, actor: "bob", ["member": "bob", "status": "engaged"]),
            ev("member.left", at: 4, ["member": "carol"]),
        ])
        let inc = try #require(r.state.incidents["INC-1"])
        // alice declared: she is on the roster from the start.
        #expect(inc.memberOrder == ["alice", "bob"])
        #expect(inc.members["bob"] == RosterMember(id: "bob", name: "Bob B", team: "SRE", contact: "x123", joinedAt: at(1)))
        #expect(inc.members["carol"] == nil)
        #expect(inc.roster.map(\.id) == ["alice", "bob"])
        #expect(r.state.presence(of: "bob") == .engaged)
        #expect(r.state.presence(of: "carol") == .available)
        #expect(r.state.standingRoster.isEmpty)
        #expect(inc.timeline.count == 5)
        #expect(r.state.lastAction == ["alice": at(4), "bob": at(3)])
    }

    @Test func rejoiningKeepsTheFirstPlaceInTheRoster() throws {
        let r = read([
            declareLine(),
            ev("member.joined", at: 1, ["member": "bob"]),
            ev("member.joined", at: 2, ["member": "carol"]),
            ev("member.joined", at: 3, ["member": "bob", "team": "SRE"]),
        ])
        let inc = try #require(r.state.incidents["INC-1"])
        #expect(inc.memberOrder == ["alice", "bob", "carol"])
        #expect(inc.members["bob"]?.team == "SRE")
    }

    @Test func membersOutsideAnIncidentFormTheStandingRoster() throws {
        let r = read([
            ev("member.joined", nil, at: 1, ["member": "erin", "name": "Erin"]),
            ev("member.joined", nil, at: 2, ["member": "frank"]),
            ev("member.status", nil, at: 3, ["member": "erin", "status": "offline"]),
            ev("member.left", nil, at: 4, ["member": "frank"]),
            declareLine(at: 5),
        ])
        #expect(r.state.badLines.isEmpty)
        #expect(r.state.eventsApplied == 5)
        #expect(r.state.standingOrder == ["erin"])
        #expect(r.state.standingRoster.map(\.name) == ["Erin"])
        #expect(r.state.presence(of: "erin") == .offline)
        // Only the declarer: the others joined the standing roster.
        #expect(r.state.incidents["INC-1"]?.memberOrder == ["alice"])
        #expect(r.state.incidents["INC-1"]?.timeline.count == 1)
    }

    @Test func presenceIsSharedAcrossIncidentsAndTheStandingRoster() throws {
        let r = read([
            declareLine(),
            ev("member.joined", nil, at: 1, ["member": "bob"]),
            ev("member.status", "INC-1", at: 2, ["member": "bob", "status": "away"]),
        ])
        #expect(r.state.presence(of: "bob") == .away)
        let s = read([
            declareLine(),
            ev("member.status", "INC-1", at: 2, ["member": "bob", "status": "away"]),
            ev("member.status", nil, at: 3, ["member": "bob", "status": "engaged"]),
        ])
        #expect(s.state.presence(of: "bob") == .engaged)
    }

    @Test func checklistItemsAreAddedTickedAndUnticked() throws {
        let r = read([
            declareLine(),
            ev(
                "checklist.added", at: 1,
                ["item": "call-bank", "text": "Call the bank", "phase": "contained", "due": "1h30m", "role": "finance"]),
            ev("checklist.added", at: 2, ["item": "status-page", "text": "Post on status page"]),
            ev("checklist.done", at: 3, actor: "bob", ["item": "call-bank"]),
            ev("checklist.done", at: 4, actor: "bob", ["item": "status-page"]),
            ev("checklist.undone", at: 5, ["item": "status-page"]),
            ev("checklist.added", at: 6, actor: "carol", ["item": "status-page", "text": "Post on the status page"]),
        ])
        let inc = try #require(r.state.incidents["INC-1"])
        try #require(inc.addedItems.count == 2)
        #expect(
            inc.addedItems[0]
                == AddedItem(
                    item: "call-bank", text: "Call the bank", phase: .contained, due: 5400, role: "finance",
                    addedBy: "alice", addedAt: at(1)))
        #expect(inc.addedItems[1].text == "Post on the status page")
        #expect(inc.addedItems[1].addedBy == "carol")
        #expect(inc.ticks == ["call-bank": Tick(by: "bob", at: at(3))])
        #expect(inc.timeline.count == 7)
        let entries = Checklist.entries(for: inc, playbook: nil)
        #expect(entries.map(\.id) == ["status-page", "call-bank"])  // declared phase before contained
        #expect(entries.first { $0.id == "call-bank" }?.dueAt == at(5400))
        #expect(Checklist.progress(entries) == ChecklistProgress(done: 1, total: 2))
    }

    @Test func countersKeepValueUnitAndHistory() throws {
        let r = read([
            declareLine(),
            ev("counter.set", at: 1, ["name": "complaints", "value": 120]),
            ev("counter.set", at: 2, ["name": "outage_minutes", "value": 30, "unit": "min"]),
            ev("counter.set", at: 3, actor: "bob", ["name": "complaints", "value": 1204.5, "unit": "tickets"]),
            ev("counter.set", at: 4, ["name": "complaints", "value": 1300]),
        ])
        let inc = try #require(r.state.incidents["INC-1"])
        #expect(inc.counterOrder == ["complaints", "outage_minutes"])
        let c = try #require(inc.counters["complaints"])
        #expect(c.value == 1300)
        #expect(c.unit == "tickets")
        #expect(
            c.history == [
                CounterReading(at: at(1), value: 120, by: "alice"), CounterReading(at: at(3), value: 1204.5, by: "bob"),
                CounterReading(at: at(4), value: 1300, by: "alice"),
            ])
        #expect(inc.counters["outage_minutes"]?.unit == "min")
        #expect(inc.orderedCounters.map(\.name) == ["complaints", "outage_minutes"])
    }

    @Test func commsArePublishedToTheirAudience() throws {
        let r = read([
            declareLine(),
            ev("comms.published", at: 1, ["audience": "internal", "text": "heads up"]),
            ev("comms.published", at: 2, actor: "pr", ["audience": "external", "text": "We are on it", "channel": "status page"]),
            ev("comms.published", at: 3, ["audience": "management", "text": "briefing"]),
            ev("comms.published", at: 4, ["audience": "regulator", "text": "report"]),
        ])
        let inc = try #require(r.state.incidents["INC-1"])
        try #require(inc.comms.map(\.audience) == [.internal, .external, .management, .regulator])
        #expect(inc.comms[1] == Communication(at: at(2), audience: .external, text: "We are on it", channel: "status page", by: "pr"))
        #expect(inc.timeline.count == 5)
    }

    @Test func eventsOfTwoIncidentsStayApart() throws {
        let r = read([
            declareLine("INC-A"), declareLine("INC-B", severity: 1, at: 1),
            noteLine("for A", "INC-A", at: 2), noteLine("for B", "INC-B", at: 3), noteLine("also B", "INC-B", at: 4),
            ev("counter.set", "INC-A", at: 5, ["name": "complaints", "value": 1]),
        ])
        #expect(r.state.incidents["INC-A"]?.timeline.count == 3)
        #expect(r.state.incidents["INC-B"]?.timeline.count == 3)
        #expect(r.state.incidents["INC-B"]?.counters.isEmpty == true)
        #expect(r.state.defaultIncident?.id == "INC-B")
    }

    @Test func countsAndLastActionCoverTheWholeJournal() throws {
        let r = read([
            declareLine(actor: "alice"), noteLine("a", at: 5, actor: "bob"), noteLine("b", at: 7, actor: "alice"),
            ev("member.joined", nil, at: 9, actor: "carol", ["member": "carol"]), "junk",
        ])
        #expect(r.state.eventsApplied == 4)
        #expect(r.state.badLines.count == 1)
        #expect(r.state.lastAction == ["alice": at(7), "bob": at(5), "carol": at(9)])
        #expect(r.state.lastEventAt == at(9))
    }

    @Test func rejectedEventsChangeNothing() throws {
        let r = read([declareLine(), noteLine("ok")])
        let before = r.state
        var state = r.state
        let e = Event(.note, ts: T0, actor: "x", incident: "INC-404", data: ["text": "y"])
        let error = state.apply(e, line: 3, offset: 99)
        #expect(error?.reason.contains("never declared") == true)
        #expect(state.eventsApplied == before.eventsApplied)
        #expect(state.incidents == before.incidents)
        #expect(state.lastAction == before.lastAction)
        #expect(state.badLines == [BadLine(line: 3, offset: 99, reason: error?.reason ?? "")])
        #expect(state.check(e) != nil)
        #expect(state.check(Event(.note, ts: T0, actor: "x", incident: "INC-1", data: ["text": "y"])) == nil)
    }

    @Test func eventLinesRoundTripThroughTheDecoder() throws {
        var e = Event(
            .commsPublished, ts: T0.addingTimeInterval(0.25), actor: "bob", incident: "INC-1", id: "abc",
            data: ["audience": "external", "text": "line1\nline2 \u{1B}[31m"])
        e.login = "robert"
        let line = e.jsonLine()
        #expect(!line.contains("\n"))
        let decoded = try LineDecoder.decode(line).get()
        #expect(decoded == e)
        #expect(
            line.hasPrefix(
                #"{"v":1,"ts":"2026-11-22T08:00:00.250Z","type":"comms.published","actor":"bob","login":"robert","incident":"INC-1","id":"abc","data":"#
            ))
    }

    /// The fold remembers where the last incidents and actors sit; copies of a state that then go
    /// their own ways (the console keeps one while the reader folds on) must fold exactly as a
    /// state folded from scratch, new incidents declared in between included.
    @Test func copiesOfAStateFoldLikeAFreshState() throws {
        var lines: [String] = []
        for k in 0..<6 { lines.append(declareLine("INC-\(k)", at: Double(k))) }
        for k in 0..<300 {
            let id = "INC-\(k % 6)"
            let actor = ["alice", "王芳", "bob", "李雷"][k % 4]
            switch k % 3 {
            case 0: lines.append(noteLine("n\(k)", id, at: Double(10 + k), actor: actor))
            case 1: lines.append(ev("counter.set", id, at: Double(10 + k), actor: actor, ["name": "c", "value": .number(Double(k))]))
            default:
                lines.append(ev("member.status", id, at: Double(10 + k), actor: actor, ["member": .string(actor), "status": "engaged"]))
            }
            if k == 150 { lines.append(declareLine("INC-late", at: Double(10 + k))) }
        }
        let events = try lines.map { try LineDecoder.decode($0).get() }
        func fold(_ range: Range<Int>, into s: inout JournalState) {
            for i in range { s.apply(events[i], line: i + 1, offset: 0) }
        }
        for cut in [10, 100, 155, 250] {
            var a = JournalState()
            fold(0..<cut, into: &a)
            var b = a  // shares storage until one of them changes
            fold(cut..<events.count, into: &a)
            let aDone = a
            fold(cut..<events.count, into: &b)
            var fresh = JournalState()
            fold(0..<events.count, into: &fresh)
            #expect(aDone == fresh, "cut at \(cut)")
            #expect(b == fresh, "cut at \(cut)")
            #expect(b.lastAction == fresh.lastAction && b.incidents["INC-3"]?.counters == fresh.incidents["INC-3"]?.counters)
        }
    }

    // MARK: Issue 12: the declarer, consoles' presence, the on-call roster, switching playbooks

    @Test("the declarer is on the roster, stays first when others join, and leaves like anyone")
    func declarerIsOnTheRoster() throws {
        let r = read([
            declareLine(actor: "dana"),
            ev("member.joined", at: 1, actor: "bob", ["member": "bob"]),
            ev("member.joined", at: 2, actor: "dana", ["member": "dana", "team": "Legal", "contact": "ext. 9"]),
        ])
        var inc = try #require(r.state.incidents["INC-1"])
        #expect(inc.roster.map(\.id) == ["dana", "bob"])
        #expect(inc.members["dana"] == RosterMember(id: "dana", name: nil, team: "Legal", contact: "ext. 9", joinedAt: at(2)))
        inc = try #require(read([declareLine(actor: "dana"), ev("member.left", at: 1, ["member": "dana"])]).state.incidents["INC-1"])
        #expect(inc.roster.isEmpty)
    }

    @Test("incident.playbook switches the playbook, records the change, and keeps ticks by item id")
    func playbookSwitch() throws {
        let r = read([
            declareLine(severity: 2, playbook: "website-crisis"),
            ev("checklist.done", at: 1, ["item": "grade-crisis"]),
            ev("checklist.done", at: 2, ["item": "one-voice"]),
            ev("incident.playbook", at: 3, actor: "bob", ["playbook": "data-breach", "reason": "it is a leak"]),
        ])
        #expect(r.state.badLines.isEmpty)
        let inc = try #require(r.state.incidents["INC-1"])
        #expect(inc.playbook == "data-breach")
        #expect(
            inc.playbookHistory == [PlaybookChange(at: at(3), from: "website-crisis", to: "data-breach", by: "bob", reason: "it is a leak")]
        )
        #expect(inc.timeline.map(\.event.type).last == "incident.playbook")
        // The checklist is the new playbook's; a tick survives where the new playbook has the same id.
        let old = try #require(shippedCatalog.playbook(named: "website-crisis"))
        let new = try #require(shippedCatalog.playbook(named: "data-breach"))
        let entries = Checklist.entries(for: inc, playbook: shippedCatalog.playbook(named: inc.playbook))
        #expect(entries.map(\.id) == Checklist.entries(for: inc, playbook: new).map(\.id))
        #expect(entries.map(\.id) != Checklist.entries(for: inc, playbook: old).map(\.id))
        #expect(entries.filter(\.isDone).map(\.id) == ["one-voice"], "both playbooks have one-voice")
        #expect(inc.ticks.keys.sorted() == ["grade-crisis", "one-voice"], "ticks of items the new playbook lacks are kept")
        // Switching back brings the old playbook's ticks back.
        let back = read([
            declareLine(severity: 2, playbook: "website-crisis"), ev("checklist.done", at: 1, ["item": "grade-crisis"]),
            ev("incident.playbook", at: 3, ["playbook": "data-breach"]), ev("incident.playbook", at: 4, ["playbook": "website-crisis"]),
        ]).state.incidents["INC-1"]
        #expect(Checklist.entries(for: try #require(back), playbook: old).first { $0.id == "grade-crisis" }?.isDone == true)
        #expect(EventSentence.describe(try #require(inc.timeline.last).event) == "playbook → data-breach: it is a leak")
    }

    @Test("incident.playbook without a playbook, or for an undeclared incident, is a bad line")
    func playbookSwitchBadLines() {
        let r = read([
            declareLine(),
            ev("incident.playbook", at: 1, ["reason": "no name"]),
            ev("incident.playbook", "INC-9", at: 2, ["playbook": "data-breach"]),
            ev("incident.playbook", at: 3, ["playbook": " "]),
        ])
        #expect(r.state.badLines.map(\.line) == [2, 3, 4])
        #expect(r.state.badLines.first?.reason == "missing data.playbook, required for incident.playbook")
        #expect(r.state.incidents["INC-1"]?.playbook == nil)
    }

    func status(_ member: String, _ status: String, at t: TimeInterval, console: String? = nil, closed: Bool = false, pid: Int = 100)
        -> String
    {
        var d: JSONObject = ["member": .string(member), "status": .string(status)]
        if let console {
            d["console"] = .string(console)
            if closed {
                d["closed"] = true
            } else {
                d["host"] = "jump1"
                d["pid"] = .number(Double(pid))
            }
        }
        return ev("member.status", nil, at: t, actor: member, d)
    }

    @Test("consoles opening and closing: the fold counts them per member; presence stays last-wins")
    func consoleSessionsFold() {
        let r = read([
            status("bob", "engaged", at: 1, console: "c1", pid: 101),
            status("bob", "engaged", at: 2, console: "c2", pid: 102),
            status("carol", "engaged", at: 3, console: "c3"),
            status("bob", "engaged", at: 4, console: "c1", closed: true),
            status("carol", "offline", at: 5, console: "c3", closed: true),
        ])
        #expect(r.state.badLines.isEmpty)
        #expect(r.state.openConsoles == [ConsoleSession(id: "c2", member: "bob", host: "jump1", pid: 102, openedAt: at(2))])
        #expect(r.state.consoles(of: "bob").map(\.id) == ["c2"])
        #expect(r.state.consoles(of: "carol").isEmpty)
        #expect(r.state.presence(of: "bob") == .engaged)
        #expect(r.state.presence(of: "carol") == .offline)
        // A bad `console` member is a bad line, as for any data member of a known type.
        #expect(read([status("bob", "engaged", at: 1, console: " ")]).state.badLines.count == 1)
    }

    @Test("a console opening: engaged journal-wide, joins the shown open incident once, closes its member's dead consoles")
    func consoleOpening() throws {
        var s = read([
            declareLine(actor: "alice"),
            status("bob", "engaged", at: 1, console: "old", pid: 7),
            status("bob", "engaged", at: 2, console: "elsewhere", pid: 8),
        ]).state
        let inc = try #require(s.incidents["INC-1"])
        let drafts = ConsolePresence.opening(
            member: "bob", console: "new", host: "jump1", pid: 42, incident: inc, in: s, isGone: { $0.id == "old" })
        #expect(drafts.map(\.kind) == [.memberStatus, .memberJoined, .memberStatus])
        #expect(drafts[0].incident == nil)
        #expect(drafts[0].data == ["member": "bob", "status": "offline", "console": "old", "closed": true])
        #expect(drafts[1].incident == "INC-1")
        #expect(drafts[1].data == ["member": "bob"])
        #expect(drafts[2].incident == nil)
        #expect(drafts[2].data == ["member": "bob", "status": "engaged", "console": "new", "host": "jump1", "pid": 42])
        // Folded, the new console and the one on the other process stay open; the dead one is gone.
        for (k, d) in drafts.enumerated() { s.apply(d.stamp(actor: "bob", login: "bob", at: at(10 + Double(k))), line: 10 + k, offset: 0) }
        #expect(Set(s.consoles(of: "bob").map(\.id)) == ["elsewhere", "new"])
        #expect(s.incidents["INC-1"]?.roster.map(\.id) == ["alice", "bob"])
        // Already on the roster, or the incident closed: no join.
        let again = ConsolePresence.opening(
            member: "alice", console: "a1", host: "jump1", pid: 43, incident: s.incidents["INC-1"], in: s, isGone: { _ in false })
        #expect(again.map(\.kind) == [.memberStatus])
        var closed = try #require(s.incidents["INC-1"])
        closed.phase = .closed
        #expect(
            ConsolePresence.opening(member: "zoe", console: "z", host: "h", pid: 1, incident: closed, in: s, isGone: { _ in false })
                .map(\.kind) == [.memberStatus])
    }

    @Test("a console closing: offline when it was its member's last, presence unchanged while another is open")
    func consoleClosing() {
        let s = read([
            status("bob", "engaged", at: 1, console: "c1"),
            status("bob", "engaged", at: 2, console: "c2"),
            status("bob", "away", at: 3),
        ]).state
        let first = ConsolePresence.closing(member: "bob", console: "c1", in: s, isGone: { _ in false })
        #expect(first.map(\.data) == [["member": "bob", "status": "away", "console": "c1", "closed": true]])
        // The other console crashed: this one is the last, and closes the crashed one too.
        let last = ConsolePresence.closing(member: "bob", console: "c1", in: s, isGone: { $0.id == "c2" })
        #expect(
            last.map(\.data) == [
                ["member": "bob", "status": "offline", "console": "c2", "closed": true],
                ["member": "bob", "status": "offline", "console": "c1", "closed": true],
            ])
        var after = s
        for (k, d) in last.enumerated() { after.apply(d.stamp(actor: "bob", login: "bob", at: at(5 + Double(k))), line: 5 + k, offset: 0) }
        #expect(after.presence(of: "bob") == .offline)
        #expect(after.openConsoles.isEmpty)
        // A console that never registered (read-only) writes nothing when it closes.
        #expect(ConsolePresence.closing(member: "bob", console: "never", in: s, isGone: { _ in false }).isEmpty)
    }

    @Test("a session of this host whose process is gone is gone; other hosts and live processes are not")
    func consoleLiveness() {
        let me = ConsoleSession(id: "a", member: "bob", host: "h1", pid: Int(getpid()), openedAt: T0)
        #expect(!me.isGone(onHost: "h1"))
        #expect(!me.isGone(onHost: "h2"), "another host's sessions cannot be checked")
        // A pid above the kernel's pid_max never exists.
        let dead = ConsoleSession(id: "b", member: "bob", host: "h1", pid: 9_999_999, openedAt: T0)
        #expect(dead.isGone(onHost: "h1"))
        #expect(!ConsoleSession(id: "c", member: "bob", host: "h1", pid: nil, openedAt: T0).isGone(onHost: "h1"))
    }

    @Test("the on-call roster: the reachable first, then the rest, with team and contact")
    func onCall() {
        let s = read([
            ev("member.joined", nil, at: 1, ["member": "erin", "team": "DBA", "contact": "+86 138"]),
            ev("member.joined", nil, at: 2, ["member": "frank", "team": "SRE"]),
            ev("member.joined", nil, at: 3, ["member": "gina"]),
            ev("member.status", nil, at: 4, ["member": "erin", "status": "offline"]),
            ev("member.status", nil, at: 5, ["member": "gina", "status": "engaged"]),
        ]).state
        #expect(s.onCall.map(\.member.id) == ["frank", "gina", "erin"])
        #expect(s.onCall.map(\.isReachable) == [true, true, false])
        #expect(s.onCall.last?.member.contact == "+86 138")
        #expect(Presence.allCases.filter(\.isReachable) == [.available, .engaged])
    }
}
