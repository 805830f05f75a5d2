import ArgumentParser
import Foundation
import WarRoomCore

/// `warroom action add|done|drop`: follow-up actions, made during or after an incident.
struct FollowUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action", abstract: tr("Add, finish or drop a follow-up action (owner, due date) that outlives the incident."),
        subcommands: [Add.self, Done.self, Drop.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("Add a follow-up action to an incident (closed ones too)."))
        @OptionGroup var options: JournalOptions
        @Option(
            help: ArgumentHelp(tr("The incident (default: the open one, else the most recently declared)."), valueName: "id"))
        var incident: String?
        @Option(help: ArgumentHelp(tr("Who does it (a member's login or name)."))) var owner: String?
        @Option(help: ArgumentHelp(tr("When it is due: a duration from now (14d, 2w) or a date (2026-12-31)."))) var due: String?
        @Argument(help: ArgumentHelp(tr("What is to be done."))) var text: [String]

        func run() throws {
            let dueDate = try due.map { try FollowUpCommand.parseDue($0, now: Date()) }
            let events = try perform(options, .addFollowUp(text: text.joined(separator: " "), owner: owner, due: dueDate, from: "cli")) {
                (state) throws(EventError) -> Incident? in
                if let id = incident { return try IncidentOption(incident: id).resolve(in: state, path: options.shown) }
                if let open = state.defaultIncident { return open }
                guard let last = state.orderedIncidents.last else {
                    throw EventError(
                        tr(
                            "no incident in {path} to add a follow-up to; declare one with `warroom declare --severity N --title TEXT`",
                            ["path": options.shown]))
                }
                return last
            }
            if let e = events.first {
                TerminalText.line(tr("{incident}: {sentence}", ["incident": e.incident ?? "", "sentence": EventSentence.describe(e)]))
            }
            if let dueDate, dueDate < Date() {
                TerminalText.warning(
                    tr(
                        "the due date {date} has already passed, so the follow-up is overdue at once; `warroom actions --overdue` lists it",
                        ["date": EventSentence.dueDate(dueDate)]))
            }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("Mark a follow-up action done."))
        @OptionGroup var options: JournalOptions
        @Argument(help: ArgumentHelp(tr("The follow-up's id (A-1, …; `warroom actions` lists them)."))) var id: String
        @Option(help: ArgumentHelp(tr("A note on how it was done."))) var note: String?

        func run() throws {
            try FollowUpCommand.close(options, .completeFollowUp(id: id, note: note))
        }
    }

    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("Drop a follow-up action, saying why."))
        @OptionGroup var options: JournalOptions
        @Argument(help: ArgumentHelp(tr("The follow-up's id (A-1, …; `warroom actions` lists them)."))) var id: String
        @Option(help: ArgumentHelp(tr("Why it is dropped."))) var reason: String

        func run() throws {
            try FollowUpCommand.close(options, .dropFollowUp(id: id, reason: reason))
        }
    }

    static func close(_ options: JournalOptions, _ action: Action) throws {
        let events = try perform(options, action) { _ throws(EventError) in nil }
        if let e = events.first {
            TerminalText.line(tr("{incident}: {sentence}", ["incident": e.incident ?? "", "sentence": EventSentence.describe(e)]))
        }
    }

    static func parseDue(_ text: String, now: Date) throws -> Date {
        guard let d = DueDate.parse(text, now: now) else {
            throw CLIError(
                tr("--due must be a duration from now like 14d or 2w, or a date like 2026-12-31, not \"{value}\"", ["value": text]))
        }
        return d
    }
}

/// `warroom actions`: the follow-ups across every incident of one or more journals.
struct ActionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions", abstract: tr("List follow-up actions across incidents and journals (open ones unless --all)."))
    @OptionGroup var options: JournalOptions
    @Option(help: ArgumentHelp(tr("Only this owner's."))) var owner: String?
    @Flag(help: ArgumentHelp(tr("Only open ones past their due date."))) var overdue = false
    @Flag(help: ArgumentHelp(tr("Done and dropped ones too."))) var all = false
    @Flag(help: ArgumentHelp(tr("Print JSON for other tools."))) var json = false
    @Argument(
        help: ArgumentHelp(
            tr("Journals or directories of *.jsonl journals to read (default: --journal or WARROOM_JOURNAL)."), valueName: "journal"))
    var journals: [String] = []

    func run() throws {
        let now = Date()
        // Files, database URIs and directories of *.jsonl, read as stats and drill history read them.
        let loaded = JournalSet.load(journals.isEmpty ? [options.path] : journals)
        var rows: [(journal: String, f: FollowUp)] = []
        var failed = false
        for j in loaded {
            guard let state = j.state else {
                TerminalText.error(tr("{journal}: {reason}", context: "journal", ["journal": j.display, "reason": j.problem ?? ""]))
                failed = true
                continue
            }
            for f in state.orderedFollowUps {
                if !all && !f.isOpen { continue }
                if overdue && !f.isOverdue(at: now) { continue }
                if let owner, f.owner != owner { continue }
                rows.append((j.display, f))
            }
        }
        if json {
            let list = rows.map { ActionsCommand.json($0.f, journal: $0.journal, now: now) }
            print(JSONWriter.serialize(.array(list)))
        } else if rows.isEmpty {
            TerminalText.line(
                overdue ? tr("no overdue follow-up actions") : all ? tr("no follow-up actions") : tr("no open follow-up actions"))
        } else {
            for r in rows { TerminalText.line(ActionsCommand.line(r.f, journal: loaded.count > 1 ? r.journal : nil, now: now)) }
        }
        if failed { throw ExitCode(2) }
    }

    static func line(_ f: FollowUp, journal: String?, now: Date) -> String {
        let status: String
        switch f.status {
        case .open: status = f.isOverdue(at: now) ? tr("OVERDUE", context: "follow-up") : tr("open", context: "follow-up")
        case .done: status = tr("done", context: "follow-up")
        case .dropped(_, _, let reason): status = tr("dropped: {reason}", ["reason": reason])
        }
        var s = tr(
            "{action}  {incident}  {status}  due {due}  owner {owner}  {text}",
            [
                "action": f.id, "incident": f.incident, "status": status, "due": f.due.map(EventSentence.dueDate) ?? "—",
                "owner": f.owner ?? "—", "text": f.text,
            ])
        if let journal { s += "  (" + journal + ")" }
        return s
    }

    static func json(_ f: FollowUp, journal: String, now: Date) -> JSONValue {
        var o = JSONObject()
        o["id"] = .string(f.id)
        o["journal"] = .string(journal)
        o["incident"] = .string(f.incident)
        o["text"] = .string(f.text)
        o["owner"] = f.owner.map { .string($0) } ?? .null
        o["due"] = f.due.map { .string(RFC3339.format($0)) } ?? .null
        o["status"] = .string(f.status.word)
        o["overdue"] = .bool(f.isOverdue(at: now))
        o["added_at"] = .string(RFC3339.format(f.addedAt))
        o["added_by"] = .string(f.addedBy)
        o["from"] = f.from.map { .string($0) } ?? .null
        switch f.status {
        case .open: break
        case .done(let at, let by, let note):
            o["closed_at"] = .string(RFC3339.format(at))
            o["closed_by"] = .string(by)
            o["note"] = note.map { .string($0) } ?? .null
        case .dropped(let at, let by, let reason):
            o["closed_at"] = .string(RFC3339.format(at))
            o["closed_by"] = .string(by)
            o["reason"] = .string(reason)
        }
        return .object(o)
    }
}
