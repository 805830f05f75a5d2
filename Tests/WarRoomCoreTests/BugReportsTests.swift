import Foundation
import Testing

@testable import WarRoomCore

/// Tests that expose bugs found while writing the suite. Each is disabled with
/// the bug it shows; fix the bug, then remove `.disabled` so the test guards it.
@Suite("Bug reports")
struct BugReportsTests {
    @Test
    func incidentIDWithAC1ControlIsRejected() throws {
        // docs/journal-format.md: `incident` is "1 to 64 characters, with no
        // whitespace and no control characters". EventSchema.validateIncidentID
        // only rejects scalars < 0x20 and 0x7F, so U+009B (CSI) passes.
        #expect(throws: EventError.self) { try EventSchema.validateIncidentID("INC\u{9B}1") }
        let r = read([declareLine("INC\u{85}2"), declareLine("INC\u{9B}1", at: 1)])
        #expect(r.state.badLines.count == 2)
        #expect(r.state.incidents.isEmpty)
    }

    @Test
    func overlongCRLFLineGivesTheSameStateInPieces() throws {
        // JournalReader.processLine strips the \r before LineDecoder measures the
        // line; the discard path in feed() (a pending line past 64 KiB + 1) counts
        // the \r. The same bytes then give "line is 70060 bytes" in one read and
        // "line is 70061 bytes" fed in pieces: JournalState differs.
        let long = noteLine(String(repeating: "z", count: 70_000), at: 1)
        let bytes = journalBytes([declareLine()]) + Array((long + "\r\n").utf8) + journalBytes([noteLine("after", at: 2)])
        let whole = JournalReader.read(bytes)
        var pieces = JournalReader()
        var i = 0
        while i < bytes.count {
            let n = min(4096, bytes.count - i)
            pieces.feed(Array(bytes[i..<i + n]))
            i += n
        }
        #expect(whole.state.badLines.first?.reason == "line is \(long.utf8.count) bytes, over the 64 KiB limit")
        #expect(pieces.state == whole.state)
    }

    @Test
    func overrideKeepsTitleZhAndMeasured() throws {
        // docs/playbooks.md: "title, title_zh and measured come from policy.toml
        // unless the override gives them."
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("sample.toml")
        try writeFile(
            path,
            edited(samplePlaybook(), [:], insert: [
                (99, "[policy.targets.time_to_restore]"), (99, "title_zh = \"恢复业务\""), (99, "measured = \"until the shop takes orders\""),
                (99, "L3 = \"12h\""),
            ]))
        let p = try Playbook.load(path: path)
        let merged = shippedCatalog.policy.merged(with: p.policyOverride)
        let restore = try #require(merged.targets[.timeToRestore])
        #expect(restore.limits[.l3] == 43_200)
        #expect(restore.titleZh == "恢复业务")
        #expect(restore.measured == "until the shop takes orders")
    }

    @Test
    func defaultForOutsideSeveritiesIsAnError() throws {
        // docs/playbooks.md, default_for: "Each value must also be in severities."
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("sample.toml")
        try writeFile(path, edited(samplePlaybook(), [3: "severities = [1, 2]\ndefault_for = [3]"]))
        let e = #expect(throws: ConfigError.self) { try Playbook.load(path: path) }
        #expect(e?.line == 4)
        #expect(e?.message.contains("default_for") == true)
    }

    @Test
    func failedCommandDoesNotCreateTheJournal() async throws {
        // `warroom note --journal typo.jsonl hi` fails with "no open incident",
        // yet leaves an empty typo.jsonl behind (JournalWriter opens with O_CREAT
        // before the events are built). `warroom check` then calls the stray
        // file clean instead of saying it does not exist.
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("typo.jsonl")
        let r = try await warroom(["note", "--journal", path, "hi"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no open incident"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test
    func chainSurvivesAnOverlongLineReadInPieces() throws {
        // JournalReader's discard path calls chain.advanceUnhashable(), setting
        // the head to "unhashable line N"; the writer hashed the real bytes of
        // that line for the next line's prev, so the next chained line "breaks".
        // One read of the same bytes hashes the line and verifies the chain.
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine(), noteLine(String(repeating: "z", count: 70_000), at: 1)]))
        try JournalWriter(path: path).append([
            Event(.note, ts: T0.addingTimeInterval(2), actor: "alice", incident: "INC-1", data: ["text": "chained"])
        ])
        let bytes = fileBytes(path)
        var whole = JournalReader(verifiesChain: true)
        whole.feed(bytes)
        #expect(!whole.chain.isBroken)
        var pieces = JournalReader(verifiesChain: true)
        var i = 0
        while i < bytes.count {
            let n = min(4096, bytes.count - i)
            pieces.feed(Array(bytes[i..<i + n]))
            i += n
        }
        #expect(pieces.chain == whole.chain)
        #expect(!pieces.chain.isBroken, "\(pieces.chain.reason ?? "")")
    }
}
