import Foundation

/// The rules for statements: who approves (the policy's `[approvals]`), and what a refusal says.
extension Action {
    /// Approving, rejecting and publishing a draft: it names its own incident.
    func statementDrafts(in state: JournalState, catalog: PlaybookCatalog) throws(EventError) -> [EventDraft] {
        switch self {
        case .approveStatement(let id, let by):
            let (s, inc) = try Action.pendingStatement(id, in: state)
            let approvals = catalog.policy.approvals
            if s.draftedBy == by && !approvals.selfApproval {
                throw EventError(
                    tr(
                        "{who} drafted {draft}, so someone else must approve it: {approvers}",
                        ["who": by, "draft": s.id, "approvers": Action.approversText(s, inc, approvals, anyone: true)]))
            }
            try Action.checkMayDecide(s, inc, by: by, approvals)
            return [EventDraft(kind: .commsApproved, incident: s.incident, data: ["draft": .string(s.id)])]
        case .rejectStatement(let id, let by, let reason):
            let (s, inc) = try Action.pendingStatement(id, in: state)
            if EventSchema.isBlank(reason) {
                throw EventError(tr("say why {draft} is rejected: --reason \"…\"", ["draft": s.id]))
            }
            // The drafter may withdraw their own draft; anyone else needs to be an approver.
            if s.draftedBy != by { try Action.checkMayDecide(s, inc, by: by, catalog.policy.approvals) }
            return [EventDraft(kind: .commsRejected, incident: s.incident, data: ["draft": .string(s.id), "reason": .string(reason)])]
        case .publishStatement(let id):
            guard let s = state.statement(id), let inc = state.incidents[s.incident] else {
                throw EventError(tr("no statement {draft}; `warroom comms drafts` lists them", ["draft": id]))
            }
            switch s.status {
            case .approved: break
            case .pending:
                let approver = catalog.policy.approvals.approver(for: s.audience, at: inc.severity)
                if approver != .none {
                    throw EventError(
                        tr(
                            "{draft} is not approved yet; a statement to {audience} at {severity} needs approval by {approvers}: `warroom comms approve {draft}`, then publish it",
                            [
                                "draft": s.id, "audience": s.audience.displayName, "severity": inc.severity.displayLabel,
                                "approvers": StatementApprovals.whoApproves(approver, in: inc),
                            ]))
                }
            case .rejected, .published:
                if let error = state.checkDecision(on: s.id, incident: s.incident) { throw error }
            }
            var data: JSONObject = ["audience": .string(s.audience.rawValue), "text": .string(s.text), "draft": .string(s.id)]
            if let channel = s.channel { data["channel"] = .string(channel) }
            return [EventDraft(kind: .commsPublished, incident: s.incident, data: data)]
        default:
            return []
        }
    }

    static func pendingStatement(_ id: String, in state: JournalState) throws(EventError) -> (Statement, Incident) {
        guard let s = state.statement(id), let inc = state.incidents[s.incident] else {
            throw EventError(tr("no statement {draft}; `warroom comms drafts` lists them", ["draft": id]))
        }
        if let error = state.checkDecision(on: s.id, incident: s.incident) { throw error }
        return (s, inc)
    }

    /// Whether `by` may approve (or reject) the draft under the policy at the incident's severity now.
    static func checkMayDecide(_ s: Statement, _ inc: Incident, by: String, _ approvals: StatementApprovals) throws(EventError) {
        let approver = approvals.approver(for: s.audience, at: inc.severity)
        if approver == .none { return }
        if !StatementApprovals.holders(approver, in: inc).contains(by) {
            throw EventError(
                tr(
                    "{who} cannot approve {draft}: a statement to {audience} at {severity} is approved by {approvers}",
                    [
                        "who": by, "draft": s.id, "audience": s.audience.displayName, "severity": inc.severity.displayLabel,
                        "approvers": approversText(s, inc, approvals, anyone: false),
                    ]))
        }
    }

    /// Who may approve the draft, in words with names (the drafter left out when they may not).
    public static func approversText(_ s: Statement, _ inc: Incident, _ approvals: StatementApprovals, anyone: Bool) -> String {
        let approver = approvals.approver(for: s.audience, at: inc.severity)
        if approver == .none && anyone { return tr("anyone else on the team", context: "approver") }
        var holders = StatementApprovals.holders(approver, in: inc)
        if !approvals.selfApproval { holders.removeAll { $0 == s.draftedBy } }
        if holders.isEmpty { return StatementApprovals.whoApproves(approver, in: inc) }
        return approver.displayName
            + tr(" ({names})", context: "approvers", ["names": holders.joined(separator: tr(", ", context: "list"))])
    }

    /// A statement published directly (not from a draft) is refused where the policy wants an approval.
    static func checkNeedsNoApproval(_ audience: Audience, _ inc: Incident, _ policy: Policy) throws(EventError) {
        let approver = policy.approvals.approver(for: audience, at: inc.severity)
        if approver == .none { return }
        throw EventError(
            tr(
                "a statement to {audience} at {severity} must be approved before it is published, by {approvers}; draft it with `warroom comms draft --to {to} \"…\"` (or the console's c key), have it approved with `warroom comms approve S-n`, then `warroom comms publish S-n`",
                [
                    "audience": audience.displayName, "severity": inc.severity.displayLabel,
                    "approvers": StatementApprovals.whoApproves(approver, in: inc), "to": audience.rawValue,
                ]))
    }
}
