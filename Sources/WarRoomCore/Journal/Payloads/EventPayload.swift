import Foundation

/// A known event's data, decoded once into the members its type defines (docs/journal-format.md).
///
/// Readers switch on it instead of looking members up by name: a member's name is written
/// once, here, and a reader cannot misspell one. The members keep the leniency of the look-ups
/// they replace: each is nil when absent or of another JSON type, whatever the schema says, so
/// an event built in code without validation folds as it did. Members this version does not know
/// stay in `Event.data` (writers, export and the raw view read them there).
public enum EventPayload: Sendable, Equatable {
    case incidentDeclared(IncidentDeclared)
    case incidentSeverity(IncidentSeverity)
    case incidentPhase(IncidentPhase)
    case incidentPlaybook(IncidentPlaybook)
    case incidentScope(IncidentScope)
    case note(Note)
    case roleAssigned(RoleAssigned)
    case roleReleased(RoleReleased)
    case memberJoined(MemberJoined)
    case memberStatus(MemberStatus)
    case memberLeft(MemberLeft)
    case checklistAdded(ChecklistAdded)
    case checklistDone(ChecklistTick)
    case checklistUndone(ChecklistTick)
    case counterSet(CounterSet)
    case commsPublished(CommsPublished)
    case commsDrafted(CommsDrafted)
    case commsApproved(CommsApproved)
    case commsRejected(CommsRejected)
    case drillStarted(DrillStarted)
    case drillPaused(DrillPaused)
    case drillResumed
    case drillInject(DrillInject)
    case drillEnded(DrillEnded)
    case drillObserved(DrillObserved)
    case drillHotWash(DrillHotWash)
    case signalFired(SignalFired)
    case signalResolved(SignalResolved)
    case notifyClaimed(NotifyClaimed)
    case notifySent(NotifySent)
    case notifyFailed(NotifyFailed)
    case actionAdded(ActionAdded)
    case actionDone(ActionDone)
    case actionDropped(ActionDropped)
    case reviewHeld(ReviewHeld)
    case reviewReported(ReviewReported)
    case recoveryEstimate(RecoveryEstimate)
    /// A type this version does not know (see `Event.kind`).
    case unknown

    /// The payload of an event of this kind with this data.
    public init(_ kind: EventType?, _ data: JSONObject) {
        guard let kind else {
            self = .unknown
            return
        }
        switch kind {
        case .incidentDeclared: self = .incidentDeclared(IncidentDeclared(data))
        case .incidentSeverity: self = .incidentSeverity(IncidentSeverity(data))
        case .incidentPhase: self = .incidentPhase(IncidentPhase(data))
        case .incidentPlaybook: self = .incidentPlaybook(IncidentPlaybook(data))
        case .incidentScope: self = .incidentScope(IncidentScope(data))
        case .note: self = .note(Note(data))
        case .roleAssigned: self = .roleAssigned(RoleAssigned(data))
        case .roleReleased: self = .roleReleased(RoleReleased(data))
        case .memberJoined: self = .memberJoined(MemberJoined(data))
        case .memberStatus: self = .memberStatus(MemberStatus(data))
        case .memberLeft: self = .memberLeft(MemberLeft(data))
        case .checklistAdded: self = .checklistAdded(ChecklistAdded(data))
        case .checklistDone: self = .checklistDone(ChecklistTick(data))
        case .checklistUndone: self = .checklistUndone(ChecklistTick(data))
        case .counterSet: self = .counterSet(CounterSet(data))
        case .commsPublished: self = .commsPublished(CommsPublished(data))
        case .commsDrafted: self = .commsDrafted(CommsDrafted(data))
        case .commsApproved: self = .commsApproved(CommsApproved(data))
        case .commsRejected: self = .commsRejected(CommsRejected(data))
        case .drillStarted: self = .drillStarted(DrillStarted(data))
        case .drillPaused: self = .drillPaused(DrillPaused(data))
        case .drillResumed: self = .drillResumed
        case .drillInject: self = .drillInject(DrillInject(data))
        case .drillEnded: self = .drillEnded(DrillEnded(data))
        case .drillObserved: self = .drillObserved(DrillObserved(data))
        case .drillHotWash: self = .drillHotWash(DrillHotWash(data))
        case .signalFired: self = .signalFired(SignalFired(data))
        case .signalResolved: self = .signalResolved(SignalResolved(data))
        case .notifyClaimed: self = .notifyClaimed(NotifyClaimed(data))
        case .notifySent: self = .notifySent(NotifySent(data))
        case .notifyFailed: self = .notifyFailed(NotifyFailed(data))
        case .actionAdded: self = .actionAdded(ActionAdded(data))
        case .actionDone: self = .actionDone(ActionDone(data))
        case .actionDropped: self = .actionDropped(ActionDropped(data))
        case .reviewHeld: self = .reviewHeld(ReviewHeld(data))
        case .reviewReported: self = .reviewReported(ReviewReported(data))
        case .recoveryEstimate: self = .recoveryEstimate(RecoveryEstimate(data))
        }
    }
}

extension Event {
    /// The data as its type's payload, decoded on each call: take it once per event.
    public var payload: EventPayload { EventPayload(kind, data) }

    /// Whether this is a drill inject's own event (any type, `data.drill_inject` set by the runner):
    /// the drill's "outside world", on the timeline but not the team's own record.
    public var isDrillInject: Bool { data["drill_inject"] != nil }
}
