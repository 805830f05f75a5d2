import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// Refolds the parser's help for the columns a terminal shows.
///
/// swift-argument-parser wraps help by counting characters, and breaks lines
/// only at spaces: a Chinese paragraph (two columns a character, no spaces)
/// came out as one line twice the terminal's width. Each paragraph holding
/// wide characters is joined again and folded by display width, breaking
/// between Chinese characters or at spaces, at the parser's own indents.
/// Text without wide characters is left exactly as the parser wrote it.
enum HelpLayout {
    /// The parser's column of help text beside a label (`HelpGenerator.labelColumnWidth`).
    static let helpColumn = 26

    /// The width the parser wraps to: `COLUMNS`, else the terminal's, else 80.
    static var screenWidth: Int {
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap({ Int($0) }), c > 0 { return c }
        var w = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 { return Int(w.ws_col) }
        return 80
    }

    static func isWide(_ c: Character) -> Bool { DisplayWidth.of(String(c)) > 1 }

    static func hasWide(_ s: Substring) -> Bool { s.contains(where: isWide) }

    static func indent(_ s: Substring) -> Int { s.prefix { $0 == " " }.count }

    /// Where a paragraph's continuation lines start: the help column for a row
    /// with a label (`  --journal <path>   text`), else the line's own indent.
    static func hang(_ line: Substring) -> Int {
        let own = indent(line)
        guard own < helpColumn, line.count > helpColumn else { return own }
        let chars = Array(line)
        // A label row: spaces just before the help column, text at it.
        if chars[helpColumn - 1] == " ", chars[helpColumn] != " ", own > 0 { return helpColumn }
        return own
    }

    static func fit(_ text: String, width: Int = screenWidth) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let blank = line.allSatisfy { $0 == " " }
            guard !blank, hasWide(line) || (i + 1 < lines.count && hasWide(lines[i + 1]) && indent(lines[i + 1]) == hang(line))
            else {
                out.append(String(line))
                i += 1
                continue
            }
            // The paragraph: this line and the parser's continuation lines after it.
            let h = hang(line)
            var paragraph = String(line)
            var j = i + 1
            while j < lines.count, !lines[j].trimmingCharacters(in: .whitespaces).isEmpty, indent(lines[j]) == h,
                h > 0 || !lines[j].hasSuffix(":")
            {
                paragraph += " " + lines[j].dropFirst(h)
                j += 1
            }
            out += fold(paragraph, hang: h, width: width)
            i = j
        }
        return out.joined(separator: "\n")
    }

    /// Closing punctuation stays with the character before it.
    static let noBreakBefore: Set<Character> = ["，", "。", "、", "；", "：", "）", "」", "』", "！", "？", ")", ",", ".", ";", ":"]

    /// Opening brackets stay with the character after them.
    static let noBreakAfter: Set<Character> = ["（", "「", "『", "("]

    /// Folds one paragraph: the first line keeps its start, the others start at `hang`.
    static func fold(_ paragraph: String, hang: Int, width: Int) -> [String] {
        let chars = Array(paragraph)
        var lines: [String] = []
        var start = 0
        var lineStartColumn = 0
        while start < chars.count {
            var col = lineStartColumn
            var k = start
            var lastBreak: Int?
            while k < chars.count {
                let w = DisplayWidth.of(String(chars[k]))
                if col + w > width, k > start { break }
                col += w
                k += 1
                if k < chars.count, k > start {
                    let next = chars[k]
                    let prev = chars[k - 1]
                    if next == " " || prev == " "
                        || ((isWide(next) || isWide(prev)) && !noBreakBefore.contains(next) && !noBreakAfter.contains(prev))
                    {
                        lastBreak = k
                    }
                }
            }
            var end = k
            if k < chars.count, let b = lastBreak, b > start, !(lineStartColumn == 0 && lines.isEmpty && b <= indentEnd(chars)) {
                end = b
            }
            var piece = String(chars[start..<end])
            while piece.hasSuffix(" ") { piece.removeLast() }
            lines.append((lines.isEmpty ? "" : String(repeating: " ", count: hang)) + piece)
            start = end
            while start < chars.count, chars[start] == " " { start += 1 }
            lineStartColumn = hang
        }
        return lines
    }

    /// The first line's leading spaces and label, which are never broken.
    static func indentEnd(_ chars: [Character]) -> Int {
        chars.count > helpColumn && chars[0] == " " ? helpColumn : 0
    }
}
