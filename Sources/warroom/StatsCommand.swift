import ArgumentParser
import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr(
            "Figures across incidents: counts by severity and month, handling times against the targets, trends; drills apart."))
    @OptionGroup var options: JournalOptions
    @Argument(
        help: ArgumentHelp(
            tr("Journals or directories of *.jsonl journals (default: the --journal one)."), valueName: "journal"))
    var journals: [String] = []
    @Option(help: ArgumentHelp(tr("The first day counted (default: twelve months before the end)."), valueName: "date"))
    var since: String?
    @Option(help: ArgumentHelp(tr("The last day counted, whole (default: now)."), valueName: "date")) var until: String?
    @Flag(help: ArgumentHelp(tr("Print JSON."))) var json = false
    @Flag(help: ArgumentHelp(tr("Print CSV, one figure a row."))) var csv = false
    @Option(help: ArgumentHelp(tr("text (default), json, csv or markdown."))) var format: String?
    @Option(help: ArgumentHelp(tr("Measure running clocks as of this time (RFC 3339) instead of now."), valueName: "time"))
    var now: String?
    @Option(help: ArgumentHelp(tr("Time zone for days and months (default: the local one)."), valueName: "tz"))
    var timeZone: String?

    func run() throws {
        let chosen = try StatsOutput.format(json: json, csv: csv, format: format)
        let clock = try StatsOutput.clock(now)
        let zone = try StatsOutput.zone(timeZone)
        let period: StatsPeriod
        do {
            period = try StatsPeriod.from(since: since, until: until, now: clock, timeZone: zone)
        } catch {
            throw CLIError(error.description)
        }
        options.warnIfWorldWritable()
        let loaded = JournalSet.load(journals.isEmpty ? [options.path] : journals)
        guard loaded.contains(where: { $0.state != nil }) else {
            throw CLIError(loaded.compactMap(\.warning).first ?? tr("no journal could be read; nothing to count"))
        }
        // The text names a damaged journal itself; the other formats say so on standard error.
        if chosen != "text" {
            for j in loaded { if let w = j.warning { TerminalText.warning(w) } }
        }
        let report = StatsReport(journals: loaded, period: period, catalog: PlaybookCatalog.load(), now: clock, timeZone: zone)
        switch chosen {
        case "json": StandardOutput.write(JSONWriter.serialize(report.json()) + "\n")
        case "csv": StandardOutput.write(report.csv())
        case "markdown": StandardOutput.write(report.markdown())
        default: StandardOutput.write(report.text(width: StatsOutput.width(), ascii: !LanguageSetup.choice.utf8))
        }
    }
}

/// What `stats` and `drill history` share on the command line.
enum StatsOutput {
    /// `--json`, `--csv` or `--format NAME` as one format name.
    static func format(json: Bool, csv: Bool, format: String?, allowed: [String] = ["text", "json", "csv", "markdown"]) throws
        -> String
    {
        var asked: [String] = []
        if json { asked.append("json") }
        if csv { asked.append("csv") }
        if let format {
            let f = format.lowercased() == "md" ? "markdown" : format.lowercased()
            guard allowed.contains(f) else {
                throw CLIError(
                    tr(
                        "--format must be one of {formats}, not \"{value}\"",
                        ["formats": allowed.joined(separator: ", "), "value": format]))
            }
            asked.append(f)
        }
        guard Set(asked).count <= 1 else {
            throw CLIError(tr("choose one output format: --json, --csv or --format NAME"))
        }
        return asked.first ?? "text"
    }

    static func clock(_ now: String?) throws -> Date {
        guard let now else { return Date() }
        guard let t = RFC3339.parse(now) else { throw CLIError(tr("--now must be an RFC 3339 time, not \"{value}\"", ["value": now])) }
        return t
    }

    static func zone(_ name: String?) throws -> TimeZone {
        guard let name else { return TimeZone.current }
        guard let tz = TimeZone(identifier: name) else {
            throw CLIError(tr("unknown time zone \"{value}\"; use an IANA name like Asia/Shanghai or UTC", ["value": name]))
        }
        return tz
    }

    /// The terminal's width for charts: `$COLUMNS`, else the terminal's own, else 80.
    static func width() -> Int {
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap({ Int($0) }), c >= 20 { return min(c, 400) }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 {
            return min(Int(size.ws_col), 400)
        }
        return 80
    }
}
