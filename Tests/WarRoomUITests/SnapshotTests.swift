import Foundation
import Testing
import WarRoomCore
@testable import WarRoomUI

/// Whole-screen frames through the text backend, compared with golden files
/// in Snapshots/ (UPDATE_SNAPSHOTS=1 rewrites them).
@Suite("Snapshots")
struct SnapshotTests {
    static let sizes: [(Int, Int)] = [(80, 24), (120, 40), (200, 60)]

    struct Fixture: Sendable, CustomTestStringConvertible {
        var file: String
        var name: String
        var testDescription: String { name }
    }

    static let fixtures = [
        Fixture(file: "payment-outage.jsonl", name: "payment-outage"),
        Fixture(file: "drill-zh.jsonl", name: "drill-zh"),
    ]

    func fixtureModel(_ f: Fixture) -> (ConsoleModel, Date) {
        let bytes = fixtureBytes(f.file)
        return (makeModel(bytes, path: "examples/\(f.file)"), fixedNow(bytes))
    }

    @Test("fixture journals at 80x24, 120x40 and 200x60", arguments: fixtures)
    func fixtureFrames(_ f: Fixture) {
        let (model, now) = fixtureModel(f)
        #expect(model.state.badLines.isEmpty)
        #expect(model.incident != nil)
        for (w, h) in Self.sizes {
            let grid = render(model, now: now, width: w, height: h)
            let label = "\(f.name)-\(w)x\(h)"
            checkFrameInvariants(grid, label)
            checkPanes(grid, model, now: now, label: label)
            assertSnapshot(grid, named: label)
            let text = grid.text()
            #expect(text.contains(model.incident!.id), "\(label): header names the incident")
            #expect(text.contains("● following"), "\(label): live status in the header")
            #expect(text.contains("\(model.state.eventsApplied) events"), "\(label): journal health in the footer")
            #expect(!text.contains("terminal too small"))
        }
    }

    @Test("every pane focused in turn at 120x40 marks only that pane", arguments: Pane.allCases)
    func focusedPane(_ pane: Pane) {
        let (base, now) = fixtureModel(Self.fixtures[0])
        var model = base
        model.focus = pane
        let grid = render(model, now: now, width: 120, height: 40)
        checkFrameInvariants(grid, "focus-\(pane.title)")
        checkPanes(grid, model, now: now, label: "focus-\(pane.title)")
        if pane == .checklist {
            // The selected item is drawn in the selection style.
            let selected = (0..<grid.height).flatMap { y in (0..<grid.width).map { grid.cell($0, y) } }
                .filter { $0.style == Styles.selection }
            #expect(!selected.isEmpty)
            assertSnapshot(grid, named: "payment-outage-120x40-checklist-focus")
        }
    }

    @Test("the smallest legible size, 60x18, still shows all four panes")
    func minimumSize() {
        for f in Self.fixtures {
            let (model, now) = fixtureModel(f)
            let grid = render(model, now: now, width: 60, height: 18)
            checkFrameInvariants(grid, "\(f.name)-60x18")
            checkPanes(grid, model, now: now, label: "\(f.name)-60x18")
            assertSnapshot(grid, named: "\(f.name)-60x18")
        }
    }

    @Test("below 60x18 the console says the terminal is too small")
    func tooSmall() {
        let (model, now) = fixtureModel(Self.fixtures[0])
        let grid = render(model, now: now, width: 59, height: 17)
        checkFrameInvariants(grid, "too-small")
        assertSnapshot(grid, named: "too-small-59x17")
        #expect(grid.lines()[0] == "terminal too small (need 60×18)")
        #expect(grid.lines().dropFirst().allSatisfy { $0.isEmpty })
        // Either dimension alone is enough to refuse.
        #expect(render(model, now: now, width: 59, height: 40).lines()[0].hasPrefix("terminal too small"))
        #expect(render(model, now: now, width: 200, height: 17).lines()[0].hasPrefix("terminal too small"))
        #expect(render(model, now: now, width: 59, height: 17, ascii: true).lines()[0] == "terminal too small (need 60x18)")
    }

    @Test("an empty journal shows No active incident")
    func emptyJournal() {
        let model = makeModel([], path: "warroom.jsonl")
        let now = T0
        for (w, h) in [(80, 24), (120, 40)] {
            let grid = render(model, now: now, width: w, height: h)
            let label = "empty-\(w)x\(h)"
            checkFrameInvariants(grid, label)
            checkPanes(grid, model, now: now, label: label)
            assertSnapshot(grid, named: label)
            let text = grid.text()
            #expect(text.contains("No active incident."))
            #expect(text.contains("Press D to declare one."))
            #expect(text.contains("no active incident"))
            #expect(text.contains("0 events"))
        }
    }

    @Test("the help overlay")
    func helpOverlay() {
        var (model, now) = fixtureModel(Self.fixtures[0])
        model.interaction = .help
        for (w, h) in [(80, 24), (120, 40)] {
            let grid = render(model, now: now, width: w, height: h)
            let label = "help-\(w)x\(h)"
            checkFrameInvariants(grid, label)
            assertSnapshot(grid, named: label)
            let text = grid.text()
            #expect(text.contains(" Keys "))
            for line in [
                "add a note (Tab in the prompt changes its kind)", "tick / untick the selected checklist item", "repaint the screen",
            ] {
                #expect(text.contains(line), "\(label): help lists \"\(line)\"")
            }
            // Every size from 80x24 up shows all of it, each row whole ("Esc cance…" was cut), above the footer's hint.
            for line in Keymap.helpLines { #expect(text.contains(line.text), "\(label): \(line.text) whole") }
            #expect(text.contains("any key closes"))
            #expect(text.contains("repaint the screen; quit"))
            #expect(text.contains("In prompts"))
        }
    }

    @Test("pickers: the phase picker and a member picker with Chinese names")
    func pickers() {
        var (model, now) = fixtureModel(Self.fixtures[0])
        _ = model.handle(.char("p"))
        var grid = render(model, now: now, width: 80, height: 24)
        checkFrameInvariants(grid, "picker-phase")
        assertSnapshot(grid, named: "picker-phase-80x24")
        var text = grid.text()
        #expect(text.contains("Phase (now recovered)"))
        for (i, k) in Phase.allCases.enumerated() { #expect(text.contains("\(i + 1) \(k.rawValue)")) }
        #expect(text.contains("↑↓ or 1-9 choose"))

        var (zh, zhNow) = fixtureModel(Self.fixtures[1])
        _ = zh.handle(.char("a"))
        _ = zh.handle(.char("1"))  // commander
        guard case .picker(let p) = zh.interaction, case .member("commander") = p.purpose else {
            Issue.record("expected the member picker, got \(zh.interaction)")
            return
        }
        grid = render(zh, now: zhNow, width: 120, height: 40)
        checkFrameInvariants(grid, "picker-member-zh")
        assertSnapshot(grid, named: "picker-member-zh-120x40")
        text = grid.text()
        #expect(text.contains("commander (held by"))
        #expect(text.contains("): pick or type a member"))
        #expect(text.contains("王芳"))
        #expect(text.contains("type a name"))
    }

    @Test("a prompt with Chinese text typed and the cursor inside it")
    func promptWithChinese() {
        var (model, now) = fixtureModel(Self.fixtures[1])
        _ = model.handle(.char("n"))
        _ = model.handle(.tab)
        for ch in "回滚到上一版本 rollback v2" { _ = model.handle(.char(ch)) }
        for _ in 0..<2 { _ = model.handle(.left) }
        let grid = TextGrid(width: 80, height: 24)
        let cursor = ConsoleView(model: model, now: now, glyphs: .unicode).draw(on: grid)
        checkFrameInvariants(grid, "prompt-zh")
        checkPanes(grid, model, now: now, label: "prompt-zh")
        assertSnapshot(grid, named: "prompt-zh-80x24")
        let hints = grid.lines()[22]
        #expect(hints.hasPrefix("decision: 回滚到上一版本 rollback v2"))
        #expect(hints.hasSuffix(" Tab changes kind"))
        // The cursor sits before "v2": label (10) + 7 wide chars (14) + " rollback " (10) = column 34.
        #expect(cursor?.y == 22)
        #expect(cursor?.x == 34)
        #expect(grid.cell(34, 22).text == "v")
    }

    @Test("ASCII mode draws only ASCII")
    func asciiMode() {
        for f in Self.fixtures {
            let (model, now) = fixtureModel(f)
            for (w, h) in [(80, 24), (120, 40)] {
                let grid = render(model, now: now, width: w, height: h, ascii: true)
                let label = "\(f.name)-ascii-\(w)x\(h)"
                checkFrameInvariants(grid, label)
                checkPanes(grid, model, now: now, ascii: true, label: label)
                assertSnapshot(grid, named: label)
                let text = grid.text()
                let nonASCII = text.unicodeScalars.filter { $0.value > 0x7E || ($0.value < 0x20 && $0 != "\n") }
                #expect(nonASCII.isEmpty, "\(label): non-ASCII scalars \(nonASCII.prefix(5).map { String($0.value, radix: 16) })")
                #expect(text.contains("* following"))
                #expect(text.contains("#=>> Timeline ="))
            }
        }
    }

    @Test("read-only banner, filtered timeline, scrolled-up timeline and the detail view")
    func otherStates() {
        let (base, now) = fixtureModel(Self.fixtures[0])

        var ro = base
        ro.readOnlyReason = "you may read examples/payment-outage.jsonl but not write it"
        ro.live = .readOnly
        var grid = render(ro, now: now, width: 120, height: 40)
        checkFrameInvariants(grid, "read-only")
        checkPanes(grid, ro, now: now, label: "read-only")
        assertSnapshot(grid, named: "read-only-120x40")
        #expect(grid.lines()[1].hasPrefix(" READ-ONLY: you may read"))
        #expect(grid.lines()[0].hasSuffix("● read-only"))

        var filtered = base
        filtered.filter = "reconcil"
        grid = render(filtered, now: now, width: 120, height: 40)
        checkFrameInvariants(grid, "filter")
        assertSnapshot(grid, named: "filter-120x40")
        #expect(grid.lines()[1].contains("Timeline [filter: reconcil]"))

        var scrolled = base
        for _ in 0..<5 { _ = scrolled.handle(.up) }
        grid = render(scrolled, now: now, width: 80, height: 24)
        checkFrameInvariants(grid, "scrolled")
        assertSnapshot(grid, named: "scrolled-80x24")
        #expect(grid.text().contains("scrolled up 5 — End to follow"))

        var detail = base
        _ = detail.handle(.enter)
        guard case .detail = detail.interaction else {
            Issue.record("Enter on the timeline opens the detail view")
            return
        }
        grid = render(detail, now: now, width: 120, height: 40)
        checkFrameInvariants(grid, "detail")
        assertSnapshot(grid, named: "detail-120x40")
        #expect(grid.text().contains("Handover to the evening shift"))
    }

    @Test("a severity suggestion shows a banner under the header")
    func suggestionBanner() {
        let lines = [
            declareLine(severity: 3, title: "Login failures", playbook: "website-crisis"),
            ev("counter.set", at: 60, ["name": "complaints", "value": .number(1204)]),
        ]
        let model = makeModel(lines: lines)
        let now = T0.addingTimeInterval(600)
        let grid = render(model, now: now, width: 80, height: 24)
        checkFrameInvariants(grid, "suggestion")
        checkPanes(grid, model, now: now, label: "suggestion")
        assertSnapshot(grid, named: "suggestion-80x24")
        #expect(grid.lines()[1].contains("⚠ complaints 1,204 > 1,000: criteria for L2 met — press s to raise"))
    }

    @Test("rendering is deterministic: the same model and clock give the same frame")
    func deterministic() {
        let (model, now) = fixtureModel(Self.fixtures[1])
        let a = render(model, now: now, width: 120, height: 40).text()
        let b = render(model, now: now, width: 120, height: 40).text()
        #expect(a == b)
    }

    @Test("the snapshot diff names the first differing line")
    func diffMessage() {
        let d = snapshotDiff(name: "x", expected: "a\nb\nc\n", actual: "a\nB\nc\n")
        #expect(d.contains("line 2"))
        #expect(d.contains("expected: |b|"))
        #expect(d.contains("actual:   |B|"))
    }
}

extension SnapshotTests {
    /// Issue 12, findings 5 and 6: the declarer dropped off the roster once others joined,
    /// presence was a bare dot, and the on-call roster showed nowhere.
    static let rosterLines = [
        ev("member.joined", nil, at: -600, actor: "erin", ["member": "erin", "name": "Erin Wu", "team": "DBA", "contact": "+86 138 0000"]),
        ev("member.joined", nil, at: -500, actor: "frank", ["member": "frank", "team": "SRE", "contact": "IM @frank"]),
        ev("member.status", nil, at: -400, actor: "erin", ["member": "erin", "status": "offline"]),
        declareLine(severity: 2, title: "Payment outage", at: 0, actor: "dana", playbook: "website-crisis"),
        ev("member.joined", at: 60, actor: "bob", ["member": "bob"]),
        ev("member.joined", at: 70, actor: "chen", ["member": "chen"]),
        ev("member.status", nil, at: 80, actor: "dana", ["member": "dana", "status": "engaged", "console": "c1", "host": "h", "pid": 1]),
        ev("member.status", nil, at: 90, actor: "bob", ["member": "bob", "status": "away"]),
        ev("member.status", nil, at: 100, actor: "chen", ["member": "chen", "status": "offline"]),
    ]

    @Test("the roster: the declarer first, presence as a symbol and a word with the time last seen, then who is on call")
    func rosterPresenceAndOnCall() throws {
        var model = makeModel(lines: Self.rosterLines)
        model.focus = .roster
        let now = T0.addingTimeInterval(400)
        for (w, h, ascii) in [(120, 40, false), (80, 24, false), (80, 24, true)] {
            // Scrolled to the end of the roster, as ↓ on the focused pane does.
            var m = model
            for _ in 0..<20 { _ = m.handle(.down) }
            let grid = render(m, now: now, width: w, height: h, ascii: ascii)
            let label = "roster-\(ascii ? "ascii-" : "")\(w)x\(h)"
            checkFrameInvariants(grid, label)
            assertSnapshot(grid, named: label)
            let text = grid.text()
            let wide = w >= 120
            let marks = ascii ? ["*", "~", "-", "+"] : ["●", "◐", "○", "◉"]
            #expect(text.contains("\(marks[0]) dana"), "\(label): the declarer, engaged:\n\(text)")
            #expect(text.contains("\(marks[1]) bob"), "\(label)")
            #expect(text.contains("\(marks[2]) chen"), "\(label)")
            #expect(text.contains("\(marks[3]) frank"), "\(label): on call, available")
            #expect(text.contains("On call"), "\(label)")
            #expect(text.contains(wide ? "1/2 reachable" : "On call    1/2"), "\(label)")
            if wide {
                #expect(text.contains("engaged · seen 5m 20s ago"), "\(label):\n\(text)")
                #expect(text.contains("away · seen 5m 10s ago"), "\(label)")
                #expect(text.contains("available · SRE · IM @frank"), "\(label)")
                #expect(text.contains("offline · DBA · +86 138 0000"), "\(label)")
            } else {
                #expect(text.contains("eng 5m"), "\(label):\n\(text)")
                #expect(text.contains("off"), "\(label)")
            }
        }
        // The declarer stays on the roster once others joined (it used to list only those who joined).
        let top = render(model, now: now, width: 120, height: 40).text()
        let order = ["dana", "bob", "chen"].compactMap { top.range(of: " \($0) ")?.lowerBound }
        #expect(order.count == 3 && order == order.sorted(), "\(top)")
    }
}

extension SnapshotTests {
    /// Issue 12, finding 10: D never asked for the playbook.
    @Test("the declare flow's playbook picker: the suggested one first, the severity's default marked")
    func declarePlaybookPicker() throws {
        var model = makeModel([])
        for k in [Key.char("D"), .char("2")] { _ = model.handle(k) }
        for c in "Customer data leak" { _ = model.handle(.char(c)) }
        _ = model.handle(.enter)
        let grid = render(model, now: T0, width: 80, height: 24)
        checkFrameInvariants(grid, "picker-declare-playbook-80x24")
        assertSnapshot(grid, named: "picker-declare-playbook-80x24")
        let text = grid.text()
        #expect(text.contains("Declare L2: playbook"))
        let lines = grid.lines()
        let first = try #require(lines.firstIndex { $0.contains("1 data-breach") })
        #expect(lines[first].contains("suggested"))
        #expect(lines.contains { $0.contains("website-crisis") && $0.contains("default for L2") })
        #expect(lines.contains { $0.contains("no playbook") })
    }
}
