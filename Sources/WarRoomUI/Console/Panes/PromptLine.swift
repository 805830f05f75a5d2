import Foundation
import WarRoomCore

/// Draws an open `TextPrompt` on the hint line: its label, what else it takes at the
/// right end while there is room to type, and the text scrolled so the cursor shows.
struct PromptLine {
    var prompt: TextPrompt

    /// Returns where the terminal cursor goes.
    func draw(_ c: Canvas, _ r: Rect) -> (x: Int, y: Int) {
        let p = prompt
        // A full-width colon (筛选：) carries its own space; another would show as a gap.
        let label = p.label.hasSuffix("：") ? p.label : p.label + " "
        let lw = c.put(r.x, r.y, label, Styles.promptLabel, width: r.width / 2)
        var avail = r.width - lw - 1
        if let hint = p.hint {
            // What else the prompt takes, at the right end, while there is room to type.
            let hw = DisplayWidth.of(hint) + 2
            if avail - hw >= 20 {
                c.put(r.maxX - hw, r.y, " " + hint + " ", Styles.footerKey, width: hw)
                avail -= hw
            }
        }
        // Keep the cursor in view: show the tail of long input.
        let before = String(p.text[0..<p.cursor])
        var shown = Sanitizer.inline(before, ascii: c.asciiOnly)
        while DisplayWidth.of(shown) > avail - 1, !shown.isEmpty { shown.removeFirst() }
        let after = Sanitizer.inline(String(p.text[p.cursor...]), ascii: c.asciiOnly)
        let x0 = r.x + lw
        let used = c.put(x0, r.y, shown, Styles.prompt, width: avail)
        c.put(x0 + used, r.y, after, Styles.prompt, width: max(0, avail - used))
        c.fill(
            Rect(x: x0 + used + DisplayWidth.of(after), y: r.y, width: max(0, avail - used - DisplayWidth.of(after)), height: 1),
            Styles.prompt)
        return (x0 + used, r.y)
    }
}
