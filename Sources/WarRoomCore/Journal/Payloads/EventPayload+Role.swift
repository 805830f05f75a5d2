import Foundation

/// Payloads of roles given and released.
extension EventPayload {
    /// `role.assigned`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct RoleAssigned: Sendable, Equatable {
        public var role: String?
        public var member: String?

        public init(_ data: JSONObject) {
            role = data["role"]?.stringValue
            member = data["member"]?.stringValue
        }
    }

    /// `role.released`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct RoleReleased: Sendable, Equatable {
        public var role: String?

        public init(_ data: JSONObject) {
            role = data["role"]?.stringValue
        }
    }
}
