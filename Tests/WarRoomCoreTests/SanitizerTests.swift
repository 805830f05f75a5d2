import Testing

@testable import WarRoomCore

/// Every class of scalar that must not reach a terminal as it is (C0, DEL, C1,
/// bidi controls, line and paragraph separators, BOM), what it becomes, and
/// what is left alone.
@Suite("Sanitizer")
struct SanitizerTests {
    static let c0 = (0x00...0x1F).map { Unicode.Scalar(UInt8($0)) }
    static let c1 = (0x80...0x9F).map { Unicode.Scalar(UInt8($0)) }
    static let bidi: [UInt32] = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C]
    static let separators: [UInt32] = [0x2028, 0x2029, 0xFEFF]
    /// Invisible characters that would make text look like other text (issue 13, finding 16).
    static let invisible: [UInt32] = [0x200B, 0x2060, 0xE0041, 0x180E]
    static var everyDangerous: [Unicode.Scalar] {
        c0 + ["\u{7F}"] + c1 + (bidi + separators + invisible).compactMap(Unicode.Scalar.init)
    }
    /// Printable scalars of several kinds, the joiner emoji sequences need among them.
    static let safe: [Unicode.Scalar] = [" ", "~", "a", "\u{A0}", "\u{A9}", "\u{4E2D}", "\u{1F600}", "\u{200D}", "\u{0301}"]

    @Test
    func everyControlClassIsDangerous() {
        for u in Self.everyDangerous {
            #expect(Sanitizer.isDangerous(u), "U+\(String(u.value, radix: 16)) should be dangerous")
        }
        for u in Self.safe {
            #expect(!Sanitizer.isDangerous(u), "U+\(String(u.value, radix: 16)) should pass")
        }
    }

    @Test
    func c0BecomesControlPictures() {
        for u in Self.c0 {
            #expect(Sanitizer.glyph(for: u) == String(Unicode.Scalar(0x2400 + u.value)!))
        }
        #expect(Sanitizer.inline("a\u{1B}[2Jb") == "a␛[2Jb")
        #expect(Sanitizer.inline("line\nnext\tcol\r") == "line␊next␉col␍")
        #expect(Sanitizer.inline("\u{7F}") == "␡")
    }

    @Test
    func c1BidiAndSeparatorsBecomeTheirCodes() {
        #expect(Sanitizer.inline("\u{9B}31m") == "⟨U+009B⟩31m")
        #expect(Sanitizer.inline("abc\u{202E}def") == "abc⟨U+202E⟩def")
        #expect(Sanitizer.inline("\u{2066}x\u{2069}") == "⟨U+2066⟩x⟨U+2069⟩")
        #expect(Sanitizer.inline("\u{061C}") == "⟨U+061C⟩")
        #expect(Sanitizer.inline("\u{FEFF}start") == "⟨U+FEFF⟩start")
        #expect(Sanitizer.inline("a\u{2028}b") == "a⟨U+2028⟩b")
    }

    @Test
    func asciiStandIns() {
        #expect(Sanitizer.glyph(for: "\u{0}", ascii: true) == "^@")
        #expect(Sanitizer.glyph(for: "\u{1B}", ascii: true) == "^[")
        #expect(Sanitizer.glyph(for: "\u{1F}", ascii: true) == "^_")
        #expect(Sanitizer.glyph(for: "\u{7F}", ascii: true) == "^?")
        #expect(Sanitizer.glyph(for: "\u{85}", ascii: true) == "<U+0085>")
        #expect(Sanitizer.inline("‘quoted’ → “done” — ok…", ascii: true) == "'quoted' -> \"done\" - ok...")
        #expect(Sanitizer.inline("中文\u{1B}", ascii: true) == "??^[")
    }

    /// Whatever goes in, nothing dangerous comes out, and what comes out is left as it is.
    @Test(arguments: [false, true])
    func outputIsInertAndStable(ascii: Bool) {
        let hostile = String(String.UnicodeScalarView(Self.everyDangerous + Self.safe))
        let once = Sanitizer.inline(hostile, ascii: ascii)
        #expect(!once.unicodeScalars.contains(where: Sanitizer.isDangerous))
        if ascii { #expect(once.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }) }
        #expect(Sanitizer.inline(once, ascii: ascii) == once)
    }

    @Test
    func cleanTextIsUntouched() {
        for s in ["", "plain", "支付网关超时 Payment gateway", "emoji 👩‍💻 family", "e\u{301}"] {
            #expect(Sanitizer.inline(s) == s)
        }
    }

    @Test
    func multilineKeepsNewlinesOnly() {
        #expect(Sanitizer.multiline("a\u{1B}\nb\u{7}\n") == "a␛\nb␇\n")
        #expect(Sanitizer.multiline("crlf\r\nnext") == "crlf␍\nnext")
        #expect(Sanitizer.multiline("\n\n") == "\n\n")
    }
}
