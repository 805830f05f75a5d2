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

    static let markdownMarkup = Markup(text: markdownText, code: markdownCode, strong: { "**\($0)**" })

    static func markdownTable(_ t: Table) -> String {
        "| " + t.headers.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: t.headers.count) + "\n"
            + t.rows.map { "| " + $0.joined(separator: " | ") + " |\n" }.joined()
    }

    public func markdown() -> String {
        let m = Self.markdownMarkup
        func c(_ s: String) -> String { Self.markdownText(s) }
        func heading(_ h: Heading) -> String { "\n## \(h.title)\n\n" }
        var out = "# \(title(m))\n\n"
        if incident.drill { out += "> **\(Self.drillWord)** — \(Self.exerciseSentence)\n\n" }
        out += "## \(Heading.summary.title)\n\n"
        for item in summaryItems(m) { out += "- \(item)\n" }

        out += heading(.kpis) + Self.markdownTable(kpiTable(m))
        let afterward = afterwardLines(m)
        if !afterward.isEmpty { out += "\n" + afterward.map { "- \($0)\n" }.joined() }

        out += heading(.triggers)
        if let table = triggerTable(m) {
            out += Self.markdownTable(table)
        } else {
            out += Self.noTriggerSentence + "\n"
        }
        for item in severityChangeItems(m) { out += "- \(item)\n" }

        out += heading(.roles)
        if incident.roleHistory.isEmpty { out += Self.noRolesSentence + "\n" }
        for item in roleItems(m) { out += "- \(item)\n" }
        if let roster = rosterLine(m) { out += "\n\(roster)\n" }

        if let onCall = onCall(m) { out += heading(.onCall) + onCall.intro + "\n\n" + Self.markdownTable(onCall.table) }

        out += heading(.checklist)
        let checklist = checklist(m)
        out += checklist.summary + "\n\n"
        for item in checklist.items { out += "- [\(item.done ? "x" : " ")] \(item.text)\n" }

        out += "\n## \(Heading.comms.title)\n"
        for (a, list) in commsByAudience {
            out += "\n### \(Self.audienceHeading(a))\n\n"
            for msg in list {
                let values = ["time": time(msg.at), "who": c(msg.by), "text": c(msg.text)]
                if let channel = msg.channel {
                    out += "- " + tr("{time} {who} via {channel}: {text}", values.merging(["channel": c(channel)]) { a, _ in a }) + "\n"
                } else {
                    out += "- " + tr("{time} {who}: {text}", values) + "\n"
                }
            }
        }
        if incident.comms.isEmpty { out += "\n\(Self.nothingPublishedSentence)\n" }
        if !statements.isEmpty {
            out += "\n### \(Self.statementsTitle)\n\n"
            out += Self.markdownTable(Table(headers: statementHeaders, rows: statementRows(m)))
        }

        out += heading(.counters)
        if incident.counters.isEmpty { out += Self.noFiguresSentence + "\n" }
        for counter in incident.orderedCounters {
            out +=
                "- \(c(counter.name)): "
                + counter.history.map { "\(EventSentence.formatNumber($0.value)) (\(time($0.at)))" }.joined(separator: " → ")
                + (counter.unit.map { " \(c($0))" } ?? "") + "\n"
        }

        out += heading(.timeline)
        let rows = incident.timeline.map { e in
            let mark = marker(e.event).flatMap(Self.markWord).map { "**\($0)** " } ?? ""
            return [time(e.event.ts), c(e.event.actor), mark + c(markedSentence(e))]
        }
        out += Self.markdownTable(Table(headers: timelineHeaders, rows: rows))

        out += "\n## \(Heading.rootCause.title)\n\n## \(Heading.wentWell.title)\n\n## \(Heading.toChange.title)\n\n"
        out += "## \(followUpTitle)\n\n"
        out += Self.markdownTable(Table(headers: Self.followUpHeaders, rows: followUpRows(Self.markdownMarkup)))
        return out
    }

    /// Communications grouped by audience, in the audiences' order; audiences with none left out.
    var commsByAudience: [(Audience, [Communication])] {
        Audience.allCases.compactMap { a in
            let list = incident.comms.filter { $0.audience == a }
            return list.isEmpty ? nil : (a, list)
        }
    }
}
