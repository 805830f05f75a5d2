import ArgumentParser
import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: tr("Show the state of the journal and its incidents."))
    @OptionGroup var options: JournalOptions
    @Flag(help: ArgumentHelp(tr("Print JSON for other tools."))) var json = false
    @Option(help: ArgumentHelp(tr("Show only this incident."))) var incident: String?
    @Option(help: ArgumentHelp(tr("Show the state as it was at this time (RFC 3339)."), valueName: "time")) var at: String?

    func run() throws {
        var reader: JournalReader
        var now = Date()
        var pending: Int?
        if let at {
            let past = try options.load(at: at)
            reader = past.reader
            reader.replaceState(past.state)
            now = past.time
            pending = past.pendingBytes
        } else {
            // A summary needs counts, not every event kept in memory.
            options.warnIfWorldWritable()
            let file = options.location.source(recordsTimelines: false)
            do { try file.refresh() } catch { throw CLIError(error.message) }
            if !file.exists && !json {
                TerminalText.line(options.noJournalYet)
                return
            }
            reader = file.reader
        }
        let state = reader.state
        if let incident, state.incidents[incident] == nil {
            throw CLIError(tr("no incident {id} in {path}; `warroom status` lists them", ["id": incident, "path": options.shown]))
        }
        let catalog = PlaybookCatalog.load()
        let report = StatusReport(
            path: options.shown, reader: reader, catalog: catalog, now: now, only: incident, pendingBytes: pending)
        if json {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1 << 16)
            report.writeJSON(into: &bytes)
            bytes.append(0x0A)
            StandardOutput.write(bytes)
        } else {
            StandardOutput.write(report.text())
        }
        for w in catalog.warnings { TerminalText.warning(w) }
        // The state of a big journal is millions of values: the process ends here, so they are
        // not taken apart one by one (a tenth of a second on a million events). exit() still
        // runs the check that everything printed was written.
        Glibc.exit(0)
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Validate a journal: list each bad line (exit 0 clean, 1 bad lines found, 2 unreadable)."))
    @OptionGroup var options: JournalOptions
    @Flag(help: ArgumentHelp(tr("Print the chain's head (line and hash) to keep somewhere else, then compare later."))) var head = false

    func run() throws {
        // 1 says "bad lines found": output that could not be written is the other failure, 2.
        StandardOutput.failureStatus = 2
        // Counts and bad lines, not every event kept: a timeline is not needed to check one.
        let file = options.location.source(verifiesChain: true, recordsTimelines: false)
        do {
            try file.refresh()
        } catch {
            TerminalText.error(error.message)
            throw ExitCode(2)
        }
        // A database journal with no lines yet is an empty journal, clean; a missing file is a mistyped path.
        guard file.exists || options.location.isDatabase else {
            TerminalText.error(tr("{path} does not exist; check --journal or WARROOM_JOURNAL", ["path": options.shown]))
            throw ExitCode(2)
        }
        let r = file.reader
        let log = r.state.badLineLog
        // `path:line:` first, as compilers and grep write it, in every language.
        func badLine(_ bad: BadLine) -> String {
            tr(
                "{path}:{line}: offset {offset}: {reason}",
                ["path": options.shown, "line": String(bad.line), "offset": String(bad.offset), "reason": bad.reason])
        }
        for bad in log.head { TerminalText.line(badLine(bad)) }
        if log.dropped > 0 {
            TerminalText.line(
                tr(
                    "{path}: … {dropped} more bad lines not listed (only the first {first} and the last {last} are kept) …",
                    [
                        "path": options.shown, "dropped": String(log.dropped), "first": String(log.head.count),
                        "last": String(log.tail.count),
                    ]))
        }
        for bad in log.tail { TerminalText.line(badLine(bad)) }
        var summary = tr(
            "{path}: {lines} lines, {events} events, {bad} bad lines, {unknown} of unknown types",
            [
                "path": options.shown, "lines": String(r.lineCount), "events": String(r.state.eventsApplied),
                "bad": String(r.state.badLineCount), "unknown": String(r.state.unknownTypes),
            ])
        if r.pendingBytes > 0 {
            summary += tr(", {bytes} bytes pending (a last line without its newline)", ["bytes": String(r.pendingBytes)])
        }
        TerminalText.line(summary)
        let chain = r.chain
        if let at = chain.brokenAt {
            TerminalText.line(
                tr("{path}:{line}: chain broken: {reason}", ["path": options.shown, "line": String(at), "reason": chain.reason ?? ""]))
        }
        TerminalText.line(
            chain.unchained > 0
                ? tr(
                    "{path}: {summary} ({verified} chained lines, {unchained} written by other tools without prev)",
                    [
                        "path": options.shown, "summary": chain.summary, "verified": String(chain.verified),
                        "unchained": String(chain.unchained),
                    ])
                : tr(
                    "{path}: {summary} ({verified} chained lines)",
                    ["path": options.shown, "summary": chain.summary, "verified": String(chain.verified)]))
        // Kept to be compared later, by people and scripts alike: never translated.
        if head { print("head: line \(chain.headLine) sha256 \(chain.head)") }
        // As for status: the process ends here, so a big journal's values are not taken apart.
        Glibc.exit(r.state.badLineCount > 0 || chain.isBroken ? 1 : 0)
    }
}

struct Append: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Append JSON events read from standard input, one per line (for scripts and alerting)."),
        discussion: tr(
            "Missing v, ts, actor and id are filled in. Each line is checked like the reader checks it; good lines are appended, bad ones are reported by line number and the exit status is 1."
        )
    )
    @OptionGroup var options: JournalOptions
    @Option(help: ArgumentHelp(tr("Fill in this incident where a line has none (default: the open one, as for every command).")))
    var incident: String?

    func run() throws {
        var inputLines: [[UInt8]] = []
        let data = FileHandle.standardInput.readDataToEndOfFile()
        var current: [UInt8] = []
        for b in data {
            if b == 0x0A {
                inputLines.append(current)
                current = []
            } else {
                current.append(b)
            }
        }
        if !current.isEmpty { inputLines.append(current) }

        var problems: [String] = []
        let writer = options.writer()
        let written: [Event]
        do {
            written = try writer.append { (state) throws(EventError) -> [Event] in
                problems = []
                var check = state
                var out: [Event] = []
                for (k, raw) in inputLines.enumerated() {
                    var line = raw
                    if line.last == 0x0D { line.removeLast() }
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    // The open incident as of this line: one declared earlier in the batch counts.
                    switch prepare(line, defaultIncident: incident ?? check.defaultIncident?.id) {
                    case .failure(let error):
                        problems.append(tr("line {line}: {reason}", ["line": String(k + 1), "reason": error.reason]))
                    case .success(let event):
                        if let error = check.apply(event, line: k + 1, offset: 0) {
                            problems.append(tr("line {line}: {reason}", ["line": String(k + 1), "reason": error.reason]))
                        } else {
                            out.append(event)
                        }
                    }
                }
                return out
            }
        } catch {
            throw CLIError(error.message)
        }
        for p in problems { TerminalText.standardError("warroom append: \(Sanitizer.inline(p))\n") }
        TerminalText.line(
            trn("appended {n} event to {path}", "appended {n} events to {path}", written.count, ["path": options.shown])
                + (problems.isEmpty ? "" : trn(", {n} bad line skipped", ", {n} bad lines skipped", problems.count)))
        if !problems.isEmpty { throw ExitCode(1) }
    }

    /// Parses one input line and fills in the envelope members a script may leave out.
    func prepare(_ line: [UInt8], defaultIncident: String?) -> Result<Event, EventError> {
        var o: JSONObject
        switch line.withUnsafeBufferPointer({ LineDecoder.object($0) }) {
        case .failure(let error): return .failure(error)
        case .success(let parsed): o = parsed
        }
        if o["v"] == nil { o["v"] = .number(1) }
        if o["ts"] == nil { o["ts"] = .string(RFC3339.format(Date())) }
        if o["actor"] == nil {
            o["actor"] = .string(options.actor)
            if options.actor != options.login { o["login"] = .string(options.login) }
        }
        if o["id"] == nil { o["id"] = .string(Identity.newEventID()) }
        if o["incident"] == nil, let defaultIncident,
            EventType(rawValue: o["type"]?.stringValue ?? "")?.needsIncident ?? true
        {
            o["incident"] = .string(defaultIncident)
        }
        do {
            return .success(try LineDecoder.envelope(o))
        } catch {
            return .failure(error)
        }
    }
}
