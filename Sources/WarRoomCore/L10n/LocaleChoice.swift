import Foundation

/// Which language to speak and whether the terminal can show more than ASCII,
/// decided from the environment alone.
///
/// The decision never asks the C library: a jump host often has `LANG=zh_CN.UTF-8`
/// set by the ssh client but no `zh_CN` locale installed, and `setlocale` fails
/// there. The language comes from the variable's name of a language; the UTF-8
/// question from its codeset, and the terminal is then started under `C.UTF-8`
/// when the named locale is missing (see `Terminal.start`).
public struct LocaleChoice: Equatable, Sendable {
    /// The language asked for (by `--lang`, `WARROOM_LANG` or the locale).
    public var requested: Language
    /// Whether the environment's character set is UTF-8.
    public var utf8: Bool
    /// Where the request came from, for messages ("--lang", "WARROOM_LANG", "LANG"…).
    public var source: String

    /// The language shown: the one asked for, or English in ASCII when the
    /// terminal cannot show anything else.
    public var language: Language { utf8 ? requested : .english }

    /// Said once, in the status line, when a language other than English was
    /// asked for but cannot be shown.
    public var fallbackNotice: String? {
        guard !utf8, !requested.isEnglish else { return nil }
        // Short enough for an 80-column status line beside the event count. Always English:
        // without UTF-8 nothing else can be shown.
        return "\(requested.code) needs UTF-8: export LANG=C.UTF-8 WARROOM_LANG=\(requested.code)"
    }

    public init(requested: Language, utf8: Bool, source: String) {
        self.requested = requested
        self.utf8 = utf8
        self.source = source
    }

    /// The rule terminal programs follow: an explicit choice (`--lang`, then
    /// `WARROOM_LANG`), else `LC_ALL`, then `LC_MESSAGES`, then `LANG`. The
    /// character set comes from `LC_ALL`, then `LC_CTYPE`, then `LANG`.
    public static func from(environment env: [String: String], option: String? = nil) -> LocaleChoice {
        func value(_ k: String) -> String? { env[k].flatMap { $0.isEmpty ? nil : $0 } }
        let ctype = value("LC_ALL") ?? value("LC_CTYPE") ?? value("LANG")
        let utf8 = ctype.map(isUTF8Locale) ?? false
        if let o = option, let l = Language.parse(o) { return LocaleChoice(requested: l, utf8: utf8, source: "--lang") }
        if let o = value("WARROOM_LANG"), let l = Language.parse(o) {
            return LocaleChoice(requested: l, utf8: utf8, source: "WARROOM_LANG")
        }
        for k in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let v = value(k) else { continue }
            // C and POSIX name no language: English, as every terminal program shows.
            if v == "C" || v == "POSIX" || v.hasPrefix("C.") { return LocaleChoice(requested: .english, utf8: utf8, source: k) }
            if let l = Language.parse(v) { return LocaleChoice(requested: l, utf8: utf8, source: k) }
        }
        return LocaleChoice(requested: .english, utf8: utf8, source: "default")
    }

    /// Whether a locale name says UTF-8 (`zh_CN.UTF-8`, `C.utf8`, `en_US.UTF-8@euro`).
    public static func isUTF8Locale(_ name: String) -> Bool {
        guard let dot = name.firstIndex(of: ".") else { return false }
        var codeset = name[name.index(after: dot)...]
        if let at = codeset.firstIndex(of: "@") { codeset = codeset[..<at] }
        return codeset.lowercased().replacingOccurrences(of: "-", with: "") == "utf8"
    }
}
