import CUtf8proc

/// Terminal column widths from Unicode's own data (utf8proc's East Asian Width
/// and general categories), not the C library's `wcwidth`, which answers -1 for
/// everything outside ASCII in the C locale (common over ssh): the headless
/// renderer and the console must lay out the same in any locale. A hand-typed
/// table was used before and was wrong for combining marks such as U+0941,
/// U+3099 and U+302A and for flags.
public enum DisplayWidth {
    /// Columns a scalar takes: 0 for combining marks and zero-width
    /// characters, 2 for wide ones, else 1. Control characters count 0: they
    /// never reach the screen (see `Sanitizer`).
    public static func of(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        // Regional indicators pair into a flag, which terminals draw two columns wide;
        // utf8proc gives each half 1.
        if (0x1F1E6...0x1F1FF).contains(v) { return 2 }
        // Hangul medial vowels and final consonants join the syllable before them.
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return 0 }
        // Reserved default-ignorable code points: unassigned, so utf8proc gives them 1,
        // but Unicode reserves them to be invisible (tag characters among them).
        if (0xE0000...0xE0FFF).contains(v) || (0xFFF0...0xFFF8).contains(v) || v == 0x2065 { return 0 }
        let w = Int(utf8proc_charwidth(Int32(bitPattern: v)))
        if w == 0 { return 0 }
        // Default-ignorable code points (U+200B, U+2060, the Hangul fillers…) take no column;
        // the soft hyphen is the exception, as terminals draw it one column wide.
        if utf8proc_get_property(Int32(bitPattern: v)).pointee.ignorable != 0 && v != 0xAD { return 0 }
        return min(w, 2)
    }

    public static func of(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars { w += of(u) }
        return w
    }

    /// Width of a grapheme cluster: its first scalar's, and two columns for an
    /// emoji presentation (U+FE0F) or a skin-tone or joined sequence.
    public static func of(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        var w = of(first)
        if scalars.count > 1 {
            for u in scalars.dropFirst() where u.value == 0xFE0F {
                w = 2
            }
        }
        return w
    }

    /// Cuts text to at most `width` columns, ending with "…" when it was cut;
    /// never splits a wide character.
    public static func truncate(_ s: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        let ew = of(ellipsis)
        guard width > ew else { return String(repeating: ".", count: width) }
        var out = ""
        var w = 0
        for c in s {
            let cw = of(c)
            if w + cw > width - ew { break }
            out.append(c)
            w += cw
        }
        return out + ellipsis
    }

    /// Pads with spaces (after truncating) to exactly `width` columns.
    public static func pad(_ s: String, to width: Int) -> String {
        let t = truncate(s, to: width)
        return t + String(repeating: " ", count: max(0, width - of(t)))
    }

    /// Splits text into lines of at most `width` columns, breaking at spaces
    /// where it can and anywhere (between characters) where it must, which
    /// suits Chinese text without spaces.
    public static func wrap(_ s: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        var lw = 0
        var lastSpace: String.Index?
        for c in s {
            let cw = of(c)
            if lw + cw > width {
                if let sp = lastSpace, c != " " {
                    let head = String(line[..<sp])
                    let tail = String(line[line.index(after: sp)...])
                    lines.append(head)
                    line = tail
                    lw = of(tail)
                } else {
                    lines.append(line)
                    line = ""
                    lw = 0
                }
                lastSpace = nil
                if c == " " { continue }
            }
            if c == " " { lastSpace = line.endIndex }
            line.append(c)
            lw += cw
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
