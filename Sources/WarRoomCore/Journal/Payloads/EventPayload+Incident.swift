import Foundation

/// Payloads of the incident's own facts: its declaration, severity, phase, playbook and scope.
extension EventPayload {
    /// `incident.declared`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct IncidentDeclared: Sendable, Equatable {
        public var title: String?
        public var severity: Int?
        public var startedAt: String?
        public var summary: String?
        public var playbook: String?
        public var drill: Bool?
        public var signal: String?

        public init(_ data: JSONObject) {
            title = data["title"]?.stringValue
            severity = data["severity"]?.intValue
            startedAt = data["started_at"]?.stringValue
            summary = data["summary"]?.stringValue
            playbook = data["playbook"]?.stringValue
            drill = data["drill"]?.boolValue
            signal = data["signal"]?.stringValue
        }

        /// `severity` as a level; nil when absent or not 1, 2 or 3.
        public var severityLevel: Severity? { severity.flatMap(Severity.init(rawValue:)) }

        /// `started_at` as a time; nil when absent or not RFC 3339.
        public var startedAtTime: Date? { startedAt.flatMap(RFC3339.parse) }
    }

    /// `incident.severity`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct IncidentSeverity: Sendable, Equatable {
        public var severity: Int?
        public var reason: String?

        public init(_ data: JSONObject) {
            severity = data["severity"]?.intValue
            reason = data["reason"]?.stringValue
        }

        /// `severity` as a level; nil when absent or not 1, 2 or 3.
        public var severityLevel: Severity? { severity.flatMap(Severity.init(rawValue:)) }
    }

    /// `incident.phase`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct IncidentPhase: Sendable, Equatable {
        public var phase: String?
        public var note: String?

        public init(_ data: JSONObject) {
            phase = data["phase"]?.stringValue
            note = data["note"]?.stringValue
        }
    }

    /// `incident.playbook`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct IncidentPlaybook: Sendable, Equatable {
        public var playbook: String?
        public var reason: String?

        public init(_ data: JSONObject) {
            playbook = data["playbook"]?.stringValue
            reason = data["reason"]?.stringValue
        }
    }

    /// `incident.scope`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct IncidentScope: Sendable, Equatable {
        public var scope: String?
        public var note: String?

        public init(_ data: JSONObject) {
            scope = data["scope"]?.stringValue
            note = data["note"]?.stringValue
        }
    }
}
