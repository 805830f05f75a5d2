import Foundation

/// The review report's words and rows, made once in the interface language and drawn by
/// both renderings (Markdown and HTML), which differ only in markup.
extension PostmortemReport {
    /// How a rendering marks up text: journal text escaped so it never makes an element,
    /// a path as code, the report's own emphasis.
    struct Markup: Sendable {
        var text: @Sendable (String) -> String
        var code: @Sendable (String) -> String
        var strong: @Sendable (String) -> String
    }

    /// A table of cells already marked up.
    struct Table {
        var headers: [String]
        var rows: [[String]]
    }

    /// The sections, in order; the HTML report adds `phases` (its chart).
    enum Heading: CaseIterable {
        case summary, kpis, phases, triggers, roles, onCall, checklist, comms, counters, timeline
        case rootCause, wentWell, toChange, followUp

        var title: String {
            switch self {
            case .summary: return tr("Summary", context: "report heading")
            case .kpis: return tr("KPIs against the policy")
            case .phases: return tr("Phases", context: "report heading")
            case .triggers: return tr("Severity and triggers")
            case .roles: return tr("Roles and handovers")
            case .onCall: return tr("On call", context: "report heading")
            case .checklist: return tr("Checklist", context: "report heading")
            case .comms: return tr("Communications", context: "report heading")
            case .counters: return tr("Counters", context: "report heading")
            case .timeline: return tr("Timeline", context: "report heading")
            case .rootCause: return tr("Root cause (to fill in)")
            case .wentWell: return tr("What went well (to fill in)")
            case .toChange: return tr("What to change (to fill in)")
            case .followUp: return tr("Follow-up actions (to fill in)")
            }
        }
    }

    var clock: ReportClock { ReportClock(timeZone: timeZone) }

    /// A moment as the reader's clock shows it.
    func time(_ d: Date) -> String { clock.format(d) }

    func title(_ m: Markup) -> String { tr("Review: {title}", ["title": m.text(incident.title)]) }
    static var drillWord: String { DrillRun.drillBanner }
    static var exerciseSentence: String { tr("this incident was an exercise.") }
    static var listSeparator: String { tr(", ", context: "report list") }

    func summaryItems(_ m: Markup) -> [String] {
        let id = m.text(incident.id)
        var out = [incident.drill ? tr("Incident: {id} (DRILL)", ["id": id]) : tr("Incident: {id}", ["id": id])]
        let history = incident.severityHistory.map { tr("{level} at {time}", ["level": $0.to.displayLabel, "time": time($0.at)]) }
        out.append(
            tr(
                "Severity: {level} now; history: {history}",
                ["level": incident.severity.displayLabelWithCode, "history": history.joined(separator: Self.listSeparator)]))
        out.append(tr("Declared: {time} by {who}", ["time": time(incident.declaredAt), "who": m.text(incident.declaredBy)]))
        if let fp = incident.signal {
            // Where the incident came from: the alert the console or `warroom` declared it from.
            if let s = state.signals[fp] {
                out.append(
                    tr(
                        "Declared from the alert {title} (source {source}, fired {time})",
                        ["title": m.text(s.title), "source": m.text(s.source), "time": time(s.firedAt)]))
            } else {
                out.append(tr("Declared from the alert {fingerprint}", ["fingerprint": m.text(fp)]))
            }
        }
        if let st = incident.startedAt { out.append(tr("Impact began: {time}", ["time": time(st)])) }
        let phases = incident.phaseHistory.map { "\($0.to.displayName) \(time($0.at))" }
        out.append(tr("Phases: {phases}", ["phases": phases.joined(separator: " → ")]))
        let duration = DurationText.format(scale.elapsed(from: incident.declaredAt, to: end))
        out.append(
            incident.isClosed
                ? tr("Duration: {duration}", ["duration": duration])
                : tr("Duration: {duration} so far (not closed)", ["duration": duration]))
        if let p = incident.playbook {
            // In Chinese the plan's own title, which the reader knows it by; the id stays beside it.
            var shown = m.text(p)
            if let title = playbook?.displayTitle, L10n.isChinese, title != playbook?.title {
                shown = tr("{title} ({name})", ["title": m.text(title), "name": shown])
            }
            out.append(tr("Playbook: {name}", ["name": shown]))
        }
        if let s = incident.summary { out.append(tr("Summary: {text}", ["text": m.text(s)])) }
        if !incident.deliveries.isEmpty {
            // The notifier's confirmed deliveries, as the platforms confirmed them.
            let list = incident.deliveries.map { d in
                let values = ["channel": m.text(d.channel), "time": time(d.at)]
                return d.to.map { tr("{channel} at {time} (to {to})", values.merging(["to": m.text($0)]) { a, _ in a }) }
                    ?? tr("{channel} at {time}", values)
            }
            out.append(tr("Notified: {deliveries}", ["deliveries": list.joined(separator: Self.listSeparator)]))
        }
        out.append(tr("Source: {path}, report made {time}", ["path": m.code(journalPath), "time": time(now)]))
        out.append(tr("Times: {note}", ["note": m.text(clock.note(at: now))]))
        return out
    }

    func kpiTable(_ m: Markup) -> Table {
        Table(
            headers: [
                tr("Measure", context: "report column"), tr("Measured", context: "report column"),
                tr("Target", context: "report column"), tr("Result", context: "report column"),
            ],
            rows: kpis.measures.map { k in
                [
                    m.text(k.displayTitle), k.seconds.map { DurationText.format($0) } ?? "—",
                    k.target.map { DurationText.formatTarget($0) } ?? "—",
                    k.state.displayName,
                ]
            })
    }

    /// How a fired trigger was followed, in words shared by the Markdown and HTML reports.
    func followText(_ f: FiredTrigger) -> String {
        if f.alreadyAtLevel {
            let level = incident.severityHistory.last(where: { $0.at <= f.crossedAt })?.to.displayLabel ?? f.rule.suggests.displayLabel
            return tr("already at {level}", ["level": level])
        }
        guard let at = f.severityFollowedAt else { return tr("not followed") }
        return tr(
            "{time} (after {duration})", ["time": time(at), "duration": DurationText.format(scale.elapsed(from: f.crossedAt, to: at))])
    }

    /// The plan's rule a trigger was taken from, in the plan's own words where the reader reads them.
    static func ruleText(_ rule: TriggerRule) -> String? {
        rule.displaySource.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    /// An audience as a heading: `Internal` in English, the audience's word (`对内`) in a translation.
    static func audienceHeading(_ a: Audience) -> String {
        L10n.current.isTranslated ? a.displayName : a.rawValue.prefix(1).uppercased() + a.rawValue.dropFirst()
    }

    /// The fired triggers beside the plan rule each quotes; nil when none fired.
    func triggerTable(_ m: Markup) -> Table? {
        let fired = firedTriggers
        guard !fired.isEmpty else { return nil }
        return Table(
            headers: [
                tr("Counter", context: "report column"), tr("Crossed ({zone})", context: "report column", ["zone": clock.zoneName]),
                tr("Value", context: "report column"), tr("Threshold", context: "report column"), tr("Suggests", context: "report column"),
                tr("Severity followed", context: "report column"), tr("Plan rule", context: "report column"),
            ],
            rows: fired.map { f in
                [
                    m.text(f.rule.counter), time(f.crossedAt), EventSentence.formatNumber(f.value),
                    EventSentence.formatNumber(f.rule.above),
                    f.rule.suggests.displayLabel, m.text(followText(f)), Self.ruleText(f.rule).map(m.text) ?? "—",
                ]
            })
    }

    static var noTriggerSentence: String { tr("No trigger rule fired.") }

    func severityChangeItems(_ m: Markup) -> [String] {
        incident.severityHistory.compactMap { h in
            guard let from = h.from else { return nil }
            let values = ["time": time(h.at), "from": from.displayLabel, "to": h.to.displayLabel, "who": m.text(h.by)]
            guard let reason = h.reason else { return tr("{time}: {from} → {to} by {who}", values) }
            return tr("{time}: {from} → {to} by {who}: {reason}", values.merging(["reason": m.text(reason)]) { a, _ in a })
        }
    }

    static var noRolesSentence: String { tr("No roles were assigned.") }

    func roleItems(_ m: Markup) -> [String] {
        var out = incident.roleHistory.map { h in
            let values = ["time": time(h.at), "role": m.text(Role.display(h.role)), "who": m.text(h.by)]
            guard let member = h.member else { return tr("{time}: {role} → released (by {who})", values) }
            return tr("{time}: {role} → {member} (by {who})", values.merging(["member": m.text(member)]) { a, _ in a })
        }
        let required = kpis.requiredRoles.filter { $0.holder == nil }.map { m.text(Role.display($0.role)) }
        if !required.isEmpty {
            out.append(tr("Required but unfilled at the end: {roles}", ["roles": required.joined(separator: Self.listSeparator)]))
        }
        return out
    }

    func rosterLine(_ m: Markup) -> String? {
        guard !incident.roster.isEmpty else { return nil }
        let members = incident.roster.map { r in
            r.name.map { tr("{member} ({name})", ["member": m.text(r.id), "name": m.text($0)]) } ?? m.text(r.id)
        }
        return tr("Roster: {members}", ["members": members.joined(separator: Self.listSeparator)])
    }

    /// The standing (on-call) roster as the report is made: who could be called in, and how.
    func onCall(_ m: Markup) -> (intro: String, table: Table)? {
        let list = state.onCall
        guard !list.isEmpty else { return nil }
        let intro = tr(
            "{reachable} of {total} on the standing roster reachable when this report was made.",
            ["reachable": String(list.filter(\.isReachable).count), "total": String(list.count)])
        let rows = list.map { e in
            let presence = e.presence.displayName
            return [
                m.text(e.member.id), m.text(e.member.name ?? ""), m.text(e.member.team ?? ""), m.text(e.member.contact ?? ""),
                e.isReachable ? presence : tr("{presence} (not reachable)", ["presence": presence]),
            ]
        }
        return (
            intro,
            Table(
                headers: [
                    tr("Member", context: "report column"), tr("Name", context: "report column"), tr("Team", context: "report column"),
                    tr("Contact", context: "report column"), tr("Presence", context: "report column"),
                ], rows: rows)
        )
    }

    /// "3 of 9 done." and each item, done ones first, without its box.
    func checklist(_ m: Markup) -> (summary: String, items: [(done: Bool, text: String)]) {
        let list = kpis.checklist
        let ordered = list.filter(\.isDone) + list.filter { !$0.isDone }
        let summary = tr("{done} of {total} done.", ["done": String(list.filter(\.isDone).count), "total": String(list.count)])
        return (
            summary,
            ordered.map { e in
                var text = m.text(e.displayText)
                if let d = e.done { text += tr(" — {who}, {time}", ["who": m.text(d.by), "time": time(d.at)]) }
                if e.doneLate { text += " " + m.strong(tr("(late)")) }
                if e.isOverdue(at: end) { text += " " + m.strong(tr("(overdue)")) }
                return (e.isDone, text)
            }
        )
    }

    static var nothingPublishedSentence: String { tr("Nothing was published.") }
    static var noFiguresSentence: String { tr("No figures were reported.") }

    /// The word before a decision or an inject in the timeline.
    static func markWord(_ mark: String) -> String? {
        switch mark {
        case "decision": return tr("DECISION", context: "report")
        case "inject": return tr("INJECT", context: "report")
        default: return nil
        }
    }

    var timelineHeaders: [String] {
        [
            tr("Time ({zone})", context: "report column", ["zone": clock.zoneName]), tr("Actor", context: "report column"),
            tr("Event", context: "report column"),
        ]
    }
    static var followUpHeaders: [String] {
        [
            tr("Action", context: "report column"), tr("Owner", context: "report column"), tr("Due", context: "report column"),
            tr("Status", context: "report column"),
        ]
    }

    /// The incident's follow-up actions as recorded (`warroom action add`, the console), in the
    /// order added; one empty row to fill in when none are.
    var followUps: [FollowUp] { state.orderedFollowUps.filter { $0.incident == incident.id } }

    func followUpRows(_ m: Markup) -> [[String]] {
        let list = followUps
        if list.isEmpty { return [["", "", "", ""]] }
        return list.map { f in
            let status: String
            switch f.status {
            case .open:
                status = f.isOverdue(at: now) ? tr("overdue", context: "follow-up") : tr("open", context: "follow-up")
            case .done(let at, let by, let note):
                status =
                    tr("done {time} by {who}", ["time": time(at), "who": by])
                    + (note.map { tr(": {text}", context: "sentence", ["text": $0]) } ?? "")
            case .dropped(let at, let by, let reason):
                status = tr("dropped {time} by {who}: {reason}", ["time": time(at), "who": by, "reason": reason])
            }
            return [
                m.text(f.id + " " + f.text), m.text(f.owner ?? "—"), f.due.map { time($0) } ?? "—", m.text(status),
            ]
        }
    }

    /// "to fill in" while nothing is recorded.
    var followUpTitle: String { followUps.isEmpty ? Heading.followUp.title : tr("Follow-up actions", context: "report heading") }
}
