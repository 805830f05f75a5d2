import Foundation

/// Payloads of the notifier's messages: claimed, then sent or failed.
extension EventPayload {
    /// `notify.claimed`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct NotifyClaimed: Sendable, Equatable {
        public var message: String?
        public var channel: String?
        public var headline: String?
        public var covers: Double?
        public var summary: String?
        public var notifier: String?
        public var retryOf: String?
        public var parts: [String]?

        public init(_ data: JSONObject) {
            message = data["message"]?.stringValue
            channel = data["channel"]?.stringValue
            headline = data["headline"]?.stringValue
            covers = data["covers"]?.numberValue
            summary = data["summary"]?.stringValue
            notifier = data["notifier"]?.stringValue
            retryOf = data["retry_of"]?.stringValue
            if case .array(let a)? = data["parts"] { parts = a.compactMap(\.stringValue) }
        }
    }

    /// `notify.sent`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct NotifySent: Sendable, Equatable {
        public var message: String?
        public var channel: String?
        public var platform: String?
        public var reply: String?
        public var to: String?
        public var leads: Bool?

        public init(_ data: JSONObject) {
            message = data["message"]?.stringValue
            channel = data["channel"]?.stringValue
            platform = data["platform"]?.stringValue
            reply = data["reply"]?.stringValue
            to = data["to"]?.stringValue
            leads = data["leads"]?.boolValue
        }
    }

    /// `notify.failed`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct NotifyFailed: Sendable, Equatable {
        public var message: String?
        public var channel: String?
        public var reason: String?
        public var retryAt: String?
        public var final: Bool?

        public init(_ data: JSONObject) {
            message = data["message"]?.stringValue
            channel = data["channel"]?.stringValue
            reason = data["reason"]?.stringValue
            retryAt = data["retry_at"]?.stringValue
            final = data["final"]?.boolValue
        }

        /// `retry_at` as a time; nil when absent or not RFC 3339.
        public var retryAtTime: Date? { retryAt.flatMap(RFC3339.parse) }
    }
}

extension EventPayload {
    /// The message a notifier's line is about: claimed, sent or failed (nil for other types).
    public var notifyMessage: String? {
        switch self {
        case .notifyClaimed(let p): p.message
        case .notifySent(let p): p.message
        case .notifyFailed(let p): p.message
        default: nil
        }
    }
}
