import Foundation
import WarRoomCore

/// What the journal looks like after a read, as the loop hands it to the model.
public struct JournalSnapshot {
    public var state: JournalState
    public var pendingBytes: Int
    /// The tamper-evidence chain as the reader verified it (nil when not verified).
    public var chain: ChainStatus?
    /// Why the journal was read again from the start, if it was.
    public var reloaded: String?

    public init(state: JournalState, pendingBytes: Int, chain: ChainStatus?, reloaded: String? = nil) {
        self.state = state
        self.pendingBytes = pendingBytes
        self.chain = chain
        self.reloaded = reloaded
    }
}
