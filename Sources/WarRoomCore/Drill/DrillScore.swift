import Foundation

/// How one expectation came out.
public struct ExpectationResult: Sendable, Equatable {
    public enum Status: String, Sendable {
        case met, late, missed, pending
        /// Only from an evaluator's mark: half the weight.
        case partly
        /// Counted from an inject that was never released: left out of the score.
        case notTriggered = "not-triggered"
        /// The drill ended before its deadline without it being met: the team never had the
        /// time the plan gives, so it is left out of the score rather than called missed.
        case notReached = "not-reached"
    }

    public var expectation: Expectation
    public var status: Status
    /// Scenario time (from the drill start) the expectation was met, if it was.
    public var metAt: TimeInterval?
    /// Scenario time (from the drill start) of the deadline, if it started.
    public var deadline: TimeInterval?
    public var by: String?
    /// What the journal's conditions alone say, before an evaluator's mark.
    public var automatic: Status
    /// The latest evaluator's mark, which overrides the automatic result.
    public var observation: Observation?

    public init(
        expectation: Expectation, status: Status, metAt: TimeInterval?, deadline: TimeInterval?, by: String?,
        observation: Observation? = nil
    ) {
        self.expectation = expectation
        self.automatic = status
        self.metAt = metAt
        self.deadline = deadline
        self.by = by
        self.observation = observation
        self.status = observation.map { ExpectationResult.status(of: $0.rating) } ?? status
    }

    static func status(of rating: ObservationRating) -> Status {
        switch rating {
        case .met: return .met
        case .partly: return .partly
        case .missed: return .missed
        }
    }

    /// The weight earned: all of it when met, half when an evaluator says partly.
    public var points: Double {
        switch status {
        case .met: return expectation.weight
        case .partly: return expectation.weight * ObservationRating.partly.share
        default: return 0
        }
    }
}

/// A drill's result, computed from the journal and the scenario.
public struct DrillScore: Sendable, Equatable {
    public var scenario: Scenario
    public var run: DrillRun
    public var incident: Incident
    public var results: [ExpectationResult]
    public var kpis: IncidentKPIs
    /// Scenario time the score was taken at.
    public var scenarioTime: TimeInterval
    /// The drill incident's follow-up actions (the hot wash's improvement items among them).
    public var followUps: [FollowUp] = []

    /// Whether any expectation counts: a drill run by hand has no scenario, so nothing to score but the targets.
    public var isScored: Bool { results.contains { $0.status != .notTriggered && $0.status != .notReached } }

    /// Weighted score out of 100, over the expectations that were triggered.
    public var score: Double {
        let counted = results.filter { $0.status != .notTriggered && $0.status != .notReached }
        let total = counted.reduce(0) { $0 + $1.expectation.weight }
        guard total > 0 else { return 0 }
        return (counted.reduce(0) { $0 + $1.points } / total * 1000).rounded() / 10
    }
}

public enum DrillScorer {
    public static func score(
        scenario: Scenario, state: JournalState, incident id: String, catalog: PlaybookCatalog, now: Date
    ) -> DrillScore? {
        guard let inc = state.incidents[id], let run = drill(of: inc, in: state) else { return nil }
        let scale = run.timescale
        let tNow = scale.scenarioTime(at: now)
        let finished = run.isEnded
        var results: [ExpectationResult] = []
        for exp in scenario.expectations {
            let refDate: Date?
            if exp.from == "start" {
                refDate = run.startedAt
            } else {
                refDate = run.fired.first(where: { $0.inject == exp.from })?.at
            }
            // An evaluator's mark counts even where the conditions never started (the evaluator saw it).
            let observed = run.observation(of: exp.id)
            guard let ref = refDate else {
                results.append(
                    ExpectationResult(expectation: exp, status: .notTriggered, metAt: nil, deadline: nil, by: nil, observation: observed))
                continue
            }
            let refT = scale.scenarioTime(at: ref)
            let deadline = refT + exp.within
            // What the team did after the drill ended does not count.
            let hit = firstMet(exp.condition, incident: inc, after: ref).flatMap { h in
                run.endedAt.map { h.at <= $0 } ?? true ? h : nil
            }
            var status: ExpectationResult.Status
            var metAt: TimeInterval?
            if let hit {
                let at = max(refT, scale.scenarioTime(at: hit.at))
                metAt = at
                status = at <= deadline ? .met : .late
            } else {
                if tNow >= deadline {
                    status = .missed
                } else {
                    status = finished ? .notReached : .pending
                }
            }
            results.append(
                ExpectationResult(expectation: exp, status: status, metAt: metAt, deadline: deadline, by: hit?.by, observation: observed))
        }
        let kpis = KPIEngine.compute(
            incident: inc, playbook: catalog.playbook(named: inc.playbook), policy: catalog.policy(for: inc), now: now,
            timescale: scale)
        var score = DrillScore(scenario: scenario, run: run, incident: inc, results: results, kpis: kpis, scenarioTime: tNow)
        score.followUps = state.orderedFollowUps.filter { $0.incident == inc.id }
        return score
    }

    /// The drill an incident is: run from a scenario (`drill.started`), or run by
    /// hand (declared with `drill: true`, clocks from the declaration).
    public static func drill(of inc: Incident, in state: JournalState) -> DrillRun? {
        state.drills[inc.id] ?? (inc.drill ? DrillRun(handRun: inc) : nil)
    }

    /// The most recent drill in the journal, by where it started, whichever way it is run.
    public static func latestDrill(in state: JournalState) -> DrillRun? {
        state.orderedIncidents.compactMap { drill(of: $0, in: state) }.max { $0.startedLine < $1.startedLine }
    }

    /// The first moment at or after `ref` the condition holds, and who made it so.
    public static func firstMet(_ c: Expectation.Condition, incident inc: Incident, after ref: Date) -> (at: Date, by: String)? {
        /// For conditions on state: holding already at `ref` counts as met at `ref`.
        func stateful<T>(_ history: [T], at: (T) -> Date, by: (T) -> String, holds: (T) -> Bool) -> (Date, String)? {
            if let last = history.last(where: { at($0) <= ref }), holds(last) { return (ref, by(last)) }
            if let first = history.first(where: { at($0) > ref && holds($0) }) { return (at(first), by(first)) }
            return nil
        }
        switch c {
        case .severityAtLeast(let s):
            return stateful(inc.severityHistory, at: \.at, by: \.by) { $0.to.isAtLeast(s) }
        case .phaseReached(let p):
            let target = p.order
            return stateful(inc.phaseHistory, at: \.at, by: \.by) { $0.to.order >= target }
        case .roleFilled(let role):
            return stateful(inc.roleHistory.filter { $0.role == role }, at: \.at, by: \.by) { $0.member != nil }
        case .itemDone(let item):
            let ticks = inc.timeline.filter { entry in
                // The kind first: other events' data need not be decoded.
                guard entry.event.kind == .checklistDone || entry.event.kind == .checklistUndone else { return false }
                switch entry.event.payload {
                case .checklistDone(let p), .checklistUndone(let p): return p.item == item && !entry.event.isDrillInject
                default: return false
                }
            }
            return stateful(ticks, at: \.event.ts, by: \.event.actor) { $0.event.kind == .checklistDone }
        case .counterAbove(let name, let above):
            let readings = inc.counters[name]?.history ?? []
            return stateful(readings, at: \.at, by: \.by) { $0.value > above }
        case .commsTo(let a):
            return inc.comms.first(where: { $0.audience == a && $0.at >= ref }).map { ($0.at, $0.by) }
        case .event(let type, let data):
            return inc.timeline.first(where: { entry in
                entry.event.type == type && entry.event.ts >= ref && !entry.event.isDrillInject
                    && data.members.allSatisfy { entry.event.data[$0.key] == $0.value }
            }).map { ($0.event.ts, $0.event.actor) }
        }
    }
}

extension DrillScore {
    public func json() -> JSONValue {
        var o = JSONObject()
        o["scenario"] = .string(scenario.name)
        o["title"] = .string(scenario.title)
        o["incident"] = .string(incident.id)
        o["drill"] = .bool(true)
        o["speed"] = .number(run.speed)
        o["ended"] = .bool(run.isEnded)
        o["scenario_seconds"] = .number(scenarioTime.rounded())
        o["score"] = isScored ? .number(score) : .null
        o["by_hand"] = .bool(run.byHand)
        o["expectations"] = .array(
            results.map { r in
                var e = JSONObject()
                e["id"] = .string(r.expectation.id)
                e["text"] = .string(r.expectation.text)
                e["weight"] = .number(r.expectation.weight)
                e["status"] = .string(r.status.rawValue)
                e["met_at_seconds"] = r.metAt.map { .number($0.rounded()) } ?? .null
                e["deadline_seconds"] = r.deadline.map { .number($0.rounded()) } ?? .null
                e["by"] = r.by.map { .string($0) } ?? .null
                e["points"] = .number(r.points)
                e["automatic_status"] = .string(r.automatic.rawValue)
                e["observed"] =
                    r.observation.map { o in
                        .object([
                            "rating": .string(o.rating.rawValue), "by": .string(o.by), "note": o.note.map { .string($0) } ?? .null,
                            "at": .string(RFC3339.format(o.at)),
                        ])
                    } ?? .null
                return .object(e)
            })
        var k = JSONObject()
        for m in kpis.measures {
            k[m.name.rawValue] = [
                "seconds": m.seconds.map { .number($0.rounded()) } ?? .null,
                "target_seconds": m.target.map { .number($0) } ?? .null, "state": .string(m.state.rawValue),
            ]
        }
        o["kpis"] = .object(k)
        o["injects_fired"] = .number(Double(run.fired.count))
        o["hot_wash"] = .object([
            "strengths": .array(run.hotWash.filter { $0.kind == .strength }.map { .string($0.text) }),
            "gaps": .array(run.hotWash.filter { $0.kind == .gap }.map { .string($0.text) }),
            "improvement_items": .array(
                improvementItems.map { f in
                    .object([
                        "action": .string(f.id), "text": .string(f.text), "owner": f.owner.map { .string($0) } ?? .null,
                        "due": f.due.map { .string(RFC3339.format($0)) } ?? .null, "status": .string(f.status.word),
                    ])
                }),
        ])
        return .object(o)
    }

    /// A scenario time as `drill run` and the console show it: `T+05:00`, `T+1:30:05`.
    public static func clockLabel(_ t: TimeInterval) -> String {
        let s = Int(t.rounded(.down))
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "T+\(s / 3600 > 0 ? "\(s / 3600):" : "")\(two(s % 3600 / 60)):\(two(s % 60))"
    }

    /// A time in the score, to the nearest second, in the same form as the runner's.
    static func clock(_ t: TimeInterval?) -> String {
        guard let t else { return "—" }
        return clockLabel(t.rounded())
    }

    /// A target's state in words: a drill that ended before a target was reached did not breach it.
    static func words(_ s: KPIState) -> String { s == .notReached ? tr("not reached in the drill") : s.displayName }

    /// An expectation's result as the score's text marks it (the Markdown table's word for it too).
    public static func mark(_ s: ExpectationResult.Status) -> String {
        switch s {
        case .met: return tr("MET", context: "drill score")
        case .late: return tr("LATE", context: "drill score")
        case .missed: return tr("MISSED", context: "drill score")
        case .pending: return tr("PENDING", context: "drill score")
        case .notTriggered: return tr("N/A", context: "drill score")
        case .notReached: return tr("ENDED", context: "drill score")
        case .partly: return tr("PARTLY", context: "drill score")
        }
    }

    /// An expectation's result in the Markdown table: its id in English (`not-triggered`), a word in Chinese.
    static func resultWord(_ s: ExpectationResult.Status) -> String {
        switch s {
        case .met: return tr("met", context: "drill result")
        case .late: return tr("late", context: "drill result")
        case .missed: return tr("missed", context: "drill result")
        case .pending: return tr("pending", context: "drill result")
        case .notTriggered: return tr("not-triggered", context: "drill result")
        case .notReached: return tr("not-reached", context: "drill result")
        case .partly: return tr("partly", context: "drill result")
        }
    }

    /// The scenario's title in the reader's language (the plan's Chinese where the file has it).
    var title: String { scenario.localizedTitle }

    /// The drill incident's title in the reader's language: a run in English declared the
    /// scenario's English title, which reads in Chinese as the scenario's `title_zh`.
    var incidentTitle: String {
        incident.title == scenario.incidentTitle || incident.title == scenario.incidentTitleZh
            ? scenario.localizedIncidentTitle : incident.title
    }

    /// The score line's value.
    public var scoreText: String {
        isScored
            ? tr("{score} / 100", ["score": EventSentence.formatNumber(score)])
            : tr("— (run by hand without a scenario: no expectations to score)")
    }

    public func text() -> String {
        let clock = DrillScore.clock(scenarioTime)
        let head = [
            tr("DRILL {title} — {incident}", ["title": title, "incident": incident.id]),
            run.byHand ? tr("run by hand") : tr("speed ×{speed}", ["speed": EventSentence.formatNumber(run.speed)]),
            run.isEnded ? tr("ended at {clock}", ["clock": clock]) : tr("running, now {clock}", ["clock": clock]),
        ]
        var out = head.joined(separator: tr(", ", context: "drill clauses")) + "\n"
        out += tr("Score: {score}", ["score": scoreText]) + "\n\n" + tr("Expectations:", context: "drill score") + "\n"
        if results.isEmpty { out += "  " + tr("(none)", context: "drill score") + "\n" }
        for r in results {
            let text = r.expectation.localizedText
            let weight = EventSentence.formatNumber(r.expectation.weight)
            var line = "  \(DisplayWidth.pad(DrillScore.mark(r.status), to: 7)) "
            line += tr("{expectation} (weight {weight})", ["expectation": text, "weight": weight])
            if let m = r.metAt {
                let at = DrillScore.clock(m)
                line += r.by.map { tr(": at {clock} by {who}", ["clock": at, "who": $0]) } ?? tr(": at {clock}", ["clock": at])
            }
            if let d = r.deadline { line += tr(", deadline {clock}", ["clock": DrillScore.clock(d)]) }
            if r.automatic == .notTriggered { line += tr(": inject {inject} was never released", ["inject": r.expectation.from]) }
            if r.automatic == .notReached { line += tr(": not reached in the drill (it ended first)") }
            if let o = r.observation { line += DrillScore.observedClause(o, automatic: r.automatic) }
            out += Sanitizer.inline(line) + "\n"
        }
        out += "\n" + (run.byHand ? tr("Policy targets:") : tr("Policy targets (scenario time):")) + "\n"
        for row in StatusReport.targetLines(kpis.measures, state: { DrillScore.words($0.state) }) {
            out += Sanitizer.inline("  " + row) + "\n"
        }
        if hasHotWash { out += "\n" + hotWashText() }
        return out
    }

    public func markdown() -> String {
        func cell(_ s: String) -> String { Sanitizer.inline(s).replacingOccurrences(of: "|", with: "\\|") }
        let clock = DrillScore.clock(scenarioTime)
        var out = "# " + tr("After-action review: {title}", ["title": cell(title)]) + "\n\n"
        out += "- " + tr("Drill incident: {incident} ({title})", ["incident": incident.id, "title": cell(incidentTitle)]) + "\n"
        let how = run.byHand ? tr("Run by hand") : tr("Speed: ×{speed}", ["speed": EventSentence.formatNumber(run.speed)])
        let when =
            run.isEnded
            ? tr("ended at {clock} scenario time", ["clock": clock]) : tr("still running at {clock} scenario time", ["clock": clock])
        out += "- " + tr("{how}; {when}", ["how": how, "when": when]) + "\n"
        out +=
            "- " + tr("Injects released: {fired} of {total}", ["fired": String(run.fired.count), "total": String(scenario.injects.count)])
            + "\n"
        out += "- **" + tr("Score: {score}", ["score": scoreText]) + "**\n\n"
        out += "## " + tr("Expectations", context: "drill heading") + "\n\n| "
        out += [
            tr("Result", context: "drill column"), tr("Expectation", context: "drill column"), tr("Weight", context: "drill column"),
            tr("Met at", context: "drill column"), tr("Deadline", context: "drill column"), tr("By", context: "drill column"),
        ].joined(separator: " | ")
        out += " |\n|---|---|---|---|---|---|\n"
        for r in results {
            let result = DrillScore.resultWord(r.status) + (r.observation == nil ? "" : " " + tr("(evaluator)", context: "drill result"))
            out +=
                "| \(result) | \(cell(r.expectation.localizedText)) | \(EventSentence.formatNumber(r.expectation.weight)) | \(DrillScore.clock(r.metAt)) | \(DrillScore.clock(r.deadline)) | \(cell(r.by ?? "—")) |\n"
        }
        out += "\n## " + tr("Policy targets (scenario time)", context: "drill heading") + "\n\n| "
        out += [
            tr("Target", context: "drill column"), tr("Measured", context: "drill column"), tr("Target", context: "drill column"),
            tr("State", context: "drill column"),
        ].joined(separator: " | ")
        out += " |\n|---|---|---|---|\n"
        for m in kpis.measures {
            out +=
                "| \(cell(m.displayTitle)) | \(m.seconds.map { DurationText.format($0) } ?? "—") | \(m.target.map { DurationText.formatTarget($0) } ?? "—") | \(DrillScore.words(m.state)) |\n"
        }
        let observed = results.filter { $0.observation != nil }
        if !observed.isEmpty {
            out += "\n## " + tr("Evaluators' observations", context: "drill heading") + "\n\n"
            out += tr("An evaluator's latest mark overrides the automatic result; partly counts half the weight.") + "\n\n"
            for r in observed {
                guard let o = r.observation else { continue }
                out +=
                    "- " + cell(r.expectation.localizedText) + cell(DrillScore.observedClause(o, automatic: r.automatic)) + "\n"
            }
        }
        guard hasHotWash else {
            out += "\n## " + tr("Hot wash (fill in)") + "\n\n"
            out += "- " + tr("What went well:", context: "drill") + "\n- " + tr("What to change:", context: "drill") + "\n- "
            out += tr("Improvement items (owner, due):") + "\n"
            return out
        }
        out += "\n## " + tr("Hot wash", context: "drill heading") + "\n\n"
        for line in hotWashLines() { out += line.isEmpty ? "\n" : cell(line) + "\n" }
        return out
    }
}

extension DrillScore {
    /// The follow-ups the hot wash made.
    public var improvementItems: [FollowUp] { followUps.filter { $0.from == HotWash.origin } }

    public var hasHotWash: Bool { !run.hotWash.isEmpty || !improvementItems.isEmpty }

    /// An evaluator's mark after an expectation's line: who, the rating, the note, and the
    /// automatic result it replaced where that differs.
    public static func observedClause(_ o: Observation, automatic: ExpectationResult.Status) -> String {
        var s = tr(" — evaluator {who}: {rating}", ["who": o.by, "rating": o.rating.displayName])
        if let note = o.note { s += tr(": {text}", context: "sentence", ["text": note]) }
        if automatic != ExpectationResult.status(of: o.rating) {
            s += tr(" (automatic: {result})", ["result": DrillScore.resultWord(automatic)])
        }
        return s
    }

    /// The hot wash as lines: strengths, gaps, improvement items; a blank line between them.
    func hotWashLines() -> [String] {
        var lines: [String] = []
        func section(_ title: String, _ rows: [String]) {
            guard !rows.isEmpty else { return }
            if !lines.isEmpty { lines.append("") }
            lines.append(title)
            lines += rows.map { "- " + $0 }
        }
        section(tr("What went well:", context: "drill"), run.hotWash.filter { $0.kind == .strength }.map(\.text))
        section(tr("What to change:", context: "drill"), run.hotWash.filter { $0.kind == .gap }.map(\.text))
        section(
            tr("Improvement items (owner, due):"),
            improvementItems.map { f in
                tr(
                    "{action} {text} ({owner}, {due}, {status})",
                    [
                        "action": f.id, "text": f.text, "owner": f.owner ?? tr("no owner"),
                        "due": f.due.map(EventSentence.dueDate) ?? "—", "status": DrillScore.statusWord(f.status),
                    ])
            })
        return lines
    }

    static func statusWord(_ s: FollowUp.Status) -> String {
        switch s {
        case .open: return tr("open", context: "follow-up")
        case .done: return tr("done", context: "follow-up")
        case .dropped: return tr("dropped", context: "follow-up")
        }
    }

    func hotWashText() -> String {
        var out = tr("Hot wash:", context: "drill score") + "\n"
        for line in hotWashLines() { out += line.isEmpty ? "\n" : Sanitizer.inline("  " + line) + "\n" }
        return out
    }
}
