import Crypto
import Foundation

/// A journal in PostgreSQL, read incrementally: each refresh reads the lines after the last
/// `seq` seen and feeds their exact bytes to a `JournalReader`, as `JournalFile` feeds a file's,
/// so the state, bad lines and chain are the same as the file's would be.
///
/// Followed, it LISTENs for the wake-ups appenders send at commit; its socket goes in the
/// owner's `poll(2)`. Notifications have no replay, so after a reconnect it LISTENs first and
/// then reads everything after the last `seq` seen: nothing committed in between is missed.
public final class DatabaseJournal: JournalSource, JournalWatcher {
    public let address: DatabaseAddress
    public private(set) var reader: JournalReader
    public private(set) var exists = false
    public var state: JournalState { reader.state }
    public let pollInterval: TimeInterval = 1
    /// Set when a watcher follows it: the connection LISTENs.
    var listens = false {
        didSet { if listens && !oldValue { connection = nil } }
    }
    /// How often at most a follower asks the database to hash every line it already read, to
    /// notice a row edited by hand before the last one (as a file follower notices an edit in place).
    public var prefixCheckInterval: TimeInterval = 10
    private var nextPrefixCheck = Date.distantPast
    /// A running hash of the bytes fed to the reader (each line and its newline), while followed.
    private var fedHash = SHA256()
    private let keepsLog: Bool
    private let verifiesChain: Bool
    private let recordsTimelines: Bool
    private var connection: PGConnection?
    private var wasConnected = false
    /// The exact bytes of the last line read: compared with the database on every refresh (a
    /// changed or removed last line means rows were edited), and hashed for the next `prev`.
    public private(set) var lastLine: [UInt8] = []
    /// The `seq` of the last line read (the line count, unless rows were deleted by hand).
    public private(set) var lastSeq = 0
    /// Where `seq` stops being the line number (rows deleted by hand): from `seqShiftLines[k]` on,
    /// a line's `seq` is its number plus `seqShifts[k]`. Empty for a journal without gaps.
    private var seqShiftLines: [Int] = []
    private var seqShifts: [Int] = []
    /// Keep open incidents' timelines only, and `keptIncident`'s (see `keepOpenTimelinesOnly`).
    public private(set) var openTimelinesOnly = false
    public private(set) var keptIncident: String?
    /// Rows read per query, so a cold load of a big journal does not hold two copies of it at once.
    static let chunkRows = 20_000

    public init(_ address: DatabaseAddress, keepsLog: Bool = false, verifiesChain: Bool = false, recordsTimelines: Bool = true) {
        self.address = address
        self.keepsLog = keepsLog
        self.verifiesChain = verifiesChain
        self.recordsTimelines = recordsTimelines
        reader = JournalReader(keepsLog: keepsLog, verifiesChain: verifiesChain, recordsTimelines: recordsTimelines)
    }

    /// Opens and reads a whole database journal once.
    public static func load(_ address: DatabaseAddress) throws(JournalError) -> DatabaseJournal {
        let j = DatabaseJournal(address)
        try j.refresh()
        return j
    }

    /// Connects and checks that warroom's tables are there, in a version this warroom reads.
    static func connect(_ address: DatabaseAddress) throws(JournalError) -> PGConnection {
        do {
            return try PGConnection(withConnectTimeout(address.conninfo))
        } catch {
            throw JournalError(
                .open, path: address.display,
                message: tr(
                    "cannot connect to {journal}: {reason}; check the URI, that the server is running, and your password (~/.pgpass or PGPASSWORD)",
                    ["journal": address.display, "reason": error.message])
            )
        }
    }

    /// libpq waits for ever on a host that drops packets, and the console's loop would freeze
    /// with it: without a timeout of the operator's (in the URI or PGCONNECT_TIMEOUT), 10 s.
    static func withConnectTimeout(_ conninfo: String) -> String {
        if conninfo.contains("connect_timeout=") || ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] != nil { return conninfo }
        return conninfo + (conninfo.contains("?") ? "&" : "?") + "connect_timeout=10"
    }

    /// The connection, made (and LISTENing, when followed) if there is none.
    func open() throws(JournalError) -> PGConnection {
        if let c = connection, c.isOK { return c }
        connection = nil
        let c: PGConnection
        do {
            c = try DatabaseJournal.connect(address)
        } catch {
            // A follower that was connected says it is trying again, with the reason, and keeps what it showed.
            guard wasConnected else { throw error }
            throw JournalError(error.kind, path: address.display, message: tr("reconnecting: {reason}", ["reason": error.message]))
        }
        do {
            let v = try DatabaseSchema.installedVersion(c)
            if v == 0 {
                throw JournalError(.open, path: address.display, message: DatabaseJournal.noTables(address))
            }
            if v > DatabaseSchema.version {
                throw JournalError(
                    .open, path: address.display,
                    message: DatabaseSchema.tooNew(address, found: v))
            }
            if listens { try c.exec("LISTEN \(DatabaseSchema.channel)") }
        } catch let f as PGConnection.Failure {
            throw DatabaseJournal.error(f, address, doing: "read")
        } catch let e as JournalError {
            throw e
        } catch {
            throw JournalError(.read, path: address.display, message: "\(error)")
        }
        connection = c
        wasConnected = true
        return c
    }

    /// Forgets the connection (it broke): the next refresh reconnects and catches up.
    func dropConnection() {
        connection = nil
    }

    @discardableResult
    public func refresh() throws(JournalError) -> JournalFile.Update {
        let c = try open()
        do {
            if listens && lastSeq > 0 && Date() >= nextPrefixCheck {
                nextPrefixCheck = Date().addingTimeInterval(prefixCheckInterval)
                if try !readSoFarUnchanged(c) {
                    reset()
                    _ = try read(c)
                    return .reloaded(tr("the journal was edited in the database before the read position (lines already read changed)"))
                }
            }
            return try read(c)
        } catch {
            if error.connectionLost { connection = nil }
            throw DatabaseJournal.error(error, address, doing: "read")
        }
    }

    /// Reads the lines after the last one seen (and that one again, to notice edits).
    func read(_ c: PGConnection) throws(PGConnection.Failure) -> JournalFile.Update {
        var reloadReason: String?
        var from = lastSeq
        var first = true
        var changed = false
        while true {
            let rows = try c.exec(
                "SELECT seq, line FROM warroom_lines WHERE journal = $1 AND seq >= $2 ORDER BY seq LIMIT \(DatabaseJournal.chunkRows)",
                [.text(address.journal), .text(String(max(from, 1)))])
            var start = 0
            if first && from > 0 {
                first = false
                if rows.count == 0 || rows.int(0, 0) != from || rows.bytes(0, 1) != lastLine {
                    // A line already read was changed or removed: read it all again, as a file follower does.
                    reloadReason =
                        rows.count == 0 || rows.int(0, 0) != from
                        ? tr("lines already read were removed from the database") : tr("a line already read was changed in the database")
                    reset()
                    from = 0
                    continue
                }
                start = 1
            }
            first = false
            if rows.count <= start {
                break
            }
            var bytes: [UInt8] = []
            let linesBefore = reader.lineCount
            for r in start..<rows.count {
                noteSeq(rows.int(r, 0), ofLine: linesBefore + r - start + 1)
                let line = rows.bytes(r, 1) ?? []
                bytes += line
                bytes.append(0x0A)
                if r == rows.count - 1 { lastLine = line }
            }
            reader.feed(bytes)
            if listens { fedHash.update(data: bytes) }
            exists = true
            changed = true
            lastSeq = rows.int(rows.count - 1, 0)
            // The next query asks for the last row read again (>=): go on only when the chunk was full.
            if rows.count < DatabaseJournal.chunkRows { break }
            first = true
            from = lastSeq
        }
        if let reloadReason { return .reloaded(reloadReason) }
        return changed ? .appended : .unchanged
    }

    private func reset() {
        reader = JournalReader(keepsLog: keepsLog, verifiesChain: verifiesChain, recordsTimelines: recordsTimelines)
        lastLine = []
        lastSeq = 0
        fedHash = SHA256()
        exists = false
        seqShiftLines = []
        seqShifts = []
        if openTimelinesOnly {
            reader.keepOpenTimelinesOnly()
            reader.keepTimeline(of: keptIncident, entries: nil)
        }
    }

    /// Whether the lines up to the last one read are still the bytes that were read, by one hash
    /// the database computes.
    private func readSoFarUnchanged(_ c: PGConnection) throws(PGConnection.Failure) -> Bool {
        let rows = try c.exec(
            "SELECT sha256(string_agg(line || '\\x0a'::bytea, ''::bytea ORDER BY seq)) FROM warroom_lines WHERE journal = $1 AND seq <= $2",
            [.text(address.journal), .text(String(lastSeq))])
        return rows.bytes(0, 0) == Array(fedHash.finalize())
    }

    // MARK: Timelines on demand

    private func noteSeq(_ seq: Int, ofLine line: Int) {
        if seq - line != (seqShifts.last ?? 0) {
            seqShiftLines.append(line)
            seqShifts.append(seq - line)
        }
    }

    /// The row of a line read.
    func seq(ofLine line: Int) -> Int {
        var lo = 0
        var hi = seqShiftLines.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if seqShiftLines[mid] <= line { lo = mid + 1 } else { hi = mid }
        }
        return line + (lo == 0 ? 0 : seqShifts[lo - 1])
    }

    /// As JournalFile's: the fold keeps open incidents' timelines only, and the kept one's.
    public func keepOpenTimelinesOnly() {
        openTimelinesOnly = true
        reader.keepOpenTimelinesOnly()
    }

    /// As JournalFile's: keeps `id`'s timeline too, read back now if the state does not hold it.
    public func keepTimeline(of id: String?) throws(JournalError) {
        var entries: [TimelineEntry]?
        if let id, let inc = state.incidents[id], !inc.holdsTimeline { entries = try timeline(of: id) }
        keptIncident = id
        reader.keepTimeline(of: id, entries: entries)
    }

    /// Rows asked for per read-back query.
    static let readBackRows = 5_000

    /// The timeline of incident `id` as a full fold keeps it: when the state does not hold it, only
    /// that incident's rows are read back (by `seq`) and decoded.
    public func timeline(of id: String) throws(JournalError) -> [TimelineEntry] {
        guard let inc = state.incidents[id] else { return [] }
        if inc.holdsTimeline { return inc.timeline }
        let places = inc.places
        var rows: [Int: [UInt8]] = [:]
        var asked = 0
        let c = try open()
        return try TimelineReadBack.entries(of: id, places: places, journal: address.display) { k throws(JournalError) -> [UInt8] in
            if k >= asked {
                let upTo = min(places.count, k + DatabaseJournal.readBackRows)
                let seqs = places.lines[k..<upTo].map { String(seq(ofLine: $0)) }.joined(separator: ",")
                rows.removeAll(keepingCapacity: true)
                do throws(PGConnection.Failure) {
                    let got = try c.exec(
                        "SELECT seq, line FROM warroom_lines WHERE journal = $1 AND seq = ANY($2::bigint[])",
                        [.text(address.journal), .text("{\(seqs)}")])
                    for r in 0..<got.count { rows[got.int(r, 0)] = got.bytes(r, 1) ?? [] }
                } catch {
                    if error.connectionLost { connection = nil }
                    throw DatabaseJournal.error(error, address, doing: "read")
                }
                asked = upTo
            }
            guard let bytes = rows[seq(ofLine: places.lines[k])] else {
                throw TimelineReadBack.changed(address.display, line: places.lines[k])
            }
            return bytes
        }
    }

    // MARK: JournalWatcher

    public var descriptor: Int32 { listens ? connection?.socket ?? -1 : -1 }

    public func drain() -> Bool {
        guard let c = connection else { return true }
        guard let payloads = c.notifications() else {
            // The connection broke: refresh reconnects, LISTENs again and catches up.
            connection = nil
            return true
        }
        return payloads.contains(address.journal)
    }

    public func ensureWatching() {
        if connection == nil { _ = try? open() }
    }

    /// What to say of a database without warroom's tables.
    static func noTables(_ address: DatabaseAddress) -> String {
        tr("{journal} has no warroom tables; create them with `warroom db init --journal {journal}`", ["journal": address.display])
    }

    /// "cannot read JOURNAL" as one phrase per verb, so that each language can word it.
    static func cannot(_ what: String, _ address: DatabaseAddress) -> String {
        let journal = address.display
        switch what {
        case "export": return tr("cannot export {path}", ["path": journal])
        case "import into": return tr("cannot import into {path}", ["path": journal])
        case "create the warroom tables in": return tr("cannot create the warroom tables in {path}", ["path": journal])
        default: return JournalError.cannot(what, journal)
        }
    }

    /// A failure said with the journal's name and what to do.
    static func error(_ f: PGConnection.Failure, _ address: DatabaseAddress, doing what: String) -> JournalError {
        if f.sqlState == "42P01" {
            return JournalError(.open, path: address.display, message: noTables(address))
        }
        if f.sqlState == "42501" {
            return JournalError(
                .write, path: address.display,
                message: tr(
                    "{cannot}: {reason}; ask the database's owner to grant your role access",
                    ["cannot": cannot(what, address), "reason": f.message]))
        }
        if f.connectionLost {
            return JournalError(
                .read, path: address.display,
                message: tr(
                    "lost the connection to {journal} ({reason}); reconnecting on the next try",
                    ["journal": address.display, "reason": f.message]
                ))
        }
        return JournalError(
            .read, path: address.display, message: tr("{cannot}: {reason}", ["cannot": cannot(what, address), "reason": f.message]))
    }
}

extension DatabaseJournal {
    /// Why this database role may not append here (a read-only role gets a read-only console,
    /// as a read-only file does); nil when it may, or when that cannot be told now.
    public static func readOnlyReason(_ address: DatabaseAddress) -> String? {
        guard let c = try? connect(address),
            let rows = try? c.exec("SELECT has_table_privilege('warroom_lines', 'INSERT')"), rows.count == 1
        else { return nil }
        return rows.bytes(0, 0) == [1]
            ? nil
            : tr(
                "your database role {role} may read {journal} but not append to it (ask for INSERT on warroom_lines)",
                ["role": c.user, "journal": address.display])
    }
}
