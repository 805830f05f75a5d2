import Foundation

/// A translation catalog in GNU gettext's `.po` format, the form translators and
/// their tools (Poedit, Weblate, `msgfmt --check`) know.
///
/// Message ids are the English text with `{name}` placeholders. Entries marked
/// `#, fuzzy` and empty translations are not used: the English shows instead.
public struct PoCatalog: Sendable {
    public struct Key: Hashable, Sendable {
        public var context: String?
        public var id: String
        public init(context: String?, id: String) {
            self.context = context
            self.id = id
        }
    }

    public struct Entry: Sendable {
        public var key: Key
        public var plural: String?
        /// One translation, or one per plural form.
        public var translations: [String]
        public var fuzzy: Bool
        public var line: Int
    }

    public private(set) var entries: [Key: Entry] = [:]
    /// Every entry in file order (the header excluded), for the catalog tests.
    public private(set) var ordered: [Entry] = []
    public private(set) var plural = PluralRule.germanic
    public private(set) var headers: [String: String] = [:]

    public init() {}

    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    public static func load(path: String) throws -> PoCatalog {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParseError(line: 0, message: "cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ParseError(line: 0, message: "\(path) is not UTF-8")
        }
        return try parse(text)
    }

    /// The translation of `id`, or nil where the catalog has none.
    public func translate(_ id: String, context: String? = nil) -> String? {
        guard let e = entries[Key(context: context, id: id)], !e.fuzzy, let t = e.translations.first, !t.isEmpty else {
            return nil
        }
        return t
    }

    /// The plural form of `id`/`plural` for `n`, or nil where the catalog has none.
    public func translatePlural(_ id: String, plural: String, n: Int, context: String? = nil) -> String? {
        guard let e = entries[Key(context: context, id: id)], !e.fuzzy, !e.translations.isEmpty else { return nil }
        let i = self.plural.index(n)
        guard i >= 0, i < e.translations.count, !e.translations[i].isEmpty else { return nil }
        return e.translations[i]
    }

    // MARK: parsing

    public static func parse(_ text: String) throws -> PoCatalog {
        var catalog = PoCatalog()
        var context: String?
        var id: String?
        var pluralId: String?
        var translations: [Int: String] = [:]
        var fuzzy = false
        var entryLine = 0
        // Which string a continuation line ("…" alone) extends.
        enum Field { case none, ctxt, id, plural, str(Int) }
        var field = Field.none
        var pendingFuzzy = false

        func finish() throws {
            defer {
                context = nil
                id = nil
                pluralId = nil
                translations = [:]
                fuzzy = false
                field = .none
            }
            guard let msgid = id else {
                if context != nil || !translations.isEmpty {
                    throw ParseError(line: entryLine, message: "an entry without msgid")
                }
                return
            }
            let count = (translations.keys.max() ?? -1) + 1
            let list = (0..<count).map { translations[$0] ?? "" }
            if msgid.isEmpty && context == nil {
                catalog.readHeader(list.first ?? "")
                return
            }
            let key = Key(context: context, id: msgid)
            if catalog.entries[key] != nil {
                throw ParseError(line: entryLine, message: "duplicate message \"\(msgid)\"")
            }
            let e = Entry(key: key, plural: pluralId, translations: list, fuzzy: fuzzy, line: entryLine)
            catalog.entries[key] = e
            catalog.ordered.append(e)
        }

        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                if line.hasPrefix("#,") && line.contains("fuzzy") { pendingFuzzy = true }
                continue
            }
            if line.hasPrefix("\"") {
                let s = try unquote(line, line: lineNo)
                switch field {
                case .none: throw ParseError(line: lineNo, message: "a string outside an entry")
                case .ctxt: context = (context ?? "") + s
                case .id: id = (id ?? "") + s
                case .plural: pluralId = (pluralId ?? "") + s
                case .str(let i): translations[i, default: ""] += s
                }
                continue
            }
            guard let space = line.firstIndex(of: " ") else {
                throw ParseError(line: lineNo, message: "cannot read \"\(line)\"")
            }
            let keyword = String(line[..<space])
            let s = try unquote(line[line.index(after: space)...].trimmingCharacters(in: .whitespaces), line: lineNo)
            switch keyword {
            case "msgctxt":
                try finish()
                entryLine = lineNo
                fuzzy = pendingFuzzy
                pendingFuzzy = false
                context = s
                field = .ctxt
            case "msgid":
                if case .ctxt = field {
                } else {
                    try finish()
                    entryLine = lineNo
                    fuzzy = pendingFuzzy
                    pendingFuzzy = false
                }
                id = s
                field = .id
            case "msgid_plural":
                pluralId = s
                field = .plural
            case "msgstr":
                translations[0] = s
                field = .str(0)
            default:
                if keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"), let i = Int(keyword.dropFirst(7).dropLast()), i >= 0, i < 16 {
                    translations[i] = s
                    field = .str(i)
                } else {
                    throw ParseError(line: lineNo, message: "unknown keyword \(keyword)")
                }
            }
        }
        try finish()
        return catalog
    }

    mutating func readHeader(_ header: String) {
        for line in header.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if let p = headers["Plural-Forms"], let rule = PluralRule(header: p) { plural = rule }
    }

    /// A C string literal's value, as `.po` files write them.
    static func unquote(_ s: String, line: Int) throws -> String {
        let chars = Array(s)
        guard chars.count >= 2, chars.first == "\"", chars.last == "\"" else {
            throw ParseError(line: line, message: "expected a quoted string, found \(s)")
        }
        var out = ""
        var i = 1
        while i < chars.count - 1 {
            let c = chars[i]
            if c == "\\" {
                i += 1
                guard i < chars.count - 1 else { throw ParseError(line: line, message: "a backslash at the end of a string") }
                switch chars[i] {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "r": out.append("\r")
                default: throw ParseError(line: line, message: "unknown escape \\\(chars[i])")
                }
            } else if c == "\"" {
                throw ParseError(line: line, message: "an unescaped quote inside a string")
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }
}
