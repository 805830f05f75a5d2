import Foundation

/// Payloads of the review after the crisis, and the recovery's estimate.
extension EventPayload {
    /// `review.held`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct ReviewHeld: Sendable, Equatable {
        public var heldAt: String?
        public var note: String?

        public init(_ data: JSONObject) {
            heldAt = data["held_at"]?.stringValue
            note = data["note"]?.stringValue
        }

        /// `held_at` as a time; nil when absent or not RFC 3339.
        public var heldAtTime: Date? { heldAt.flatMap(RFC3339.parse) }
    }

    /// `review.reported`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct ReviewReported: Sendable, Equatable {
        public var location: String?
        public var reportedAt: String?
        public var note: String?

        public init(_ data: JSONObject) {
            location = data["where"]?.stringValue
            reportedAt = data["reported_at"]?.stringValue
            note = data["note"]?.stringValue
        }

        /// `reported_at` as a time; nil when absent or not RFC 3339.
        public var reportedAtTime: Date? { reportedAt.flatMap(RFC3339.parse) }
    }

    /// `recovery.estimate`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct RecoveryEstimate: Sendable, Equatable {
        public var backup: String?
        public var eta: String?
        public var rpo: String?
        public var dataLost: String?
        public var note: String?

        public init(_ data: JSONObject) {
            backup = data["backup"]?.stringValue
            eta = data["eta"]?.stringValue
            rpo = data["rpo"]?.stringValue
            dataLost = data["data_lost"]?.stringValue
            note = data["note"]?.stringValue
        }

        /// `eta` as a time; nil when absent or not RFC 3339.
        public var etaTime: Date? { eta.flatMap(RFC3339.parse) }

        /// `rpo` as seconds; nil when absent or not a duration.
        public var rpoSpan: TimeInterval? { rpo.flatMap(DurationText.parse) }
    }
}
