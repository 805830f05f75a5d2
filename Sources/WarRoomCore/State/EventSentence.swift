import Foundation

/// Events as short sentences a person reads on the timeline and in reports.
/// The actor is shown beside the sentence, so sentences do not repeat it.
public enum EventSentence {
    /// The sentence, with checklist items named in the interface language: the plan's
    /// `text_zh` in Chinese (see `itemText(_:playbook:incident:)`).
    public static func describe(_ e: Event, previousSeverity: Severity? = nil, playbook: Playbook?, incident: Incident?) -> String {
        describe(e, previousSeverity: previousSeverity, previousHolder: previousHolder(e, incident: incident)) {
            itemText($0, playbook: playbook, incident: incident)
        }
    }

    /// Who held the role an assignment gives, from the incident's role history (the same
    /// moment, role, member and actor: the fold recorded it there).
    public static func previousHolder(_ e: Event, incident: Incident?) -> String? {
        guard case .roleAssigned(let p) = e.payload, let role = p.role, let inc = incident else { return nil }
        let member = p.member
        return inc.roleHistory.first { $0.at == e.ts && $0.role == role && $0.member == member && $0.by == e.actor }?.previous
    }

    /// A checklist item's words as shown: the playbook's (its `text_zh` in Chinese), else the text it was added with.
    public static func itemText(_ id: String, playbook: Playbook?, incident: Incident?) -> String? {
        if let item = playbook?.item(id) { return planText(item.text, zh: item.textZh) }
        return incident?.addedItems.first(where: { $0.item == id })?.text
    }

    public static func describe(
        _ e: Event, previousSeverity: Severity? = nil, previousHolder: String? = nil, itemText: (String) -> String? = { _ in nil }
    ) -> String {
        switch e.payload {
        case .unknown:
            return raw(e)
        case .incidentDeclared(let p):
            let sev = Severity(rawValue: p.severity ?? 0)?.displayLabel ?? "?"
            var s = tr("declared {severity} “{title}”", ["severity": sev, "title": p.title ?? ""])
            if p.drill == true { s += tr(" (DRILL)") }
            if let pb = p.playbook { s += tr(", playbook {playbook}", ["playbook": pb]) }
            return s
        case .incidentSeverity(let p):
            let to = Severity(rawValue: p.severity ?? 0)?.displayLabel ?? "?"
            let s =
                previousSeverity.map { tr("severity {from} → {to}", ["from": $0.displayLabel, "to": to]) }
                ?? tr("severity → {to}", ["to": to])
            return s + because(p.reason)
        case .incidentPhase(let p):
            return tr("phase → {phase}", ["phase": p.phase.map(Phase.display) ?? "?"]) + because(p.note)
        case .incidentPlaybook(let p):
            return tr("playbook → {playbook}", ["playbook": p.playbook ?? "?"]) + because(p.reason)
        case .note(let p):
            let kind = p.kind ?? "observation"
            let text = p.text ?? ""
            return kind == "observation" ? text : tr("{kind}: {text}", ["kind": NoteKind.display(kind), "text": text])
        case .roleAssigned(let p):
            let member = p.member ?? "?"
            let role = p.role
            // A handover names both people: the record of who led when is what a review asks first.
            if let from = previousHolder, from != member {
                if role == "commander" { return tr("{from} hands command to {to}", ["from": from, "to": member]) }
                return tr("{from} hands {role} to {to}", ["from": from, "role": role.map(Role.display) ?? "?", "to": member])
            }
            return tr("{member} is now {role}", ["member": member, "role": role.map(Role.display) ?? "?"])
        case .roleReleased(let p):
            return tr("{role} released (unfilled)", ["role": p.role.map(Role.display) ?? "?"])
        case .memberJoined(let p):
            let member = p.member ?? "?"
            let extra = [p.name, p.team].compactMap { $0 }.joined(separator: tr(", ", context: "list"))
            return extra.isEmpty
                ? tr("{member} joined", ["member": member]) : tr("{member} joined ({details})", ["member": member, "details": extra])
        case .memberStatus(let p):
            return tr("{member} is {status}", ["member": p.member ?? "?", "status": p.status.map(Presence.display) ?? "?"])
        case .memberLeft(let p):
            return tr("{member} left", ["member": p.member ?? "?"])
        case .checklistAdded(let p):
            let s = tr("added item ‘{text}’", ["text": p.text ?? ""])
            guard let due = p.due else { return s }
            // English shows the due time as written; another language in its own words.
            let shown = L10n.current.isTranslated ? DurationText.parse(due).map(DurationText.formatTarget) ?? due : due
            return s + tr(", due {due}", ["due": shown])
        case .checklistDone(let p):
            let item = p.item ?? "?"
            return tr("ticked ‘{item}’", ["item": itemText(item) ?? item])
        case .checklistUndone(let p):
            let item = p.item ?? "?"
            return tr("unticked ‘{item}’", ["item": itemText(item) ?? item])
        case .counterSet(let p):
            let name = CounterName.display(p.name ?? "?")
            let value = formatNumber(p.value ?? 0)
            if let unit = p.unit { return tr("{name} {value} {unit}", ["name": name, "value": value, "unit": unit]) }
            return tr("{name} {value}", context: "counter", ["name": name, "value": value])
        case .drillStarted(let p):
            return tr(
                "drill started: scenario {scenario} at speed ×{speed}",
                ["scenario": p.scenario ?? "?", "speed": formatNumber(p.speed ?? 1)])
        case .drillPaused(let p):
            return tr("drill paused") + because(p.reason)
        case .drillResumed:
            return tr("drill resumed")
        case .drillInject(let p):
            let title = p.title.map { planText($0, zh: p.titleZh) }
            var s = tr("inject {inject}", ["inject": p.inject ?? "?"]) + because(title)
            if p.manual == true { s += tr(" (released by hand)") }
            return s
        case .drillEnded(let p):
            return tr("drill ended") + because(p.reason.map(DrillEndReason.display))
        case .commsPublished(let p):
            let audience = p.audience.map(Audience.display) ?? "?"
            let text = p.text ?? ""
            let draft = p.draft.map { tr(" (statement {draft})", ["draft": $0]) } ?? ""
            if let channel = p.channel {
                return tr("to {audience} via {channel}: {text}", ["audience": audience, "channel": channel, "text": text]) + draft
            }
            return tr("to {audience}: {text}", ["audience": audience, "text": text]) + draft
        case .signalFired(let p):
            var s = tr("alert from {source}: {title}", ["source": p.source ?? "?", "title": p.title ?? ""])
            if let meets = p.meetsLevel {
                s += tr(" (meets {severity})", ["severity": meets.displayLabel])
            }
            return s
        case .signalResolved(let p):
            return tr(
                "alert resolved ({source} {fingerprint})", ["source": p.source ?? "?", "fingerprint": p.fingerprint ?? "?"])
        case .notifyClaimed(let p):
            let channel = p.channel ?? "?"
            if let h = p.headline { return tr("sending to {channel}: {headline}", ["channel": channel, "headline": h]) }
            return tr("sending to {channel}", ["channel": channel])
        case .notifySent(let p):
            let channel = p.channel ?? "?"
            if let to = p.to {
                // Roles in the reader's words (指挥官 for commander); other names as recorded.
                let who = to.split(separator: ",").map { Role.display($0.trimmingCharacters(in: .whitespaces)) }
                return tr("{to} notified via {channel} ✓", ["to": who.joined(separator: tr(", ", context: "list")), "channel": channel])
            }
            return tr("delivered via {channel} ✓", ["channel": channel])
        case .actionAdded(let p):
            var s = tr("follow-up {action}: {text}", ["action": p.action ?? "?", "text": p.text ?? ""])
            if let owner = p.owner { s += tr(", owner {owner}", ["owner": owner]) }
            if let due = p.dueTime { s += tr(", due {date}", ["date": dueDate(due)]) }
            return s
        case .actionDone(let p):
            return tr("follow-up {action} done", ["action": p.action ?? "?"]) + because(p.note)
        case .actionDropped(let p):
            return tr("follow-up {action} dropped", ["action": p.action ?? "?"]) + because(p.reason)
        case .reviewHeld(let p):
            let held = p.heldAtTime.map { tr(" on {date}", ["date": dueDate($0)]) } ?? ""
            return tr("review meeting held{when}", ["when": held]) + because(p.note)
        case .reviewReported(let p):
            return tr("review report written: {where}", ["where": p.location ?? "?"]) + because(p.note)
        case .incidentScope(let p):
            let scope = OutageScope(rawValue: p.scope ?? "").map(\.displayName) ?? (p.scope ?? "?")
            return tr("outage scope: {scope}", ["scope": scope]) + because(p.note)
        case .recoveryEstimate(let p):
            return tr("recovery estimate: {estimate}", ["estimate": RecoveryEstimate.describe(p)]) + because(p.note)
        case .notifyFailed(let p):
            return tr("not delivered via {channel}", ["channel": p.channel ?? "?"]) + because(p.reason)
        case .drillObserved(let p):
            let rating = ObservationRating(rawValue: p.rating ?? "")?.displayName ?? "?"
            return tr("observed: expectation {expectation} {rating}", ["expectation": p.expectation ?? "?", "rating": rating])
                + because(p.note)
        case .drillHotWash(let p):
            let text = p.text ?? ""
            return p.kind == HotWashEntry.Kind.gap.rawValue
                ? tr("hot wash, gap: {text}", ["text": text]) : tr("hot wash, strength: {text}", ["text": text])
        case .commsDrafted(let p):
            let audience = p.audience.map(Audience.display) ?? "?"
            return tr(
                "statement {draft} drafted for {audience}: {text}",
                ["draft": p.draft ?? "?", "audience": audience, "text": p.text ?? ""])
        case .commsApproved(let p):
            return tr("statement {draft} approved", ["draft": p.draft ?? "?"])
        case .commsRejected(let p):
            return tr("statement {draft} rejected", ["draft": p.draft ?? "?"]) + because(p.reason)
        }
    }

    /// A due date as people plan by it: the day, in UTC as the journal is (reports and
    /// consoles that show a zone format the date themselves).
    public static func dueDate(_ d: Date) -> String {
        String(RFC3339.format(d).prefix(10))
    }

    /// A reason, note or title after the sentence: ": it is a leak" (`：…` in Chinese).
    static func because(_ text: String?) -> String {
        text.map { tr(": {text}", context: "sentence", ["text": $0]) } ?? ""
    }

    /// An event of a type this version does not know, shown as it was written.
    public static func raw(_ e: Event) -> String {
        e.type + (e.data.isEmpty ? "" : " " + JSONWriter.serialize(.object(e.data)))
    }

    /// Numbers as people read them in a war room: `12,000`, `4.5`.
    public static func formatNumber(_ n: Double) -> String {
        if n == n.rounded(), abs(n) < 1e15 {
            let i = Int64(n)
            let digits = String(abs(i))
            var out = ""
            for (k, c) in digits.enumerated() {
                if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
                out.append(c)
            }
            return (i < 0 ? "-" : "") + out
        }
        let s = String(format: "%.2f", n)
        return s.hasSuffix("0") ? String(s.dropLast()) : s
    }
}
