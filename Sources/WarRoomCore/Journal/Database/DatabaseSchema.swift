import Foundation

/// The tables a database journal lives in, by version. `warroom db init` creates them and is
/// safe to run again; a later warroom adds a migration step here, never edits an earlier one.
///
/// Each line keeps its exact bytes (`bytea`, not `jsonb`, which would reorder keys and drop
/// whitespace): `seq`, `prev` and the hash chain are then the same as in a file, and an export is
/// byte for byte the file a file journal would hold. `seq` is the line number, taken under the
/// journal's lock, so it has no gaps and commit order is `seq` order. An event id is unique per
/// journal, so a batch sent again after a lost connection is refused, not written twice.
public enum DatabaseSchema {
    public static let version = 1

    /// The channel appends notify on; the payload is the journal's name (a wake-up, never the event).
    static let channel = "warroom"

    /// Steps from version k to k + 1, in order.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE IF NOT EXISTS warroom_meta (
                key text PRIMARY KEY,
                value text NOT NULL
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS warroom_lines (
                journal text NOT NULL,
                seq bigint NOT NULL CHECK (seq >= 1),
                event_id text,
                line bytea NOT NULL,
                stored_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (journal, seq)
            )
            """,
            "CREATE UNIQUE INDEX IF NOT EXISTS warroom_lines_event_id ON warroom_lines (journal, event_id)",
        ]
    ]

    /// The advisory lock key of a journal: every appender of that journal takes it in its transaction.
    static let lockSQL = "SELECT pg_advisory_xact_lock(hashtextextended('warroom journal ' || $1, 0))"

    /// What to say of tables newer than this warroom reads.
    static func tooNew(_ address: DatabaseAddress, found: Int) -> String {
        tr(
            "{journal} holds warroom schema version {found}, newer than this warroom's {version}; upgrade warroom",
            ["journal": address.display, "found": String(found), "version": String(version)])
    }

    /// Creates or migrates the schema; returns the version found before (0: none) and the version now.
    public static func initialize(_ address: DatabaseAddress) throws(JournalError) -> (from: Int, to: Int) {
        let c = try DatabaseJournal.connect(address)
        do {
            try c.exec("BEGIN")
            // One initializer at a time, so two `db init` runs do not race on CREATE.
            try c.exec("SELECT pg_advisory_xact_lock(hashtextextended('warroom schema', 0))")
            let found = try installedVersion(c)
            if found > version {
                try c.exec("ROLLBACK")
                throw JournalError(
                    .invalid, path: address.display,
                    message: tooNew(address, found: found))
            }
            for step in migrations[found...] {
                for sql in step { try c.exec(sql) }
            }
            try c.exec(
                "INSERT INTO warroom_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = $1",
                [.text(String(version))])
            try c.exec("COMMIT")
            return (found, version)
        } catch let f as PGConnection.Failure {
            throw DatabaseJournal.error(f, address, doing: "create the warroom tables in")
        } catch let e as JournalError {
            throw e
        } catch {
            throw JournalError(.write, path: address.display, message: "\(error)")
        }
    }

    /// The schema version in the database: 0 when warroom's tables are not there.
    static func installedVersion(_ c: PGConnection) throws(PGConnection.Failure) -> Int {
        let has = try c.exec("SELECT to_regclass('warroom_meta') IS NOT NULL")
        guard has.bytes(0, 0) == [1] else { return 0 }
        let v = try c.exec("SELECT value FROM warroom_meta WHERE key = 'schema_version'")
        return v.count == 0 ? 0 : Int(v.text(0, 0) ?? "") ?? 0
    }
}
