import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// The commands' own words in Chinese (issue 15): output, errors and --help, run
/// through the real binary; and English, from the same binary, as it was.
@Suite("CLI in Chinese")
struct CLIChineseTests {
    /// Chinese through WARROOM_LANG, as on a jump host whose LANG is C.UTF-8.
    static let chinese = cliEnvironment(["WARROOM_LANG": "zh"])

    /// Whether `text` holds a CJK ideograph.
    static func hasChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    @Test func declareNoteStatusRoundInChinese() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let env = Self.chinese

        let empty = try await warroom(["status", "--journal", path], environment: env)
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout == "\(path) 还没有日志；宣布一个事件即可开始：warroom declare --severity N --title TEXT\n")

        let declared = try await warroom(["declare", "--severity", "2", "--title", "支付失败", "--journal", path], environment: env)
        #expect(declared.status == 0, "\(declared.stderr)")
        let id = declared.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("INC-"))

        let noted = try await warroom(["note", "--journal", path, "网关超时"], environment: env)
        #expect(noted.status == 0, "\(noted.stderr)")
        // The incident, a full-width colon, then the Core's sentence for the note.
        #expect(noted.stdout.hasPrefix("\(id)："), "\(noted.stdout)")
        #expect(noted.stdout.contains("网关超时"))

        let status = try await warroom(["status", "--journal", path], environment: env)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains(id) && status.stdout.contains("支付失败"))

        let missing = try await warroom(["status", "--journal", path, "--incident", "INC-1"], environment: env)
        #expect(missing.status != 0)
        #expect(missing.stderr == "错误：\(path) 中没有事件 INC-1；`warroom status` 会列出所有事件\n")

        let checked = try await warroom(["check", "--journal", path], environment: env)
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.hasPrefix("\(path)：2 行，2 个事件，0 行错误，0 个未知类型\n"), "\(checked.stdout)")
        // What scripts read stays as it is in every language.
        let json = try await warroom(["status", "--json", "--journal", path, "--at", "2100-01-01T00:00:00Z"], environment: env)
        let english = try await warroom(["status", "--json", "--journal", path, "--at", "2100-01-01T00:00:00Z"])
        #expect(json.status == 0 && !json.stdout.isEmpty, "\(json.stderr)")
        #expect(json.stdout == english.stdout)
    }

    @Test func errorsInChinese() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let env = Self.chinese
        _ = try await warroom(["declare", "--severity", "3", "--title", "t", "--journal", path], environment: env)

        let phase = try await warroom(["phase", "sideways", "--journal", path], environment: env)
        #expect(phase.status == 1)
        // The allowed words are the journal's own and stay as they are.
        #expect(
            phase.stderr == "错误：phase 必须是 declared、verified、contained、recovered、closed 之一，而不是 \"sideways\"\n")

        let severity = try await warroom(["severity", "7", "--journal", path], environment: env)
        #expect(severity.stderr == "错误：severity 必须是 1、2 或 3（或 L1、L2、L3）；7 超出范围\n")

        let typo = try await warroom(["delcare"], environment: env)
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("错误：\"delcare\" 不是 warroom 的命令；是不是要用 `warroom declare`？"), "\(typo.stderr)")

        let lang = try await warroom(["--lang", "xx1", "status"], environment: env)
        #expect(lang.stderr == "错误：--lang \"xx1\" 不是语言代码；请用 --lang zh 或 --lang en\n")

        // A validation error of ours is Chinese; the parser's own frame around it stays English.
        let noName = try await warroom(["status", "--journal", path, "--as", " "], environment: env)
        #expect(noName.stderr.hasPrefix("Error: --as 需要一个名字\n"), "\(noName.stderr)")
    }

    @Test func helpInChinese() async throws {
        let root = try await warroom(["--help"], environment: Self.chinese)
        #expect(root.status == 0, "\(root.stderr)")
        #expect(root.stdout.contains("OVERVIEW: 危机应对的终端作战室控制台，所有人共用一个 JSON-lines 日志。"))
        // `--lang` is taken off before the parser sees it, so the root's discussion documents it.
        #expect(root.stdout.contains("--lang zh 或 --lang en"))
        #expect(root.stdout.contains("宣布一个新事件并输出其 id。"))

        let declare = try await warroom(["declare", "--help"], environment: Self.chinese)
        #expect(declare.stdout.contains("OVERVIEW: 宣布一个新事件并输出其 id。"))
        #expect(declare.stdout.contains("简短标题。"))
        // The journal option's help, shared by every command, and the parser's own headings.
        #expect(declare.stdout.contains("日志文件（否则用 $WARROOM_JOURNAL，再否则用"))
        #expect(declare.stdout.contains("USAGE: warroom declare"))

        let drill = try await warroom(["drill", "run", "--help"], environment: Self.chinese)
        #expect(drill.stdout.contains("将情景运行到日志中"))
    }

    /// The parser folds help by characters; Chinese is folded again by columns, at the parser's indents.
    @Test func chineseHelpFitsTheTerminal() async throws {
        for columns in [80, 60] {
            for command in [["--help"], ["declare", "--help"], ["drill", "run", "--help"], ["render", "--help"]] {
                let r = try await warroom(command, environment: cliEnvironment(["WARROOM_LANG": "zh", "COLUMNS": "\(columns)"]))
                #expect(r.status == 0, "\(r.stderr)")
                // The usage line is the parser's own and it does not fold it in English either.
                for line in r.stdout.split(separator: "\n") where !line.hasPrefix("USAGE:") {
                    #expect(DisplayWidth.of(String(line)) <= columns, "\(command) at \(columns): \(line)")
                }
                // Continuation lines of an option's help start at the parser's help column.
                if command == ["declare", "--help"] {
                    let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                    let at = try #require(lines.firstIndex { $0.hasPrefix("  --journal <path>") })
                    #expect(lines[at + 1].hasPrefix(String(repeating: " ", count: 26)) && lines[at + 1].dropFirst(26).first != " ")
                }
            }
        }
        // English is left as the parser folds it.
        let english = try await warroom(["declare", "--help"], environment: cliEnvironment(["COLUMNS": "60"]))
        #expect(
            english.stdout.contains(
                [
                    "  --journal <path>        The journal file (else", "                          $WARROOM_JOURNAL, else",
                    "                          ./warroom.jsonl).",
                ].joined(separator: "\n")))
    }

    @Test func playbookListingShowsThePlansChineseTitles() async throws {
        let zh = try await warroom(["playbooks"], environment: Self.chinese)
        #expect(zh.status == 0, "\(zh.stderr)")
        let line = try #require(zh.stdout.split(separator: "\n").first { $0.hasPrefix("website-crisis ") })
        // The severity's label is the Core's word; the rest is this command's.
        #expect(line.contains("15 项  网站危机公关预案  ") && line.hasSuffix("  二级的默认预案"), "\(line)")
        let en = try await warroom(["playbooks"])
        let english = try #require(en.stdout.split(separator: "\n").first { $0.hasPrefix("website-crisis ") })
        #expect(english.contains("15 items  ") && english.hasSuffix("  default for L2") && !Self.hasChinese(String(english)))
    }

    @Test func consoleCommandHelpInChinese() async throws {
        let env = cliEnvironment(["LANG": "zh_CN.UTF-8"])
        let top = try await warroom(["--help"], environment: env)
        let line = try #require(top.stdout.split(separator: "\n").first { $0.contains("console (default)") }, "\(top.stdout)")
        #expect(Self.hasChinese(String(line)) && !line.contains("Open the war-room console"), "\(line)")
        let help = try await warroom(["console", "--help"], environment: env)
        #expect(help.status == 0, "\(help.stderr)")
        #expect(!help.stdout.contains("Open the war-room console") && !help.stdout.contains("Theme name or path"), "\(help.stdout)")
        let en = try await warroom(["console", "--help"])
        #expect(en.stdout.contains("Open the war-room console on the journal (the default command)."), "\(en.stdout)")
        #expect(en.stdout.contains("Theme name or path"), "\(en.stdout)")
    }

    @Test func drillListGivesTheSeverityAsThePlansDo() async throws {
        let zh = try await warroom(["drill", "list"], environment: Self.chinese)
        #expect(zh.status == 0, "\(zh.stderr)")
        let lines = zh.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.contains("级  ×") && !line.contains("L1") && !line.contains("L2") && !line.contains("L3"), "\(line)")
        }
        let en = try await warroom(["drill", "list"])
        #expect(en.stdout.split(separator: "\n").allSatisfy { $0.contains(" L1  ×") || $0.contains(" L2  ×") || $0.contains(" L3  ×") })
    }

    @Test func langEnOverridesAChineseLocale() async throws {
        let env = cliEnvironment(["LANG": "zh_CN.UTF-8"])
        for lang in [["--lang", "en"], ["--lang=en"]] {
            let help = try await warroom(["declare"] + lang + ["--help"], environment: env)
            #expect(help.stdout.contains("OVERVIEW: Declare a new incident and print its id."), "\(help.stdout)")
            #expect(!Self.hasChinese(help.stdout), "\(help.stdout)")
        }
        let chinese = try await warroom(["declare", "--help"], environment: env)
        #expect(chinese.stdout.contains("宣布一个新事件并输出其 id。"))
    }

    @Test func chineseLocaleThatIsNotInstalledStillGivesChinese() async throws {
        // LOCPATH at an empty directory: setlocale(zh_CN.UTF-8) fails here whatever the host
        // has installed, as on a jump host whose ssh client sent LANG.
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        // A Traditional locale gets the Simplified catalog while there is no Traditional one.
        for lang in ["zh_CN.UTF-8", "zh_TW.UTF-8"] {
            let env = cliEnvironment(["LANG": lang, "LOCPATH": dir.path])
            let r = try await warroom(["status", "--journal", dir.file("j.jsonl")], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("还没有日志"), "\(lang): \(r.stdout)")
            #expect(r.stderr.isEmpty, "\(r.stderr)")
        }
    }

    @Test func withoutLANGEnglish() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        var env = cliEnvironment()
        env["LANG"] = nil
        let r = try await warroom(["status", "--journal", dir.file("j.jsonl")], environment: env)
        #expect(r.stdout.hasPrefix("no journal yet at "), "\(r.stdout)")
        let help = try await warroom(["--help"], environment: env)
        #expect(help.stdout.contains("OVERVIEW: A terminal war-room console"), "\(help.stdout)")
        #expect(!Self.hasChinese(help.stdout))

        // Chinese asked for where it cannot be shown: English, and a notice saying how, once.
        env["WARROOM_LANG"] = "zh"
        let ascii = try await warroom(["status", "--journal", dir.file("j.jsonl")], environment: env)
        #expect(ascii.stdout.hasPrefix("no journal yet at "), "\(ascii.stdout)")
        #expect(ascii.stderr.hasPrefix("warroom: zh needs UTF-8: export LANG=C.UTF-8 WARROOM_LANG=zh"), "\(ascii.stderr)")
        #expect(ascii.stderr.split(separator: "\n").count == 1, "\(ascii.stderr)")
    }

    @Test func englishOutputUnchanged() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let empty = try await warroom(["status", "--journal", path])
        #expect(
            empty.stdout == "no journal yet at \(path); start one by declaring an incident: warroom declare --severity N --title TEXT\n")
        let declared = try await warroom(["declare", "--severity", "2", "--title", "Checkout", "--journal", path])
        let id = declared.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let noted = try await warroom(["note", "--journal", path, "gateway", "timeouts"])
        #expect(noted.stdout.hasPrefix("\(id): "), "\(noted.stdout)")
        let phase = try await warroom(["phase", "sideways", "--journal", path])
        #expect(phase.stderr == "Error: phase must be one of declared, verified, contained, recovered, closed, not \"sideways\"\n")
        let missing = try await warroom(["status", "--journal", path, "--incident", "INC-1"])
        #expect(missing.stderr == "Error: no incident INC-1 in \(path); `warroom status` lists them\n")
        let checked = try await warroom(["check", "--journal", path])
        #expect(checked.stdout.hasPrefix("\(path): 2 lines, 2 events, 0 bad lines, 0 of unknown types\n"))
        let help = try await warroom(["--help"])
        #expect(help.stdout.hasPrefix("OVERVIEW: A terminal war-room console for crisis response, over one shared"))
        #expect(help.stdout.contains("--lang zh or --lang en"))
        #expect(!Self.hasChinese(help.stdout))
    }
}
