import Foundation

extension StatsReport {
    /// The report as Markdown, for a review document: the same figures as the text, in tables.
    public func markdown() -> String {
        func cell(_ s: String) -> String { Sanitizer.inline(s).replacingOccurrences(of: "|", with: "\\|") }
        func d(_ v: Double?) -> String { v.map { DurationText.format($0) } ?? "—" }
        let c = current
        var out = "# " + tr("Figures across incidents", context: "stats") + "\n\n"
        out +=
            "- "
            + tr(
                "Period: {since} to {until} ({zone})",
                ["since": day(c.period.since), "until": lastDay(c.period), "zone": zoneName]) + "\n"
        out +=
            "- "
            + tr("Previous period: {since} to {until}", ["since": day(previous.period.since), "until": lastDay(previous.period)])
            + "\n"
        out += "- " + cell(incidentLine) + "\n"
        out += "- " + tr("Drills (counted apart): {drills}", ["drills": String(c.drills)]) + "\n"
        for j in journals { if let w = j.warning { out += "- " + cell(w) + "\n" } }
        out += "\n## " + tr("Incidents by severity", context: "stats") + "\n\n"
        out += "| " + tr("Severity", context: "stats column") + " | " + tr("Incidents", context: "stats column") + " | "
        out += tr("Previous period", context: "stats column") + " |\n|---|---|---|\n"
        for s in Severity.allCases {
            out += "| \(s.displayLabelWithCode) | \(c.bySeverity[s] ?? 0) | \(previous.bySeverity[s] ?? 0) |\n"
        }
        out += "\n## " + tr("Incidents by month", context: "stats") + "\n\n"
        out += "| " + tr("Month", context: "stats column") + " | " + tr("Incidents", context: "stats column") + " |\n|---|---|\n"
        for m in c.byMonth { out += "| \(m.month) | \(m.incidents) |\n" }
        out += "\n## " + tr("Handling times", context: "stats") + "\n\n"
        out += tr("Incidents whose measure has stopped; still-running ones are counted apart, never in the median.") + "\n\n| "
        out += [
            tr("Figure", context: "stats column"), tr("From → to", context: "stats column"), tr("Finished", context: "stats column"),
            tr("Median", context: "stats column"), tr("p90", context: "stats column"), tr("Worst", context: "stats column"),
            tr("Target", context: "stats column"), tr("Over target", context: "stats column"),
            tr("Still running", context: "stats column"), tr("Previous median", context: "stats column"),
            tr("Change", context: "stats column"),
        ].joined(separator: " | ")
        out += " |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
        for m in c.measures {
            let f = m.finished
            let change = medianChange(m.name).map {
                StatsReport.percent($0) + (medianHalved(m.name) == true ? " " + tr("(halved)") : "")
            }
            let row = [
                cell(m.label), cell(m.span), String(f?.count ?? 0), d(f?.median), d(f?.p90), d(f?.worst), cell(m.targetText),
                m.withTarget == 0 ? "—" : "\(m.breaches) / \(m.withTarget)",
                (m.running == 0 ? "0" : tr("{n} ({over} over target)", ["n": String(m.running), "over": String(m.runningBreached)]))
                    + (m.unrecorded == 0 ? "" : tr("; {n} closed, not recorded", ["n": String(m.unrecorded)])),
                d(previous.measure(m.name)?.finished?.median), change ?? "—",
            ]
            out += "| " + row.joined(separator: " | ") + " |\n"
        }
        return out
    }
}
