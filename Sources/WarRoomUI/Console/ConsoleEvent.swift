import Foundation
import WarRoomCore

/// Everything that happens to the console, as a message to `ConsoleModel.update`:
/// the loop turns keys, the journal follower, finished appends, the terminal's
/// size, the clock and signals into these, and nothing else changes the model.
public enum ConsoleEvent {
    /// The console opened: who it acts as, whether it may write, and what to tell at once.
    case opened(ConsoleOpening)
    case key(Key)
    /// The journal was read and changed (or was read for the first time).
    case journalChanged(JournalSnapshot)
    /// The journal was read and nothing changed: a read fault, if there was one, no longer holds.
    case journalUnchanged
    /// The journal could not be read; the console shows what it had.
    case journalFault(String)
    /// An append the model asked for finished: nil, or why it was refused.
    case appendFinished(error: String?)
    /// A write of the loop's own (this console's presence) was refused.
    case notice(ConsoleMessage)
    /// The terminal's size, so the layout is known before the next frame.
    case resized(width: Int, height: Int)
    /// The clock moved on (the loop's timeout).
    case tick
    /// SIGHUP, SIGTERM or SIGINT arrived.
    case signal(Int32)
    /// Scenarios found on disk for the drills in the journal (asked for by `.loadScenarios`).
    case scenariosLoaded([String: Scenario])
    /// The replay index the model asked for with `.enterReplay`.
    case replayReady(ReplayIndex)
}
