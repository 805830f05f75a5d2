import Foundation

/// The review report for one incident, computed from the journal: what the
/// plans ask the review meeting to look at, plus sections for the team to fill in.
public struct PostmortemReport {
    public var incident: Incident
    public var state: JournalState
    public var catalog: PlaybookCatalog
    public var now: Date
    public var journalPath: String

    public init(incident: Incident, state: JournalState, catalog: PlaybookCatalog, now: Date, journalPath: String) {
        self.incident = incident
        self.state = state
        self.catalog = catalog
        self.now = now
        self.journalPath = journalPath
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
    }

    public var firedTriggers: [FiredTrigger] {
        var out: [FiredTrigger] = []
        for rule in catalog.policy(for: incident).triggers {
            guard let c = incident.counters[rule.counter],
                let crossing = c.history.first(where: { $0.value > rule.above })
            else { continue }
            // Already at that severity when the counter crossed: followed at once.
            let inForce = incident.severityHistory.last(where: { $0.at <= crossing.at })?.to
            let followed = inForce.map { $0.isAtLeast(rule.suggests) } == true
                ? crossing.at
                : incident.severityHistory.first(where: { $0.to.isAtLeast(rule.suggests) && $0.at >= crossing.at })?.at
            out.append(FiredTrigger(rule: rule, crossedAt: crossing.at, value: crossing.value, severityFollowedAt: followed))
        }
        return out
    }

    func sentence(_ e: TimelineEntry) -> String {
        let prev = incident.severityHistory.first(where: { $0.line == e.line })?.from
        return EventSentence.describe(e.event, previousSeverity: prev) { id in
            playbook?.item(id)?.text ?? incident.addedItems.first(where: { $0.item == id })?.text
        }
    }

    func marker(_ e: Event) -> String? {
        switch (e.kind, e.string("kind")) {
        case (.note?, "decision"?): return "decision"
        case (.note?, "inject"?), (.drillInject?, _): return "inject"
        case (.incidentSeverity?, _): return "severity"
        case (.incidentPhase?, _): return "phase"
        default: return nil
        }
    }

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
        o["severity_history"] = .array(incident.severityHistory.map { h in
            ["at": .string(Self.time(h.at)), "from": h.from.map { .number(Double($0.rawValue)) } ?? .null,
             "to": .number(Double(h.to.rawValue)), "by": .string(h.by), "reason": h.reason.map { .string($0) } ?? .null]
        })
        o["phases"] = .array(incident.phaseHistory.map { h in
            ["at": .string(Self.time(h.at)), "phase": .string(h.to.rawValue), "by": .string(h.by),
             "note": h.note.map { .string($0) } ?? .null]
        })
        var kp = JSONObject()
        for m in k.measures {
            kp[m.name.rawValue] = ["title": .string(m.title), "seconds": m.seconds.map { .number($0.rounded()) } ?? .null,
                                   "target_seconds": m.target.map { .number($0) } ?? .null, "state": .string(m.state.rawValue)]
        }
        o["kpis"] = .object(kp)
        o["timeline"] = .array(incident.timeline.map { e in
            var t: JSONObject = ["at": .string(Self.time(e.event.ts)), "line": .number(Double(e.line)), "actor": .string(e.event.actor),
                                 "type": .string(e.event.type), "text": .string(sentence(e))]
            t["mark"] = marker(e.event).map { .string($0) } ?? .null
            return .object(t)
        })
        o["roles"] = .array(incident.roleHistory.map { r in
            ["at": .string(Self.time(r.at)), "role": .string(r.role), "member": r.member.map { .string($0) } ?? .null, "by": .string(r.by)]
        })
        o["roster"] = .array(incident.roster.map { m in
            ["member": .string(m.id), "name": m.name.map { .string($0) } ?? .null, "team": m.team.map { .string($0) } ?? .null,
             "joined_at": .string(Self.time(m.joinedAt)), "presence": .string(state.presence(of: m.id).rawValue)]
        })
        o["on_call"] = .array(state.onCall.map { e in
            ["member": .string(e.member.id), "name": e.member.name.map { .string($0) } ?? .null,
             "team": e.member.team.map { .string($0) } ?? .null, "contact": e.member.contact.map { .string($0) } ?? .null,
             "presence": .string(e.presence.rawValue), "reachable": .bool(e.isReachable)]
        })
        o["checklist"] = .array(k.checklist.map { e in
            var c: JSONObject = ["item": .string(e.id), "text": .string(e.text), "phase": .string(e.phase.rawValue), "done": .bool(e.isDone)]
            c["by"] = e.done.map { .string($0.by) } ?? .null
            c["at"] = e.done.map { .string(Self.time($0.at)) } ?? .null
            c["due_at"] = e.dueAt.map { .string(Self.time($0)) } ?? .null
            c["late"] = .bool(e.doneLate || e.isOverdue(at: end))
            return .object(c)
        })
        o["comms"] = .array(incident.comms.map { c in
            ["at": .string(Self.time(c.at)), "audience": .string(c.audience.rawValue), "channel": c.channel.map { .string($0) } ?? .null,
             "by": .string(c.by), "text": .string(c.text)]
        })
        o["counters"] = .array(incident.orderedCounters.map { c in
            ["name": .string(c.name), "value": .number(c.value), "unit": c.unit.map { .string($0) } ?? .null,
             "history": .array(c.history.map { ["at": .string(Self.time($0.at)), "value": .number($0.value), "by": .string($0.by)] })]
        })
        o["triggers"] = .array(firedTriggers.map { t in
            ["counter": .string(t.rule.counter), "threshold": .number(t.rule.above), "suggests": .number(Double(t.rule.suggests.rawValue)),
             "crossed_at": .string(Self.time(t.crossedAt)), "value": .number(t.value),
             "severity_followed_at": t.severityFollowedAt.map { .string(Self.time($0)) } ?? .null]
        })
        return .object(o)
    }

    // MARK: Markdown

    public func markdown() -> String {
        func c(_ s: String) -> String { Sanitizer.inline(s).replacingOccurrences(of: "|", with: "\\|") }
        func t(_ d: Date) -> String { Self.time(d) }
        let k = kpis
        var out = "# Review: \(c(incident.title))\n\n"
        if incident.drill { out += "> **DRILL** — this incident was an exercise.\n\n" }
        out += "## Summary\n\n"
        out += "- Incident: \(incident.id)\(incident.drill ? " (DRILL)" : "")\n"
        out += "- Severity: \(incident.severity.label) now; history: " + incident.severityHistory.map { "\($0.to.label) at \(t($0.at))" }.joined(separator: ", ") + "\n"
        out += "- Declared: \(t(incident.declaredAt)) by \(c(incident.declaredBy))\n"
        if let st = incident.startedAt { out += "- Impact began: \(t(st))\n" }
        out += "- Phases: " + incident.phaseHistory.map { "\($0.to.rawValue) \(t($0.at))" }.joined(separator: " → ") + "\n"
        out += "- Duration: \(DurationText.format(scale.elapsed(from: incident.declaredAt, to: end)))\(incident.isClosed ? "" : " so far (not closed)")\n"
        if let p = incident.playbook { out += "- Playbook: \(c(p))\n" }
        if let s = incident.summary { out += "- Summary: \(c(s))\n" }
        out += "- Source: `\(c(journalPath))`, report made \(t(now))\n"

        out += "\n## KPIs against the policy\n\n| Target | Measured | Target | Result |\n|---|---|---|---|\n"
        for m in k.measures {
            out += "| \(c(m.title)) | \(m.seconds.map { DurationText.format($0) } ?? "—") | \(m.target.map { DurationText.formatTarget($0) } ?? "—") | \(m.state.rawValue) |\n"
        }

        out += "\n## Severity and triggers\n\n"
        let fired = firedTriggers
        if fired.isEmpty {
            out += "No trigger rule fired.\n"
        } else {
            out += "| Counter | Crossed | Value | Threshold | Suggests | Severity followed |\n|---|---|---|---|---|---|\n"
            for f in fired {
                let follow = f.severityFollowedAt.map { "\(t($0)) (after \(DurationText.format(scale.elapsed(from: f.crossedAt, to: $0))))" } ?? "not followed"
                out += "| \(c(f.rule.counter)) | \(t(f.crossedAt)) | \(EventSentence.formatNumber(f.value)) | \(EventSentence.formatNumber(f.rule.above)) | \(f.rule.suggests.label) | \(follow) |\n"
            }
        }
        for h in incident.severityHistory where h.from != nil {
            out += "- \(t(h.at)): \(h.from!.label) → \(h.to.label) by \(c(h.by))\(h.reason.map { ": \(c($0))" } ?? "")\n"
        }

        out += "\n## Roles and handovers\n\n"
        if incident.roleHistory.isEmpty { out += "No roles were assigned.\n" }
        for h in incident.roleHistory {
            out += "- \(t(h.at)): \(c(h.role)) → \(h.member.map(c) ?? "released") (by \(c(h.by)))\n"
        }
        let required = k.requiredRoles.filter { $0.holder == nil }.map(\.role)
        if !required.isEmpty { out += "- Required but unfilled at the end: \(required.map(c).joined(separator: ", "))\n" }
        if !incident.roster.isEmpty {
            out += "\nRoster: " + incident.roster.map { m in c(m.id) + (m.name.map { " (\(c($0)))" } ?? "") }.joined(separator: ", ") + "\n"
        }

        out += onCallMarkdown(c)

        out += "\n## Checklist\n\n"
        let done = k.checklist.filter(\.isDone)
        let open = k.checklist.filter { !$0.isDone }
        out += "\(done.count) of \(k.checklist.count) done.\n\n"
        for e in done {
            out += "- [x] \(c(e.text)) — \(c(e.done!.by)), \(t(e.done!.at))\(e.doneLate ? " **(late)**" : "")\n"
        }
        for e in open {
            out += "- [ ] \(c(e.text))\(e.isOverdue(at: end) ? " **(overdue)**" : "")\n"
        }

        out += "\n## Communications\n"
        for a in Audience.allCases {
            let list = incident.comms.filter { $0.audience == a }
            guard !list.isEmpty else { continue }
            out += "\n### \(a.rawValue.prefix(1).uppercased() + a.rawValue.dropFirst())\n\n"
            for m in list {
                out += "- \(t(m.at)) \(c(m.by))\(m.channel.map { " via \(c($0))" } ?? ""): \(c(m.text))\n"
            }
        }
        if incident.comms.isEmpty { out += "\nNothing was published.\n" }

        out += "\n## Counters\n\n"
        if incident.counters.isEmpty { out += "No figures were reported.\n" }
        for counter in incident.orderedCounters {
            out += "- \(c(counter.name)): " + counter.history.map { "\(EventSentence.formatNumber($0.value)) (\(t($0.at)))" }.joined(separator: " → ")
                + (counter.unit.map { " \(c($0))" } ?? "") + "\n"
        }

        out += "\n## Timeline\n\n| Time | Actor | Event |\n|---|---|---|\n"
        for e in incident.timeline {
            let mark = marker(e.event).map { $0 == "decision" ? "**DECISION** " : ($0 == "inject" ? "**INJECT** " : "") } ?? ""
            out += "| \(t(e.event.ts)) | \(c(e.event.actor)) | \(mark)\(c(sentence(e))) |\n"
        }

        out += """

            ## Root cause (to fill in)

            ## What went well (to fill in)

            ## What to change (to fill in)

            ## Follow-up actions (to fill in)

            | Action | Owner | Due |
            |---|---|---|
            |  |  |  |

            """
        return out
    }

    // MARK: HTML

    public func html() -> String {
        func h(_ s: String) -> String {
            Sanitizer.inline(s).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let k = kpis
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Review: \(h(incident.title))</title>
            <style>
            body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
            table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
            th{background:#f0f0f0}.met{color:#2a7a2a}.breached{color:#b00020;font-weight:bold}.warning{color:#a66a00}
            .drill{background:#6a3d9a;color:#fff;padding:.1rem .5rem;border-radius:.3rem}.mark{font-weight:bold}
            svg{background:#fafafa;border:1px solid #ddd;margin:.5rem 0}
            </style></head><body>
            <h1>Review: \(h(incident.title)) \(incident.drill ? "<span class=\"drill\">DRILL</span>" : "")</h1>
            <p>\(h(incident.id)) · \(incident.severity.label) · \(h(incident.phase.rawValue)) · declared \(Self.time(incident.declaredAt)) by \(h(incident.declaredBy)) · duration \(DurationText.format(scale.elapsed(from: incident.declaredAt, to: end)))</p>
            <h2>KPIs against the policy</h2><table><tr><th>Target</th><th>Measured</th><th>Target</th><th>Result</th></tr>

            """
        for m in k.measures {
            out += "<tr><td>\(h(m.title))</td><td>\(m.seconds.map { DurationText.format($0) } ?? "—")</td><td>\(m.target.map { DurationText.formatTarget($0) } ?? "—")</td><td class=\"\(m.state.rawValue == "n/a" ? "na" : m.state.rawValue)\">\(m.state.rawValue)</td></tr>\n"
        }
        out += "</table>\n<h2>Phases</h2>\n" + phaseChart() + "\n<h2>Counters</h2>\n"
        for counter in incident.orderedCounters { out += counterChart(counter, escape: h) }
        if incident.counters.isEmpty { out += "<p>No figures were reported.</p>\n" }
        out += "<h2>Roles and handovers</h2><ul>\n"
        for r in incident.roleHistory {
            out += "<li>\(Self.time(r.at)): \(h(r.role)) → \(r.member.map(h) ?? "released") (by \(h(r.by)))</li>\n"
        }
        out += "</ul>\n" + onCallHTML(h) + "<h2>Checklist</h2><ul>\n"
        for e in k.checklist {
            out += "<li>\(e.isDone ? "☑" : "☐") \(h(e.text))\(e.done.map { " — \(h($0.by)), \(Self.time($0.at))" } ?? "")\(e.doneLate ? " <b>(late)</b>" : "")\(e.isOverdue(at: end) ? " <b>(overdue)</b>" : "")</li>\n"
        }
        out += "</ul>\n<h2>Communications</h2><table><tr><th>Time</th><th>Audience</th><th>By</th><th>Text</th></tr>\n"
        for c in incident.comms {
            out += "<tr><td>\(Self.time(c.at))</td><td>\(c.audience.rawValue)\(c.channel.map { " (\(h($0)))" } ?? "")</td><td>\(h(c.by))</td><td>\(h(c.text))</td></tr>\n"
        }
        out += "</table>\n<h2>Timeline</h2><table><tr><th>Time</th><th>Actor</th><th>Event</th></tr>\n"
        for e in incident.timeline {
            let mark = marker(e.event).flatMap { $0 == "decision" || $0 == "inject" ? "<span class=\"mark\">\($0.uppercased())</span> " : nil } ?? ""
            out += "<tr><td>\(Self.time(e.event.ts))</td><td>\(h(e.event.actor))</td><td>\(mark)\(h(sentence(e)))</td></tr>\n"
        }
        out += """
            </table>
            <h2>Root cause (to fill in)</h2><p></p><h2>What went well (to fill in)</h2><p></p>
            <h2>What to change (to fill in)</h2><p></p><h2>Follow-up actions (to fill in)</h2>
            <table><tr><th>Action</th><th>Owner</th><th>Due</th></tr><tr><td></td><td></td><td></td></tr></table>
            </body></html>

            """
        return out
    }

    // MARK: On call

    /// The standing (on-call) roster as the report is made: who could be called in, and how.
    func onCallMarkdown(_ c: (String) -> String) -> String {
        let list = state.onCall
        guard !list.isEmpty else { return "" }
        var out = "\n## On call\n\n\(list.filter(\.isReachable).count) of \(list.count) on the standing roster reachable when this report was made.\n\n"
        out += "| Member | Name | Team | Contact | Presence |\n|---|---|---|---|---|\n"
        for e in list {
            out += "| \(c(e.member.id)) | \(c(e.member.name ?? "")) | \(c(e.member.team ?? "")) | \(c(e.member.contact ?? "")) | \(e.presence.rawValue)\(e.isReachable ? "" : " (not reachable)") |\n"
        }
        return out
    }

    func onCallHTML(_ h: (String) -> String) -> String {
        let list = state.onCall
        guard !list.isEmpty else { return "" }
        var out = "<h2>On call</h2><p>\(list.filter(\.isReachable).count) of \(list.count) on the standing roster reachable when this report was made.</p>\n"
        out += "<table><tr><th>Member</th><th>Name</th><th>Team</th><th>Contact</th><th>Presence</th></tr>\n"
        for e in list {
            out += "<tr><td>\(h(e.member.id))</td><td>\(h(e.member.name ?? ""))</td><td>\(h(e.member.team ?? ""))</td><td>\(h(e.member.contact ?? ""))</td><td>\(e.presence.rawValue)\(e.isReachable ? "" : " (not reachable)")</td></tr>\n"
        }
        return out + "</table>\n"
    }

    /// A bar per phase along the incident's time axis.
    func phaseChart() -> String {
        let start = incident.declaredAt
        let span = max(1, end.timeIntervalSince(start))
        let w = 800.0
        var s = "<svg width=\"\(Int(w))\" height=\"60\" viewBox=\"0 0 \(Int(w)) 60\" role=\"img\" aria-label=\"phases over time\">"
        let colors: [Phase: String] = [.declared: "#d9534f", .verified: "#f0ad4e", .contained: "#5bc0de", .recovered: "#5cb85c", .closed: "#999"]
        for (i, p) in incident.phaseHistory.enumerated() {
            let from = max(0, p.at.timeIntervalSince(start)) / span * w
            let to = (i + 1 < incident.phaseHistory.count ? incident.phaseHistory[i + 1].at.timeIntervalSince(start) : span) / span * w
            s += "<rect x=\"\(Int(from))\" y=\"10\" width=\"\(max(1, Int(to - from)))\" height=\"30\" fill=\"\(colors[p.to] ?? "#888")\"><title>\(p.to.rawValue) \(Self.time(p.at))</title></rect>"
            s += "<text x=\"\(Int(from) + 3)\" y=\"55\" font-size=\"11\">\(p.to.rawValue)</text>"
        }
        return s + "</svg>"
    }

    /// A step line of a counter's values over the incident's time axis.
    func counterChart(_ c: Counter, escape h: (String) -> String) -> String {
        let start = incident.declaredAt
        let span = max(1, end.timeIntervalSince(start))
        let maxV = min(1e300, max(1, c.history.map(\.value).max() ?? 1))
        let w = 800.0
        let ht = 120.0
        var points: [String] = []
        var lastY = ht
        for r in c.history {
            let x = max(0, r.at.timeIntervalSince(start)) / span * w
            let y = min(ht, max(0, ht - r.value / maxV * (ht - 10)))
            points.append("\(Int(x)),\(Int(lastY))")
            points.append("\(Int(x)),\(Int(y))")
            lastY = y
        }
        points.append("\(Int(w)),\(Int(lastY))")
        return "<h3>\(h(c.name)): \(EventSentence.formatNumber(c.value))\(c.unit.map { " " + h($0) } ?? "")</h3>"
            + "<svg width=\"\(Int(w))\" height=\"\(Int(ht))\" viewBox=\"0 0 \(Int(w)) \(Int(ht))\" role=\"img\" aria-label=\"\(h(c.name)) over time\">"
            + "<polyline fill=\"none\" stroke=\"#0366d6\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/></svg>\n"
    }
}
