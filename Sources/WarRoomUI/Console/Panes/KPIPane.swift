import Foundation
import WarRoomCore

/// The KPI pane: each measure against its target, checklist and roles filled, then
/// the incident's counters; labels on the left, values right-aligned.
struct KPIPane {
    var model: ConsoleModel
    var glyphs: Glyphs

    func draw(_ c: Canvas, _ r: Rect, _ k: IncidentKPIs?) {
        c.box(r, title: Pane.kpis.title, focused: model.focus == .kpis, glyphs: glyphs)
        let inner = r.inner
        guard let k, inner.height > 0 else { return }
        let targets = model.incident.map { model.catalog.policy(for: $0).targets } ?? [:]
        let wide = inner.width >= 44
        let notify =
            model.incident.map {
                NotifyRows.rows($0, clock: LocalClock(timeZone: model.timeZone), wide: wide, ascii: c.asciiOnly)
            } ?? []
        let clock = LocalClock(timeZone: model.timeZone)
        let recovery = model.incident.map { Self.recoveryRows($0, wide: wide, clock: clock) } ?? []
        let rows = Self.rows(
            k, counters: model.incident?.orderedCounters ?? [], wide: wide, targets: targets, notify: notify, recovery: recovery,
            scope: model.incident?.scope)
        // Values right-aligned; labels take what is left.
        let start = min(model.kpiScroll, max(0, rows.count - inner.height))
        for (n, row) in rows.dropFirst(start).prefix(inner.height).enumerated() {
            let y = inner.y + n
            let vw = min(DisplayWidth.of(row.value), inner.width - 6)
            c.put(inner.x, y, row.label, Styles.kpiLabel, width: inner.width - vw - 1)
            c.put(inner.maxX - vw, y, row.value, row.style, width: vw)
        }
    }

    /// The tech lead's recovery estimate under the Restore measure: the ETA (in the viewer's zone)
    /// and the data-loss window, then the backup in use where the pane is wide.
    static func recoveryRows(_ inc: Incident, wide: Bool, clock: LocalClock) -> [(label: String, value: String, style: StyleName)] {
        guard let r = inc.recovery else { return [] }
        var parts: [String] = []
        if let eta = r.eta { parts.append(tr("ETA {time}", ["time": String(clock.time(eta).prefix(5))])) }
        if let rpo = r.rpo {
            let window = wide ? DurationText.formatTarget(rpo) : DurationText.formatTargetNarrow(rpo)
            parts.append(
                wide
                    ? (r.dataLost.map { tr("RPO {window} of {what}", ["window": window, "what": Sanitizer.inline($0)]) }
                        ?? tr("RPO {window}", ["window": window]))
                    : tr("RPO {window}", ["window": window]))
        }
        var rows: [(label: String, value: String, style: StyleName)] = []
        // Narrow, the ETA and RPO words say what the row is: it takes the whole width.
        if !parts.isEmpty { rows.append(("  " + (wide ? tr("estimate", context: "kpi") : ""), parts.joined(separator: " "), Styles.text)) }
        if wide, let b = r.backup { rows.append(("  " + tr("backup", context: "kpi"), Sanitizer.inline(b), Styles.text)) }
        return rows
    }

    /// The pane's rows, with long words where the pane is wide.
    /// `notify`: the notifier's rows (NotifyRows), put under the Notify measure.
    static func rows(
        _ k: IncidentKPIs, counters: [Counter], wide: Bool, targets: [KPIName: Target] = [:],
        notify: [(label: String, value: String, style: StyleName)] = [],
        recovery: [(label: String, value: String, style: StyleName)] = [], scope: OutageScope? = nil
    )
        -> [(label: String, value: String, style: StyleName)]
    {
        var rows: [(label: String, value: String, style: StyleName)] = []
        // The whole handling time is the header's elapsed clock already: not a row of its own.
        for m in k.measures where m.name != .timeToClose {
            // Narrow rows take the narrow forms: a Chinese row has two columns a character.
            let value = m.seconds.map { wide ? DurationText.format($0) : DurationText.formatNarrow($0) } ?? "—"
            let target = m.target.map { wide ? DurationText.formatTarget($0) : DurationText.formatTargetNarrow($0) } ?? "—"
            // A drill that ended before a target was reached: neither met nor breached ("ended" when narrow).
            let stateWord = ConsoleWords.kpiState(m.state, short: !wide)
            let text =
                wide ? "\(value) / \(target)  \(stateWord)" : "\(value)/\(target) \(stateWord)"
            // The plan's own name for the measure where the pane is wide (title_zh in Chinese).
            let label = wide ? m.displayTitle : m.name.displayShortTitle
            rows.append((label, text, Styles.kpi(m.state.rawValue)))
            if m.name == .timeToNotify { rows += notify }
            // The RTO's estimate and the RPO beside the restore target, as the tech lead reported them.
            if m.name == .timeToRestore { rows += recovery }
        }
        if !k.measures.contains(where: { $0.name == .timeToNotify }) { rows += notify }
        rows.append(
            (
                tr("Checklist"),
                k.overdue.isEmpty
                    ? "\(k.progress.done)/\(k.progress.total)"
                    : tr(
                        "{done}/{total}, {n} overdue",
                        ["done": String(k.progress.done), "total": String(k.progress.total), "n": String(k.overdue.count)]),
                k.overdue.isEmpty ? Styles.text : Styles.checklistOverdue
            ))
        let rf = k.rolesFilled
        rows.append((tr("Roles filled"), "\(rf.done)/\(rf.total)", rf.done < rf.total ? Styles.kpiWarning : Styles.text))
        if let scope {
            rows.append((tr("Outage scope", context: "kpi"), scope.displayName, scope == .nationwide ? Styles.kpiWarning : Styles.text))
        }
        for counter in counters {
            rows.append(
                (
                    CounterName.display(counter.name),
                    EventSentence.formatNumber(counter.value) + (wide ? counter.unit.map { " \($0)" } ?? "" : ""), Styles.counter
                ))
        }
        return rows
    }
}
