import Foundation
import WarRoomCore

public enum ConsoleCommand: Equatable, Sendable {
    /// Build a replay index from the journal and hand it to `startReplay`.
    case enterReplay
    case append(EventDraft)
    /// Several events appended together under one lock (an inject's marker and its event).
    case appendAll([EventDraft])
    case repaint
    case quit
}
