import Foundation
import Testing
import WarRoomCore
@testable import WarRoomUI

/// Issue 15: the console in Chinese, beside the English snapshots. The same panes at
/// the same sizes, borders aligned with two-column characters, nothing cut that the
/// English frame keeps, and no English word of the console's own left on screen.
@Suite("Snapshots in Chinese")
struct ChineseSnapshotTests {
    typealias Fixture = SnapshotTests.Fixture

    /// Renders in Chinese, checks the frame, the panes and the golden `zh-NAME`.
    func zhFrame(_ model: ConsoleModel, now: Date, _ w: Int, _ h: Int, named name: String, panes: Bool = true) -> TextGrid {
        inLanguage(.chinese) {
            let grid = render(model, now: now, width: w, height: h)
            checkFrameInvariants(grid, name)
            if panes { checkPanes(grid, model, now: now, label: name) }
            assertSnapshot(grid, named: name)
            return grid
        }
    }

    func fixtureModel(_ f: Fixture) -> (ConsoleModel, Date) {
        let bytes = fixtureBytes(f.file)
        return (makeModel(bytes, path: "examples/\(f.file)"), fixedNow(bytes))
    }

    @Test("fixture journals in Chinese at 80x24, 120x40 and 200x60", arguments: SnapshotTests.fixtures)
    func fixtureFrames(_ f: Fixture) throws {
        let (model, now) = fixtureModel(f)
        let inc = try #require(model.incident)
        for (w, h) in SnapshotTests.sizes {
            let label = "zh-\(f.name)-\(w)x\(h)"
            let zh = zhFrame(model, now: now, w, h, named: label)
            let en = render(model, now: now, width: w, height: h)
            let text = zh.text()
            #expect(text.contains(inc.id), "\(label): header names the incident")
            #expect(text.contains("● 跟随中"), "\(label): live status in the header")
            #expect(text.contains("\(model.state.eventsApplied)条事件"), "\(label): journal health in the footer")
            for title in ["时间线", "应急团队", "检查清单", "指标"] { #expect(text.contains(title), "\(label): \(title)") }
            // The plan's own Chinese wording of the checklist.
            #expect(text.contains("[x] "), "\(label)")
            sameInformation(en: en, zh: zh, title: inc.title, label: label)
        }
    }

    /// What the English frame shows, the Chinese one shows too: the same timeline rows
    /// (by their times), the same checklist rows and progress, the same KPI and counter
    /// values, and the header's title cut no shorter.
    func sameInformation(
        en: TextGrid, zh: TextGrid, title: String, label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let e = en.lines(), z = zh.lines()
        #expect(e.count == z.count, sourceLocation: sourceLocation)
        func tokens(_ lines: [String], _ pattern: String) -> [String] {
            guard let re = try? Regex(pattern) else {
                Issue.record("bad pattern \(pattern)", sourceLocation: sourceLocation)
                return []
            }
            return lines.flatMap { l in l.matches(of: re).map { String(l[$0.range]) } }
        }
        // Clock times (timeline rows, ticks) and fractions (progress, KPIs) and counters.
        for pattern in [#"\d\d:\d\d:\d\d"#, #"\b\d+/\d+\b"#, #"\b\d{1,3}(,\d{3})+\b"#] {
            let want = tokens(e, pattern), got = tokens(z, pattern)
            #expect(
                want.filter { !got.contains($0) }.isEmpty, "\(label): English shows \(want) but Chinese \(got)",
                sourceLocation: sourceLocation)
        }
        // The incident's title: as much of it in the Chinese header as in the English one.
        func shown(_ header: String) -> Int { (0...title.count).last { header.contains(String(title.prefix($0))) } ?? 0 }
        #expect(shown(z[0]) >= shown(e[0]), "\(label): title cut shorter:\n\(e[0])\n\(z[0])", sourceLocation: sourceLocation)
        // As many checklist rows, and every pane row ends on its border.
        let marks = ["[x] ", "[ ] ", "[!] ", "✓ ", "○ "]
        func items(_ lines: [String]) -> Int { lines.filter { l in marks.contains { l.contains($0) } }.count }
        #expect(
            items(z) >= items(e), "\(label): checklist rows \(items(e)) in English, \(items(z)) in Chinese", sourceLocation: sourceLocation)
        for (y, l) in z.enumerated() {
            #expect(DisplayWidth.of(l) <= zh.width, "\(label): line \(y + 1) too wide", sourceLocation: sourceLocation)
        }
    }

    @Test("the help overlay in Chinese shows every row whole")
    func helpOverlay() {
        var (model, now) = fixtureModel(SnapshotTests.fixtures[0])
        model.interaction = .help
        for (w, h) in [(80, 24), (120, 40)] {
            let grid = zhFrame(model, now: now, w, h, named: "zh-help-\(w)x\(h)", panes: false)
            let text = grid.text()
            inLanguage(.chinese) {
                #expect(text.contains(" 按键 "))
                for line in Keymap.helpLines { #expect(text.contains(line.text), "help-\(w)x\(h): \(line.text) whole") }
                #expect(text.contains("按任意键关闭"))
            }
        }
    }

    @Test("the severity suggestion in Chinese quotes the plan's rule (source_zh) beside the figures")
    func suggestionBanner() {
        let lines = [
            declareLine(severity: 3, title: "Login failures", playbook: "website-crisis"),
            ev("counter.set", at: 60, ["name": "complaints", "value": .number(1204)]),
        ]
        let model = makeModel(lines: lines)
        let now = T0.addingTimeInterval(600)
        let narrow = zhFrame(model, now: now, 80, 24, named: "zh-suggestion-80x24")
        #expect(narrow.lines()[1].contains("（预案：用户投诉量"), "\(narrow.lines()[1])")
        #expect(narrow.lines()[1].hasSuffix(" — 按 s 升级"))
        let wide = zhFrame(model, now: now, 200, 60, named: "zh-suggestion-200x60")
        #expect(wide.lines()[1].contains("（预案：用户投诉量超过1000条，属重大危机，需成立技术、法务、公关联合专项小组） — 按 s 升级"))
        // English quotes `source` where it fits whole; at 80 columns it keeps today's banner.
        let en = render(model, now: now, width: 200, height: 60).lines()[1]
        #expect(en.contains("met (plan: over 1,000 user complaints: major crisis, task force with tech, legal and PR) — press s to raise"))
        #expect(!render(model, now: now, width: 80, height: 24).lines()[1].contains("plan:"))
    }

    @Test("an empty journal and the declare flow's playbook picker in Chinese (title_zh)")
    func emptyAndDeclare() throws {
        var model = makeModel([], path: "warroom.jsonl")
        let grid = zhFrame(model, now: T0, 80, 24, named: "zh-empty-80x24")
        #expect(grid.text().contains("没有进行中的事件。"))
        #expect(grid.text().contains("按 D 宣布事件。"))
        inLanguage(.chinese) {
            for k in [Key.char("D"), .char("2")] { _ = model.handle(k) }
            for c in "客户数据泄露 data leak" { _ = model.handle(.char(c)) }
            _ = model.handle(.enter)
        }
        let picker = zhFrame(model, now: T0, 80, 24, named: "zh-picker-declare-playbook-80x24", panes: false)
        let lines = picker.lines()
        let first = try #require(lines.firstIndex { $0.contains("1 data-breach") })
        #expect(lines[first].contains("推荐"))
        let breach = try #require(shippedCatalog.playbook(named: "data-breach")?.titleZh)
        #expect(lines[first].contains(String(breach.prefix(4))), "\(lines[first])")
        #expect(lines.contains { $0.contains("不使用预案") })
    }

    @Test("English is unchanged where Chinese is chosen for another task")
    func englishUnchanged() {
        let (model, now) = fixtureModel(SnapshotTests.fixtures[0])
        let before = render(model, now: now, width: 80, height: 24).text()
        _ = inLanguage(.chinese) { render(model, now: now, width: 80, height: 24) }
        #expect(render(model, now: now, width: 80, height: 24).text() == before)
        #expect(before.contains("Timeline") && before.contains("● following"))
    }

    // MARK: No English left

    /// Words a Chinese screen may show in Latin letters: key names, commands and
    /// variables, the plans' own Latin words, playbook names.
    static let allowedWords: Set<String> = [
        "Tab", "Shift-Tab", "Enter", "Esc", "End", "Home", "PgUp", "PgDn", "Ctrl-L", "Ctrl-U", "Backspace",
        "warroom", "check", "add-item", "App", "WARROOM_DATA", "WARROOM_LANG", "LANG", "UTF-8", "C.UTF-8", "jsonl",
    ]

    /// Latin words on a Chinese frame that come neither from the journal, nor from the
    /// Core (event sentences, KPI short names, the suggestion's figures: the core's own
    /// translation), nor from the allowed list: untranslated words of the console's own.
    func untranslated(_ grid: TextGrid, _ model: ConsoleModel, now: Date, journal: String) -> [String] {
        let banner = model.readOnlyReason != nil || model.kpis(now: now)?.suggestions.isEmpty == false
        let timeline = Layout.make(width: grid.width, height: grid.height, banner: banner)?.timeline.inner
        // The help box (HelpOverlay's place) covers part of the timeline: what is in it is checked.
        var helpBox: Rect?
        if model.interaction == .help {
            let w = min(grid.width - 4, 74), h = min(grid.height - 3, Keymap.helpLines.count + 2)
            helpBox = Rect(x: (grid.width - w) / 2, y: max(1, (grid.height - 2 - h) / 2), width: w, height: h)
        }
        func inside(_ r: Rect?, _ x: Int, _ y: Int) -> Bool { r.map { x >= $0.x && x < $0.maxX && y >= $0.y && y < $0.maxY } ?? false }
        let header = model.incident.map { " " + $0.title } ?? ""
        let core: [String] = inLanguage(.chinese) {
            KPIName.allCases.map(\.shortTitle) + (model.kpis(now: now)?.suggestions.map(\.sentence) ?? [])
                + Severity.allCases.map(\.label)
        }
        let coreWords = Set(
            core.flatMap {
                $0.split(whereSeparator: { !$0.isLetter && $0 != "." }).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".")) }
            })
        let playbooks = Set(shippedCatalog.playbooks.map(\.name))
        var found: [String] = []
        for y in 0..<grid.height {
            var line = ""
            for x in 0..<grid.width {
                let c = grid.cell(x, y)
                if c.continuation { continue }
                // The timeline's rows are event sentences (the Core's) and journal text.
                if inside(timeline, x, y) && !inside(helpBox, x, y) { line += " " } else { line += c.text }
            }
            if y == 0, !header.isEmpty, let r = line.range(of: String(header.prefix(12))) { line.removeSubrange(r.lowerBound...) }
            for w in line.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_" || $0 == "." || $0.isNumber)) }) {
                let word = String(w).trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
                // Numbers, times and durations (the Core's), and anything shorter than a word.
                guard word.filter(\.isLetter).count >= 2, !word.contains(where: \.isNumber) else { continue }
                if Self.allowedWords.contains(word) || coreWords.contains(word) || playbooks.contains(word) { continue }
                if journal.contains(word) || model.journalPath.contains(word) { continue }
                found.append(word)
            }
        }
        return found
    }

    @Test("no English word of the console's own is left on a Chinese screen")
    func noUntranslatedWords() {
        for f in SnapshotTests.fixtures {
            let (model, now) = fixtureModel(f)
            let journal = String(decoding: fixtureBytes(f.file), as: UTF8.self)
            var frames: [(String, ConsoleModel)] = [("", model)]
            var help = model
            help.interaction = .help
            frames.append(("help", help))
            for focus in Pane.allCases {
                var m = model
                m.focus = focus
                frames.append(("focus \(focus)", m))
            }
            for (name, m) in frames {
                for (w, h) in SnapshotTests.sizes {
                    let grid = inLanguage(.chinese) { render(m, now: now, width: w, height: h) }
                    let words = untranslated(grid, m, now: now, journal: journal)
                    #expect(words.isEmpty, "\(f.name) \(name) \(w)x\(h): \(words)\n\(grid.text())")
                }
            }
        }
        // The suggestion banner, and an empty journal.
        let lines = [
            declareLine(severity: 3, title: "Login failures", playbook: "website-crisis"),
            ev("counter.set", at: 60, ["name": "complaints", "value": .number(1204)]),
        ]
        let journal = lines.joined(separator: "\n")
        for (m, now) in [(makeModel(lines: lines), T0.addingTimeInterval(600)), (makeModel([], path: "warroom.jsonl"), T0)] {
            for (w, h) in SnapshotTests.sizes {
                let grid = inLanguage(.chinese) { render(m, now: now, width: w, height: h) }
                let words = untranslated(grid, m, now: now, journal: journal + " warroom.jsonl")
                #expect(words.isEmpty, "\(w)x\(h): \(words)\n\(grid.text())")
            }
        }
    }

    @Test("without UTF-8 the footer says how to get it and Chinese, whole at 80 columns too")
    func asciiNoticeSaysHowToGetChinese() {
        var (model, now) = fixtureModel(SnapshotTests.fixtures[0])
        model.asciiNotice = true
        for (w, h) in [(80, 24), (120, 40)] {
            let status = render(model, now: now, width: w, height: h, ascii: true).lines()[h - 1]
            #expect(status.contains("LANG=C.UTF-8"), "\(status)")
            #expect(status.contains("for Chinese also WARROOM_LANG=zh)"), "\(status)")
            #expect(status.hasSuffix("80 events"))
        }
        #expect(render(model, now: now, width: 120, height: 40, ascii: true).lines()[39].hasPrefix(" no UTF-8 locale: drawing in ASCII"))
    }

    @Test("a picker label cut short keeps a column before its detail (it ran into a wide detail)")
    func pickerLabelCutBeforeDetail() throws {
        let (base, now) = fixtureModel(SnapshotTests.fixtures[0])
        var model = base
        inLanguage(.chinese) { _ = model.handle(.char("i")) }
        let zh = zhFrame(model, now: now, 80, 24, named: "zh-picker-incident-80x24", panes: false)
        let row = try #require(zh.lines().first { $0.contains("INC-20261111-01 Payment") })
        #expect(row.contains("… 已恢复"), "\(row)")
        var english = base
        _ = english.handle(.char("i"))
        let en = try #require(render(english, now: now, width: 80, height: 24).lines().first { $0.contains("INC-20261111-01 Payment") })
        #expect(en.contains("… recovered"), "\(en)")
    }

    @Test("read-only, filtered, scrolled-up and detail views, and a tampered record, in Chinese at 80x24")
    func otherStates() {
        let (base, now) = fixtureModel(SnapshotTests.fixtures[0])
        var ro = base
        ro.readOnlyReason = inLanguage(.chinese) {
            tr("you may read {path} but not write it (check its group and mode)", ["path": "examples/payment-outage.jsonl"])
        }
        ro.live = .readOnly
        var grid = zhFrame(ro, now: now, 80, 24, named: "zh-read-only-80x24")
        #expect(grid.lines()[1].hasPrefix(" 只读：你可以读取 examples/payment-outage.jsonl"), "\(grid.lines()[1])")
        #expect(grid.lines()[0].hasSuffix("● 只读"))

        var filtered = base
        filtered.filter = "reconcil"
        grid = zhFrame(filtered, now: now, 80, 24, named: "zh-filter-80x24")
        #expect(grid.lines()[1].contains("时间线 [筛选：reconcil]"))

        var scrolled = base
        for _ in 0..<5 { _ = scrolled.handle(.up) }
        grid = zhFrame(scrolled, now: now, 80, 24, named: "zh-scrolled-80x24")
        #expect(grid.text().contains("已上翻5条 — End 跟随"))
        #expect(grid.lines()[0].hasSuffix("● 已上翻"))

        var detail = base
        _ = detail.handle(.enter)
        grid = zhFrame(detail, now: now, 80, 24, named: "zh-detail-80x24", panes: false)
        #expect(grid.text().contains("，第80行"), "\(grid.text())")

        // A tampered record: the alarm stays at 80 columns, in its short form.
        var tampered = base
        var chain = ChainStatus()
        chain.verified = 3
        chain.brokenAt = 7
        tampered.chain = chain
        grid = zhFrame(tampered, now: now, 80, 24, named: "zh-tampered-80x24")
        #expect(grid.lines()[0].contains("被篡改（第7行） · ● 跟随中"), "\(grid.lines()[0])")
        let wide = inLanguage(.chinese) { render(tampered, now: now, width: 200, height: 60) }
        #expect(wide.lines()[0].contains("日志被篡改（第7行） · ● 跟随中"), "\(wide.lines()[0])")
    }

    @Test("the smallest legible size, 60x18, in Chinese still shows all four panes")
    func minimumSize() {
        for f in SnapshotTests.fixtures {
            let (model, now) = fixtureModel(f)
            let grid = zhFrame(model, now: now, 60, 18, named: "zh-\(f.name)-60x18")
            #expect(grid.lines()[0].hasSuffix("● 跟随中"), "\(grid.lines()[0])")
        }
        let (model, now) = fixtureModel(SnapshotTests.fixtures[0])
        let small = inLanguage(.chinese) { render(model, now: now, width: 59, height: 17) }
        #expect(small.lines()[0] == "终端太小（至少需要 60×18）")
    }

    @Test("the note prompt in Chinese: the kind in Chinese, Tab steps it, the text typed is kept")
    func notePrompt() {
        var (model, now) = fixtureModel(SnapshotTests.fixtures[1])
        inLanguage(.chinese) {
            _ = model.handle(.char("n"))
            _ = model.handle(.tab)
            for ch in "回滚到上一版本 rollback v2" { _ = model.handle(.char(ch)) }
        }
        let grid = zhFrame(model, now: now, 80, 24, named: "zh-prompt-80x24")
        let hints = grid.lines()[22]
        #expect(hints.hasPrefix("决定：回滚到上一版本 rollback v2"), "\(hints)")
        #expect(hints.hasSuffix(" Tab 切换类型"))
    }
}
