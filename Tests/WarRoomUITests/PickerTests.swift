import Testing
import WarRoomCore

@testable import WarRoomUI

/// The picker widget (Widgets/Picker.swift): narrowing, selection and digits on
/// their own, without a console around it.
@Suite("Picker")
struct PickerTests {
    static let people = [
        PickerOption(label: "wang.fang", value: "wang.fang", detail: "王芳"),
        PickerOption(label: "zhang.wei", value: "zhang.wei", detail: "张伟"),
        PickerOption(label: "李娜", value: "li.na"),
    ]

    func picker(freeText: Bool = false, awaits: Bool = false) -> Picker {
        var p = Picker(title: "pick", options: Self.people, purpose: .role)
        p.allowsFreeText = freeText
        p.awaitsChoice = awaits
        return p
    }

    @Test("typing narrows by label or value, case-insensitively, Chinese included; Backspace and Ctrl-U widen again")
    func narrowing() {
        var p = picker()
        p.edit(.char("Z"))
        p.edit(.char("h"))
        #expect(p.visible.map(\.value) == ["zhang.wei"])
        p.edit(.backspace)
        p.edit(.backspace)
        p.edit(.char("N"))
        p.edit(.char("g"))
        #expect(p.visible.map(\.value) == ["wang.fang", "zhang.wei"])
        p.edit(.ctrl("u"))
        #expect(p.visible.count == 3)
        p.edit(.char("李"))
        #expect(p.visible.map(\.value) == ["li.na"])
        p.edit(.ctrl("u"))
        p.edit(.char("l"))
        p.edit(.char("i"))
        p.edit(.char("."))
        #expect(p.visible.map(\.value) == ["li.na"])
    }

    @Test("↑↓ move the selection within the shown options; typing selects the first again")
    func selection() {
        var p = picker()
        #expect(p.selection == 0)
        p.edit(.up)
        #expect(p.selection == 0)
        for _ in 0..<5 { p.edit(.down) }
        #expect(p.selection == 2)
        p.edit(.char("w"))
        #expect(p.selection == 0)
        #expect(p.visible.count == 2)
    }

    @Test("nothing typed matches: nothing is selected")
    func noMatch() {
        var p = picker()
        p.edit(.char("x"))
        p.edit(.char("y"))
        #expect(p.visible.isEmpty)
        #expect(p.selection == nil)
    }

    @Test("awaiting a choice: nothing selected until ↓ picks the first or ↑ the last, or typing leaves one")
    func awaitingAChoice() {
        var p = picker(awaits: true)
        #expect(p.selection == nil)
        var down = p
        down.edit(.down)
        #expect(down.selection == 0)
        var up = p
        up.edit(.up)
        #expect(up.selection == 2)
        p.edit(.char("w"))
        #expect(p.selection == nil)
        p.edit(.char("a"))
        #expect(p.visible.count == 1)
        #expect(p.selection == 0)
    }

    @Test("a digit picks the n-th shown option, unless something was typed or free text is allowed")
    func digits() {
        var p = picker()
        #expect(p.digitPick("2") == "zhang.wei")
        #expect(p.digitPick("4") == nil)
        #expect(p.digitPick("0") == nil)
        #expect(p.digitPick("a") == nil)
        p.edit(.char("w"))
        #expect(p.digitPick("1") == nil)
        #expect(picker(freeText: true).digitPick("1") == nil)
    }

    @Test("Enter and Esc are left to the console")
    func keysItDoesNotTake() {
        var p = picker()
        let tookEnter = p.edit(.enter)
        let tookEscape = p.edit(.escape)
        #expect(!tookEnter)
        #expect(!tookEscape)
        #expect(p.typed.isEmpty)
    }

    @Test("drawn: the typed text, numbered options with their details, the selection marked")
    func drawing() {
        var p = picker()
        p.edit(.down)
        let grid = TextGrid(width: 70, height: 12)
        PickerOverlay(picker: p, glyphs: .unicode).draw(grid, above: 11)
        let lines = grid.lines()
        #expect(lines.contains { $0.contains("1 wang.fang") && $0.contains("王芳") })
        #expect(lines.contains { $0.contains("3 李娜") })
        let row = lines.firstIndex { $0.contains("2 zhang.wei") } ?? -1
        #expect(row >= 0)
        #expect(grid.cell(6, row).style == Styles.selection)
        #expect(lines.contains { $0.contains("› ") })
    }

    @Test("drawn with nothing matching: says so, or that Enter takes the typed name")
    func drawingNoMatch() {
        var p = picker()
        p.edit(.char("q"))
        var grid = TextGrid(width: 70, height: 12)
        PickerOverlay(picker: p, glyphs: .unicode).draw(grid, above: 11)
        #expect(grid.lines().contains { $0.contains("nothing matches") })
        var free = picker(freeText: true)
        free.edit(.char("q"))
        grid = TextGrid(width: 70, height: 12)
        PickerOverlay(picker: free, glyphs: .unicode).draw(grid, above: 11)
        #expect(grid.lines().contains { $0.contains("Enter uses the typed name") })
    }
}
