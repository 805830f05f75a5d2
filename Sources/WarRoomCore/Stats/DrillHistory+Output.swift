import Foundation

extension DrillHistory {
    /// The history for a terminal: a table of the drills, their improvement items, the count
    /// per year against the plans, and the scores over time as bars.
    public func text(width: Int = 80, ascii: Bool = false) -> String {
        var out: [String] = []
        let read = journals.filter { $0.state != nil }.count
        out.append(
            tr(
                "Drills run: {drills} (from {journals})",
                ["drills": String(entries.count), "journals": trn("{n} journal read", "{n} journals read", read)]))
        for j in journals { if let w = j.warning { out.append("  " + w) } }
        if entries.isEmpty {
            out.append(tr("No drill found; run one with `warroom drill run SCENARIO`."))
            return out.map { Sanitizer.inline($0, ascii: ascii) }.joined(separator: "\n") + "\n"
        }
        out.append("")
        let header = [
            tr("Date", context: "drill history"), tr("Scenario", context: "drill history"),
            tr("Facilitator", context: "drill history"), tr("Score", context: "drill history"),
            tr("Open items", context: "drill history"),
        ]
        let rows = entries.map { e in
            // Cleaned before they are measured: a control character shown as a glyph changes a cell's width.
            [day(e.startedAt), e.title, e.facilitator, scoreText(e), String(e.openItems)].map {
                Sanitizer.inline($0, ascii: ascii)
            }
        }
        // The scenario column takes what the others leave.
        var widths = (0..<header.count).map { i in ([header[i]] + rows.map { $0[i] }).map { DisplayWidth.of($0) }.max() ?? 0 }
        let others = widths.enumerated().filter { $0.offset != 1 }.reduce(0) { $0 + $1.element } + 2 * (header.count - 1)
        widths[1] = max(10, min(widths[1], width - others))
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { DisplayWidth.pad($0.element, to: widths[$0.offset]) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        out.append(line(header))
        for r in rows { out.append(line(r)) }
        let withItems = entries.filter { $0.openItems > 0 }
        if !withItems.isEmpty {
            out.append("")
            out += DisplayWidth.wrap(
                tr("Open improvement items (the drills' open follow-up actions, then the expectations missed or met late)"), width: width)
            for e in withItems {
                let written = e.openFollowUps.map { f in
                    tr(
                        "{date} {incident}: {action} {text} (owner {owner}, due {due})",
                        [
                            "date": day(e.startedAt), "incident": e.incident, "action": f.id, "text": f.text, "owner": f.owner ?? "—",
                            "due": f.due.map(day) ?? "—",
                        ])
                }
                let found = e.improvements.map { r in
                    tr(
                        "{date} {incident}: {expectation} ({result})",
                        [
                            "date": day(e.startedAt), "incident": e.incident, "expectation": r.expectation.localizedText,
                            "result": DrillScore.resultWord(r.status),
                        ])
                }
                for item in written + found {
                    // Wrapped under its bullet, so the result at the end is never cut off.
                    let wrapped = DisplayWidth.wrap(Sanitizer.inline(item, ascii: ascii), width: max(20, width - 4))
                    for (k, part) in wrapped.enumerated() {
                        out.append((k == 0 ? (ascii ? "  - " : "  · ") : "    ") + part)
                    }
                }
            }
        }
        let problems = entries.filter { $0.scoreProblem != nil }
        for e in problems {
            out.append(
                tr("{incident}: no score: {reason}", ["incident": e.incident, "reason": e.scoreProblem ?? ""]))
        }
        out.append("")
        out.append(tr("Per year (the plans ask for at least {n} drills a year)", ["n": String(required)]))
        for y in perYear {
            let verdict =
                y.drills >= required
                ? tr("met", context: "drill history")
                : tr("{n} short", ["n": String(required - y.drills)])
            out.append("  " + tr("{year}: {drills} — {verdict}", ["year": String(y.year), "drills": String(y.drills), "verdict": verdict]))
        }
        let scored = entries.filter { $0.score != nil }
        if !scored.isEmpty {
            out.append("")
            out.append(tr("Scores over time (out of 100)"))
            let chart = BarChart(
                rows: scored.map { (label: day($0.startedAt), value: $0.score ?? 0, text: EventSentence.formatNumber($0.score ?? 0)) },
                scale: 100)
            out += chart.lines(width: width - 2, ascii: ascii).map { "  " + $0 }
        }
        return out.map { Sanitizer.inline($0, ascii: ascii) }.joined(separator: "\n") + "\n"
    }

    func scoreText(_ e: Entry) -> String {
        guard let s = e.score else { return "—" }
        let n = EventSentence.formatNumber(s)
        if e.endedEarly { return tr("{score} (ended early)", ["score": n]) }
        return e.ended ? n : tr("{score} (running)", ["score": n])
    }

    public func json() -> JSONValue {
        var o = JSONObject()
        o["now"] = .string(RFC3339.format(now))
        o["time_zone"] = .string(StatsReport.zoneName(timeZone))
        o["required_per_year"] = .number(Double(required))
        o["journals"] = .array(
            journals.map {
                [
                    "journal": .string($0.display), "bad_lines": .number(Double($0.badLineCount)),
                    "problem": $0.problem.map { .string($0) } ?? .null,
                ]
            })
        o["drills"] = .array(
            entries.map { e in
                var d = JSONObject()
                d["journal"] = .string(e.journal)
                d["incident"] = .string(e.incident)
                d["started_at"] = .string(RFC3339.format(e.startedAt))
                d["scenario"] = e.byHand ? .null : .string(e.scenario)
                d["title"] = .string(e.title)
                d["facilitator"] = .string(e.facilitator)
                d["by_hand"] = .bool(e.byHand)
                d["ended"] = .bool(e.ended)
                d["ended_early"] = .bool(e.endedEarly)
                d["score"] = e.score.map { .number($0) } ?? .null
                d["score_problem"] = e.scoreProblem.map { .string($0) } ?? .null
                d["open_follow_ups"] = .array(
                    e.openFollowUps.map { f in
                        ["id": .string(f.id), "text": .string(f.text), "owner": f.owner.map { .string($0) } ?? .null]
                    })
                d["open_improvement_items"] = .array(
                    e.improvements.map {
                        [
                            "expectation": .string($0.expectation.id), "text": .string($0.expectation.text),
                            "result": .string($0.status.rawValue),
                        ]
                    })
                return .object(d)
            })
        o["per_year"] = .array(
            perYear.map {
                ["year": .number(Double($0.year)), "drills": .number(Double($0.drills)), "met": .bool($0.drills >= required)]
            })
        return .object(o)
    }
}
