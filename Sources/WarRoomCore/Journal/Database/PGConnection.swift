import CLibpq
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One libpq connection, used by one thread at a time. Statements are sent with parameters
/// kept apart from the SQL (never spliced into it); line bytes travel as binary `bytea`, so they
/// arrive exactly as they were written.
final class PGConnection {
    /// A value sent with a statement: text, or raw bytes for a `$n::bytea`.
    enum Param {
        case text(String)
        case bytes([UInt8])
        case null
    }

    /// A failed statement: what the server or libpq said, and the SQLSTATE when there is one.
    struct Failure: Error {
        var message: String
        var sqlState: String?
        /// The connection itself broke: whether a write landed is unknown.
        var connectionLost: Bool
    }

    /// Rows of a result, every column as bytes (binary results: `bigint` as 8 bytes, big-endian).
    struct Rows {
        var rows: [[[UInt8]?]]
        var count: Int { rows.count }

        func int(_ row: Int, _ col: Int) -> Int {
            guard let b = rows[row][col], b.count == 8 else { return 0 }
            return Int(Int64(bigEndian: b.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }))
        }

        func bytes(_ row: Int, _ col: Int) -> [UInt8]? { rows[row][col] }

        func text(_ row: Int, _ col: Int) -> String? { rows[row][col].map { String(decoding: $0, as: UTF8.self) } }
    }

    private var conn: OpaquePointer?

    /// Connects; throws libpq's own words on failure (they name the host and what went wrong).
    init(_ conninfo: String) throws(Failure) {
        conn = PQconnectdb(conninfo)
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let why = conn.map { PGConnection.trimmed(String(cString: PQerrorMessage($0))) } ?? tr("out of memory")
            if let c = conn { PQfinish(c) }
            self.conn = nil
            throw Failure(message: why, sqlState: nil, connectionLost: true)
        }
        // Notices (such as "relation already exists, skipping") are for people at psql, not our terminals.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
    }

    deinit {
        if let conn { PQfinish(conn) }
    }

    /// Set once a statement failed in a way that means the session is gone, even where libpq
    /// still says CONNECTION_OK: after a server's immediate shutdown the first statement gets
    /// the server's farewell as its error and the status changes only at the next one, so a
    /// writer reusing the connection failed its first append after a failover.
    private var broken = false

    var isOK: Bool { !broken && (conn.map { PQstatus($0) == CONNECTION_OK } ?? false) }

    /// Whether a statement's failure means the session is gone: libpq's own errors (no SQLSTATE),
    /// class 08 (connection exception), and the server shutting down or crashing (57P01–57P03).
    private func lost(_ sqlState: String?) -> Bool {
        guard let s = sqlState else {
            broken = true
            return true
        }
        if !isOK || s.hasPrefix("08") || s == "57P01" || s == "57P02" || s == "57P03" { broken = true }
        return broken
    }

    /// The socket to poll for notifications; -1 once broken.
    var socket: Int32 { conn.map { PQsocket($0) } ?? -1 }

    /// The database user of this session.
    var user: String { conn.flatMap { PQuser($0) }.map { String(cString: $0) } ?? "" }

    /// Runs one statement. Results come in binary, so `bytea` is the stored bytes.
    @discardableResult
    func exec(_ sql: String, _ params: [Param] = []) throws(Failure) -> Rows {
        guard let conn else { throw Failure(message: tr("not connected"), sqlState: nil, connectionLost: true) }
        let buffers: [[UInt8]?] = params.map {
            switch $0 {
            case .text(let s): return Array(s.utf8) + [0]
            case .bytes(let b): return b
            case .null: return nil
            }
        }
        let lengths: [Int32] = params.enumerated().map { k, p in
            if case .bytes = p { return Int32(buffers[k]?.count ?? 0) }
            return 0
        }
        let formats: [Int32] = params.map {
            if case .bytes = $0 { return 1 }
            return 0
        }
        let result: OpaquePointer? = PGConnection.withPointers(buffers) { pointers in
            pointers.withUnsafeBufferPointer { ptrs in
                lengths.withUnsafeBufferPointer { lens in
                    formats.withUnsafeBufferPointer { fmts in
                        PQexecParams(conn, sql, Int32(params.count), nil, ptrs.baseAddress, lens.baseAddress, fmts.baseAddress, 1)
                    }
                }
            }
        }
        guard let result else {
            broken = true
            throw Failure(message: PGConnection.trimmed(String(cString: PQerrorMessage(conn))), sqlState: nil, connectionLost: true)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        if status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK {
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = PGConnection.trimmed(String(cString: PQresultErrorMessage(result)))
            throw Failure(
                message: message.isEmpty ? tr("the server did not answer") : message, sqlState: state, connectionLost: lost(state))
        }
        var rows: [[[UInt8]?]] = []
        let n = PQntuples(result)
        let cols = PQnfields(result)
        rows.reserveCapacity(Int(n))
        for r in 0..<n {
            var row: [[UInt8]?] = []
            for c in 0..<cols {
                if PQgetisnull(result, r, c) == 1 {
                    row.append(nil)
                } else {
                    let len = Int(PQgetlength(result, r, c))
                    let p = PQgetvalue(result, r, c)
                    row.append(p.map { UnsafeRawBufferPointer(start: $0, count: len).map { $0 } } ?? [])
                }
            }
            rows.append(row)
        }
        return Rows(rows: rows)
    }

    /// Reads what the socket has and returns the payloads of the notifications received.
    /// Nil when the connection broke.
    func notifications() -> [String]? {
        guard let conn, PQconsumeInput(conn) == 1, PQstatus(conn) == CONNECTION_OK else { return nil }
        var out: [String] = []
        while let n = PQnotifies(conn) {
            out.append(String(cString: n.pointee.extra))
            PQfreemem(n)
        }
        return out
    }

    private static func withPointers<R>(_ buffers: [[UInt8]?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        // Copies kept alive for the call: libpq reads them before PQexecParams returns. A nil is SQL NULL.
        let copies: [UnsafeMutablePointer<CChar>?] = buffers.map { buffer in
            guard let b = buffer else { return nil }
            let p = UnsafeMutablePointer<CChar>.allocate(capacity: max(b.count, 1))
            b.withUnsafeBytes { raw in
                if let base = raw.baseAddress { UnsafeMutableRawPointer(p).copyMemory(from: base, byteCount: b.count) }
            }
            return p
        }
        defer { for p in copies { p?.deallocate() } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }

    private static func trimmed(_ s: String) -> String {
        s.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
