import Foundation

/// The review report as Markdown, with journal text escaped so it never makes an element.
extension PostmortemReport {
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
        out +=
            "- Severity: \(incident.severity.label) now; history: "
            + incident.severityHistory.map { "\($0.to.label) at \(t($0.at))" }.joined(separator: ", ") + "\n"
        out += "- Declared: \(t(incident.declaredAt)) by \(c(incident.declaredBy))\n"
        if let st = incident.startedAt { out += "- Impact began: \(t(st))\n" }
        out += "- Phases: " + incident.phaseHistory.map { "\($0.to.rawValue) \(t($0.at))" }.joined(separator: " → ") + "\n"
        out +=
            "- Duration: \(DurationText.format(scale.elapsed(from: incident.declaredAt, to: end)))\(incident.isClosed ? "" : " so far (not closed)")\n"
        if let p = incident.playbook { out += "- Playbook: \(c(p))\n" }
        if let s = incident.summary { out += "- Summary: \(c(s))\n" }
        out += "- Source: \(Self.markdownCode(journalPath)), report made \(t(now))\n"
        out += "- Times: \(Self.timeZoneNote)\n"

        out += "\n## KPIs against the policy\n\n| Measure | Measured | Target | Result |\n|---|---|---|---|\n"
        for m in k.measures {
            out +=
                "| \(c(m.title)) | \(m.seconds.map { DurationText.format($0) } ?? "—") | \(m.target.map { DurationText.formatTarget($0) } ?? "—") | \(m.state.rawValue) |\n"
        }

        out += "\n## Severity and triggers\n\n"
        let fired = firedTriggers
        if fired.isEmpty {
            out += "No trigger rule fired.\n"
        } else {
            out += "| Counter | Crossed (UTC) | Value | Threshold | Suggests | Severity followed |\n|---|---|---|---|---|---|\n"
            for f in fired {
                out +=
                    "| \(c(f.rule.counter)) | \(t(f.crossedAt)) | \(EventSentence.formatNumber(f.value)) | \(EventSentence.formatNumber(f.rule.above)) | \(f.rule.suggests.label) | \(followText(f)) |\n"
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
            out +=
                "- \(c(counter.name)): "
                + counter.history.map { "\(EventSentence.formatNumber($0.value)) (\(t($0.at)))" }.joined(separator: " → ")
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
}
