import Foundation

/// An alert from a monitoring source, folded from `signal.fired` and `signal.resolved`.
/// A signal is not an incident: it is what someone may declare one from.
public struct Signal: Sendable, Equatable, Codable {
    /// The source's own identity for the alert (Alertmanager's fingerprint): the same alert
    /// fired again is the same signal, not a new one.
    public var fingerprint: String
    /// Where it came from: `alertmanager`, `grafana`, `generic` or what a script named.
    public var source: String
    public var title: String
    public var summary: String?
    public var labels: JSONObject
    public var url: String?
    public var value: Double?
    /// The severity the policy's thresholds said the alert meets, when one did, and which rule.
    public var meets: Severity?
    public var rule: String?
    /// When the source says it started (else when it was first recorded).
    public var startsAt: Date
    public var firedAt: Date
    public var firedLine: Int
    /// How many times it was recorded as firing (a re-fire after a resolve counts again).
    public var fireCount = 1
    public var resolvedAt: Date?
    /// The incidents declared from it, in order.
    public var declaredAs: [String] = []

    public var isOpen: Bool { resolvedAt == nil }
}

/// A message the notifier claimed, and what became of it (`notify.claimed`, `notify.sent`, `notify.failed`).
public struct NotifyMessage: Sendable, Equatable, Codable {
    public enum Outcome: Sendable, Equatable, Codable {
        /// Claimed, no outcome recorded yet: being sent, or the notifier stopped during the send.
        case pending
        case sent(at: Date, reply: String?)
        case failed(at: Date, reason: String, retryAt: Date?, final: Bool)
    }

    /// Unique in the journal: a second claim of the same id is refused, so two notifiers never both send it.
    public var id: String
    public var channel: String
    public var incident: String?
    public var headline: String?
    public var claimedAt: Date
    public var claimedLine: Int
    public var outcome: Outcome = .pending
    /// Failed attempts recorded so far.
    public var failures = 0

    public var isSettled: Bool {
        switch outcome {
        case .sent: return true
        case .failed(_, _, _, let final): return final
        case .pending: return false
        }
    }
}

/// A message's latest failed attempt: when, why, and whether the notifier gave up on it.
public struct NotifyFailure: Sendable, Equatable, Codable {
    public var at: Date
    public var reason: String
    public var final: Bool
}

/// A confirmed delivery of a message about an incident: what the consoles show as
/// "leads notified via 飞书 10:02 ✓" and what the Notify KPI can stop on.
public struct Delivery: Sendable, Equatable, Codable {
    public var message: String
    public var channel: String
    public var platform: String?
    /// Who the message was for, as the notifier recorded it (role names, comma-separated).
    public var to: String?
    public var at: Date
    /// Sent to the channel configured as the leads' group (`leads = true`): only such a
    /// delivery stops the time-to-notify clock.
    public var leads = false
}
