import CNcursesw
import Foundation
import WarRoomCore
import WarRoomUI

/// The terminal side of drawing. Panes draw into a `TextGrid`, the same grid
/// `warroom render` prints and the snapshot tests compare, so the tests test
/// what the terminal shows; this copies a finished grid onto the standard
/// screen, erased (never cleared) each frame, and one `wnoutrefresh` and one
/// `doupdate` send only the cells that changed. One window instead of one per
/// pane: ncurses diffs the whole virtual screen either way.
final class TerminalScreen {
    let asciiOnly: Bool
    private(set) var width: Int = 0
    private(set) var height: Int = 0
    private var theme: Theme
    private let colors: Int
    private var looks: [StyleName: (attrs: attr_t, pair: Int32)] = [:]
    private var pairs: [Int64: Int32] = [:]
    private var buffer: [wchar_t] = []

    init(theme: Theme, asciiOnly: Bool) {
        self.asciiOnly = asciiOnly
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(wr_colors())
        } else {
            colors = 0
        }
        self.theme = colors >= 8 ? theme : theme.withoutColour()
        updateSize()
    }

    func updateSize() {
        width = Int(wr_cols())
        height = Int(wr_lines())
    }

    /// A blank grid of the terminal's current size for the next frame.
    func newFrame() -> TextGrid {
        updateSize()
        return TextGrid(width: width, height: height, asciiOnly: asciiOnly)
    }

    /// Copies the grid to the screen, runs of one style at a time, and sends what changed.
    func flush(_ grid: TextGrid, cursor: (x: Int, y: Int)?) {
        let win = wr_stdscr()
        werase(win)
        let rows = min(grid.height, height)
        let cols = min(grid.width, width)
        for y in 0..<rows {
            var x = 0
            while x < cols {
                let style = grid.cell(x, y).style
                let start = x
                buffer.removeAll(keepingCapacity: true)
                while x < cols, grid.cell(x, y).style == style {
                    let c = grid.cell(x, y)
                    // A wide character's right half is drawn by its left half.
                    if !c.continuation {
                        // The grid holds sanitised text; a wide character that would spill past
                        // the edge (the terminal narrower than the grid) is left out.
                        if x + 1 < cols || !(x + 1 < grid.width && grid.cell(x + 1, y).continuation) {
                            for u in c.text.unicodeScalars.prefix(4) { buffer.append(wchar_t(bitPattern: u.value)) }
                        }
                    }
                    x += 1
                }
                guard !buffer.isEmpty else { continue }
                let l = look(style)
                wr_attr_set(win, l.attrs, l.pair)
                buffer.append(0)
                mvwaddnwstr(win, Int32(y), Int32(start), buffer, Int32(buffer.count - 1))
            }
        }
        if let cursor {
            curs_set(1)
            wmove(win, Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(win)
        doupdate()
    }

    /// Forgets what the terminal shows, so the next frame repaints it all (Ctrl-L, a resize).
    func forceRepaint() {
        clearok(wr_curscr(), true)
    }

    private func look(_ style: StyleName) -> (attrs: attr_t, pair: Int32) {
        if let l = looks[style] { return l }
        let spec = theme.spec(style)
        var attrs = wr_a_normal()
        if spec.bold { attrs |= wr_a_bold() }
        if spec.dim { attrs |= wr_a_dim() }
        if spec.underline { attrs |= wr_a_underline() }
        if spec.reverse { attrs |= wr_a_reverse() }
        if spec.italic { attrs |= wr_a_italic() }
        var pair: Int32 = 0
        if colors >= 8 {
            let (f, b) = spec.colors(on: colors)
            let fg = number(f)
            let bg = number(b)
            if fg != -1 || bg != -1 {
                let key = Int64(fg) << 32 | Int64(UInt32(bitPattern: bg))
                if let p = pairs[key] {
                    pair = p
                } else {
                    // alloc_pair hands out extended pairs (beyond 255) on demand.
                    let p = alloc_pair(fg, bg)
                    pair = p > 0 ? p : 0
                    pairs[key] = pair
                }
            }
        }
        let l = (attrs, pair)
        looks[style] = l
        return l
    }

    private func number(_ c: ThemeColor?) -> Int32 {
        guard let c else { return -1 }
        switch c {
        case .terminalDefault: return -1
        case .indexed(let i): return Int32(i)
        case .rgb: return -1
        }
    }
}
