import ArgumentParser
import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the state of the journal and its incidents.")
    @OptionGroup var options: JournalOptions
    @Flag(help: "Print JSON for other tools.") var json = false
    @Option(help: "Show only this incident.") var incident: String?
    @Option(help: ArgumentHelp("Show the state as it was at this time (RFC 3339).", valueName: "time")) var at: String?

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
            throw CLIError("no incident \(incident) in \(options.path); `warroom status` lists them")
        }
        let catalog = PlaybookCatalog.load()
        let report = StatusReport(
            path: options.path, reader: reader, catalog: catalog, now: now, only: incident, pendingBytes: pending)
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
        abstract: "Validate a journal: list each bad line (exit 0 clean, 1 bad lines found, 2 unreadable).")
    @OptionGroup var options: JournalOptions
    @Flag(help: "Print the chain's head (line and hash) to keep somewhere else, then compare later.") var head = false

    func run() throws {
        // 1 says "bad lines found": output that could not be written is the other failure, 2.
        StandardOutput.failureStatus = 2
        let file = options.location.source(verifiesChain: true)
        do {
            try file.refresh()
        } catch {
            TerminalText.error(error.message)
            throw ExitCode(2)
        }
        guard file.exists else {
            TerminalText.error("\(options.path) does not exist; check --journal or WARROOM_JOURNAL")
            throw ExitCode(2)
        }
        let r = file.reader
        let log = r.state.badLineLog
        for bad in log.head {
            TerminalText.line("\(options.path):\(bad.line): offset \(bad.offset): \(bad.reason)")
        }
        if log.dropped > 0 {
            TerminalText.line(
                "\(options.path): … \(log.dropped) more bad lines not listed (only the first \(log.head.count) and the last \(log.tail.count) are kept) …"
            )
        }
        for bad in log.tail {
            TerminalText.line("\(options.path):\(bad.line): offset \(bad.offset): \(bad.reason)")
        }
        var summary =
            "\(options.path): \(r.lineCount) lines, \(r.state.eventsApplied) events, \(r.state.badLineCount) bad lines, \(r.state.unknownTypes) of unknown types"
        if r.pendingBytes > 0 { summary += ", \(r.pendingBytes) bytes pending (a last line without its newline)" }
        TerminalText.line(summary)
        let chain = r.chain
        if let at = chain.brokenAt {
            TerminalText.line("\(options.path):\(at): chain broken: \(chain.reason ?? "")")
        }
        TerminalText.line(
            "\(options.path): \(chain.summary) (\(chain.verified) chained lines\(chain.unchained > 0 ? ", \(chain.unchained) written by other tools without prev" : ""))"
        )
        if head { print("head: line \(chain.headLine) sha256 \(chain.head)") }
        if r.state.badLineCount > 0 || chain.isBroken { throw ExitCode(1) }
    }
}

struct Append: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append JSON events read from standard input, one per line (for scripts and alerting).",
        discussion:
            "Missing v, ts, actor and id are filled in. Each line is checked like the reader checks it; good lines are appended, bad ones are reported by line number and the exit status is 1."
    )
    @OptionGroup var options: JournalOptions
    @Option(help: "Fill in this incident where a line has none (default: the open one, as for every command).")
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
                        problems.append("line \(k + 1): \(error.reason)")
                    case .success(let event):
                        if let error = check.apply(event, line: k + 1, offset: 0) {
                            problems.append("line \(k + 1): \(error.reason)")
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
            "appended \(written.count) event\(written.count == 1 ? "" : "s") to \(options.path)"
                + (problems.isEmpty ? "" : ", \(problems.count) bad line\(problems.count == 1 ? "" : "s") skipped"))
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
