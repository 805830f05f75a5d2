import Foundation
import WarRoomCore

/// The roster pane: the rows `RosterRows` derives, keys in a column sized to the
/// longest, values beside them, scrolled by the model's roster scroll.
struct RosterPane {
    var model: ConsoleModel
    var now: Date
    var glyphs: Glyphs

    func draw(_ c: Canvas, _ r: Rect) {
        c.box(r, title: Pane.roster.title, focused: model.focus == .roster, glyphs: glyphs)
        let inner = r.inner
        guard model.incident != nil, inner.height > 0 else { return }
        let rows = RosterRows.make(model, now: now, width: inner.width, ascii: c.asciiOnly)
        let longest = rows.filter { !$0.value.isEmpty }.map { DisplayWidth.of($0.key) }.max() ?? 8
        let keyW = max(6, min(longest + 1, inner.width - 8, 20))
        let valueW = inner.width - keyW - 1
        let start = min(model.rosterScroll, max(0, rows.count - inner.height))
        for (k, row) in rows.dropFirst(start).prefix(inner.height).enumerated() {
            let y = inner.y + k
            c.put(inner.x, y, row.key, row.keyStyle, width: row.value.isEmpty ? inner.width : keyW)
            guard !row.value.isEmpty else { continue }
            let x = inner.x + keyW + 1
            let used = c.put(x, y, row.value, row.valueStyle, width: valueW)
            // A team and contact may be cut where a few characters of them fit; anything else shows whole or not at all.
            let room = row.tail.hasPrefix(" · ") ? min(6, DisplayWidth.of(row.tail)) : DisplayWidth.of(row.tail)
            if !row.tail.isEmpty, used + room <= valueW {
                c.put(x + used, y, row.tail, Styles.textDim, width: valueW - used)
            }
        }
    }
}
