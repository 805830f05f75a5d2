import Foundation
import WarRoomCore

/// The panes of the console, in focus order.
public enum Pane: Int, CaseIterable, Sendable {
    case timeline, roster, checklist, kpis

    public var title: String {
        switch self {
        case .timeline: return "Timeline"
        case .roster: return "Roster"
        case .checklist: return "Checklist"
        case .kpis: return "KPIs"
        }
    }
}
