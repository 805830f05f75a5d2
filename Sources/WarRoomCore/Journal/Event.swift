import Foundation

/// The event types of journal format v1. A line may carry any other type
/// string: it is kept and shown raw (see `Event.kind`).
public enum EventType: String, Sendable, CaseIterable {
    case incidentDeclared = "incident.declared"
    case incidentSeverity = "incident.severity"
    case incidentPhase = "incident.phase"
    case note = "note"
    case roleAssigned = "role.assigned"
    case roleReleased = "role.released"
    case memberJoined = "member.joined"
    case memberStatus = "member.status"
    case memberLeft = "member.left"
    case checklistAdded = "checklist.added"
    case checklistDone = "checklist.done"
    case checklistUndone = "checklist.undone"
    case counterSet = "counter.set"
    case commsPublished = "comms.published"
    case drillStarted = "drill.started"
    case drillPaused = "drill.paused"
    case drillResumed = "drill.resumed"
    case drillInject = "drill.inject"
    case drillEnded = "drill.ended"
    /// Added after the first release: older readers keep it as an unknown type.
    case incidentPlaybook = "incident.playbook"
    /// Added with alert intake: an alert from a monitoring source (journal-wide, not an incident).
    case signalFired = "signal.fired"
    case signalResolved = "signal.resolved"
    /// Added with the notifier: a message claimed for sending (once per message id), then its outcome.
    case notifyClaimed = "notify.claimed"
    case notifySent = "notify.sent"
    case notifyFailed = "notify.failed"
    /// Added with follow-up actions: work out of an incident or a drill that outlives it.
    case actionAdded = "action.added"
    case actionDone = "action.done"
    case actionDropped = "action.dropped"
    /// Added with the drill programme: an evaluator's mark on an expectation, and the hot wash's findings.
    case drillObserved = "drill.observed"
    case drillHotWash = "drill.hotwash"
    /// Added with the review deadlines: the review meeting held, the review report written.
    case reviewHeld = "review.held"
    case reviewReported = "review.reported"
    /// Added with the plans' thresholds: how far the outage reaches, and the recovery's estimate (backup, ETA, RPO).
    case incidentScope = "incident.scope"
    case recoveryEstimate = "recovery.estimate"
    /// Added with statement approval: a statement drafted, approved or rejected before it is published.
    case commsDrafted = "comms.drafted"
    case commsApproved = "comms.approved"
    case commsRejected = "comms.rejected"

    /// The position in `allCases`, without hashing (the schema table is looked up by it for every line).
    var position: Int {
        switch self {
        case .incidentDeclared: return 0
        case .incidentSeverity: return 1
        case .incidentPhase: return 2
        case .note: return 3
        case .roleAssigned: return 4
        case .roleReleased: return 5
        case .memberJoined: return 6
        case .memberStatus: return 7
        case .memberLeft: return 8
        case .checklistAdded: return 9
        case .checklistDone: return 10
        case .checklistUndone: return 11
        case .counterSet: return 12
        case .commsPublished: return 13
        case .drillStarted: return 14
        case .drillPaused: return 15
        case .drillResumed: return 16
        case .drillInject: return 17
        case .drillEnded: return 18
        case .incidentPlaybook: return 19
        case .signalFired: return 20
        case .signalResolved: return 21
        case .notifyClaimed: return 22
        case .notifySent: return 23
        case .notifyFailed: return 24
        case .actionAdded: return 25
        case .actionDone: return 26
        case .actionDropped: return 27
        case .drillObserved: return 28
        case .drillHotWash: return 29
        case .reviewHeld: return 30
        case .reviewReported: return 31
        case .incidentScope: return 32
        case .recoveryEstimate: return 33
        case .commsDrafted: return 34
        case .commsApproved: return 35
        case .commsRejected: return 36
        }
    }

    /// Member events may stand outside an incident (the standing roster);
    /// `drill.started` comes before the drill's incident is declared and names it in its data.
    public var needsIncident: Bool {
        switch self {
        case .memberJoined, .memberStatus, .memberLeft, .drillStarted: return false
        // Signals come before any incident; a notification may be about one or about several.
        case .signalFired, .signalResolved, .notifyClaimed, .notifySent, .notifyFailed: return false
        default: return true
        }
    }
}

/// Severity levels from the plans: 1 is the worst.
public enum Severity: Int, Sendable, Comparable, CaseIterable, Codable {
    case l1 = 1, l2 = 2, l3 = 3

    public var label: String { "L\(rawValue)" }

    /// Worse means a lower number: L1 is worse than L2.
    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue > b.rawValue }

    public func isAtLeast(_ other: Severity) -> Bool { rawValue <= other.rawValue }

    public init?(text: String) {
        let t = text.uppercased().hasPrefix("L") ? String(text.dropFirst()) : text
        guard let n = Int(t), let s = Severity(rawValue: n) else { return nil }
        self = s
    }
}

public enum Phase: String, Sendable, CaseIterable, Codable {
    case declared, verified, contained, recovered, closed

    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// Position in the phase sequence (declared is 0), without an optional lookup in allCases.
    public var order: Int {
        switch self {
        case .declared: 0
        case .verified: 1
        case .contained: 2
        case .recovered: 3
        case .closed: 4
        }
    }
}

public enum NoteKind: String, Sendable, CaseIterable, Codable {
    case observation, decision, action, inject
}

public enum Presence: String, Sendable, CaseIterable, Codable {
    case available, engaged, away, offline
}

public enum Audience: String, Sendable, CaseIterable, Codable {
    case `internal`, external, management, regulator
}

/// One journal event: the envelope and its type-specific data.
public struct Event: Sendable, Equatable {
    public static let formatVersion = 1

    public var v: Int
    public var ts: Date
    public let type: String
    /// The known type, or nil for a type this version does not know (decided once, at creation).
    public let kind: EventType?
    public var actor: String
    public var login: String?
    public var incident: String?
    public var id: String?
    /// Tamper evidence: this line's number in the file, set by warroom writers.
    public var seq: Int?
    /// Tamper evidence: hex SHA-256 of the previous line's exact bytes.
    public var prev: String?
    public var data: JSONObject

    public init(
        v: Int = Event.formatVersion, ts: Date, type: String, actor: String, login: String? = nil,
        incident: String? = nil, id: String? = nil, seq: Int? = nil, prev: String? = nil, data: JSONObject = JSONObject()
    ) {
        self.init(
            v: v, ts: ts, type: type, kind: EventType(rawValue: type), actor: actor, login: login, incident: incident, id: id,
            seq: seq, prev: prev, data: data)
    }

    /// For the decoder, which has already looked the type up.
    init(
        v: Int, ts: Date, type: String, kind: EventType?, actor: String, login: String?, incident: String?, id: String?,
        seq: Int?, prev: String?, data: JSONObject
    ) {
        self.seq = seq
        self.prev = prev
        self.v = v
        self.ts = ts
        self.type = type
        self.kind = kind
        self.actor = actor
        self.login = login
        self.incident = incident
        self.id = id
        self.data = data
    }

    public init(
        _ kind: EventType, ts: Date, actor: String, incident: String? = nil, id: String? = nil,
        data: JSONObject = JSONObject()
    ) {
        self.init(ts: ts, type: kind.rawValue, actor: actor, incident: incident, id: id, data: data)
    }

    public func string(_ key: String) -> String? { data[key]?.stringValue }

    /// The event as one journal line, without the trailing newline.
    public func jsonLine() -> String {
        JSONWriter.serialize(.object(jsonObject()))
    }

    public func jsonObject() -> JSONObject {
        var o = JSONObject()
        o["v"] = .number(Double(v))
        o["ts"] = .string(RFC3339.format(ts))
        o["type"] = .string(type)
        o["actor"] = .string(actor)
        if let login { o["login"] = .string(login) }
        if let incident { o["incident"] = .string(incident) }
        if let id { o["id"] = .string(id) }
        if let seq { o["seq"] = .number(Double(seq)) }
        if let prev { o["prev"] = .string(prev) }
        if !data.isEmpty || kind != nil { o["data"] = .object(data) }
        return o
    }
}
