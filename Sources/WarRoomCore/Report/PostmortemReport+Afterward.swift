import Foundation

/// The lines under the KPI table: the outage's scope and the recovery estimate where recorded,
/// and once the crisis has ended the review's meeting and report (or that none is recorded).
extension PostmortemReport {
    func afterwardLines(_ m: Markup) -> [String] {
        var out: [String] = []
        if let s = incident.scope { out.append(tr("Outage scope: {scope}", ["scope": s.displayName])) }
        if let r = incident.recovery {
            var parts: [String] = []
            if let b = r.backup { parts.append(tr("backup {backup}", ["backup": m.text(b)])) }
            if let eta = r.eta { parts.append(tr("back by {time}", ["time": time(eta)])) }
            if let rpo = r.rpo {
                parts.append(
                    r.dataLost.map { tr("data lost {window} of {what}", ["window": DurationText.formatTarget(rpo), "what": m.text($0)]) }
                        ?? tr("data lost {window}", ["window": DurationText.formatTarget(rpo)]))
            }
            out.append(
                tr(
                    "Recovery estimate ({who}, {time}): {estimate}",
                    ["who": m.text(r.by), "time": time(r.at), "estimate": parts.joined(separator: " · ")]))
        }
        guard incident.crisisEndedAt != nil, !incident.drill else { return out }
        out.append(
            incident.review.held.map { tr("Review meeting: held {time}", ["time": time($0.at)]) }
                ?? tr("Review meeting: not recorded (warroom review held)"))
        out.append(
            incident.review.reported.map { tr("Review report: {where} ({time})", ["where": m.text($0.location), "time": time($0.at)]) }
                ?? tr("Review report: not recorded (warroom review reported)"))
        return out
    }
}
