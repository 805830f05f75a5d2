import WarRoomCore

/// A rectangle in screen cells.
public struct Rect: Equatable, Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The rectangle inside a one-cell border.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
}

/// The one drawing interface every pane uses. Two backends implement it: a
/// text grid (headless `render`, snapshot tests) and ncurses (the console).
/// Panes never call ncurses.
///
/// `put` is the single way text reaches the screen, and it makes journal
/// text inert: control characters, escape sequences and bidi overrides are
/// drawn as visible glyphs (see `Sanitizer`), whatever pane drew them.
public protocol Canvas: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// Whether to draw with ASCII only (no UTF-8 locale).
    var asciiOnly: Bool { get }
    /// Draws text at a cell, clipped to the canvas; returns the columns used.
    @discardableResult
    func put(_ x: Int, _ y: Int, _ text: String, _ style: StyleName) -> Int
    /// Fills a rectangle with spaces in a style.
    func fill(_ rect: Rect, _ style: StyleName)
    /// Draws `glyph` `count` times from a cell: what `put` of the repeated text draws.
    func put(_ x: Int, _ y: Int, repeating glyph: String, count: Int, _ style: StyleName)
}

public typealias StyleName = String

extension Canvas {
    public func put(_ x: Int, _ y: Int, repeating glyph: String, count: Int, _ style: StyleName) {
        if count > 0 { put(x, y, String(repeating: glyph, count: count), style) }
    }

    /// Writes text cut to `width` columns ("…" when cut), padded with spaces in the same style.
    @discardableResult
    public func put(_ x: Int, _ y: Int, _ text: String, _ style: StyleName, width: Int, pad: Bool = false) -> Int {
        guard width > 0 else { return 0 }
        let clean = Sanitizer.inline(text, ascii: asciiOnly)
        let cut = DisplayWidth.truncate(clean, to: width, ellipsis: asciiOnly ? "~" : "…")
        let used = put(x, y, cut, style)
        if pad && used < width {
            fill(Rect(x: x + used, y: y, width: width - used, height: 1), style)
            return width
        }
        return used
    }

    /// Draws a box with a title in its top border.
    public func box(_ r: Rect, title: String, focused: Bool, glyphs: Glyphs) {
        guard r.width >= 2, r.height >= 2 else { return }
        let border: StyleName = focused ? Styles.paneBorderFocused : Styles.paneBorder
        let h = focused ? glyphs.hFocused : glyphs.h
        let v = focused ? glyphs.vFocused : glyphs.v
        for (y, left, right) in [
            (r.y, focused ? glyphs.tlFocused : glyphs.tl, focused ? glyphs.trFocused : glyphs.tr),
            (r.maxY - 1, focused ? glyphs.blFocused : glyphs.bl, focused ? glyphs.brFocused : glyphs.br),
        ] {
            put(r.x, y, left, border)
            put(r.x + 1, y, repeating: h, count: r.width - 2, border)
            put(r.maxX - 1, y, right, border)
        }
        for row in 1..<(r.height - 1) {
            put(r.x, r.y + row, v, border)
            put(r.maxX - 1, r.y + row, v, border)
        }
        let label = focused ? "\(glyphs.focusMark) \(title) " : " \(title) "
        put(r.x + 2, r.y, label, focused ? Styles.paneTitleFocused : Styles.paneTitle, width: r.width - 4)
    }

    /// A progress bar `width` cells wide.
    public func bar(_ x: Int, _ y: Int, width: Int, fraction: Double, glyphs: Glyphs) {
        guard width > 0 else { return }
        let filled = Int((Double(width) * min(max(fraction, 0), 1)).rounded())
        put(x, y, repeating: glyphs.barFull, count: filled, Styles.progressFilled)
        put(x + filled, y, repeating: glyphs.barEmpty, count: width - filled, Styles.progressEmpty)
    }
}

/// Border, bar and mark glyphs, in Unicode or in ASCII for terminals without a UTF-8 locale.
public struct Glyphs: Sendable {
    public var h, v, tl, tr, bl, br: String
    public var hFocused, vFocused, tlFocused, trFocused, blFocused, brFocused: String
    public var barFull, barEmpty: String
    public var focusMark: String
    public var done, open, overdue: String
    public var dot: String
    public var arrow: String
    public var ellipsis: String

    public static let unicode = Glyphs(
        h: "─", v: "│", tl: "┌", tr: "┐", bl: "└", br: "┘",
        hFocused: "━", vFocused: "┃", tlFocused: "┏", trFocused: "┓", blFocused: "┗", brFocused: "┛",
        barFull: "█", barEmpty: "░", focusMark: "▶", done: "[x]", open: "[ ]", overdue: "[!]", dot: "●", arrow: "→",
        ellipsis: "…")

    public static let ascii = Glyphs(
        h: "-", v: "|", tl: "+", tr: "+", bl: "+", br: "+",
        hFocused: "=", vFocused: "#", tlFocused: "#", trFocused: "#", blFocused: "#", brFocused: "#",
        barFull: "#", barEmpty: ".", focusMark: ">>", done: "[x]", open: "[ ]", overdue: "[!]", dot: "*", arrow: "->",
        ellipsis: "~")
}
