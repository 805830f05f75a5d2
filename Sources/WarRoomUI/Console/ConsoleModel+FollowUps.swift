import Foundation
import WarRoomCore

/// Follow-up actions at the console: `F` lists the open ones (this console's person's first),
/// where `d` marks one done and `x` drops one; `f` makes one on the shown incident.
extension ConsoleModel {
    /// The time the follow-ups are judged at: the moment replayed, else the clock.
    var followUpTime: Date { replay.map { $0.time ?? clock } ?? clock }

    /// The open follow-ups in the order the list shows them.
    var followUpsShown: [FollowUp] { FollowUpList.ordered(state, me: me, now: followUpTime) }

    /// Overdue follow-ups this console's person owns: while there are any (and no alert awaits),
    /// the line under the header says so.
    public var followUpsOverdueMine: [FollowUp] { FollowUpList.overdueMine(state, me: me, now: followUpTime) }

    /// The index of the selected follow-up in `list`: the one the overlay names, else the first.
    static func followUpIndex(_ interaction: Interaction, in list: [FollowUp]) -> Int {
        guard case .followUps(let id) = interaction, let id else { return 0 }
        return list.firstIndex { $0.id == id } ?? 0
    }

    mutating func openFollowUps() {
        interaction = .followUps(followUpsShown.first?.id)
    }

    /// Keys while the follow-ups are listed: ↑↓ choose, d done, x drop, f add, Esc or F closes,
    /// q quits; other keys are ignored so a stray one does not close it.
    mutating func handleFollowUps(_ key: Key) -> [ConsoleCommand] {
        let list = followUpsShown
        let index = Self.followUpIndex(interaction, in: list)
        switch key {
        case .escape, .char("F"):
            interaction = .none
        case .char("q"):
            return [.quit]
        case .up, .char("k"):
            if !list.isEmpty { interaction = .followUps(list[max(0, index - 1)].id) }
        case .down, .char("j"):
            if !list.isEmpty { interaction = .followUps(list[min(list.count - 1, index + 1)].id) }
        case .home, .char("g"):
            interaction = .followUps(list.first?.id)
        case .end, .char("G"):
            interaction = .followUps(list.last?.id)
        case .char("f"):
            return addFollowUpKey()
        case .char("d"), .char("x"):
            if replay != nil {
                message = ConsoleMessage(text: tr("replaying the past: Esc returns to live to act"), isError: false)
                return []
            }
            if let why = cannotWrite() { return refuse(why) }
            guard list.indices.contains(index) else {
                message = ConsoleMessage(text: tr("no open follow-up to close"), isError: false)
                return []
            }
            let id = list[index].id
            interaction = .prompt(
                key == .char("d")
                    ? TextPrompt(
                        label: tr("{action} done, note:", ["action": id]), purpose: .followUpDoneNote(id),
                        hint: tr("optional · Enter marks it done"))
                    : TextPrompt(
                        label: tr("drop {action}, why:", ["action": id]), purpose: .followUpDropReason(id),
                        hint: tr("a reason is required")))
        default:
            break
        }
        return []
    }

    /// `f`: a follow-up on the shown incident (closed ones too), its text asked first.
    mutating func addFollowUpKey() -> [ConsoleCommand] {
        if replay != nil {
            message = ConsoleMessage(text: tr("replaying the past: Esc returns to live to act"), isError: false)
            return []
        }
        if let why = cannotWrite() { return refuse(why) }
        guard let inc = incident else {
            message = ConsoleMessage(
                text: tr("no incident shown to add a follow-up to: press i to pick one (closed ones too) or D to declare one"),
                isError: false)
            return []
        }
        interaction = .prompt(
            TextPrompt(
                label: tr("follow-up on {incident}:", ["incident": inc.id]), purpose: .followUpText,
                hint: tr("what is to be done · then owner, due date")))
        return []
    }

    /// The text is typed: the owner next, from the roster, this console's person first.
    mutating func followUpTextTyped(_ text: String) -> String? {
        guard let inc = incident else { return tr("no active incident") }
        if EventSchema.isBlank(text) { return tr("the follow-up's text is empty; say what is to be done") }
        var options: [PickerOption] = []
        func add(_ id: String, _ name: String?) {
            if id.isEmpty || options.contains(where: { $0.value == id }) { return }
            options.append(PickerOption(label: id, value: id, detail: id == me ? tr("you") : name))
        }
        if let me { add(me, nil) }
        for m in inc.roster { add(m.id, m.name) }
        for m in state.standingRoster { add(m.id, m.name) }
        options.append(PickerOption(label: tr("nobody yet"), value: "", detail: tr("no owner")))
        var p = Picker(
            title: tr("{incident}: who owns it? pick or type a member", ["incident": inc.id]), options: options,
            purpose: .followUpOwner(FollowUpDraft(text: text)))
        p.allowsFreeText = true
        interaction = .picker(p)
        return nil
    }

    /// The owner is picked: the due date next, a week from now offered.
    mutating func followUpOwnerChosen(_ draft: FollowUpDraft, _ value: String) {
        var d = draft
        d.owner = value.trimmingCharacters(in: .whitespaces)
        let who = d.owner.map { $0.isEmpty ? tr("no owner") : $0 } ?? tr("no owner")
        interaction = .prompt(
            TextPrompt(
                label: tr("due ({owner}):", ["owner": who]), purpose: .followUpDue(d), text: "7d",
                hint: tr("14d, 2w or 2026-12-31")))
    }

    /// The due date is typed: the follow-up is written on the shown incident, or the prompt says why not.
    func followUpAction(_ draft: FollowUpDraft, dueText: String) -> Result<Action, EventError> {
        var due: Date?
        if !dueText.isEmpty {
            guard let d = DueDate.parse(dueText, now: clock, zone: timeZone) else {
                return .failure(EventError(tr("not a due date: \"{value}\"; type 14d, 2w or 2026-12-31", ["value": dueText])))
            }
            due = d
        }
        let owner = draft.owner.flatMap { $0.isEmpty ? nil : $0 }
        return .success(.addFollowUp(text: draft.text, owner: owner, due: due, from: "timeline"))
    }
}
