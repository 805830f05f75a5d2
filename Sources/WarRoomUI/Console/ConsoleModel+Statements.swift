import Foundation
import WarRoomCore

/// Statements at the console: the `c` flow drafts a statement where the policy wants it
/// approved (and says so); `S` lists the shown incident's statements, where `a` approves,
/// `r` rejects and `p` publishes one; the line under the header tells the people who may
/// approve that a draft waits for them.
extension ConsoleModel {
    /// Whether a statement to `audience` must be approved before it goes out, at the incident's severity now.
    func needsApproval(_ audience: Audience, _ inc: Incident) -> Bool {
        catalog.policy.approvals.approver(for: audience, at: inc.severity) != .none
    }

    /// The prompt's label once the channel is chosen: a draft where approval is needed.
    func commsLabel(_ a: Audience, channel: String?, _ inc: Incident) -> String {
        let audience = ConsoleWords.audience(a)
        if needsApproval(a, inc) {
            return channel.map { tr("draft to {audience} via {channel}, for approval:", ["audience": audience, "channel": $0]) }
                ?? tr("draft to {audience}, for approval:", ["audience": audience])
        }
        return channel.map { tr("to {audience} via {channel}:", ["audience": audience, "channel": $0]) }
            ?? tr("to {audience}:", ["audience": audience])
    }

    /// The action the `c` flow's text makes: a draft where approval is needed, else the communication itself.
    func commsAction(_ a: Audience, channel: String?, text: String, _ inc: Incident) -> Action {
        needsApproval(a, inc)
            ? .draftStatement(audience: a, channel: channel, text: text, template: nil)
            : .comms(audience: a, channel: channel, text: text)
    }

    /// Drafts waiting for an approval this console's person may give (where the policy wants one).
    public var statementsAwaitingMe: [Statement] {
        guard let me, !me.isEmpty, replay == nil else { return [] }
        return state.statementOrder.compactMap { state.statements[$0] }.filter { s in
            guard s.status == .pending, let inc = state.incidents[s.incident], needsApproval(s.audience, inc) else { return false }
            return Action.refusal(of: .approveStatement(id: s.id, by: me), in: state, catalog: catalog) == nil
        }
    }

    /// The statements the `S` list shows: the shown incident's, those waiting for approval first.
    var statementsShown: [Statement] {
        let list = incident.map { state.statements(of: $0.id) } ?? state.statementOrder.compactMap { state.statements[$0] }
        return list.filter { $0.status == .pending } + list.filter { $0.status != .pending }.reversed()
    }

    static func statementIndex(_ interaction: Interaction, in list: [Statement]) -> Int {
        guard case .statements(let id) = interaction, let id else { return 0 }
        return list.firstIndex { $0.id == id } ?? 0
    }

    mutating func openStatements() {
        interaction = .statements(statementsShown.first?.id)
    }

    /// Keys while the statements are listed: ↑↓ choose, a approve, r reject, p publish, Esc or S
    /// closes, q quits; other keys are ignored.
    mutating func handleStatements(_ key: Key) -> [ConsoleCommand] {
        let list = statementsShown
        let index = Self.statementIndex(interaction, in: list)
        switch key {
        case .escape, .char("S"):
            interaction = .none
        case .char("q"):
            return [.quit]
        case .up, .char("k"):
            if !list.isEmpty { interaction = .statements(list[max(0, index - 1)].id) }
        case .down, .char("j"):
            if !list.isEmpty { interaction = .statements(list[min(list.count - 1, index + 1)].id) }
        case .char("a"), .char("r"), .char("p"):
            if replay != nil {
                message = ConsoleMessage(text: tr("replaying the past: Esc returns to live to act"), isError: false)
                return []
            }
            if let why = cannotWrite() { return refuse(why) }
            guard list.indices.contains(index) else {
                message = ConsoleMessage(text: tr("no statement drafted: c drafts one"), isError: false)
                return []
            }
            let s = list[index]
            switch key {
            case .char("a"):
                return actOrSay(.approveStatement(id: s.id, by: me ?? ""), on: nil)
            case .char("p"):
                return actOrSay(.publishStatement(id: s.id), on: nil)
            default:
                interaction = .prompt(
                    TextPrompt(
                        label: tr("reject {draft}, why:", ["draft": s.id]), purpose: .statementRejectReason(s.id),
                        hint: tr("a reason is required")))
            }
        default:
            break
        }
        return []
    }
}
