import Foundation
import WarRoomCore

/// The picker's keys, and what a chosen option does.
extension ConsoleModel {
    // MARK: Pickers

    mutating func handlePicker(_ p: inout Picker, _ key: Key) -> [ConsoleCommand] {
        let visible = p.visible
        switch key {
        case .escape:
            interaction = .none
            message = ConsoleMessage(text: tr("cancelled"), isError: false)
            return []
        case .enter:
            if let s = p.selection {
                return choose(p, visible[s].value)
            }
            if p.allowsFreeText, !p.typed.isEmpty {
                return choose(p, String(p.typed))
            }
            if p.awaitsChoice {
                message = ConsoleMessage(
                    text: p.allowsFreeText ? tr("nobody picked: ↑↓ to choose, or type a name") : tr("nothing picked: ↑↓ to choose"),
                    isError: true)
            }
        case .char(let c) where p.digitPick(c) != nil:
            return choose(p, p.digitPick(c) ?? "")
        default:
            p.edit(key)
        }
        interaction = .picker(p)
        return []
    }

    func phaseNotePrompt(_ inc: Incident, _ phase: Phase) -> TextPrompt {
        TextPrompt(
            label: tr("{from} → {to}, note:", ["from": ConsoleWords.phase(inc.phase), "to": ConsoleWords.phase(phase)]),
            purpose: .phaseNote(phase), hint: tr("optional · Enter sets the phase"))
    }

    mutating func choose(_ p: Picker, _ value: String) -> [ConsoleCommand] {
        interaction = .none
        switch p.purpose {
        case .declarePlaybook(let draft):
            declarePlaybookChosen(draft, value)
            return []
        case .declareSignalSeverity(var draft):
            draft.severity = Severity(rawValue: Int(value) ?? 3) ?? .l3
            askSignalTitle(draft)
            return []
        case .presence:
            interaction = .picker(p)
            return presenceChosen(value)
        case .followUpOwner(let draft):
            followUpOwnerChosen(draft, value)
            return []
        case .hotWashOwner:
            hotWashOwnerChosen(p, value)
            return []
        default:
            break
        }
        guard let inc = incident else {
            switch p.purpose {
            case .declareSeverity:
                let sev = Severity(rawValue: Int(value) ?? 3) ?? .l3
                interaction = .prompt(
                    TextPrompt(label: tr("Declare {severity}: title:", ["severity": sev.displayLabel]), purpose: .declareTitle(sev)))
            case .incident:
                pinnedIncident = value
            default:
                message = ConsoleMessage(text: tr("no active incident: press D to declare one"), isError: false)
            }
            return []
        }
        switch p.purpose {
        case .severity:
            let sev = Severity(rawValue: Int(value) ?? 3) ?? .l3
            // Said before the reason is asked, in the words of the action that would refuse it.
            if let refusal = Action.refusal(of: .severity(sev, reason: nil), on: inc, in: state, catalog: catalog) {
                message = ConsoleMessage(text: refusal.reason, isError: false)
                return []
            }
            var reason = ""
            if let sug = kpis(now: clock)?.suggestions.first(where: { $0.severity == sev }) { reason = sug.sentence }
            interaction = .prompt(
                TextPrompt(
                    label: tr("{from} → {to} reason:", ["from": inc.severity.displayLabel, "to": sev.displayLabel]),
                    purpose: .severityReason(sev),
                    text: reason))
        case .phase:
            guard let phase = Phase(rawValue: value) else { return [] }
            if let refusal = Action.refusal(of: .phase(phase, note: nil), on: inc, in: state, catalog: catalog) {
                message = ConsoleMessage(text: refusal.reason, isError: false)
                return []
            }
            let open = Checklist.entries(for: inc, playbook: playbook).filter { !$0.isDone }.count
            if phase == .closed, open > 0 {
                // Closing stops every clock: ask first, and say what is left.
                var confirm = Picker(
                    title: trn(
                        "Close {id} with {n} checklist item still open?", "Close {id} with {n} checklist items still open?", open,
                        ["id": inc.id]),
                    options: [
                        PickerOption(label: tr("no, keep it open"), value: "no"),
                        PickerOption(label: tr("yes, close it"), value: "yes", detail: tr("{n} open", ["n": String(open)])),
                    ],
                    purpose: .confirmClose)
                confirm.selected = 0
                interaction = .picker(confirm)
                return []
            }
            interaction = .prompt(phaseNotePrompt(inc, phase))
        case .confirmClose:
            if value == "yes" {
                interaction = .prompt(phaseNotePrompt(inc, .closed))
            } else {
                message = ConsoleMessage(
                    text: tr("{id} stays {phase}", ["id": inc.id, "phase": ConsoleWords.phase(inc.phase)]), isError: false)
            }
        case .audience:
            let a = Audience(rawValue: value) ?? .internal
            interaction = .picker(ChannelSuggestions.picker(for: a, in: inc))
        case .channel(let a):
            let channel = value.trimmingCharacters(in: .whitespaces)
            commsChannelChosen(a, channel: channel.isEmpty ? nil : channel, inc)
        case .statementTemplate(let a, let channel):
            statementTemplateChosen(a, channel: channel, template: value, inc)
        case .role:
            var members = inc.roster.map { PickerOption(label: $0.id, value: $0.id, detail: $0.name) }
            for m in state.standingRoster where !members.contains(where: { $0.value == m.id }) {
                members.append(PickerOption(label: m.id, value: m.id, detail: m.name))
            }
            // The title says who holds the role now; nobody is selected until picked on purpose.
            let holder = inc.roles[value].map { tr("held by {member}", ["member": $0]) } ?? tr("unfilled")
            let role = ConsoleWords.role(value)
            if members.isEmpty {
                interaction = .prompt(
                    TextPrompt(
                        label: tr("{role} ({holder}) is now held by:", ["role": role, "holder": holder]), purpose: .assignMember(value)))
            } else {
                // A held role can be released from here too (the CLI's `warroom release`); the row
                // is last and says what it does. Its empty value cannot be a member's name.
                if let current = inc.roles[value] {
                    members.append(
                        PickerOption(
                            label: tr("release (leave unfilled)"), value: "", detail: tr("{member} steps down", ["member": current])))
                }
                var picker = Picker(
                    title: tr("{role} ({holder}): pick or type a member", ["role": role, "holder": holder]), options: members,
                    purpose: .member(value))
                picker.allowsFreeText = true
                picker.awaitsChoice = true
                interaction = .picker(picker)
            }
        case .member(let role):
            interaction = .picker(p)
            // The picker's empty value is its "release" row.
            return actOrSay(value.isEmpty ? .release(role: role) : .assign(role: role, member: value, newRole: false))
        case .declareSeverity:
            let sev = Severity(rawValue: Int(value) ?? 3) ?? .l3
            interaction = .prompt(
                TextPrompt(label: tr("Declare {severity}: title:", ["severity": sev.displayLabel]), purpose: .declareTitle(sev)))
        case .incident:
            pinnedIncident = value
            timelineScroll = 0
            newBelow = 0
            checklistSelection = 0
        case .switchPlaybook:
            switchPlaybookChosen(inc, value)
        case .scope:
            interaction = .none
            guard let scope = OutageScope(rawValue: value) else { return [] }
            return actOrSay(.scope(scope, note: nil))
        case .declarePlaybook, .declareSignalSeverity, .presence, .followUpOwner, .hotWashOwner:
            break
        case .inject:
            guard let run = drill, let sc = scenarios[run.scenario], let inj = sc.inject(value) else { return [] }
            interaction = .picker(p)
            return actOrSay(.releaseInject(inj, scenario: sc))
        }
        return []
    }
}
