import ArgumentParser
import Foundation
import WarRoomCore

struct Declare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Declare a new incident and print its id."))

    @OptionGroup var options: JournalOptions
    @Option(help: ArgumentHelp(tr("1, 2 or 3 (L1 is the worst)."))) var severity: String?
    @Option(help: ArgumentHelp(tr("A short title."))) var title: String?
    @Option(help: ArgumentHelp(tr("When impact began (RFC 3339), if before now."))) var startedAt: String?
    @Option(help: ArgumentHelp(tr("The playbook (default: the one for the severity)."))) var playbook: String?
    @Option(help: ArgumentHelp(tr("A summary line."))) var summary: String?
    @Option(help: ArgumentHelp(tr("The incident id (default: INC-YYYYMMDD-NN)."))) var id: String?
    @Flag(help: ArgumentHelp(tr("Mark the incident as a drill."))) var drill = false
    @Option(
        help: ArgumentHelp(
            tr("Declare from this alert (its fingerprint): its title, summary, start and the severity it meets unless given."),
            valueName: "fingerprint"))
    var fromSignal: String?

    func run() throws {
        var sev: Severity?
        if let severity {
            guard let s = Severity(text: severity) else { throw CLIError(Severity.refusal("--severity", severity)) }
            sev = s
        }
        var started: Date?
        if let startedAt {
            guard let t = RFC3339.parse(startedAt) else {
                throw CLIError(
                    tr("--started-at must be an RFC 3339 time like 2026-11-22T08:15:00Z, not \"{value}\"", ["value": startedAt]))
            }
            started = t
        }
        if let id {
            do { try EventSchema.validateIncidentID(id) } catch { throw CLIError(tr("--id: {reason}", ["reason": error.reason])) }
        }
        let catalog = PlaybookCatalog.load()
        let (events, declaration): ([Event], Declaration)
        if let fingerprint = fromSignal {
            // The alert's facts are read under the journal's lock, where the action checks it too.
            (events, declaration) = try declareFromSignal(fingerprint, severity: sev, started: started, catalog: catalog)
        } else {
            guard let sev else { throw CLIError(tr("--severity is required (1, 2 or 3), unless --from-signal names an alert")) }
            guard let title else { throw CLIError(tr("--title is required, unless --from-signal names an alert")) }
            var d = Declaration(severity: sev, title: title, summary: summary, startedAt: started, drill: drill, id: id)
            d.playbook = playbook ?? catalog.defaultPlaybook(for: sev)?.name
            (events, declaration) = (try perform(options, .declare(d), catalog: catalog) { _ throws(EventError) in nil }, d)
        }
        TerminalText.line(events[0].incident ?? "")
        if declaration.playbook == nil {
            // Declared all the same (an incident must never wait for files), but not silently.
            TerminalText.warning(
                tr(
                    "{incident} has no playbook, so no checklist: {reason}; pass --playbook NAME to pick one",
                    ["incident": events[0].incident ?? tr("the incident"), "reason": catalog.missingPlaybookReason(nil)]))
        }
    }
}

extension Declare {
    /// Declares from the alert `fingerprint`: what was given on the command line over its facts.
    func declareFromSignal(_ fingerprint: String, severity: Severity?, started: Date?, catalog: PlaybookCatalog) throws -> (
        [Event], Declaration
    ) {
        var declaration = Declaration(severity: severity ?? .l3, title: title ?? fingerprint, signal: fingerprint)
        let writer = options.writer()
        let (actor, login) = (options.actor, options.login)
        do {
            let events = try writer.append { (state) throws(EventError) -> [Event] in
                // An unknown fingerprint is refused by the action itself, in the words the console uses.
                if let s = state.signals[fingerprint] { declaration = Declaration.from(s, severity: severity) }
                if let title { declaration.title = title }
                if let summary { declaration.summary = summary }
                if let started { declaration.startedAt = started }
                declaration.playbook = playbook ?? catalog.defaultPlaybook(for: declaration.severity)?.name
                declaration.drill = drill
                declaration.id = id
                return try Action.declare(declaration).events(on: nil, in: state, catalog: catalog, actor: actor, login: login, at: Date())
            }
            return (events, declaration)
        } catch {
            throw CLIError(error.message)
        }
    }
}

struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: tr("Add a note to the incident timeline."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Option(help: ArgumentHelp(tr("observation (default), decision, action or inject."))) var kind: String?
    @Argument(help: ArgumentHelp(tr("The note's text."))) var text: [String]

    func run() throws {
        var noteKind: NoteKind?
        if let kind {
            guard let k = NoteKind(rawValue: kind) else {
                throw CLIError(oneOf("--kind", NoteKind.allCases.map(\.rawValue), kind))
            }
            noteKind = k
        }
        try appendSimple(options, incident, .note(text: text.joined(separator: " "), kind: noteKind))
    }
}

struct SeverityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "severity", abstract: tr("Change the incident's severity."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: ArgumentHelp(tr("1, 2 or 3 (L1 is the worst)."))) var level: String
    @Option(help: ArgumentHelp(tr("Why."))) var reason: String?

    func run() throws {
        guard let sev = Severity(text: level) else { throw CLIError(Severity.refusal("severity", level)) }
        try appendSimple(options, incident, .severity(sev, reason: reason))
    }
}

struct PhaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phase", abstract: tr("Move the incident to a phase (declared, verified, contained, recovered, closed)."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: ArgumentHelp(tr("declared, verified, contained, recovered or closed."))) var phase: String
    @Option(help: ArgumentHelp(tr("A note on the change."))) var note: String?

    func run() throws {
        guard let p = Phase(rawValue: phase.lowercased()) else {
            throw CLIError(oneOf("phase", Phase.allCases.map(\.rawValue), phase))
        }
        try appendSimple(options, incident, .phase(p, note: note))
    }
}

struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: tr("Give a role to a member (replacing any holder)."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: ArgumentHelp(tr("The role, e.g. commander."))) var role: String
    @Argument(help: ArgumentHelp(tr("The member's login or name."))) var member: String
    @Flag(help: ArgumentHelp(tr("Allow a role that neither the playbook nor the standard roles name."))) var newRole = false

    func run() throws {
        try appendSimple(options, incident, .assign(role: role, member: member, newRole: newRole))
    }
}

struct Release: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: tr("Leave a role unfilled."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: ArgumentHelp(tr("The role."))) var role: String

    func run() throws {
        try appendSimple(options, incident, .release(role: role))
    }
}

/// Member commands act on the incident when one is named or open, else on the standing roster.
struct MemberTarget: ParsableArguments {
    @Option(help: ArgumentHelp(tr("The incident (default: the open one; with --standing, none)."))) var incident: String?
    @Flag(help: ArgumentHelp(tr("Act on the standing roster, outside any incident."))) var standing = false
}

func appendMemberEvent(_ options: JournalOptions, _ target: MemberTarget, _ action: Action) throws {
    let events = try perform(options, action) { (state) throws(EventError) -> Incident? in
        if target.standing { return nil }
        if let id = target.incident { return try IncidentOption(incident: id).resolve(in: state, path: options.shown) }
        return state.defaultIncident
    }
    let e = events[0]
    TerminalText.line(
        tr("{incident}: {sentence}", ["incident": e.incident ?? tr("standing roster"), "sentence": EventSentence.describe(e)]))
}

extension IncidentOption {
    init(incident: String?) {
        self.init()
        self.incident = incident
    }
}

struct Join: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: tr("Put a member on the roster."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var target: MemberTarget
    @Argument(help: ArgumentHelp(tr("The member's login or short name."))) var member: String
    @Option(help: ArgumentHelp(tr("Full name."))) var name: String?
    @Option(help: ArgumentHelp(tr("Team."))) var team: String?
    @Option(help: ArgumentHelp(tr("How to reach them."))) var contact: String?

    func run() throws {
        try appendMemberEvent(options, target, .join(member: member, name: name, team: team, contact: contact))
    }
}

struct PresenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presence", abstract: tr("Set a member's presence (available, engaged, away, offline)."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var target: MemberTarget
    @Argument(help: ArgumentHelp(tr("The member."))) var member: String
    @Argument(help: ArgumentHelp(tr("available, engaged, away or offline."))) var status: String

    func run() throws {
        guard let presence = Presence(rawValue: status) else {
            throw CLIError(oneOf("status", Presence.allCases.map(\.rawValue), status))
        }
        try appendMemberEvent(options, target, .presence(member: member, status: presence))
    }
}

struct Leave: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: tr("Take a member off the roster."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var target: MemberTarget
    @Argument(help: ArgumentHelp(tr("The member."))) var member: String

    func run() throws {
        try appendMemberEvent(options, target, .leave(member: member))
    }
}

struct AddItem: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-item", abstract: tr("Add an ad-hoc checklist item."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: ArgumentHelp(tr("A short id for the item, used by tick."))) var item: String
    @Argument(help: ArgumentHelp(tr("What to do."))) var text: String
    @Option(help: ArgumentHelp(tr("The phase it belongs to."))) var phase: String?
    @Option(help: ArgumentHelp(tr("Due this long after declaration, e.g. 30m or 72h."))) var due: String?
    @Option(help: ArgumentHelp(tr("The owner role."))) var role: String?

    func run() throws {
        var itemPhase: Phase?
        if let phase {
            guard let p = Phase(rawValue: phase) else {
                throw CLIError(oneOf("--phase", Phase.allCases.map(\.rawValue), phase))
            }
            itemPhase = p
        }
        if let due {
            guard DurationText.parse(due) != nil else {
                if CommandLineArguments.looksNegative(due) {
                    throw CLIError(
                        tr(
                            "--due {value} is out of range: it counts from the declaration, so it must not be negative (like 30m, 4h or 7d)",
                            ["value": due]))
                }
                throw CLIError(tr("--due must be a duration like 30m, 4h or 7d, not \"{value}\"", ["value": due]))
            }
        }
        try appendSimple(options, incident, .addItem(item: item, text: text, phase: itemPhase, due: due, role: role))
    }
}

struct Tick_: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tick", abstract: tr("Mark a checklist item done."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: ArgumentHelp(tr("The item id (`warroom status` shows them)."))) var item: String

    func run() throws {
        try appendSimple(options, incident, .tick(item: item))
    }
}

struct Untick: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: tr("Mark a checklist item not done."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: ArgumentHelp(tr("The item id."))) var item: String

    func run() throws {
        try appendSimple(options, incident, .untick(item: item))
    }
}

struct CounterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counter", abstract: tr("Report a figure (complaints, leaked_records, …)."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: ArgumentHelp(tr("The counter's name, e.g. complaints."))) var name: String
    @Argument(help: ArgumentHelp(tr("Its value."))) var value: String
    @Option(help: ArgumentHelp(tr("The unit."))) var unit: String?

    func run() throws {
        let v: Double
        switch CounterValue.parse(value) {
        case .success(let number): v = number
        case .failure(let refusal): throw CLIError(refusal.reason)
        }
        try appendSimple(options, incident, .counter(name: name, value: v, unit: unit))
    }
}

struct Comms: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: tr("Log a published communication, or draft, approve and publish a statement."),
        subcommands: [
            CommsLog.self, StatementCommands.Draft.self, StatementCommands.Approve.self, StatementCommands.Reject.self,
            StatementCommands.Publish.self, StatementCommands.Drafts.self, StatementCommands.Templates.self,
        ], defaultSubcommand: CommsLog.self)
}

/// `warroom comms --to internal "…"`: a communication logged as published, without a draft
/// (refused where the policy wants the statement approved first).
struct CommsLog: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: tr("Log a published communication."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Option(name: [.customLong("audience"), .customLong("to")], help: ArgumentHelp(tr("internal, external, management or regulator.")))
    var audience: String
    @Option(help: ArgumentHelp(tr("Where it was published (site, in-app, email, …)."))) var channel: String?
    @Argument(help: ArgumentHelp(tr("The text as published."))) var text: [String]

    func run() throws {
        guard let to = Audience(rawValue: audience) else {
            throw CLIError(oneOf("--audience", Audience.allCases.map(\.rawValue), audience))
        }
        try appendSimple(options, incident, .comms(audience: to, channel: channel, text: text.joined(separator: " ")))
    }
}

struct SwitchPlaybook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switch-playbook",
        abstract: tr("Run the incident under another playbook; the checklist follows it and ticks are kept by item id."))
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: ArgumentHelp(tr("The playbook's name (`warroom playbooks` lists them)."))) var playbook: String
    @Option(help: ArgumentHelp(tr("Why."))) var reason: String?

    func run() throws {
        try appendSimple(options, incident, .switchPlaybook(playbook, reason: reason))
    }
}

/// "--kind must be one of a, b, c, not "x"": the words allowed are the journal's own, never translated.
func oneOf(_ option: String, _ allowed: [String], _ value: String) -> String {
    tr("{option} must be one of {allowed}, not \"{value}\"", ["option": option, "allowed": listed(allowed), "value": value])
}

/// Words in a row, separated as the interface language separates them ("a, b", "a、b").
func listed(_ words: [String]) -> String {
    words.joined(separator: tr(", ", context: "list separator"))
}
