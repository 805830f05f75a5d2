import Foundation

/// A follow-up action out of an incident or a drill (`action.added`, `action.done`,
/// `action.dropped`): an owner, a due date, and a status that outlives the incident.
public struct FollowUp: Sendable, Equatable, Codable {
    public enum Status: Sendable, Equatable, Codable {
        case open
        case done(at: Date, by: String, note: String?)
        case dropped(at: Date, by: String, reason: String)

        public var word: String {
            switch self {
            case .open: return "open"
            case .done: return "done"
            case .dropped: return "dropped"
            }
        }
    }

    /// Unique in the journal (`A-1`, `A-2`, …), so `warroom action done A-3` needs no incident.
    public var id: String
    public var incident: String
    public var text: String
    public var owner: String?
    public var due: Date?
    /// Where it was made: `review`, `hot-wash`, `timeline`, `cli`, or what a script said.
    public var from: String?
    public var addedAt: Date
    public var addedBy: String
    public var line: Int
    public var status: Status = .open

    public var isOpen: Bool { status == .open }

    /// Open and past its due date.
    public func isOverdue(at now: Date) -> Bool {
        guard isOpen, let due else { return false }
        return due < now
    }

    /// The next id: one more than the highest `A-n` in the journal (ids written by hand in another
    /// form do not count, and are never reused either since the state refuses a second add).
    public static func nextID(in state: JournalState) -> String {
        var highest = 0
        for id in state.followUpOrder where id.hasPrefix("A-") {
            if let n = Int(id.dropFirst(2)), n > highest { highest = n }
        }
        return "A-\(highest + 1)"
    }
}
