import Foundation

/// What the tech lead reports of the recovery (`recovery.estimate`): the backup in use, when
/// service should be back (the RTO's estimate), and the data lost as a window (the RPO).
public struct RecoveryEstimate: Sendable, Equatable, Codable {
    public var at: Date
    public var by: String
    /// The backup restored from: a snapshot's name, a standby site.
    public var backup: String?
    /// When service is expected back.
    public var eta: Date?
    /// The data lost, as a window of time before the failure ("15m of orders": 900 s).
    public var rpo: TimeInterval?
    /// What the window holds ("orders", "payments since 00:00").
    public var dataLost: String?
    public var note: String?
}

/// How far an outage reaches (`incident.scope`); the plans' L1 rule names a nationwide one
/// (全国范围内无法访问).
public enum OutageScope: String, Sendable, CaseIterable, Codable {
    case local, regional, nationwide
}

extension OutageScope {
    public var displayName: String {
        switch self {
        case .local: return tr("local", context: "scope")
        case .regional: return tr("regional", context: "scope")
        case .nationwide: return tr("nationwide", context: "scope")
        }
    }
}

extension RecoveryEstimate {
    /// "backup db-0300 · back by 2026-11-11T06:00:00Z · data lost 15m of orders", from an estimate's payload.
    static func describe(_ p: EventPayload.RecoveryEstimate) -> String {
        var parts: [String] = []
        if let b = p.backup { parts.append(tr("backup {backup}", ["backup": b])) }
        if let eta = p.eta { parts.append(tr("back by {time}", ["time": eta])) }
        if let rpo = p.rpoSpan {
            parts.append(
                p.dataLost.map {
                    tr("data lost {window} of {what}", ["window": DurationText.formatTarget(rpo), "what": $0])
                } ?? tr("data lost {window}", ["window": DurationText.formatTarget(rpo)]))
        }
        return parts.isEmpty ? "—" : parts.joined(separator: " · ")
    }
}

extension Incident {
    /// The recovery estimate, the outage's scope and the review as `status --json` and the
    /// report's JSON give them (null where nothing was recorded).
    public var afterwardJSON: [(key: String, value: JSONValue)] {
        func time(_ d: Date?) -> JSONValue { d.map { .string(RFC3339.format($0)) } ?? .null }
        func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        let recovery: JSONValue =
            self.recovery.map { r in
                [
                    "at": time(r.at), "by": .string(r.by), "backup": text(r.backup), "eta": time(r.eta),
                    "rpo_seconds": r.rpo.map { .number($0) } ?? .null, "data_lost": text(r.dataLost), "note": text(r.note),
                ]
            } ?? .null
        let held: JSONValue =
            review.held.map { ["at": time($0.at), "logged_at": time($0.loggedAt), "by": .string($0.by), "note": text($0.note)] }
            ?? .null
        let reported: JSONValue =
            review.reported.map {
                [
                    "at": time($0.at), "logged_at": time($0.loggedAt), "by": .string($0.by), "where": .string($0.location),
                    "note": text($0.note),
                ]
            } ?? .null
        return [
            ("scope", text(scope?.rawValue)), ("recovery", recovery),
            ("review", ["crisis_ended_at": time(crisisEndedAt), "held": held, "reported": reported]),
        ]
    }
}

extension Incident {
    /// The scope, the recovery estimate and (once the crisis has ended) the review, as sentences
    /// for `status`; `text` marks up what people typed, `time` writes a time.
    public func afterwardSentences(text: (String) -> String = { $0 }, time: (Date) -> String = RFC3339.format) -> [String] {
        var out: [String] = []
        if let s = scope { out.append(tr("Outage scope: {scope}", ["scope": s.displayName])) }
        if let r = recovery {
            var parts: [String] = []
            if let b = r.backup { parts.append(tr("backup {backup}", ["backup": text(b)])) }
            if let eta = r.eta { parts.append(tr("back by {time}", ["time": time(eta)])) }
            if let rpo = r.rpo {
                let window = DurationText.formatTarget(rpo)
                parts.append(
                    r.dataLost.map { tr("data lost {window} of {what}", ["window": window, "what": text($0)]) }
                        ?? tr("data lost {window}", ["window": window]))
            }
            out.append(
                tr(
                    "Recovery estimate ({who}, {time}): {estimate}",
                    ["who": text(r.by), "time": time(r.at), "estimate": parts.joined(separator: " · ")]))
        }
        guard crisisEndedAt != nil, !drill else { return out }
        out.append(
            review.held.map { tr("Review meeting: held {time}", ["time": time($0.at)]) }
                ?? tr("Review meeting: not recorded (warroom review held)"))
        out.append(
            review.reported.map { tr("Review report: {where} ({time})", ["where": text($0.location), "time": time($0.at)]) }
                ?? tr("Review report: not recorded (warroom review reported)"))
        return out
    }
}
