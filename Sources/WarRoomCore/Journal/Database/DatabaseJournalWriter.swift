import Foundation

/// Appends to a journal in PostgreSQL, the database's way of following the writing protocol of
/// docs/journal-format.md: one transaction takes the journal's advisory lock, reads the lines
/// appended meanwhile, builds and checks the events against that state, chains them (`seq`,
/// `prev`), inserts them, sends a wake-up (`NOTIFY`, the journal's name only) and commits.
/// All of a batch or none of it, and commit order is `seq` order.
///
/// A connection lost during the commit leaves the outcome unknown: the writer reconnects and
/// looks for the batch's first event id. Found, the batch landed; not found, it is tried once
/// more. Event ids are unique per journal, so a batch can never land twice.
public final class DatabaseJournalWriter: JournalAppender {
    public let address: DatabaseAddress
    /// The login recorded on each line where it differs from the actor: the database session's
    /// user (the role the server authenticated, the same whichever host the writer runs on),
    /// unless a login was set here. Before the first connection, the OS login.
    public var login: String {
        get { fixedLogin ?? sessionUser ?? Identity.loginName() }
        set { fixedLogin = newValue }
    }
    private var fixedLogin: String?
    private var sessionUser: String?
    /// How long to wait for another writer's transaction before saying the journal is busy.
    public var lockTimeoutSeconds = 60
    /// Where tests cut the connection just before the commit, or lose the commit's answer just
    /// after it (returning true), without a network to break. Nil in use.
    var faultBeforeCommit: ((PGConnection) -> Void)?
    var answerLostAfterCommit: ((PGConnection) -> Bool)?
    private let view: DatabaseJournal

    /// - Parameter recordsTimelines: as for `JournalWriter`: only the drill runner needs them.
    public init(_ address: DatabaseAddress, recordsTimelines: Bool = false) {
        self.address = address
        view = DatabaseJournal(address, recordsTimelines: recordsTimelines)
    }

    /// The state as of the last append by this writer.
    public var state: JournalState { view.state }

    @discardableResult
    public func append(_ make: (JournalState) throws(EventError) -> [Event]) throws(JournalError) -> [Event] {
        var attempt = 0
        while true {
            attempt += 1
            switch appendOnce(make) {
            case .written(let events):
                return events
            case .refused(let error):
                throw error
            case .unconfirmed(let batch, let reason):
                if let written = confirm(batch) { return written }
                if attempt >= 2 {
                    throw JournalError(
                        .write, path: address.display,
                        message: tr(
                            "lost the connection to {journal} while appending ({reason}), and it is not back: nothing was confirmed; try again (a retry never writes an event twice)",
                            ["journal": address.display, "reason": reason])
                    )
                }
            }
        }
    }

    private enum Outcome {
        case written([Event])
        case refused(JournalError)
        /// The connection broke during the commit: the batch may or may not be in.
        case unconfirmed([Event], String)
    }

    /// Whether a batch whose commit was not confirmed is in the journal (nil: not in, try again).
    private func confirm(_ batch: [Event]) -> [Event]? {
        view.dropConnection()
        guard let id = batch.first(where: { $0.id != nil })?.id, let c = try? view.open() else { return nil }
        guard
            let rows = try? c.exec(
                "SELECT 1 FROM warroom_lines WHERE journal = $1 AND event_id = $2", [.text(address.journal), .text(id)])
        else { return nil }
        return rows.count > 0 ? batch : nil
    }

    private func appendOnce(_ make: (JournalState) throws(EventError) -> [Event]) -> Outcome {
        // Catch up before the transaction, so the lock is held only for the lines appended meanwhile.
        _ = try? view.refresh()
        let c: PGConnection
        do {
            c = try view.open()
        } catch {
            return .refused(error)
        }
        if sessionUser == nil, !c.user.isEmpty { sessionUser = c.user }
        var batch: [Event] = []
        var refusal: JournalError?
        do throws(PGConnection.Failure) {
            try c.exec("BEGIN")
            try c.exec("SET LOCAL lock_timeout = '\(lockTimeoutSeconds)s'")
            try c.exec(DatabaseSchema.lockSQL, [.text(address.journal)])
            _ = try view.read(c)
            var lines: [[UInt8]] = []
            do {
                let events = try make(view.state)
                (batch, lines) = try JournalBatch.build(
                    events, on: view.state, seq: view.lastSeq + 1,
                    prev: view.lastSeq == 0 ? Chain.genesis : Chain.hash(view.lastLine), login: login, journal: address.display)
            } catch let e as EventError {
                refusal = JournalError(.invalid, path: address.display, message: e.reason)
            } catch let e as JournalError {
                refusal = e
            } catch {
                refusal = JournalError(.invalid, path: address.display, message: "\(error)")
            }
            if refusal != nil || batch.isEmpty {
                try c.exec("ROLLBACK")
                return refusal.map { .refused($0) } ?? .written([])
            }
            try DatabaseJournalWriter.insert(c, journal: address.journal, from: view.lastSeq + 1, lines: lines, ids: batch.map(\.id))
            try c.exec("SELECT pg_notify('\(DatabaseSchema.channel)', $1)", [.text(address.journal)])
        } catch {
            return .refused(abandon(c, error))
        }
        faultBeforeCommit?(c)
        do throws(PGConnection.Failure) {
            try c.exec("COMMIT")
        } catch {
            if error.connectionLost { return .unconfirmed(batch, error.message) }
            return .refused(DatabaseJournal.error(error, address, doing: "append to"))
        }
        if let lost = answerLostAfterCommit, lost(c) { return .unconfirmed(batch, tr("the commit's answer was lost")) }
        return .written(batch)
    }

    /// Rolls back a transaction that failed before its commit (nothing landed) and says why.
    private func abandon(_ c: PGConnection, _ f: PGConnection.Failure) -> JournalError {
        if f.connectionLost {
            view.dropConnection()
            return DatabaseJournal.error(f, address, doing: "append to")
        }
        _ = try? c.exec("ROLLBACK")
        if f.sqlState == "23505" {
            return JournalError(
                .invalid, path: address.display,
                message: tr(
                    "an event of this batch is already in {journal} (same event id): it was written before; nothing was written now",
                    ["journal": address.display])
            )
        }
        if f.sqlState == "55P03" {
            return JournalError(
                .lockTimeout, path: address.display,
                message: tr(
                    "cannot append to {journal}: another writer held the journal for over {seconds} s; nothing was written, try again",
                    ["journal": address.display, "seconds": String(lockTimeoutSeconds)])
            )
        }
        return DatabaseJournal.error(f, address, doing: "append to")
    }

    /// Inserts lines `from`, `from + 1`, … in statements of many rows each.
    static func insert(_ c: PGConnection, journal: String, from: Int, lines: [[UInt8]], ids: [String?]) throws(PGConnection.Failure) {
        let perStatement = 1000
        var k = 0
        while k < lines.count {
            let end = min(lines.count, k + perStatement)
            var values: [String] = []
            var params: [PGConnection.Param] = [.text(journal)]
            for i in k..<end {
                let n = params.count
                values.append("($1, $\(n + 1)::bigint, $\(n + 2)::text, $\(n + 3)::bytea)")
                params.append(.text(String(from + i)))
                params.append(ids[i].map { .text($0) } ?? .null)
                params.append(.bytes(lines[i]))
            }
            try c.exec("INSERT INTO warroom_lines (journal, seq, event_id, line) VALUES " + values.joined(separator: ", "), params)
            k = end
        }
    }
}
