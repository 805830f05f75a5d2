import Foundation
import WarRoomCore

/// The open follow-ups as the console shows them: the list the `F` key opens and the line
/// under the header when the person at this console has overdue ones. A follow-up outlives
/// its incident, so the list spans every incident in the journal.
enum FollowUpList {
    /// Open follow-ups, those owned by `me` first, then the others; within each, the overdue
    /// first, then by due date (none last), then as added.
    static func ordered(_ state: JournalState, me: String?, now: Date) -> [FollowUp] {
        let open = state.orderedFollowUps.filter(\.isOpen)
        let rank = Dictionary(uniqueKeysWithValues: open.enumerated().map { ($1.id, $0) })
        return open.sorted { a, b in
            let (ma, mb) = (isMine(a, me), isMine(b, me))
            if ma != mb { return ma }
            let (oa, ob) = (a.isOverdue(at: now), b.isOverdue(at: now))
            if oa != ob { return oa }
            switch (a.due, b.due) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return (rank[a.id] ?? 0) < (rank[b.id] ?? 0)
            }
        }
    }

    static func isMine(_ f: FollowUp, _ me: String?) -> Bool {
        guard let me, !me.isEmpty else { return false }
        return f.owner == me
    }

    /// The open follow-ups `me` owns whose due date has passed.
    static func overdueMine(_ state: JournalState, me: String?, now: Date) -> [FollowUp] {
        state.orderedFollowUps.filter { isMine($0, me) && $0.isOverdue(at: now) }
    }

    /// The line under the header: "⚠ 2 follow-ups overdue — press F to list them".
    static func banner(_ overdue: [FollowUp], width: Int, ascii: Bool) -> String {
        let head = " " + (ascii ? "!" : "⚠") + " " + trn("{n} follow-up of yours overdue", "{n} follow-ups of yours overdue", overdue.count)
        let tail = " — " + tr("press F to list them") + " "
        guard let first = overdue.first else { return head + tail }
        let text = tr(": {action} {text}", ["action": first.id, "text": Sanitizer.inline(first.text, ascii: ascii)])
        let room = width - DisplayWidth.of(head) - DisplayWidth.of(tail)
        if DisplayWidth.of(text) <= room { return head + text + tail }
        if room >= SignalList.leastTitleRoom { return head + DisplayWidth.truncate(text, to: room, ellipsis: ascii ? "..." : "…") + tail }
        return head + tail
    }

    /// The first row of a follow-up: its id, incident, due date in the console's zone and owner.
    static func summary(_ f: FollowUp, me: String?, clock: LocalClock) -> String {
        let due = f.due.map { tr("due {date}", ["date": clock.date($0) + " " + String(clock.time($0).prefix(5))]) } ?? tr("no due date")
        let owner: String
        if let o = f.owner, !o.isEmpty {
            owner = isMine(f, me) ? tr("{owner} (you)", ["owner": o]) : o
        } else {
            owner = tr("no owner")
        }
        return [f.id, f.incident, due, owner].joined(separator: "  ")
    }
}
