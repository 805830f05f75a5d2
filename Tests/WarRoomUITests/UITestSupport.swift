import Foundation
import Testing
import WarRoomCore
import WarRoomUI

// Re-exported so every file of this target sees the shared fixtures and runners
// (Tests/WarRoomTestSupport: journal line builders, TempDir/ScratchDir, run,
// warroom, TmuxSession, eventually) without importing them itself.
@_exported import WarRoomTestSupport

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Locations

/// The package root (WarRoomTestSupport's `packageRoot`), by this target's older name.
let uiPackageRoot = packageRoot

/// This test target's directory.
let uiTestsDirectory: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

let fixturesDirectory = uiTestsDirectory + "/Fixtures"
let snapshotsDirectory = uiTestsDirectory + "/Snapshots"

/// The `warroom` binary (WarRoomTestSupport's `warroomBinary`), by this target's older name.
let uiWarroomBinary = warroomBinary

// MARK: - Journals and models

/// The shipped playbooks and policy, loaded once.
let shippedCatalog: PlaybookCatalog = PlaybookCatalog.load(directory: playbooksDirectory)

let utc = TimeZone(identifier: "UTC")!

func fixtureBytes(_ name: String) -> [UInt8] {
    guard let d = FileManager.default.contents(atPath: fixturesDirectory + "/" + name) else {
        Issue.record("missing fixture \(name) in \(fixturesDirectory)")
        return []
    }
    return Array(d)
}

/// A console model over journal bytes, as the console builds it, in UTC.
func makeModel(_ bytes: [UInt8], path: String = "journal.jsonl") -> ConsoleModel {
    let reader = JournalReader.read(bytes)
    var m = ConsoleModel(state: reader.state, catalog: shippedCatalog, journalPath: path)
    m.pendingBytes = reader.pendingBytes
    m.timeZone = utc
    return m
}

func makeModel(lines: [String], path: String = "journal.jsonl") -> ConsoleModel {
    makeModel(journalBytes(lines), path: path)
}

/// The fixture's last event time plus 30 minutes: a fixed clock for its frames.
func fixedNow(_ bytes: [UInt8]) -> Date {
    (JournalReader.read(bytes).state.lastEventAt ?? T0).addingTimeInterval(30 * 60)
}

/// The payment-outage fixture as a model, and the fixed clock its frames use.
func paymentOutageFixture() -> (ConsoleModel, Date) {
    let bytes = fixtureBytes("payment-outage.jsonl")
    return (makeModel(bytes, path: "examples/payment-outage.jsonl"), fixedNow(bytes))
}

/// Draws a model on a fresh text grid.
@discardableResult
func render(_ model: ConsoleModel, now: Date, width: Int, height: Int, ascii: Bool = false) -> TextGrid {
    let grid = TextGrid(width: width, height: height, asciiOnly: ascii)
    ConsoleView(model: model, now: now, glyphs: ascii ? .ascii : .unicode).draw(on: grid)
    return grid
}

// MARK: - Frame checks

/// The characters that must never reach a terminal cell.
func isForbiddenInCell(_ u: Unicode.Scalar) -> Bool {
    let v = u.value
    return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v)
        || (0x2066...0x2069).contains(v)
}

/// Invariants every frame must keep, whatever it shows: every line fits the
/// grid (wide characters included), no cell holds a control, C1 or bidi
/// scalar, and every continuation cell follows a wide character.
func checkFrameInvariants(_ grid: TextGrid, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for (y, line) in grid.lines().enumerated() {
        let w = DisplayWidth.of(line)
        #expect(
            w <= grid.width, "\(label): line \(y + 1) is \(w) columns wide in a \(grid.width)-column grid: \(line)",
            sourceLocation: sourceLocation)
    }
    for y in 0..<grid.height {
        for x in 0..<grid.width {
            let c = grid.cell(x, y)
            if let bad = c.text.unicodeScalars.first(where: isForbiddenInCell) {
                Issue.record(
                    "\(label): cell (\(x),\(y)) holds U+\(String(bad.value, radix: 16, uppercase: true))", sourceLocation: sourceLocation)
            }
            if c.continuation {
                let left = x > 0 ? grid.cell(x - 1, y) : nil
                #expect(
                    left.map { !$0.continuation && DisplayWidth.of(Character($0.text.isEmpty ? " " : $0.text)) == 2 } == true,
                    "\(label): continuation cell (\(x),\(y)) does not follow a wide character", sourceLocation: sourceLocation)
            } else {
                #expect(!c.text.isEmpty, "\(label): empty non-continuation cell (\(x),\(y))", sourceLocation: sourceLocation)
                if DisplayWidth.of(Character(c.text.isEmpty ? " " : c.text)) == 2 {
                    #expect(
                        x + 1 < grid.width && grid.cell(x + 1, y).continuation,
                        "\(label): wide character at (\(x),\(y)) without its right half", sourceLocation: sourceLocation)
                }
            }
        }
    }
}

/// Checks the four panes are drawn where the layout puts them: each title in
/// its top border, the focused one marked, and borders intact on both sides
/// of every row (so wide characters inside did not push anything).
func checkPanes(
    _ grid: TextGrid, _ model: ConsoleModel, now: Date, ascii: Bool = false, label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let glyphs: Glyphs = ascii ? .ascii : .unicode
    let banner = model.readOnlyReason != nil || model.kpis(now: now)?.suggestions.isEmpty == false
    guard
        let layout = Layout.make(
            width: grid.width, height: grid.height, banner: banner,
            alerts: !model.alertsAwaiting.isEmpty || !model.followUpsOverdueMine.isEmpty)
    else {
        Issue.record("\(label): no layout at \(grid.width)x\(grid.height)", sourceLocation: sourceLocation)
        return
    }
    let lines = grid.lines()
    for pane in Pane.allCases {
        let r = layout.rect(of: pane)
        let focused = pane == model.focus
        let top = lines[r.y]
        let expectedTitle = focused ? "\(glyphs.focusMark) \(pane.title)" : " \(pane.title) "
        #expect(
            top.contains(expectedTitle), "\(label): pane \(pane.title) top border lacks \"\(expectedTitle)\": \(top)",
            sourceLocation: sourceLocation)
        let v = focused ? glyphs.vFocused : glyphs.v
        for y in (r.y + 1)..<(r.maxY - 1) {
            let l = grid.cell(r.x, y).text, rr = grid.cell(r.maxX - 1, y).text
            #expect(l == v && rr == v, "\(label): \(pane.title) border broken on row \(y + 1): \(lines[y])", sourceLocation: sourceLocation)
        }
        let tl = focused ? glyphs.tlFocused : glyphs.tl, br = focused ? glyphs.brFocused : glyphs.br
        #expect(
            grid.cell(r.x, r.y).text == tl && grid.cell(r.maxX - 1, r.maxY - 1).text == br,
            "\(label): \(pane.title) corners wrong", sourceLocation: sourceLocation)
    }
    // Exactly one pane is marked focused.
    let marks = lines.joined(separator: "\n").components(separatedBy: "\(glyphs.focusMark) ").count - 1
    #expect(marks == 1, "\(label): \(marks) focus marks", sourceLocation: sourceLocation)
}

// MARK: - Snapshots

/// Compares a frame with its golden file in Snapshots/NAME.txt; with
/// UPDATE_SNAPSHOTS=1 rewrites the file instead (and passes).
func assertSnapshot(_ grid: TextGrid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let path = snapshotsDirectory + "/" + name + ".txt"
    let actual = grid.text()
    let update = ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1"
    let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    if update {
        if existing != actual {
            try? FileManager.default.createDirectory(atPath: snapshotsDirectory, withIntermediateDirectories: true)
            if !FileManager.default.createFile(atPath: path, contents: Data(actual.utf8)) {
                Issue.record("cannot write snapshot \(path)", sourceLocation: sourceLocation)
            }
        }
        return
    }
    guard let expected = existing else {
        Issue.record(
            "no snapshot \(name).txt in \(snapshotsDirectory); run with UPDATE_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
        return
    }
    if expected == actual { return }
    Issue.record(Comment(rawValue: snapshotDiff(name: name, expected: expected, actual: actual)), sourceLocation: sourceLocation)
}

/// A readable report of the first differing line between two frames.
func snapshotDiff(name: String, expected: String, actual: String) -> String {
    let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
    var first = 0
    while first < min(e.count, a.count) && e[first] == a[first] { first += 1 }
    func show(_ lines: [String], _ i: Int) -> String { i < lines.count ? "|" + lines[i] + "|" : "(no line)" }
    var out = "snapshot \(name) differs (UPDATE_SNAPSHOTS=1 to accept)\nfirst difference at line \(first + 1):\n"
    out += "  expected: \(show(e, first))\n  actual:   \(show(a, first))\n"
    if first < e.count, first < a.count {
        let ec = Array(e[first]), ac = Array(a[first])
        var col = 0
        while col < min(ec.count, ac.count) && ec[col] == ac[col] { col += 1 }
        out += "  (first differing character \(col + 1))\n"
    }
    let differing = zip(e, a).filter { $0 != $1 }.count + abs(e.count - a.count)
    out += "\(differing) line(s) differ; expected \(e.count - 1) lines, got \(a.count - 1)"
    return out
}
