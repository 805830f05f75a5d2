import Foundation
import WarRoomCore

/// The checklist pane: overall and per-phase progress bars, each phase's items with
/// their done, due or overdue suffix, kept scrolled so the selection stays in view.
struct ChecklistPane {
    var model: ConsoleModel
    var now: Date
    var glyphs: Glyphs
    var clock: LocalClock

    private enum Row {
        case progress(String, ChecklistProgress)
        case item(ChecklistEntry, Int)
    }

    func draw(_ c: Canvas, _ r: Rect, _ k: IncidentKPIs?) {
        c.box(r, title: Pane.checklist.title, focused: model.focus == .checklist, glyphs: glyphs)
        let inner = r.inner
        guard let k, inner.height > 0 else { return }
        var rows: [Row] = [.progress(tr("Overall"), k.progress)]
        var selectedRow = 0
        var index = 0
        for pp in k.progressByPhase {
            rows.append(.progress(ConsoleWords.phaseTitle(pp.phase), pp.progress))
            for e in k.checklist where e.phase == pp.phase {
                if index == model.checklistSelection { selectedRow = rows.count }
                rows.append(.item(e, index))
                index += 1
            }
        }
        if k.checklist.isEmpty {
            c.put(
                inner.x + 1, inner.y, tr("No checklist: no playbook items. Add one with `warroom add-item`."), Styles.textDim,
                width: inner.width - 1)
            return
        }
        let start = max(0, min(selectedRow - inner.height / 2, rows.count - inner.height))
        let labelW = 10
        for (n, row) in rows.dropFirst(start).prefix(inner.height).enumerated() {
            let y = inner.y + n
            switch row {
            case .progress(let label, let p):
                c.put(inner.x, y, label, Styles.checklistPhase, width: labelW)
                let count = " \(p.done)/\(p.total)"
                let barW = max(0, inner.width - labelW - DisplayWidth.of(count) - 1)
                c.bar(inner.x + labelW, y, width: min(barW, 20), fraction: p.fraction, glyphs: glyphs)
                c.put(inner.x + labelW + min(barW, 20), y, count, Styles.text, width: inner.width - labelW - min(barW, 20))
            case .item(let e, let i):
                drawItem(c, inner, y, e, selected: model.focus == .checklist && i == model.checklistSelection)
            }
        }
    }

    private func drawItem(_ c: Canvas, _ inner: Rect, _ y: Int, _ e: ChecklistEntry, selected: Bool) {
        let overdue = e.isOverdue(at: now)
        let mark = e.isDone ? glyphs.done : (overdue ? glyphs.overdue : glyphs.open)
        let style: StyleName =
            selected ? Styles.selection : (e.isDone ? Styles.checklistDone : (overdue ? Styles.checklistOverdue : Styles.checklistOpen))
        let suffix = suffix(e, overdue: overdue, roomy: inner.width >= 50)
        let suffixW = min(DisplayWidth.of(suffix), max(0, inner.width / 2))
        let textW = inner.width - 4 - suffixW
        c.put(inner.x, y, mark + " ", style, width: 4, pad: true)
        c.put(inner.x + 4, y, planText(e.text, zh: e.textZh), style, width: textW, pad: selected)
        if suffixW > 0 {
            c.put(inner.maxX - suffixW, y, suffix, overdue ? Styles.checklistOverdue : Styles.textDim, width: suffixW)
        }
    }

    /// Who ticked it and when, or when it is due, or how late it is.
    private func suffix(_ e: ChecklistEntry, overdue: Bool, roomy: Bool) -> String {
        if let d = e.done {
            return roomy ? " — \(d.by) \(clock.time(d.at).prefix(5))" : " \(clock.time(d.at).prefix(5))"
        }
        guard let due = e.dueAt else { return "" }
        // How late, on the incident's own clock: a drill's deadlines count in scenario time.
        let late = DurationText.format(-(e.dueIn ?? now.timeIntervalSince(due)))
        var when = (clock.date(due) == clock.date(now) ? "" : clock.date(due).dropFirst(5) + " ") + clock.time(due).prefix(5)
        if let dueIn = e.dueIn, !model.state.timescale(for: model.incident?.id ?? "").isReal {
            when = tr("in {duration}", ["duration": DurationText.format(dueIn)])
        }
        if overdue { return roomy ? " — " + tr("overdue {late}", ["late": late]) : " " + tr("late {late}", ["late": late]) }
        return (roomy ? " — " : " ") + tr("due {when}", ["when": String(when)])
    }
}
