import WarRoomCore

/// An open `Picker`, drawn as a box above the footer: what was typed, then up to ten
/// options around the selection, numbered where a digit picks.
struct PickerOverlay {
    var picker: Picker
    var glyphs: Glyphs

    /// - Parameter bottom: the row the box ends above.
    func draw(_ c: Canvas, above bottom: Int) {
        let p = picker
        let visible = p.visible
        let w = min(c.width - 4, 64)
        let listRows = max(1, min(visible.count, 10))
        let h = listRows + 3
        let r = Rect(x: 2, y: max(1, bottom - h), width: w, height: h)
        c.overlayBox(r, title: p.title, glyphs: glyphs)
        c.put(r.x + 2, r.y + 1, "› " + String(p.typed), Styles.prompt, width: w - 4, pad: true)
        let sel = p.selection ?? -1
        let start = max(0, sel - listRows + 1)
        for (k, o) in visible.dropFirst(start).prefix(listRows).enumerated() {
            let i = start + k
            let style = i == sel ? Styles.selection : Styles.overlay
            let number = i < 9 && !p.allowsFreeText ? "\(i + 1) " : "  "
            let dw = o.detail.map { min(DisplayWidth.of($0) + 1, (w - 4) / 2) } ?? 0
            // A label keeps a column free before its detail, so the two never run together: one
            // cut short, and one exactly as wide as the room (一级 二级 三级 is twice L1 L2 L3).
            let room = w - 4 - dw
            let cut = dw > 0 && DisplayWidth.of(number + o.label) >= room
            c.put(r.x + 2, r.y + 2 + k, number + o.label, style, width: cut ? room - 1 : room, pad: i == sel)
            if let d = o.detail, dw > 0 {
                c.put(r.maxX - 2 - dw, r.y + 2 + k, d, i == sel ? Styles.selection : Styles.textDim, width: dw, pad: i == sel)
            }
        }
        if visible.isEmpty {
            c.put(
                r.x + 2, r.y + 2, p.allowsFreeText ? tr("Enter uses the typed name") : tr("nothing matches"), Styles.textDim, width: w - 4)
        }
    }
}
