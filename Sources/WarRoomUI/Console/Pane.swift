import Foundation
import WarRoomCore

/// The panes of the console, in focus order.
public enum Pane: Int, CaseIterable, Sendable {
    case timeline, roster, checklist, kpis

    /// The pane's title in the interface language (its box draws it).
    public var title: String {
        switch self {
        case .timeline: return tr("Timeline")
        case .roster: return tr("Roster")
        case .checklist: return tr("Checklist")
        case .kpis: return tr("KPIs")
        }
    }
}
