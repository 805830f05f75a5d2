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
        guard e.kind == .roleAssigned, let role = e.string("role"), let inc = incident else { return nil }
        let member = e.string("member")
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
        guard let kind = e.kind else { return raw(e) }
        switch kind {
        case .incidentDeclared:
            let sev = Severity(rawValue: e.data["severity"]?.intValue ?? 0)?.displayLabel ?? "?"
            var s = tr("declared {severity} “{title}”", ["severity": sev, "title": e.string("title") ?? ""])
            if e.data["drill"]?.boolValue == true { s += tr(" (DRILL)") }
            if let p = e.string("playbook") { s += tr(", playbook {playbook}", ["playbook": p]) }
            return s
        case .incidentSeverity:
            let to = Severity(rawValue: e.data["severity"]?.intValue ?? 0)?.displayLabel ?? "?"
            let s =
                previousSeverity.map { tr("severity {from} → {to}", ["from": $0.displayLabel, "to": to]) }
                ?? tr("severity → {to}", ["to": to])
            return s + because(e.string("reason"))
        case .incidentPhase:
            return tr("phase → {phase}", ["phase": e.string("phase").map(Phase.display) ?? "?"]) + because(e.string("note"))
        case .incidentPlaybook:
            return tr("playbook → {playbook}", ["playbook": e.string("playbook") ?? "?"]) + because(e.string("reason"))
        case .note:
            let kind = e.string("kind") ?? "observation"
            let text = e.string("text") ?? ""
            return kind == "observation" ? text : tr("{kind}: {text}", ["kind": NoteKind.display(kind), "text": text])
        case .roleAssigned:
            let member = e.string("member") ?? "?"
            let role = e.string("role")
            // A handover names both people: the record of who led when is what a review asks first.
            if let from = previousHolder, from != member {
                if role == "commander" { return tr("{from} hands command to {to}", ["from": from, "to": member]) }
                return tr("{from} hands {role} to {to}", ["from": from, "role": role.map(Role.display) ?? "?", "to": member])
            }
            return tr("{member} is now {role}", ["member": member, "role": role.map(Role.display) ?? "?"])
        case .roleReleased:
            return tr("{role} released (unfilled)", ["role": e.string("role").map(Role.display) ?? "?"])
        case .memberJoined:
            let member = e.string("member") ?? "?"
            let extra = [e.string("name"), e.string("team")].compactMap { $0 }.joined(separator: tr(", ", context: "list"))
            return extra.isEmpty
                ? tr("{member} joined", ["member": member]) : tr("{member} joined ({details})", ["member": member, "details": extra])
        case .memberStatus:
            return tr(
                "{member} is {status}", ["member": e.string("member") ?? "?", "status": e.string("status").map(Presence.display) ?? "?"])
        case .memberLeft:
            return tr("{member} left", ["member": e.string("member") ?? "?"])
        case .checklistAdded:
            let s = tr("added item ‘{text}’", ["text": e.string("text") ?? ""])
            guard let due = e.string("due") else { return s }
            // English shows the due time as written; another language in its own words.
            let shown = L10n.current.isTranslated ? DurationText.parse(due).map(DurationText.formatTarget) ?? due : due
            return s + tr(", due {due}", ["due": shown])
        case .checklistDone:
            let item = e.string("item") ?? "?"
            return tr("ticked ‘{item}’", ["item": itemText(item) ?? item])
        case .checklistUndone:
            let item = e.string("item") ?? "?"
            return tr("unticked ‘{item}’", ["item": itemText(item) ?? item])
        case .counterSet:
            let name = CounterName.display(e.string("name") ?? "?")
            let value = formatNumber(e.data["value"]?.numberValue ?? 0)
            if let unit = e.string("unit") { return tr("{name} {value} {unit}", ["name": name, "value": value, "unit": unit]) }
            return tr("{name} {value}", context: "counter", ["name": name, "value": value])
        case .drillStarted:
            return tr(
                "drill started: scenario {scenario} at speed ×{speed}",
                ["scenario": e.string("scenario") ?? "?", "speed": formatNumber(e.data["speed"]?.numberValue ?? 1)])
        case .drillPaused:
            return tr("drill paused") + because(e.string("reason"))
        case .drillResumed:
            return tr("drill resumed")
        case .drillInject:
            let title = e.string("title").map { planText($0, zh: e.string("title_zh")) }
            var s = tr("inject {inject}", ["inject": e.string("inject") ?? "?"]) + because(title)
            if e.data["manual"]?.boolValue == true { s += tr(" (released by hand)") }
            return s
        case .drillEnded:
            return tr("drill ended") + because(e.string("reason").map(DrillEndReason.display))
        case .commsPublished:
            let audience = e.string("audience").map(Audience.display) ?? "?"
            let text = e.string("text") ?? ""
            let draft = e.string("draft").map { tr(" (statement {draft})", ["draft": $0]) } ?? ""
            if let channel = e.string("channel") {
                return tr("to {audience} via {channel}: {text}", ["audience": audience, "channel": channel, "text": text]) + draft
            }
            return tr("to {audience}: {text}", ["audience": audience, "text": text]) + draft
        case .signalFired:
            var s = tr("alert from {source}: {title}", ["source": e.string("source") ?? "?", "title": e.string("title") ?? ""])
            if let meets = e.data["meets"]?.intValue.flatMap(Severity.init(rawValue:)) {
                s += tr(" (meets {severity})", ["severity": meets.displayLabel])
            }
            return s
        case .signalResolved:
            return tr(
                "alert resolved ({source} {fingerprint})",
                ["source": e.string("source") ?? "?", "fingerprint": e.string("fingerprint") ?? "?"])
        case .notifyClaimed:
            let channel = e.string("channel") ?? "?"
            if let h = e.string("headline") { return tr("sending to {channel}: {headline}", ["channel": channel, "headline": h]) }
            return tr("sending to {channel}", ["channel": channel])
        case .notifySent:
            let channel = e.string("channel") ?? "?"
            if let to = e.string("to") {
                // Roles in the reader's words (指挥官 for commander); other names as recorded.
                let who = to.split(separator: ",").map { Role.display($0.trimmingCharacters(in: .whitespaces)) }
                return tr("{to} notified via {channel} ✓", ["to": who.joined(separator: tr(", ", context: "list")), "channel": channel])
            }
            return tr("delivered via {channel} ✓", ["channel": channel])
        case .actionAdded:
            var s = tr("follow-up {action}: {text}", ["action": e.string("action") ?? "?", "text": e.string("text") ?? ""])
            if let owner = e.string("owner") { s += tr(", owner {owner}", ["owner": owner]) }
            if let due = e.string("due").flatMap(RFC3339.parse) { s += tr(", due {date}", ["date": dueDate(due)]) }
            return s
        case .actionDone:
            return tr("follow-up {action} done", ["action": e.string("action") ?? "?"]) + because(e.string("note"))
        case .actionDropped:
            return tr("follow-up {action} dropped", ["action": e.string("action") ?? "?"]) + because(e.string("reason"))
        case .reviewHeld:
            let held = e.string("held_at").flatMap(RFC3339.parse).map { tr(" on {date}", ["date": dueDate($0)]) } ?? ""
            return tr("review meeting held{when}", ["when": held]) + because(e.string("note"))
        case .reviewReported:
            return tr("review report written: {where}", ["where": e.string("where") ?? "?"]) + because(e.string("note"))
        case .incidentScope:
            let scope = OutageScope(rawValue: e.string("scope") ?? "").map(\.displayName) ?? (e.string("scope") ?? "?")
            return tr("outage scope: {scope}", ["scope": scope]) + because(e.string("note"))
        case .recoveryEstimate:
            return tr("recovery estimate: {estimate}", ["estimate": RecoveryEstimate.describe(e)]) + because(e.string("note"))
        case .notifyFailed:
            return tr("not delivered via {channel}", ["channel": e.string("channel") ?? "?"]) + because(e.string("reason"))
        case .drillObserved:
            let rating = ObservationRating(rawValue: e.string("rating") ?? "")?.displayName ?? "?"
            return tr("observed: expectation {expectation} {rating}", ["expectation": e.string("expectation") ?? "?", "rating": rating])
                + because(e.string("note"))
        case .drillHotWash:
            let text = e.string("text") ?? ""
            return e.string("kind") == HotWashEntry.Kind.gap.rawValue
                ? tr("hot wash, gap: {text}", ["text": text]) : tr("hot wash, strength: {text}", ["text": text])
        case .commsDrafted:
            let audience = e.string("audience").map(Audience.display) ?? "?"
            return tr(
                "statement {draft} drafted for {audience}: {text}",
                ["draft": e.string("draft") ?? "?", "audience": audience, "text": e.string("text") ?? ""])
        case .commsApproved:
            return tr("statement {draft} approved", ["draft": e.string("draft") ?? "?"])
        case .commsRejected:
            return tr("statement {draft} rejected", ["draft": e.string("draft") ?? "?"]) + because(e.string("reason"))
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
