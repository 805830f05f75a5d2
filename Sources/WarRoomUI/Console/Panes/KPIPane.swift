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
        let rows = Self.rows(k, counters: model.incident?.orderedCounters ?? [], wide: wide, targets: targets, notify: notify)
        // Values right-aligned; labels take what is left.
        let start = min(model.kpiScroll, max(0, rows.count - inner.height))
        for (n, row) in rows.dropFirst(start).prefix(inner.height).enumerated() {
            let y = inner.y + n
            let vw = min(DisplayWidth.of(row.value), inner.width - 6)
            c.put(inner.x, y, row.label, Styles.kpiLabel, width: inner.width - vw - 1)
            c.put(inner.maxX - vw, y, row.value, row.style, width: vw)
        }
    }

    /// The pane's rows, with long words where the pane is wide.
    /// `notify`: the notifier's rows (NotifyRows), put under the Notify measure.
    static func rows(
        _ k: IncidentKPIs, counters: [Counter], wide: Bool, targets: [KPIName: Target] = [:],
        notify: [(label: String, value: String, style: StyleName)] = []
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
