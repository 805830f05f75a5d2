import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// Every message the sources pass to `tr`/`trn`, found by reading them, as `xgettext`
/// would (it has no Swift reader).
struct SourceMessage: Hashable {
    var context: String?
    var id: String
    var plural: String?
    var file: String
}

enum SourceMessages {
    struct Problem: CustomStringConvertible {
        var file: String
        var line: Int
        var text: String
        var description: String { "\(file):\(line): \(text)" }
    }

    static func scan() -> (messages: [SourceMessage], problems: [Problem]) {
        var messages: [SourceMessage] = []
        var problems: [Problem] = []
        let root = packageRoot + "/Sources"
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".swift") }.sorted()
        for rel in files {
            let path = root + "/" + rel
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let (m, p) = scan(Array(text.unicodeScalars), file: "Sources/" + rel)
            messages += m
            problems += p
        }
        return (messages, problems)
    }

    /// Finds `tr(` and `trn(` calls (not `.tr(` members, not `xtr(`), reads their literals.
    static func scan(_ s: [Unicode.Scalar], file: String) -> ([SourceMessage], [Problem]) {
        var out: [SourceMessage] = []
        var problems: [Problem] = []
        var i = 0
        var line = 1
        func isIdent(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "." }
        func skipSpace(_ j: inout Int) {
            while j < s.count, s[j] == " " || s[j] == "\n" || s[j] == "\t" { j += 1 }
        }
        /// A single-line literal's value, or nil with a problem noted.
        func literal(_ j: inout Int) -> String? {
            skipSpace(&j)
            guard j < s.count, s[j] == "\"" else {
                problems.append(
                    Problem(file: file, line: line, text: "tr/trn takes a string literal (the catalog is built from the sources)"))
                return nil
            }
            if j + 2 < s.count, s[j + 1] == "\"", s[j + 2] == "\"" {
                problems.append(
                    Problem(file: file, line: line, text: "a multi-line literal in tr/trn; split it into one message per paragraph"))
                return nil
            }
            j += 1
            var v = ""
            while j < s.count, s[j] != "\"" {
                if s[j] == "\n" {
                    problems.append(Problem(file: file, line: line, text: "an unterminated literal"))
                    return nil
                }
                if s[j] == "\\" {
                    j += 1
                    guard j < s.count else { return nil }
                    switch s[j] {
                    case "n": v += "\n"
                    case "t": v += "\t"
                    case "\"": v += "\""
                    case "\\": v += "\\"
                    case "'": v += "'"
                    case "0": v += "\0"
                    case "u":
                        // \u{XXXX}
                        var k = j + 2
                        var hex = ""
                        while k < s.count, s[k] != "}" {
                            hex.unicodeScalars.append(s[k])
                            k += 1
                        }
                        if let n = UInt32(hex, radix: 16), let sc = Unicode.Scalar(n) { v.unicodeScalars.append(sc) }
                        j = k
                    case "(":
                        problems.append(
                            Problem(file: file, line: line, text: "interpolation inside tr/trn; use a {placeholder} and pass the value"))
                        return nil
                    default: v.unicodeScalars.append(s[j])
                    }
                    j += 1
                    continue
                }
                v.unicodeScalars.append(s[j])
                j += 1
            }
            j += 1
            return v
        }
        while i < s.count {
            let c = s[i]
            if c == "\n" { line += 1 }
            // Skip comments so that prose about tr( is not read as a call.
            if c == "/", i + 1 < s.count, s[i + 1] == "/" {
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            }
            // Skip ordinary string literals so a "tr(" inside one is not a call.
            if c == "\"" {
                if i + 2 < s.count, s[i + 1] == "\"", s[i + 2] == "\"" {
                    i += 3
                    while i + 2 < s.count, !(s[i] == "\"" && s[i + 1] == "\"" && s[i + 2] == "\"") {
                        if s[i] == "\n" { line += 1 }
                        i += 1
                    }
                    i += 3
                    continue
                }
                i += 1
                while i < s.count, s[i] != "\"", s[i] != "\n" {
                    if s[i] == "\\" { i += 1 }
                    i += 1
                }
                i += 1
                continue
            }
            let plural = i + 3 < s.count && s[i] == "t" && s[i + 1] == "r" && s[i + 2] == "n" && s[i + 3] == "("
            let single = i + 2 < s.count && s[i] == "t" && s[i + 1] == "r" && s[i + 2] == "("
            guard (plural || single), i == 0 || !isIdent(s[i - 1]) else {
                i += 1
                continue
            }
            // `func tr(` and `func trn(` are the definitions.
            let before = String(String.UnicodeScalarView(s[max(0, i - 5)..<i]))
            if before.hasSuffix("func ") {
                i += 1
                continue
            }
            var j = i + (plural ? 4 : 3)
            let startLine = line
            guard let id = literal(&j) else {
                i = j
                continue
            }
            var pl: String?
            if plural {
                skipSpace(&j)
                if j < s.count, s[j] == "," { j += 1 }
                pl = literal(&j)
            }
            skipSpace(&j)
            var context: String?
            let rest = String(String.UnicodeScalarView(s[j..<min(s.count, j + 12)]))
            if rest.hasPrefix(",") {
                var k = j + 1
                skipSpace(&k)
                if String(String.UnicodeScalarView(s[k..<min(s.count, k + 8)])) == "context:" {
                    k += 8
                    context = literal(&k)
                    j = k
                }
            }
            out.append(SourceMessage(context: context, id: id, plural: pl, file: file))
            // Count the lines the call spanned.
            line = startLine + s[i..<j].filter { $0 == "\n" }.count
            i = j
        }
        return (out, problems)
    }

    /// The template every catalog is merged from, in source order, one entry per message.
    static func potText(_ messages: [SourceMessage]) -> String {
        var seen = Set<PoCatalog.Key>()
        var out = """
            # warroom's messages, extracted from Sources/ by the catalog tests (UPDATE_CATALOG=1).
            msgid ""
            msgstr ""
            "Project-Id-Version: warroom\\n"
            "Content-Type: text/plain; charset=UTF-8\\n"
            "Content-Transfer-Encoding: 8bit\\n"

            """
        for m in messages {
            let key = PoCatalog.Key(context: m.context, id: m.id)
            guard seen.insert(key).inserted else { continue }
            out += "\n#: \(m.file)\n"
            if let c = m.context { out += "msgctxt \(quote(c))\n" }
            out += "msgid \(quote(m.id))\n"
            if let p = m.plural {
                out += "msgid_plural \(quote(p))\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n"
            } else {
                out += "msgstr \"\"\n"
            }
        }
        return out
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}

@Suite struct CatalogTests {
    static let catalogs: [String] = {
        ((try? FileManager.default.contentsOfDirectory(atPath: localeDirectory)) ?? []).filter { $0.hasSuffix(".po") }.sorted()
    }()

    @Test func everyMessageIsALiteralWithoutInterpolation() {
        let problems = SourceMessages.scan().problems
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
    }

    /// UPDATE_CATALOG=1 rewrites locale/warroom.pot from the sources and merges it into every
    /// catalog (new messages untranslated, gone ones commented out), as `msgmerge` does.
    @Test func templateMatchesTheSources() async throws {
        let pot = SourceMessages.potText(SourceMessages.scan().messages)
        let path = localeDirectory + "/warroom.pot"
        if ProcessInfo.processInfo.environment["UPDATE_CATALOG"] == "1" {
            try pot.write(toFile: path, atomically: true, encoding: .utf8)
            for c in Self.catalogs {
                let r = try await runProcess(
                    "/usr/bin/env",
                    [
                        "msgmerge", "--quiet", "--update", "--no-fuzzy-matching", "--backup=none", "--no-wrap", "--sort-by-file",
                        localeDirectory + "/" + c, path,
                    ])
                #expect(r.status == 0, "msgmerge \(c): \(r.stderr)")
                // msgmerge keeps gone messages as `#~` comments; nobody reads them, and an old
                // translation left there comes back unreviewed if its message does.
                let file = localeDirectory + "/" + c
                let strip = try await runProcess(
                    "/usr/bin/env", ["msgattrib", "--no-obsolete", "--no-wrap", "--sort-by-file", "-o", file, file])
                #expect(strip.status == 0, "msgattrib \(c): \(strip.stderr)")
            }
        }
        let onDisk = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        #expect(onDisk == pot, "locale/warroom.pot is out of date with the sources; run UPDATE_CATALOG=1 swift test --filter CatalogTests")
    }

    @Test(arguments: catalogs) func catalogPassesMsgfmtCheck(_ name: String) async throws {
        let r = try await runProcess("/usr/bin/env", ["msgfmt", "--check", "-o", "/dev/null", localeDirectory + "/" + name])
        #expect(r.status == 0, "msgfmt --check \(name): \(r.stderr)")
    }

    @Test(arguments: catalogs) func everyMessageIsTranslated(_ name: String) throws {
        let catalog = try PoCatalog.load(path: localeDirectory + "/" + name)
        var missing: [String] = []
        var wrong: [String] = []
        var seen = Set<PoCatalog.Key>()
        for m in SourceMessages.scan().messages {
            let key = PoCatalog.Key(context: m.context, id: m.id)
            guard seen.insert(key).inserted else { continue }
            guard let e = catalog.entries[key], !e.fuzzy, !e.translations.isEmpty, e.translations.allSatisfy({ !$0.isEmpty })
            else {
                missing.append("\(m.file): \(m.id)")
                continue
            }
            let want = placeholders(in: m.id)
            for t in e.translations where placeholders(in: t) != want {
                // A singular may leave out {n} ("one event") only in English; a translation keeps every placeholder.
                if m.plural != nil && placeholders(in: t) == placeholders(in: m.plural ?? "") { continue }
                wrong.append("\(name):\(e.line): \(m.id) → \(t): placeholders \(placeholders(in: t)) instead of \(want)")
            }
        }
        #expect(missing.isEmpty, "\(missing.count) messages have no translation in \(name):\n\(missing.prefix(40).joined(separator: "\n"))")
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }

    @Test(arguments: catalogs) func catalogKeepsNoObsoleteEntries(_ name: String) throws {
        let text = try String(contentsOfFile: localeDirectory + "/" + name, encoding: .utf8)
        let obsolete = text.split(separator: "\n").filter { $0.hasPrefix("#~") }
        #expect(
            obsolete.isEmpty, "\(name) keeps \(obsolete.count) obsolete `#~` lines; run UPDATE_CATALOG=1 swift test --filter CatalogTests")
    }

    @Test(arguments: catalogs) func noTranslationOfAMessageTheSourcesDoNotHave(_ name: String) throws {
        let catalog = try PoCatalog.load(path: localeDirectory + "/" + name)
        let known = Set(SourceMessages.scan().messages.map { PoCatalog.Key(context: $0.context, id: $0.id) })
        let stale = catalog.ordered.filter { !known.contains($0.key) }.map { "\(name):\($0.line): \($0.key.id)" }
        #expect(stale.isEmpty, "messages no longer in the sources (UPDATE_CATALOG=1 comments them out):\n\(stale.joined(separator: "\n"))")
    }
}
