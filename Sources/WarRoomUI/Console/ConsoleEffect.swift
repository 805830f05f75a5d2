import Foundation
import WarRoomCore

/// What `ConsoleModel.update` asks the loop to do: the I/O the model itself
/// never does. The outcome comes back as a `ConsoleEvent`.
public enum ConsoleEffect: Equatable {
    /// Append these events together under one lock; answer with `.appendFinished`.
    case append([EventDraft])
    /// Find these drills' scenarios on disk; answer with `.scenariosLoaded`.
    case loadScenarios([DrillRun])
    /// Build a replay index from the journal; answer with `.replayReady`.
    case enterReplay
    /// Read the journal now (a write of ours landed); answer with `.journalChanged`.
    case readJournal
    /// A write of ours landed: a console opened before the journal existed may now say it is here.
    case registerPresence
    /// Forget what the terminal shows and draw it all.
    case repaint
    /// End the console with this exit status.
    case quit(status: Int32)
    /// Have the journal's fold keep this incident's timeline (read back, since the console's fold
    /// keeps open incidents' timelines only), or none beyond the open ones; answer with `.journalChanged`.
    case keepTimeline(String?)
}
