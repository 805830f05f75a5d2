import Testing
import WarRoomCore

@testable import WarRoomUI

/// The text input widget (Widgets/TextPrompt.swift): its editing keys on their own,
/// without a console around it.
@Suite("Text prompt")
struct TextPromptTests {
    func prompt(_ text: String = "") -> TextPrompt { TextPrompt(label: "note:", purpose: .note(.observation), text: text) }

    func typed(_ p: inout TextPrompt, _ s: String) { for c in s { p.edit(.char(c)) } }

    @Test("the cursor starts after the given text, and typing inserts at the cursor")
    func typingInsertsAtTheCursor() {
        var p = prompt("ac")
        #expect(p.cursor == 2)
        p.edit(.left)
        p.edit(.char("b"))
        #expect(p.string == "abc")
        #expect(p.cursor == 2)
    }

    @Test("Chinese and other multi-byte input is edited a character at a time")
    func chineseInput() {
        var p = prompt()
        typed(&p, "支付恢复👍🏽")
        #expect(p.string == "支付恢复👍🏽")
        #expect(p.cursor == 5)
        p.edit(.backspace)
        #expect(p.string == "支付恢复")
        p.edit(.home)
        p.edit(.delete)
        #expect(p.string == "付恢复")
        p.edit(.right)
        p.edit(.char("款"))
        #expect(p.string == "付款恢复")
        #expect(p.cursor == 2)
    }

    @Test("Home End and Ctrl-A Ctrl-E jump; ← → stop at the ends")
    func movement() {
        var p = prompt("abc")
        p.edit(.right)
        #expect(p.cursor == 3)
        p.edit(.ctrl("a"))
        #expect(p.cursor == 0)
        p.edit(.left)
        p.edit(.ctrl("b"))
        #expect(p.cursor == 0)
        p.edit(.end)
        #expect(p.cursor == 3)
        p.edit(.home)
        p.edit(.ctrl("f"))
        p.edit(.ctrl("e"))
        #expect(p.cursor == 3)
    }

    @Test("Backspace at the start and Delete at the end change nothing")
    func deletingAtTheEnds() {
        var p = prompt("ab")
        p.edit(.delete)
        p.edit(.ctrl("d"))
        #expect(p.string == "ab")
        p.edit(.home)
        p.edit(.backspace)
        #expect(p.string == "ab")
        #expect(p.cursor == 0)
    }

    @Test("Ctrl-U clears before the cursor, Ctrl-K after it")
    func killing() {
        var p = prompt("hello world")
        for _ in 0..<5 { p.edit(.left) }
        p.edit(.ctrl("k"))
        #expect(p.string == "hello ")
        #expect(p.cursor == 6)
        p.edit(.left)
        p.edit(.ctrl("u"))
        #expect(p.string == " ")
        #expect(p.cursor == 0)
    }

    @Test("Enter, Esc and Tab are left to the console")
    func keysItDoesNotTake() {
        var p = prompt("x")
        for key in [Key.enter, .escape, .tab, .backTab, .up, .down] {
            let took = p.edit(key)
            #expect(!took, "\(key)")
        }
        #expect(p.string == "x")
        let tookChar = p.edit(.char("y"))
        #expect(tookChar)
    }

    @Test("drawn on the hint line: the label, then the text with the cursor after what is typed")
    func drawing() {
        var p = prompt("电话")
        p.edit(.left)
        let grid = TextGrid(width: 40, height: 1)
        let cursor = PromptLine(prompt: p).draw(grid, Rect(x: 0, y: 0, width: 40, height: 1))
        #expect(grid.lines()[0].hasPrefix("note: 电话"))
        // "note: " is 6 columns, 电 is 2.
        #expect(cursor.x == 8)
        #expect(cursor.y == 0)
    }

    @Test("long input shows its tail so the cursor stays in view")
    func longInputScrolls() {
        var p = prompt()
        typed(&p, String(repeating: "a", count: 60) + "END")
        let grid = TextGrid(width: 40, height: 1)
        let cursor = PromptLine(prompt: p).draw(grid, Rect(x: 0, y: 0, width: 40, height: 1))
        #expect(grid.lines()[0].contains("aEND"))
        #expect(cursor.x < 40)
    }
}
