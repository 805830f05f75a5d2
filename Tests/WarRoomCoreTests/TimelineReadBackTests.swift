import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// Timelines read back from the journal (JournalSource.timeline(of:)) are the ones a full fold
/// keeps, line numbers and events alike, on both backends; a console's fold keeps open
/// incidents' timelines only, and the one it is told to keep.
struct TimelineReadBackTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// A seeded journal with what a read-back must get right: incidents interleaved, closed and
    /// opened again, events after the close, unknown event types, blank, bad, CRLF and long lines,
    /// drill.started (not on any timeline), lines of no incident and of an undeclared one.
    static func generated(seed: UInt64 = 7, events: Int = 3_000) -> [UInt8] {
        var x = seed
        func next(_ n: Int) -> Int {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((x >> 33) % UInt64(n))
        }
        var out: [UInt8] = []
        func put(_ s: String, crlf: Bool = false) { out += Array(s.utf8) + (crlf ? [0x0D, 0x0A] : [0x0A]) }
        var declared: [String] = []
        var t = T0
        for k in 0..<events {
            t = t.addingTimeInterval(Double(1 + next(90)))
            let roll = next(100)
            if declared.isEmpty || roll < 3 {
                let id = "INC-\(declared.count + 1)"
                declared.append(id)
                put(
                    Event(
                        .incidentDeclared, ts: t, actor: "alice", incident: id, id: "d\(k)",
                        data: ["title": .string("T \(id)"), "severity": .number(2)]
                    )
                    .jsonLine())
                continue
            }
            let inc = declared[next(declared.count)]
            switch roll {
            case 3..<6:
                put(Event(.incidentPhase, ts: t, actor: "bob", incident: inc, id: "p\(k)", data: ["phase": .string("closed")]).jsonLine())
            case 6..<8:
                put(
                    Event(.incidentPhase, ts: t, actor: "bob", incident: inc, id: "p\(k)", data: ["phase": .string("mitigating")])
                        .jsonLine())
            case 8..<10:
                put(Event(ts: t, type: "x.custom", actor: "eve", incident: inc, id: "u\(k)", data: ["n": .number(Double(k))]).jsonLine())
            case 10: put("")
            case 11: put("{not json \(k)")
            case 12: put(Event(.note, ts: t, actor: "dana", incident: "NEVER", id: "b\(k)", data: ["text": .string("lost")]).jsonLine())
            case 13:
                put(
                    Event(.note, ts: t, actor: "chen", incident: inc, id: "c\(k)", data: ["text": .string("crlf \(k)")]).jsonLine(),
                    crlf: true)
            case 14:
                let long = String(repeating: "长", count: 4_000 + next(2_000))
                put(Event(.note, ts: t, actor: "chen", incident: inc, id: "l\(k)", data: ["text": .string(long)]).jsonLine())
            case 15:
                put(
                    Event(.memberStatus, ts: t, actor: "frank", id: "s\(k)", data: ["member": .string("frank"), "status": .string("away")])
                        .jsonLine())
            case 16:
                put(
                    Event(
                        .drillStarted, ts: t, actor: "alice", id: "ds\(k)",
                        data: ["incident": .string(inc), "scenario": .string("s"), "speed": .number(1)]
                    )
                    .jsonLine())
            default:
                put(Event(.note, ts: t, actor: "li.wei", incident: inc, id: "n\(k)", data: ["text": .string("支付回调超时 \(k)")]).jsonLine())
            }
        }
        return out
    }

    static func journals() throws -> [(name: String, bytes: [UInt8])] {
        var all: [(String, [UInt8])] = []
        for name in ["payment-outage.jsonl", "drill-zh.jsonl"] {
            all.append((name, Array(try Data(contentsOf: URL(fileURLWithPath: root + "/examples/" + name)))))
        }
        all.append(("generated", generated()))
        return all
    }

    /// The journal's bytes in a new journal of the backend.
    static func journal(_ bytes: [UInt8], _ backend: Backend, _ dir: TempDir) throws -> String {
        let file = dir.file("j-\(UUID().uuidString.prefix(8)).jsonl")
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        guard backend == .database else { return file }
        let uri = try backend.newJournal(dir)
        guard case .database(let address) = JournalLocation(uri) else { throw TestSupportError.failed("not a database URI: \(uri)") }
        _ = try DatabaseSchema.initialize(address)
        _ = try JournalTransfer.importFile(file, into: address)
        return uri
    }

    @Test(arguments: Backend.testable)
    func readBackEqualsTheFullFoldsTimelines(_ backend: Backend) throws {
        let dir = TempDir()
        for (name, bytes) in try Self.journals() {
            let path = try Self.journal(bytes, backend, dir)
            let full = JournalLocation(path).source()
            try full.refresh()
            let lean = JournalLocation(path).source(recordsTimelines: false)
            try lean.refresh()
            #expect(!full.state.incidentOrder.isEmpty, "\(name)")
            for id in full.state.incidentOrder {
                let want = full.state.incidents[id]?.timeline ?? []
                #expect(lean.state.incidents[id]?.timeline.isEmpty == true)
                #expect(lean.state.incidents[id]?.places == full.state.incidents[id]?.places)
                let got = try lean.timeline(of: id)
                #expect(got.count == want.count, "\(name) \(id)")
                #expect(got == want, "\(name) \(id)")
            }
        }
    }

    @Test("a console's big first read folds without timelines, then reads the open ones back: the same state")
    func aBulkReadEqualsTheIncrementalOne() throws {
        let dir = TempDir()
        var bytes = Self.generated(seed: 12, events: 2_000)
        bytes += Array(#"{"v":1,"ts":"2026-12-01T00:00:00Z","type":"future.thing","actor":"bob","data":{"x":1}}"#.utf8) + [10]
        let path = try Self.journal(bytes, .file, dir)
        let stepwise = JournalFile(path: path, verifiesChain: true)
        stepwise.bulkRead = Int.max
        stepwise.keepOpenTimelinesOnly()
        try stepwise.refresh()
        let bulk = JournalFile(path: path, verifiesChain: true)
        bulk.bulkRead = 0
        bulk.keepOpenTimelinesOnly()
        try bulk.refresh()
        #expect(!bulk.state.openIncidents.isEmpty && !bulk.state.unknownEvents.isEmpty)
        #expect(bulk.state == stepwise.state)
        for inc in bulk.state.orderedIncidents {
            #expect(inc.timeline == stepwise.state.incidents[inc.id]?.timeline, "\(inc.id)")
            #expect(inc.isClosed ? inc.timeline.isEmpty : inc.holdsTimeline, "\(inc.id)")
        }
        #expect(bulk.state.unknownEvents == stepwise.state.unknownEvents)
        #expect(bulk.state.recordsTimelines)
    }

    @Test(arguments: Backend.testable)
    func aConsolesFoldKeepsOpenTimelinesAndTheKeptOne(_ backend: Backend) throws {
        let dir = TempDir()
        let bytes = Self.generated(seed: 11, events: 1_500)
        let path = try Self.journal(bytes, backend, dir)
        let full = JournalLocation(path).source()
        try full.refresh()
        let console = JournalLocation(path).source()
        console.keepOpenTimelinesOnly()
        try console.refresh()
        let closed = full.state.orderedIncidents.filter(\.isClosed).map(\.id)
        let open = full.state.openIncidents.map(\.id)
        #expect(!closed.isEmpty && !open.isEmpty)
        for id in open { #expect(console.state.incidents[id]?.timeline == full.state.incidents[id]?.timeline) }
        for id in closed { #expect(console.state.incidents[id]?.timeline.isEmpty == true) }
        // Kept: read back whole, then dropped again when another is kept.
        try console.keepTimeline(of: closed[0])
        #expect(console.state.incidents[closed[0]]?.timeline == full.state.incidents[closed[0]]?.timeline)
        #expect(try console.timeline(of: closed[1]) == full.state.incidents[closed[1]]?.timeline)
        try console.keepTimeline(of: closed[1])
        #expect(console.state.incidents[closed[0]]?.timeline.isEmpty == true)
        #expect(console.state.incidents[closed[1]]?.timeline == full.state.incidents[closed[1]]?.timeline)
        #expect(console.state.incidents.values.filter { $0.isClosed && !$0.timeline.isEmpty }.map(\.id) == [closed[1]])
        // A kept closed incident's timeline grows with its new events; an open one closing drops its own.
        let appender = JournalLocation(path).appender()
        try appender.append([
            Event(.note, ts: T0.addingTimeInterval(1e6), actor: "bob", incident: closed[1], id: "after", data: ["text": .string("late")])
        ])
        try appender.append([
            Event(
                .incidentPhase, ts: T0.addingTimeInterval(1e6 + 1), actor: "bob", incident: open[0], id: "close",
                data: ["phase": .string("closed")])
        ])
        try console.refresh()
        try full.refresh()
        #expect(console.state.incidents[closed[1]]?.timeline == full.state.incidents[closed[1]]?.timeline)
        #expect(console.state.incidents[closed[1]]?.timeline.last?.event.id == "after")
        #expect(console.state.incidents[open[0]]?.timeline.isEmpty == true)
        #expect(try console.timeline(of: open[0]) == full.state.incidents[open[0]]?.timeline)
    }

    @Test func aDatabaseJournalWithRowsDeletedByHandIsReadBackByItsRows() throws {
        guard PostgresCluster.available else { return }
        let dir = TempDir()
        let path = try Self.journal(Self.generated(seed: 3, events: 400), .database, dir)
        guard case .database(let address) = JournalLocation(path) else { return }
        let c = try DatabaseJournal.connect(address)
        // Two blank rows gone: every later line's seq is now two more than its number.
        let blank = try c.exec(
            "SELECT seq FROM warroom_lines WHERE journal = $1 AND line = ''::bytea ORDER BY seq LIMIT 2", [.text(address.journal)])
        #expect(blank.count == 2)
        for r in 0..<blank.count {
            _ = try c.exec(
                "DELETE FROM warroom_lines WHERE journal = $1 AND seq = $2", [.text(address.journal), .text(String(blank.int(r, 0)))])
        }
        let full = DatabaseJournal(address)
        try full.refresh()
        let lean = DatabaseJournal(address, recordsTimelines: false)
        try lean.refresh()
        #expect(lean.seq(ofLine: full.reader.lineCount) == full.lastSeq)
        for id in full.state.incidentOrder {
            #expect(try lean.timeline(of: id) == full.state.incidents[id]?.timeline, "\(id)")
        }
    }

    @Test func aLineChangedSinceItWasReadIsRefusedNotMisread() throws {
        let dir = TempDir()
        let declare = Event(
            .incidentDeclared, ts: T0, actor: "alice", incident: "INC-1", id: "d", data: ["title": .string("T"), "severity": .number(2)]
        ).jsonLine()
        let note = Event(.note, ts: T0, actor: "alice", incident: "INC-1", id: "n", data: ["text": .string("kept")]).jsonLine()
        let path = try Self.journal(Array((declare + "\n" + note + "\n").utf8), .file, dir)
        let lean = JournalFile(path: path, recordsTimelines: false)
        try lean.refresh()
        #expect(try lean.timeline(of: "INC-1").count == 2)
        // The note's line overwritten in place, same length: no longer INC-1's event.
        let blank = String(repeating: " ", count: note.utf8.count)
        try Data((declare + "\n" + blank + "\n").utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try lean.timeline(of: "INC-1")
        } throws: { error in
            let message = (error as? JournalError)?.message ?? ""
            return message.contains("line 2 of") && message.contains("read the journal again")
        }
    }

    /// `render --incident` and `report --incident` of a closed incident read its timeline back:
    /// each prints the same as from a fold that holds every timeline (`render --at` the end does).
    @Test func renderAndReportOfAClosedIncidentShowItsWholeTimeline() async throws {
        let dir = TempDir()
        let path = try Self.journal(Self.generated(seed: 5, events: 600), .file, dir)
        let full = JournalFile(path: path)
        try full.refresh()
        let closed = try #require(full.state.orderedIncidents.first(where: { $0.isClosed && $0.eventCount > 5 }))
        let report = try await warroom([
            "report", "--incident", closed.id, "--format", "json", "--now", "2027-01-01T00:00:00Z", "--journal", path,
        ])
        #expect(report.status == 0, "\(report.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
        let lines = (json?["timeline"] as? [[String: Any]])?.compactMap { $0["line"] as? Int }
        #expect(lines == closed.timeline.map(\.line))
        let rendered = try await warroom(
            [
                "render", "--incident", closed.id, "--size", "200x200", "--now", "2027-01-01T00:00:00Z", "--time-zone", "UTC", "--journal",
                path,
            ])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        // The whole journal as of its last event, folded with every timeline (replay's way).
        let asOfEnd = try await warroom(
            [
                "render", "--incident", closed.id, "--size", "200x200", "--now", "2027-01-01T00:00:00Z", "--time-zone", "UTC",
                "--at", "2027-01-01T00:00:00Z", "--journal", path,
            ])
        #expect(rendered.stdout == asOfEnd.stdout)
        #expect(rendered.stdout.contains("T \(closed.id)"))
    }
}
