import Foundation
import WarRoomCore

/// The open follow-ups (`F`): two rows each, the id, incident, due date (in the console's zone)
/// and owner, with OVERDUE on the right where the due date has passed (red and bold, and the
/// word, not colour alone), then the text. This console's person's come first. Journal text is
/// drawn through the canvas, sanitised.
struct FollowUpsOverlay {
    var model: ConsoleModel
    var now: Date
    var glyphs: Glyphs

    func draw(_ c: Canvas, above bottom: Int) {
        let list = FollowUpList.ordered(model.state, me: model.me, now: now)
        let mine = list.filter { FollowUpList.isMine($0, model.me) }.count
        let w = min(c.width - 4, 110)
        let h = min(bottom - 1, max(2, list.count * 2) + 2)
        let r = Rect(x: (c.width - w) / 2, y: max(1, bottom - h), width: w, height: h)
        let title =
            model.me == nil
            ? tr("Follow-ups ({n} open)", ["n": String(list.count)])
            : tr("Follow-ups ({n} open, {mine} yours)", ["n": String(list.count), "mine": String(mine)])
        c.overlayBox(r, title: title, glyphs: glyphs)
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: w - 4, height: h - 2)
        guard inner.height > 0 else { return }
        if list.isEmpty {
            c.put(inner.x, inner.y, tr("No open follow-ups."), Styles.overlay, width: inner.width)
            if inner.height > 1 {
                c.put(inner.x, inner.y + 1, tr("f adds one to the incident shown."), Styles.textDim, width: inner.width)
            }
            return
        }
        let selected = ConsoleModel.followUpIndex(model.interaction, in: list)
        let fits = max(1, inner.height / 2)
        let start = min(max(0, selected - fits + 1), max(0, list.count - fits))
        let clock = LocalClock(timeZone: model.timeZone)
        for (k, f) in list.dropFirst(start).prefix(fits).enumerated() {
            let y = inner.y + k * 2
            let isSelected = start + k == selected
            let style = isSelected ? Styles.selection : Styles.overlay
            if isSelected { c.fill(Rect(x: inner.x - 1, y: y, width: inner.width + 2, height: 2), Styles.selection) }
            let overdue = f.isOverdue(at: now)
            let mark = overdue ? tr("OVERDUE", context: "follow-up") : ""
            let mw = min(DisplayWidth.of(mark), inner.width / 2)
            c.put(inner.x, y, FollowUpList.summary(f, me: model.me, clock: clock), style, width: inner.width - mw - (mw > 0 ? 1 : 0))
            if overdue { c.put(inner.maxX - mw, y, mark, Styles.checklistOverdue, width: mw) }
            if k * 2 + 1 < inner.height {
                c.put(inner.x + 2, y + 1, f.text, isSelected ? Styles.selection : Styles.textDim, width: inner.width - 2)
            }
        }
    }
}
