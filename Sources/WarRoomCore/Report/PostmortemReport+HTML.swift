import Foundation

/// The review report as one HTML page, with SVG charts of the phases and counters.
extension PostmortemReport {
    // MARK: HTML

    /// Text as HTML: controls made visible, markup characters escaped.
    static func htmlText(_ s: String) -> String {
        Sanitizer.inline(s).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let htmlMarkup = Markup(text: htmlText, code: { "<code>\(htmlText($0))</code>" }, strong: { "<b>\($0)</b>" })

    static func htmlTable(_ t: Table, cellClasses: [String?] = []) -> String {
        var out = "<table><tr>" + t.headers.map { "<th>\($0)</th>" }.joined() + "</tr>\n"
        for (i, row) in t.rows.enumerated() {
            let cls = i < cellClasses.count ? cellClasses[i] : nil
            out += "<tr>"
            for (j, cell) in row.enumerated() {
                // The class marks the last cell (a target's state) so it shows in its colour.
                out += j == row.count - 1 && cls != nil ? "<td class=\"\(cls ?? "")\">\(cell)</td>" : "<td>\(cell)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table>\n"
    }

    /// The page's `lang`, for the reader's browser and screen reader: the language of the catalog
    /// actually loaded (a zh_TW locale reads the Simplified zh.po, so its page is zh-CN), English
    /// when none was.
    static var htmlLanguage: String {
        let current = L10n.current
        guard current.isTranslated else { return "en" }
        let catalog = ((current.origin as NSString).lastPathComponent as NSString).deletingPathExtension
        return (Language.parse(catalog) ?? current.language).htmlTag
    }

    /// The same sections as the Markdown report, with charts of the phases and counters.
    public func html() -> String {
        let m = Self.htmlMarkup
        func h(_ s: String) -> String { Self.htmlText(s) }
        let lang = Self.htmlLanguage
        let drillBadge = incident.drill ? "<span class=\"drill\">\(Self.drillWord)</span>" : ""
        var out = """
            <!DOCTYPE html>
            <html lang="\(lang)"><head><meta charset="utf-8"><title>\(title(m))</title>
            <style>
            body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
            table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
            th{background:#f0f0f0}.met{color:#2a7a2a}.breached{color:#b00020;font-weight:bold}.warning{color:#a66a00}
            .drill{background:#6a3d9a;color:#fff;padding:.1rem .5rem;border-radius:.3rem}.mark{font-weight:bold}
            svg{background:#fafafa;border:1px solid #ddd;margin:.5rem 0}
            </style></head><body>
            <h1>\(title(m)) \(drillBadge)</h1>

            """
        if incident.drill { out += "<p><b>\(Self.drillWord)</b> — \(Self.exerciseSentence)</p>\n" }
        out += "<h2>\(Heading.summary.title)</h2><ul>\n"
        for item in summaryItems(m) { out += "<li>\(item)</li>\n" }
        out += "</ul>\n"

        out += "<h2>\(Heading.kpis.title)</h2>"
        out += Self.htmlTable(kpiTable(m), cellClasses: kpis.measures.map { $0.state == .notApplicable ? "na" : $0.state.rawValue })
        let afterward = afterwardLines(m)
        if !afterward.isEmpty { out += "<ul>\n" + afterward.map { "<li>\($0)</li>\n" }.joined() + "</ul>\n" }
        out += "<h2>\(Heading.phases.title)</h2>\n" + phaseChart() + "\n"

        out += "<h2>\(Heading.triggers.title)</h2>\n"
        if let table = triggerTable(m) {
            out += Self.htmlTable(table)
        } else {
            out += "<p>\(Self.noTriggerSentence)</p>\n"
        }
        let changes = severityChangeItems(m)
        if !changes.isEmpty { out += "<ul>\n" + changes.map { "<li>\($0)</li>\n" }.joined() + "</ul>\n" }

        out += "<h2>\(Heading.roles.title)</h2>\n"
        if incident.roleHistory.isEmpty { out += "<p>\(Self.noRolesSentence)</p>\n" }
        out += "<ul>\n" + roleItems(m).map { "<li>\($0)</li>\n" }.joined() + "</ul>\n"
        if let roster = rosterLine(m) { out += "<p>\(roster)</p>\n" }
        if let onCall = onCall(m) { out += "<h2>\(Heading.onCall.title)</h2><p>\(onCall.intro)</p>\n" + Self.htmlTable(onCall.table) }

        let checklist = checklist(m)
        out += "<h2>\(Heading.checklist.title)</h2>\n<p>\(checklist.summary)</p><ul>\n"
        for item in checklist.items { out += "<li>\(item.done ? "☑" : "☐") \(item.text)</li>\n" }
        out += "</ul>\n<h2>\(Heading.comms.title)</h2>\n"
        for (a, list) in commsByAudience {
            out += "<h3>\(Self.audienceHeading(a))</h3>"
            let headers = [
                tr("Time ({zone})", context: "report column", ["zone": clock.zoneName]), tr("By", context: "report column"),
                tr("Channel", context: "report column"), tr("Text", context: "report column"),
            ]
            out += Self.htmlTable(Table(headers: headers, rows: list.map { [time($0.at), h($0.by), $0.channel.map(h) ?? "", h($0.text)] }))
        }
        if incident.comms.isEmpty { out += "<p>\(Self.nothingPublishedSentence)</p>\n" }
        if !statements.isEmpty {
            out += "<h3>\(Self.statementsTitle)</h3>"
            out += Self.htmlTable(Table(headers: statementHeaders, rows: statementRows(m)))
        }

        out += "<h2>\(Heading.counters.title)</h2>\n"
        for counter in incident.orderedCounters { out += counterChart(counter, escape: h) }
        if incident.counters.isEmpty { out += "<p>\(Self.noFiguresSentence)</p>\n" }

        out += "<h2>\(Heading.timeline.title)</h2>"
        let rows = incident.timeline.map { e in
            let mark = marker(e.event).flatMap(Self.markWord).map { "<span class=\"mark\">\($0)</span> " } ?? ""
            return [time(e.event.ts), h(e.event.actor), mark + h(markedSentence(e))]
        }
        out += Self.htmlTable(Table(headers: timelineHeaders, rows: rows))
        out += "<h2>\(Heading.rootCause.title)</h2><p></p><h2>\(Heading.wentWell.title)</h2><p></p>\n"
        out += "<h2>\(Heading.toChange.title)</h2><p></p><h2>\(followUpTitle)</h2>\n"
        out += Self.htmlTable(Table(headers: Self.followUpHeaders, rows: followUpRows(Self.htmlMarkup)))
        out += "</body></html>\n"
        return out
    }

    /// A bar per phase along the incident's time axis.
    func phaseChart() -> String {
        let start = incident.declaredAt
        let span = max(1, end.timeIntervalSince(start))
        let w = 800.0
        let label = tr("phases over time")
        var s = "<svg width=\"\(Int(w))\" height=\"60\" viewBox=\"0 0 \(Int(w)) 60\" role=\"img\" aria-label=\"\(label)\">"
        let colors: [Phase: String] = [
            .declared: "#d9534f", .verified: "#f0ad4e", .contained: "#5bc0de", .recovered: "#5cb85c", .closed: "#999",
        ]
        for (i, p) in incident.phaseHistory.enumerated() {
            let from = max(0, p.at.timeIntervalSince(start)) / span * w
            let to = (i + 1 < incident.phaseHistory.count ? incident.phaseHistory[i + 1].at.timeIntervalSince(start) : span) / span * w
            s +=
                "<rect x=\"\(Int(from))\" y=\"10\" width=\"\(max(1, Int(to - from)))\" height=\"30\" fill=\"\(colors[p.to] ?? "#888")\"><title>\(p.to.displayName) \(time(p.at))</title></rect>"
            s += "<text x=\"\(Int(from) + 3)\" y=\"55\" font-size=\"11\">\(p.to.displayName)</text>"
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
        let label = tr("{counter} over time", ["counter": h(c.name)])
        return "<h3>\(h(c.name)): \(EventSentence.formatNumber(c.value))\(c.unit.map { " " + h($0) } ?? "")</h3>"
            + "<svg width=\"\(Int(w))\" height=\"\(Int(ht))\" viewBox=\"0 0 \(Int(w)) \(Int(ht))\" role=\"img\" aria-label=\"\(label)\">"
            + "<polyline fill=\"none\" stroke=\"#0366d6\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/></svg>\n"
    }
}
