import ArgumentParser
import Foundation
import WarRoomCore

struct Declare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Declare a new incident and print its id.")

    @OptionGroup var options: JournalOptions
    @Option(help: "1, 2 or 3 (L1 is the worst).") var severity: String
    @Option(help: "A short title.") var title: String
    @Option(help: "When impact began (RFC 3339), if before now.") var startedAt: String?
    @Option(help: "The playbook (default: the one for the severity).") var playbook: String?
    @Option(help: "A summary line.") var summary: String?
    @Option(help: "The incident id (default: INC-YYYYMMDD-NN).") var id: String?
    @Flag(help: "Mark the incident as a drill.") var drill = false

    func run() throws {
        guard let sev = Severity(text: severity) else { throw CLIError(Severity.refusal("--severity", severity)) }
        if title.trimmingCharacters(in: .whitespaces).isEmpty { throw CLIError("--title must not be empty") }
        var data: JSONObject = ["title": .string(title), "severity": .number(Double(sev.rawValue))]
        if let startedAt {
            guard let t = RFC3339.parse(startedAt) else {
                throw CLIError("--started-at must be an RFC 3339 time like 2026-11-22T08:15:00Z, not \"\(startedAt)\"")
            }
            data["started_at"] = .string(RFC3339.format(t))
        }
        if let summary { data["summary"] = .string(summary) }
        let catalog = PlaybookCatalog.load()
        if let playbook {
            guard catalog.playbook(named: playbook) != nil else {
                throw CLIError(
                    "no playbook \"\(playbook)\"; known: \(catalog.playbooks.map(\.name).joined(separator: ", ")) (`warroom playbooks` lists them)"
                )
            }
            data["playbook"] = .string(playbook)
        } else if let def = catalog.defaultPlaybook(for: sev) {
            data["playbook"] = .string(def.name)
        }
        if drill { data["drill"] = .bool(true) }
        if let id {
            do { try EventSchema.validateIncidentID(id) } catch { throw CLIError("--id: \(error.reason)") }
        }
        let writer = options.writer()
        let events: [Event]
        do {
            events = try writer.append { (state) throws(EventError) -> [Event] in
                let now = Date()
                let incidentID = id ?? Identity.nextIncidentID(in: state, at: now)
                return [options.stamp(.incidentDeclared, incident: incidentID, data: data, at: now)]
            }
        } catch {
            throw CLIError(error.message)
        }
        TerminalText.line(events[0].incident ?? "")
        if data["playbook"] == nil {
            // Declared all the same (an incident must never wait for files), but not silently.
            TerminalText.warning(
                "\(events[0].incident ?? "the incident") has no playbook, so no checklist: "
                    + catalog.missingPlaybookReason(nil) + "; pass --playbook NAME to pick one")
        }
    }
}

struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add a note to the incident timeline.")
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Option(help: "observation (default), decision, action or inject.") var kind: String?
    @Argument(help: "The note's text.") var text: [String]

    func run() throws {
        let body = text.joined(separator: " ")
        if body.trimmingCharacters(in: .whitespaces).isEmpty { throw CLIError("the note is empty; give its text") }
        var data: JSONObject = ["text": .string(body)]
        if let kind {
            guard NoteKind(rawValue: kind) != nil else {
                throw CLIError(
                    "--kind must be one of \(NoteKind.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(kind)\"")
            }
            data["kind"] = .string(kind)
        }
        try appendSimple(options, incident, .note, data)
    }
}

struct SeverityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "severity", abstract: "Change the incident's severity.")
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: "1, 2 or 3 (L1 is the worst).") var level: String
    @Option(help: "Why.") var reason: String?

    func run() throws {
        guard let sev = Severity(text: level) else { throw CLIError(Severity.refusal("severity", level)) }
        var data: JSONObject = ["severity": .number(Double(sev.rawValue))]
        if let reason { data["reason"] = .string(reason) }
        try appendSimple(options, incident, .incidentSeverity, data)
    }
}

struct PhaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phase", abstract: "Move the incident to a phase (declared, verified, contained, recovered, closed).")
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: "declared, verified, contained, recovered or closed.") var phase: String
    @Option(help: "A note on the change.") var note: String?

    func run() throws {
        guard let p = Phase(rawValue: phase.lowercased()) else {
            throw CLIError(
                "phase must be one of \(Phase.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(phase)\"")
        }
        var data: JSONObject = ["phase": .string(p.rawValue)]
        if let note { data["note"] = .string(note) }
        try appendSimple(options, incident, .incidentPhase, data)
    }
}

struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Give a role to a member (replacing any holder).")
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: "The role, e.g. commander.") var role: String
    @Argument(help: "The member's login or name.") var member: String
    @Flag(help: "Allow a role that neither the playbook nor the standard roles name.") var newRole = false

    func run() throws {
        let catalog = PlaybookCatalog.load()
        try appendSimple(options, incident, .roleAssigned, ["role": .string(role), "member": .string(member)]) {
            (inc, _) throws(EventError) in
            if !newRole { try catalog.checkRole(role, for: inc) }
        }
    }
}

struct Release: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Leave a role unfilled.")
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: "The role.") var role: String

    func run() throws {
        try appendSimple(options, incident, .roleReleased, ["role": .string(role)]) { (inc, _) throws(EventError) in
            if inc.roles[role] == nil {
                let held = inc.roles.keys.sorted().joined(separator: ", ")
                throw EventError(
                    "role \(role) is not held in \(inc.id), nothing to release" + (held.isEmpty ? "" : " (held: \(held))"))
            }
        }
    }
}

/// Member commands act on the incident when one is named or open, else on the standing roster.
struct MemberTarget: ParsableArguments {
    @Option(help: "The incident (default: the open one; with --standing, none).") var incident: String?
    @Flag(help: "Act on the standing roster, outside any incident.") var standing = false
}

func appendMemberEvent(
    _ options: JournalOptions, _ target: MemberTarget, _ kind: EventType, _ data: JSONObject,
    check: (Incident?, JournalState) throws(EventError) -> Void = { _, _ in }
) throws {
    let writer = options.writer()
    do {
        let events = try writer.append { (state) throws(EventError) -> [Event] in
            var incidentID: String?
            if !target.standing {
                if let id = target.incident {
                    incidentID = try IncidentOption(incident: id).resolve(in: state, path: options.path).id
                } else {
                    incidentID = state.defaultIncident?.id
                }
            }
            try check(incidentID.flatMap { state.incidents[$0] }, state)
            return [options.stamp(kind, incident: incidentID, data: data)]
        }
        let e = events[0]
        TerminalText.line("\(e.incident ?? "standing roster"): \(EventSentence.describe(e))")
    } catch {
        throw CLIError(error.message)
    }
}

extension IncidentOption {
    init(incident: String?) {
        self.init()
        self.incident = incident
    }
}

struct Join: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Put a member on the roster.")
    @OptionGroup var options: JournalOptions
    @OptionGroup var target: MemberTarget
    @Argument(help: "The member's login or short name.") var member: String
    @Option(help: "Full name.") var name: String?
    @Option(help: "Team.") var team: String?
    @Option(help: "How to reach them.") var contact: String?

    func run() throws {
        var data: JSONObject = ["member": .string(member)]
        if let name { data["name"] = .string(name) }
        if let team { data["team"] = .string(team) }
        if let contact { data["contact"] = .string(contact) }
        try appendMemberEvent(options, target, .memberJoined, data)
    }
}

struct PresenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presence", abstract: "Set a member's presence (available, engaged, away, offline).")
    @OptionGroup var options: JournalOptions
    @OptionGroup var target: MemberTarget
    @Argument(help: "The member.") var member: String
    @Argument(help: "available, engaged, away or offline.") var status: String

    func run() throws {
        guard Presence(rawValue: status) != nil else {
            throw CLIError(
                "status must be one of \(Presence.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(status)\"")
        }
        try appendMemberEvent(options, target, .memberStatus, ["member": .string(member), "status": .string(status)])
    }
}

struct Leave: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Take a member off the roster.")
    @OptionGroup var options: JournalOptions
    @OptionGroup var target: MemberTarget
    @Argument(help: "The member.") var member: String

    /// Refused for someone not on the roster, as `release` refuses a role nobody holds:
    /// a typo must not look like a member taken off.
    func run() throws {
        try appendMemberEvent(options, target, .memberLeft, ["member": .string(member)]) {
            (inc, state) throws(EventError) in
            let roster = inc.map { $0.memberOrder } ?? state.standingOrder
            guard !roster.contains(member) else { return }
            let place = inc.map { "the roster of \($0.id)" } ?? "the standing roster"
            throw EventError(
                "\(member) is not on \(place), nothing to leave"
                    + (roster.isEmpty ? "" : " (members: \(roster.prefix(12).joined(separator: ", ")))"))
        }
    }
}

struct AddItem: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-item", abstract: "Add an ad-hoc checklist item.")
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: "A short id for the item, used by tick.") var item: String
    @Argument(help: "What to do.") var text: String
    @Option(help: "The phase it belongs to.") var phase: String?
    @Option(help: "Due this long after declaration, e.g. 30m or 72h.") var due: String?
    @Option(help: "The owner role.") var role: String?

    func run() throws {
        var data: JSONObject = ["item": .string(item), "text": .string(text)]
        if let phase {
            guard Phase(rawValue: phase) != nil else {
                throw CLIError(
                    "--phase must be one of \(Phase.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(phase)\"")
            }
            data["phase"] = .string(phase)
        }
        if let due {
            guard DurationText.parse(due) != nil else {
                if CommandLineArguments.looksNegative(due) {
                    throw CLIError("--due \(due) is out of range: it counts from the declaration, so it must not be negative (like 30m, 4h or 7d)")
                }
                throw CLIError("--due must be a duration like 30m, 4h or 7d, not \"\(due)\"")
            }
            data["due"] = .string(due)
        }
        if let role { data["role"] = .string(role) }
        try appendSimple(options, incident, .checklistAdded, data)
    }
}

struct Tick_: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tick", abstract: "Mark a checklist item done.")
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: "The item id (`warroom status` shows them).") var item: String

    func run() throws {
        let catalog = PlaybookCatalog.load()
        try appendSimple(options, incident, .checklistDone, ["item": .string(item)]) { (inc, _) throws(EventError) in
            try catalog.checkItem(item, in: inc)
        }
    }
}

struct Untick: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Mark a checklist item not done.")
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: "The item id.") var item: String

    func run() throws {
        let catalog = PlaybookCatalog.load()
        try appendSimple(options, incident, .checklistUndone, ["item": .string(item)]) {
            (inc, _) throws(EventError) in
            try catalog.checkItem(item, in: inc)
        }
    }
}

struct CounterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counter", abstract: "Report a figure (complaints, leaked_records, …).")
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: "The counter's name, e.g. complaints.") var name: String
    @Argument(help: "Its value.") var value: String
    @Option(help: "The unit.") var unit: String?

    func run() throws {
        let v: Double
        switch CounterValue.parse(value) {
        case .success(let number): v = number
        case .failure(let refusal): throw CLIError(refusal.description)
        }
        var data: JSONObject = ["name": .string(name), "value": .number(v)]
        if let unit { data["unit"] = .string(unit) }
        try appendSimple(options, incident, .counterSet, data)
    }
}

struct Comms: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Log a published communication.")
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Option(help: "internal, external, management or regulator.") var audience: String
    @Option(help: "Where it was published (site, in-app, email, …).") var channel: String?
    @Argument(help: "The text as published.") var text: [String]

    func run() throws {
        guard Audience(rawValue: audience) != nil else {
            throw CLIError(
                "--audience must be one of \(Audience.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(audience)\"")
        }
        let body = text.joined(separator: " ")
        if body.trimmingCharacters(in: .whitespaces).isEmpty { throw CLIError("give the text that was published") }
        var data: JSONObject = ["audience": .string(audience), "text": .string(body)]
        if let channel { data["channel"] = .string(channel) }
        try appendSimple(options, incident, .commsPublished, data)
    }
}

struct SwitchPlaybook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switch-playbook",
        abstract: "Run the incident under another playbook; the checklist follows it and ticks are kept by item id.")
    @OptionGroup var options: JournalOptions
    @OptionGroup var incident: IncidentOption
    @Argument(help: "The playbook's name (`warroom playbooks` lists them).") var playbook: String
    @Option(help: "Why.") var reason: String?

    func run() throws {
        let catalog = PlaybookCatalog.load()
        guard catalog.playbook(named: playbook) != nil else {
            let known = catalog.playbooks.map(\.name).joined(separator: ", ")
            throw CLIError(
                "no playbook \"\(playbook)\"" + (known.isEmpty ? "; no playbooks were found (set WARROOM_DATA)" : "; known: \(known)")
                    + " (`warroom playbooks` lists them)")
        }
        var data: JSONObject = ["playbook": .string(playbook)]
        if let reason { data["reason"] = .string(reason) }
        try appendSimple(options, incident, .incidentPlaybook, data) { (inc, _) throws(EventError) in
            if inc.playbook == playbook { throw EventError("\(inc.id) already runs under \(playbook)") }
        }
    }
}
