import WarRoomCore

/// What `warroom ingest` prints and `warroom serve` logs about one payload.
enum IntakeSummary {
    static func lines(_ result: IntakeResult) -> [String] {
        var out: [String] = []
        for e in result.events {
            if case .signalFired(let p) = e.payload {
                let fp = p.fingerprint ?? ""
                var line = tr("signal fired: {fingerprint} {title}", ["fingerprint": fp, "title": p.title ?? ""])
                if let s = p.meetsLevel {
                    line += " " + tr("(meets {severity} by rule {rule})", ["severity": s.label, "rule": p.rule ?? ""])
                }
                out.append(line)
            } else {
                let fp = EventPayload.SignalResolved(e.data).fingerprint ?? ""
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
