import Foundation
import WarRoomCore

/// The text prompt's keys, and what a finished prompt writes.
extension ConsoleModel {
    // MARK: Prompt editing

    mutating func handlePrompt(_ p: inout TextPrompt, _ key: Key) -> [ConsoleCommand] {
        switch key {
        case .escape:
            interaction = .none
            if case .filter = p.purpose {
                filter = nil
                message = ConsoleMessage(text: tr("filter cleared"), isError: false)
            } else {
                message = ConsoleMessage(text: tr("cancelled"), isError: false)
            }
            return []
        case .enter:
            return submit(p)
        case .tab, .backTab:
            p = NoteKindCycle.step(p, by: key == .tab ? 1 : -1)
        default:
            p.edit(key)
        }
        interaction = .prompt(p)
        if case .filter = p.purpose {
            // The timeline narrows as each key is typed.
            let text = p.string.trimmingCharacters(in: .whitespaces)
            filter = text.isEmpty ? nil : text
            timelineScroll = 0
            newBelow = 0
        }
        return []
    }

    mutating func submit(_ p: TextPrompt) -> [ConsoleCommand] {
        let text = p.string.trimmingCharacters(in: .whitespaces)
        // Why the last try was refused no longer holds once the text is taken: the next step
        // (the declaration's playbook, summary, start) must not show it. A refusal says it again.
        if let m = message, m.isError, !m.lasting { message = nil }
        func keep(_ why: String) -> [ConsoleCommand] {
            message = ConsoleMessage(text: why, isError: true)
            interaction = .prompt(p)
            return []
        }
        if case .filter = p.purpose {
            filter = text.isEmpty ? nil : text
            timelineScroll = 0
            newBelow = 0
            interaction = .none
            message = ConsoleMessage(
                text: text.isEmpty ? tr("filter cleared") : tr("filter: {text} (Esc clears)", ["text": text]), isError: false)
            return []
        }
        switch p.purpose {
        case .declareTitle(let sev):
            if let refusal = Action.refusal(of: .declare(Declaration(severity: sev, title: text)), in: state, catalog: catalog) {
                return keep(refusal.reason)
            }
            declareTitled(sev, text)
            return []
        case .declareSignalTitle(var draft):
            draft.title = text
            if let refusal = Action.refusal(
                of: .declare(Declaration(severity: draft.severity, title: text, signal: draft.signal)), in: state, catalog: catalog)
            {
                return keep(refusal.reason)
            }
            declareTitled(draft)
            return []
        case .declareSummary(let draft):
            declareSummaryTyped(draft, text)
            return []
        case .declareStart(let draft):
            return declareStartTyped(p, draft, now: clock)
        case .followUpText:
            if let why = followUpTextTyped(text) { return keep(why) }
            return []
        case .observationNote, .hotWash, .hotWashDue:
            switch submitDrill(p, text) {
            case .failure(let refusal): return keep(refusal.reason)
            case .success(let commands): return commands
            }
        case .followUpDoneNote(let id), .followUpDropReason(let id):
            // A follow-up names its own incident: none need be shown to close it.
            let close: Action
            if case .followUpDropReason = p.purpose {
                if text.isEmpty { return keep(tr("say why {action} is dropped", ["action": id])) }
                close = .dropFollowUp(id: id, reason: text)
            } else {
                close = .completeFollowUp(id: id, note: text.isEmpty ? nil : text)
            }
            switch act(close, on: nil) {
            case .failure(let refusal): return keep(refusal.reason)
            case .success(let commands):
                interaction = .prompt(p)
                return commands
            }
        case .statementRejectReason(let id):
            // A draft names its own incident, as a follow-up does.
            if text.isEmpty { return keep(tr("say why {draft} is rejected", ["draft": id])) }
            switch act(.rejectStatement(id: id, by: me ?? "", reason: text), on: nil) {
            case .failure(let refusal): return keep(refusal.reason)
            case .success(let commands):
                interaction = .prompt(p)
                return commands
            }
        default:
            break
        }
        guard let inc = incident else { return keep(tr("no active incident")) }
        // The Core action checks and builds the events, in the words `warroom` uses too.
        let action: Action
        switch p.purpose {
        case .note(let kind):
            action = .note(text: text, kind: kind == .observation ? nil : kind)
        case .severityReason(let sev):
            action = .severity(sev, reason: text)
        case .phaseNote(let phase):
            action = .phase(phase, note: text)
        case .commsText(let audience, let channel):
            action = commsAction(audience, channel: channel, text: text, inc)
        case .statementText(let audience, let channel, let template):
            action = .draftStatement(audience: audience, channel: channel, text: text, template: template)
        case .counterName:
            let name = text.replacingOccurrences(of: " ", with: "_")
            if name.isEmpty { return keep(tr("type the counter's name, e.g. complaints")) }
            let current = inc.counters[name].map { EventSentence.formatNumber($0.value) } ?? ""
            interaction = .prompt(
                TextPrompt(
                    label: tr("{name} value:", ["name": name]), purpose: .counterValue(name),
                    text: current.replacingOccurrences(of: ",", with: "")))
            return []
        case .counterValue(let name):
            switch CounterValue.parse(text) {
            case .failure(let refusal): return keep(refusal.reason)
            case .success(let v): action = .counter(name: name, value: v, unit: nil)
            }
        case .assignMember(let role):
            action = .assign(role: role, member: text, newRole: false)
        case .playbookReason(let name):
            action = .switchPlaybook(name, reason: text)
        case .reviewHeldNote:
            action = .reviewHeld(at: nil, note: text.isEmpty ? nil : text)
        case .reviewReportWhere:
            action = .reviewReported(location: text, at: nil, note: nil)
        case .followUpDue(let draft):
            switch followUpAction(draft, dueText: text) {
            case .failure(let refusal): return keep(refusal.reason)
            case .success(let a): action = a
            }
        case .filter, .declareTitle, .declareSignalTitle, .declareSummary, .declareStart, .followUpText, .followUpDoneNote,
            .followUpDropReason, .observationNote, .hotWash, .hotWashDue, .statementRejectReason:
            return []
        }
        switch act(action) {
        case .failure(let refusal):
            return keep(refusal.reason)
        case .success(let commands):
            interaction = .prompt(p)
            return commands
        }
    }
}
