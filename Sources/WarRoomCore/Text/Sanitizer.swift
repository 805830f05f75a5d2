/// Journal text is other people's data. Before any of it reaches a terminal
/// (console, `render`, `status`, `check`, reports) control characters,
/// escape sequences and bidi overrides become visible, inert glyphs, so a
/// line in the journal can never clear a colleague's screen, set their window
/// title, write to their clipboard or reorder what they read.
public enum Sanitizer {
    /// Whether a scalar must not reach a terminal as it is.
    public static func isDangerous(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || isBidiControl(v) || v == 0x2028 || v == 0x2029
            || v == 0xFEFF || (v >= 0xAD && isInvisible(v))
    }

    /// Unicode's default-ignorable code points (DerivedCoreProperties.txt): a terminal draws them
    /// as nothing, so `A\u{200B}B` passes for `AB`, and tag characters carry hidden text.
    /// Listed rather than looked up, so the set does not move with the runtime's Unicode version.
    public static func isDefaultIgnorable(_ v: UInt32) -> Bool {
        if v < 0xAD { return false }
        switch v {
        case 0xAD, 0x34F, 0x61C, 0x115F...0x1160, 0x17B4...0x17B5, 0x180B...0x180F, 0x200B...0x200F, 0x202A...0x202E,
            0x2060...0x206F, 0x3164, 0xFE00...0xFE0F, 0xFEFF, 0xFFA0, 0xFFF0...0xFFF8, 0x1BCA0...0x1BCA3, 0x1D173...0x1D17A,
            0xE0000...0xE0FFF:
            return true
        default:
            return false
        }
    }

    /// The joiners and variation selectors that emoji and several scripts (Persian, the Indic
    /// scripts) need to be drawn right: default-ignorable, but not hidden text.
    public static func isJoinerOrSelector(_ v: UInt32) -> Bool {
        v == 0x200C || v == 0x200D || (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v)
    }

    /// Default-ignorable and not needed to draw text: shown as `⟨U+200B⟩`, never as nothing.
    public static func isInvisible(_ v: UInt32) -> Bool {
        isDefaultIgnorable(v) && !isJoinerOrSelector(v)
    }

    static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// The visible stand-in for a dangerous scalar: control pictures for C0
    /// (`␛` for ESC), `␡` for DEL, `⍰`-style bracketed code for C1, bidi and
    /// separators.
    public static func glyph(for u: Unicode.Scalar, ascii: Bool = false) -> String {
        let v = u.value
        if ascii {
            if v < 0x20 { return "^" + String(UnicodeScalar(UInt8(v + 0x40))) }
            if v == 0x7F { return "^?" }
            return "<U+\(hex(v))>"
        }
        // U+2400…U+241F are the control pictures; always valid scalars, the fallback is never taken.
        if v < 0x20, let picture = UnicodeScalar(0x2400 + v) { return String(picture) }
        if v == 0x7F { return "␡" }
        return "⟨U+\(hex(v))⟩"
    }

    private static func hex(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }

    /// One line of text with every dangerous scalar made visible; newlines
    /// and tabs included, so the text cannot break out of its line.
    /// ASCII stand-ins for the punctuation warroom itself uses, for terminals without UTF-8.
    static let asciiPunctuation: [UInt32: String] = [
        0x2018: "'", 0x2019: "'", 0x201C: "\"", 0x201D: "\"", 0x2192: "->", 0x2190: "<-", 0x2191: "^", 0x2193: "v",
        0x00B7: "|", 0x2014: "-", 0x2013: "-", 0x2026: "...", 0x00D7: "x", 0x2588: "#", 0x2591: ".", 0x25CF: "*",
        0x25B6: ">", 0x26A0: "!", 0x203A: ">", 0x3010: "[", 0x3011: "]", 0xFF1A: ":", 0xFF0C: ",", 0x3002: ".",
    ]

    public static func inline(_ s: String, ascii: Bool = false) -> String {
        guard s.unicodeScalars.contains(where: { isDangerous($0) || (ascii && $0.value > 0x7E) }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if isDangerous(u) {
                out.append(contentsOf: glyph(for: u, ascii: ascii).unicodeScalars)
            } else if ascii && u.value > 0x7E {
                out.append(contentsOf: (asciiPunctuation[u.value] ?? "?").unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    /// Multi-line text (a report body): newlines kept, every other dangerous scalar made visible.
    public static func multiline(_ s: String) -> String {
        // Split on the scalar, not the Character: "\r\n" is one Character, and splitting
        // Characters on "\n" would keep a CRLF line break as inert "␍␊" instead of a newline.
        s.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { inline(String(String.UnicodeScalarView($0))) }.joined(separator: "\n")
    }
}
