import Foundation

/// Payloads of alerts fired and resolved.
extension EventPayload {
    /// `signal.fired`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct SignalFired: Sendable, Equatable {
        public var fingerprint: String?
        public var source: String?
        public var title: String?
        public var summary: String?
        public var labels: JSONObject?
        public var startsAt: String?
        public var url: String?
        public var value: Double?
        public var meets: Int?
        public var rule: String?

        public init(_ data: JSONObject) {
            fingerprint = data["fingerprint"]?.stringValue
            source = data["source"]?.stringValue
            title = data["title"]?.stringValue
            summary = data["summary"]?.stringValue
            labels = data["labels"]?.objectValue
            startsAt = data["starts_at"]?.stringValue
            url = data["url"]?.stringValue
            value = data["value"]?.numberValue
            meets = data["meets"]?.intValue
            rule = data["rule"]?.stringValue
        }

        /// `starts_at` as a time; nil when absent or not RFC 3339.
        public var startsAtTime: Date? { startsAt.flatMap(RFC3339.parse) }

        /// `meets` as a level; nil when absent or not 1, 2 or 3.
        public var meetsLevel: Severity? { meets.flatMap(Severity.init(rawValue:)) }
    }

    /// `signal.resolved`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct SignalResolved: Sendable, Equatable {
        public var fingerprint: String?
        public var source: String?
        public var endsAt: String?

        public init(_ data: JSONObject) {
            fingerprint = data["fingerprint"]?.stringValue
            source = data["source"]?.stringValue
            endsAt = data["ends_at"]?.stringValue
        }

        /// `ends_at` as a time; nil when absent or not RFC 3339.
        public var endsAtTime: Date? { endsAt.flatMap(RFC3339.parse) }
    }
}
