import Foundation
import WarRoomCore

/// A drill's expectations and running score (`E`, facilitator and evaluators only): two rows
/// each, the result as `warroom drill score` marks it with the expectation and its weight, then
/// when it was met and by whom, its deadline, and an evaluator's mark with the note. The score
/// is DrillScorer's, never recomputed here. Journal text is drawn through the canvas, sanitised.
struct ExpectationsOverlay {
    var model: ConsoleModel
    var glyphs: Glyphs

    func draw(_ c: Canvas, above bottom: Int) {
        guard let score = model.drillScore else { return }
        let results = score.results
        let w = min(c.width - 4, 110)
        let h = min(bottom - 1, max(2, results.count * 2) + 2)
        let r = Rect(x: (c.width - w) / 2, y: max(1, bottom - h), width: w, height: h)
        let title = tr(
            "Expectations · score {score} · {clock}", ["score": score.scoreText, "clock": DrillScore.clockLabel(score.scenarioTime)])
        c.overlayBox(r, title: title, glyphs: glyphs)
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: w - 4, height: h - 2)
        guard inner.height > 0 else { return }
        if results.isEmpty {
            c.put(
                inner.x, inner.y, tr("This drill has no expectations: it is scored on the policy targets."), Styles.overlay,
                width: inner.width)
            return
        }
        let selected = ConsoleModel.expectationIndex(model.interaction, in: results)
        let fits = max(1, inner.height / 2)
        let start = min(max(0, selected - fits + 1), max(0, results.count - fits))
        for (k, result) in results.dropFirst(start).prefix(fits).enumerated() {
            let y = inner.y + k * 2
            let isSelected = start + k == selected
            if isSelected { c.fill(Rect(x: inner.x - 1, y: y, width: inner.width + 2, height: 2), Styles.selection) }
            let mark = DrillScore.mark(result.status)
            let markStyle = isSelected ? Styles.selection : style(result.status)
            c.put(inner.x, y, mark, markStyle, width: 8)
            let weight = tr("weight {weight}", ["weight": EventSentence.formatNumber(result.expectation.weight)])
            let ww = DisplayWidth.of(weight)
            c.put(
                inner.x + 9, y, result.expectation.localizedText, isSelected ? Styles.selection : Styles.overlay,
                width: inner.width - 10 - ww)
            c.put(inner.maxX - ww, y, weight, isSelected ? Styles.selection : Styles.textDim, width: ww)
            if k * 2 + 1 < inner.height {
                c.put(inner.x + 9, y + 1, detail(result), isSelected ? Styles.selection : Styles.textDim, width: inner.width - 9)
            }
        }
    }

    func style(_ s: ExpectationResult.Status) -> String {
        switch s {
        case .met: return Styles.overlay
        case .missed, .late: return Styles.checklistOverdue
        default: return Styles.textDim
        }
    }

    /// The second row: met when and by whom, the deadline, an evaluator's mark.
    func detail(_ r: ExpectationResult) -> String {
        var parts: [String] = []
        if let at = r.metAt {
            let clock = DrillScore.clockLabel(at.rounded())
            parts.append(r.by.map { tr("met at {clock} by {who}", ["clock": clock, "who": $0]) } ?? tr("met at {clock}", ["clock": clock]))
        }
        if let d = r.deadline { parts.append(tr("deadline {clock}", ["clock": DrillScore.clockLabel(d.rounded())])) }
        if r.automatic == .notTriggered { parts.append(tr("inject {inject} not released yet", ["inject": r.expectation.from])) }
        var s = parts.joined(separator: tr(", ", context: "drill clauses"))
        if let o = r.observation {
            s += DrillScore.observedClause(o, automatic: r.automatic)
        }
        return s
    }
}
