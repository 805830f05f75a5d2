import Foundation

/// The lines under the KPI table: the outage's scope and the recovery estimate where recorded,
/// and once the crisis has ended the review's meeting and report (or that none is recorded).
extension PostmortemReport {
    func afterwardLines(_ m: Markup) -> [String] {
        incident.afterwardSentences(text: { m.text($0) }, time: { time($0) })
    }
}
