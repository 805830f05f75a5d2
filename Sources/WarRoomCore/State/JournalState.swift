import Foundation

/// Everything the journal says, folded in file order. A value: the same
/// events in the same order always give the same state.
public struct JournalState: Sendable, Equatable, Codable {
    public var eventsApplied = 0
    public var unknownTypes = 0
    /// Bad lines: their count and the first and last of them (bounded memory, see BadLineLog).
    public var badLineLog = BadLineLog()
    /// The bad lines kept (the first and last ones); `badLineCount` says how many there were.
    public var badLines: [BadLine] {
        get { badLineLog.kept }
        set { badLineLog = BadLineLog(newValue) }
    }
    public var badLineCount: Int { badLineLog.count }
    public private(set) var incidents: [String: Incident] = [:]
    /// Incident ids in the order they were declared.
    public private(set) var incidentOrder: [String] = []
    /// The standing roster: members who joined outside any incident.
    public private(set) var standingMembers: [String: RosterMember] = [:]
    public private(set) var standingOrder: [String] = []
    /// Presence per member, from `member.status` anywhere in the journal.
    public private(set) var presence: [String: Presence] = [:]
    /// Consoles open now, by what their `member.status` lines say, in the order they opened
    /// (see ConsolePresence). A console that crashed stays here until one of its member's
    /// consoles on the same host closes it.
    public private(set) var openConsoles: [ConsoleSession] = []
    /// The time of each actor's latest event in file order.
    public var lastAction: [String: Date] {
        actorSlots.mapValues { actionTimes[$0] }
    }
    public func lastAction(of actor: String) -> Date? {
        actorSlots[actor].map { actionTimes[$0] }
    }
    /// Each actor's place in `actionTimes`: places are never reused or removed.
    private var actorSlots: [String: Int] = [:]
    private var actionTimes: [Date] = []
    /// The places of the last actors: the next event is most often by one of the same few people.
    private var lastActor = RecentNames<Int>(size: 16)
    /// Where the last incidents acted on sit in `incidents`: the next event is most often theirs.
    private var incidentCache = IncidentPlaces()
    /// Events of types this version does not know, in file order.
    public private(set) var unknownEvents: [TimelineEntry] = []
    /// The `ts` of the last applied event.
    public private(set) var lastEventAt: Date?
    /// Drills by the incident they run.
    public private(set) var drills: [String: DrillRun] = [:]
    /// Signals by fingerprint, and their fingerprints in the order first fired.
    public private(set) var signals: [String: Signal] = [:]
    public private(set) var signalOrder: [String] = []
    /// The fingerprints of the signals firing now, in the order they (last) fired: consoles ask
    /// for the open ones every frame, and a year of alerts must not be walked each time.
    private var openSignalOrder: [String] = []
    /// The open signals nobody has declared an open incident from yet (the alerts line's).
    public private(set) var awaitingSignals = AwaitingSignals()
    /// The notifier's messages by id (see NotifyMessage).
    public private(set) var notifyMessages: [String: NotifyMessage] = [:]
    /// Follow-up actions by id, and their ids in the order added (see FollowUp).
    public private(set) var followUps: [String: FollowUp] = [:]
    public private(set) var followUpOrder: [String] = []
    /// Statements drafted for publication by id, and their ids in the order drafted (see Statement).
    public private(set) var statements: [String: Statement] = [:]
    public private(set) var statementOrder: [String] = []
    /// Whether timelines (and the list of unknown events) are kept. Replay
    /// snapshots fold without them and take them from the live state, since
    /// they are the bulk of the state and only ever grow at the end.
    public var recordsTimelines = true
    /// With `recordsTimelines`: keep the timelines of incidents that are not closed, and of
    /// `keptTimeline`, and drop a timeline when its incident closes (a console holds what it can
    /// show, not a year of closed incidents; it reads those back when one is shown).
    public var openTimelinesOnly = false
    /// The closed incident whose timeline is kept too in `openTimelinesOnly` (the one on screen).
    public private(set) var keptTimeline: String?

    public init() {}

    public var orderedIncidents: [Incident] { incidentOrder.compactMap { incidents[$0] } }

    /// The incident commands act on by default: the most recently declared one that is not closed.
    public var defaultIncident: Incident? {
        for id in incidentOrder.reversed() {
            if let inc = incidents[id], !inc.isClosed { return inc }
        }
        return nil
    }

    public var openIncidents: [Incident] { orderedIncidents.filter { !$0.isClosed } }

    public func presence(of member: String) -> Presence { presence[member] ?? .available }

    /// The time scale an incident's deadlines count in: scenario time for a drill.
    public func timescale(for incident: String) -> Timescale {
        drills[incident]?.timescale ?? .real
    }

    /// The most recently started drill that has not ended.
    public var runningDrill: DrillRun? {
        drills.values.filter { !$0.isEnded }.max { $0.startedLine < $1.startedLine }
    }

    public var standingRoster: [RosterMember] { standingOrder.compactMap { standingMembers[$0] } }

    /// Follow-up actions in the order they were added.
    public var orderedFollowUps: [FollowUp] { followUpOrder.compactMap { followUps[$0] } }

    /// An incident's statements in the order drafted.
    public func statements(of incident: String) -> [Statement] {
        statementOrder.compactMap { statements[$0] }.filter { $0.incident == incident }
    }

    /// A statement by its id as typed (`s-2` is S-2: ids warroom assigns are upper case).
    public func statement(_ id: String) -> Statement? { statements[id] ?? statements[id.uppercased()] }

    /// Signals still firing, oldest first.
    public var openSignals: [Signal] { openSignalOrder.compactMap { signals[$0] } }
    /// The open signals' fingerprints, oldest first: to look for one without copying them all.
    public var openSignalFingerprints: [String] { openSignalOrder }

    /// This state with the timelines, unknown events and bad lines of `full`
    /// up to `line`: used by replay to complete a snapshot folded without them.
    public func completed(from full: JournalState, throughLine line: Int) -> JournalState {
        var s = self
        s.recordsTimelines = full.recordsTimelines
        func prefix(_ entries: [TimelineEntry]) -> [TimelineEntry] {
            var lo = 0
            var hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if entries[mid].line <= line { lo = mid + 1 } else { hi = mid }
            }
            return Array(entries[0..<lo])
        }
        for id in s.incidentOrder {
            if let source = full.incidents[id] {
                s.incidents[id]?.timeline = prefix(source.timeline)
                s.incidents[id]?.places = source.places.through(line: line)
            }
        }
        s.unknownEvents = prefix(full.unknownEvents)
        s.badLineLog = full.badLineLog.through(line: line)
        return s
    }

    /// Records a line that could not be decoded.
    public mutating func recordBad(_ bad: BadLine) {
        badLineLog.append(bad)
    }

    /// Folds one decoded event. Returns the reason when the event does not
    /// fit the state (an event for an undeclared incident, a second
    /// declaration); the caller reports that as a bad line and nothing changes.
    @discardableResult
    public mutating func apply(_ event: Event, line: Int, offset: Int) -> EventError? {
        // The incident is looked up once for the check and the fold: this runs for every line.
        var index: Dictionary<String, Incident>.Index?
        if event.kind != .incidentDeclared, let id = event.incident {
            index = incidentCache.index(of: id, count: incidents.count)
            if index == nil {
                index = incidents.index(forKey: id)
                if let index { incidentCache.remember(id, index, count: incidents.count) }
            }
            if index == nil {
                let error = JournalState.neverDeclared(id)
                badLineLog.append(BadLine(line: line, offset: offset, reason: error.reason))
                return error
            }
        }
        if JournalState.isChecked(event), let error = check(event) {
            badLineLog.append(BadLine(line: line, offset: offset, reason: error.reason))
            return error
        }
        fold(event, line: line, index: index)
        if let id = event.incident { notePlace(of: id, at: index, line: line, offset: offset) }
        eventsApplied += 1
        noteAction(by: event.actor, at: event.ts)
        lastEventAt = event.ts
        return nil
    }

    /// Whether `apply` checks the event against the state before folding it (the other types fit any state).
    static func isChecked(_ event: Event) -> Bool {
        switch event.kind {
        case .incidentDeclared, .drillStarted, .drillPaused, .drillResumed, .drillInject, .drillEnded, .signalResolved,
            .notifyClaimed, .notifySent, .notifyFailed, .actionAdded, .actionDone, .actionDropped, .drillObserved, .drillHotWash,
            .reviewHeld, .reviewReported, .incidentScope, .commsDrafted, .commsApproved, .commsRejected:
            return true
        case .commsPublished:
            return EventPayload.CommsPublished.namesDraft(event.data)
        default:
            return false
        }
    }

    /// What `apply` would refuse the event for, without applying it: a writer checks a lone event
    /// this way, where applying it to a copy of the state copied every collection it touched
    /// (with thousands of alerts open, the whole signals dictionary for each alert written).
    public func refusal(of event: Event) -> EventError? {
        if event.kind != .incidentDeclared, let id = event.incident, incidents.index(forKey: id) == nil {
            return JournalState.neverDeclared(id)
        }
        return JournalState.isChecked(event) ? check(event) : nil
    }

    /// Records where the event lies when it went on its incident's timeline, and drops a timeline
    /// `openTimelinesOnly` does not keep: one of a closed incident, or one missing events (an
    /// incident opened again after its timeline was dropped; it is read back when shown).
    private mutating func notePlace(of id: String, at known: Dictionary<String, Incident>.Index?, line: Int, offset: Int) {
        guard let i = known ?? incidents.index(forKey: id) else { return }
        JournalState.notePlace(
            into: &incidents.values[i], line: line, offset: offset, openOnly: openTimelinesOnly, kept: keptTimeline == id)
    }

    /// In place, through one access: reading the incident's fields one by one through the
    /// dictionary copied the whole incident for each, a few thousand instructions a line.
    private static func notePlace(into inc: inout Incident, line: Int, offset: Int, openOnly: Bool, kept: Bool) {
        // The timeline grew by this event exactly when its count did (drill.started does not count).
        guard inc.places.count < inc.eventCount else { return }
        inc.places.append(line: line, offset: offset)
        guard openOnly, !inc.timeline.isEmpty else { return }
        if !inc.holdsTimeline || (inc.isClosed && !kept) { inc.timeline = [] }
    }

    /// Keeps the timeline of `id` as well as the open ones' in `openTimelinesOnly` (nil: none),
    /// with `entries` as its timeline when given (read back from the journal); the closed timeline
    /// kept before is dropped.
    public mutating func keepTimeline(of id: String?, entries: [TimelineEntry]? = nil) {
        if let old = keptTimeline, old != id, let i = incidents.index(forKey: old), incidents.values[i].isClosed {
            incidents.values[i].timeline = []
        }
        keptTimeline = id
        if let id, let entries, let i = incidents.index(forKey: id) { incidents.values[i].timeline = entries }
    }

    /// Gives incident `id` its whole timeline, read back from the journal (see JournalFile's bulk read).
    public mutating func holdTimeline(of id: String, entries: [TimelineEntry]) {
        if let i = incidents.index(forKey: id) { incidents.values[i].timeline = entries }
    }

    private mutating func noteAction(by actor: String, at ts: Date) {
        if let slot = lastActor.value(for: actor) {
            actionTimes[slot] = ts
            return
        }
        let slot: Int
        if let known = actorSlots[actor] {
            slot = known
            actionTimes[slot] = ts
        } else {
            slot = actionTimes.count
            actionTimes.append(ts)
            actorSlots[actor] = slot
        }
        lastActor.remember(actor, slot)
    }

    static func neverDeclared(_ id: String) -> EventError {
        EventError(tr("incident {incident} was never declared (declare it before its other events)", ["incident": id]))
    }

    /// Whether the event can apply to the state, without applying it.
    public func check(_ event: Event) -> EventError? {
        if event.kind == .incidentDeclared {
            guard let id = event.incident else { return EventError(tr("missing \"incident\"")) }
            if let i = incidents.index(forKey: id) {
                return EventError(
                    tr(
                        "incident {incident} was already declared on line {line}",
                        ["incident": id, "line": String(incidents.values[i].declaredOnLine)]))
            }
            return nil
        }
        if let id = event.incident, incidents.index(forKey: id) == nil {
            return JournalState.neverDeclared(id)
        }
        // Decoded here, for the few types checked: the fold decodes only what each type needs.
        let payload = event.payload
        switch payload {
        case .drillStarted(let p):
            let id = p.incident ?? ""
            if let run = drills[id] {
                return EventError(
                    tr("a drill for {incident} was already started on line {line}", ["incident": id, "line": String(run.startedLine)]))
            }
            let speed = p.speed ?? 0
            if !DrillRun.speeds.contains(speed) {
                // DrillRun.speedRule in words, as a literal so that it can be translated.
                return EventError(
                    tr("data.speed must be a number from 0.01 to 3600, not {actual}", ["actual": EventSentence.formatNumber(speed)]))
            }
        case .signalResolved(let p):
            let fp = p.fingerprint ?? ""
            if signals[fp] == nil {
                return EventError(tr("signal {fingerprint} never fired (signal.fired comes first)", ["fingerprint": fp]))
            }
        case .notifyClaimed(let p):
            let id = p.message ?? ""
            if let m = notifyMessages[id] {
                return EventError(
                    tr(
                        "message {message} was already claimed on line {line} (is another notifier running on this journal?)",
                        ["message": id, "line": String(m.claimedLine)]))
            }
        case .notifySent, .notifyFailed:
            let id = payload.notifyMessage ?? ""
            guard let m = notifyMessages[id] else {
                return EventError(tr("message {message} was never claimed (notify.claimed comes first)", ["message": id]))
            }
            if case .sent = m.outcome {
                return EventError(tr("message {message} was already recorded as sent", ["message": id]))
            }
        case .actionAdded(let p):
            let id = p.action ?? ""
            if let f = followUps[id] {
                return EventError(
                    tr("follow-up {action} already exists (added on line {line}); give another id", ["action": id, "line": String(f.line)]))
            }
        case .actionDone, .actionDropped:
            let id = payload.followUpAction ?? ""
            guard let f = followUps[id] else {
                return EventError(tr("no follow-up {action}; `warroom actions --all` lists them", ["action": id]))
            }
            if event.incident != f.incident {
                return EventError(
                    tr("follow-up {action} belongs to {incident}, not to this incident", ["action": id, "incident": f.incident]))
            }
            switch f.status {
            case .open: break
            case .done: return EventError(tr("follow-up {action} is already done", ["action": id]))
            case .dropped: return EventError(tr("follow-up {action} was dropped", ["action": id]))
            }
        case .reviewHeld, .reviewReported:
            if let id = event.incident, incidents[id]?.crisisEndedAt == nil {
                return EventError(
                    tr(
                        "{incident} has not recovered yet: the review comes after the crisis ends (set the phase to recovered or closed first)",
                        ["incident": id]))
            }
        case .incidentScope(let p):
            let word = p.scope ?? ""
            if OutageScope(rawValue: word) == nil {
                return EventError(
                    tr(
                        "data.scope must be local, regional or nationwide, not \"{actual}\"", ["actual": word]))
            }
        case .commsDrafted(let p):
            let id = p.draft ?? ""
            if let s = statements[id] {
                return EventError(
                    tr("statement {draft} already exists (drafted on line {line}); give another id", ["draft": id, "line": String(s.line)]))
            }
        case .commsApproved, .commsRejected:
            return checkDecision(on: payload.statementDraft ?? "", incident: event.incident)
        case .commsPublished(let p):
            if let id = p.draft { return checkPublication(of: id, event, p) }
        case .drillPaused, .drillResumed, .drillInject, .drillEnded, .drillObserved, .drillHotWash:
            // A drill run by hand (declared with drill: true, no runner) may be paused and ended too.
            guard let id = event.incident, drills[id] != nil || incidents[id]?.drill == true else {
                return EventError(
                    event.incident.map {
                        tr(
                            "no drill was started for {incident} (drill.started comes first, or declare the incident with drill: true)",
                            ["incident": $0])
                    }
                        ?? tr(
                            "no drill was started for this incident (drill.started comes first, or declare the incident with drill: true)"))
            }
        default:
            break
        }
        return nil
    }

    private mutating func fold(_ e: Event, line: Int, index known: Dictionary<String, Incident>.Index?) {
        guard let kind = e.kind else {
            unknownTypes += 1
            let entry = TimelineEntry(line: line, event: e)
            if let id = e.incident { incidents[id]?.eventCount += 1 }
            // A console's bulk read folds without timelines (JournalFile) but still lists these.
            if recordsTimelines || openTimelinesOnly { unknownEvents.append(entry) }
            if recordsTimelines, let id = e.incident { incidents[id]?.timeline.append(entry) }
            return
        }
        switch kind {
        case .incidentDeclared:
            let p = EventPayload.IncidentDeclared(e.data)
            declare(e, p, line: line)
            return
        case .drillStarted:
            let p = EventPayload.DrillStarted(e.data)
            let id = p.incident ?? ""
            drills[id] = DrillRun(
                incident: id, scenario: p.scenario ?? "", title: p.title, run: p.run, path: p.path, speed: p.speed ?? 1,
                startedAt: e.ts, startedBy: e.actor, startedLine: line)
            return
        case .signalFired, .signalResolved, .notifyClaimed, .notifySent, .notifyFailed:
            foldJournalWide(kind, e, line: line)
        default:
            break
        }
        guard let id = e.incident else {
            foldStanding(kind, e)
            return
        }
        // Effects on the journal-wide state first, then the incident changed in place.
        switch kind {
        case .drillPaused, .drillResumed, .drillInject, .drillEnded, .drillObserved, .drillHotWash:
            if drills[id] == nil, let inc = incidents[id], inc.drill { drills[id] = DrillRun(handRun: inc) }
        default:
            break
        }
        switch kind {
        case .memberStatus:
            let p = EventPayload.MemberStatus(e.data)
            noteStatus(e, p)
        case .actionAdded:
            let p = EventPayload.ActionAdded(e.data)
            let action = p.action ?? ""
            followUps[action] = FollowUp(
                id: action, incident: id, text: p.text ?? "", owner: p.owner, due: p.dueTime, from: p.from, addedAt: e.ts,
                addedBy: e.actor, line: line)
            followUpOrder.append(action)
        case .actionDone:
            let p = EventPayload.ActionDone(e.data)
            followUps[p.action ?? ""]?.status = .done(at: e.ts, by: e.actor, note: p.note)
        case .actionDropped:
            let p = EventPayload.ActionDropped(e.data)
            followUps[p.action ?? ""]?.status = .dropped(at: e.ts, by: e.actor, reason: p.reason ?? "")
        case .commsDrafted, .commsApproved, .commsRejected, .commsPublished:
            foldStatement(kind, e, incident: id, line: line)
        case .drillPaused:
            if var run = drills[id], !run.isPaused, !run.isEnded {
                run.pauses.append(Timescale.Pause(from: e.ts, until: nil))
                drills[id] = run
            }
        case .drillResumed:
            if var run = drills[id], run.isPaused {
                run.pauses[run.pauses.count - 1].until = e.ts
                drills[id] = run
            }
        case .drillInject:
            let p = EventPayload.DrillInject(e.data)
            drills[id]?.fired.append(
                FiredInject(inject: p.inject ?? "", title: p.title, at: e.ts, manual: p.manual ?? false, line: line))
        case .drillEnded:
            let p = EventPayload.DrillEnded(e.data)
            if var run = drills[id], !run.isEnded {
                if run.isPaused { run.pauses[run.pauses.count - 1].until = e.ts }
                run.endedAt = e.ts
                run.endReason = p.reason
                drills[id] = run
            }
        case .drillObserved:
            let p = EventPayload.DrillObserved(e.data)
            if let rating = ObservationRating(rawValue: p.rating ?? "") {
                drills[id]?.observations.append(
                    Observation(expectation: p.expectation ?? "", rating: rating, note: p.note, by: e.actor, at: e.ts, line: line))
            }
        case .drillHotWash:
            let p = EventPayload.DrillHotWash(e.data)
            if let kind = HotWashEntry.Kind(rawValue: p.kind ?? "") {
                drills[id]?.hotWash.append(HotWashEntry(kind: kind, text: p.text ?? "", by: e.actor, at: e.ts, line: line))
            }
        default:
            break
        }
        guard let index = known ?? incidents.index(forKey: id) else { return }
        JournalState.fold(e, kind, line: line, into: &incidents.values[index], recordsTimelines: recordsTimelines)
        // Closing (or reopening) an incident declared from a signal makes the signal await a decision again (or not).
        if kind == .incidentPhase, let fp = incidents.values[index].signal { noteAwaiting(fp) }
    }

    /// The open incident declared from the signal, if any: a signal with one is being handled.
    public func openIncident(declaredFrom s: Signal) -> String? {
        s.declaredAs.last { incidents[$0].map { !$0.isClosed } ?? false }
    }

    /// Brings `awaitingSignals` up to date with one signal: open and no open incident declared from it.
    private mutating func noteAwaiting(_ fp: String) {
        guard let s = signals[fp] else { return }
        awaitingSignals.set(fp, awaiting: s.isOpen && openIncident(declaredFrom: s) == nil, meets: s.meets, line: s.firedLine)
    }

    /// The incident's own changes, made in place (no copy of its timeline).
    private static func fold(_ e: Event, _ kind: EventType, line: Int, into inc: inout Incident, recordsTimelines: Bool) {
        if recordsTimelines { inc.timeline.append(TimelineEntry(line: line, event: e)) }
        inc.eventCount += 1
        inc.lastEventAt = e.ts
        switch kind {
        case .incidentPlaybook:
            let p = EventPayload.IncidentPlaybook(e.data)
            let to = p.playbook ?? ""
            inc.playbookHistory.append(PlaybookChange(at: e.ts, from: inc.playbook, to: to, by: e.actor, reason: p.reason))
            inc.playbook = to
        case .incidentDeclared, .note, .memberStatus, .drillStarted, .drillPaused, .drillResumed, .drillInject, .drillEnded,
            .signalFired, .signalResolved, .notifyClaimed, .actionAdded, .actionDone, .actionDropped, .drillObserved, .drillHotWash,
            .commsDrafted, .commsApproved, .commsRejected:
            break
        case .incidentScope:
            let p = EventPayload.IncidentScope(e.data)
            inc.scope = OutageScope(rawValue: p.scope ?? "")
        case .recoveryEstimate:
            let p = EventPayload.RecoveryEstimate(e.data)
            // A later estimate updates what it says and keeps the rest (a new ETA keeps the backup named before).
            let was = inc.recovery
            inc.recovery = RecoveryEstimate(
                at: e.ts, by: e.actor, backup: p.backup ?? was?.backup, eta: p.etaTime ?? was?.eta, rpo: p.rpoSpan ?? was?.rpo,
                dataLost: p.dataLost ?? was?.dataLost, note: p.note)
        case .reviewHeld:
            let p = EventPayload.ReviewHeld(e.data)
            inc.review.held = Review.Held(at: p.heldAtTime ?? e.ts, loggedAt: e.ts, by: e.actor, note: p.note)
        case .reviewReported:
            let p = EventPayload.ReviewReported(e.data)
            inc.review.reported = Review.Reported(
                at: p.reportedAtTime ?? e.ts, loggedAt: e.ts, by: e.actor, location: p.location ?? "", note: p.note)
        case .notifyFailed:
            let p = EventPayload.NotifyFailed(e.data)
            inc.failingMessages[p.message ?? ""] = NotifyFailure(at: e.ts, reason: p.reason ?? "", final: p.final ?? false)
        case .notifySent:
            let p = EventPayload.NotifySent(e.data)
            inc.failingMessages[p.message ?? ""] = nil
            inc.deliveries.append(
                Delivery(
                    message: p.message ?? "", channel: p.channel ?? "", platform: p.platform, to: p.to, at: e.ts,
                    leads: p.leads ?? false))
        case .incidentSeverity:
            let p = EventPayload.IncidentSeverity(e.data)
            let s = Severity(rawValue: p.severity ?? 0) ?? inc.severity
            inc.severityHistory.append(SeverityChange(line: line, at: e.ts, from: inc.severity, to: s, by: e.actor, reason: p.reason))
            inc.severity = s
        case .incidentPhase:
            let p = EventPayload.IncidentPhase(e.data)
            let to = Phase(rawValue: p.phase ?? "") ?? inc.phase
            inc.phaseHistory.append(PhaseChange(at: e.ts, from: inc.phase, to: to, by: e.actor, note: p.note))
            inc.phase = to
        case .roleAssigned:
            let p = EventPayload.RoleAssigned(e.data)
            let role = p.role ?? ""
            let member = p.member ?? ""
            let previous = inc.roles[role]
            inc.roles[role] = member
            inc.roleHistory.append(RoleAssignment(at: e.ts, role: role, member: member, by: e.actor, previous: previous))
        case .roleReleased:
            let p = EventPayload.RoleReleased(e.data)
            let role = p.role ?? ""
            let previous = inc.roles[role]
            inc.roles[role] = nil
            inc.roleHistory.append(RoleAssignment(at: e.ts, role: role, member: nil, by: e.actor, previous: previous))
        case .memberJoined:
            let p = EventPayload.MemberJoined(e.data)
            let m = JournalState.rosterMember(e, p)
            if inc.members[m.id] == nil { inc.memberOrder.append(m.id) }
            inc.members[m.id] = m
        case .memberLeft:
            let p = EventPayload.MemberLeft(e.data)
            let m = p.member ?? ""
            inc.members[m] = nil
            inc.memberOrder.removeAll { $0 == m }
        case .checklistAdded:
            let p = EventPayload.ChecklistAdded(e.data)
            let item = AddedItem(
                item: p.item ?? "", text: p.text ?? "", phase: p.phase.flatMap(Phase.init(rawValue:)), due: p.dueSpan, role: p.role,
                addedBy: e.actor, addedAt: e.ts)
            if let i = inc.addedItems.firstIndex(where: { $0.item == item.item }) {
                inc.addedItems[i] = item
            } else {
                inc.addedItems.append(item)
            }
        case .checklistDone:
            let p = EventPayload.ChecklistTick(e.data)
            inc.ticks[p.item ?? ""] = Tick(by: e.actor, at: e.ts)
        case .checklistUndone:
            let p = EventPayload.ChecklistTick(e.data)
            inc.ticks[p.item ?? ""] = nil
        case .counterSet:
            let p = EventPayload.CounterSet(e.data)
            let name = p.name ?? ""
            let value = p.value ?? 0
            let reading = CounterReading(at: e.ts, value: value, by: e.actor)
            if let i = inc.counters.index(forKey: name) {
                // In place: a copy out and back would copy the whole history on every reading.
                inc.counters.values[i].value = value
                if let u = p.unit { inc.counters.values[i].unit = u }
                inc.counters.values[i].history.append(reading)
            } else {
                inc.counters[name] = Counter(name: name, value: value, unit: p.unit, history: [reading])
                inc.counterOrder.append(name)
            }
        case .commsPublished where e.isDrillInject:
            // A drill's "outside world" statement: on the timeline, not the team's communication log.
            break
        case .commsPublished:
            let p = EventPayload.CommsPublished(e.data)
            inc.comms.append(
                Communication(
                    at: e.ts, audience: Audience(rawValue: p.audience ?? "") ?? .internal, text: p.text ?? "", channel: p.channel,
                    by: e.actor, draft: p.draft))
        }
    }

    private mutating func declare(_ e: Event, _ p: EventPayload.IncidentDeclared, line: Int) {
        guard let id = e.incident else { return }
        let severity = Severity(rawValue: p.severity ?? 3) ?? .l3
        var inc = Incident(
            id: id, title: p.title ?? "", summary: p.summary, playbook: p.playbook, drill: p.drill ?? false, declaredAt: e.ts,
            declaredBy: e.actor, declaredOnLine: line, startedAt: p.startedAtTime, severity: severity,
            severityHistory: [SeverityChange(line: line, at: e.ts, from: nil, to: severity, by: e.actor, reason: nil)],
            phase: .declared,
            phaseHistory: [PhaseChange(at: e.ts, from: nil, to: .declared, by: e.actor, note: nil)],
            lastEventAt: e.ts)
        // Whoever declares is on the roster from the start, as if they had joined.
        inc.members[e.actor] = RosterMember(id: e.actor, name: nil, team: nil, contact: nil, joinedAt: e.ts)
        inc.memberOrder = [e.actor]
        if let fp = p.signal {
            inc.signal = fp
            signals[fp]?.declaredAs.append(id)
        }
        if recordsTimelines { inc.timeline.append(TimelineEntry(line: line, event: e)) }
        incidents[id] = inc
        incidentOrder.append(id)
        if let fp = p.signal { noteAwaiting(fp) }
    }

    /// Signals and the notifier's messages: journal-wide, whether or not the line names an incident.
    private mutating func foldJournalWide(_ kind: EventType, _ e: Event, line: Int) {
        switch kind {
        case .signalFired:
            let p = EventPayload.SignalFired(e.data)
            let fp = p.fingerprint ?? ""
            let startsAt = p.startsAtTime ?? e.ts
            if var s = signals[fp] {
                // Fired again: the newest facts; a re-fire after a resolve opens it again.
                if s.resolvedAt != nil {
                    openSignalOrder.append(fp)
                    s.resolvedAt = nil
                    s.fireCount += 1
                    s.firedAt = e.ts
                    s.firedLine = line
                    s.startsAt = startsAt
                }
                s.title = p.title ?? s.title
                s.summary = p.summary ?? s.summary
                if let l = p.labels { s.labels = l }
                s.url = p.url ?? s.url
                s.value = p.value ?? s.value
                s.meets = p.meetsLevel ?? s.meets
                s.rule = p.rule ?? s.rule
                signals[fp] = s
            } else {
                signals[fp] = Signal(
                    fingerprint: fp, source: p.source ?? "", title: p.title ?? "", summary: p.summary, labels: p.labels ?? JSONObject(),
                    url: p.url, value: p.value, meets: p.meetsLevel, rule: p.rule, startsAt: startsAt, firedAt: e.ts, firedLine: line)
                signalOrder.append(fp)
                openSignalOrder.append(fp)
            }
            noteAwaiting(fp)
        case .signalResolved:
            let p = EventPayload.SignalResolved(e.data)
            let fp = p.fingerprint ?? ""
            if signals[fp]?.resolvedAt == nil {
                signals[fp]?.resolvedAt = p.endsAtTime ?? e.ts
                openSignalOrder.removeAll { $0 == fp }
                noteAwaiting(fp)
            }
        case .notifyClaimed:
            let p = EventPayload.NotifyClaimed(e.data)
            let id = p.message ?? ""
            notifyMessages[id] = NotifyMessage(
                id: id, channel: p.channel ?? "", incident: e.incident, headline: p.headline, claimedAt: e.ts, claimedLine: line)
        case .notifySent:
            let p = EventPayload.NotifySent(e.data)
            notifyMessages[p.message ?? ""]?.outcome = .sent(at: e.ts, reply: p.reply)
        case .notifyFailed:
            let p = EventPayload.NotifyFailed(e.data)
            let id = p.message ?? ""
            notifyMessages[id]?.failures += 1
            notifyMessages[id]?.outcome = .failed(at: e.ts, reason: p.reason ?? "", retryAt: p.retryAtTime, final: p.final ?? false)
        default:
            break
        }
    }

    /// A statement's draft, decision or publication (checked beforehand: see `checkDecision`).
    private mutating func foldStatement(_ kind: EventType, _ e: Event, incident: String, line: Int) {
        // Every statement event names its draft in the same member.
        let id = EventPayload.CommsApproved(e.data).draft ?? ""
        let decision = Statement.Decision(at: e.ts, by: e.actor, login: e.login)
        switch kind {
        case .commsDrafted:
            let p = EventPayload.CommsDrafted(e.data)
            statements[id] = Statement(
                id: id, incident: incident, audience: Audience(rawValue: p.audience ?? "") ?? .internal, channel: p.channel,
                text: p.text ?? "", template: p.template, draftedAt: e.ts, draftedBy: e.actor, line: line)
            statementOrder.append(id)
        case .commsApproved:
            statements[id]?.approval = decision
        case .commsRejected:
            let p = EventPayload.CommsRejected(e.data)
            statements[id]?.rejection = decision
            statements[id]?.rejectionReason = p.reason
        case .commsPublished:
            if !id.isEmpty { statements[id]?.publication = decision }
        default:
            break
        }
    }

    private mutating func foldStanding(_ kind: EventType, _ e: Event) {
        switch kind {
        case .memberJoined:
            let p = EventPayload.MemberJoined(e.data)
            let m = JournalState.rosterMember(e, p)
            if standingMembers[m.id] == nil { standingOrder.append(m.id) }
            standingMembers[m.id] = m
        case .memberStatus:
            let p = EventPayload.MemberStatus(e.data)
            noteStatus(e, p)
        case .memberLeft:
            let p = EventPayload.MemberLeft(e.data)
            let m = p.member ?? ""
            standingMembers[m] = nil
            standingOrder.removeAll { $0 == m }
        default:
            break
        }
    }

    /// A `member.status`: presence for the whole journal, and a console opening or closing.
    private mutating func noteStatus(_ e: Event, _ p: EventPayload.MemberStatus) {
        let member = p.member ?? ""
        presence[member] = Presence(rawValue: p.status ?? "")
        guard let console = p.console else { return }
        openConsoles.removeAll { $0.id == console }
        if p.closed != true {
            openConsoles.append(ConsoleSession(id: console, member: member, host: p.host, pid: p.pidInt, openedAt: e.ts))
        }
    }

    /// The consoles a member has open, by the journal.
    public func consoles(of member: String) -> [ConsoleSession] { openConsoles.filter { $0.member == member } }

    private static func rosterMember(_ e: Event, _ p: EventPayload.MemberJoined) -> RosterMember {
        RosterMember(id: p.member ?? "", name: p.name, team: p.team, contact: p.contact, joinedAt: e.ts)
    }
}
