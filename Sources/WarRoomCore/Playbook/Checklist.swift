import Foundation

/// One line of an incident's checklist as shown and scored.
public struct ChecklistEntry: Sendable, Equatable {
    public var id: String
    public var text: String
    public var textZh: String?
    public var phase: Phase
    public var role: String?
    /// When it is due (declaration, or the crisis' end for a `from = "end"` item, + the item's due), if it has a due time.
    public var dueAt: Date?
    public var done: Tick?
    /// Added during the incident rather than from the playbook.
    public var adHoc: Bool
    /// Seconds until it is due on the incident's own clock (scenario time for
    /// a drill) at the moment the checklist was made; negative once overdue.
    /// A drill's `dueAt` moves with pauses and its clock stops when it ends,
    /// so how late an item is must be read from here, not from `dueAt`.
    public var dueIn: TimeInterval?
    /// Ticked after its due time, on the incident's own clock.
    var tickedLate = false

    public var isDone: Bool { done != nil }

    /// Overdue on the incident's own clock; `now` counts only for an entry
    /// made without one.
    public func isOverdue(at now: Date) -> Bool {
        guard done == nil else { return false }
        if let dueIn { return dueIn < 0 }
        guard let dueAt else { return false }
        return now > dueAt
    }

    /// Ticked after its due time.
    public var doneLate: Bool { done != nil && tickedLate }
}

/// ChecklistProgress of a group of items.
public struct ChecklistProgress: Sendable, Equatable {
    public var done: Int
    public var total: Int

    public var fraction: Double { total == 0 ? 0 : Double(done) / Double(total) }
}

public enum Checklist {
    /// The incident's checklist: its playbook's items for its current
    /// severity, then items added during the incident. Done state comes from
    /// ticks, which survive severity changes.
    /// With a drill's timescale, due times count in scenario time; `dueAt` is
    /// then the real moment the deadline falls as seen from `now`.
    /// `afterEnd`: the time for items due from the crisis' end, whose clocks keep running after
    /// the close (nil: `now`, the incident's own clock).
    public static func entries(
        for incident: Incident, playbook: Playbook?, timescale: Timescale = .real, now: Date = Date(), afterEnd: Date? = nil
    ) -> [ChecklistEntry] {
        var out: [ChecklistEntry] = []
        let clock = timescale.elapsed(from: incident.declaredAt, to: now)
        func entry(
            id: String, text: String, textZh: String?, phase: Phase, role: String?, due: TimeInterval?, adHoc: Bool,
            from: DueFrom = .declaration
        ) -> ChecklistEntry {
            let done = incident.ticks[id]
            // An item due from the crisis' end is not due at all before it ends.
            let start = from == .end ? incident.crisisEndedAt : incident.declaredAt
            let due = start == nil ? nil : due
            let base = start ?? incident.declaredAt
            let at = from == .end ? (afterEnd ?? now) : now
            var e = ChecklistEntry(
                id: id, text: text, textZh: textZh, phase: phase, role: role,
                dueAt: due.map { timescale.deadline($0, after: base, now: at) }, done: done, adHoc: adHoc)
            if let due {
                e.dueIn = due - (from == .end ? timescale.elapsed(from: base, to: at) : clock)
                if let done { e.tickedLate = timescale.elapsed(from: base, to: done.at) > due }
            }
            return e
        }
        for item in playbook?.items ?? [] where item.applies(at: incident.severity) {
            out.append(
                entry(
                    id: item.id, text: item.text, textZh: item.textZh, phase: item.phase, role: item.role, due: item.due,
                    adHoc: false, from: item.from))
        }
        for added in incident.addedItems {
            let entry = entry(
                id: added.item, text: added.text, textZh: nil, phase: added.phase ?? incident.phase, role: added.role,
                due: added.due, adHoc: true)
            if let i = out.firstIndex(where: { $0.id == added.item }) {
                out[i] = entry
            } else {
                out.append(entry)
            }
        }
        // Stable order by phase, keeping file order within a phase: one pass per phase (five),
        // cheaper than a sort that hashes phases and moves whole entries about, per incident per frame.
        var ordered: [ChecklistEntry] = []
        ordered.reserveCapacity(out.count)
        for phase in Phase.allCases {
            for e in out where e.phase == phase { ordered.append(e) }
        }
        return ordered
    }

    public static func progress(_ entries: [ChecklistEntry]) -> ChecklistProgress {
        ChecklistProgress(done: entries.filter(\.isDone).count, total: entries.count)
    }

    public static func progressByPhase(_ entries: [ChecklistEntry]) -> [(phase: Phase, progress: ChecklistProgress)] {
        Phase.allCases.compactMap { p in
            let e = entries.filter { $0.phase == p }
            return e.isEmpty ? nil : (p, progress(e))
        }
    }
}
