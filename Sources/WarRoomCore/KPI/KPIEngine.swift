import Foundation

/// Where a measure stands against its target.
public enum KPIState: String, Sendable, Codable, CaseIterable {
    /// Running, under 80 % of its target.
    case pending
    /// Running, at 80 % or more of its target.
    case warning
    /// Running or finished over its target.
    case breached
    /// Finished within its target.
    case met
    /// No target at this severity, or the measure has not started.
    case notApplicable = "n/a"
    /// The drill ended with the measure still running and within its target:
    /// neither met nor missed, so not a breach.
    case notReached = "not-reached"
}

/// One measure: how long, against which target, in which state.
public struct KPIMeasure: Sendable, Equatable {
    public var name: KPIName
    public var title: String
    /// Seconds measured so far (running) or in all (finished); nil before the measure starts.
    public var seconds: TimeInterval?
    public var target: TimeInterval?
    public var state: KPIState
    public var running: Bool
    /// The policy's `title_zh`, shown in Chinese (see `displayTitle`).
    public var titleZh: String? = nil
}

/// A counter past a trigger threshold, suggesting a worse severity.
public struct Suggestion: Sendable, Equatable {
    public var severity: Severity
    public var counter: String
    public var value: Double
    public var threshold: Double
    public var source: String?
    /// The plan's rule in its Chinese original (`source_zh`).
    public var sourceZh: String? = nil
    /// Set for a scope rule: the outage's reach met the level, not a counter.
    public var scope: OutageScope? = nil

    /// The banner text: "complaints 1,204 > 1,000: criteria for L2 met"; in Chinese "complaints 1,204 > 1,000：已达到二级标准".
    public var sentence: String {
        if let scope {
            return tr("outage scope {scope}: criteria for {severity} met", ["scope": scope.displayName, "severity": severity.displayLabel])
        }
        return tr(
            "{counter} {value} > {threshold}: criteria for {severity} met",
            [
                "counter": CounterName.display(counter), "value": EventSentence.formatNumber(value),
                "threshold": EventSentence.formatNumber(threshold), "severity": severity.displayLabel,
            ])
    }

    /// The plan's rule the trigger quotes, in the interface language (nil when the policy names none).
    public var displaySource: String? {
        guard let source else { return sourceZh.flatMap { L10n.isChinese ? $0 : nil } }
        return planText(source, zh: sourceZh)
    }
}

/// Everything the KPI pane and `status` show for one incident.
public struct IncidentKPIs: Sendable, Equatable {
    public var elapsed: TimeInterval
    public var measures: [KPIMeasure]
    public var checklist: [ChecklistEntry]
    public var progress: ChecklistProgress
    public var progressByPhase: [PhaseProgress]
    public var overdue: [ChecklistEntry]
    public var requiredRoles: [RequiredRole]
    public var suggestions: [Suggestion]

    public func measure(_ n: KPIName) -> KPIMeasure? { measures.first { $0.name == n } }

    public var rolesFilled: ChecklistProgress {
        ChecklistProgress(done: requiredRoles.filter { $0.holder != nil }.count, total: requiredRoles.count)
    }
}

public struct PhaseProgress: Sendable, Equatable {
    public var phase: Phase
    public var progress: ChecklistProgress
}

public struct RequiredRole: Sendable, Equatable {
    public var role: String
    public var holder: String?
}

/// KPIs as a pure function of an incident, its playbook, the policy and a clock.
public enum KPIEngine {
    /// The share of a target at which a running measure turns to `warning`.
    public static let warningShare = 0.8

    /// - Parameter timescale: what deadlines count in: real time, or a drill's scenario time.
    public static func compute(
        incident inc: Incident, playbook: Playbook?, policy: Policy, now: Date, timescale scale: Timescale = .real
    ) -> IncidentKPIs {
        // A closed incident's clocks stop when it closed.
        // A drill's clocks also stop when the drill ends, whichever comes first.
        let closedOn = inc.isClosed ? inc.phaseHistory.last(where: { $0.to == .closed })?.at : nil
        let drillEnd = scale.end.flatMap { e in closedOn.map { $0 < e } == true ? nil : e }
        let closedAt = drillEnd ?? closedOn
        let end = closedAt.map { min($0, now) } ?? now
        let declared = inc.declaredAt

        func firstComm(_ a: Audience, after start: Date) -> Date? {
            inc.comms.first(where: { $0.audience == a && $0.at >= start })?.at
        }
        func firstPhase(atLeast p: Phase) -> Date? {
            let idx = p.order
            return inc.phaseHistory.first(where: { $0.to.order >= idx })?.at
        }

        // The review's deadlines outlive the close: they run on the real clock until the meeting and
        // the report are recorded. A drill's review is its hot wash, so a drill's stop with its other clocks.
        let outlives = !inc.drill && scale.end == nil
        var measures: [KPIMeasure] = []
        func add(_ name: KPIName, start: Date?, stop: Date?, review: Bool = false) {
            let outlivesClose = review && outlives
            let target = policy.targets[name]
            var limit = target?.limit(at: inc.severity)
            if name == .timeToManagement, start != nil { limit = target?.limit(at: .l1) }
            let title = target?.title ?? name.defaultTitle
            let titleZh = target?.titleZh
            guard let start else {
                measures.append(
                    KPIMeasure(
                        name: name, title: title, seconds: nil, target: limit, state: .notApplicable, running: false, titleZh: titleZh))
                return
            }
            // What the team did after its drill ended does not count.
            var stop = stop
            if let e = drillEnd, let s = stop, s > e { stop = nil }
            let finish = stop ?? (outlivesClose ? now : end)
            let seconds = max(0, scale.elapsed(from: start, to: finish))
            let running = stop == nil && (closedAt == nil || outlivesClose)
            // A measure that never finished before the incident closed missed its target;
            // one still running when its drill ended was neither met nor missed.
            // A drill's review left unrecorded when it closed is the same: its review is the hot wash.
            let cutShort = stop == nil && (drillEnd != nil || (review && !outlives && closedAt != nil))
            let neverDone = stop == nil && closedAt != nil && name != .sinceExternalUpdate && name != .timeToClose && !outlivesClose
            let state: KPIState
            if let limit {
                if seconds > limit {
                    state = .breached
                } else if cutShort {
                    state = .notReached
                } else if neverDone {
                    state = .breached
                } else if running {
                    state = seconds >= limit * warningShare ? .warning : .pending
                } else {
                    state = .met
                }
            } else {
                state = .notApplicable
            }
            measures.append(
                KPIMeasure(
                    name: name, title: title, seconds: seconds, target: limit, state: state, running: running, titleZh: titleZh))
        }

        // The leads are notified by an internal statement logged by hand or by the notifier's
        // confirmed delivery to the leads' channel, whichever came first (an unconfirmed send,
        // or one to another group such as customer service, does not count).
        let delivered = inc.deliveries.first(where: { $0.leads && $0.at >= declared })?.at
        let notified = [firstComm(.internal, after: declared), delivered].compactMap { $0 }.min()
        add(.timeToNotify, start: declared, stop: notified)
        let l1At = inc.firstTime(atLeast: .l1)
        add(.timeToManagement, start: l1At, stop: l1At.flatMap { firstComm(.management, after: $0) })
        add(.timeToVerify, start: declared, stop: firstPhase(atLeast: .verified))
        add(.timeToRestore, start: declared, stop: firstPhase(atLeast: .recovered))
        // From the crisis' end (first recovered, else closed) to the meeting and the report recorded.
        let crisisEnd = inc.crisisEndedAt
        add(.timeToReview, start: crisisEnd, stop: crisisEnd.flatMap { _ in inc.review.held?.at }, review: true)
        add(.timeToReviewReport, start: crisisEnd, stop: crisisEnd.flatMap { _ in inc.review.reported?.at }, review: true)
        let lastExternal = inc.comms.last(where: { $0.audience == .external })?.at ?? declared
        add(.sinceExternalUpdate, start: lastExternal, stop: nil)
        add(.timeToClose, start: declared, stop: closedOn)

        let checklist = Checklist.entries(for: inc, playbook: playbook, timescale: scale, now: end, afterEnd: outlives ? now : end)
        let byPhase = Checklist.progressByPhase(checklist).map { PhaseProgress(phase: $0.phase, progress: $0.progress) }
        let required = (playbook?.requiredRoles(at: inc.severity) ?? []).map { RequiredRole(role: $0, holder: inc.roles[$0]) }

        var suggestions: [Suggestion] = []
        for rule in policy.triggers {
            if let scope = rule.scope {
                guard inc.scope == scope, !inc.severity.isAtLeast(rule.suggests) else { continue }
                suggestions.append(
                    Suggestion(
                        severity: rule.suggests, counter: "", value: 0, threshold: 0, source: rule.source, sourceZh: rule.sourceZh,
                        scope: scope))
                continue
            }
            guard let c = inc.counters[rule.counter], c.value > rule.above, !inc.severity.isAtLeast(rule.suggests) else {
                continue
            }
            suggestions.append(
                Suggestion(
                    severity: rule.suggests, counter: rule.counter, value: c.value, threshold: rule.above, source: rule.source,
                    sourceZh: rule.sourceZh))
        }
        suggestions.sort { $0.severity.rawValue < $1.severity.rawValue }

        return IncidentKPIs(
            elapsed: max(0, scale.elapsed(from: declared, to: end)), measures: measures, checklist: checklist,
            progress: Checklist.progress(checklist), progressByPhase: byPhase,
            overdue: checklist.filter { $0.isOverdue(at: end) }, requiredRoles: required, suggestions: suggestions)
    }
}
