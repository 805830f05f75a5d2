import Foundation

/// A journal read incrementally, whichever backend holds it: a file (`JournalFile`) or a
/// table in PostgreSQL (`DatabaseJournal`). Both feed the exact bytes of each line, in order,
/// to a `JournalReader`, so the state, the bad lines and the hash chain come out the same.
public protocol JournalSource: AnyObject {
    /// What the lines folded into so far.
    var reader: JournalReader { get }
    var state: JournalState { get }
    /// Whether the journal has been created (a file that exists, a database journal with a line).
    var exists: Bool { get }
    /// Reads what was appended since the last call, or starts again when earlier lines changed.
    @discardableResult func refresh() throws(JournalError) -> JournalFile.Update
    /// The timeline of an incident as a full fold keeps it; when the state does not hold it, read
    /// back from the journal by the places the fold recorded, costing what the incident holds.
    func timeline(of id: String) throws(JournalError) -> [TimelineEntry]
    /// From now on the fold keeps open incidents' timelines only (and the kept one's).
    func keepOpenTimelinesOnly()
    /// Keeps this incident's timeline too (the one on screen), read back now if not held.
    func keepTimeline(of id: String?) throws(JournalError)
}

/// Appends batches of events: the events are built by `make` from the journal's state as it is
/// under the journal's lock, checked as a reader would check them, chained, and written all or nothing.
public protocol JournalAppender: AnyObject {
    /// The login recorded on each line where it differs from the actor.
    var login: String { get set }
    @discardableResult
    func append(_ make: (JournalState) throws(EventError) -> [Event]) throws(JournalError) -> [Event]
}

extension JournalAppender {
    /// Appends ready-made events.
    @discardableResult
    public func append(_ events: [Event]) throws(JournalError) -> [Event] {
        try append { _ throws(EventError) in events }
    }
}

/// Says when a followed journal may have changed, through a descriptor the owner puts in its
/// one `poll(2)`: inotify for a file, the database connection's socket (LISTEN) for a database.
public protocol JournalWatcher: AnyObject {
    /// The descriptor to poll; -1 when there is none right now (then poll every `pollInterval`).
    var descriptor: Int32 { get }
    var pollInterval: TimeInterval { get }
    /// Reads what the descriptor has; true when the owner should `refresh` the source.
    @discardableResult func drain() -> Bool
    /// Re-arms the watch if it was lost (a file created after start, a lost connection).
    func ensureWatching()
}

extension JournalFile: JournalSource {}
extension JournalWriter: JournalAppender {}
extension JournalFollower: JournalWatcher {}
