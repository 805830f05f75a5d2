import Foundation

/// The review report for one incident, computed from the journal: what the
/// plans ask the review meeting to look at, plus sections for the team to fill in.
public struct PostmortemReport {
    public var incident: Incident
    public var state: JournalState
    public var catalog: PlaybookCatalog
    public var now: Date
    public var journalPath: String
    /// The zone the Markdown and HTML reports show times in (the reader's: `TZ`, else the
    /// system's); the JSON report keeps UTC, as the journal does.
    public var timeZone: TimeZone

    public init(
        incident: Incident, state: JournalState, catalog: PlaybookCatalog, now: Date, journalPath: String, timeZone: TimeZone = .current
    ) {
        self.incident = incident
        self.state = state
        self.catalog = catalog
        self.now = now
        self.journalPath = journalPath
        self.timeZone = timeZone
    }

    var scale: Timescale { state.timescale(for: incident.id) }
    var playbook: Playbook? { catalog.playbook(named: incident.playbook) }
    var kpis: IncidentKPIs {
        KPIEngine.compute(incident: incident, playbook: playbook, policy: catalog.policy(for: incident), now: now, timescale: scale)
    }

    /// When the incident ended for the report: closed, else now.
    var end: Date { incident.isClosed ? (incident.phaseHistory.last(where: { $0.to == .closed })?.at ?? now) : now }

    /// A trigger rule that fired: when the counter crossed, and when the severity followed.
    public struct FiredTrigger: Equatable, Sendable {
        public var rule: TriggerRule
        public var crossedAt: Date
        public var value: Double
        public var severityFollowedAt: Date?
        /// The incident was already at the suggested level (or worse) when the counter crossed.
        public var alreadyAtLevel: Bool
    }

    public var firedTriggers: [FiredTrigger] {
        var out: [FiredTrigger] = []
        for rule in catalog.policy(for: incident).triggers {
            guard let c = incident.counters[rule.counter],
                let crossing = c.history.first(where: { $0.value > rule.above })
            else { continue }
            // Already at that severity when the counter crossed: followed at once.
            let inForce = incident.severityHistory.last(where: { $0.at <= crossing.at })?.to
            let already = inForce.map { $0.isAtLeast(rule.suggests) } == true
            let followed =
                already
                ? crossing.at
                : incident.severityHistory.first(where: { $0.to.isAtLeast(rule.suggests) && $0.at >= crossing.at })?.at
            out.append(
                FiredTrigger(
                    rule: rule, crossedAt: crossing.at, value: crossing.value, severityFollowedAt: followed,
                    alreadyAtLevel: already))
        }
        return out
    }

    func sentence(_ e: TimelineEntry) -> String {
        let prev = incident.severityHistory.first(where: { $0.line == e.line })?.from
        // Items in the plan's words for the reader (text_zh in Chinese), as the console names them.
        return EventSentence.describe(DrillEndReason.shown(e.event), previousSeverity: prev, playbook: playbook, incident: incident)
    }

    /// The sentence shown after a marker: a decision or inject note is its text alone,
    /// since the marker already says what kind it is ("**DECISION** decision: …" said it twice).
    func markedSentence(_ e: TimelineEntry) -> String {
        if case .note(let p) = e.event.payload, let kind = p.kind, kind == "decision" || kind == "inject" {
            return p.text ?? ""
        }
        return sentence(e)
    }

    func marker(_ e: Event) -> String? {
        switch e.payload {
        case .note(let p) where p.kind == "decision": return "decision"
        case .note(let p) where p.kind == "inject": return "inject"
        case .drillInject: return "inject"
        case .incidentSeverity: return "severity"
        case .incidentPhase: return "phase"
        default: return nil
        }
    }

    /// A moment in the JSON report: UTC, as the journal writes it.
    static func time(_ d: Date) -> String { RFC3339.format(d) }

    // MARK: JSON

    public func json() -> JSONValue {
        let k = kpis
        var o = JSONObject()
        o["id"] = .string(incident.id)
        o["title"] = .string(incident.title)
        o["summary"] = incident.summary.map { .string($0) } ?? .null
        o["drill"] = .bool(incident.drill)
        o["playbook"] = incident.playbook.map { .string($0) } ?? .null
        o["severity"] = .number(Double(incident.severity.rawValue))
        o["phase"] = .string(incident.phase.rawValue)
        o["declared_at"] = .string(Self.time(incident.declaredAt))
        o["declared_by"] = .string(incident.declaredBy)
        o["started_at"] = incident.startedAt.map { .string(Self.time($0)) } ?? .null
        o["closed_at"] = incident.isClosed ? .string(Self.time(end)) : .null
        o["duration_seconds"] = .number(scale.elapsed(from: incident.declaredAt, to: end).rounded())
        o["severity_history"] = .array(
            incident.severityHistory.map { h in
                [
                    "at": .string(Self.time(h.at)), "from": h.from.map { .number(Double($0.rawValue)) } ?? .null,
                    "to": .number(Double(h.to.rawValue)), "by": .string(h.by), "reason": h.reason.map { .string($0) } ?? .null,
                ]
            })
        o["phases"] = .array(
            incident.phaseHistory.map { h in
                [
                    "at": .string(Self.time(h.at)), "phase": .string(h.to.rawValue), "by": .string(h.by),
                    "note": h.note.map { .string($0) } ?? .null,
                ]
            })
        var kp = JSONObject()
        for m in k.measures {
            kp[m.name.rawValue] = [
                "title": .string(m.title), "seconds": m.seconds.map { .number($0.rounded()) } ?? .null,
                "target_seconds": m.target.map { .number($0) } ?? .null, "state": .string(m.state.rawValue),
            ]
        }
        o["kpis"] = .object(kp)
        for (key, value) in incident.afterwardJSON { o[key] = value }
        o["timeline"] = .array(
            incident.timeline.map { e in
                var t: JSONObject = [
                    "at": .string(Self.time(e.event.ts)), "line": .number(Double(e.line)), "actor": .string(e.event.actor),
                    "type": .string(e.event.type), "text": .string(sentence(e)),
                ]
                t["mark"] = marker(e.event).map { .string($0) } ?? .null
                return .object(t)
            })
        o["roles"] = .array(
            incident.roleHistory.map { r in
                [
                    "at": .string(Self.time(r.at)), "role": .string(r.role), "member": r.member.map { .string($0) } ?? .null,
                    "by": .string(r.by),
                ]
            })
        o["roster"] = .array(
            incident.roster.map { m in
                [
                    "member": .string(m.id), "name": m.name.map { .string($0) } ?? .null, "team": m.team.map { .string($0) } ?? .null,
                    "joined_at": .string(Self.time(m.joinedAt)), "presence": .string(state.presence(of: m.id).rawValue),
                ]
            })
        o["on_call"] = .array(
            state.onCall.map { e in
                [
                    "member": .string(e.member.id), "name": e.member.name.map { .string($0) } ?? .null,
                    "team": e.member.team.map { .string($0) } ?? .null, "contact": e.member.contact.map { .string($0) } ?? .null,
                    "presence": .string(e.presence.rawValue), "reachable": .bool(e.isReachable),
                ]
            })
        o["checklist"] = .array(
            k.checklist.map { e in
                var c: JSONObject = [
                    "item": .string(e.id), "text": .string(e.text), "phase": .string(e.phase.rawValue), "done": .bool(e.isDone),
                ]
                c["by"] = e.done.map { .string($0.by) } ?? .null
                c["at"] = e.done.map { .string(Self.time($0.at)) } ?? .null
                c["due_at"] = e.dueAt.map { .string(Self.time($0)) } ?? .null
                c["late"] = .bool(e.doneLate || e.isOverdue(at: end))
                return .object(c)
            })
        o["follow_ups"] = .array(
            followUps.map { f in
                var a: JSONObject = ["id": .string(f.id), "text": .string(f.text), "status": .string(f.status.word)]
                a["owner"] = f.owner.map { .string($0) } ?? .null
                a["due"] = f.due.map { .string(Self.time($0)) } ?? .null
                a["overdue"] = .bool(f.isOverdue(at: now))
                return .object(a)
            })
        o["comms"] = .array(
            incident.comms.map { c in
                [
                    "at": .string(Self.time(c.at)), "audience": .string(c.audience.rawValue),
                    "channel": c.channel.map { .string($0) } ?? .null,
                    "by": .string(c.by), "text": .string(c.text), "draft": c.draft.map { .string($0) } ?? .null,
                ]
            })
        o["statements"] = statementsJSON()
        o["counters"] = .array(
            incident.orderedCounters.map { c in
                [
                    "name": .string(c.name), "value": .number(c.value), "unit": c.unit.map { .string($0) } ?? .null,
                    "history": .array(
                        c.history.map { ["at": .string(Self.time($0.at)), "value": .number($0.value), "by": .string($0.by)] }),
                ]
            })
        o["triggers"] = .array(
            firedTriggers.map { t in
                [
                    "counter": .string(t.rule.counter), "threshold": .number(t.rule.above),
                    "suggests": .number(Double(t.rule.suggests.rawValue)),
                    "crossed_at": .string(Self.time(t.crossedAt)), "value": .number(t.value),
                    "severity_followed_at": t.severityFollowedAt.map { .string(Self.time($0)) } ?? .null,
                    "already_at_level": .bool(t.alreadyAtLevel),
                ]
            })
        return .object(o)
    }
}
