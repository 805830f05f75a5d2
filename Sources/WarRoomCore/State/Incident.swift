import Foundation

/// One entry of an incident's timeline: the event and where it sits in the journal.
public struct TimelineEntry: Sendable, Equatable {
    public var line: Int
    public var event: Event
}

public struct SeverityChange: Sendable, Equatable, Codable {
    /// The journal line of the event that made the change.
    public var line: Int
    public var at: Date
    public var from: Severity?
    public var to: Severity
    public var by: String
    public var reason: String?
}

public struct PhaseChange: Sendable, Equatable, Codable {
    public var at: Date
    public var from: Phase?
    public var to: Phase
    public var by: String
    public var note: String?
}

/// The playbook changing mid-incident (`incident.playbook`); `from` is nil when there was none.
public struct PlaybookChange: Sendable, Equatable, Codable {
    public var at: Date
    public var from: String?
    public var to: String
    public var by: String
    public var reason: String?
}

/// A role changing hands: `member` nil means the role was released.
public struct RoleAssignment: Sendable, Equatable, Codable {
    public var at: Date
    public var role: String
    public var member: String?
    public var by: String
    /// Who held the role just before (a handover names both).
    public var previous: String? = nil
}

public struct RosterMember: Sendable, Equatable, Codable {
    public var id: String
    public var name: String?
    public var team: String?
    public var contact: String?
    public var joinedAt: Date
}

/// Who ticked an item and when.
public struct Tick: Sendable, Equatable, Codable {
    public var by: String
    public var at: Date
}

/// A checklist item added during the incident (`checklist.added`).
public struct AddedItem: Sendable, Equatable, Codable {
    public var item: String
    public var text: String
    public var phase: Phase?
    public var due: TimeInterval?
    public var role: String?
    public var addedBy: String
    public var addedAt: Date
}

public struct CounterReading: Sendable, Equatable, Codable {
    public var at: Date
    public var value: Double
    public var by: String
}

public struct Counter: Sendable, Equatable, Codable {
    public var name: String
    public var value: Double
    public var unit: String?
    public var history: [CounterReading]
}

public struct Communication: Sendable, Equatable, Codable {
    public var at: Date
    public var audience: Audience
    public var text: String
    public var channel: String?
    public var by: String
    /// The statement (`S-n`) it published, when it went through a draft.
    public var draft: String? = nil
}

/// An incident as folded from the journal.
public struct Incident: Sendable, Equatable, Codable {
    public var id: String
    public var title: String
    public var summary: String?
    public var playbook: String?
    public var drill: Bool
    public var declaredAt: Date
    public var declaredBy: String
    public var declaredOnLine: Int
    public var startedAt: Date?
    public var severity: Severity
    public var severityHistory: [SeverityChange]
    public var phase: Phase
    public var phaseHistory: [PhaseChange]
    public var timeline: [TimelineEntry] = []
    /// Events on the timeline, counted even when the timeline itself is not kept.
    public var eventCount = 1
    /// Switches of playbook after the declaration, in file order.
    public var playbookHistory: [PlaybookChange] = []
    public var roles: [String: String] = [:]
    public var roleHistory: [RoleAssignment] = []
    public var members: [String: RosterMember] = [:]
    public var memberOrder: [String] = []
    public var addedItems: [AddedItem] = []
    public var ticks: [String: Tick] = [:]
    public var counters: [String: Counter] = [:]
    public var counterOrder: [String] = []
    public var comms: [Communication] = []
    public var lastEventAt: Date
    /// The signal (its fingerprint) the incident was declared from, if any.
    public var signal: String? = nil
    /// Messages about the incident the notifier confirmed delivered, in file order.
    public var deliveries: [Delivery] = []
    /// Messages about the incident whose latest outcome is a failure, by message id (a later
    /// `notify.sent` of the same message takes it out): what the console warns about.
    public var failingMessages: [String: NotifyFailure] = [:]
    /// The review meeting and report recorded after the crisis (see Review).
    public var review = Review()
    /// How far the outage reaches, as last set (`incident.scope`).
    public var scope: OutageScope? = nil
    /// The tech lead's latest recovery estimate (`recovery.estimate`).
    public var recovery: RecoveryEstimate? = nil
    /// Where each event of the timeline lies in the journal, kept even when the timeline is not,
    /// so that it can be read back (see TimelinePlaces, JournalSource.timeline(of:)).
    public var places = TimelinePlaces()
    /// Whether `timeline` holds every event of the incident (a lean fold, or a console's fold of
    /// a closed incident, keeps only the places; see JournalState.openTimelinesOnly).
    public var holdsTimeline: Bool { timeline.count == eventCount }

    /// The first time the incident entered a phase, if it has.
    public func firstTime(in phase: Phase) -> Date? {
        phaseHistory.first(where: { $0.to == phase })?.at
    }

    /// The first time the incident was at a severity at least as bad as `s`.
    public func firstTime(atLeast s: Severity) -> Date? {
        severityHistory.first(where: { $0.to.isAtLeast(s) })?.at
    }

    public var isClosed: Bool { phase == .closed }

    /// Members on the incident roster in the order they joined.
    public var roster: [RosterMember] { memberOrder.compactMap { members[$0] } }

    /// Counters in the order they were first reported.
    public var orderedCounters: [Counter] { counterOrder.compactMap { counters[$0] } }
}
