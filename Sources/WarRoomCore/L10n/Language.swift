import Foundation

/// The language the interface speaks, as a gettext-style code: `en`, `zh`, `zh_TW`.
///
/// English is the source language: its text is the message ids themselves, so it
/// needs no catalog and is always complete.
public struct Language: Hashable, Sendable, CustomStringConvertible {
    /// The code as written in a locale name or a catalog's file name (`zh`, `zh_TW`).
    public let code: String

    public init(code: String) { self.code = code }

    public static let english = Language(code: "en")
    public static let chinese = Language(code: "zh")

    /// The language part alone (`zh` for `zh_TW`).
    public var base: String { String(code.prefix { $0 != "_" && $0 != "-" }) }

    public var isEnglish: Bool { base == "en" }

    /// The codes to look for a catalog under, most specific first (`zh_TW`, then `zh`).
    public var catalogCandidates: [String] { base == code ? [code] : [code, base] }

    /// The value of an HTML `lang` attribute.
    public var htmlTag: String {
        switch base {
        case "zh": return code.contains("TW") || code.contains("HK") || code.contains("Hant") ? "zh-Hant" : "zh-CN"
        default: return code.replacingOccurrences(of: "_", with: "-")
        }
    }

    public var description: String { code }

    /// A language from what a person typed (`--lang zh`, `WARROOM_LANG=zh_CN.UTF-8`):
    /// the codeset and modifier are dropped; nil for something that is not a language code.
    public static func parse(_ text: String) -> Language? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if let at = t.firstIndex(of: "@") { t = String(t[..<at]) }
        if let dot = t.firstIndex(of: ".") { t = String(t[..<dot]) }
        t = t.replacingOccurrences(of: "-", with: "_")
        let parts = t.split(separator: "_", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }),
            parts.count <= 2, parts.dropFirst().allSatisfy({ (2...4).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isLetter } })
        else { return nil }
        let lang = first.lowercased()
        guard parts.count == 2 else { return Language(code: lang) }
        let region = parts[1]
        // A script subtag (Hant, Hans) keeps its case; a region is upper case.
        let r = region.count == 4 ? region.prefix(1).uppercased() + region.dropFirst().lowercased() : region.uppercased()
        return Language(code: "\(lang)_\(r)")
    }
}
