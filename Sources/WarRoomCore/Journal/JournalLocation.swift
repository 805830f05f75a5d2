import Foundation

/// Where a journal lives, from `--journal` or `$WARROOM_JOURNAL`: a file path, or a
/// `postgresql://` / `postgres://` URI in libpq's form. The URI's `journal=NAME` query
/// parameter names the journal inside the database (default `main`) and is taken out before
/// connecting; everything else goes to libpq as it is (several hosts,
/// `target_session_attrs`, `sslmode`, service files, `~/.pgpass`, `PG*` variables).
public enum JournalLocation: Sendable, Equatable {
    case file(path: String)
    case database(DatabaseAddress)

    public init(_ text: String) {
        if let address = DatabaseAddress(text) {
            self = .database(address)
        } else {
            self = .file(path: text)
        }
    }

    public var isDatabase: Bool {
        if case .database = self { return true }
        return false
    }

    /// How to name the journal in messages (a database URI without its password).
    public var display: String {
        switch self {
        case .file(let path): return path
        case .database(let a): return a.display
        }
    }

    /// Opens the journal for reading, not yet read: call `refresh()`.
    public func source(keepsLog: Bool = false, verifiesChain: Bool = false, recordsTimelines: Bool = true) -> any JournalSource {
        switch self {
        case .file(let path):
            return JournalFile(path: path, keepsLog: keepsLog, verifiesChain: verifiesChain, recordsTimelines: recordsTimelines)
        case .database(let a):
            return DatabaseJournal(a, keepsLog: keepsLog, verifiesChain: verifiesChain, recordsTimelines: recordsTimelines)
        }
    }

    /// A writer for the journal; `recordsTimelines` only for a writer whose `make` reads
    /// timelines (the drill runner's conditions), see `JournalWriter.init`.
    public func appender(recordsTimelines: Bool = false) -> any JournalAppender {
        switch self {
        case .file(let path): return JournalWriter(path: path, recordsTimelines: recordsTimelines)
        case .database(let a): return DatabaseJournalWriter(a, recordsTimelines: recordsTimelines)
        }
    }

    /// Watches a source this location opened, for an owner that follows it.
    public func watcher(for source: any JournalSource) -> any JournalWatcher {
        if let file = source as? JournalFile { return JournalFollower(file: file) }
        if let db = source as? DatabaseJournal {
            db.listens = true
            return db
        }
        preconditionFailure("JournalLocation.watcher: a source this location did not open")
    }
}

/// A database journal's address: the libpq connection string (the URI without `journal=`)
/// and the journal's name.
public struct DatabaseAddress: Sendable, Equatable {
    public var conninfo: String
    public var journal: String
    /// The URI as given, without its password, for messages.
    public var display: String

    public static let defaultJournal = "main"

    /// Nil when `text` is not a `postgresql://` or `postgres://` URI.
    public init?(_ text: String) {
        let lower = text.lowercased()
        guard lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") else { return nil }
        var journal = DatabaseAddress.defaultJournal
        var base = text
        var kept: [Substring] = []
        if let q = text.firstIndex(of: "?") {
            base = String(text[..<q])
            for pair in text[text.index(after: q)...].split(separator: "&", omittingEmptySubsequences: true) {
                if pair.hasPrefix("journal=") {
                    let value = pair.dropFirst("journal=".count)
                    journal = String(value).removingPercentEncoding ?? String(value)
                } else {
                    kept.append(pair)
                }
            }
        }
        conninfo = kept.isEmpty ? base : base + "?" + kept.joined(separator: "&")
        self.journal = journal
        display = DatabaseAddress.hidePassword(text)
    }

    public init(conninfo: String, journal: String) {
        self.conninfo = conninfo
        self.journal = journal
        let name = journal.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? journal
        let uri = journal == DatabaseAddress.defaultJournal ? conninfo : conninfo + (conninfo.contains("?") ? "&" : "?") + "journal=" + name
        display = DatabaseAddress.hidePassword(uri)
    }

    /// `postgresql://user:secret@host/db` shown as `postgresql://user:***@host/db`: messages end up in terminals and logs.
    static func hidePassword(_ text: String) -> String {
        // A password given as a query parameter too.
        var uri = text
        if let q = uri.firstIndex(of: "?") {
            let pairs = uri[uri.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false).map {
                $0.hasPrefix("password=") ? "password=***" : String($0)
            }
            uri = String(uri[...q]) + pairs.joined(separator: "&")
        }
        guard let scheme = uri.range(of: "://") else { return uri }
        let rest = uri[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return uri }
        let userinfo = authority[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return uri }
        return String(uri[..<scheme.upperBound]) + userinfo[..<colon] + ":***" + String(rest[at...])
    }
}
