import ArgumentParser
import Foundation
import WarRoomCore

/// `warroom comms draft|approve|reject|publish|drafts`: statements that go out only once the
/// people the policy names have approved them (`[approvals]` in policy.toml).
enum StatementCommands {
    struct Draft: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: tr("Draft a statement for approval (its text is fixed: a change is a new draft)."))
        @OptionGroup var options: JournalOptions
        @OptionGroup var incident: IncidentOption
        @Option(
            name: [.customLong("to"), .customLong("audience")],
            help: ArgumentHelp(tr("internal, external, management or regulator (default: the template's)."))) var to: String?
        @Option(help: ArgumentHelp(tr("Where it will be published (site, in-app, email, …)."))) var channel: String?
        @Option(
            help: ArgumentHelp(
                tr("A statement template of the incident's playbook (`warroom comms templates` lists them)."), valueName: "id"))
        var template: String?
        @Argument(help: ArgumentHelp(tr("The text to be approved (with --template: leave out to use the template's)."))) var text:
            [String] = []

        func run() throws {
            let catalog = PlaybookCatalog.load()
            let file = options.location.source(recordsTimelines: false)
            let action: Action
            do { try file.refresh() } catch { throw CLIError(error.message) }
            do {
                action = try draftAction(try incident.resolve(in: file.reader.state, path: options.shown), catalog)
            } catch {
                throw CLIError(error.reason)
            }
            var before: Severity?
            let events = try perform(options, action, catalog: catalog) { (state) throws(EventError) -> Incident? in
                let inc = try incident.resolve(in: state, path: options.shown)
                before = inc.severity
                return inc
            }
            if let e = events.first, let id = e.incident {
                TerminalText.line(
                    tr("{incident}: {sentence}", ["incident": id, "sentence": EventSentence.describe(e, previousSeverity: before)]))
                if let draft = e.payload.statementDraft {
                    TerminalText.line(StatementCommands.nextStep(draft, on: id, options: options, catalog: catalog))
                }
            }
        }

        func draftAction(_ inc: Incident, _ catalog: PlaybookCatalog) throws(EventError) -> Action {
            var audience = try to.map { (t) throws(EventError) in
                guard let a = Audience(rawValue: t) else { throw EventError(oneOf("--to", Audience.allCases.map(\.rawValue), t)) }
                return a
            }
            var body = text.joined(separator: " ")
            var channel = self.channel
            if let id = template {
                let t = try StatementCommands.template(id, for: inc, catalog)
                if body.isEmpty {
                    body = try t.filled(
                        for: inc, chinese: L10n.isChinese, now: Date(), nextUpdate: StatementCommands.nextUpdate(inc, catalog),
                        timeZone: .current)
                }
                audience = audience ?? t.audience
                channel = channel ?? t.channel
            }
            guard let audience else {
                throw EventError(tr("say who the statement is for: --to internal, external, management or regulator"))
            }
            return .draftStatement(audience: audience, channel: channel, text: body, template: template)
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("Approve a drafted statement (as the person --as names)."))
        @OptionGroup var options: JournalOptions
        @Argument(help: ArgumentHelp(tr("The statement's id (S-1, …; `warroom comms drafts` lists them)."))) var id: String

        func run() throws {
            try StatementCommands.decide(options, .approveStatement(id: id, by: options.actor))
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("Reject a drafted statement, saying why."))
        @OptionGroup var options: JournalOptions
        @Argument(help: ArgumentHelp(tr("The statement's id (S-1, …; `warroom comms drafts` lists them)."))) var id: String
        @Option(help: ArgumentHelp(tr("Why it is rejected."))) var reason: String = ""

        func run() throws {
            try StatementCommands.decide(options, .rejectStatement(id: id, by: options.actor, reason: reason))
        }
    }

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("Log a drafted statement as published, with its approved text."))
        @OptionGroup var options: JournalOptions
        @Argument(help: ArgumentHelp(tr("The statement's id (S-1, …; `warroom comms drafts` lists them)."))) var id: String

        func run() throws {
            try StatementCommands.decide(options, .publishStatement(id: id))
        }
    }

    struct Drafts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: tr("List an incident's statements: drafted, approved, rejected, published."))
        @OptionGroup var options: JournalOptions
        @OptionGroup var incident: IncidentOption
        @Flag(help: ArgumentHelp(tr("Every incident's statements."))) var all = false
        @Flag(help: ArgumentHelp(tr("As JSON, for scripts."))) var json = false

        func run() throws {
            let file = options.location.source(recordsTimelines: false)
            do { try file.refresh() } catch { throw CLIError(error.message) }
            let state = file.reader.state
            var list = state.statementOrder.compactMap { state.statements[$0] }
            if !all {
                let inc: Incident
                do { inc = try incident.resolve(in: state, path: options.shown) } catch { throw CLIError(error.reason) }
                list = list.filter { $0.incident == inc.id }
            }
            if json {
                StandardOutput.write(JSONWriter.serialize(.array(list.map(StatementCommands.json))) + "\n")
                return
            }
            if list.isEmpty {
                TerminalText.line(tr("no statements drafted; draft one with `warroom comms draft --to external \"…\"`"))
                return
            }
            for s in list {
                var line = tr(
                    "{draft}  {incident}  {audience}  {status}  drafted by {who}",
                    [
                        "draft": s.id, "incident": s.incident, "audience": s.audience.displayName,
                        "status": Statement.display(s.status), "who": s.draftedBy,
                    ])
                if let a = s.approval { line += tr(", approved by {who} at {time}", ["who": a.by, "time": RFC3339.format(a.at)]) }
                if let r = s.rejection { line += tr(", rejected by {who}", ["who": r.by]) + (s.rejectionReason.map { ": " + $0 } ?? "") }
                TerminalText.line(line)
                TerminalText.line("    " + s.text)
            }
        }
    }

    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: tr("List the statement templates of the incident's playbook."))
        @OptionGroup var options: JournalOptions
        @OptionGroup var incident: IncidentOption

        func run() throws {
            let file = options.location.source(recordsTimelines: false)
            do { try file.refresh() } catch { throw CLIError(error.message) }
            let catalog = PlaybookCatalog.load()
            let inc: Incident
            do { inc = try incident.resolve(in: file.reader.state, path: options.shown) } catch { throw CLIError(error.reason) }
            let list = catalog.playbook(named: inc.playbook)?.statements ?? []
            if list.isEmpty {
                TerminalText.line(tr("the playbook of {incident} has no statement templates", ["incident": inc.id]))
                return
            }
            for t in list {
                TerminalText.line(
                    tr("{id}  {audience}  {title}", ["id": t.id, "audience": t.audience.displayName, "title": t.localizedTitle]))
            }
        }
    }

    static func json(_ s: Statement) -> JSONValue {
        var o: JSONObject = [
            "draft": .string(s.id), "incident": .string(s.incident), "audience": .string(s.audience.rawValue),
            "status": .string(s.status.rawValue), "text": .string(s.text), "drafted_by": .string(s.draftedBy),
            "drafted_at": .string(RFC3339.format(s.draftedAt)),
        ]
        if let c = s.channel { o["channel"] = .string(c) }
        if let t = s.template { o["template"] = .string(t) }
        if let a = s.approval {
            o["approved_by"] = .string(a.by)
            o["approved_at"] = .string(RFC3339.format(a.at))
        }
        if let r = s.rejection {
            o["rejected_by"] = .string(r.by)
            o["rejected_at"] = .string(RFC3339.format(r.at))
            if let reason = s.rejectionReason { o["reason"] = .string(reason) }
        }
        if let p = s.publication {
            o["published_by"] = .string(p.by)
            o["published_at"] = .string(RFC3339.format(p.at))
        }
        return .object(o)
    }

    /// A template of the incident's playbook by id, or which there are.
    static func template(_ id: String, for inc: Incident, _ catalog: PlaybookCatalog) throws(EventError) -> StatementTemplate {
        let list = catalog.playbook(named: inc.playbook)?.statements ?? []
        if let t = list.first(where: { $0.id == id }) { return t }
        if list.isEmpty {
            throw EventError(tr("the playbook of {incident} has no statement templates; write the text yourself", ["incident": inc.id]))
        }
        throw EventError(
            tr("no statement template \"{id}\" (templates: {list})", ["id": id, "list": list.map(\.id).joined(separator: ", ")]))
    }

    /// When the next external update is due under the incident's policy (a day when none is set).
    static func nextUpdate(_ inc: Incident, _ catalog: PlaybookCatalog) -> Date {
        let limit = catalog.policy(for: inc).targets[.sinceExternalUpdate]?.limit(at: inc.severity) ?? 86_400
        return Date().addingTimeInterval(limit)
    }

    /// What to do next with a new draft: who approves it, or that it may be published at once.
    static func nextStep(_ draft: String, on incident: String, options: JournalOptions, catalog: PlaybookCatalog) -> String {
        let file = options.location.source(recordsTimelines: false)
        _ = try? file.refresh()
        let state = file.reader.state
        guard let s = state.statement(draft), let inc = state.incidents[incident] else { return "" }
        let approver = catalog.policy.approvals.approver(for: s.audience, at: inc.severity)
        if approver == .none {
            return tr("no approval needed: publish it with `warroom comms publish {draft}`", ["draft": draft])
        }
        return tr(
            "to be approved by {approvers}: `warroom comms approve {draft}`, then `warroom comms publish {draft}`",
            ["draft": draft, "approvers": Action.approversText(s, inc, catalog.policy.approvals, anyone: false)])
    }

    /// Approve, reject or publish: the draft names its incident.
    static func decide(_ options: JournalOptions, _ action: Action) throws {
        let events = try perform(options, action) { (_) throws(EventError) -> Incident? in nil }
        if let e = events.first, let id = e.incident {
            TerminalText.line(tr("{incident}: {sentence}", ["incident": id, "sentence": EventSentence.describe(e)]))
        }
    }
}
