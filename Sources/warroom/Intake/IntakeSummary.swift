import WarRoomCore

/// What `warroom ingest` prints and `warroom serve` logs about one payload.
enum IntakeSummary {
    static func lines(_ result: IntakeResult) -> [String] {
        var out: [String] = []
        for e in result.events {
            let fp = e.string("fingerprint") ?? ""
            if e.type == EventType.signalFired.rawValue {
                var line = tr("signal fired: {fingerprint} {title}", ["fingerprint": fp, "title": e.string("title") ?? ""])
                if let n = e.data["meets"]?.intValue, let s = Severity(rawValue: n) {
                    line += " " + tr("(meets {severity} by rule {rule})", ["severity": s.label, "rule": e.string("rule") ?? ""])
                }
                out.append(line)
            } else {
                out.append(tr("signal resolved: {fingerprint}", ["fingerprint": fp]))
            }
        }
        out.append(
            trn("{n} alert", "{n} alerts", result.alerts) + ": "
                + trn("{n} event recorded", "{n} events recorded", result.events.count) + ", "
                + trn("{n} unchanged", "{n} unchanged", max(0, result.alerts - result.events.count)))
        return out
    }
}
