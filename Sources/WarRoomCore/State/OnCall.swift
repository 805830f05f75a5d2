import Foundation

extension Presence {
    /// Whether someone in this presence can be reached now: `away` and `offline` cannot.
    public var isReachable: Bool { self == .available || self == .engaged }
}

/// One person of the standing (on-call) roster, as the roster pane, `status` and the review show them.
public struct OnCallEntry: Sendable, Equatable {
    public var member: RosterMember
    public var presence: Presence
    public var lastAction: Date?

    public var isReachable: Bool { presence.isReachable }
}

extension JournalState {
    /// The standing roster with presence: the reachable first, each group in the order they joined.
    public var onCall: [OnCallEntry] {
        let all = standingRoster.map { OnCallEntry(member: $0, presence: presence(of: $0.id), lastAction: lastAction(of: $0.id)) }
        return all.filter(\.isReachable) + all.filter { !$0.isReachable }
    }
}
