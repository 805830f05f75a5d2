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

    /// The channel is chosen: where a draft is needed and the playbook has templates for the
    /// audience, they are offered first; else the text is asked.
    mutating func commsChannelChosen(_ a: Audience, channel: String?, _ inc: Incident) {
        let templates = (playbook?.statements ?? []).filter { $0.audience == a }
        if needsApproval(a, inc), !templates.isEmpty {
            let options =
                [PickerOption(label: tr("write it yourself"), value: "", detail: tr("no template"))]
                + templates.map { PickerOption(label: $0.localizedTitle, value: $0.id, detail: $0.id) }
            interaction = .picker(
                Picker(
                    title: tr("Draft to {audience}: start from a template?", ["audience": ConsoleWords.audience(a)]), options: options,
                    purpose: .statementTemplate(a, channel: channel)))
            return
        }
        interaction = .prompt(TextPrompt(label: commsLabel(a, channel: channel, inc), purpose: .commsText(a, channel: channel)))
    }

    /// A template is picked (or none): its text, with the incident's figures, is put in the prompt
    /// to be read and changed before it is drafted; once drafted it is fixed.
    mutating func statementTemplateChosen(_ a: Audience, channel: String?, template id: String, _ inc: Incident) {
        let label = commsLabel(a, channel: channel, inc)
        guard let t = playbook?.statements.first(where: { $0.id == id }) else {
            interaction = .prompt(TextPrompt(label: label, purpose: .commsText(a, channel: channel)))
            return
        }
        let limit = catalog.policy(for: inc).targets[.sinceExternalUpdate]?.limit(at: inc.severity) ?? 86_400
        do {
            let text = try t.filled(
                for: inc, chinese: L10n.isChinese, now: clock, nextUpdate: clock.addingTimeInterval(limit), timeZone: timeZone)
            interaction = .prompt(
                TextPrompt(
                    label: label, purpose: .statementText(a, channel: channel, template: t.id), text: text,
                    hint: tr("read it through · Enter drafts it for approval")))
        } catch {
            message = ConsoleMessage(text: error.reason, isError: true)
            interaction = .prompt(TextPrompt(label: label, purpose: .commsText(a, channel: channel)))
        }
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
