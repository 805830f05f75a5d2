import Foundation

/// One handling time across the incidents of a period, from the KPI engine's own
/// measures (the figures the console and `status` show for each incident).
public struct MeasureFigures: Sendable, Equatable {
    /// The measures `stats` reports, in the order a response runs.
    public static let reported: [KPIName] = [.timeToNotify, .timeToVerify, .timeToRestore, .timeToReview]

    public var name: KPIName
    /// Finished measures (stopped, or stopped by the close): median, p90, worst.
    public var finished: SampleSummary?
    /// Finished measures over their incident's target (the engine's `breached`).
    public var breaches: Int
    /// Finished measures that had a target at their incident's severity.
    public var withTarget: Int
    /// Measures of incidents still open and still running: kept out of the figures above.
    public var running: Int
    /// Of those, the ones already over their target.
    public var runningBreached: Int
    /// The longest a running one has run so far.
    public var longestRunning: Double?
    /// The policy's targets by severity (a playbook may set its own for its incidents;
    /// breaches are counted against each incident's own).
    public var targets: [Severity: TimeInterval]

    /// "time to restore", in the interface language.
    public var label: String { MeasureFigures.label(name) }

    /// Where the figure starts and stops, as `KPIEngine` measures it.
    public var span: String { MeasureFigures.span(name) }

    public static func label(_ n: KPIName) -> String {
        switch n {
        case .timeToNotify: return tr("time to notify", context: "stats")
        case .timeToVerify: return tr("time to verify", context: "stats")
        case .timeToRestore: return tr("time to restore", context: "stats")
        case .timeToReview: return tr("time to close", context: "stats")
        case .timeToManagement: return tr("time to report to management", context: "stats")
        case .sinceExternalUpdate: return tr("time since the last external update", context: "stats")
        }
    }

    public static func span(_ n: KPIName) -> String {
        switch n {
        case .timeToNotify:
            return tr("from declaration to the first internal statement or confirmed notifier delivery")
        case .timeToVerify: return tr("from declaration to the first phase at or past verified")
        case .timeToRestore: return tr("from declaration to the first phase at or past recovered")
        case .timeToReview: return tr("from the first phase at or past recovered to closed (the review target)")
        case .timeToManagement: return tr("from the first time at L1 to the first statement to management")
        case .sinceExternalUpdate: return tr("from the last external statement (else declaration) to now")
        }
    }

    /// The same two ends in English for JSON and CSV readers, whatever the interface language.
    public static func spanEnds(_ n: KPIName) -> (start: String, end: String) {
        switch n {
        case .timeToNotify: return ("declaration", "first internal statement or confirmed notifier delivery")
        case .timeToVerify: return ("declaration", "first phase at or past verified")
        case .timeToRestore: return ("declaration", "first phase at or past recovered")
        case .timeToReview: return ("first phase at or past recovered", "closed")
        case .timeToManagement: return ("first time at L1", "first statement to management")
        case .sinceExternalUpdate: return ("last external statement, else declaration", "now")
        }
    }

    /// The targets in words: `5m` when one for every severity, else `L1 72h · L2 48h`.
    public var targetText: String {
        let set = Severity.allCases.compactMap { s in targets[s].map { (s, $0) } }
        guard !set.isEmpty else { return "—" }
        if set.count == Severity.allCases.count, Set(set.map(\.1)).count == 1 { return DurationText.formatTarget(set[0].1) }
        return set.map { $0.0.displayLabel + " " + DurationText.formatTarget($0.1) }.joined(separator: " · ")
    }
}
