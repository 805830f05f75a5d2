import Foundation
import Testing
import WarRoomCore

@testable import WarRoomUI

/// The README's key table: the key column's keys, each as the keymap names it.
func readmeKeys() throws -> [String] {
    let readme = try readmeText()
    guard let heading = readme.range(of: "Keys (`?` shows them in the console)") else {
        throw UITestError("README.md has no \"Keys (`?` shows them in the console)\" table")
    }
    var keys: [String] = []
    var inTable = false
    for line in readme[heading.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
        guard line.hasPrefix("|") else {
            if inTable { break }
            continue
        }
        inTable = true
        let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard cells.count > 2, cells[1] != "key", !cells[1].hasPrefix("---") else { continue }
        // "Tab / Shift-Tab", "↑ ↓, j k, PgUp PgDn, g G", "/": alternatives are set apart by " / " and ", ".
        let cell = cells[1] == "/" ? "/" : cells[1].replacingOccurrences(of: " / ", with: " ").replacingOccurrences(of: ", ", with: " ")
        keys += cell.split(separator: " ").map(String.init)
    }
    return keys
}

/// The one keymap (Keymap.swift): it drives the main keys, the `?` overlay and the
/// footer hints, and it matches the README.
@Suite("Keymap")
struct KeymapTests {
    @Test("the README's key table names exactly the keymap's keys: a key added or removed on one side only fails")
    func readmeMatches() throws {
        let readme = try readmeKeys()
        let keymap = Keymap.bindings.flatMap(\.keys).map(Keymap.name)
        #expect(readme.count == Set(readme).count, "a key is in the README table twice: \(readme)")
        let missing = Set(keymap).subtracting(readme).sorted()
        let extra = Set(readme).subtracting(keymap).sorted()
        #expect(missing.isEmpty, "keys bound but not in README.md's key table: \(missing)")
        #expect(extra.isEmpty, "keys in README.md's key table that the keymap does not bind: \(extra)")
    }

    @Test("no key is bound twice")
    func noKeyBoundTwice() {
        let keys = Keymap.bindings.flatMap { $0.keys + $0.quietKeys }.map(Keymap.name)
        #expect(keys.count == Set(keys).count, "\(keys)")
    }

    @Test("every action has a key, and every key the keymap binds does what the keymap says")
    func dispatch() {
        for b in Keymap.bindings {
            for key in b.keys + b.quietKeys { #expect(Keymap.action(for: key) == b.action, "\(key)") }
        }
        #expect(Keymap.action(for: .char("x")) == nil)
        #expect(Keymap.action(for: .function(5)) == nil)
    }

    @Test("the keys the keymap binds drive the console: ? opens help, Tab moves focus, / opens the filter")
    func keysDriveTheModel() {
        var m = makeModel(lines: [declareLine(playbook: "website-crisis"), noteLine("one")])
        _ = m.handle(.char("?"))
        #expect(m.interaction == .help)
        _ = m.handle(.char("x"))
        _ = m.handle(.tab)
        #expect(m.focus == .roster)
        _ = m.handle(.backTab)
        #expect(m.focus == .timeline)
        _ = m.handle(.char("/"))
        guard case .prompt(let p) = m.interaction, case .filter = p.purpose else {
            Issue.record("/ did not open the filter: \(m.interaction)")
            return
        }
        #expect(m.handle(.escape).isEmpty)
        #expect(m.handle(.char("q")) == [.quit])
        #expect(m.handle(.ctrl("l")) == [.repaint])
    }

    @Test("the ? overlay lists the keymap's rows, ? itself aside")
    func helpLines() {
        let lines = Keymap.helpLines
        // ? itself aside, and the drill row's facilitator's and evaluators' version (one or the other shows).
        #expect(lines.count == Keymap.entries.count - 2)
        #expect(Keymap.helpLines(drillStaff: true).count == lines.count)
        #expect(!lines.contains { $0.keys == "?" })
        #expect(lines.first?.keys == "Tab  Shift-Tab")
        let grid = TextGrid(width: 80, height: 30)
        HelpOverlay(lines: lines, glyphs: .unicode).draw(grid)
        let text = grid.text()
        // The box is at most 74 wide: 54 columns for the text.
        for line in lines { #expect(text.contains(String(line.text.prefix(50))), "\(line.text)") }
    }

    @Test("a short terminal cuts the help with a count of what a taller one shows")
    func helpCut() {
        let grid = TextGrid(width: 80, height: 12)
        HelpOverlay(lines: Keymap.helpLines, glyphs: .unicode).draw(grid)
        let shown = 12 - 3 - 2 - 1
        #expect(grid.text().contains("a taller terminal shows \(Keymap.helpLines.count - shown) more"))
    }

    @Test("the footer hints: the focused pane's keys first, a running drill's next, then the rest")
    func hints() {
        var m = makeModel(lines: [declareLine(playbook: "website-crisis")])
        let common = "n note · s severity · p phase · c comms · # counter · a assign · D declare · i incident · ? help · q quit"
        #expect(Keymap.hints(m) == "Tab pane · ↑↓ scroll · / filter · Enter detail · T replay · " + common)
        m.focus = .roster
        #expect(Keymap.hints(m) == "Tab pane · ↑↓ scroll · a assign · m presence · " + common)
        m.focus = .checklist
        #expect(Keymap.hints(m) == "Tab pane · ↑↓ select · space tick/untick · " + common)
        m.focus = .kpis
        #expect(Keymap.hints(m) == "Tab pane · ↑↓ scroll · # counter · " + common)
        m.interaction = .help
        #expect(Keymap.hints(m) == "any key closes")
    }

    @Test("every hint the footer shows names a key that is bound")
    func hintsNameBoundKeys() {
        let actions = Keymap.paneHints.values.flatMap { $0 } + Keymap.drillHints + Keymap.commonHints
        for a in actions {
            #expect(Keymap.bindings.contains { $0.action == a && $0.hint != nil }, "\(a)")
        }
    }
}
