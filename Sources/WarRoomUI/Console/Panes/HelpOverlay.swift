import WarRoomCore

/// The `?` overlay: the keymap's help rows, cut with a note when the terminal is short.
struct HelpOverlay {
    var lines: [(keys: String, text: String)]
    var glyphs: Glyphs

    func draw(_ c: Canvas) {
        let w = min(c.width - 4, 74)
        // Keep the footer's hint line visible below the box.
        let h = min(c.height - 3, lines.count + 2)
        let r = Rect(x: (c.width - w) / 2, y: max(1, (c.height - 2 - h) / 2), width: w, height: h)
        c.overlayBox(r, title: tr("Keys"), glyphs: glyphs)
        let rows = h - 2
        let shown =
            lines.count <= rows
            ? lines : Array(lines.prefix(rows - 1)) + [("…", tr("a taller terminal shows {n} more", ["n": String(lines.count - rows + 1)]))]
        for (k, line) in shown.enumerated() {
            c.put(r.x + 2, r.y + 1 + k, line.keys, Styles.footerKey, width: 15)
            c.put(r.x + 18, r.y + 1 + k, line.text, Styles.overlay, width: w - 20)
        }
    }
}
