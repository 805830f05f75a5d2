import Foundation

/// One handling time across the incidents of a period, from the KPI engine's own
/// measures (the figures the console and `status` show for each incident).
public struct MeasureFigures: Sendable, Equatable {
    /// The measures `stats` reports, in the order a response runs.
    /// The true time to close first, then the review's two deadlines, named as what they are.
    public static let reported: [KPIName] = [
        .timeToNotify, .timeToVerify, .timeToRestore, .timeToClose, .timeToReview, .timeToReviewReport,
    ]

    /// The review's measures run on after the close until recorded; a closed incident without one
    /// (every incident of a journal from before `review.held`) is counted here apart, not as running.
    public static func countsUnrecorded(_ n: KPIName) -> Bool { n == .timeToReview || n == .timeToReviewReport }

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
    /// Closed incidents whose review meeting (or report) was never recorded: kept out of the
    /// figures and of the running ones (see `countsUnrecorded`).
    public var unrecorded = 0
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
        case .timeToReview: return tr("time to the review meeting", context: "stats")
        case .timeToReviewReport: return tr("time to the review report", context: "stats")
        case .timeToClose: return tr("time to close", context: "stats")
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
        case .timeToReview:
            return tr("from the crisis' end (the first phase at or past recovered) to the review meeting recorded")
        case .timeToReviewReport:
            return tr("from the crisis' end (the first phase at or past recovered) to the review report recorded")
        case .timeToClose: return tr("from declaration to closed")
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
        case .timeToReview: return ("first phase at or past recovered", "review meeting recorded (review.held)")
        case .timeToReviewReport: return ("first phase at or past recovered", "review report recorded (review.reported)")
        case .timeToClose: return ("declaration", "closed")
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
