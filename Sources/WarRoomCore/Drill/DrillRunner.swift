import Foundation

/// The facilitator's runner as a state machine: given the journal's state and
/// the time, it says what to append now and when to look again. The loop
/// around it owns the clock and the file, so tests drive it with a fake clock
/// and an in-memory journal, and the real runner with the wall clock.
///
/// Injects already written are read back from their `drill.inject` markers,
/// so a runner restarted with `--resume` never writes one twice, and pause,
/// resume and hand-released injects come through the journal from any console.
public struct DrillRunner {
    public let scenario: Scenario
    public let incident: String
    /// Also play the scenario's scripted responders (the demo).
    public var withResponders: Bool
    /// Responder actions already written (kept in memory: they carry no marker).
    public private(set) var respondersDone = 0
    /// The journal's statement ids (`S-n`) given to the drafts the scripted responders name by
    /// the scenario's own ids: the journal may hold other drafts already.
    public private(set) var statementIDs: [String: String] = [:]

    public init(scenario: Scenario, incident: String, withResponders: Bool = false) {
        self.scenario = scenario
        self.incident = incident
        self.withResponders = withResponders
    }

    /// A batch of events to append together (one lock, in order).
    public struct Batch: Equatable, Sendable {
        public var events: [EventDraft]
        public var inject: Inject?
    }

    public struct Step: Equatable, Sendable {
        public var batches: [Batch]
        /// The drill has ended (or should end with the last batch).
        public var finished: Bool
        /// When to look again at the latest.
        public var wake: Date
    }

    /// The events that start a drill: `drill.started`, then the declaration.
    public func startEvents(speed: Double, run: String) -> [EventDraft] {
        var started: JSONObject = [
            "scenario": .string(scenario.name), "speed": .number(speed), "incident": .string(incident),
            "title": .string(scenario.title),
        ]
        if let zh = scenario.titleZh, !zh.isEmpty { started["title_zh"] = .string(zh) }
        started["run"] = .string(run)
        if let path = scenario.path { started["path"] = .string(path) }
        var declared: JSONObject = [
            // The team's language: the journal holds the title and summary the room reads.
            "title": .string(scenario.localizedIncidentTitle), "severity": .number(Double(scenario.incidentSeverity.rawValue)),
            "drill": .bool(true),
        ]
        if let p = scenario.incidentPlaybook { declared["playbook"] = .string(p) }
        declared["summary"] = .string(scenario.localizedIncidentSummary)
        return [
            EventDraft(kind: .drillStarted, incident: nil, data: started),
            EventDraft(kind: .incidentDeclared, incident: incident, data: declared),
        ]
    }

    /// The marker and the inject's own event, written together.
    public func injectBatch(_ inject: Inject, manual: Bool) -> Batch {
        var marker: JSONObject = ["inject": .string(inject.id), "title": .string(inject.title)]
        // The Chinese title travels with the marker, so every console shows it in its own
        // language without the scenario file (a console on another host may not have it).
        if let zh = inject.titleZh, !zh.isEmpty { marker["title_zh"] = .string(zh) }
        if manual { marker["manual"] = .bool(true) }
        return Batch(
            events: [
                EventDraft(kind: .drillInject, incident: incident, data: marker),
                EventDraft(type: inject.event.type, actor: inject.event.actor, incident: incident, data: injected(inject)),
            ], inject: inject)
    }

    /// The inject's data, marked with its id so scoring and the KPIs can tell
    /// "the outside world" (a fake statement, a journalist) from the team.
    func injected(_ inject: Inject) -> JSONObject {
        var d = inject.event.data
        d["drill_inject"] = .string(inject.id)
        return d
    }

    /// What is due at `now`.
    public mutating func step(state: JournalState, now: Date) -> Step {
        let poll = now.addingTimeInterval(1)
        guard let run = state.drills[incident] else { return Step(batches: [], finished: false, wake: poll) }
        if run.isEnded { return Step(batches: [], finished: true, wake: poll) }
        if run.isPaused { return Step(batches: [], finished: false, wake: poll) }
        let t = run.timescale.scenarioTime(at: now)
        var batches: [Batch] = []
        var next = scenario.duration
        let inc = state.incidents[incident]
        for inj in scenario.timedInjects where !run.hasFired(inj.id) {
            switch release(inj, run: run, incident: inc, scenarioTime: t) {
            case .now: batches.append(injectBatch(inj, manual: false))
            case .at(let at): next = min(next, at)
            case .waiting, .never: break
            }
        }
        if withResponders {
            while respondersDone < scenario.responders.count, scenario.responders[respondersDone].at <= t {
                let r = scenario.responders[respondersDone].event
                var data = r.data
                if let local = data["draft"]?.stringValue, r.type.hasPrefix("comms.") {
                    if r.type == EventType.commsDrafted.rawValue {
                        statementIDs[local] = Statement.nextID(in: state, taken: Array(statementIDs.values))
                    }
                    data["draft"] = .string(statementIDs[local] ?? local)
                }
                batches.append(Batch(events: [EventDraft(type: r.type, actor: r.actor, incident: incident, data: data)], inject: nil))
                respondersDone += 1
            }
            if respondersDone < scenario.responders.count { next = min(next, scenario.responders[respondersDone].at) }
        }
        if t >= scenario.duration {
            batches.append(
                Batch(
                    events: [EventDraft(kind: .drillEnded, incident: incident, data: ["reason": .string(DrillEndReason.completed)])],
                    inject: nil))
            return Step(batches: batches, finished: true, wake: poll)
        }
        let wake = now.addingTimeInterval(max(0.01, (next - t) / run.speed))
        return Step(batches: batches, finished: false, wake: min(wake, poll))
    }

    /// The next timed inject not yet fired, with the scenario time it is due (one whose `unless`
    /// held in time never comes, and is passed over).
    public func nextInject(state: JournalState) -> Inject? {
        guard let run = state.drills[incident] else { return scenario.timedInjects.first }
        let t = run.timescale.scenarioTime(at: state.lastEventAt ?? run.startedAt)
        return scenario.timedInjects.first { inj in
            !run.hasFired(inj.id) && release(inj, run: run, incident: state.incidents[incident], scenarioTime: t) != .never
        }
    }

    /// When an inject the runner releases by itself is due.
    public enum Release: Equatable, Sendable {
        case now
        /// At this scenario time.
        case at(TimeInterval)
        /// On a condition that has not held yet.
        case waiting
        /// Its `unless` held by its time: it is not released.
        case never
    }

    public func release(_ inj: Inject, run: DrillRun, incident inc: Incident?, scenarioTime t: TimeInterval) -> Release {
        if let cond = inj.when {
            if let at = inj.at, at > t { return .at(at) }
            guard let inc, DrillScorer.firstMet(cond, incident: inc, after: run.startedAt) != nil else { return .waiting }
            return .now
        }
        guard let at = inj.at else { return .waiting }
        if let cond = inj.unless {
            // Held by the deadline in scenario time (a runner resumed late still judges by the deadline).
            if let inc, let hit = DrillScorer.firstMet(cond, incident: inc, after: run.startedAt),
                run.timescale.scenarioTime(at: hit.at) <= at
            {
                return .never
            }
        }
        return at <= t ? .now : .at(at)
    }
}

extension EventDraft {
    /// A draft of any type, known or not, from a given actor (a scripted event).
    public init(type: String, actor: String?, incident: String?, data: JSONObject) {
        self.init(kind: EventType(rawValue: type) ?? .note, incident: incident, data: data)
        self.rawType = EventType(rawValue: type) == nil ? type : nil
        self.actor = actor
    }
}
