import CNcursesw
import Foundation
import WarRoomCore
import WarRoomUI

#if canImport(Glibc)
    import Glibc
#endif

// The one file that talks to ncurses: it starts and ends the terminal (with a
// guard that hands the terminal back even after a crash), turns what
// `wget_wch` reads into `Key`, and copies a finished `TextGrid` frame to the
// screen. Everything else draws into the grid and reacts to keys as values,
// so the rest of the console is tested without a terminal.

enum Terminal {
    /// Starts the terminal: keys one at a time, no echo, no waiting on input.
    /// Returns whether the locale is UTF-8 (else the console draws ASCII only).
    static func start() throws -> Bool {
        // A jump host often has LANG=zh_CN.UTF-8 from the ssh client but no zh_CN locale
        // installed: setlocale fails and ncurses would draw in ASCII. The language was chosen
        // from the variables already (LanguageSetup); for the characters, C.UTF-8 (built into
        // the C library) does as well when the environment asks for UTF-8.
        let named = setlocale(LC_ALL, "")
        if LanguageSetup.choice.utf8 && (named == nil || !codesetIsUTF8()) { setlocale(LC_CTYPE, "C.UTF-8") }
        let utf8 = codesetIsUTF8()
        TerminalGuard.saveModes()
        guard initscr() != nil else { throw CLIError(tr("cannot start the terminal (check TERM)")) }
        TerminalGuard.install()
        cbreak()
        noecho()
        nonl()
        keypad(wr_stdscr(), true)
        nodelay(wr_stdscr(), true)
        set_escdelay(Int32(ProcessInfo.processInfo.environment["WARROOM_ESCDELAY"].flatMap { Int($0) } ?? 25))
        curs_set(0)
        return utf8
    }

    static func codesetIsUTF8() -> Bool {
        String(cString: wr_codeset()).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
    }

    /// Hands the terminal back as it was found.
    static func end() {
        endwin()
        TerminalGuard.uninstall()
    }

    /// Every key waiting, in order (none when nothing was typed).
    static func pendingKeys() -> [Key] {
        var keys: [Key] = []
        while true {
            var ch: wint_t = 0
            let r = wget_wch(wr_stdscr(), &ch)
            if r == ERR { return keys }
            if let key = decode(r, ch) { keys.append(key) }
        }
    }

    static func decode(_ r: Int32, _ ch: wint_t) -> Key? {
        if r == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_BTAB: return .backTab
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_ENTER: return .enter
            case KEY_RESIZE: return .resize
            default:
                for n in 1...12 where Int32(ch) == wr_key_f(Int32(n)) { return .function(n) }
                return nil
            }
        }
        guard r == OK else { return nil }
        switch ch {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(ch) + 0x60)))
        default:
            guard let u = Unicode.Scalar(UInt32(ch)) else { return nil }
            return .char(Character(u))
        }
    }
}

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
    /// The last frame copied to the screen: rows equal to it are not copied again (a new alert
    /// changes a line or two of the frame, and copying all of it cost as much as drawing it).
    private var previous: TextGrid?

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
        let (w, h) = (Int(wr_cols()), Int(wr_lines()))
        if w != width || h != height { previous = nil }
        width = w
        height = h
    }

    /// A blank grid of the terminal's current size for the next frame.
    func newFrame() -> TextGrid {
        updateSize()
        return TextGrid(width: width, height: height, asciiOnly: asciiOnly)
    }

    /// Copies the grid to the screen, runs of one style at a time, and sends what changed.
    func flush(_ grid: TextGrid, cursor: (x: Int, y: Int)?) {
        let win = wr_stdscr()
        let rows = min(grid.height, height)
        let cols = min(grid.width, width)
        let last = previous.flatMap { $0.width == grid.width && $0.height == grid.height ? $0 : nil }
        if last == nil { werase(win) }
        for y in 0..<rows {
            if let last {
                if TerminalScreen.sameRow(y, grid, last) { continue }
                wmove(win, Int32(y), 0)
                wclrtoeol(win)
            }
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
        previous = grid
    }

    /// Whether row `y` of two grids of one size holds the same cells: compared in place, where
    /// comparing two slices went through an optional per cell.
    static func sameRow(_ y: Int, _ a: TextGrid, _ b: TextGrid) -> Bool {
        a.cells.withUnsafeBufferPointer { ca in
            b.cells.withUnsafeBufferPointer { cb in
                for i in y * a.width..<(y + 1) * a.width where ca[i] != cb[i] { return false }
                return true
            }
        }
    }

    /// Forgets what the terminal shows, so the next frame repaints it all (Ctrl-L, a resize).
    func forceRepaint() {
        clearok(wr_curscr(), true)
        previous = nil
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

// Whatever ends the console must hand the terminal back as it found it.
// A thrown error and a signal the loop turns into a return both pass through
// `endwin()`; a Swift trap (an overflow, a failed precondition) or a fault does
// not: the process dies inside a signal handler with the terminal still raw,
// no echo and output staircased. These handlers put the terminal back with
// async-signal-safe calls only (write and tcsetattr of bytes prepared in
// advance), then hand the signal to whoever handled it before (the Swift
// runtime's backtracer, or the default action) so the crash is still reported.

/// The terminal modes before `initscr`, restored by the crash handler.
nonisolated(unsafe) private var savedModes = termios()
nonisolated(unsafe) private var haveSavedModes = false
/// Bytes that undo what ncurses set: attributes off, cursor shown, the normal screen back.
nonisolated(unsafe) private var resetBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
nonisolated(unsafe) private var resetCount = 0
/// The handlers in place before ours, indexed by signal number.
nonisolated(unsafe) private var previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

enum TerminalGuard {
    /// The signals a crash arrives as: Swift traps are SIGILL or SIGTRAP, faults SIGSEGV or SIGBUS.
    static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE]

    /// Saves the terminal's modes; call before `initscr`.
    static func saveModes() {
        haveSavedModes = tcgetattr(STDIN_FILENO, &savedModes) == 0
    }

    /// Prepares the reset bytes from terminfo and installs the crash handlers; call after `initscr`.
    static func install() {
        var bytes: [UInt8] = []
        for cap in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            if let s = tigetstr(cap), Int(bitPattern: s) != -1 {
                bytes += Array(String(cString: s).utf8)
            }
        }
        bytes += Array("\r\n".utf8)
        resetCount = min(bytes.count, 256)
        for (i, b) in bytes.prefix(resetCount).enumerated() { resetBytes[i] = b }
        for sig in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                TerminalGuard.restoreFromSignal()
                // Ours done; the previous handler (or the default) reports the crash.
                _ = sigaction(sig, &previousActions[Int(sig)], nil)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            _ = sigaction(sig, &action, &previousActions[Int(sig)])
        }
    }

    /// Puts the previous handlers back once the console has ended normally.
    static func uninstall() {
        for sig in crashSignals { _ = sigaction(sig, &previousActions[Int(sig)], nil) }
    }

    /// Async-signal-safe: only write(2) and tcsetattr(3).
    static func restoreFromSignal() {
        _ = write(STDOUT_FILENO, resetBytes, resetCount)
        if haveSavedModes { _ = tcsetattr(STDIN_FILENO, TCSANOW, &savedModes) }
    }
}
