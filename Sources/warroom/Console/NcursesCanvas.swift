import CNcursesw
import Foundation
import WarRoomCore
import WarRoomUI

/// The ncurses backend of the Canvas. Everything is drawn on the standard
/// screen, erased (never cleared) each frame; one `wnoutrefresh` and one
/// `doupdate` send only the cells that changed. One window instead of one per
/// pane: ncurses diffs the whole virtual screen either way, and a single
/// window keeps overlays (pickers, help) free of window-stacking order.
final class NcursesCanvas: Canvas {
    let asciiOnly: Bool
    private(set) var width: Int = 0
    private(set) var height: Int = 0
    private var theme: Theme
    private let colors: Int
    private var looks: [StyleName: (attrs: attr_t, pair: Int32)] = [:]
    private var pairs: [Int64: Int32] = [:]

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

    func beginFrame() {
        updateSize()
        werase(wr_stdscr())
    }

    func endFrame(cursor: (x: Int, y: Int)?) {
        if let cursor {
            curs_set(1)
            wmove(wr_stdscr(), Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(wr_stdscr())
        doupdate()
    }

    /// Forgets what the terminal shows, so the next frame repaints it all (Ctrl-L).
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

    @discardableResult
    func put(_ x: Int, _ y: Int, _ text: String, _ style: StyleName) -> Int {
        guard y >= 0, y < height else { return 0 }
        let l = look(style)
        let win = wr_stdscr()
        wr_attr_set(win, l.attrs, l.pair)
        let clean = Sanitizer.inline(text, ascii: asciiOnly)
        var col = x
        var buffer: [wchar_t] = []
        for ch in clean {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            if col + w > width { break }
            if col >= 0 {
                buffer.removeAll(keepingCapacity: true)
                for u in ch.unicodeScalars.prefix(4) { buffer.append(wchar_t(bitPattern: u.value)) }
                buffer.append(0)
                mvwaddnwstr(win, Int32(y), Int32(col), buffer, Int32(buffer.count - 1))
            }
            col += w
        }
        return max(0, col - x)
    }

    func fill(_ rect: Rect, _ style: StyleName) {
        guard rect.width > 0 else { return }
        let blank = String(repeating: " ", count: rect.width)
        for y in max(0, rect.y)..<min(height, rect.maxY) { put(rect.x, y, blank, style) }
    }
}
