import Foundation

/// Payloads of the roster and presence.
extension EventPayload {
    /// `member.joined`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct MemberJoined: Sendable, Equatable {
        public var member: String?
        public var name: String?
        public var team: String?
        public var contact: String?

        public init(_ data: JSONObject) {
            member = data["member"]?.stringValue
            name = data["name"]?.stringValue
            team = data["team"]?.stringValue
            contact = data["contact"]?.stringValue
        }
    }

    /// `member.status`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct MemberStatus: Sendable, Equatable {
        public var member: String?
        public var status: String?
        public var console: String?
        public var host: String?
        public var pid: Double?
        public var closed: Bool?

        public init(_ data: JSONObject) {
            member = data["member"]?.stringValue
            status = data["status"]?.stringValue
            console = data["console"]?.stringValue
            host = data["host"]?.stringValue
            pid = data["pid"]?.numberValue
            closed = data["closed"]?.boolValue
        }
    }

    /// `member.left`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct MemberLeft: Sendable, Equatable {
        public var member: String?

        public init(_ data: JSONObject) {
            member = data["member"]?.stringValue
        }
    }
}

extension EventPayload.MemberStatus {
    /// `pid` as a whole number; nil when absent, fractional or too large to be exact.
    public var pidInt: Int? { pid.flatMap { JSONValue.number($0).intValue } }
}
