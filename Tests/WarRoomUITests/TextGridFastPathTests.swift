import Foundation
import Testing
import WarRoomCore

@testable import WarRoomUI

/// TextGrid draws ASCII text byte by byte and runs of one glyph measured once; both must leave
/// exactly the cells the Character-by-Character path leaves.
@Suite("TextGrid's fast paths draw what the general one draws")
struct TextGridFastPathTests {
    /// A grid drawing through the general path only.
    func general(width: Int, height: Int) -> TextGrid {
        let g = TextGrid(width: width, height: height)
        g.fastPaths = false
        return g
    }

    func cells(_ g: TextGrid) -> [TextGrid.Cell] { (0..<g.height).flatMap { y in (0..<g.width).map { g.cell($0, y) } } }

    @Test func asciiTextEqualsTheGeneralPath() {
        let texts = [
            "plain", "with\ttab and \u{7}bell", "", "  spaced  ", "x", String(repeating: "long ", count: 12), "~!@#$%^&*()_+{}|:\"<>?",
        ]
        for text in texts {
            for x in [-3, 0, 5, 15] {
                // Half of a wide character in the way: overwriting it blanks the other half in both paths.
                let a = TextGrid(width: 20, height: 1)
                let b = general(width: 20, height: 1)
                for g in [a, b] { g.put(4, 0, "中文字", "w") }
                for g in [a, b] { g.put(x, 0, text, "s") }
                #expect(cells(a) == cells(b), "\(text) at \(x)")
            }
        }
    }

    @Test func aRunOfOneGlyphEqualsTheRepeatedText() {
        for glyph in ["─", "=", "█", "中", "e\u{301}", "\u{7}", "ab"] {
            for (x, count) in [(0, 5), (-2, 6), (17, 8), (3, 0), (25, 3)] {
                let a = TextGrid(width: 20, height: 2)
                let b = general(width: 20, height: 2)
                for g in [a, b] { g.put(2, 1, "宽字符", "w") }
                for g in [a, b] { g.put(x, 1, repeating: glyph, count: count, "s") }
                #expect(cells(a) == cells(b), "\(glyph) ×\(count) at \(x)")
            }
        }
    }
}
