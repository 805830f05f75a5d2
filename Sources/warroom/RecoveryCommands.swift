import ArgumentParser
import Foundation
import WarRoomCore

/// `warroom recovery`: the tech lead's estimate beside the restore target (the RTO): the backup
/// in use, when service is back, and the data lost as a window (the RPO), as the online-event plan asks.
struct RecoveryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recovery",
        abstract: tr("Record the recovery estimate: the backup in use, when service is back (ETA) and the data lost (RPO)."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var target: IncidentOption
    @Option(help: ArgumentHelp(tr("The backup restored from: a snapshot's name, a standby site."))) var backup: String?
    @Option(
        help: ArgumentHelp(tr("When service is expected back: a duration from now (2h) or a time (2026-11-11T06:00:00+08:00)."))
    )
    var eta: String?
    @Option(help: ArgumentHelp(tr("The data lost, as a window of time before the failure (15m)."))) var rpo: String?
    @Option(help: ArgumentHelp(tr("What the lost window holds (orders, payments)."))) var lost: String?
    @Option(help: ArgumentHelp(tr("A note on the estimate."))) var note: String?

    func run() throws {
        let now = Date()
        let etaDate = try eta.map { text -> Date in
            if let d = DurationText.parse(text) { return now.addingTimeInterval(d) }
            guard let t = RFC3339.parse(text) else {
                throw CLIError(
                    tr(
                        "--eta must be a duration from now like 2h or a time like 2026-11-11T06:00:00+08:00, not \"{value}\"",
                        ["value": text]))
            }
            return t
        }
        let window = try rpo.map { text -> TimeInterval in
            guard let d = DurationText.parse(text) else {
                throw CLIError(tr("--rpo must be a duration like 15m or 2h (the data lost, as a window), not \"{value}\"", ["value": text]))
            }
            return d
        }
        let events = try perform(
            options, .recoveryEstimate(backup: backup, eta: etaDate, rpo: window, dataLost: lost, note: note)
        ) { (state) throws(EventError) -> Incident? in try target.resolve(in: state, path: options.shown) }
        if let e = events.first {
            TerminalText.line(tr("{incident}: {sentence}", ["incident": e.incident ?? "", "sentence": EventSentence.describe(e)]))
        }
    }
}

/// `warroom scope local|regional|nationwide`: how far the outage reaches (a nationwide one meets L1 in the shipped policy).
struct ScopeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scope", abstract: tr("Set how far the outage reaches: local, regional or nationwide."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var target: IncidentOption
    @Argument(help: ArgumentHelp(tr("local, regional or nationwide."))) var scope: String
    @Option(help: ArgumentHelp(tr("What the scope is based on."))) var note: String?

    func run() throws {
        guard let s = OutageScope(rawValue: scope.lowercased()) else {
            throw CLIError(tr("the scope must be local, regional or nationwide, not \"{value}\"", ["value": scope]))
        }
        let events = try perform(options, .scope(s, note: note)) { (state) throws(EventError) -> Incident? in
            try target.resolve(in: state, path: options.shown)
        }
        if let e = events.first {
            TerminalText.line(tr("{incident}: {sentence}", ["incident": e.incident ?? "", "sentence": EventSentence.describe(e)]))
        }
    }
}
