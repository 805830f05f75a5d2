import Foundation

/// Each thing a person can do to the journal, checked and turned into events in one place.
///
/// `warroom declare`, `note`, `tick` … and the console's keys build an `Action` and ask it
/// for its events against the journal as it stands under the writer's lock, so the CLI and
/// the console accept the same things and refuse the rest with the same words. The domain's
/// rules live here: a role must exist, only a held role is released, only a member leaves,
/// a severity or phase change changes something, an inject is released once.
public enum Action: Equatable, Sendable {
    case declare(Declaration)
    /// nil kind: an observation, written without a `kind` member.
    case note(text: String, kind: NoteKind?)
    case severity(Severity, reason: String?)
    case phase(Phase, note: String?)
    /// `newRole` allows a role neither the playbook nor the standard roles name.
    case assign(role: String, member: String, newRole: Bool)
    case release(role: String)
    case join(member: String, name: String?, team: String?, contact: String?)
    case presence(member: String, status: Presence)
    case leave(member: String)
    case addItem(item: String, text: String, phase: Phase?, due: String?, role: String?)
    case tick(item: String)
    case untick(item: String)
    case counter(name: String, value: Double, unit: String?)
    case comms(audience: Audience, channel: String?, text: String)
    case switchPlaybook(String, reason: String?)
    case pauseDrill
    case resumeDrill
    /// A scenario's inject released by hand: its marker and its event, appended together.
    case releaseInject(Inject, scenario: Scenario)
    /// A follow-up action on the incident acted on (closed or not); its id is the journal's next `A-n`.
    case addFollowUp(text: String, owner: String?, due: Date?, from: String?)
    /// A follow-up closed, wherever it was made: it names its own incident.
    case completeFollowUp(id: String, note: String?)
    case dropFollowUp(id: String, reason: String)
    /// An evaluator's mark on one of the shown drill's expectations; `known` holds the scenario's
    /// expectation ids, so a typo is refused rather than recorded as a mark nothing scores.
    case observe(expectation: String, rating: ObservationRating, note: String?, known: [String])
    /// The hot wash after a drill: its strengths and gaps, and improvement items as follow-ups.
    case hotWash(HotWash)
    /// The review meeting held (`at`: when, if logged later), on an incident whose crisis has ended.
    case reviewHeld(at: Date?, note: String?)
    /// The review report written: where it is, and when it was finished if logged later.
    case reviewReported(location: String, at: Date?, note: String?)
    /// How far the outage reaches (the plans' L1 rule names a nationwide one).
    case scope(OutageScope, note: String?)
    /// The tech lead's recovery estimate: the backup in use, when service is back, the data lost as a window.
    case recoveryEstimate(backup: String?, eta: Date?, rpo: TimeInterval?, dataLost: String?, note: String?)
    /// A statement drafted for approval; its id is the journal's next `S-n`. `template` names the
    /// playbook template its text was filled from.
    case draftStatement(audience: Audience, channel: String?, text: String, template: String?)
    /// A draft approved or rejected by `by` (the writer's actor), wherever it was drafted.
    case approveStatement(id: String, by: String)
    case rejectStatement(id: String, by: String, reason: String)
    /// A draft published with its own text.
    case publishStatement(id: String)

    /// The events this action writes, or why it is refused.
    ///
    /// `incident` is the incident acted on (nil: none is open; member actions then act on the
    /// standing roster). Called under the writer's lock, so the checks see every earlier write.
    public func drafts(on incident: Incident?, in state: JournalState, catalog: PlaybookCatalog) throws(EventError)
        -> [EventDraft]
    {
        switch self {
        case .declare(let d):
            if EventSchema.isBlank(d.title) { throw EventError(tr("the title is empty; give the incident a title")) }
            if let p = d.playbook { try Action.checkPlaybook(p, catalog) }
            if let id = d.id { try EventSchema.validateIncidentID(id) }
            if let fp = d.signal { try Action.checkSignal(fp, in: state) }
            return [EventDraft(kind: .incidentDeclared, incident: d.id, data: d.data)]
        case .presence(let member, let status):
            try Action.checkName(member, tr("the member is empty; give the member's login or name"))
            return [
                EventDraft(
                    kind: .memberStatus, incident: incident?.id,
                    data: ["member": .string(member), "status": .string(status.rawValue)])
            ]
        case .join(let member, let name, let team, let contact):
            try Action.checkName(member, tr("the member is empty; give the member's login or name"))
            var data: JSONObject = ["member": .string(member)]
            if let name { data["name"] = .string(name) }
            if let team { data["team"] = .string(team) }
            if let contact { data["contact"] = .string(contact) }
            return [EventDraft(kind: .memberJoined, incident: incident?.id, data: data)]
        case .leave(let member):
            // Refused for someone not on the roster, as release refuses a role nobody holds:
            // a typo must not look like a member taken off.
            let roster = incident.map { $0.memberOrder } ?? state.standingOrder
            guard roster.contains(member) else {
                let place = incident.map { tr("the roster of {incident}", ["incident": $0.id]) } ?? tr("the standing roster")
                throw EventError(
                    tr("{member} is not on {place}, nothing to leave", ["member": member, "place": place])
                        + (roster.isEmpty
                            ? "" : tr(" (members: {members})", ["members": roster.prefix(12).joined(separator: ", ")])))
            }
            return [EventDraft(kind: .memberLeft, incident: incident?.id, data: ["member": .string(member)])]
        case .completeFollowUp(let id, let note):
            let f = try Action.openFollowUp(id, in: state)
            var data: JSONObject = ["action": .string(f.id)]
            if let note, !EventSchema.isBlank(note) { data["note"] = .string(note) }
            return [EventDraft(kind: .actionDone, incident: f.incident, data: data)]
        case .dropFollowUp(let id, let reason):
            let f = try Action.openFollowUp(id, in: state)
            if EventSchema.isBlank(reason) {
                throw EventError(tr("say why {action} is dropped: --reason \"…\"", ["action": f.id]))
            }
            return [EventDraft(kind: .actionDropped, incident: f.incident, data: ["action": .string(f.id), "reason": .string(reason)])]
        case .approveStatement, .rejectStatement, .publishStatement:
            return try statementDrafts(in: state, catalog: catalog)
        default:
            guard let inc = incident else {
                throw EventError(tr("no active incident; declare one first"))
            }
            return try incidentDrafts(inc, in: state, catalog: catalog)
        }
    }

    /// The actions that need an incident.
    private func incidentDrafts(_ inc: Incident, in state: JournalState, catalog: PlaybookCatalog) throws(EventError)
        -> [EventDraft]
    {
        func one(_ kind: EventType, _ data: JSONObject) -> [EventDraft] { [EventDraft(kind: kind, incident: inc.id, data: data)] }
        switch self {
        case .note(let text, let kind):
            if EventSchema.isBlank(text) { throw EventError(tr("the note is empty; give its text")) }
            var data: JSONObject = ["text": .string(text)]
            if let kind { data["kind"] = .string(kind.rawValue) }
            return one(.note, data)
        case .severity(let sev, let reason):
            if sev == inc.severity {
                throw EventError(tr("{incident} is already {severity}", ["incident": inc.id, "severity": sev.displayLabel]))
            }
            var data: JSONObject = ["severity": .number(Double(sev.rawValue))]
            if let reason, !reason.isEmpty { data["reason"] = .string(reason) }
            return one(.incidentSeverity, data)
        case .phase(let phase, let note):
            if phase == inc.phase {
                throw EventError(tr("{incident} is already {phase}", ["incident": inc.id, "phase": phase.displayName]))
            }
            var data: JSONObject = ["phase": .string(phase.rawValue)]
            if let note, !note.isEmpty { data["note"] = .string(note) }
            return one(.incidentPhase, data)
        case .assign(let role, let member, let newRole):
            try Action.checkName(member, tr("the member is empty; give the member's login or name"))
            if !newRole { try catalog.checkRole(role, for: inc) }
            return one(.roleAssigned, ["role": .string(role), "member": .string(member)])
        case .release(let role):
            if inc.roles[role] == nil {
                let held = inc.roles.keys.sorted().joined(separator: ", ")
                throw EventError(
                    tr("role {role} is not held in {incident}, nothing to release", ["role": role, "incident": inc.id])
                        + (held.isEmpty ? "" : tr(" (held: {roles})", ["roles": held])))
            }
            return one(.roleReleased, ["role": .string(role)])
        case .addItem(let item, let text, let phase, let due, let role):
            try Action.checkName(item, tr("the item id is empty; give a short id such as notify-dpo"))
            if EventSchema.isBlank(text) { throw EventError(tr("the item's text is empty; say what to do")) }
            var data: JSONObject = ["item": .string(item), "text": .string(text)]
            if let phase { data["phase"] = .string(phase.rawValue) }
            if let due {
                guard DurationText.parse(due) != nil else {
                    throw EventError(tr("the due time must be a duration like 30m, 4h or 7d, not \"{due}\"", ["due": due]))
                }
                data["due"] = .string(due)
            }
            if let role { data["role"] = .string(role) }
            return one(.checklistAdded, data)
        case .tick(let item):
            try catalog.checkItem(item, in: inc)
            return one(.checklistDone, ["item": .string(item)])
        case .untick(let item):
            try catalog.checkItem(item, in: inc)
            return one(.checklistUndone, ["item": .string(item)])
        case .counter(let name, let value, let unit):
            try Action.checkName(name, tr("the counter's name is empty; give one such as complaints"))
            guard value.isFinite else { throw EventError(tr("the value must be a finite number")) }
            var data: JSONObject = ["name": .string(name), "value": .number(value)]
            if let unit { data["unit"] = .string(unit) }
            return one(.counterSet, data)
        case .comms(let audience, let channel, let text):
            if EventSchema.isBlank(text) { throw EventError(tr("the text is empty; give the text as published")) }
            try Action.checkNeedsNoApproval(audience, inc, catalog.policy)
            var data: JSONObject = ["audience": .string(audience.rawValue), "text": .string(text)]
            if let channel { data["channel"] = .string(channel) }
            return one(.commsPublished, data)
        case .switchPlaybook(let name, let reason):
            try Action.checkPlaybook(name, catalog)
            if inc.playbook == name {
                throw EventError(tr("{incident} already runs under {playbook}", ["incident": inc.id, "playbook": name]))
            }
            var data: JSONObject = ["playbook": .string(name)]
            if let reason, !reason.isEmpty { data["reason"] = .string(reason) }
            return one(.incidentPlaybook, data)
        case .pauseDrill, .resumeDrill:
            let run = try Action.liveDrill(inc, in: state)
            let pausing = self == .pauseDrill
            if run.isPaused == pausing {
                throw EventError(pausing ? tr("the drill is already paused") : tr("the drill is already running"))
            }
            return one(pausing ? .drillPaused : .drillResumed, JSONObject())
        case .releaseInject(let inject, let scenario):
            _ = try Action.liveDrill(inc, in: state)
            try Action.checkNotReleased(inject.id, of: inc.id, in: state)
            return DrillRunner(scenario: scenario, incident: inc.id).injectBatch(inject, manual: true).events
        case .addFollowUp(let text, let owner, let due, let from):
            if EventSchema.isBlank(text) { throw EventError(tr("the follow-up's text is empty; say what is to be done")) }
            var data: JSONObject = ["action": .string(FollowUp.nextID(in: state)), "text": .string(text)]
            if let owner {
                try Action.checkName(owner, tr("the owner is empty; give the member's login or name"))
                data["owner"] = .string(owner)
            }
            if let due { data["due"] = .string(RFC3339.format(due)) }
            if let from { data["from"] = .string(from) }
            return one(.actionAdded, data)
        case .observe(let expectation, let rating, let note, let known):
            try Action.checkObservation(expectation, known: known, on: inc, in: state)
            var data: JSONObject = ["expectation": .string(expectation), "rating": .string(rating.rawValue)]
            if let note, !EventSchema.isBlank(note) { data["note"] = .string(note) }
            return one(.drillObserved, data)
        case .hotWash(let wash):
            return try Action.hotWashDrafts(wash, on: inc, in: state)
        case .reviewHeld(let at, let note):
            try Action.checkReview(inc, at: at)
            var data: JSONObject = [:]
            if let at { data["held_at"] = .string(RFC3339.format(at)) }
            if let note, !EventSchema.isBlank(note) { data["note"] = .string(note) }
            return one(.reviewHeld, data)
        case .reviewReported(let location, let at, let note):
            try Action.checkReview(inc, at: at)
            if EventSchema.isBlank(location) {
                throw EventError(tr("say where the review report is (a path, a link or the document's name): --where \"…\""))
            }
            var data: JSONObject = ["where": .string(location)]
            if let at { data["reported_at"] = .string(RFC3339.format(at)) }
            if let note, !EventSchema.isBlank(note) { data["note"] = .string(note) }
            return one(.reviewReported, data)
        case .scope(let scope, let note):
            if inc.scope == scope {
                throw EventError(tr("{incident}'s outage is already {scope}", ["incident": inc.id, "scope": scope.displayName]))
            }
            var data: JSONObject = ["scope": .string(scope.rawValue)]
            if let note, !EventSchema.isBlank(note) { data["note"] = .string(note) }
            return one(.incidentScope, data)
        case .recoveryEstimate(let backup, let eta, let rpo, let dataLost, let note):
            let backup = backup.flatMap { EventSchema.isBlank($0) ? nil : $0 }
            if backup == nil, eta == nil, rpo == nil {
                throw EventError(
                    tr("say what is estimated: the backup in use (--backup), when service is back (--eta) or the data lost (--rpo)"))
            }
            if let rpo, rpo < 0 { throw EventError(tr("the data-loss window cannot be negative")) }
            var data: JSONObject = [:]
            if let backup { data["backup"] = .string(backup) }
            if let eta { data["eta"] = .string(RFC3339.format(eta)) }
            if let rpo {
                // The journal's own duration form, never the interface language's.
                let s = Int(rpo.rounded())
                data["rpo"] = .string(s % 3600 == 0 && s > 0 ? "\(s / 3600)h" : s % 60 == 0 && s > 0 ? "\(s / 60)m" : "\(s)s")
            }
            if let dataLost, !EventSchema.isBlank(dataLost) { data["data_lost"] = .string(dataLost) }
            if let note, !EventSchema.isBlank(note) { data["note"] = .string(note) }
            return one(.recoveryEstimate, data)
        case .draftStatement(let audience, let channel, let text, let template):
            if EventSchema.isBlank(text) { throw EventError(tr("the statement's text is empty; give the text to be approved")) }
            var data: JSONObject = [
                "draft": .string(Statement.nextID(in: state)), "audience": .string(audience.rawValue), "text": .string(text),
            ]
            if let channel, !EventSchema.isBlank(channel) { data["channel"] = .string(channel) }
            if let template { data["template"] = .string(template) }
            return one(.commsDrafted, data)
        case .declare, .presence, .join, .leave, .completeFollowUp, .dropFollowUp, .approveStatement, .rejectStatement,
            .publishStatement:
            return try drafts(on: inc, in: state, catalog: catalog)
        }
    }

    /// The action's events, stamped: checked, then given who, when and an id.
    public func events(
        on incident: Incident?, in state: JournalState, catalog: PlaybookCatalog, actor: String, login: String, at now: Date
    ) throws(EventError) -> [Event] {
        Action.stamp(try drafts(on: incident, in: state, catalog: catalog), in: state, actor: actor, login: login, at: now)
    }

    /// Stamps drafts under the lock. Only a declaration without an id gets the next free one;
    /// presence and the standing roster stand outside any incident.
    public static func stamp(_ drafts: [EventDraft], in state: JournalState, actor: String, login: String, at now: Date)
        -> [Event]
    {
        // Ids this batch gives out: a hot wash writes several follow-ups at once.
        var given = Set<String>()
        var next = Int(FollowUp.nextID(in: state).dropFirst(2)) ?? 1
        return drafts.map { draft in
            let id = draft.incident ?? (draft.kind == .incidentDeclared ? Identity.nextIncidentID(in: state, at: now) : nil)
            var draft = draft
            // A follow-up's id is the journal's next under the lock: one built against an older state
            // (a console's) may name an id another console took meanwhile.
            if draft.kind == .actionAdded, let a = draft.payload.followUpAction {
                if state.followUps[a] != nil || given.contains(a) {
                    while state.followUps["A-\(next)"] != nil || given.contains("A-\(next)") { next += 1 }
                    draft.data["action"] = .string("A-\(next)")
                }
                given.insert(draft.payload.followUpAction ?? a)
            }
            // The same for a statement's S-n.
            if draft.kind == .commsDrafted, let s = draft.payload.statementDraft, state.statements[s] != nil {
                draft.data["draft"] = .string(Statement.nextID(in: state))
            }
            return draft.stamp(actor: actor, login: login, at: now, incident: id)
        }
    }

    /// Checks again, under the writer's lock, drafts built a moment earlier against an older
    /// state (the console's): another console may have released the same inject meanwhile.
    public static func recheck(_ drafts: [EventDraft], in state: JournalState) throws(EventError) {
        for d in drafts where d.kind == .drillInject {
            if let id = d.incident, case .drillInject(let p) = d.payload, let inject = p.inject {
                try checkNotReleased(inject, of: id, in: state)
            }
        }
        // Two consoles declaring from the same alert at once: the second is told the first's incident.
        for d in drafts where d.kind == .incidentDeclared {
            if case .incidentDeclared(let p) = d.payload, let fp = p.signal { try checkSignal(fp, in: state) }
        }
    }

    // MARK: Rules

    static func checkObservation(_ expectation: String, known: [String], on inc: Incident, in state: JournalState) throws(EventError) {
        guard let run = DrillScorer.drill(of: inc, in: state) else {
            throw EventError(tr("{incident} is not a drill", ["incident": inc.id]))
        }
        if run.byHand {
            throw EventError(
                tr("{incident} is a drill run by hand, without a scenario: it has no expectations to observe", ["incident": inc.id]))
        }
        try checkName(expectation, tr("the expectation is empty; give its id (`warroom drill score` lists them)"))
        if !known.isEmpty, !known.contains(expectation) {
            throw EventError(
                tr(
                    "no expectation {expectation} in scenario {scenario}; its expectations: {known}",
                    ["expectation": expectation, "scenario": run.scenario, "known": known.joined(separator: ", ")]))
        }
    }

    /// The hot wash's events: one `drill.hotwash` per strength and gap, one `action.added` per
    /// improvement item, numbered on from the journal's next follow-up id.
    static func hotWashDrafts(_ wash: HotWash, on inc: Incident, in state: JournalState) throws(EventError) -> [EventDraft] {
        guard let run = DrillScorer.drill(of: inc, in: state) else {
            throw EventError(tr("{incident} is not a drill", ["incident": inc.id]))
        }
        if !run.isEnded && !inc.isClosed {
            throw EventError(tr("the drill {incident} is still running: the hot wash comes after it ends", ["incident": inc.id]))
        }
        if wash.isEmpty { throw EventError(tr("the hot wash is empty: give a strength, a gap or an improvement item")) }
        var drafts: [EventDraft] = []
        for (kind, texts) in [(HotWashEntry.Kind.strength, wash.strengths), (.gap, wash.gaps)] {
            for text in texts {
                if EventSchema.isBlank(text) { throw EventError(tr("a strength or gap is empty; say what it was")) }
                drafts.append(
                    EventDraft(kind: .drillHotWash, incident: inc.id, data: ["kind": .string(kind.rawValue), "text": .string(text)]))
            }
        }
        var next = Int(FollowUp.nextID(in: state).dropFirst(2)) ?? 1
        for item in wash.items {
            if EventSchema.isBlank(item.text) { throw EventError(tr("an improvement item is empty; say what is to be done")) }
            if EventSchema.isBlank(item.owner) {
                throw EventError(tr("the improvement item ‘{text}’ has no owner; every item needs one", ["text": item.text]))
            }
            var data: JSONObject = [
                "action": .string("A-\(next)"), "text": .string(item.text), "owner": .string(item.owner), "from": .string(HotWash.origin),
            ]
            if let due = item.due { data["due"] = .string(RFC3339.format(due)) }
            drafts.append(EventDraft(kind: .actionAdded, incident: inc.id, data: data))
            next += 1
        }
        return drafts
    }

    static func openFollowUp(_ id: String, in state: JournalState) throws(EventError) -> FollowUp {
        // `a-3` as typed is A-3: ids warroom assigns are upper case.
        guard let f = state.followUps[id] ?? state.followUps[id.uppercased()] else {
            throw EventError(tr("no follow-up {action}; `warroom actions --all` lists them", ["action": id]))
        }
        switch f.status {
        case .open: return f
        case .done: throw EventError(tr("follow-up {action} is already done", ["action": id]))
        case .dropped: throw EventError(tr("follow-up {action} was dropped", ["action": id]))
        }
    }

    /// The review comes after the crisis ends, and cannot have been held before it ended.
    static func checkReview(_ inc: Incident, at: Date?) throws(EventError) {
        guard let end = inc.crisisEndedAt else {
            throw EventError(
                tr(
                    "{incident} has not recovered yet: the review comes after the crisis ends (set the phase to recovered or closed first)",
                    ["incident": inc.id]))
        }
        if let at, at < end {
            throw EventError(
                tr(
                    "the review cannot come before the crisis ended ({time}); check the date",
                    ["time": RFC3339.format(end)]))
        }
    }

    static func checkNotReleased(_ inject: String, of incident: String, in state: JournalState) throws(EventError) {
        if state.drills[incident]?.hasFired(inject) == true {
            throw EventError(tr("inject {inject} was already released", ["inject": inject]))
        }
    }

    /// A declaration from a signal needs the signal in the journal, and no open incident declared from it already.
    static func checkSignal(_ fingerprint: String, in state: JournalState) throws(EventError) {
        guard let s = state.signals[fingerprint] else {
            throw EventError(tr("no signal {fingerprint} in the journal; check the fingerprint", ["fingerprint": fingerprint]))
        }
        if let id = s.declaredAs.last(where: { state.incidents[$0].map { !$0.isClosed } ?? false }) {
            throw EventError(
                tr("the alert \"{title}\" is already declared as {incident}", ["title": s.title, "incident": id]))
        }
    }

    static func liveDrill(_ inc: Incident, in state: JournalState) throws(EventError) -> DrillRun {
        guard let run = state.drills[inc.id] else { throw EventError(tr("{incident} is not a drill", ["incident": inc.id])) }
        if run.isEnded { throw EventError(tr("the drill has ended")) }
        return run
    }

    static func checkPlaybook(_ name: String, _ catalog: PlaybookCatalog) throws(EventError) {
        guard catalog.playbook(named: name) == nil else { return }
        let known = catalog.playbooks.map(\.name).joined(separator: ", ")
        throw EventError(
            tr("no playbook \"{name}\"", ["name": name])
                + (known.isEmpty ? tr("; no playbooks were found (set WARROOM_DATA)") : tr("; known: {playbooks}", ["playbooks": known]))
                + tr(" (`warroom playbooks` lists them)"))
    }

    /// A blank name is refused with `refusal`, a whole sentence so that each language can word it.
    static func checkName(_ value: String, _ refusal: @autoclosure () -> String) throws(EventError) {
        if EventSchema.isBlank(value) { throw EventError(refusal()) }
    }
}

extension Action {
    /// Why the action would be refused now, or nil: for a step of a longer flow (the console
    /// asks a reason after the playbook) to say so before anyone types the rest.
    public static func refusal(of action: Action, on incident: Incident? = nil, in state: JournalState, catalog: PlaybookCatalog)
        -> EventError?
    {
        do {
            _ = try action.drafts(on: incident, in: state, catalog: catalog)
            return nil
        } catch {
            return error
        }
    }
}
