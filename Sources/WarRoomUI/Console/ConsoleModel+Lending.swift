import Foundation
import WarRoomCore

/// The model lets go of the journal's state while the reader folds new lines into it.
///
/// The model's copy and the reader's share storage (the state is a value whose collections are
/// copied on write). Folding while the model held its copy made the reader copy every
/// collection the new lines touched, once a frame: with alerting leaving thousands of alerts
/// open, the whole signals dictionary per frame per console, a third of a room's CPU. So the
/// loop lends the state for the read (`lendState`), then hands the new one over as usual
/// (`.journalChanged`), or gives the same one back when nothing was read (`takeBackState`).
extension ConsoleModel {
    /// What `journalUpdated` compares the new state with: the facts of the old one.
    struct UpdateBasis {
        var shownID: String?
        var shownRows: Int
        var shownOpen: Bool
        var drillEnded: Bool?
    }

    /// The old state's facts, as `journalUpdated` needs them.
    var updateBasis: UpdateBasis {
        let id = incident?.id
        let rows = incident?.holdsTimeline == false && lastHeldRows?.id == id ? lastHeldRows?.count ?? 0 : timelineEntries.count
        return UpdateBasis(shownID: id, shownRows: rows, shownOpen: incident.map { !$0.isClosed } ?? false, drillEnded: shownDrillEnded)
    }

    /// Lets go of the journal's state (the live one in time travel) until `.journalChanged`
    /// brings the new one or `takeBackState` the same one. Nothing may draw in between.
    public mutating func lendState() {
        guard lentBasis == nil else { return }
        lentBasis = updateBasis
        if replay != nil { liveState = nil } else { state = JournalState() }
    }

    /// Takes the state back when the read brought nothing new.
    public mutating func takeBackState(_ same: JournalState) {
        guard lentBasis != nil else { return }
        lentBasis = nil
        if replay != nil { liveState = same } else { state = same }
    }

    /// Whether the state is lent (tests).
    public var stateIsLent: Bool { lentBasis != nil }
}
