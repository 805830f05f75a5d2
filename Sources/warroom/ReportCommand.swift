import ArgumentParser
import Foundation
import WarRoomCore

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Write the review report of an incident: summary, KPIs, timeline, roles, checklist, communications, counters."))
    @OptionGroup var options: JournalOptions
    @Option(help: ArgumentHelp(tr("The incident (default: the most recently declared one)."))) var incident: String?
    @Option(help: ArgumentHelp(tr("markdown (default), json or html."))) var format = "markdown"
    @Option(help: ArgumentHelp(tr("Write to this file instead of standard output."))) var output: String?
    @Option(help: ArgumentHelp(tr("Measure running clocks as of this time (RFC 3339) instead of now."), valueName: "time"))
    var now: String?
    @Option(help: ArgumentHelp(tr("Time zone for times shown (default: the local one)."), valueName: "tz"))
    var timeZone: String?

    func run() throws {
        // Folded without timelines; the one reported on is read back: a report costs what its incident holds.
        let file = try options.load(recordsTimelines: false)
        let id: String
        if let incident {
            guard file.state.incidents[incident] != nil else {
                throw CLIError(tr("no incident {id} in {path}; `warroom status` lists them", ["id": incident, "path": options.shown]))
            }
            id = incident
        } else {
            guard let i = file.state.orderedIncidents.last else {
                throw CLIError(file.exists ? tr("no incident in {path} to report on", ["path": options.shown]) : options.noJournalYet)
            }
            id = i.id
        }
        do { try file.keepTimeline(of: id) } catch { throw CLIError(error.message) }
        let state = file.state
        guard let inc = state.incidents[id] else {
            throw CLIError(tr("no incident {id} in {path}; `warroom status` lists them", ["id": id, "path": options.shown]))
        }
        var clock = Date()
        if let now {
            guard let t = RFC3339.parse(now) else { throw CLIError(tr("--now must be an RFC 3339 time, not \"{value}\"", ["value": now])) }
            clock = t
        }
        var zone = TimeZone.current
        if let timeZone {
            guard let tz = TimeZone(identifier: timeZone) else {
                throw CLIError(tr("unknown time zone \"{value}\"; use an IANA name like Asia/Shanghai or UTC", ["value": timeZone]))
            }
            zone = tz
        }
        let report = PostmortemReport(
            incident: inc, state: state, catalog: PlaybookCatalog.load(), now: clock, journalPath: options.shown, timeZone: zone)
        let text: String
        switch format.lowercased() {
        case "markdown", "md": text = report.markdown()
        case "json": text = JSONWriter.serialize(report.json()) + "\n"
        case "html": text = report.html()
        default: throw CLIError(tr("--format must be markdown, json or html, not \"{value}\"", ["value": format]))
        }
        if let output {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: output, isDirectory: &isDir), isDir.boolValue {
                let name = "\(inc.id)-review.\(format.lowercased() == "markdown" ? "md" : format.lowercased())"
                throw CLIError(
                    tr(
                        "--output {path} is a directory; give a file to write, e.g. {example}",
                        ["path": output, "example": (output as NSString).appendingPathComponent(name)]))
            }
            try OutputFile.write(text, to: output)
            TerminalText.warning(
                tr("wrote the {format} report of {incident} to {path}", ["format": format, "incident": inc.id, "path": output]))
        } else {
            StandardOutput.write(text)
        }
    }
}
