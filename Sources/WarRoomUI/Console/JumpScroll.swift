/// Which timeline entries a page of `rows` shows.
///
/// A terminal scrolls only whole lines, so in a pane narrower than the screen a new event
/// moving every line up one would rewrite every row over the wire. Following there moves by
/// two thirds of a page at a time instead: between jumps a new event fills the next empty
/// row, and at least a third of the page before stays shown.
enum JumpScroll {
    /// - Parameters:
    ///   - count: entries in the timeline.
    ///   - rows: rows the page shows.
    ///   - scroll: entries scrolled up from the newest (0 follows).
    ///   - narrow: the pane is narrower than the screen, so following jumps.
    static func window(count: Int, rows: Int, scroll: Int, narrow: Bool) -> Range<Int> {
        // Never scroll past a full first page.
        let end = max(min(count, rows), count - scroll)
        var start = max(0, end - rows)
        if scroll == 0 && narrow && count > rows {
            let jump = max(1, rows * 2 / 3)
            start = (count - rows + jump - 1) / jump * jump
        }
        return start..<end
    }
}
