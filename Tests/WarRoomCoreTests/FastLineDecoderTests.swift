// The fast path of the line decoder must never disagree with the general
// decoder: a line it accepts gives exactly the event the general decoder gives,
// and a line it does not take goes to the general decoder, which gives the
// exact reason for a bad one. Checked on real journals, hand-picked edge cases
// and many seeded mutations of them.
import Foundation
import Testing

@testable import WarRoomCore

@Suite struct FastLineDecoderTests {
    static func fast(_ line: [UInt8]) -> Event? {
        line.withUnsafeBufferPointer { FastLineDecoder.decode($0) }
    }

    static func general(_ line: [UInt8]) -> Result<Event, EventError> {
        line.withUnsafeBufferPointer { LineDecoder.decodeGeneral($0) }
    }

    /// The rule: whatever the fast path returns, the general decoder returns too.
    static func agree(_ line: [UInt8], _ label: @autoclosure () -> String) {
        guard let e = fast(line) else { return }
        switch general(line) {
        case .success(let g):
            #expect(e == g, "fast and general decoders differ on \(label())")
            #expect(e.kind == g.kind && e.ts == g.ts, "\(label())")
        case .failure(let why):
            Issue.record("the fast path accepted a line the general decoder rejects (\(why.reason)): \(label())")
        }
    }

    static func exampleLines() throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for name in ["examples/payment-outage.jsonl", "examples/drill-zh.jsonl"] {
            let data = try Data(contentsOf: root.appendingPathComponent(name))
            lines += data.split(separator: 0x0A).map { Array($0) }
        }
        return lines
    }

    static let written: [String] = [
        #"{"v":1,"ts":"2026-11-22T08:15:02.120Z","type":"note","actor":"alice","incident":"INC-1","data":{"text":"plain"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"counter.set","actor":"bob","incident":"INC-1","data":{"name":"complaints","value":-12}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"counter.set","actor":"bob","incident":"INC-1","data":{"name":"x","value":1.5}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"counter.set","actor":"bob","incident":"INC-1","data":{"name":"x","value":1e3}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"counter.set","actor":"bob","incident":"INC-1","data":{"name":"x","value":-0}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"counter.set","actor":"bob","incident":"INC-1","data":{"name":"x","value":0}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"counter.set","actor":"bob","incident":"INC-1","data":{"name":"x","value":007}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"counter.set","actor":"bob","incident":"INC-1","data":{"name":"x","value":1234567890123456789}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"counter.set","actor":"bob","incident":"INC-1","data":{"name":"x","value":999999999999999}}"#,
        #" { "v" : 1 , "ts" : "2026-11-22T08:15:02+08:00" , "type" : "note" , "actor" : "王芳" , "incident" : "INC-1" , "data" : { "text" : "已回滚" } } "#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"say \"hi\""}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x","text":"y"}}"#,
        #"{"v":1,"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x","extra":[1,2]}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"},"newer":{"a":1}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}x"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}"#,
        #"{"v":2,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-13-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":" ","incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC 1","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":{"kind":"rumour","text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":null}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":"text"}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"future.thing","actor":"a","data":{"anything":true,"n":null}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","seq":3,"prev":"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","seq":0,"data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","prev":"00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"checklist.added","actor":"a","incident":"INC-1","data":{"item":"x","text":"t","due":"30m","phase":"verified"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"checklist.added","actor":"a","incident":"INC-1","data":{"item":"x","text":"t","due":"soon"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"incident.declared","actor":"a","incident":"INC-1","data":{"title":"t","severity":1.0,"drill":true,"started_at":"2026-11-22T08:00:00Z"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"incident.declared","actor":"a","incident":"INC-1","data":{"title":"t","severity":4}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02.120Z","type":"note","actor":"a","login":null,"id":null,"seq":null,"prev":null,"incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02.120Z","type":"note","actor":"a","login":5,"incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02.120Z","type":"member.joined","actor":"a","incident":null,"data":{"member":"a"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02.120Z","type":"note","actor":"a","incident":null,"data":{"text":"x"}}"#,
        #"{"v":1.0,"ts":"2026-11-22T08:15:02.120Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":"1","ts":"2026-11-22T08:15:02.120Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":0,"ts":"2026-11-22T08:15:02.120Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":-1,"ts":"2026-11-22T08:15:02.120Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":null,"ts":"2026-11-22T08:15:02.120Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":1,"ts":null,"type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02.120Z","type":null,"actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02.120Z","type":"","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02.120Z","type":"note","actor":null,"incident":"INC-1","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02.120Z","type":"drill.resumed","actor":"a","incident":"INC-1","data":{}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02.120Z","type":"drill.resumed","actor":"a","incident":"INC-1"}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02.120Z","type":"note","actor":"a","incident":"INC-1","seq":2.0,"data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02.120Z","type":"note","actor":"a","incident":"INC-1","prev":"abc","data":{"text":"x"}}"#,
        #"{"v":1,"ts":"2026-11-22T08:15:02.120z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
        #"{}"#, #"[]"#, #"{"v":1}"#, #"nul"#, "",
    ]

    @Test func acceptedLinesGiveTheSameEventAsTheGeneralDecoder() throws {
        var lines = try Self.exampleLines()
        lines += Self.written.map { Array($0.utf8) }
        var fastCount = 0
        for (k, line) in lines.enumerated() {
            Self.agree(line, "line \(k): \(String(decoding: line, as: UTF8.self))")
            if Self.fast(line) != nil { fastCount += 1 }
        }
        // The fast path must actually take the plain lines a writer produces.
        let examples = try Self.exampleLines()
        let plain = examples.filter { !$0.contains(0x5C) }
        #expect(plain.count > 20)
        for line in plain {
            #expect(Self.fast(line) != nil, "the fast path does not take \(String(decoding: line, as: UTF8.self))")
        }
        #expect(fastCount >= plain.count)
    }

    @Test func lineDecoderGivesTheGeneralReasonForEveryBadLine() {
        for text in Self.written {
            let line = Array(text.utf8)
            let viaDecode = line.withUnsafeBufferPointer { LineDecoder.decode($0) }
            switch (viaDecode, Self.general(line)) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(text)")
            case (.failure(let a), .failure(let b)): #expect(a == b, "\(text)")
            default: Issue.record("decode and the general decoder disagree on \(text)")
            }
        }
    }

    /// Seeded mutations: bytes that matter to JSON replaced, inserted or removed.
    @Test func mutatedLinesNeverMakeTheDecodersDisagree() throws {
        var rng = SeededGenerator(seed: 0x5EED_FA57)
        let seeds = try Self.exampleLines() + Self.written.prefix(12).map { Array($0.utf8) }
        let alphabet: [UInt8] = Array(#"{}[]:,"\ 0123456789-.eEtrufalsn"#.utf8) + [0x00, 0x09, 0x0D, 0x7F, 0x80, 0xC2, 0xE2, 0xFF]
        var accepted = 0
        for round in 0..<20_000 {
            var line = seeds[Int(rng.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(rng.next() % 3)) where !line.isEmpty {
                let at = Int(rng.next() % UInt64(line.count))
                let b = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                switch rng.next() % 3 {
                case 0: line[at] = b
                case 1: line.insert(b, at: at)
                default: line.remove(at: at)
                }
            }
            if Self.fast(line) != nil { accepted += 1 }
            Self.agree(line, "mutation \(round): \(line)")
        }
        // Some mutations stay valid (a digit for a digit...), so the comparison is not empty.
        #expect(accepted > 100)
    }

    /// Strings are scanned eight bytes at a time: a special byte at every offset of a word.
    @Test func specialBytesAtEveryOffsetOfAWord() {
        let specials: [[UInt8]] = [
            [0x5C, 0x22], [0x5C, 0x5C], [0x09], [0x01], [0x1F], [0x7F], Array("é".utf8), Array("中".utf8), [0xFF], [0xC3],
        ]
        var fastTaken = 0
        for special in specials {
            for offset in 0..<20 {
                var text = [UInt8](repeating: UInt8(ascii: "a"), count: offset) + special
                text += [UInt8](repeating: UInt8(ascii: "b"), count: 19 - offset)
                let head = Array(#"{"v":1,"ts":"2026-11-22T08:15:02Z","type":"note","actor":"a","incident":"INC-1","data":{"text":""#.utf8)
                let line = head + text + Array(#""}}"#.utf8)
                Self.agree(line, "special \(special) at \(offset)")
                if let e = Self.fast(line) {
                    fastTaken += 1
                    #expect(Array((e.string("text") ?? "").utf8) == text, "special \(special) at \(offset)")
                }
                // Escapes, controls and invalid UTF-8 are never taken by the fast path.
                if special.first! < 0x20 || special.first! == 0x5C || special == [0xFF] || special == [0xC3] {
                    #expect(Self.fast(line) == nil, "special \(special) at \(offset) was taken")
                }
            }
        }
        #expect(fastTaken == 3 * 20)  // DEL, é and 中 at every offset
    }

    /// Times in the written form are read by a shortcut: it must give the general parser's
    /// answer for every such text, valid or not (Feb 29 and 30, leap seconds, hour 24...).
    @Test func writtenTimesGiveTheGeneralParsersDate() {
        var rng = SeededGenerator(seed: 0x7153)
        func two(_ v: UInt64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var checked = 0
        for round in 0..<50_000 {
            let year = round % 10 == 0 ? 2000 + rng.next() % 400 : 1 + rng.next() % 9999
            let text =
                String(format: "%04d", Int(year)) + "-" + two(rng.next() % 14) + "-" + two(rng.next() % 33) + "T"
                + two(rng.next() % 26) + ":" + two(rng.next() % 61) + ":" + two(rng.next() % 62) + "."
                + String(format: "%03d", Int(rng.next() % 1000)) + "Z"
            var bytes = Array(text.utf8)
            if round % 7 == 0 { bytes[Int(rng.next() % 24)] = UInt8(ascii: "x") }
            let general = bytes.withUnsafeBufferPointer { RFC3339.parseGeneral(bytes: $0) }
            let shortcut = bytes.withUnsafeBufferPointer { RFC3339.parse(bytes: $0) }
            #expect(general == shortcut, "\(String(decoding: bytes, as: UTF8.self))")
            if general != nil { checked += 1 }
        }
        #expect(checked > 10_000)
    }

    /// Times are written digit by digit: checked against Foundation's formatter, and read back.
    @Test func writtenTimesMatchFoundationAndReadBack() {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.calendar = Calendar(identifier: .gregorian)
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"
        var rng = SeededGenerator(seed: 0xF0F0)
        for round in 0..<20_000 {
            // Whole milliseconds from 1970 to 2100, and the ends of the range.
            let ms = round < 2 ? [0, 4_102_444_799_999][round] : Int(rng.next() % 4_102_444_800_000)
            let date = Date(timeIntervalSince1970: Double(ms) / 1000)
            let text = RFC3339.format(date)
            #expect(text == f.string(from: date), "\(ms)")
            #expect(RFC3339.parse(text).map { Int(($0.timeIntervalSince1970 * 1000).rounded()) } == ms, "\(text)")
        }
        #expect(RFC3339.format(Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00.000Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: .infinity)) == "1970-01-01T00:00:00.000Z")
    }

    /// The schema table is looked up by position: a new case must get its own.
    @Test func eventTypePositionsFollowAllCases() {
        for (k, type) in EventType.allCases.enumerated() {
            #expect(type.position == k, "\(type.rawValue)")
            #expect(EventSchema.members(of: type).map(\.name) == EventSchema.build(type).map(\.name))
        }
    }
}
