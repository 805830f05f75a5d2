import WarRoomCore

/// The text backend: a grid of cells, for `warroom render` and snapshot tests.
public final class TextGrid: Canvas {
    public struct Cell: Equatable {
        public var text: String
        public var style: StyleName
        /// The right half of a wide character drawn in the cell to the left.
        public var continuation: Bool
    }

    public let width: Int
    public let height: Int
    public let asciiOnly: Bool
    /// Off in the tests that hold the fast paths to the general one.
    var fastPaths = true
    /// Unchecked: every frame writes each cell through here, and the runtime's check that no
    /// two accesses overlap (a class's stored property is checked at run time) cost more than
    /// the writes. Nothing here hands out `inout` access to `cells` or calls out while writing it.
    @exclusivity(unchecked) public private(set) var cells: [Cell]

    public init(width: Int, height: Int, asciiOnly: Bool = false) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.asciiOnly = asciiOnly
        cells = Array(repeating: Cell(text: " ", style: Styles.text, continuation: false), count: self.width * self.height)
    }

    @discardableResult
    public func put(_ x: Int, _ y: Int, _ text: String, _ style: StyleName) -> Int {
        guard y >= 0, y < height else { return 0 }
        let clean = Sanitizer.inline(text, ascii: asciiOnly)
        if fastPaths, let used = putASCII(x, y, clean, style) { return used }
        var col = x
        for ch in clean {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            if col + w > width { break }
            if col >= 0 {
                clearWide(at: col, y)
                if w == 2 { clearWide(at: col + 1, y) }
                cells[y * width + col] = Cell(text: String(ch), style: style, continuation: false)
                if w == 2 { cells[y * width + col + 1] = Cell(text: "", style: style, continuation: true) }
            }
            col += w
        }
        return max(0, col - x)
    }

    /// `put` for text that is all ASCII (most of a frame: borders aside, keys, times, counts,
    /// English): byte by byte, where walking Characters and measuring each cost more than the
    /// rest of the frame. Nil when the text is not all ASCII. Widths as DisplayWidth's: a
    /// printable byte takes one column, a control byte none (the text is sanitised already).
    private func putASCII(_ x: Int, _ y: Int, _ text: String, _ style: StyleName) -> Int? {
        var text = text
        return text.withUTF8 { u -> Int? in
            for b in u where b >= 0x80 { return nil }
            var col = x
            for b in u {
                if b < 0x20 || b == 0x7F { continue }
                if col + 1 > width { break }
                if col >= 0 {
                    clearWide(at: col, y)
                    cells[y * width + col] = Cell(text: TextGrid.asciiCells[Int(b)], style: style, continuation: false)
                }
                col += 1
            }
            return max(0, col - x)
        }
    }

    /// A run of one glyph (borders, bars) measured once rather than per cell.
    public func put(_ x: Int, _ y: Int, repeating glyph: String, count: Int, _ style: StyleName) {
        guard count > 0 else { return }
        let clean = Sanitizer.inline(glyph, ascii: asciiOnly)
        guard fastPaths, let ch = clean.first, clean.dropFirst().isEmpty, DisplayWidth.of(ch) == 1 else {
            put(x, y, String(repeating: glyph, count: count), style)
            return
        }
        let (from, to) = (max(x, 0), min(x + count, width))
        guard y >= 0, y < height, from < to else { return }
        let text = String(ch)
        for col in from..<to {
            clearWide(at: col, y)
            cells[y * width + col] = Cell(text: text, style: style, continuation: false)
        }
    }

    /// One string per ASCII byte, made once.
    private static let asciiCells: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    /// Overwriting half of a wide character blanks the other half.
    private func clearWide(at x: Int, _ y: Int) {
        let i = y * width + x
        if cells[i].continuation, x > 0 {
            cells[i - 1] = Cell(text: " ", style: cells[i - 1].style, continuation: false)
        } else if x + 1 < width, cells[i + 1].continuation {
            cells[i + 1] = Cell(text: " ", style: cells[i + 1].style, continuation: false)
        }
        cells[i].continuation = false
    }

    public func fill(_ rect: Rect, _ style: StyleName) {
        let (x0, x1) = (max(0, rect.x), min(width, rect.maxX))
        guard x0 < x1 else { return }
        let blank = Cell(text: " ", style: style, continuation: false)
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            // Only a wide character across the rectangle's edges has a half outside it to blank.
            clearWide(at: x0, y)
            clearWide(at: x1 - 1, y)
            let row = y * width
            for x in x0..<x1 { cells[row + x] = blank }
        }
    }

    public func cell(_ x: Int, _ y: Int) -> Cell { cells[y * width + x] }

    /// The frame as plain text, one string per row, trailing spaces removed.
    public func lines() -> [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !cells[y * width + x].continuation { s += cells[y * width + x].text }
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
    }

    public func text() -> String { lines().joined(separator: "\n") + "\n" }

    /// The frame with ANSI SGR colours from a theme, degraded to `colors`.
    public func ansiText(theme: Theme, colors: Int = 256) -> String {
        var out = ""
        for y in 0..<height {
            var current: StyleName?
            for x in 0..<width where !cells[y * width + x].continuation {
                let c = cells[y * width + x]
                if c.style != current {
                    out += "\u{1B}[0m" + theme.spec(c.style).sgr(colors: colors)
                    current = c.style
                }
                out += c.text
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }
}
