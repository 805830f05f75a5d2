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
            let followed = already
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
        return EventSentence.describe(e.event, previousSeverity: prev) { id in
            playbook?.item(id)?.text ?? incident.addedItems.first(where: { $0.item == id })?.text
        }
    }

    /// The sentence shown after a marker: a decision or inject note is its text alone,
    /// since the marker already says what kind it is ("**DECISION** decision: …" said it twice).
    func markedSentence(_ e: TimelineEntry) -> String {
        if e.event.kind == .note, let kind = e.event.string("kind"), kind == "decision" || kind == "inject" {
            return e.event.string("text") ?? ""
        }
        return sentence(e)
    }

    /// How a fired trigger was followed, in words shared by the Markdown and HTML reports.
    func followText(_ f: FiredTrigger) -> String {
        if f.alreadyAtLevel { return "already at \(incident.severityHistory.last(where: { $0.at <= f.crossedAt })?.to.label ?? f.rule.suggests.label)" }
        guard let at = f.severityFollowedAt else { return "not followed" }
        return "\(Self.time(at)) (after \(DurationText.format(scale.elapsed(from: f.crossedAt, to: at))))"
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
             "severity_followed_at": t.severityFollowedAt.map { .string(Self.time($0)) } ?? .null,
             "already_at_level": .bool(t.alreadyAtLevel)]
        })
        return .object(o)
    }

    // MARK: Markdown

    /// Journal text as Markdown that shows the text and never makes an element of it:
    /// raw HTML (`<script>`, `<img onerror>`), links and images (`[x](javascript:…)`,
    /// `![x](http://…)`), autolinks, emphasis, strikethrough and code spans are
    /// backslash-escaped, `|` too so a table cell stays one cell. An underscore inside a
    /// word emphasises nothing and is left as it is (`leaked_records`). Controls are made
    /// visible first.
    public static func markdownText(_ s: String) -> String {
        let chars = Array(Sanitizer.inline(s))
        func wordy(_ c: Character) -> Bool { c.isLetter || c.isNumber }
        var out = ""
        for (i, ch) in chars.enumerated() {
            if "\\`*[]<&|~".contains(ch) {
                out.append("\\")
            } else if ch == "_" {
                let inWord = i > 0 && i + 1 < chars.count && wordy(chars[i - 1]) && wordy(chars[i + 1])
                if !inWord { out.append("\\") }
            }
            out.append(ch)
        }
        return out
    }

    /// Text as a Markdown code span, fenced with more backticks than it holds (escapes do not work inside one).
    static func markdownCode(_ s: String) -> String {
        let text = Sanitizer.inline(s)
        var longest = 0
        var run = 0
        for ch in text {
            run = ch == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text + pad + fence
    }

    public func markdown() -> String {
        func c(_ s: String) -> String { Self.markdownText(s) }
        func t(_ d: Date) -> String { Self.time(d) }
        let k = kpis
        var out = "# Review: \(c(incident.title))\n\n"
        if incident.drill { out += "> **DRILL** — this incident was an exercise.\n\n" }
        out += "## Summary\n\n"
        out += "- Incident: \(c(incident.id))\(incident.drill ? " (DRILL)" : "")\n"
        out += "- Severity: \(incident.severity.label) now; history: " + incident.severityHistory.map { "\($0.to.label) at \(t($0.at))" }.joined(separator: ", ") + "\n"
        out += "- Declared: \(t(incident.declaredAt)) by \(c(incident.declaredBy))\n"
        if let st = incident.startedAt { out += "- Impact began: \(t(st))\n" }
        out += "- Phases: " + incident.phaseHistory.map { "\($0.to.rawValue) \(t($0.at))" }.joined(separator: " → ") + "\n"
        out += "- Duration: \(DurationText.format(scale.elapsed(from: incident.declaredAt, to: end)))\(incident.isClosed ? "" : " so far (not closed)")\n"
        if let p = incident.playbook { out += "- Playbook: \(c(p))\n" }
        if let s = incident.summary { out += "- Summary: \(c(s))\n" }
        out += "- Source: \(Self.markdownCode(journalPath)), report made \(t(now))\n"
        out += "- Times: \(Self.timeZoneNote)\n"

        out += "\n## KPIs against the policy\n\n| Measure | Measured | Target | Result |\n|---|---|---|---|\n"
        for m in k.measures {
            out += "| \(c(m.title)) | \(m.seconds.map { DurationText.format($0) } ?? "—") | \(m.target.map { DurationText.formatTarget($0) } ?? "—") | \(m.state.rawValue) |\n"
        }

        out += "\n## Severity and triggers\n\n"
        let fired = firedTriggers
        if fired.isEmpty {
            out += "No trigger rule fired.\n"
        } else {
            out += "| Counter | Crossed (UTC) | Value | Threshold | Suggests | Severity followed |\n|---|---|---|---|---|---|\n"
            for f in fired {
                out += "| \(c(f.rule.counter)) | \(t(f.crossedAt)) | \(EventSentence.formatNumber(f.value)) | \(EventSentence.formatNumber(f.rule.above)) | \(f.rule.suggests.label) | \(followText(f)) |\n"
            }
        }
        for h in incident.severityHistory {
            guard let from = h.from else { continue }
            out += "- \(t(h.at)): \(from.label) → \(h.to.label) by \(c(h.by))\(h.reason.map { ": \(c($0))" } ?? "")\n"
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
            guard let d = e.done else { continue }
            out += "- [x] \(c(e.text)) — \(c(d.by)), \(t(d.at))\(e.doneLate ? " **(late)**" : "")\n"
        }
        for e in open {
            out += "- [ ] \(c(e.text))\(e.isOverdue(at: end) ? " **(overdue)**" : "")\n"
        }

        out += "\n## Communications\n"
        for (a, list) in commsByAudience {
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

        out += "\n## Timeline\n\n| Time (UTC) | Actor | Event |\n|---|---|---|\n"
        for e in incident.timeline {
            let mark = marker(e.event).map { $0 == "decision" ? "**DECISION** " : ($0 == "inject" ? "**INJECT** " : "") } ?? ""
            out += "| \(t(e.event.ts)) | \(c(e.event.actor)) | \(mark)\(c(markedSentence(e))) |\n"
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

    /// Every time in the report is UTC (RFC 3339 with `Z`); said once where a reader looks.
    static let timeZoneNote = "all times are UTC (RFC 3339, the Z suffix)"

    /// Communications grouped by audience, in the audiences' order; audiences with none left out.
    var commsByAudience: [(Audience, [Communication])] {
        Audience.allCases.compactMap { a in
            let list = incident.comms.filter { $0.audience == a }
            return list.isEmpty ? nil : (a, list)
        }
    }

    // MARK: HTML

    /// The same sections as the Markdown report, with charts of the phases and counters.
    public func html() -> String {
        func h(_ s: String) -> String {
            Sanitizer.inline(s).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func t(_ d: Date) -> String { Self.time(d) }
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

            """
        if incident.drill { out += "<p><b>DRILL</b> — this incident was an exercise.</p>\n" }
        out += "<h2>Summary</h2><ul>\n"
        out += "<li>Incident: \(h(incident.id))\(incident.drill ? " (DRILL)" : "")</li>\n"
        out += "<li>Severity: \(incident.severity.label) now; history: " + incident.severityHistory.map { "\($0.to.label) at \(t($0.at))" }.joined(separator: ", ") + "</li>\n"
        out += "<li>Declared: \(t(incident.declaredAt)) by \(h(incident.declaredBy))</li>\n"
        if let st = incident.startedAt { out += "<li>Impact began: \(t(st))</li>\n" }
        out += "<li>Phases: " + incident.phaseHistory.map { "\($0.to.rawValue) \(t($0.at))" }.joined(separator: " → ") + "</li>\n"
        out += "<li>Duration: \(DurationText.format(scale.elapsed(from: incident.declaredAt, to: end)))\(incident.isClosed ? "" : " so far (not closed)")</li>\n"
        if let p = incident.playbook { out += "<li>Playbook: \(h(p))</li>\n" }
        if let s = incident.summary { out += "<li>Summary: \(h(s))</li>\n" }
        out += "<li>Source: <code>\(h(journalPath))</code>, report made \(t(now))</li>\n"
        out += "<li>Times: \(Self.timeZoneNote)</li>\n</ul>\n"

        out += "<h2>KPIs against the policy</h2><table><tr><th>Measure</th><th>Measured</th><th>Target</th><th>Result</th></tr>\n"
        for m in k.measures {
            out += "<tr><td>\(h(m.title))</td><td>\(m.seconds.map { DurationText.format($0) } ?? "—")</td><td>\(m.target.map { DurationText.formatTarget($0) } ?? "—")</td><td class=\"\(m.state.rawValue == "n/a" ? "na" : m.state.rawValue)\">\(m.state.rawValue)</td></tr>\n"
        }
        out += "</table>\n<h2>Phases</h2>\n" + phaseChart() + "\n"

        out += "<h2>Severity and triggers</h2>\n"
        let fired = firedTriggers
        if fired.isEmpty {
            out += "<p>No trigger rule fired.</p>\n"
        } else {
            out += "<table><tr><th>Counter</th><th>Crossed (UTC)</th><th>Value</th><th>Threshold</th><th>Suggests</th><th>Severity followed</th></tr>\n"
            for f in fired {
                out += "<tr><td>\(h(f.rule.counter))</td><td>\(t(f.crossedAt))</td><td>\(EventSentence.formatNumber(f.value))</td><td>\(EventSentence.formatNumber(f.rule.above))</td><td>\(f.rule.suggests.label)</td><td>\(h(followText(f)))</td></tr>\n"
            }
            out += "</table>\n"
        }
        let changes = incident.severityHistory.filter { $0.from != nil }
        if !changes.isEmpty {
            out += "<ul>\n"
            for c in changes {
                guard let from = c.from else { continue }
                out += "<li>\(t(c.at)): \(from.label) → \(c.to.label) by \(h(c.by))\(c.reason.map { ": \(h($0))" } ?? "")</li>\n"
            }
            out += "</ul>\n"
        }

        out += "<h2>Roles and handovers</h2>\n"
        if incident.roleHistory.isEmpty { out += "<p>No roles were assigned.</p>\n" }
        out += "<ul>\n"
        for r in incident.roleHistory {
            out += "<li>\(t(r.at)): \(h(r.role)) → \(r.member.map(h) ?? "released") (by \(h(r.by)))</li>\n"
        }
        let required = k.requiredRoles.filter { $0.holder == nil }.map(\.role)
        if !required.isEmpty { out += "<li>Required but unfilled at the end: \(required.map(h).joined(separator: ", "))</li>\n" }
        out += "</ul>\n"
        if !incident.roster.isEmpty {
            out += "<p>Roster: " + incident.roster.map { m in h(m.id) + (m.name.map { " (\(h($0)))" } ?? "") }.joined(separator: ", ") + "</p>\n"
        }
        out += onCallHTML(h)

        out += "<h2>Checklist</h2>\n<p>\(k.checklist.filter(\.isDone).count) of \(k.checklist.count) done.</p><ul>\n"
        for e in k.checklist.filter(\.isDone) + k.checklist.filter({ !$0.isDone }) {
            out += "<li>\(e.isDone ? "☑" : "☐") \(h(e.text))\(e.done.map { " — \(h($0.by)), \(t($0.at))" } ?? "")\(e.doneLate ? " <b>(late)</b>" : "")\(e.isOverdue(at: end) ? " <b>(overdue)</b>" : "")</li>\n"
        }
        out += "</ul>\n<h2>Communications</h2>\n"
        for (a, list) in commsByAudience {
            out += "<h3>\(a.rawValue.prefix(1).uppercased() + a.rawValue.dropFirst())</h3><table><tr><th>Time (UTC)</th><th>By</th><th>Channel</th><th>Text</th></tr>\n"
            for c in list {
                out += "<tr><td>\(t(c.at))</td><td>\(h(c.by))</td><td>\(c.channel.map(h) ?? "")</td><td>\(h(c.text))</td></tr>\n"
            }
            out += "</table>\n"
        }
        if incident.comms.isEmpty { out += "<p>Nothing was published.</p>\n" }

        out += "<h2>Counters</h2>\n"
        for counter in incident.orderedCounters { out += counterChart(counter, escape: h) }
        if incident.counters.isEmpty { out += "<p>No figures were reported.</p>\n" }

        out += "<h2>Timeline</h2><table><tr><th>Time (UTC)</th><th>Actor</th><th>Event</th></tr>\n"
        for e in incident.timeline {
            let mark = marker(e.event).flatMap { $0 == "decision" || $0 == "inject" ? "<span class=\"mark\">\($0.uppercased())</span> " : nil } ?? ""
            out += "<tr><td>\(t(e.event.ts))</td><td>\(h(e.event.actor))</td><td>\(mark)\(h(markedSentence(e)))</td></tr>\n"
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
