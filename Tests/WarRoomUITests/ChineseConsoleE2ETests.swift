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
            for word in ["应急团队", "检查清单", "指标", "● 跟随中", "条事件", "识别并评估危机"] {
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
}
