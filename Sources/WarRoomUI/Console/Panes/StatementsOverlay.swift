import Foundation
import WarRoomCore

/// The shown incident's statements (`S`): two rows each, the id, audience, status and who
/// drafted and approved it, then the text. Drafts waiting for approval come first. Journal
/// text is drawn through the canvas, sanitised.
struct StatementsOverlay {
    var model: ConsoleModel
    var glyphs: Glyphs

    func draw(_ c: Canvas, above bottom: Int) {
        let list = model.statementsShown
        let waiting = list.filter { $0.status == .pending }.count
        let w = min(c.width - 4, 110)
        let h = min(bottom - 1, max(2, list.count * 2) + 2)
        let r = Rect(x: (c.width - w) / 2, y: max(1, bottom - h), width: w, height: h)
        c.overlayBox(
            r, title: tr("Statements ({n} awaiting approval)", ["n": String(waiting)]), glyphs: glyphs)
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: w - 4, height: h - 2)
        guard inner.height > 0 else { return }
        if list.isEmpty {
            c.put(inner.x, inner.y, tr("No statements drafted."), Styles.overlay, width: inner.width)
            if inner.height > 1 {
                c.put(
                    inner.x, inner.y + 1, tr("c drafts one (external and regulator statements need approval)."), Styles.textDim,
                    width: inner.width)
            }
            return
        }
        let selected = ConsoleModel.statementIndex(model.interaction, in: list)
        let fits = max(1, inner.height / 2)
        let start = min(max(0, selected - fits + 1), max(0, list.count - fits))
        for (k, s) in list.dropFirst(start).prefix(fits).enumerated() {
            let y = inner.y + k * 2
            let isSelected = start + k == selected
            let style = isSelected ? Styles.selection : Styles.overlay
            if isSelected { c.fill(Rect(x: inner.x - 1, y: y, width: inner.width + 2, height: 2), Styles.selection) }
            c.put(inner.x, y, Self.summary(s), style, width: inner.width)
            if k * 2 + 1 < inner.height {
                c.put(inner.x + 2, y + 1, s.text, isSelected ? Styles.selection : Styles.textDim, width: inner.width - 2)
            }
        }
    }

    /// "S-1  external  awaiting approval  drafted by bob", with the approver once approved.
    static func summary(_ s: Statement) -> String {
        var parts = [s.id, ConsoleWords.audience(s.audience), Statement.display(s.status), tr("drafted by {who}", ["who": s.draftedBy])]
        if let a = s.approval { parts.append(tr("approved by {who}", ["who": a.by])) }
        if let r = s.rejection { parts.append(tr("rejected by {who}", ["who": r.by])) }
        return parts.joined(separator: "  ")
    }

    /// The line under the header: "✎ 1 statement waits for your approval — press S to review it".
    static func banner(_ waiting: [Statement], ascii: Bool) -> String {
        " " + (ascii ? ">" : "✎") + " "
            + trn("{n} statement waits for your approval", "{n} statements wait for your approval", waiting.count)
            + " — " + tr("press S to review") + " "
    }
}
