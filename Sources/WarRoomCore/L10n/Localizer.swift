import Foundation

/// Turns English message ids into the interface language.
///
/// One is chosen at start-up (`L10n.start`) and read everywhere through `tr`
/// and `trn`; tests choose theirs per task with `L10n.$override`, so suites in
/// both languages run side by side.
public struct Localizer: Sendable {
    public let language: Language
    /// Nil for English, or where no catalog was found.
    public let catalog: PoCatalog?
    /// Where the catalog came from, or why there is none.
    public let origin: String

    public init(language: Language, catalog: PoCatalog?, origin: String) {
        self.language = language
        self.catalog = catalog
        self.origin = origin
    }

    public static let english = Localizer(language: .english, catalog: nil, origin: "built in")

    /// True when the language's own words are shown (a catalog was found).
    public var isTranslated: Bool { catalog != nil }

    /// The catalog for `language` from `locale/CODE.po` in the data directories.
    /// English needs none; a language without a catalog speaks English and says why.
    public static func load(_ language: Language, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Result<Localizer, LocalizerError>
    {
        if language.isEnglish { return .success(.english) }
        guard let dir = DataDirectory.find("locale", environment: environment) else {
            return .failure(
                LocalizerError(
                    language: language,
                    message:
                        "no translations found for \(language.code) (looked in \(DataDirectory.searched("locale", environment: environment).joined(separator: ", "))); set WARROOM_DATA to the directory holding locale/, or install warroom with `make install`"
                ))
        }
        return load(language, directory: dir)
    }

    public static func load(_ language: Language, directory: String) -> Result<Localizer, LocalizerError> {
        if language.isEnglish { return .success(.english) }
        for code in language.catalogCandidates {
            let path = (directory as NSString).appendingPathComponent("\(code).po")
            guard FileManager.default.fileExists(atPath: path) else { continue }
            do {
                let c = try PoCatalog.load(path: path)
                return .success(Localizer(language: language, catalog: c, origin: path))
            } catch {
                return .failure(
                    LocalizerError(language: language, message: "cannot read the translations in \(path): \(error); showing English"))
            }
        }
        return .failure(
            LocalizerError(
                language: language,
                message: "no translations for \(language.code) in \(directory) (add \(language.code).po there); showing English"))
    }

    public func text(_ id: String, context: String?) -> String {
        catalog?.translate(id, context: context) ?? id
    }

    public func plural(_ id: String, _ plural: String, n: Int, context: String?) -> String {
        if let t = catalog?.translatePlural(id, plural: plural, n: n, context: context) { return t }
        return n == 1 ? id : plural
    }
}

public struct LocalizerError: Error, Sendable {
    public var language: Language
    public var message: String
}

/// The interface language of this process.
public enum L10n {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var chosen = Localizer.english

    /// A task's own choice, for tests in both languages side by side.
    @TaskLocal public static var override: Localizer?

    public static var current: Localizer {
        if let o = override { return o }
        lock.lock()
        defer { lock.unlock() }
        return chosen
    }

    /// Sets the process's language (at start-up, before any thread reads it).
    public static func use(_ localizer: Localizer) {
        lock.lock()
        chosen = localizer
        lock.unlock()
    }

    public static var language: Language { current.language }
    public static var isChinese: Bool { current.language.base == "zh" && current.isTranslated }
}

/// The interface-language text of an English message with `{name}` placeholders:
/// `tr("{who} hands command to {to}", ["who": a, "to": b])`.
///
/// The message must be a string literal (the catalog tests find every message by
/// reading the sources); values go in through placeholders, never interpolation,
/// so a translation can put them in its own order.
public func tr(_ message: String, context: String? = nil, _ values: KeyValuePairs<String, String> = [:]) -> String {
    fill(L10n.current.text(message, context: context), values)
}

public func tr(_ message: String, context: String? = nil, _ values: [String: String]) -> String {
    fill(L10n.current.text(message, context: context), values.map { ($0.key, $0.value) })
}

/// A message with a count: `trn("{n} event", "{n} events", count)`; `{n}` is the count.
public func trn(
    _ singular: String, _ plural: String, _ n: Int, context: String? = nil, _ values: KeyValuePairs<String, String> = [:]
) -> String {
    fill(L10n.current.plural(singular, plural, n: n, context: context), [("n", String(n))] + values.map { ($0.key, $0.value) })
}

/// Replaces `{name}` placeholders; a brace that starts no known placeholder stays as written.
func fill<S: Sequence>(_ template: String, _ values: S) -> String where S.Element == (key: String, value: String) {
    fill(template, values.map { ($0.key, $0.value) })
}

func fill(_ template: String, _ values: [(String, String)]) -> String {
    guard !values.isEmpty else { return template }
    // On the UTF-8 bytes: the braces are ASCII, and walking Characters (grapheme breaking) made
    // the ages and counts every console frame formats a tenth of a busy console's CPU.
    var template = template
    return template.withUTF8 { u -> String in
        guard let first = u.firstIndex(of: UInt8(ascii: "{")) else { return String(decoding: u, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(u.count + 16)
        out.append(contentsOf: u[..<first])
        var i = first
        while i < u.count {
            let b = u[i]
            if b == UInt8(ascii: "{"), let close = u[(i + 1)...].firstIndex(of: UInt8(ascii: "}")),
                let v = values.first(where: { $0.0.utf8.elementsEqual(u[(i + 1)..<close]) })?.1
            {
                out.append(contentsOf: v.utf8)
                i = close + 1
                continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The placeholders (`{name}`) a message uses, for the catalog tests.
public func placeholders(in message: String) -> [String] {
    var out: [String] = []
    var rest = Substring(message)
    while let open = rest.firstIndex(of: "{") {
        let after = rest[rest.index(after: open)...]
        guard let close = after.firstIndex(of: "}") else { break }
        let name = after[..<close]
        if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
            out.append(String(name))
            rest = after[after.index(after: close)...]
        } else {
            rest = after
        }
    }
    return out.sorted()
}

/// The plans' own words in the interface language: the Chinese original
/// (`text_zh`, `title_zh`…) in Chinese, the English text in English, and the
/// English where a Chinese text is missing (never an empty row).
public func planText(_ english: String, zh: String?) -> String {
    if L10n.isChinese, let zh, !zh.trimmingCharacters(in: .whitespaces).isEmpty { return zh }
    return english
}
