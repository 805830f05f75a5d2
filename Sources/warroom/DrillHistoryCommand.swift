import ArgumentParser
import Foundation
import WarRoomCore

struct DrillHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: tr(
            "The drills run, with date, scenario, facilitator, score and open improvement items; the count per year against the plans."))
    @OptionGroup var options: JournalOptions
    @Argument(
        help: ArgumentHelp(tr("Directories of drill journals, or journals (default: the --journal one)."), valueName: "dir"))
    var directories: [String] = []
    @Flag(help: ArgumentHelp(tr("Print JSON."))) var json = false
    @Option(help: ArgumentHelp(tr("Score running drills as of this time (RFC 3339) instead of now."), valueName: "time"))
    var now: String?
    @Option(help: ArgumentHelp(tr("Time zone for days and years (default: the local one)."), valueName: "tz"))
    var timeZone: String?

    func run() throws {
        let clock = try StatsOutput.clock(now)
        let zone = try StatsOutput.zone(timeZone)
        options.warnIfWorldWritable()
        let loaded = JournalSet.load(directories.isEmpty ? [options.path] : directories)
        guard loaded.contains(where: { $0.state != nil }) else {
            throw CLIError(loaded.compactMap(\.warning).first ?? tr("no journal could be read; no drills to list"))
        }
        // The text names a damaged journal itself; JSON says so on standard error too.
        if json {
            for j in loaded { if let w = j.warning { TerminalText.warning(w) } }
        }
        let history = DrillHistory(journals: loaded, catalog: PlaybookCatalog.load(), now: clock, timeZone: zone)
        if json {
            StandardOutput.write(JSONWriter.serialize(history.json()) + "\n")
        } else {
            StandardOutput.write(history.text(width: StatsOutput.width(), ascii: !LanguageSetup.choice.utf8))
        }
    }
}
