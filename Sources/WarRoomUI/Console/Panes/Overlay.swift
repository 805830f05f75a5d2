extension Canvas {
    /// The frame of an overlay: its area cleared to the overlay style, boxed and titled.
    func overlayBox(_ r: Rect, title: String, glyphs: Glyphs) {
        fill(r, Styles.overlay)
        box(r, title: title, focused: false, glyphs: glyphs)
    }
}
