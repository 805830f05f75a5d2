import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// A journal written by someone hostile: every text field carries escape
/// sequences, controls and bidi overrides, and one line is not UTF-8.
enum HostileJournal {
    static let injectedTitle = "PWNED-TITLE"
    static let payloads: [String] = [
        "\u{1B}[2J",  // erase display
        "\u{1B}]0;\(injectedTitle)\u{07}",  // set window title
        "\u{1B}]52;c;ZXZpbA==\u{07}",  // write the clipboard
        "\u{1B}[10;10H",  // cursor move
        "\r", "\u{08}",  // carriage return, backspace
        "\u{9B}31m",  // C1 CSI
        "\u{202E}", "\u{2066}",  // right-to-left override, left-to-right isolate
        "\u{7F}",  // DEL
    ]
    static let all = payloads.joined()

    /// The good lines, then a line with raw invalid UTF-8, then one more good line.
    static func bytes() -> [UInt8] {
        var lines = [
            ev(
                "incident.declared", at: 0, actor: "mallory\u{1B}[31m",
                [
                    "title": .string("Outage \(all) title"), "severity": .number(2), "playbook": "website-crisis",
                ])
        ]
        for (i, p) in payloads.enumerated() {
            lines.append(ev("note", at: Double(10 + i), actor: "m\(p)x", ["text": .string("note \(i) [\(p)] end")]))
        }
        lines += [
            ev(
                "comms.published", at: 30, actor: "bob",
                [
                    "audience": "external", "text": .string("comms \(all) end"), "channel": .string("we\u{1B}ibo"),
                ]),
            ev("member.joined", at: 31, ["member": .string("eve\(all)"), "name": .string("Eve \(all)")]),
            ev("role.assigned", at: 32, ["role": "commander", "member": .string("eve\(all)")]),
            ev("role.assigned", at: 33, ["role": .string("r\(all)"), "member": "bob"]),
            ev("counter.set", at: 34, ["name": .string("c\(all)"), "value": .number(5), "unit": .string("u\(all)")]),
            ev("checklist.added", at: 35, ["item": .string("x\(all)"), "text": .string("t\(all)")]),
            ev("checklist.done", at: 36, ["item": .string("x\(all)")]),
            ev("incident.phase", at: 37, ["phase": "verified", "note": .string("n\(all)")]),
            ev("x.custom\u{1B}[2J", at: 38, ["k": .string("v\(all)")]),
        ]
        var out = journalBytes(lines)
        out += Array(#"{"v":1,"ts":"2026-11-22T08:00:40Z","type":"note","actor":"x","incident":"INC-1","data":{"text":"bad "#.utf8)
        out += [0xFF, 0xFE, 0xC3, 0x28, 0xED, 0xA0, 0x80]  // stray bytes, a cut sequence, an encoded surrogate
        out += Array(#""}}"#.utf8) + [0x0A]
        out += journalBytes([noteLine("after the bad line", at: 41)])
        return out
    }

    static let now = T0.addingTimeInterval(30 * 60)
}

@Suite("Hostile journal text")
struct HostileTextTests {
    func model() -> ConsoleModel { makeModel(HostileJournal.bytes(), path: "hostile.jsonl") }

    @Test("the journal reads with exactly one bad line, the invalid UTF-8 one")
    func reads() {
        let m = model()
        #expect(m.state.badLines.count == 1)
        #expect(m.state.badLines.first?.line == 21)
        #expect(m.state.badLines.first?.reason.contains("UTF-8") == true)
        #expect(m.incident?.timeline.last?.event.string("text") == "after the bad line")
    }

    @Test("every pane and overlay at 120x40 draws the text inert")
    func inertFrames() {
        var m = model()
        var frames: [(String, ConsoleModel)] = []
        for pane in Pane.allCases {
            m.focus = pane
            frames.append(("focus-\(pane.title)", m))
        }
        m.focus = .timeline
        for k in 0..<6 {
            var d = m
            for _ in 0..<k { _ = d.handle(.up) }
            _ = d.handle(.enter)
            frames.append(("detail-\(k)", d))
        }
        var picker = m
        _ = picker.handle(.char("i"))
        frames.append(("incident picker", picker))
        var member = m
        _ = member.handle(.char("a"))
        _ = member.handle(.char("1"))
        frames.append(("member picker", member))
        var filtered = m
        filtered.filter = "\u{1B}[2J"
        frames.append(("filter", filtered))

        for (label, fm) in frames {
            for ascii in [false, true] {
                let grid = render(fm, now: HostileJournal.now, width: 120, height: 40, ascii: ascii)
                checkFrameInvariants(grid, label + (ascii ? " ascii" : ""))
                let text = grid.text()
                #expect(text.contains(ascii ? "^[" : "␛"), "\(label): the escape is shown as a visible glyph")
                if ascii {
                    #expect(text.unicodeScalars.allSatisfy { $0.value < 0x7F }, "\(label): ASCII frame")
                }
            }
        }
    }

    @Test("the main frame shows each payload as glyphs and the footer counts the bad line")
    func mainFrame() {
        let m = model()
        let grid = render(m, now: HostileJournal.now, width: 120, height: 40)
        checkFrameInvariants(grid, "hostile")
        checkPanes(grid, m, now: HostileJournal.now, label: "hostile")
        let text = grid.text()
        for glyph in [
            "␛[2J", "␛]0;PWNED-TITLE␇", "␛]52;c;ZXZpbA==␇", "␛[10;10H", "[␍]", "[␈]", "⟨U+009B⟩31m", "⟨U+202E⟩", "⟨U+2066⟩", "[␡]",
        ] {
            #expect(text.contains(glyph), "frame shows \(glyph)")
        }
        let footer = grid.lines()[39]
        #expect(footer.contains("1 bad line skipped"))
        #expect(footer.contains("1 unknown"))
        // The health part of the footer is drawn as an error.
        if let r = footer.range(of: "1 bad line") {
            let col = DisplayWidth.of(String(footer[..<r.lowerBound]))
            #expect(grid.cell(col, 39).style == Styles.footerError)
        }
        assertSnapshot(grid, named: "hostile-120x40")
    }

    @Test("control and bidi characters typed into a prompt are drawn inert, cursor included")
    func promptInput() {
        var m = model()
        _ = m.handle(.char("n"))
        for c in "a\u{9B}b\u{202E}c" { _ = m.handle(.char(c)) }
        _ = m.handle(.left)
        let grid = TextGrid(width: 80, height: 24)
        let cursor = ConsoleView(model: m, now: HostileJournal.now, glyphs: .unicode).draw(on: grid)
        checkFrameInvariants(grid, "prompt")
        let hints = grid.lines()[22]
        #expect(hints.hasPrefix("observation: a⟨U+009B⟩b⟨U+202E⟩c "))
        #expect(hints.hasSuffix(" Tab changes kind"))
        #expect(cursor?.x == DisplayWidth.of("observation: a⟨U+009B⟩b⟨U+202E⟩"))
    }

    // MARK: The binary

    @Test("warroom render: no escape byte, no control, C1 or bidi scalar in its output")
    func renderCommand() async throws {
        let dir = ScratchDir("hostile-render")
        let path = dir.file("j.jsonl")
        _ = FileManager.default.createFile(atPath: path, contents: Data(HostileJournal.bytes()))
        for focus in ["timeline", "roster", "checklist", "kpis"] {
            let r = try await warroom([
                "render", "--journal", path, "--size", "120x40", "--now", RFC3339.format(HostileJournal.now),
                "--time-zone", "UTC", "--focus", focus,
            ])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!r.stdoutBytes.contains(0x1B), "render --focus \(focus) printed an ESC byte")
            let text = try #require(String(validating: r.stdoutBytes, as: UTF8.self))
            let bad = text.unicodeScalars.filter { $0 != "\n" && isForbiddenInCell($0) }
            #expect(bad.isEmpty, "render printed \(bad.map { String($0.value, radix: 16) })")
            #expect(text.contains("␛"))
            #expect(text.contains("1 bad line skipped"))
            for line in text.split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= 120) }
        }
        // --ascii: bytes are printable ASCII and newlines.
        let a = try await warroom(["render", "--journal", path, "--size", "80x24", "--ascii", "--now", RFC3339.format(HostileJournal.now)])
        #expect(a.status == 0)
        #expect(a.stdoutBytes.allSatisfy { $0 == 0x0A || (0x20...0x7E).contains($0) })
        #expect(a.text.contains("^["))
        // --ansi: every ESC starts an SGR colour sequence, nothing else.
        let c = try await warroom(["render", "--journal", path, "--size", "120x40", "--ansi", "--now", RFC3339.format(HostileJournal.now)])
        #expect(c.status == 0)
        let s = c.text
        var rest = Substring(s)
        var sequences = 0
        while let i = rest.firstIndex(of: "\u{1B}") {
            let after = rest[rest.index(after: i)...]
            let seq = after.prefix { $0 != "m" }
            #expect(
                after.hasPrefix("[") && seq.dropFirst().allSatisfy { $0.isNumber || $0 == ";" }
                    && after.dropFirst(seq.count).hasPrefix("m"),
                "--ansi printed a non-SGR escape: \(String(after.prefix(12)).debugDescription)")
            sequences += 1
            rest = after
        }
        #expect(sequences > 40)
        let stripped = s.replacingOccurrences(of: "\u{1B}", with: "")
        #expect(stripped.unicodeScalars.allSatisfy { $0 == "\n" || !isForbiddenInCell($0) })
    }

    @Test("warroom status and check print journal text inert")
    func statusCommand() async throws {
        let dir = ScratchDir("hostile-status")
        let path = dir.file("j.jsonl")
        _ = FileManager.default.createFile(atPath: path, contents: Data(HostileJournal.bytes()))
        let r = try await warroom(["status", "--journal", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdoutBytes.contains(0x1B))
        let text = try #require(String(validating: r.stdoutBytes, as: UTF8.self))
        let bad = text.unicodeScalars.filter { $0 != "\n" && isForbiddenInCell($0) }
        #expect(bad.isEmpty, "status printed \(bad.map { String($0.value, radix: 16) })")
        #expect(text.contains("␛"))
        #expect(text.contains("1 bad lines skipped"))
        #expect(text.contains("Outage ␛[2J␛]0;PWNED-TITLE␇"))

        let c = try await warroom(["check", "--journal", path])
        #expect(c.status == 1)
        #expect(!c.stdoutBytes.contains(0x1B))
        #expect(c.text.contains(":21: "))
        #expect(c.text.contains("invalid UTF-8"))
    }
}
