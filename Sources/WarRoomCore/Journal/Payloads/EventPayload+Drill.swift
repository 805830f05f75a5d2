import Foundation

/// Payloads of a drill's run: start, pauses, injects, end, the evaluators' marks and the hot wash.
extension EventPayload {
    /// `drill.started`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct DrillStarted: Sendable, Equatable {
        public var scenario: String?
        public var speed: Double?
        public var incident: String?
        public var title: String?
        public var run: String?
        public var path: String?
        public var titleZh: String?

        public init(_ data: JSONObject) {
            scenario = data["scenario"]?.stringValue
            speed = data["speed"]?.numberValue
            incident = data["incident"]?.stringValue
            title = data["title"]?.stringValue
            run = data["run"]?.stringValue
            path = data["path"]?.stringValue
            titleZh = data["title_zh"]?.stringValue
        }
    }

    /// `drill.paused`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct DrillPaused: Sendable, Equatable {
        public var reason: String?

        public init(_ data: JSONObject) {
            reason = data["reason"]?.stringValue
        }
    }

    /// `drill.inject`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct DrillInject: Sendable, Equatable {
        public var inject: String?
        public var title: String?
        public var titleZh: String?
        public var manual: Bool?

        public init(_ data: JSONObject) {
            inject = data["inject"]?.stringValue
            title = data["title"]?.stringValue
            titleZh = data["title_zh"]?.stringValue
            manual = data["manual"]?.boolValue
        }
    }

    /// `drill.ended`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct DrillEnded: Sendable, Equatable {
        public var reason: String?

        public init(_ data: JSONObject) {
            reason = data["reason"]?.stringValue
        }
    }

    /// `drill.observed`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct DrillObserved: Sendable, Equatable {
        public var expectation: String?
        public var rating: String?
        public var note: String?

        public init(_ data: JSONObject) {
            expectation = data["expectation"]?.stringValue
            rating = data["rating"]?.stringValue
            note = data["note"]?.stringValue
        }
    }

    /// `drill.hotwash`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct DrillHotWash: Sendable, Equatable {
        public var kind: String?
        public var text: String?

        public init(_ data: JSONObject) {
            kind = data["kind"]?.stringValue
            text = data["text"]?.stringValue
        }
    }
}
