import Foundation

/// What declaring an incident needs: `warroom declare`'s options, or the console's D flow.
public struct Declaration: Equatable, Sendable {
    public var severity: Severity
    public var title: String
    /// nil: no playbook (the CLI fills in the severity's default before it gets here).
    public var playbook: String?
    public var summary: String?
    /// When impact began, if before the declaration.
    public var startedAt: Date?
    public var drill: Bool
    /// nil: the writer picks the next INC-YYYYMMDD-NN under the lock.
    public var id: String?
    /// The fingerprint of the signal declared from (`incident.declared`'s `signal`).
    public var signal: String?

    public init(
        severity: Severity, title: String, playbook: String? = nil, summary: String? = nil, startedAt: Date? = nil,
        drill: Bool = false, id: String? = nil, signal: String? = nil
    ) {
        self.severity = severity
        self.title = title
        self.playbook = playbook
        self.summary = summary
        self.startedAt = startedAt
        self.drill = drill
        self.id = id
        self.signal = signal
    }

    /// A declaration from a signal, its facts carried over: the title, the summary, when it
    /// started and its fingerprint; the severity the policy said it meets, else `fallback`
    /// (L3: the plans start an incident at the lowest level and raise it as facts come in).
    public static func from(_ s: Signal, severity: Severity? = nil, fallback: Severity = .l3) -> Declaration {
        Declaration(
            severity: severity ?? s.meets ?? fallback, title: s.title, summary: s.summary, startedAt: s.startsAt, signal: s.fingerprint)
    }

    /// The `incident.declared` data, members in the order docs/journal-format.md lists them.
    var data: JSONObject {
        var data: JSONObject = ["title": .string(title), "severity": .number(Double(severity.rawValue))]
        if let startedAt { data["started_at"] = .string(RFC3339.format(startedAt)) }
        if let summary { data["summary"] = .string(summary) }
        if let playbook { data["playbook"] = .string(playbook) }
        if drill { data["drill"] = .bool(true) }
        if let signal { data["signal"] = .string(signal) }
        return data
    }
}
