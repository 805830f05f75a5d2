import Foundation
import Testing

@testable import WarRoomCore

// Display widths against Unicode's own data files (Debian's unicode-data, which
// scripts/setup.sh installs): every wide and fullwidth character takes two
// columns, every combining mark none. A hand-typed table once gave U+0941,
// U+3099 and U+302A one or two columns and a flag's half one.

private let unicodeDirectory = "/usr/share/unicode"

/// Code point ranges and the field after the semicolon, from a UCD file.
private func ucdRanges(_ file: String) throws -> [(ClosedRange<UInt32>, String)] {
    let text = try String(contentsOfFile: unicodeDirectory + "/" + file, encoding: .utf8)
    var out: [(ClosedRange<UInt32>, String)] = []
    for line in text.split(separator: "\n") {
        let body = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let fields = body.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count >= 2 else { continue }
        let bounds = fields[0].components(separatedBy: "..").compactMap { UInt32($0, radix: 16) }
        guard let lo = bounds.first, let hi = bounds.last else { continue }
        out.append((lo...hi, fields[1]))
    }
    return out
}

/// The general category of every assigned code point, from UnicodeData.txt (ranges expanded).
private func generalCategories() throws -> [UInt32: String] {
    let text = try String(contentsOfFile: unicodeDirectory + "/UnicodeData.txt", encoding: .utf8)
    var cats: [UInt32: String] = [:]
    var rangeStart: UInt32?
    for line in text.split(separator: "\n") {
        let f = line.split(separator: ";", omittingEmptySubsequences: false)
        guard f.count > 2, let cp = UInt32(f[0], radix: 16) else { continue }
        let cat = String(f[2])
        if f[1].hasSuffix(", First>") {
            rangeStart = cp
        } else if f[1].hasSuffix(", Last>"), let s = rangeStart {
            for c in s...cp { cats[c] = cat }
            rangeStart = nil
        } else {
            cats[cp] = cat
        }
    }
    return cats
}

@Suite("Display width")
struct DisplayWidthTests {
    @Test("the characters a hand-typed table got wrong")
    func knownCases() {
        let cases: [(UInt32, Int)] = [
            (0x41, 1), (0x4E2D, 2), (0xFF21, 2), (0x0941, 0), (0x3099, 0), (0x302A, 0), (0x1F1E6, 2), (0x200B, 0),
            (0xE0041, 0), (0x1F600, 2), (0x0301, 0), (0x1B, 0), (0x9B, 0), (0x2060, 0), (0x1160, 0),
        ]
        for (cp, w) in cases {
            #expect(DisplayWidth.of(Unicode.Scalar(cp)!) == w, "U+\(String(cp, radix: 16, uppercase: true))")
        }
        #expect(DisplayWidth.of("🇨🇳" as Character) == 2)
        #expect(DisplayWidth.of("事故 L1") == 7)
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }

    @Test("every wide and fullwidth character in EastAsianWidth.txt takes two columns")
    func eastAsianWide() throws {
        let cats = try generalCategories()
        var ignorable = Set<UInt32>()
        for (range, property) in try ucdRanges("DerivedCoreProperties.txt") where property == "Default_Ignorable_Code_Point" {
            for cp in range { ignorable.insert(cp) }
        }
        var checked = 0
        for (range, width) in try ucdRanges("EastAsianWidth.txt") where width == "W" || width == "F" {
            for cp in range {
                // Unassigned code points, combining marks and Hangul medials have widths of their own.
                guard let cat = cats[cp], !["Mn", "Me", "Mc", "Cf", "Cn"].contains(cat) else { continue }
                // Hangul medials join the syllable before them; the fillers are default-ignorable.
                if (0x1160...0x11FF).contains(cp) || (0xD7B0...0xD7FF).contains(cp) || ignorable.contains(cp) { continue }
                #expect(DisplayWidth.of(Unicode.Scalar(cp)!) == 2, "U+\(String(cp, radix: 16, uppercase: true)) (\(cat), \(width))")
                checked += 1
            }
        }
        #expect(checked > 90_000)
    }

    @Test("every combining mark takes no column")
    func combiningMarks() throws {
        var checked = 0
        for (cp, cat) in try generalCategories() where cat == "Mn" || cat == "Me" {
            #expect(DisplayWidth.of(Unicode.Scalar(cp)!) == 0, "U+\(String(cp, radix: 16, uppercase: true)) (\(cat))")
            checked += 1
        }
        #expect(checked > 1_500)
    }

    @Test("default-ignorable code points take no column")
    func ignorable() throws {
        for (range, property) in try ucdRanges("DerivedCoreProperties.txt") where property == "Default_Ignorable_Code_Point" {
            // The soft hyphen is drawn one column wide by terminals (and the sanitiser marks it).
            for cp in range where cp != 0xAD {
                guard let u = Unicode.Scalar(cp) else { continue }
                #expect(DisplayWidth.of(u) == 0, "U+\(String(cp, radix: 16, uppercase: true))")
            }
        }
    }

    @Test("truncate and pad never split a wide character")
    func truncateWide() {
        #expect(DisplayWidth.truncate("支付故障", to: 5) == "支付…")
        #expect(DisplayWidth.of(DisplayWidth.pad("支付故障", to: 6)) == 6)
    }
}
