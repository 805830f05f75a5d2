import Foundation
import WarRoomCore

/// The open alerts (`!`): two rows a signal, its age, source and title with what it meets
/// (or the incident declared from it) on the right, then its summary and rule; the selected
/// one is the one Enter declares from. Journal text is drawn through the canvas, sanitised.
struct SignalsOverlay {
    var model: ConsoleModel
    var now: Date
    var glyphs: Glyphs

    func draw(_ c: Canvas, above bottom: Int) {
        let signals = SignalList.ordered(model.state)
        let w = min(c.width - 4, 110)
        let rowsWanted = max(2, signals.count * 2)
        let h = min(bottom - 1, rowsWanted + 2)
        let r = Rect(x: (c.width - w) / 2, y: max(1, bottom - h), width: w, height: h)
        c.overlayBox(r, title: tr("Open alerts ({n})", ["n": String(signals.count)]), glyphs: glyphs)
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: w - 4, height: h - 2)
        guard inner.height > 0 else { return }
        if signals.isEmpty {
            c.put(inner.x, inner.y, tr("No open alerts."), Styles.overlay, width: inner.width)
            if inner.height > 1 {
                c.put(
                    inner.x, inner.y + 1, tr("Alerts come in through warroom serve or warroom ingest."), Styles.textDim,
                    width: inner.width)
            }
            return
        }
        let selected = ConsoleModel.signalIndex(model.interaction, in: signals)
        let fits = max(1, inner.height / 2)
        let start = min(max(0, selected - fits + 1), max(0, signals.count - fits))
        let shown = signals.dropFirst(start).prefix(fits)
        // The ages in one column, as wide as the widest ("16m", "16分钟").
        let ageW = shown.map { DisplayWidth.of(DurationText.formatAge(now.timeIntervalSince($0.startsAt))) }.max() ?? 0
        for (k, s) in shown.enumerated() {
            let y = inner.y + k * 2
            let isSelected = start + k == selected
            let style = isSelected ? Styles.selection : Styles.overlay
            if isSelected { c.fill(Rect(x: inner.x - 1, y: y, width: inner.width + 2, height: 2), Styles.selection) }
            let age = DisplayWidth.pad(DurationText.formatAge(now.timeIntervalSince(s.startsAt)), to: ageW)
            let verdict = SignalList.verdict(s, model.state)
            let vw = verdict.map { min(DisplayWidth.of($0), inner.width / 2) } ?? 0
            let left = age + "  " + s.source + "  " + s.title
            c.put(inner.x, y, left, style, width: inner.width - vw - (vw > 0 ? 1 : 0))
            if let verdict {
                let vstyle = isSelected ? Styles.selection : (s.meets != nil ? Styles.kpiWarning : Styles.textDim)
                c.put(inner.maxX - vw, y, verdict, vstyle, width: vw)
            }
            let detail = SignalList.detail(s, model.catalog)
            if !detail.isEmpty, k * 2 + 1 < inner.height {
                let indent = ageW + 2
                c.put(inner.x + indent, y + 1, detail, isSelected ? Styles.selection : Styles.textDim, width: inner.width - indent)
            }
        }
    }
}
