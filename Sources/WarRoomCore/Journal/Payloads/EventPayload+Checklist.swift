import Foundation

/// Payloads of checklist items added, ticked and unticked.
extension EventPayload {
    /// `checklist.added`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct ChecklistAdded: Sendable, Equatable {
        public var item: String?
        public var text: String?
        public var phase: String?
        public var due: String?
        public var role: String?

        public init(_ data: JSONObject) {
            item = data["item"]?.stringValue
            text = data["text"]?.stringValue
            phase = data["phase"]?.stringValue
            due = data["due"]?.stringValue
            role = data["role"]?.stringValue
        }

        /// `due` as seconds; nil when absent or not a duration.
        public var dueSpan: TimeInterval? { due.flatMap(DurationText.parse) }
    }

    /// `checklist.done` and `checklist.undone`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct ChecklistTick: Sendable, Equatable {
        public var item: String?

        public init(_ data: JSONObject) {
            item = data["item"]?.stringValue
        }
    }
}
