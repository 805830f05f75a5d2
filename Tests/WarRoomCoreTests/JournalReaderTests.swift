import Foundation
import Testing

@testable import WarRoomCore

/// One kind of bad line, placed between good lines.
struct BadLineCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    /// A phrase the reason must contain.
    var phrase: String

    init(_ name: String, _ text: String, _ phrase: String) {
        self.name = name
        self.bytes = Array(text.utf8)
        self.phrase = phrase
    }

    init(_ name: String, bytes: [UInt8], _ phrase: String) {
        self.name = name
        self.bytes = bytes
        self.phrase = phrase
    }

    var testDescription: String { name }
}

/// A line with the given envelope members removed or replaced.
func envelopeLine(removing: [String] = [], replacing: [String: JSONValue] = [:], type: String = "note") -> String {
    var o: JSONObject = [
        "v": 1, "ts": .string(ts(5)), "type": .string(type), "actor": "alice", "incident": "INC-1",
        "data": ["text": "hello"],
    ]
    for k in removing { o[k] = nil }
    for (k, v) in replacing { o[k] = v }
    return JSONWriter.serialize(.object(o))
}

let badLineCases: [BadLineCase] = {
    var c: [BadLineCase] = [
        BadLineCase("not JSON", "this is not json", "not valid JSON"),
        BadLineCase("truncated JSON", #"{"v":1,"ts":"#, "not valid JSON"),
        BadLineCase("an array", #"[1,2,3]"#, "not a JSON object (the line is an array)"),
        BadLineCase("a number", "42", "not a JSON object (the line is a number)"),
        BadLineCase("a string", #""note""#, "not a JSON object (the line is a string)"),
        BadLineCase("missing v", envelopeLine(removing: ["v"]), "missing \"v\""),
        BadLineCase("missing ts", envelopeLine(removing: ["ts"]), "missing \"ts\""),
        BadLineCase("missing type", envelopeLine(removing: ["type"]), "missing \"type\""),
        BadLineCase("missing actor", envelopeLine(removing: ["actor"]), "missing \"actor\""),
        BadLineCase("missing incident", envelopeLine(removing: ["incident"]), "missing \"incident\""),
        BadLineCase("missing data", envelopeLine(removing: ["data"]), "missing data.text"),
        BadLineCase("empty data", envelopeLine(replacing: ["data": .object([:])]), "missing data.text"),
        BadLineCase("v as text", envelopeLine(replacing: ["v": "1"]), "\"v\" must be the integer 1"),
        BadLineCase("v = 2", envelopeLine(replacing: ["v": 2]), "newer warroom"),
        BadLineCase("ts not a time", envelopeLine(replacing: ["ts": "yesterday"]), "\"ts\" must be an RFC 3339 time"),
        BadLineCase("empty actor", envelopeLine(replacing: ["actor": " "]), "\"actor\" must be a non-empty string"),
        BadLineCase("empty type", envelopeLine(replacing: ["type": ""]), "\"type\" must be a non-empty string"),
        BadLineCase("incident a number", envelopeLine(replacing: ["incident": 7]), "\"incident\" must be a string"),
        BadLineCase("data an array", envelopeLine(replacing: ["data": [1]]), "\"data\" must be an object"),
        BadLineCase(
            "severity \"high\"", ev("incident.severity", at: 5, ["severity": "high"]), "data.severity must be 1, 2 or 3"),
        BadLineCase("severity 4", ev("incident.severity", at: 5, ["severity": 4]), "data.severity must be 1, 2 or 3"),
        BadLineCase(
            "declared with severity 4", declareLine("INC-2", severity: 4, at: 5), "data.severity must be 1, 2 or 3"),
        BadLineCase("phase \"done\"", ev("incident.phase", at: 5, ["phase": "done"]), "data.phase must be one of"),
        BadLineCase("kind \"rumour\"", ev("note", at: 5, ["text": "x", "kind": "rumour"]), "data.kind must be one of"),
        BadLineCase(
            "audience \"press\"", ev("comms.published", at: 5, ["audience": "press", "text": "x"]),
            "data.audience must be one of"),
        BadLineCase(
            "status \"busy\"", ev("member.status", at: 5, ["member": "bob", "status": "busy"]),
            "data.status must be one of"),
        BadLineCase(
            "value \"12\"", ev("counter.set", at: 5, ["name": "complaints", "value": "12"]),
            "data.value must be a number"),
        BadLineCase(
            "drill \"yes\"", declareLine("INC-2", at: 5, extra: ["drill": "yes"]), "data.drill must be true or false"),
        BadLineCase(
            "started_at \"yesterday\"", declareLine("INC-2", at: 5, extra: ["started_at": "yesterday"]),
            "data.started_at must be an RFC 3339 time"),
        BadLineCase(
            "due \"soon\"", ev("checklist.added", at: 5, ["item": "x", "text": "y", "due": "soon"]),
            "data.due must be a duration"),
        BadLineCase("role empty", ev("role.assigned", at: 5, ["role": " ", "member": "bob"]), "data.role must not be empty"),
        BadLineCase("note text a number", ev("note", at: 5, ["text": 5]), "data.text must be a string"),
        BadLineCase("undeclared incident", noteLine("lost", "INC-9", at: 5), "INC-9 was never declared"),
        BadLineCase("second declaration", declareLine("INC-1", at: 5), "INC-1 was already declared on line 1"),
        BadLineCase(
            "invalid UTF-8",
            bytes: Array(#"{"v":1,"ts":"2026-11-22T08:00:05Z","type":"note","actor":"a","incident":"INC-1","data":{"text":""#.utf8)
                + [0xC3, 0x28, 0xFF] + Array(#""}}"#.utf8), "invalid UTF-8"),
        BadLineCase(
            "NUL byte",
            bytes: Array(#"{"v":1,"ts":"2026-11-22T08:00:05Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"a"#.utf8)
                + [0] + Array(#""}}"#.utf8), "NUL byte"),
        BadLineCase(
            "duplicate member",
            #"{"v":1,"ts":"2026-11-22T08:00:05Z","type":"note","actor":"a","actor":"b","incident":"INC-1","data":{"text":"x"}}"#,
            "duplicate member \"actor\""),
        BadLineCase(
            "nesting deeper than 64",
            #"{"v":1,"ts":"2026-11-22T08:00:05Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x","deep":"#
                + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "}}",
            "nested deeper than 64"),
        BadLineCase(
            "line over 64 KiB", noteLine(String(repeating: "x", count: 66_000), at: 5), "over the 64 KiB limit"),
        BadLineCase(
            "incident id over 64 characters", noteLine("x", String(repeating: "I", count: 65), at: 5),
            "longer than 64 characters"),
        BadLineCase("incident id with a space", noteLine("x", "INC 1", at: 5), "must not contain spaces"),
    ]
    // A data member under an unknown type is not checked, but the envelope still is.
    c.append(BadLineCase("unknown type without actor", envelopeLine(removing: ["actor"], type: "pager.fired"), "missing \"actor\""))
    return c
}()

@Suite("Journal reader")
struct JournalReaderTests {
    @Test(arguments: badLineCases)
    func badLineIsReportedAndGoodLinesAroundItApply(_ c: BadLineCase) throws {
        let before = journalBytes([declareLine(), noteLine("first", at: 1)])
        let after = journalBytes([noteLine("second", at: 10), ev("counter.set", at: 11, ["name": "complaints", "value": 3])])
        let bytes = before + c.bytes + [0x0A] + after
        let r = JournalReader.read(bytes)
        let bad = try #require(r.state.badLines.first)
        #expect(r.state.badLines.count == 1)
        #expect(bad.line == 3)
        #expect(bad.offset == before.count)
        #expect(bad.reason.contains(c.phrase), "reason was: \(bad.reason)")
        #expect(r.state.eventsApplied == 4)
        let inc = try #require(r.state.incidents["INC-1"])
        #expect(inc.timeline.count == 4)
        #expect(inc.title == "Payment outage")
        #expect(inc.counters["complaints"]?.value == 3)
        #expect(r.lineCount == 5)
        #expect(r.pendingBytes == 0)
        #expect(r.consumed == bytes.count)
    }

    @Test func nestingOf64LevelsIsAccepted() throws {
        // The line object, data and 62 arrays: 64 levels.
        let line =
            #"{"v":1,"ts":"2026-11-22T08:00:05Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x","deep":"#
            + String(repeating: "[", count: 62) + String(repeating: "]", count: 62) + "}}"
        let r = read([declareLine(), line])
        #expect(r.state.badLines.isEmpty)
        #expect(r.state.eventsApplied == 2)
    }

    @Test func lineOfExactly64KiBIsAcceptedAndOneByteMoreIsNot() throws {
        let overhead = noteLine("", at: 1).utf8.count
        let exact = noteLine(String(repeating: "y", count: LineDecoder.maxLineBytes - overhead), at: 1)
        #expect(exact.utf8.count == LineDecoder.maxLineBytes)
        let over = noteLine(String(repeating: "y", count: LineDecoder.maxLineBytes - overhead + 1), at: 2)
        let r = read([declareLine(), exact, over, noteLine("after", at: 3)])
        #expect(r.state.eventsApplied == 3)
        #expect(r.state.badLines.map(\.line) == [3])
        #expect(r.state.badLines.first?.reason.contains("65537 bytes") == true)
    }

    @Test func everyBadLineInOneJournalHasItsOwnLineAndOffset() throws {
        var bytes = journalBytes([declareLine(), noteLine("first", at: 1)])
        var expected: [(line: Int, offset: Int, phrase: String)] = []
        var line = 2
        for c in badLineCases {
            line += 1
            expected.append((line, bytes.count, c.phrase))
            bytes += c.bytes + [0x0A]
            line += 1
            bytes += Array((noteLine("good \(line)", at: Double(line)) + "\n").utf8)
        }
        let r = JournalReader.read(bytes)
        #expect(r.state.badLines.count == expected.count)
        for (bad, want) in zip(r.state.badLines, expected) {
            #expect(bad.line == want.line)
            #expect(bad.offset == want.offset)
            #expect(bad.reason.contains(want.phrase), "line \(want.line): \(bad.reason)")
        }
        #expect(r.state.eventsApplied == 2 + badLineCases.count)
    }

    @Test func blankLinesAndCRLFEndingsAreAccepted() throws {
        let text =
            declareLine() + "\r\n" + "\n" + "   \t \n" + " \r\n" + noteLine("crlf", at: 2) + "\r\n"
            + noteLine("lf", at: 3) + "\n"
        let r = JournalReader.read(Array(text.utf8))
        #expect(r.state.badLines.isEmpty)
        #expect(r.state.eventsApplied == 3)
        #expect(r.lineCount == 6)
        let texts = r.state.incidents["INC-1"]?.timeline.compactMap { $0.event.string("text") }
        #expect(texts == ["crlf", "lf"])
        // Line numbers count blank lines.
        #expect(r.state.incidents["INC-1"]?.timeline.map(\.line) == [1, 5, 6])
    }

    @Test func badLineAfterCRLFLinesHasTheRightOffset() throws {
        let first = declareLine() + "\r\n"
        let text = first + "garbage\r\n" + noteLine("ok", at: 1) + "\r\n"
        let r = JournalReader.read(Array(text.utf8))
        #expect(r.state.badLines == [BadLine(line: 2, offset: first.utf8.count, reason: r.state.badLines.first?.reason ?? "")])
        #expect(r.state.badLines.first?.reason.contains("not valid JSON") == true)
        #expect(r.state.eventsApplied == 2)
    }

    @Test func outOfOrderTimestampsAreAccepted() throws {
        let r = read([
            declareLine(at: 100), noteLine("earlier than the declaration", at: 10),
            ev("incident.phase", at: 50, ["phase": "verified"]), noteLine("latest", at: 500),
            noteLine("back in time", at: 20),
        ])
        #expect(r.state.badLines.isEmpty)
        #expect(r.state.eventsApplied == 5)
        let inc = try #require(r.state.incidents["INC-1"])
        #expect(inc.timeline.count == 5)
        #expect(inc.phase == .verified)
        // File order wins: the last applied event's time, even if earlier.
        #expect(r.state.lastEventAt == T0.addingTimeInterval(20))
        #expect(inc.lastEventAt == T0.addingTimeInterval(20))
    }

    @Test func unknownTypesAreKeptCountedAndShownOnTheTimeline() throws {
        let r = read([
            declareLine(), ev("pager.fired", at: 2, ["service": "pay", "level": 5]),
            ev("future.thing", nil, at: 3, ["x": 1]), noteLine("after", at: 4),
        ])
        #expect(r.state.badLines.isEmpty)
        #expect(r.state.unknownTypes == 2)
        #expect(r.state.eventsApplied == 4)
        #expect(r.state.unknownEvents.map(\.event.type) == ["pager.fired", "future.thing"])
        #expect(r.state.unknownEvents.map(\.line) == [2, 3])
        #expect(r.state.timelineTypes("INC-1") == ["incident.declared", "pager.fired", "note"])
        let timeline = try #require(r.state.incidents["INC-1"]?.timeline)
        try #require(timeline.count == 3)
        let pager = timeline[1].event
        #expect(pager.data["service"] == "pay")
        #expect(EventSentence.describe(pager) == #"pager.fired {"service":"pay","level":5}"#)
        #expect(pager.kind == nil)
    }

    @Test func unknownMembersOfKnownTypesAreAllowed() throws {
        let r = read([declareLine(extra: ["future_field": [1, 2]]), ev("note", at: 1, ["text": "x", "mood": "calm"])])
        #expect(r.state.badLines.isEmpty)
        #expect(r.state.eventsApplied == 2)
    }

    @Test func acceptsRFC3339Variants() throws {
        for t in [
            "2026-11-22T08:00:00Z", "2026-11-22t08:00:00z", "2026-11-22 08:00:00Z", "2026-11-22T16:00:00+08:00",
            "2026-11-22T08:00:00.000000000Z", "2026-11-22T03:30:00-04:30",
        ] {
            #expect(RFC3339.parse(t) == T0, "\(t)")
        }
        for t in [
            "2026-11-22", "2026-11-22T08:00:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
            "2026-11-22T08:00:00.Z", "2026-11-22T08:00:00.1234567890Z", "2026-11-22T24:00:00Z", "yesterday",
        ] {
            #expect(RFC3339.parse(t) == nil, "\(t)")
        }
        #expect(RFC3339.format(T0.addingTimeInterval(0.12)) == "2026-11-22T08:00:00.120Z")
        #expect(RFC3339.parse("2028-02-29T00:00:00Z") != nil)
    }

    @Test func pendingLastLineIsNotAppliedUntilItsNewlineArrives() throws {
        let first = journalBytes([declareLine(), noteLine("one", at: 1)])
        let last = Array(noteLine("two", at: 2).utf8)
        var r = JournalReader()
        r.feed(first + last)
        #expect(r.state.eventsApplied == 2)
        #expect(r.pendingBytes == last.count)
        #expect(r.consumed == first.count)
        #expect(r.offset == first.count + last.count)
        #expect(r.state.badLines.isEmpty)
        r.feed([0x0A])
        #expect(r.state.eventsApplied == 3)
        #expect(r.pendingBytes == 0)
        #expect(r.state.badLines.isEmpty)
        #expect(r.state.incidents["INC-1"]?.timeline.last?.event.string("text") == "two")
    }

    @Test func pendingLineCompletedInPiecesApplies() throws {
        let line = Array((noteLine("pieces", at: 2) + "\n").utf8)
        var r = JournalReader()
        r.feed(journalBytes([declareLine()]))
        r.feed(Array(line[0..<10]))
        #expect(r.pendingBytes == 10)
        r.feed(Array(line[10..<40]))
        #expect(r.pendingBytes == 40)
        #expect(r.state.eventsApplied == 1)
        r.feed(Array(line[40...]))
        #expect(r.pendingBytes == 0)
        #expect(r.state.eventsApplied == 2)
    }

    @Test func overlongPendingLineIsNotBufferedWithoutBound() throws {
        var r = JournalReader()
        r.feed(journalBytes([declareLine()]))
        let start = r.consumed
        let chunk = [UInt8](repeating: 0x78, count: 50_000)
        for _ in 0..<10 { r.feed(chunk) }
        #expect(r.pendingBytes == 500_000)
        #expect(r.state.badLines.isEmpty)
        r.feed(Array(("\n" + noteLine("after", at: 1) + "\n").utf8))
        #expect(r.state.badLines == [BadLine(line: 2, offset: start, reason: "line is 500000 bytes, over the 64 KiB limit")])
        #expect(r.state.eventsApplied == 2)
        #expect(r.lineCount == 3)
    }
}

@Suite("Reading in pieces")
struct ChunkedReadTests {
    /// A journal of a few hundred lines with every event type, bad lines,
    /// blank lines, CRLF endings, an over-long line and a pending tail.
    static func sampleJournal() -> [UInt8] {
        var rng = SeededGenerator(seed: 42)
        var out: [UInt8] = []
        func add(_ s: String, crlf: Bool = false) { out += Array(s.utf8) + (crlf ? [0x0D, 0x0A] : [0x0A]) }
        add(declareLine("INC-1", severity: 3, playbook: "website-crisis"))
        add(ev("member.joined", nil, at: 1, ["member": "carol", "team": "ops"]))
        for i in 0..<300 {
            let t = Double(i + 2)
            let crlf = i % 7 == 0
            switch Int.random(in: 0..<22, using: &rng) {
            case 0: add(ev("incident.severity", at: t, ["severity": .number(Double(Int.random(in: 1...3, using: &rng)))]), crlf: crlf)
            case 1: add(ev("incident.phase", at: t, ["phase": .string(Phase.allCases.randomElement(using: &rng)!.rawValue)]))
            case 2: add(noteLine("note \(i) 中文 ✓", at: t), crlf: crlf)
            case 3: add(ev("role.assigned", at: t, ["role": "commander", "member": .string("m\(i % 5)")]))
            case 4: add(ev("role.released", at: t, ["role": "commander"]))
            case 5: add(ev("member.joined", at: t, ["member": .string("m\(i % 5)"), "name": "M"]))
            case 6: add(ev("member.status", at: t, ["member": .string("m\(i % 5)"), "status": "away"]))
            case 7: add(ev("member.left", at: t, ["member": .string("m\(i % 5)")]))
            case 8: add(ev("checklist.added", at: t, ["item": .string("x\(i % 9)"), "text": "do it", "due": "30m"]))
            case 9: add(ev("checklist.done", at: t, ["item": .string("x\(i % 9)")]))
            case 10: add(ev("checklist.undone", at: t, ["item": .string("x\(i % 9)")]))
            case 11: add(ev("counter.set", at: t, ["name": "complaints", "value": .number(Double(i * 10))]))
            case 12: add(ev("comms.published", at: t, ["audience": "external", "text": "update"]))
            case 13: add("not json at all \(i)")
            case 14: add("")
            case 15: add("   ", crlf: true)
            case 16: add(ev("pager.fired", at: t, ["n": .number(Double(i))]))
            case 17: add(noteLine("lost", "INC-404", at: t))
            case 18: add(declareLine("INC-\(i)", severity: 2, at: t))
            case 19: add(ev("member.status", nil, at: t, ["member": "carol", "status": "engaged"]))
            case 20: out += Array(#"{"v":1,"ts":"x","type":"note"#.utf8) + [0, 0xFF, 0x0A]
            default: add(ev("incident.severity", at: t, ["severity": "high"]))
            }
        }
        add(noteLine(String(repeating: "z", count: 70_000), at: 400))
        add(noteLine("after the long line", at: 401))
        out += Array(noteLine("pending tail", at: 402).utf8)
        return out
    }

    static let journal = sampleJournal()

    func check(_ whole: JournalReader, _ pieces: JournalReader) {
        #expect(pieces.state == whole.state)
        #expect(pieces.consumed == whole.consumed)
        #expect(pieces.lineCount == whole.lineCount)
        #expect(pieces.pendingBytes == whole.pendingBytes)
        #expect(pieces.offset == whole.offset)
    }

    @Test func sampleJournalExercisesEverything() throws {
        let r = JournalReader.read(Self.journal)
        #expect(r.lineCount > 300)
        #expect(r.state.eventsApplied > 200)
        #expect(r.state.badLines.count > 10)
        #expect(r.state.badLines.contains { $0.reason.contains("64 KiB") })
        #expect(r.state.unknownTypes > 0)
        #expect(r.pendingBytes > 0)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7] as [UInt64])
    func randomSplitsGiveTheSameStateAsOneRead(seed: UInt64) throws {
        let whole = JournalReader.read(Self.journal)
        var rng = SeededGenerator(seed: seed)
        let maxChunk = [3, 17, 64, 200, 1024, 5000, 70_000][Int(seed % 7)]
        var r = JournalReader()
        var i = 0
        while i < Self.journal.count {
            let n = min(Int.random(in: 1...maxChunk, using: &rng), Self.journal.count - i)
            r.feed(Array(Self.journal[i..<i + n]))
            i += n
        }
        check(whole, r)
    }

    @Test func byteByByteGivesTheSameStateAsOneRead() throws {
        let whole = JournalReader.read(Self.journal)
        var r = JournalReader()
        Self.journal.withUnsafeBufferPointer { buf in
            for k in 0..<buf.count { r.feed(UnsafeBufferPointer(rebasing: buf[k..<k + 1])) }
        }
        check(whole, r)
    }

    @Test func splitsAtEveryNewlineGiveTheSameState() throws {
        let whole = JournalReader.read(Self.journal)
        var r = JournalReader()
        var start = 0
        for (k, b) in Self.journal.enumerated() where b == 0x0A {
            r.feed(Array(Self.journal[start..<k]))
            r.feed([0x0A])
            start = k + 1
        }
        r.feed(Array(Self.journal[start...]))
        check(whole, r)
    }
}
