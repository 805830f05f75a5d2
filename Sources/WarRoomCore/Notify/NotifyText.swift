import Foundation

/// The names of the reminders, as routes name them.
public enum NotifyTrigger {
    public static let externalUpdate = "reminder.external_update"
    public static let checklistOverdue = "reminder.checklist"
    public static let reviewDue = "reminder.review"
    /// The item of a `reviewDue` reminder about the review report (the meeting's has none).
    public static let reviewReportItem = "report"
    /// A follow-up action open past its due date (it outlives the incident: closed ones too).
    public static let followUpOverdue = "reminder.followup"
}

/// A chat message: a short headline, the incident's figures, and whom to @-mention.
public struct NotifyText: Sendable, Equatable {
    public var headline: String
    public var lines: [String]
    /// The people to @-mention (the holder of the role a reminder concerns).
    public var mention = NotifyContact()
    /// Who they are, as the room names them.
    public var mentionNames: [String] = []

    public init(headline: String, lines: [String] = []) {
        self.headline = headline
        self.lines = lines
    }

    /// The plain text: the headline, then one line per figure.
    public var text: String { ([headline] + lines).joined(separator: "\n") }
}

/// The plan's wording for each message, through the Core's own words (event sentences,
/// severity, phase and role names, durations, counter names): nothing is translated twice.
public enum NotifyWording {
    /// The incident's figures: severity, phase and title; elapsed time and commander; key counters.
    public static func figures(_ inc: Incident, now: Date) -> [String] {
        var lines = [
            [inc.severity.displayLabelWithCode, inc.phase.displayName, Sanitizer.inline(inc.title)].joined(separator: " · ")
        ]
        var second = [tr("elapsed {duration}", ["duration": DurationText.format(max(0, now.timeIntervalSince(inc.declaredAt)))])]
        if let c = inc.roles["commander"] {
            second.append(tr("{role}: {member}", ["role": Role.display("commander"), "member": Sanitizer.inline(c)]))
        }
        lines.append(second.joined(separator: " · "))
        let counters = inc.orderedCounters.prefix(4).map { c in
            CounterName.display(c.name) + " " + EventSentence.formatNumber(c.value) + (c.unit.map { " " + $0 } ?? "")
        }
        if !counters.isEmpty { lines.append(Sanitizer.inline(counters.joined(separator: " · "))) }
        return lines
    }

    static func prefix(_ inc: Incident) -> String {
        inc.drill ? "[" + DrillRun.drillBanner + "] " : ""
    }

    /// A message for an event on an incident.
    public static func event(_ e: Event, line: Int, incident inc: Incident, now: Date, playbook: Playbook? = nil) -> NotifyText {
        let before = inc.severityHistory.first(where: { $0.line == line })?.from
        let sentence = EventSentence.describe(e, previousSeverity: before, playbook: playbook, incident: inc)
        let headline = prefix(inc) + tr("{incident}: {sentence}", ["incident": inc.id, "sentence": Sanitizer.inline(sentence)])
        return NotifyText(headline: headline, lines: figures(inc, now: now))
    }

    /// A reminder: an external update overdue, a checklist item overdue, the review meeting due.
    public static func reminder(
        _ trigger: String, incident inc: Incident, item: String?, cadence: TimeInterval?, role: String?, state: JournalState, now: Date
    ) -> NotifyText {
        let headline: String
        switch trigger {
        case NotifyTrigger.externalUpdate:
            headline = tr(
                "{incident}: external update overdue (the plan asks for one every {cadence})",
                ["incident": inc.id, "cadence": DurationText.format(cadence ?? 0)])
        case NotifyTrigger.checklistOverdue:
            headline = tr("{incident}: checklist item overdue: {item}", ["incident": inc.id, "item": Sanitizer.inline(item ?? "?")])
        case NotifyTrigger.reviewDue where item == NotifyTrigger.reviewReportItem:
            headline = tr("{incident}: the review report is due", ["incident": inc.id])
        default:
            headline = tr("{incident}: the review meeting is due", ["incident": inc.id])
        }
        var text = NotifyText(headline: prefix(inc) + headline, lines: figures(inc, now: now))
        if let role {
            if let member = inc.roles[role] {
                text.lines.append(tr("{role}: {member}", ["role": Role.display(role), "member": Sanitizer.inline(member)]))
                text.mention = NotifyContact(inc.members[member]?.contact ?? state.standingMembers[member]?.contact)
                text.mentionNames = [member]
            } else {
                text.lines.append(tr("{role}: nobody holds this role", ["role": Role.display(role)]))
            }
        }
        return text
    }

    /// A follow-up overdue: its id, text and due date, the incident's title, and the owner
    /// @-mentioned where the owner's contact says how.
    public static func followUp(_ f: FollowUp, incident inc: Incident, state: JournalState) -> NotifyText {
        let headline = tr(
            "{incident}: follow-up {action} overdue (due {date}): {text}",
            ["incident": inc.id, "action": f.id, "date": f.due.map(EventSentence.dueDate) ?? "?", "text": Sanitizer.inline(f.text)])
        var text = NotifyText(
            headline: prefix(inc) + headline,
            lines: [[inc.severity.displayLabelWithCode, inc.phase.displayName, Sanitizer.inline(inc.title)].joined(separator: " · ")])
        if let owner = f.owner {
            text.lines.append(tr("owner: {member}", ["member": Sanitizer.inline(owner)]))
            text.mention = NotifyContact(inc.members[owner]?.contact ?? state.standingMembers[owner]?.contact)
            text.mentionNames = [owner]
        } else {
            text.lines.append(tr("nobody owns it: give it an owner"))
        }
        return text
    }

    /// One message for several: "N updates" and one line each, within `maxBytes`.
    /// Returns the message and how many of `parts` it holds (the rest wait for the next one).
    public static func summary(_ parts: [NotifyText], maxBytes: Int) -> (text: NotifyText, count: Int) {
        var count = parts.count
        while true {
            var s = NotifyText(headline: trn("{n} update", "{n} updates", count))
            s.lines = parts.prefix(count).map { "• " + $0.headline }
            for p in parts.prefix(count) {
                s.mention.merge(p.mention)
                s.mentionNames += p.mentionNames.filter { !s.mentionNames.contains($0) }
            }
            if count <= 1 || s.text.utf8.count <= maxBytes { return (s, count) }
            // Shrink to what fits: one line is about the average line's size.
            let avg = max(1, s.text.utf8.count / count)
            count = max(1, min(count - 1, maxBytes / avg))
        }
    }
}
