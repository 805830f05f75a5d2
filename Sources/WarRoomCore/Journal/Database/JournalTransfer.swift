import Crypto
import Foundation

/// Moves a room between a file and a database: an export writes the exact bytes a file journal
/// would hold (so both verify with the same chain head), an import loads a file journal into a
/// database journal.
public enum JournalTransfer {
    /// What an import did.
    public struct Imported: Sendable, Equatable {
        /// Lines that were in the database journal already (an import resumed).
        public var alreadyThere = 0
        public var imported = 0
        /// Bytes after the file's last newline: a line still being written, not imported.
        public var pendingBytes = 0
        /// The hash of the last line, as `warroom check --head` prints it.
        public var head = Chain.genesis
    }

    /// Lines per transaction: an import cut short keeps whole transactions and resumes after them.
    static let importChunk = 5_000

    /// Writes every line of a database journal, each with its newline, in `seq` order; returns the
    /// number of lines and the chain head.
    public static func export(_ address: DatabaseAddress, to write: ([UInt8]) -> Void) throws(JournalError) -> (lines: Int, head: String) {
        let c = try DatabaseJournal(address).open()
        var last = 0
        var lines = 0
        var head = Chain.genesis
        do throws(PGConnection.Failure) {
            while true {
                let rows = try c.exec(
                    "SELECT seq, line FROM warroom_lines WHERE journal = $1 AND seq > $2 ORDER BY seq LIMIT \(DatabaseJournal.chunkRows)",
                    [.text(address.journal), .text(String(last))])
                if rows.count == 0 { break }
                var out: [UInt8] = []
                for r in 0..<rows.count {
                    let line = rows.bytes(r, 1) ?? []
                    out += line
                    out.append(0x0A)
                    if r == rows.count - 1 { head = Chain.hash(line) }
                }
                write(out)
                lines += rows.count
                last = rows.int(rows.count - 1, 0)
            }
        } catch {
            throw DatabaseJournal.error(error, address, doing: "export")
        }
        return (lines, head)
    }

    /// Loads the file journal at `path` into the database journal: into an empty one, or, to resume
    /// an import cut short, into one that holds exactly the file's first lines. Any other content
    /// is refused: two journals are never mixed.
    public static func importFile(_ path: String, into address: DatabaseAddress) throws(JournalError) -> Imported {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw JournalError(
                .open, path: path,
                message: tr("{cannot}: {reason}", ["cannot": JournalError.cannot("read", path), "reason": error.localizedDescription]))
        }
        var lines: [[UInt8]] = []
        var start = 0
        let bytes = [UInt8](data)
        for (i, b) in bytes.enumerated() where b == 0x0A {
            lines.append(Array(bytes[start..<i]))
            start = i + 1
        }
        var result = Imported()
        result.pendingBytes = bytes.count - start
        // An event id goes in the unique column the first time it appears; a file may repeat one
        // (readers do not check), and a repeat is kept as a line like any other.
        var seen = Set<String>()
        let ids: [String?] = lines.map { raw in
            var line = raw
            if line.last == 0x0D { line.removeLast() }
            guard case .success(let e) = LineDecoder.decode(line), let id = e.id, !seen.contains(id) else { return nil }
            seen.insert(id)
            return id
        }
        let c = try DatabaseJournal(address).open()
        var expected: Int?
        do {
            while true {
                try c.exec("BEGIN")
                try c.exec(DatabaseSchema.lockSQL, [.text(address.journal)])
                let head = try c.exec(
                    "SELECT coalesce(max(seq), 0), count(*) FROM warroom_lines WHERE journal = $1", [.text(address.journal)])
                let have = head.int(0, 0)
                if let expected, have != expected {
                    try c.exec("ROLLBACK")
                    throw Refusal(
                        tr(
                            "{journal} was written to during the import ({have} lines, {expected} expected); {imported} lines were imported, the rest were not: import into an empty journal that nobody writes to",
                            [
                                "journal": address.display, "have": String(have), "expected": String(expected),
                                "imported": String(result.imported),
                            ]))
                }
                if expected == nil {
                    var matches = have == head.int(0, 1) && have <= lines.count
                    if matches { matches = try samePrefix(c, address, lines[0..<have]) }
                    if !matches {
                        try c.exec("ROLLBACK")
                        throw Refusal(
                            tr(
                                "{journal} already holds {have} lines that are not the beginning of {path}; import only into an empty journal (or the same file again, to finish an import cut short)",
                                ["journal": address.display, "have": String(have), "path": path]))
                    }
                    result.alreadyThere = have
                }
                let end = min(lines.count, have + importChunk)
                if have < end {
                    try DatabaseJournalWriter.insert(
                        c, journal: address.journal, from: have + 1, lines: Array(lines[have..<end]), ids: Array(ids[have..<end]))
                    try c.exec("SELECT pg_notify('\(DatabaseSchema.channel)', $1)", [.text(address.journal)])
                }
                try c.exec("COMMIT")
                result.imported += end - have
                expected = end
                if end == lines.count { break }
            }
        } catch let f as Refusal {
            throw JournalError(.invalid, path: address.display, message: f.message)
        } catch let f as PGConnection.Failure {
            throw JournalError(
                .write, path: address.display,
                message: tr(
                    "{error}; {imported} lines were imported in whole transactions: run the same import again to finish it",
                    ["error": DatabaseJournal.error(f, address, doing: "import into").message, "imported": String(result.imported)])
            )
        } catch {
            throw JournalError(.write, path: address.display, message: "\(error)")
        }
        result.head = lines.last.map { Chain.hash($0) } ?? Chain.genesis
        return result
    }

    private struct Refusal: Error {
        var message: String
        init(_ m: String) { message = m }
    }

    /// Whether the journal's lines are exactly `lines`, compared by one hash computed in the database.
    private static func samePrefix(_ c: PGConnection, _ address: DatabaseAddress, _ lines: ArraySlice<[UInt8]>) throws(PGConnection.Failure)
        -> Bool
    {
        if lines.isEmpty { return true }
        let rows = try c.exec(
            "SELECT sha256(string_agg(line, '\\x0a'::bytea ORDER BY seq)) FROM warroom_lines WHERE journal = $1", [.text(address.journal)])
        var h = SHA256()
        for (k, line) in lines.enumerated() {
            if k > 0 { h.update(data: [0x0A]) }
            h.update(data: line)
        }
        return rows.bytes(0, 0) == Array(h.finalize())
    }
}
