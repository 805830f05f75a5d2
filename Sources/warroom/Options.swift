import ArgumentParser
import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// Options every command accepts.
struct JournalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            tr("The journal file (else $WARROOM_JOURNAL, else ./warroom.jsonl)."), valueName: "path"))
    var journal: String?

    @Option(
        name: .customLong("as"),
        help: ArgumentHelp(tr("Act under this name; your login is recorded beside it."), valueName: "name"))
    var actAs: String?

    /// Options for a command that runs another (the demo's console, the drill runner).
    ///
    /// Built through the parser, never with `JournalOptions()`: an option group made
    /// by hand has no parsed values, and reading one traps ("Can't read a value from
    /// a parsable argument definition") at the first write, in the middle of the console.
    static func make(journal: String? = nil, actAs: String? = nil) throws -> JournalOptions {
        var arguments: [String] = []
        if let journal { arguments += ["--journal", journal] }
        if let actAs { arguments += ["--as", actAs] }
        return try JournalOptions.parse(arguments)
    }

    /// The journal path by the documented rule.
    var path: String {
        if let journal, !journal.isEmpty { return journal }
        if let env = ProcessInfo.processInfo.environment["WARROOM_JOURNAL"], !env.isEmpty { return env }
        return "warroom.jsonl"
    }

    /// The journal as messages and documents name it: a database URI without its password.
    var shown: String { location.display }

    /// A file or a database journal (a `postgresql://` URI), by the same rule.
    var location: JournalLocation { JournalLocation(path) }

    var login: String { Identity.loginName() }

    /// Who acts: `--as NAME`, else the login name.
    var actor: String {
        if let a = actAs?.trimmingCharacters(in: .whitespaces), !a.isEmpty { return a }
        return login
    }

    func validate() throws {
        if let a = actAs, a.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError(tr("--as needs a name"))
        }
        if let problem = JournalOptions.directoryProblem(path) {
            // Exit 2, "journal unreadable", as `check` documents: its 1 means bad lines found,
            // and a script must not take a mistyped path for a damaged journal. The parser
            // passes a thrown exit code through without a message, so the message goes here.
            TerminalText.error(problem)
            throw ExitCode(2)
        }
    }

    /// A journal whose directory is missing is a mistyped path, never an empty journal:
    /// `status` said "0 events" and writers would fail later with a lower-level error.
    static func directoryProblem(_ path: String) -> String? {
        if JournalLocation(path).isDatabase { return nil }
        let dir = (path as NSString).deletingLastPathComponent
        guard !dir.isEmpty else { return nil }
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            return tr(
                "the journal's directory {dir} does not exist (journal {path}); check --journal and WARROOM_JOURNAL, or create it with `warroom init {dir}`",
                ["dir": dir, "path": path])
        }
        if !isDir.boolValue {
            return tr(
                "cannot open {path}: Not a directory ({dir} is a file); check --journal and WARROOM_JOURNAL", ["path": path, "dir": dir])
        }
        return nil
    }

    /// Why a file journal could not be appended to by this user at all (a directory at its
    /// path, a file or directory without write permission), for a long-running writer to
    /// refuse to start; nil for a database journal or one that can be written.
    static func unwritableProblem(_ path: String) -> String? {
        if JournalLocation(path).isDatabase { return nil }
        if let problem = directoryProblem(path) { return problem }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue {
                return tr("{path} is a directory, not a journal; give --journal a file path such as {path}/room.jsonl", ["path": path])
            }
            if access(path, W_OK) != 0 {
                return tr(
                    "cannot write to {path}: permission denied; check its owner and mode, or run as a member of its group", ["path": path])
            }
            return nil
        }
        let dir = (path as NSString).deletingLastPathComponent
        if access(dir.isEmpty ? "." : dir, W_OK) != 0 {
            return tr(
                "cannot create {path}: the directory {dir} is not writable by you; use `warroom init {dir}` or another directory",
                ["path": path, "dir": dir.isEmpty ? "." : dir])
        }
        return nil
    }

    /// What to say where a command finds no journal file (its directory exists).
    var noJournalYet: String {
        tr("no journal yet at {path}; start one by declaring an incident: warroom declare --severity N --title TEXT", ["path": shown])
    }

    /// - Parameters: recordsTimelines: false when no timeline is read, or only read back
    ///   (`timeline(of:)`); openTimelinesOnly: fold as a console does (see JournalState).
    func load(recordsTimelines: Bool = true, openTimelinesOnly: Bool = false) throws -> any JournalSource {
        warnIfWorldWritable()
        do {
            let source = location.source(recordsTimelines: recordsTimelines)
            if openTimelinesOnly { source.keepOpenTimelinesOnly() }
            try source.refresh()
            return source
        } catch {
            throw CLIError(error.message)
        }
    }

    func writer() -> any JournalAppender {
        warnIfWorldWritable()
        return location.appender()
    }

    /// Says loudly when anyone on the host could forge or erase events.
    func warnIfWorldWritable() {
        if let w = JournalOptions.worldWritableWarning(path) {
            TerminalText.warning(tr("WARNING: {warning}", ["warning": w]))
        }
    }

    static func worldWritableWarning(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IWOTH != 0 else { return nil }
        return tr(
            "{path} is writable by everyone (mode {mode}): anyone on this host can forge or erase events; fix it with chmod o-w {path}",
            ["path": path, "mode": String(st.st_mode & 0o777, radix: 8)])
    }

    /// The journal as it stood at `time`: every line up to its first event later than `time`.
    func load(at time: String) throws -> (reader: JournalReader, state: JournalState, time: Date, pendingBytes: Int) {
        guard let t = RFC3339.parse(time) else {
            throw CLIError(tr("--at must be an RFC 3339 time like 2026-11-22T10:42:00Z, not \"{value}\"", ["value": time]))
        }
        let file = location.source(keepsLog: true)
        do { try file.refresh() } catch { throw CLIError(error.message) }
        let index = ReplayIndex(log: file.reader.log, full: file.state, lineCount: file.reader.lineCount)
        let p = index.position(atTime: t)
        // The cut ends before the next event; only the whole file keeps its half-written tail.
        return (file.reader, index.state(at: p), t, p == index.count ? file.reader.pendingBytes : 0)
    }
}

/// The incident a command acts on.
struct IncidentOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            tr("The incident (default: the most recently declared one that is not closed)."), valueName: "id"))
    var incident: String?

    /// Picks the incident from the state, or says clearly why none fits.
    func resolve(in state: JournalState, path: String) throws(EventError) -> Incident {
        if let id = incident {
            guard let inc = state.incidents[id] else {
                let known = listed(state.orderedIncidents.suffix(5).map(\.id))
                throw EventError(
                    known.isEmpty
                        ? tr("no incident {id} in {path}; `warroom status` lists them", ["id": id, "path": path])
                        : tr(
                            "no incident {id} in {path} (known: {known}); `warroom status` lists them",
                            ["id": id, "path": path, "known": known]))
            }
            return inc
        }
        guard let inc = state.defaultIncident else {
            throw EventError(
                tr(
                    "no open incident in {path}; declare one with `warroom declare --severity N --title TEXT`, or pass --incident ID",
                    ["path": path]))
        }
        return inc
    }
}

/// A failure the user can act on, printed as one line.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

extension JournalError {
    var message: String { description }
}

/// Appends an action's events against the incident `target` picks under the lock, and
/// turns every failure into one clear line (the action's own words, as the console shows them).
@discardableResult
func perform(
    _ options: JournalOptions, _ action: Action, catalog: PlaybookCatalog = PlaybookCatalog.load(),
    target: (JournalState) throws(EventError) -> Incident?
) throws -> [Event] {
    let writer = options.writer()
    do {
        return try writer.append { (state) throws(EventError) -> [Event] in
            try action.events(
                on: try target(state), in: state, catalog: catalog, actor: options.actor, login: options.login, at: Date())
        }
    } catch {
        throw CLIError(error.message)
    }
}

/// Appends an action on the incident the command names (else the open one) and says what was written.
func appendSimple(_ options: JournalOptions, _ incident: IncidentOption, _ action: Action) throws {
    var before: Severity?
    let events = try perform(options, action) { (state) throws(EventError) -> Incident? in
        let inc = try incident.resolve(in: state, path: options.shown)
        before = inc.severity
        return inc
    }
    if let e = events.first, let id = e.incident {
        print(
            Sanitizer.inline(
                tr("{incident}: {sentence}", ["incident": id, "sentence": EventSentence.describe(e, previousSeverity: before)])))
    }
}

extension Severity {
    /// Why `text` is not a severity: a number outside 1…3 (a negative one included) is out of range.
    static func refusal(_ option: String, _ text: String) -> String {
        let digits = text.uppercased().hasPrefix("L") ? String(text.dropFirst()) : text
        if Int(digits) != nil {
            return tr("{option} must be 1, 2 or 3 (or L1, L2, L3); {value} is out of range", ["option": option, "value": text])
        }
        return tr("{option} must be 1, 2 or 3 (or L1, L2, L3), not \"{value}\"", ["option": option, "value": text])
    }
}
