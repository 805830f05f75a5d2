import Foundation

/// Payloads of statements: published, drafted, approved, rejected.
extension EventPayload {
    /// `comms.published`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct CommsPublished: Sendable, Equatable {
        public var audience: String?
        public var text: String?
        public var channel: String?
        public var draft: String?

        public init(_ data: JSONObject) {
            audience = data["audience"]?.stringValue
            text = data["text"]?.stringValue
            channel = data["channel"]?.stringValue
            draft = data["draft"]?.stringValue
        }
    }

    /// `comms.drafted`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct CommsDrafted: Sendable, Equatable {
        public var draft: String?
        public var audience: String?
        public var text: String?
        public var channel: String?
        public var template: String?

        public init(_ data: JSONObject) {
            draft = data["draft"]?.stringValue
            audience = data["audience"]?.stringValue
            text = data["text"]?.stringValue
            channel = data["channel"]?.stringValue
            template = data["template"]?.stringValue
        }
    }

    /// `comms.approved`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct CommsApproved: Sendable, Equatable {
        public var draft: String?

        public init(_ data: JSONObject) {
            draft = data["draft"]?.stringValue
        }
    }

    /// `comms.rejected`'s data members, decoded once. Each is nil when absent or of another JSON type,
    /// as the string look-ups it replaces read them.
    public struct CommsRejected: Sendable, Equatable {
        public var draft: String?
        public var reason: String?

        public init(_ data: JSONObject) {
            draft = data["draft"]?.stringValue
            reason = data["reason"]?.stringValue
        }
    }
}

extension EventPayload {
    /// The statement a line is about: drafted, approved, rejected or published from a draft (nil for other types).
    public var statementDraft: String? {
        switch self {
        case .commsDrafted(let p): p.draft
        case .commsApproved(let p): p.draft
        case .commsRejected(let p): p.draft
        case .commsPublished(let p): p.draft
        default: nil
        }
    }
}

extension EventPayload.CommsPublished {
    /// Whether a publication's data names a draft (of any JSON type), without decoding the rest:
    /// asked of every publication before the fold, which decodes it once.
    static func namesDraft(_ data: JSONObject) -> Bool { data["draft"] != nil }
}
