import Foundation

/// Payloads of follow-up actions added, done, dropped.
extension EventPayload {
    /// `action.added`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct ActionAdded: Sendable, Equatable {
        public var action: String?
        public var text: String?
        public var owner: String?
        public var due: String?
        public var from: String?

        public init(_ data: JSONObject) {
            action = data["action"]?.stringValue
            text = data["text"]?.stringValue
            owner = data["owner"]?.stringValue
            due = data["due"]?.stringValue
            from = data["from"]?.stringValue
        }

        /// `due` as a time; nil when absent or not RFC 3339.
        public var dueTime: Date? { due.flatMap(RFC3339.parse) }
    }

    /// `action.done`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct ActionDone: Sendable, Equatable {
        public var action: String?
        public var note: String?

        public init(_ data: JSONObject) {
            action = data["action"]?.stringValue
            note = data["note"]?.stringValue
        }
    }

    /// `action.dropped`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct ActionDropped: Sendable, Equatable {
        public var action: String?
        public var reason: String?

        public init(_ data: JSONObject) {
            action = data["action"]?.stringValue
            reason = data["reason"]?.stringValue
        }
    }
}

extension EventPayload {
    /// The follow-up a line is about: added, done or dropped (nil for other types).
    public var followUpAction: String? {
        switch self {
        case .actionAdded(let p): p.action
        case .actionDone(let p): p.action
        case .actionDropped(let p): p.action
        default: nil
        }
    }
}
