import Foundation

extension StatsReport {
    /// The report for a terminal: charts where looking beats reading, `width` columns at most
    /// for the charts; `ascii` for a terminal that does not show UTF-8.
    public func text(width: Int = 80, ascii: Bool = false) -> String {
        var out: [String] = []
        let c = current
        out.append(
            tr(
                "Figures across incidents, {since} to {until} ({zone})",
                ["since": day(c.period.since), "until": lastDay(c.period), "zone": zoneName]))
        out.append(
            tr(
                "Trends compare the previous period of the same length, {since} to {until}.",
                ["since": day(previous.period.since), "until": lastDay(previous.period)]))
        out.append("")
        let read = journals.filter { $0.problem == nil }.count
        out.append(trn("{n} journal read", "{n} journals read", read))
        for j in journals {
            if let w = j.warning { out.append("  " + w) }
        }
        out.append("")
        out.append(incidentLine)
        out.append(
            tr(
                "Drills: {drills}, counted apart (warroom drill history lists them); previous period {previous}",
                ["drills": String(c.drills), "previous": String(previous.drills)]))
        if outside > 0 {
            out.append(
                trn(
                    "{n} incident declared outside both periods is not counted",
                    "{n} incidents declared outside both periods are not counted",
                    outside))
        }
        out.append("")
        out.append(tr("By severity (as it stands now)", context: "stats"))
        let sev = Severity.allCases.map { s in
            (label: s.displayLabel, value: Double(c.bySeverity[s] ?? 0), text: String(c.bySeverity[s] ?? 0))
        }
        out += BarChart(rows: sev).lines(width: width - 2, ascii: ascii).map { "  " + $0 }
        out.append("")
        out.append(tr("By month of declaration", context: "stats"))
        let months = c.byMonth.map { (label: $0.month, value: Double($0.incidents), text: String($0.incidents)) }
        out += BarChart(rows: months).lines(width: width - 2, ascii: ascii).map { "  " + $0 }
        out.append("")
        out.append(tr("Handling times: incidents whose measure has stopped; still-running ones are shown apart, never in the median"))
        for m in c.measures {
            out.append("")
            out.append(tr("{figure}: {span}", ["figure": m.label, "span": m.span]))
            out.append("  " + StatsReport.figuresLine(m))
            if m.running > 0 { out.append("  " + StatsReport.runningLine(m)) }
            if m.unrecorded > 0 { out.append("  " + StatsReport.unrecordedLine(m)) }
            out.append("  " + trendLine(m.name))
        }
        return out.flatMap { StatsReport.fold(Sanitizer.inline($0, ascii: ascii), width: width) }.joined(separator: "\n") + "\n"
    }

    /// A line longer than the terminal folded at spaces (anywhere in Chinese), the rest
    /// indented under its start; the charts are already cut to the width.
    static func fold(_ line: String, width: Int) -> [String] {
        guard DisplayWidth.of(line) > width else { return [line] }
        let indent = String(line.prefix { $0 == " " }) + "  "
        let body = String(line.drop { $0 == " " })
        let lead = line.count - body.count
        var parts = DisplayWidth.wrap(body, width: max(20, width - lead))
        guard !parts.isEmpty else { return [line] }
        let first = String(repeating: " ", count: lead) + parts.removeFirst()
        let rest = parts.joined(separator: " ")
        return [first] + (rest.isEmpty ? [] : DisplayWidth.wrap(rest, width: max(20, width - indent.count)).map { indent + $0 })
    }

    var incidentLine: String {
        let c = current
        var line = tr("Incidents: {n}", ["n": String(c.incidents)])
        if c.open > 0 { line += tr(" ({open} still open)", ["open": String(c.open)]) }
        line += tr("; previous period {previous}", ["previous": String(previous.incidents)])
        if let ch = incidentChange {
            let change = ["change": StatsReport.percent(ch)]
            line += ch < 0 ? tr(" ({change}, lower)", change) : ch > 0 ? tr(" ({change}, higher)", change) : tr(" ({change})", change)
        }
        return line
    }

    /// `median 3m 10s · p90 8m 00s · worst 12m 00s · target 5m · 3 of 12 over target`.
    static func figuresLine(_ m: MeasureFigures) -> String {
        guard let f = m.finished else {
            return tr("none finished in the period · target {target}", ["target": m.targetText])
        }
        var parts = [
            tr("median {d}", ["d": DurationText.format(f.median)]), tr("p90 {d}", ["d": DurationText.format(f.p90)]),
            tr("worst {d}", ["d": DurationText.format(f.worst)]), tr("target {target}", ["target": m.targetText]),
        ]
        parts.append(
            m.withTarget == 0
                ? tr("no target at these severities")
                : tr("{breaches} of {n} over target", ["breaches": String(m.breaches), "n": String(m.withTarget)]))
        return parts.joined(separator: " · ") + tr(" ({n} finished)", ["n": String(f.count)])
    }

    static func runningLine(_ m: MeasureFigures) -> String {
        tr(
            "still running: {n} ({over} already over target, the longest {d} so far)",
            [
                "n": String(m.running), "over": String(m.runningBreached),
                "d": m.longestRunning.map { DurationText.format($0) } ?? "—",
            ])
    }

    static func unrecordedLine(_ m: MeasureFigures) -> String {
        m.name == .timeToReviewReport
            ? trn(
                "not recorded: {n} closed incident has no review report recorded (warroom review reported), kept out of the figures",
                "not recorded: {n} closed incidents have no review report recorded (warroom review reported), kept out of the figures",
                m.unrecorded)
            : trn(
                "not recorded: {n} closed incident has no review meeting recorded (warroom review held), kept out of the figures",
                "not recorded: {n} closed incidents have no review meeting recorded (warroom review held), kept out of the figures",
                m.unrecorded)
    }

    func trendLine(_ n: KPIName) -> String {
        guard let before = previous.measure(n)?.finished?.median else {
            return tr("previous period: none finished, no trend")
        }
        guard let ch = medianChange(n) else {
            return tr("previous median {d}", ["d": DurationText.format(before)])
        }
        return tr(
            "previous median {d}: {change} ({halved})",
            [
                "d": DurationText.format(before), "change": StatsReport.percent(ch),
                "halved": medianHalved(n) == true ? tr("halved, as the plans aim") : tr("not halved"),
            ])
    }
}
