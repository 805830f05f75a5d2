import Foundation

/// Payloads of a note on the timeline.
extension EventPayload {
    /// `note`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct Note: Sendable, Equatable {
        public var text: String?
        public var kind: String?

        public init(_ data: JSONObject) {
            text = data["text"]?.stringValue
            kind = data["kind"]?.stringValue
        }
    }
}
