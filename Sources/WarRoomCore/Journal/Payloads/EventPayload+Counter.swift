import Foundation

/// Payloads of a counter's reading.
extension EventPayload {
    /// `counter.set`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct CounterSet: Sendable, Equatable {
        public var name: String?
        public var value: Double?
        public var unit: String?

        public init(_ data: JSONObject) {
            name = data["name"]?.stringValue
            value = data["value"]?.numberValue
            unit = data["unit"]?.stringValue
        }
    }
}
