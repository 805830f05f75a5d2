import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomUI

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Print the frame the console would draw, as plain text (no terminal needed)."))
    @OptionGroup var options: JournalOptions
    @Option(help: ArgumentHelp(tr("The frame size."), valueName: "COLSxROWS")) var size = "120x40"
    @Option(help: ArgumentHelp(tr("Theme name or path (used with --ansi)."))) var theme: String?
    @Flag(help: ArgumentHelp(tr("Keep colours as ANSI escape sequences."))) var ansi = false
    @Flag(help: ArgumentHelp(tr("Draw with ASCII only, as without a UTF-8 locale."))) var ascii = false
    @Option(help: ArgumentHelp(tr("The incident to show (default: the open one)."))) var incident: String?
    @Option(help: ArgumentHelp(tr("Draw as of this wall-clock time (RFC 3339) instead of now."), valueName: "time"))
    var now: String?
    @Option(help: ArgumentHelp(tr("Draw the journal as it was at this time (RFC 3339)."), valueName: "time"))
    var at: String?
    @Option(help: ArgumentHelp(tr("The focused pane: timeline, roster, checklist, kpis."), valueName: "pane"))
    var focus: String?
    @Option(help: ArgumentHelp(tr("Time zone for times shown (default: the local one)."), valueName: "tz"))
    var timeZone: String?
    @OptionGroup var drillRole: DrillRoleOption

    func run() throws {
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] <= 1000, parts[1] <= 1000 else {
            if parts.count == 2 {
                throw CLIError(
                    tr("--size {value} is out of range: columns and rows must each be 1 to 1000 (like 120x40)", ["value": size]))
            }
            throw CLIError(tr("--size must look like 120x40 (columns x rows), not \"{value}\"", ["value": size]))
        }
        var clock = Date()
        if let now {
            guard let t = RFC3339.parse(now) else { throw CLIError(tr("--now must be an RFC 3339 time, not \"{value}\"", ["value": now])) }
            clock = t
        }
        let journal: JournalSnapshot
        var source: (any JournalSource)?
        if let at {
            let past = try options.load(at: at)
            journal = JournalSnapshot(state: past.state, pendingBytes: past.pendingBytes, chain: nil)
            if now == nil { clock = past.time }
        } else {
            // As the console folds: open incidents' timelines, and the one asked for read back.
            let file = try options.load(openTimelinesOnly: true)
            if let incident { do { try file.keepTimeline(of: incident) } catch { throw CLIError(error.message) } }
            source = file
            journal = JournalSnapshot(state: file.state, pendingBytes: file.reader.pendingBytes, chain: file.reader.chain)
        }
        let state = journal.state
        let catalog = PlaybookCatalog.load()
        // Set up as the console is, then as the options ask.
        var model = ConsoleSetup.model(
            options: options, journal: journal, catalog: catalog, now: clock, role: try drillRole.resolve(), source: source)
        if let incident {
            guard state.incidents[incident] != nil else {
                throw CLIError(tr("no incident {id} in {path}; `warroom status` lists them", ["id": incident, "path": options.shown]))
            }
            model.pinnedIncident = incident
        }
        if let focus {
            // By the pane's name, never its title, which is shown in the interface language.
            guard let p = Pane.allCases.first(where: { String(describing: $0) == focus.lowercased() }) else {
                throw CLIError(tr("--focus must be timeline, roster, checklist or kpis, not \"{value}\"", ["value": focus]))
            }
            model.focus = p
        }
        if let timeZone {
            guard let tz = TimeZone(identifier: timeZone) else {
                throw CLIError(tr("unknown time zone \"{value}\"; use an IANA name like Asia/Shanghai or UTC", ["value": timeZone]))
            }
            model.timeZone = tz
        }
        let grid = TextGrid(width: parts[0], height: parts[1], asciiOnly: ascii)
        ConsoleView(model: model, now: clock, glyphs: ascii ? .ascii : .unicode).draw(on: grid)
        if ansi {
            let (t, warning) = Theme.resolve(theme)
            if let warning { TerminalText.warning(warning) }
            StandardOutput.write(grid.ansiText(theme: t))
        } else {
            StandardOutput.write(grid.text())
        }
        for w in catalog.warnings { TerminalText.warning(w) }
    }
}
