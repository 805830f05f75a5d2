import Foundation

/// One line of an incident's checklist as shown and scored.
public struct ChecklistEntry: Sendable, Equatable {
    public var id: String
    public var text: String
    public var textZh: String?
    public var phase: Phase
    public var role: String?
    /// When it is due (declaration + the item's due), if it has a due time.
    public var dueAt: Date?
    public var done: Tick?
    /// Added during the incident rather than from the playbook.
    public var adHoc: Bool

    public var isDone: Bool { done != nil }

    public func isOverdue(at now: Date) -> Bool {
        guard let dueAt, done == nil else { return false }
        return now > dueAt
    }

    /// Ticked after its due time.
    public var doneLate: Bool {
        guard let dueAt, let done else { return false }
        return done.at > dueAt
    }
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
    public static func entries(
        for incident: Incident, playbook: Playbook?, timescale: Timescale = .real, now: Date = Date()
    ) -> [ChecklistEntry] {
        var out: [ChecklistEntry] = []
        func dueAt(_ due: TimeInterval?) -> Date? {
            due.map { timescale.deadline($0, after: incident.declaredAt, now: now) }
        }
        for item in playbook?.items ?? [] where item.applies(at: incident.severity) {
            out.append(
                ChecklistEntry(
                    id: item.id, text: item.text, textZh: item.textZh, phase: item.phase, role: item.role,
                    dueAt: dueAt(item.due), done: incident.ticks[item.id],
                    adHoc: false))
        }
        for added in incident.addedItems {
            let entry = ChecklistEntry(
                id: added.item, text: added.text, textZh: nil, phase: added.phase ?? incident.phase, role: added.role,
                dueAt: dueAt(added.due), done: incident.ticks[added.item],
                adHoc: true)
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
