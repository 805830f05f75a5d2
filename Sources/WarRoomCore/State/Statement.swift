import Foundation

/// A statement drafted for an audience (`comms.drafted`), then approved or rejected
/// (`comms.approved`, `comms.rejected`) and published (`comms.published` naming it).
///
/// Its text is fixed once drafted: a change is a new draft, so the text approved is
/// exactly the text published.
public struct Statement: Sendable, Equatable, Codable {
    /// Who decided on the draft, and when.
    public struct Decision: Sendable, Equatable, Codable {
        public var at: Date
        public var by: String
        /// The login behind `by`, when the writer knew it.
        public var login: String?
    }

    public enum Status: String, Sendable, Equatable {
        case pending, approved, rejected, published
    }

    /// Unique in the journal (`S-1`, `S-2`, …), so `warroom comms approve S-3` needs no incident.
    public var id: String
    public var incident: String
    public var audience: Audience
    public var channel: String?
    public var text: String
    /// The playbook template it was drafted from, if any.
    public var template: String?
    public var draftedAt: Date
    public var draftedBy: String
    public var line: Int
    public var approval: Decision?
    public var rejection: Decision?
    public var rejectionReason: String?
    public var publication: Decision?

    public var status: Status {
        if publication != nil { return .published }
        if rejection != nil { return .rejected }
        if approval != nil { return .approved }
        return .pending
    }

    /// The word for a status, in the interface language.
    public static func display(_ status: Status) -> String {
        switch status {
        case .pending: return tr("awaiting approval", context: "statement status")
        case .approved: return tr("approved", context: "statement status")
        case .rejected: return tr("rejected", context: "statement status")
        case .published: return tr("published", context: "statement status")
        }
    }

    /// The next id: one more than the highest `S-n` in the journal (`taken` adds ids given out
    /// in the same write but not yet in the state).
    public static func nextID(in state: JournalState, taken: [String] = []) -> String {
        var highest = 0
        for id in state.statementOrder + taken where id.hasPrefix("S-") {
            if let n = Int(id.dropFirst(2)), n > highest { highest = n }
        }
        return "S-\(highest + 1)"
    }
}

extension JournalState {
    /// Whether a `comms.approved` or `comms.rejected` can apply: the draft exists on this
    /// incident and nobody has decided on it yet.
    func checkDecision(on id: String, incident: String?) -> EventError? {
        guard let s = statements[id] else {
            return EventError(tr("no statement {draft}; `warroom comms drafts` lists them", ["draft": id]))
        }
        if s.incident != incident {
            return EventError(tr("statement {draft} belongs to {incident}, not to this incident", ["draft": id, "incident": s.incident]))
        }
        switch s.status {
        case .pending: return nil
        case .approved: return EventError(tr("statement {draft} is already approved", ["draft": id]))
        case .rejected: return EventError(tr("statement {draft} was rejected; draft a new one", ["draft": id]))
        case .published: return EventError(tr("statement {draft} is already published", ["draft": id]))
        }
    }

    /// Whether a `comms.published` naming a draft can apply: the draft's own audience and text,
    /// published once, never after a rejection. Whether it needed an approval first is the
    /// policy's question, asked by the action (the journal does not know the policy).
    func checkPublication(of id: String, _ e: Event, _ p: EventPayload.CommsPublished) -> EventError? {
        guard let s = statements[id] else {
            return EventError(tr("no statement {draft}; `warroom comms drafts` lists them", ["draft": id]))
        }
        if s.incident != e.incident {
            return EventError(tr("statement {draft} belongs to {incident}, not to this incident", ["draft": id, "incident": s.incident]))
        }
        switch s.status {
        case .pending, .approved: break
        case .rejected: return EventError(tr("statement {draft} was rejected; draft a new one", ["draft": id]))
        case .published: return EventError(tr("statement {draft} is already published", ["draft": id]))
        }
        if p.text != s.text || p.audience != s.audience.rawValue {
            return EventError(
                tr(
                    "the published text differs from statement {draft} as drafted; publish it unchanged, or draft a new statement",
                    ["draft": id]))
        }
        return nil
    }
}
