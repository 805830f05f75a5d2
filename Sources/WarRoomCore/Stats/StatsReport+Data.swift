import Foundation

// JSON and CSV: the same figures as the text and the Markdown, for scripts and
// spreadsheets. Keys and words in English whatever the interface language; times in
// seconds; a figure with nothing to measure is null (JSON) or empty (CSV).

extension StatsReport {
    public func json() -> JSONValue {
        func n(_ d: Double?) -> JSONValue { d.map { .number(($0 * 1000).rounded() / 1000) } ?? .null }
        func period(_ p: StatsPeriod) -> JSONValue {
            ["since": .string(RFC3339.format(p.since)), "until": .string(RFC3339.format(p.until))]
        }
        func figures(_ f: StatsFigures) -> JSONValue {
            var o = JSONObject()
            o["period"] = period(f.period)
            o["incidents"] = .number(Double(f.incidents))
            o["open"] = .number(Double(f.open))
            var sev = JSONObject()
            for s in Severity.allCases { sev[s.label] = .number(Double(f.bySeverity[s] ?? 0)) }
            o["by_severity"] = .object(sev)
            o["by_month"] = .array(f.byMonth.map { ["month": .string($0.month), "incidents": .number(Double($0.incidents))] })
            o["drills"] = .number(Double(f.drills))
            o["measures"] = .array(
                f.measures.map { m in
                    var e = JSONObject()
                    e["name"] = .string(m.name.rawValue)
                    let ends = MeasureFigures.spanEnds(m.name)
                    e["from"] = .string(ends.start)
                    e["to"] = .string(ends.end)
                    e["finished"] = .number(Double(m.finished?.count ?? 0))
                    e["median_seconds"] = n(m.finished?.median)
                    e["p90_seconds"] = n(m.finished?.p90)
                    e["worst_seconds"] = n(m.finished?.worst)
                    var t = JSONObject()
                    for s in Severity.allCases { t[s.label] = n(m.targets[s]) }
                    e["target_seconds"] = .object(t)
                    e["with_target"] = .number(Double(m.withTarget))
                    e["breaches"] = .number(Double(m.breaches))
                    e["running"] = .number(Double(m.running))
                    e["running_breached"] = .number(Double(m.runningBreached))
                    e["longest_running_seconds"] = n(m.longestRunning)
                    e["unrecorded"] = .number(Double(m.unrecorded))
                    return .object(e)
                })
            return .object(o)
        }
        var o = JSONObject()
        o["now"] = .string(RFC3339.format(now))
        o["time_zone"] = .string(StatsReport.zoneName(timeZone))
        o["journals"] = .array(
            journals.map {
                [
                    "journal": .string($0.journal), "incidents": .number(Double($0.incidents)), "drills": .number(Double($0.drills)),
                    "bad_lines": .number(Double($0.badLines)), "problem": $0.problem.map { .string($0) } ?? .null,
                ]
            })
        o["current"] = figures(current)
        o["previous"] = figures(previous)
        o["outside_periods"] = .number(Double(outside))
        var trend = JSONObject()
        trend["incidents_change"] = n(incidentChange)
        var medians = JSONObject()
        for m in MeasureFigures.reported {
            medians[m.rawValue] = ["median_change": n(medianChange(m)), "halved": medianHalved(m).map { .bool($0) } ?? .null]
        }
        trend["measures"] = .object(medians)
        o["trend"] = .object(trend)
        return .object(o)
    }

    /// One row per figure: `period,section,key,field,value` (long form, so a spreadsheet
    /// pivots it as it likes and every figure of the JSON has its row).
    public func csv() -> String {
        var rows = [["period", "section", "key", "field", "value"]]
        func num(_ d: Double?) -> String { d.map { JSONWriter.formatNumber(($0 * 1000).rounded() / 1000) } ?? "" }
        func add(_ p: String, _ s: String, _ k: String, _ f: String, _ v: String) { rows.append([p, s, k, f, v]) }
        for j in journals {
            add("", "journal", j.journal, "incidents", String(j.incidents))
            add("", "journal", j.journal, "drills", String(j.drills))
            add("", "journal", j.journal, "bad_lines", String(j.badLines))
            add("", "journal", j.journal, "problem", j.problem ?? "")
        }
        for (name, f) in [("current", current), ("previous", previous)] {
            add(name, "period", "", "since", RFC3339.format(f.period.since))
            add(name, "period", "", "until", RFC3339.format(f.period.until))
            add(name, "incidents", "", "incidents", String(f.incidents))
            add(name, "incidents", "", "open", String(f.open))
            add(name, "incidents", "", "drills", String(f.drills))
            for s in Severity.allCases { add(name, "severity", s.label, "incidents", String(f.bySeverity[s] ?? 0)) }
            for m in f.byMonth { add(name, "month", m.month, "incidents", String(m.incidents)) }
            for m in f.measures {
                let k = m.name.rawValue
                let ends = MeasureFigures.spanEnds(m.name)
                add(name, "measure", k, "from", ends.start)
                add(name, "measure", k, "to", ends.end)
                add(name, "measure", k, "finished", String(m.finished?.count ?? 0))
                add(name, "measure", k, "median_seconds", num(m.finished?.median))
                add(name, "measure", k, "p90_seconds", num(m.finished?.p90))
                add(name, "measure", k, "worst_seconds", num(m.finished?.worst))
                for s in Severity.allCases { add(name, "measure", k, "target_seconds_" + s.label, num(m.targets[s])) }
                add(name, "measure", k, "with_target", String(m.withTarget))
                add(name, "measure", k, "breaches", String(m.breaches))
                add(name, "measure", k, "running", String(m.running))
                add(name, "measure", k, "running_breached", String(m.runningBreached))
                add(name, "measure", k, "longest_running_seconds", num(m.longestRunning))
                add(name, "measure", k, "unrecorded", String(m.unrecorded))
            }
        }
        add("", "trend", "", "incidents_change", num(incidentChange))
        for m in MeasureFigures.reported {
            add("", "trend", m.rawValue, "median_change", num(medianChange(m)))
            add("", "trend", m.rawValue, "halved", medianHalved(m).map { $0 ? "true" : "false" } ?? "")
        }
        add("", "outside_periods", "", "incidents", String(outside))
        return rows.map { $0.map(StatsReport.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting; a field a spreadsheet would run as a formula gets a leading `'`.
    static func csvField(_ s: String) -> String {
        // Journal names and reasons may carry escape sequences; a CSV is often read in a terminal.
        var v = Sanitizer.inline(s)
        if let f = v.first, "=+-@\t\r".contains(f), Double(v) == nil { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
