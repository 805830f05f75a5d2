import Foundation

/// The review report as one HTML page, with SVG charts of the phases and counters.
extension PostmortemReport {
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
        out +=
            "<li>Severity: \(incident.severity.label) now; history: "
            + incident.severityHistory.map { "\($0.to.label) at \(t($0.at))" }.joined(separator: ", ") + "</li>\n"
        out += "<li>Declared: \(t(incident.declaredAt)) by \(h(incident.declaredBy))</li>\n"
        if let st = incident.startedAt { out += "<li>Impact began: \(t(st))</li>\n" }
        out += "<li>Phases: " + incident.phaseHistory.map { "\($0.to.rawValue) \(t($0.at))" }.joined(separator: " → ") + "</li>\n"
        out +=
            "<li>Duration: \(DurationText.format(scale.elapsed(from: incident.declaredAt, to: end)))\(incident.isClosed ? "" : " so far (not closed)")</li>\n"
        if let p = incident.playbook { out += "<li>Playbook: \(h(p))</li>\n" }
        if let s = incident.summary { out += "<li>Summary: \(h(s))</li>\n" }
        out += "<li>Source: <code>\(h(journalPath))</code>, report made \(t(now))</li>\n"
        out += "<li>Times: \(Self.timeZoneNote)</li>\n</ul>\n"

        out += "<h2>KPIs against the policy</h2><table><tr><th>Measure</th><th>Measured</th><th>Target</th><th>Result</th></tr>\n"
        for m in k.measures {
            out +=
                "<tr><td>\(h(m.title))</td><td>\(m.seconds.map { DurationText.format($0) } ?? "—")</td><td>\(m.target.map { DurationText.formatTarget($0) } ?? "—")</td><td class=\"\(m.state.rawValue == "n/a" ? "na" : m.state.rawValue)\">\(m.state.rawValue)</td></tr>\n"
        }
        out += "</table>\n<h2>Phases</h2>\n" + phaseChart() + "\n"

        out += "<h2>Severity and triggers</h2>\n"
        let fired = firedTriggers
        if fired.isEmpty {
            out += "<p>No trigger rule fired.</p>\n"
        } else {
            out +=
                "<table><tr><th>Counter</th><th>Crossed (UTC)</th><th>Value</th><th>Threshold</th><th>Suggests</th><th>Severity followed</th></tr>\n"
            for f in fired {
                out +=
                    "<tr><td>\(h(f.rule.counter))</td><td>\(t(f.crossedAt))</td><td>\(EventSentence.formatNumber(f.value))</td><td>\(EventSentence.formatNumber(f.rule.above))</td><td>\(f.rule.suggests.label)</td><td>\(h(followText(f)))</td></tr>\n"
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
            out +=
                "<p>Roster: " + incident.roster.map { m in h(m.id) + (m.name.map { " (\(h($0)))" } ?? "") }.joined(separator: ", ")
                + "</p>\n"
        }
        out += onCallHTML(h)

        out += "<h2>Checklist</h2>\n<p>\(k.checklist.filter(\.isDone).count) of \(k.checklist.count) done.</p><ul>\n"
        for e in k.checklist.filter(\.isDone) + k.checklist.filter({ !$0.isDone }) {
            out +=
                "<li>\(e.isDone ? "☑" : "☐") \(h(e.text))\(e.done.map { " — \(h($0.by)), \(t($0.at))" } ?? "")\(e.doneLate ? " <b>(late)</b>" : "")\(e.isOverdue(at: end) ? " <b>(overdue)</b>" : "")</li>\n"
        }
        out += "</ul>\n<h2>Communications</h2>\n"
        for (a, list) in commsByAudience {
            out +=
                "<h3>\(a.rawValue.prefix(1).uppercased() + a.rawValue.dropFirst())</h3><table><tr><th>Time (UTC)</th><th>By</th><th>Channel</th><th>Text</th></tr>\n"
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
            let mark =
                marker(e.event).flatMap { $0 == "decision" || $0 == "inject" ? "<span class=\"mark\">\($0.uppercased())</span> " : nil }
                ?? ""
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

    /// A bar per phase along the incident's time axis.
    func phaseChart() -> String {
        let start = incident.declaredAt
        let span = max(1, end.timeIntervalSince(start))
        let w = 800.0
        var s = "<svg width=\"\(Int(w))\" height=\"60\" viewBox=\"0 0 \(Int(w)) 60\" role=\"img\" aria-label=\"phases over time\">"
        let colors: [Phase: String] = [
            .declared: "#d9534f", .verified: "#f0ad4e", .contained: "#5bc0de", .recovered: "#5cb85c", .closed: "#999",
        ]
        for (i, p) in incident.phaseHistory.enumerated() {
            let from = max(0, p.at.timeIntervalSince(start)) / span * w
            let to = (i + 1 < incident.phaseHistory.count ? incident.phaseHistory[i + 1].at.timeIntervalSince(start) : span) / span * w
            s +=
                "<rect x=\"\(Int(from))\" y=\"10\" width=\"\(max(1, Int(to - from)))\" height=\"30\" fill=\"\(colors[p.to] ?? "#888")\"><title>\(p.to.rawValue) \(Self.time(p.at))</title></rect>"
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
