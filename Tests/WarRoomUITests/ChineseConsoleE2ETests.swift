import Foundation
import Testing

/// Issue 15 under tmux: the real console in Chinese from the locale, on a host where no
/// zh_CN locale is installed (the language never depends on setlocale), and English
/// from an English locale.
@Suite("Console in Chinese under tmux", .enabled(if: tmuxPath != nil && uiWarroomBinary != nil, "needs tmux and the warroom binary"))
struct ChineseConsoleE2ETests {
    @Test("LANG=zh_CN.UTF-8 without the locale installed draws the console in Chinese with the plan's checklist")
    func chineseFromTheLocale() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare(title: "Gateway timeouts")
        try await t.start(width: 80, height: 24, command: t.consoleCommand(locale: "zh_CN.UTF-8"))
        let screen = try await t.waitFor("the Chinese frame") { $0.contains("时间线") && $0.contains("Gateway timeouts") }
        if let screen {
            // The checklist item by its first words: near midnight its due time carries the date and cuts the rest.
            for word in ["应急团队", "检查清单", "指标", "● 跟随中", "条事件", "识别并评估"] {
                #expect(screen.contains(word), "\(word) missing:\n\(screen)")
            }
            #expect(!screen.contains("Timeline"), "\(screen)")
        }
        try await t.keys("?")
        try await t.waitFor("按任意键关闭")
        try await t.keys("Escape")
        try await t.keys("p")
        try await t.waitFor("阶段（当前 已宣布）")
        try await t.keys("Escape")
        try await t.keys("q")
    }

    @Test("LANG=en_US.UTF-8 draws it in English")
    func englishFromTheLocale() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare(title: "Gateway timeouts")
        try await t.start(width: 80, height: 24, command: t.consoleCommand(locale: "en_US.UTF-8"))
        let screen = try await t.waitFor("the English frame") { $0.contains("Timeline") && $0.contains("Gateway timeouts") }
        if let screen {
            #expect(screen.contains("● following"), "\(screen)")
            #expect(!screen.contains("时间线"))
        }
        try await t.keys("q")
    }

    @Test("WARROOM_LANG=zh without a UTF-8 locale: English in ASCII, and the whole how-to in the status line at 80 columns")
    func chineseWithoutUTF8() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        try await t.declare(title: "Gateway timeouts")
        let command =
            "env -u LANG -u LC_ALL -u LC_CTYPE WARROOM_LANG=zh TERM=xterm-256color WARROOM_DATA=\(shellQuote(packageRoot)) "
            + "\(shellQuote(t.bin)) --journal \(shellQuote(t.journal))"
        try await t.start(width: 80, height: 24, command: command)
        let screen = try await t.waitFor("the notice") { $0.contains("Timeline") && $0.contains("WARROOM_LANG=zh") }
        if let screen {
            #expect(screen.contains("zh needs UTF-8: export LANG=C.UTF-8 WARROOM_LANG=zh"), "\(screen)")
            #expect(!screen.contains("时间线") && !screen.contains("━"), "ASCII only:\n\(screen)")
        }
        try await t.keys("q")
    }

    @Test(
        "LANG=zh_CN.UTF-8 with the locale installed (compiled by localedef into LOCPATH) draws the same Chinese console",
        .enabled(if: FileManager.default.fileExists(atPath: "/usr/share/i18n/locales/zh_CN"), "needs the locales package's sources"))
    func chineseWithTheLocaleInstalled() async throws {
        let t = try TmuxSession()
        defer { t.killServer() }
        let locpath = t.dir.file("locales")
        try FileManager.default.createDirectory(atPath: locpath, withIntermediateDirectories: true)
        let made = try await run("/usr/bin/env", ["localedef", "-i", "zh_CN", "-f", "UTF-8", locpath + "/zh_CN.UTF-8"])
        try #require(made.status == 0 || FileManager.default.fileExists(atPath: locpath + "/zh_CN.UTF-8"), "\(made.stderr)")
        try await t.declare(title: "Gateway timeouts")
        try await t.start(width: 80, height: 24, command: "env LOCPATH=\(shellQuote(locpath)) " + t.consoleCommand(locale: "zh_CN.UTF-8"))
        let screen = try await t.waitFor("the Chinese frame") { $0.contains("时间线") && $0.contains("Gateway timeouts") }
        if let screen {
            for word in ["应急团队", "检查清单", "指标", "● 跟随中", "识别并评估"] {
                #expect(screen.contains(word), "\(word) missing:\n\(screen)")
            }
        }
        try await t.keys("q")
    }
}
