import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

@Suite struct LocaleChoiceTests {
    func choose(_ env: [String: String], option: String? = nil) -> LocaleChoice { LocaleChoice.from(environment: env, option: option) }

    @Test func theLocaleVariablesInTheirOrder() {
        #expect(choose(["LANG": "zh_CN.UTF-8"]).language.base == "zh")
        #expect(choose(["LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"]).language.isEnglish)
        #expect(choose(["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"]).language.base == "en")
        #expect(choose(["LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"]).language == Language(code: "zh_TW"))
        #expect(choose(["LANG": "zh_SG.utf8"]).language.base == "zh")
    }

    @Test func anExplicitChoiceWins() {
        #expect(choose(["LANG": "en_US.UTF-8", "WARROOM_LANG": "zh"]).language == .chinese)
        #expect(choose(["LANG": "zh_CN.UTF-8", "WARROOM_LANG": "zh"], option: "en").language == .english)
        #expect(choose(["LANG": "C.UTF-8", "WARROOM_LANG": "zh"]).language == .chinese)
        #expect(choose(["LANG": "C.UTF-8"], option: "zh").source == "--lang")
    }

    @Test func withoutUTF8ChineseFallsBackToEnglishAndSaysHow() {
        let c = choose(["WARROOM_LANG": "zh"])
        #expect(c.language == .english)
        #expect(!c.utf8)
        #expect(c.fallbackNotice?.contains("LANG=C.UTF-8") == true)
        #expect(choose([:]).language == .english)
        #expect(choose([:]).fallbackNotice == nil)
        #expect(choose(["LANG": "zh_CN.GB18030"]).language == .english)
        #expect(choose(["LANG": "zh_CN.GB18030"]).fallbackNotice != nil)
    }

    @Test func theCharacterSetFollowsLCCTYPE() {
        #expect(choose(["LANG": "C", "LC_CTYPE": "C.UTF-8", "WARROOM_LANG": "zh"]).language == .chinese)
        #expect(!choose(["LANG": "zh_CN.UTF-8", "LC_ALL": "C"]).utf8)
    }

    @Test func cAndPOSIXAreEnglish() {
        #expect(choose(["LANG": "C.UTF-8"]).language == .english)
        #expect(choose(["LC_ALL": "POSIX", "LANG": "zh_CN.UTF-8"]).language == .english)
    }

    @Test func languageCodes() {
        #expect(Language.parse("zh_CN.UTF-8@pinyin") == Language(code: "zh_CN"))
        #expect(Language.parse("zh-hant") == Language(code: "zh_Hant"))
        #expect(Language.parse("ZH") == .chinese)
        #expect(Language.parse("zh; rm -rf") == nil)
        #expect(Language.parse("") == nil)
        #expect(Language(code: "zh_TW").catalogCandidates == ["zh_TW", "zh"])
        #expect(Language.chinese.htmlTag == "zh-CN")
    }
}

@Suite struct PoCatalogTests {
    let sample = """
        # a comment
        msgid ""
        msgstr ""
        "Language: xx\\n"
        "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

        #: Sources/A.swift
        msgid "{who} hands command to {to}"
        msgstr "{who} 将指挥权交给 {to}"

        msgctxt "status"
        msgid "open"
        msgstr "未结"

        msgid "open"
        msgstr "打开"

        #, fuzzy
        msgid "guess"
        msgstr "猜"

        msgid "a \\"quoted\\"\\nline"
        msgstr ""
        "two "
        "parts"

        msgid "{n} event"
        msgid_plural "{n} events"
        msgstr[0] "{n} a"
        msgstr[1] "{n} b"
        msgstr[2] "{n} c"
        """

    @Test func readsEntriesContextsAndContinuations() throws {
        let c = try PoCatalog.parse(sample)
        #expect(c.translate("{who} hands command to {to}") == "{who} 将指挥权交给 {to}")
        #expect(c.translate("open", context: "status") == "未结")
        #expect(c.translate("open") == "打开")
        #expect(c.translate("guess") == nil)
        #expect(c.translate("a \"quoted\"\nline") == "two parts")
        #expect(c.headers["Language"] == "xx")
    }

    @Test func pluralFormsFromTheHeader() throws {
        let c = try PoCatalog.parse(sample)
        #expect(c.translatePlural("{n} event", plural: "{n} events", n: 1) == "{n} a")
        #expect(c.translatePlural("{n} event", plural: "{n} events", n: 3) == "{n} b")
        #expect(c.translatePlural("{n} event", plural: "{n} events", n: 5) == "{n} c")
        #expect(c.translatePlural("{n} event", plural: "{n} events", n: 11) == "{n} c")
        #expect(c.translatePlural("{n} event", plural: "{n} events", n: 21) == "{n} a")
        #expect(PluralRule(header: "nplurals=1; plural=0;")?.index(7) == 0)
        #expect(PluralRule(header: "nplurals=2; plural=(n != 1);")?.index(1) == 0)
        #expect(PluralRule(header: "nplurals=2; plural=(n != 1);")?.index(2) == 1)
        #expect(PluralRule(header: "nplurals=2; plural=n>1;")?.index(0) == 0)
        #expect(PluralRule(header: "nplurals=2; plural=(n !!= 1);") == nil)
    }

    @Test func badFilesNameTheLine() {
        #expect(throws: PoCatalog.ParseError.self) { try PoCatalog.parse("msgid \"a\"\nmsgstr \"b\nmsgid") }
        do {
            _ = try PoCatalog.parse("msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n")
            Issue.record("a duplicate was accepted")
        } catch let e as PoCatalog.ParseError {
            #expect(e.line == 3)
            #expect(e.message.contains("duplicate"))
        } catch { Issue.record("\(error)") }
        #expect(throws: PoCatalog.ParseError.self) { try PoCatalog.parse("msgid \"a\\q\"\nmsgstr \"\"") }
    }

    @Test func placeholdersFillInAnyOrderAndStrayBracesStay() {
        let l = Localizer(language: .chinese, catalog: try? PoCatalog.parse(sample), origin: "test")
        L10n.$override.withValue(l) {
            #expect(tr("{who} hands command to {to}", ["who": "王芳", "to": "李雷"]) == "王芳 将指挥权交给 李雷")
            #expect(tr("open", context: "status") == "未结")
            #expect(tr("not in the catalog {x}", ["x": "1"]) == "not in the catalog 1")
            #expect(tr("{a} and {b", ["a": "x"]) == "x and {b")
            #expect(trn("{n} event", "{n} events", 2) == "2 b")
        }
        L10n.$override.withValue(.english) {
            #expect(trn("{n} event", "{n} events", 1) == "1 event")
            #expect(trn("{n} event", "{n} events", 0) == "0 events")
        }
        #expect(placeholders(in: "{b} x {a} {not a placeholder} {}") == ["a", "b"])
    }

    @Test func sourceScannerReadsCallsAndRefusesInterpolation() {
        let src = """
            let a = tr("plain {x}", ["x": y])
            let b = trn("{n} item", "{n} items", k)
            let c = tr("open", context: "status")
            // tr("in a comment")
            let d = "tr(\\"in a string\\")"
            let e = tr("bad \\(x)")
            let f = tr(variable)
            let g = attr("not a call")
            """
        let (m, p) = SourceMessages.scan(Array(src.unicodeScalars), file: "X.swift")
        #expect(m.map(\.id) == ["plain {x}", "{n} item", "open"])
        #expect(m[1].plural == "{n} items")
        #expect(m[2].context == "status")
        #expect(p.count == 2)
    }
}

/// `fill` puts values into `{name}` placeholders, now on UTF-8 bytes: the same results as the
/// Character walk it replaced.
@Suite struct PlaceholderFillTests {
    @Test func placeholdersAreFilledAndEverythingElseStaysAsWritten() {
        let v = [("n", "3"), ("who", "王伟"), ("x", "{n}")]
        #expect(fill("{n} alerts open", v) == "3 alerts open")
        #expect(fill("{who} 已加入：{n} 人", v) == "王伟 已加入：3 人")
        // A value is not filled again; an unknown name, a lone or unclosed brace stay.
        #expect(fill("{x}", v) == "{n}")
        #expect(fill("{nope} {n}", v) == "{nope} 3")
        #expect(fill("{{n}}", v) == "{3}")
        #expect(fill("a { b", v) == "a { b")
        #expect(fill("end {n", v) == "end {n")
        #expect(fill("}{n}{", v) == "}3{")
        #expect(fill("no braces", v) == "no braces")
        #expect(fill("{n}", []) == "{n}")
        #expect(fill("é{n}é", v) == "é3é")
    }
}
