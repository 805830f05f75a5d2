import ArgumentParser
import Foundation
import WarRoomCore

/// `warroom review held|reported`: the review meeting and the review report, due from the
/// crisis' end (a week and 60 days in the shipped policy) and recorded after the close.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: tr("Record the review meeting held or the review report written (closed incidents too)."),
        subcommands: [Held.self, Reported.self])

    struct Held: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("Record that the review meeting was held."))
        @OptionGroup var options: JournalOptions
        @Option(
            help: ArgumentHelp(
                tr("The incident (default: the open one once recovered, else the most recently ended)."), valueName: "id"))
        var incident: String?
        @Option(
            help: ArgumentHelp(
                tr("When it was held, if not now: a time (2026-12-03T10:00:00+08:00), a day (2026-12-03) or how long ago (2d)."),
                valueName: "when"))
        var at: String?
        @Option(help: ArgumentHelp(tr("A note: who came, what was decided."))) var note: String?

        func run() throws {
            let when = try at.map { try ReviewCommand.parseWhen($0, now: Date()) }
            try ReviewCommand.record(options, .reviewHeld(at: when, note: note), incident: incident)
        }
    }

    struct Reported: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("Record that the review report was written, and where it is."))
        @OptionGroup var options: JournalOptions
        @Option(
            help: ArgumentHelp(
                tr("The incident (default: the open one once recovered, else the most recently ended)."), valueName: "id"))
        var incident: String?
        @Option(name: .customLong("where"), help: ArgumentHelp(tr("Where the report is: a path, a link or the document's name.")))
        var location: String
        @Option(
            help: ArgumentHelp(
                tr("When it was finished, if not now: a time (2026-12-03T10:00:00+08:00), a day (2026-12-03) or how long ago (2d)."),
                valueName: "when"))
        var at: String?
        @Option(help: ArgumentHelp(tr("A note on the report."))) var note: String?

        func run() throws {
            let when = try at.map { try ReviewCommand.parseWhen($0, now: Date()) }
            try ReviewCommand.record(options, .reviewReported(location: location, at: when, note: note), incident: incident)
        }
    }

    static func record(_ options: JournalOptions, _ action: Action, incident: String?) throws {
        let events = try perform(options, action) { (state) throws(EventError) -> Incident? in
            if let id = incident { return try IncidentOption(incident: id).resolve(in: state, path: options.shown) }
            if let open = state.defaultIncident, open.crisisEndedAt != nil { return open }
            // The review comes after the close: the incident whose crisis ended last.
            guard
                let last = state.orderedIncidents.filter({ $0.crisisEndedAt != nil && !$0.drill }).max(by: {
                    ($0.crisisEndedAt ?? .distantPast) < ($1.crisisEndedAt ?? .distantPast)
                })
            else {
                throw EventError(
                    tr("no incident in {path} has recovered or closed yet; the review comes after the crisis ends", ["path": options.shown])
                )
            }
            return last
        }
        if let e = events.first {
            TerminalText.line(tr("{incident}: {sentence}", ["incident": e.incident ?? "", "sentence": EventSentence.describe(e)]))
        }
    }

    /// A moment in the past as people type it: an RFC 3339 time, a day (the end of it, or now
    /// if that is later than now), or a duration ago.
    static func parseWhen(_ text: String, now: Date) throws -> Date {
        if let d = DurationText.parse(text) { return now.addingTimeInterval(-d) }
        guard let t = DueDate.parse(text, now: now) else {
            throw CLIError(
                tr(
                    "--at must be a time like 2026-12-03T10:00:00+08:00, a day like 2026-12-03 or how long ago like 2d, not \"{value}\"",
                    ["value": text]))
        }
        if RFC3339.parse(text) == nil { return min(t, now) }
        if t > now.addingTimeInterval(300) {
            throw CLIError(tr("--at {value} is in the future; record the review once it has happened", ["value": text]))
        }
        return t
    }
}
