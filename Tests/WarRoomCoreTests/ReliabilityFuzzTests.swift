// Hostile input for the reader: a seeded generator of random, mutated and
// deliberately nasty journal lines (deep nesting, huge numbers, wrong types,
// NUL bytes, invalid UTF-8, 10 MB lines, a binary file), fed in random chunks.
// The reader must never crash, must apply every valid line and must report
// every bad line with its line number. Hostile but *valid* values are then
// pushed through every CLI view in child processes (a crash there is a signal,
// not a dead test runner).
import Foundation
import Testing

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// What a generated line must do.
enum RelExpectation: Equatable {
    /// Applies, adding a note with this text (or no text: another valid event).
    case valid(String?)
    /// Must be reported as a bad line.
    case bad(String)
    /// Blank: neither applied nor bad.
    case blank
    /// A random mutation: whatever a line-at-a-time reference says.
    case either
}

struct RelHostileGenerator {
    var rng: SeededGenerator
    var serial = 0

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    static let header =
        #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"incident.declared","actor":"fuzz","incident":"INC-1","data":{"title":"Fuzz","severity":2}}"#

    /// A JSON string literal of random text: escapes, controls, quotes, CJK, emoji, RTL, combining marks.
    mutating func randomText() -> String {
        let pool: [String] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{1B}", "\u{7}", "\u{8}", "\u{0}", "\u{7F}",
            "\u{85}", "\u{9B}", "\u{202E}", "\u{2066}", "\u{FEFF}", "é", "e\u{301}", "回滚", "🔥", "👩‍👩‍👧", "ﷺ", "𝕏", "\u{10FFFF}",
        ]
        var s = ""
        for _ in 0..<rng.int(0..<24) { s += pool[rng.int(0..<pool.count)] }
        return s
    }

    mutating func validNote() -> (String, RelExpectation) {
        serial += 1
        let text = "v\(serial) " + randomText()
        let e = Event(.note, ts: relT0.addingTimeInterval(Double(serial)), actor: "fuzz", incident: "INC-1", data: ["text": .string(text)])
        return (e.jsonLine(), .valid(text))
    }

    /// A valid line of another type (no text of its own).
    mutating func validOther() -> (String, RelExpectation) {
        serial += 1
        let at = RFC3339.format(relT0.addingTimeInterval(Double(serial)))
        let choices = [
            #"{"v":1,"ts":"\#(at)","type":"counter.set","actor":"fuzz","incident":"INC-1","data":{"name":"c\#(serial)","value":1.7976931348623157e308}}"#,
            #"{"v":1,"ts":"\#(at)","type":"counter.set","actor":"fuzz","incident":"INC-1","data":{"name":"c\#(serial)","value":5e-324}}"#,
            #"{"v":1,"ts":"\#(at)","type":"counter.set","actor":"fuzz","incident":"INC-1","data":{"name":"c\#(serial)","value":-0}}"#,
            #"{"v":1,"ts":"\#(at)","type":"role.assigned","actor":"fuzz","incident":"INC-1","data":{"role":"lead","member":"m\#(serial)"}}"#,
            #"{"v":1,"ts":"\#(at)","type":"future.kind","actor":"fuzz","incident":"INC-1","data":{"anything":[1,2,{"x":null}]}}"#,
            #"{"ts":"\#(at)","v":1,"actor":"fuzz","type":"member.joined","data":{"member":"m\#(serial)","extra":{"nested":[[[[[[1]]]]]]}}}"#,
        ]
        return (choices[rng.int(0..<choices.count)], .valid(nil))
    }

    static func deep(_ n: Int, open: String, close: String, inner: String = "1") -> String {
        String(repeating: open, count: n) + inner + String(repeating: close, count: n)
    }

    /// Lines that must be reported as bad, by kind.
    mutating func hostile() -> ([UInt8], RelExpectation) {
        serial += 1
        let at = RFC3339.format(relT0.addingTimeInterval(Double(serial)))
        func env(_ data: String, type: String = "note", extra: String = "") -> String {
            #"{"v":1,"ts":"\#(at)","type":"\#(type)","actor":"fuzz","incident":"INC-1"\#(extra),"data":\#(data)}"#
        }
        let digits400 = "1" + String(repeating: "7", count: 399)
        let text: [(String, String)] = [
            // Deep nesting, 10,000 levels: the parser must stop at its depth limit, not exhaust the stack.
            (Self.deep(10_000, open: "[", close: "]"), "nesting: 10,000 arrays"),
            (Self.deep(10_000, open: #"{"a":"#, close: "}"), "nesting: 10,000 objects"),
            (env(#"{"text":"deep","x":"# + Self.deep(10_000, open: "[", close: "]") + "}"), "nesting inside data"),
            (String(repeating: "[", count: 10_000), "nesting, never closed"),
            (env(#"{"text":"deep","x":"# + Self.deep(70, open: "[", close: "]") + "}"), "nesting: 70 levels"),
            // Huge numbers.
            (#"{"v":1e999,"ts":"\#(at)","type":"note","actor":"fuzz","incident":"INC-1","data":{"text":"x"}}"#, "v 1e999"),
            (#"{"v":\#(digits400),"ts":"\#(at)","type":"note","actor":"fuzz","incident":"INC-1","data":{"text":"x"}}"#, "v 400 digits"),
            (env(#"{"name":"c","value":\#(digits400)}"#, type: "counter.set"), "counter 400 digits"),
            (env(#"{"name":"c","value":1e999}"#, type: "counter.set"), "counter 1e999"),
            (env(#"{"name":"c","value":-1E+400}"#, type: "counter.set"), "counter -1E+400"),
            (env(#"{"text":"x"}"#, extra: #","seq":1e999"#), "seq 1e999"),
            (env(#"{"text":"x"}"#, extra: #","seq":\#(digits400)"#), "seq 400 digits"),
            (env(#"{"text":"x"}"#, extra: #","seq":1e300"#), "seq 1e300"),
            (env(#"{"text":"x"}"#, extra: #","seq":0"#), "seq 0"),
            (env(#"{"text":"x"}"#, extra: #","seq":-3"#), "seq -3"),
            (env(#"{"text":"x"}"#, extra: #","seq":2.5"#), "seq 2.5"),
            (env(#"{"severity":1e999}"#, type: "incident.severity"), "severity 1e999"),
            (env(#"{"severity":9.223372036854775807e18}"#, type: "incident.severity"), "severity 2^63"),
            (env(#"{"text":"x","n":1e999}"#), "unknown member 1e999"),
            (env(#"{"text":"x","n":01}"#), "leading zero"),
            (env(#"{"text":"x","n":1.}"#), "1."),
            (env(#"{"text":"x","n":.5}"#), ".5"),
            (env(#"{"text":"x","n":NaN}"#), "NaN"),
            (env(#"{"text":"x","n":Infinity}"#), "Infinity"),
            (env(#"{"text":"x","n":+1}"#), "+1"),
            // Wrong types.
            (#"{"v":"1","ts":"\#(at)","type":"note","actor":"fuzz","incident":"INC-1","data":{"text":"x"}}"#, "v string"),
            (#"{"v":2,"ts":"\#(at)","type":"note","actor":"fuzz","incident":"INC-1","data":{"text":"x"}}"#, "v 2"),
            (#"{"v":1.5,"ts":"\#(at)","type":"note","actor":"fuzz","incident":"INC-1","data":{"text":"x"}}"#, "v 1.5"),
            (#"{"v":1,"ts":12345,"type":"note","actor":"fuzz","incident":"INC-1","data":{"text":"x"}}"#, "ts number"),
            (#"{"v":1,"ts":"yesterday","type":"note","actor":"fuzz","incident":"INC-1","data":{"text":"x"}}"#, "ts text"),
            (#"{"v":1,"ts":"2026-02-30T08:00:00Z","type":"note","actor":"fuzz","incident":"INC-1","data":{"text":"x"}}"#, "ts Feb 30"),
            (#"{"v":1,"ts":"\#(at)","type":5,"actor":"fuzz","incident":"INC-1","data":{"text":"x"}}"#, "type number"),
            (#"{"v":1,"ts":"\#(at)","type":"","actor":"fuzz","incident":"INC-1","data":{"text":"x"}}"#, "type empty"),
            (#"{"v":1,"ts":"\#(at)","type":"note","actor":null,"incident":"INC-1","data":{"text":"x"}}"#, "actor null"),
            (#"{"v":1,"ts":"\#(at)","type":"note","actor":"   ","incident":"INC-1","data":{"text":"x"}}"#, "actor blank"),
            (#"{"v":1,"ts":"\#(at)","type":"note","actor":"fuzz","incident":7,"data":{"text":"x"}}"#, "incident number"),
            (#"{"v":1,"ts":"\#(at)","type":"note","actor":"fuzz","incident":"INC 1","data":{"text":"x"}}"#, "incident space"),
            (#"{"v":1,"ts":"\#(at)","type":"note","actor":"fuzz","data":{"text":"x"}}"#, "incident missing"),
            (env("[]"), "data array"),
            (env(#""text""#), "data string"),
            (env(#"{"text":5}"#), "text number"),
            (env(#"{"text":["x"]}"#), "text array"),
            (env(#"{"text":"x","kind":"rumour"}"#), "note kind"),
            (env(#"{"severity":4}"#, type: "incident.severity"), "severity 4"),
            (env(#"{"phase":"done"}"#, type: "incident.phase"), "phase"),
            (env(#"{"text":"x"}"#, extra: #","prev":"XYZ""#), "prev"),
            (env(#"{"text":"x"}"#, extra: #","login":5"#), "login"),
            (env(#"{"text":"x"}"#, extra: #","id":{}"#), "id"),
            (#"["v",1]"#, "array"),
            (#""just a string""#, "string"),
            ("12345", "number"),
            ("null", "null"),
            ("true", "true"),
            ("{}", "empty object"),
            // Syntax.
            (env(#"{"text":"x"}"#) + " trailing", "trailing text"),
            (env(#"{"text":"x"}"#) + env(#"{"text":"y"}"#), "two objects"),
            (env(#"{"text":"x","text":"y"}"#), "duplicate member in data"),
            (#"{"v":1,"v":1,"ts":"\#(at)","type":"note","actor":"fuzz","incident":"INC-1","data":{"text":"x"}}"#, "duplicate v"),
            (env(#"{"text":"\q"}"#), "unknown escape"),
            (env(#"{"text":"\u12"}"#), "short \\u"),
            (env(#"{"text":"x",}"#), "trailing comma"),
            (env(#"{'text':'x'}"#), "single quotes"),
            (env(#"{"text":"x" /* c */}"#), "comment"),
            ("\u{FEFF}" + env(#"{"text":"x"}"#), "BOM"),
            (#"{"v":1,"ts":"\#(at)","type":"note""#, "cut short"),
            ("{", "lone brace"),
            ("}", "closing brace"),
            (#"{"v":tru}"#, "bad literal"),
            // Events that do not fit the state.
            (env(#"{"text":"x"}"#).replacingOccurrences(of: "INC-1", with: "INC-404"), "undeclared incident"),
            (Self.header, "second declaration"),
            (env("{}", type: "drill.paused"), "drill event without a drill"),
            (
                #"{"v":1,"ts":"\#(at)","type":"drill.started","actor":"fuzz","data":{"scenario":"s","speed":0,"incident":"INC-9"}}"#,
                "drill speed 0"
            ),
        ]
        let bytes: [([UInt8], String)] = [
            (Array(env(#"{"text":"a"#).utf8) + [0] + Array(#"b"}"#.utf8) + Array("}".utf8), "NUL in a string"),
            ([0] + Array(env(#"{"text":"x"}"#).utf8), "NUL before"),
            (Array(env(#"{"text":"x"}"#).utf8) + [0], "NUL after"),
            ([0, 0, 0, 0], "NULs"),
            (utf8Case([0xFF]), "0xFF"),
            (utf8Case([0xC0, 0xAF]), "overlong"),
            (utf8Case([0xED, 0xA0, 0x80]), "UTF-16 surrogate"),
            (utf8Case([0x80]), "lone continuation"),
            (utf8Case([0xE2, 0x82]), "truncated sequence"),
            (utf8Case([0xF4, 0x90, 0x80, 0x80]), "beyond U+10FFFF"),
            (utf8Case([0xF8, 0x88, 0x80, 0x80, 0x80]), "5-byte form"),
            (Array(#"{"te"#.utf8) + [0xFF] + Array(#"xt":"x"}"#.utf8), "invalid UTF-8 in a key"),
            (Array(Array(env(#"{"text":"x"}"#).utf8).dropLast()) + [0xC3], "invalid UTF-8 outside a string"),
            (Array("\u{1B}[2J\u{1B}]0;PWNED\u{7}".utf8), "escape sequences"),
            (Array("\u{8}\u{8}\u{8}\u{7F}".utf8), "backspaces"),
        ]
        let k = rng.int(0..<(text.count + bytes.count))
        if k < text.count { return (Array(text[k].0.utf8), .bad(text[k].1)) }
        let b = bytes[k - text.count]
        return (b.0, .bad(b.1))
    }

    mutating func utf8Case(_ bad: [UInt8]) -> [UInt8] {
        let at = RFC3339.format(relT0.addingTimeInterval(Double(serial)))
        return Array(#"{"v":1,"ts":"\#(at)","type":"note","actor":"fuzz","incident":"INC-1","data":{"text":"a"#.utf8) + bad
            + Array(#"b"}}"#.utf8)
    }

    /// A valid line changed at random: bytes flipped, inserted, deleted, cut, repeated.
    mutating func mutated() -> ([UInt8], RelExpectation) {
        var line = Array(validNote().0.utf8)
        let ops = rng.int(1..<4)
        var cutShort = false
        for _ in 0..<ops {
            guard !line.isEmpty else { break }
            let i = rng.int(0..<line.count)
            switch rng.int(0..<6) {
            case 0: line[i] ^= UInt8(1 << rng.int(0..<8))
            case 1: line.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
            case 2: line.remove(at: i)
            case 3:
                line = Array(line.prefix(i))
                cutShort = ops == 1
            case 4: line.insert(contentsOf: line[i..<min(line.count, i + rng.int(1..<20))], at: i)
            default: line[i] = [0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2C, 0x00, 0xFF][rng.int(0..<10)]
            }
        }
        line.removeAll { $0 == 0x0A }
        // A valid object line cut short can never be complete JSON.
        if cutShort && !line.isEmpty { return (line, .bad("cut short")) }
        return (line, .either)
    }

    mutating func blank() -> ([UInt8], RelExpectation) {
        let options: [[UInt8]] = [[], [0x20], [0x09, 0x20, 0x09], [0x0D], [0x20, 0x20, 0x0D]]
        return (options[rng.int(0..<options.count)], .blank)
    }

    /// A line of the journal, chosen at random among the kinds.
    mutating func line() -> ([UInt8], RelExpectation) {
        switch rng.int(0..<100) {
        case 0..<35:
            let (s, e) = validNote()
            // Some valid lines end in CR LF.
            return (Array(s.utf8) + (rng.chance(0.1) ? [0x0D] : []), e)
        case 35..<42:
            let (s, e) = validOther()
            return (Array(s.utf8), e)
        case 42..<72: return hostile()
        case 72..<95: return mutated()
        default: return blank()
        }
    }
}

/// What a reader that takes one whole line at a time makes of the lines:
/// the reference the streaming reader (random chunks) must agree with.
struct RelReference {
    var state = JournalState()
    var badLines: [Int] = []
    var offsets: [Int] = []

    init(_ lines: [[UInt8]]) {
        var offset = 0
        for (k, raw) in lines.enumerated() {
            offsets.append(offset)
            defer { offset += raw.count + 1 }
            var line = raw
            if line.last == 0x0D { line.removeLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            switch LineDecoder.decode(line) {
            case .success(let e):
                if state.apply(e, line: k + 1, offset: offset) != nil { badLines.append(k + 1) }
            case .failure(let error):
                state.recordBad(BadLine(line: k + 1, offset: offset, reason: error.reason))
                badLines.append(k + 1)
            }
        }
    }
}

/// The reader's private buffer of a pending line, read by reflection: a hostile
/// file must not make it grow past the line limit.
func relBufferedPending(_ r: JournalReader) -> Int? {
    (Mirror(reflecting: r).children.first { $0.label == "pending" }?.value as? [UInt8])?.count
}

/// Feeds bytes in random chunks.
func relFeedChunked(_ reader: inout JournalReader, _ bytes: [UInt8], _ rng: inout SeededGenerator, maxChunk: Int = 8192) {
    var i = 0
    while i < bytes.count {
        let n = rng.chance(0.05) ? 1 : rng.int(1..<(maxChunk + 1))
        let end = min(bytes.count, i + n)
        bytes[i..<end].withUnsafeBufferPointer { reader.feed($0) }
        i = end
    }
}

@Suite("Reliability: hostile lines")
struct ReliabilityFuzzTests {
    @Test(
        "a seeded stream of random, mutated and hostile lines, fed in random chunks: no crash, valid lines apply, bad lines reported by number"
    )
    func seededHostileLines() async throws {
        let rounds = relSoak ? 1_500 : 60
        let linesPerRound = 400
        var gen = RelHostileGenerator(seed: relSeed)
        var chunks = SeededGenerator(seed: relSeed ^ 0x5EED)
        var fuzzed = 0, hostile = 0, mutatedBad = 0, valid = 0
        var kinds = Set<String>()
        var sample: (lines: [[UInt8]], bad: [Int])?
        for round in 0..<rounds {
            var lines: [[UInt8]] = [Array(RelHostileGenerator.header.utf8)]
            var expect: [RelExpectation] = [.valid(nil)]
            for _ in 0..<linesPerRound {
                let (l, e) = gen.line()
                lines.append(l)
                expect.append(e)
            }
            let bytes = lines.flatMap { (l: [UInt8]) -> [UInt8] in l + [0x0A] }
            var reader = JournalReader(keepsLog: true, verifiesChain: true)
            relFeedChunked(&reader, bytes, &chunks)
            let ref = RelReference(lines)
            fuzzed += lines.count

            #expect(reader.lineCount == lines.count, "round \(round): \(reader.lineCount) lines counted, \(lines.count) fed")
            #expect(reader.pendingBytes == 0)
            let bad = reader.state.badLines.map(\.line)
            #expect(bad == ref.badLines, "round \(round): bad lines differ from a line-at-a-time read")
            #expect(reader.state.eventsApplied == ref.state.eventsApplied, "round \(round)")
            for b in reader.state.badLines {
                #expect(b.offset == ref.offsets[b.line - 1], "round \(round): line \(b.line) reported at offset \(b.offset)")
                #expect(!b.reason.isEmpty)
            }
            let badSet = Set(bad)
            let texts = Set(reader.state.orderedIncidents.flatMap { $0.timeline.compactMap { $0.event.string("text") } })
            for (k, e) in expect.enumerated() {
                let n = k + 1
                switch e {
                case .valid(let text):
                    valid += 1
                    #expect(
                        !badSet.contains(n),
                        "round \(round): valid line \(n) reported bad: \(reader.state.badLines.first { $0.line == n }?.reason ?? "")")
                    if let text { #expect(texts.contains(text), "round \(round): valid line \(n) did not apply") }
                case .bad(let kind):
                    hostile += 1
                    kinds.insert(kind)
                    #expect(badSet.contains(n), "round \(round): hostile line \(n) (\(kind)) was not reported")
                case .blank:
                    #expect(!badSet.contains(n), "round \(round): blank line \(n) reported bad")
                case .either:
                    if badSet.contains(n) { mutatedBad += 1 }
                }
            }
            if sample == nil { sample = (lines, bad) }
        }

        // The same stream from disk through `warroom check`: same bad line numbers, nothing raw on the terminal.
        if let sample, let bins = relBinaryPaths {
            let dir = TempDir("fuzzcheck")
            let j = dir.file("fuzz.jsonl")
            try Data(sample.lines.flatMap { (l: [UInt8]) -> [UInt8] in l + [0x0A] }).write(to: URL(fileURLWithPath: j))
            let r = try await relRun(bins.warroom, ["check", "--journal", j])
            #expect(r.status == 1)
            let listed = r.stdout.split(separator: "\n").compactMap { l -> Int? in
                guard l.hasPrefix(j + ":"), l.contains(": offset ") else { return nil }
                return Int(l.dropFirst(j.count + 1).prefix { $0.isNumber })
            }
            #expect(listed == sample.bad)
            #expect(!r.stdoutBytes.contains { $0 < 0x20 && $0 != 0x0A }, "check printed a raw control byte")
            for cmd in [["status"], ["render", "--size", "100x30"], ["report"]] {
                let v = try await relRun(bins.warroom, cmd + ["--journal", j])
                #expect(
                    v.signal == nil && v.status == 0,
                    "\(cmd[0]) on the fuzz journal: status \(v.status) signal \(v.signal ?? 0): \(v.stderr.suffix(500))")
                #expect(!v.stdoutBytes.contains(0x1B), "\(cmd[0]) printed a raw ESC")
            }
        }
        relFigure(
            "hostile lines: \(fuzzed) lines fuzzed in \(rounds) seeded rounds (seed \(relSeed)): \(valid) valid applied, \(hostile) hostile of \(kinds.count) kinds all reported, \(mutatedBad) mutated lines bad; reader agrees with a line-at-a-time read on every round"
        )
    }

    @Test("10 MB lines fed in chunks: bounded buffer, one bad line with the right number, the lines after it apply")
    func overlongLines() async throws {
        var rng = SeededGenerator(seed: relSeed ^ 0x10)
        let size = 10 * 1024 * 1024
        let variants: [(String, [UInt8])] = [
            ("plain bytes", [UInt8](repeating: 0x61, count: size)),
            (
                "a note with a 10 MB text",
                Array((#"{"v":1,"ts":"2026-11-22T08:00:05Z","type":"note","actor":"big","incident":"INC-1","data":{"text":""#).utf8)
                    + [UInt8](repeating: 0x62, count: size) + Array(#""}}"#.utf8)
            ),
            ("10 MB of [", [UInt8](repeating: 0x5B, count: size)),
        ]
        var maxBuffered = 0
        for (name, long) in variants {
            let before = journalPrefix()
            var reader = JournalReader(verifiesChain: true)
            reader.feed(before)
            #expect(reader.lineCount == 2)
            var fed = 0
            while fed < long.count {
                let n = min(long.count - fed, rng.int(1..<(1 << 20)))
                long[fed..<(fed + n)].withUnsafeBufferPointer { reader.feed($0) }
                fed += n
                #expect(reader.pendingBytes == fed, "\(name): pendingBytes \(reader.pendingBytes) after \(fed) bytes")
                if let buffered = relBufferedPending(reader) {
                    maxBuffered = max(maxBuffered, buffered)
                    #expect(buffered <= LineDecoder.maxLineBytes + 1, "\(name): the reader buffers \(buffered) bytes of a pending line")
                } else {
                    Issue.record("cannot see the reader's pending buffer by reflection")
                }
            }
            let after = Array(
                (#"{"v":1,"ts":"2026-11-22T08:00:09Z","type":"note","actor":"x","incident":"INC-1","data":{"text":"after the long line"}}"#)
                    .utf8)
            reader.feed([0x0A] + after + [0x0A])
            #expect(reader.state.badLines.count == 1, "\(name)")
            #expect(reader.state.badLines.first?.line == 3, "\(name)")
            #expect(reader.state.badLines.first?.offset == before.count)
            #expect(
                reader.state.badLines.first?.reason == "line is \(long.count) bytes, over the 64 KiB limit",
                "\(name): \(reader.state.badLines.first?.reason ?? "")")
            #expect(reader.lineCount == 4)
            #expect(reader.state.eventsApplied == 3, "\(name): the lines after the long one must apply")
            #expect(reader.pendingBytes == 0)
        }

        // From disk, through the file reader and `warroom check`.
        let dir = TempDir("long")
        let j = dir.file("long.jsonl")
        try Data(
            journalPrefix() + variants[1].1 + [0x0A]
                + Array(#"{"v":1,"ts":"2026-11-22T08:00:09Z","type":"note","actor":"x","incident":"INC-1","data":{"text":"after"}}"#.utf8)
                + [0x0A]
        )
        .write(to: URL(fileURLWithPath: j))
        let file = JournalFile(path: j, verifiesChain: true)
        try file.refresh()
        #expect(file.state.badLines.map(\.line) == [3])
        #expect(file.state.eventsApplied == 3)
        if let bins = relBinaryPaths {
            let r = try await relRun(bins.warroom, ["check", "--journal", j])
            #expect(r.status == 1)
            #expect(
                r.stdout.contains("\(j):3: offset \(journalPrefix().count): line is \(variants[1].1.count) bytes, over the 64 KiB limit"),
                "\(r.stdout)")
        }
        relFigure(
            "long lines: 3 x 10 MB lines fed in random chunks up to 1 MB; the reader never buffered more than \(maxBuffered) bytes of a pending line"
        )
    }

    func journalPrefix() -> [UInt8] {
        Array(
            (RelHostileGenerator.header + "\n"
                + #"{"v":1,"ts":"2026-11-22T08:00:01Z","type":"note","actor":"x","incident":"INC-1","data":{"text":"before"}}"# + "\n").utf8
        )
    }

    @Test("5 MB of random bytes as the journal: no crash, every non-blank line bad, check/status/render survive")
    func binaryJournal() async throws {
        var rng = SeededGenerator(seed: relSeed ^ 0xB1)
        let size = relSoak ? 50 * 1024 * 1024 : 5 * 1024 * 1024
        // Random bytes in 64 KiB pieces, a valid note between each two, after the declaration.
        var bytes = Array((RelHostileGenerator.header + "\n").utf8)
        var notes = 0
        while bytes.count < size {
            bytes += rng.bytes(64 * 1024)
            notes += 1
            bytes += Array(("\n" + relNote("among the noise \(notes)").jsonLine() + "\n").utf8)
        }
        let dir = TempDir("binary")
        let j = dir.file("random.bin")
        try Data(bytes).write(to: URL(fileURLWithPath: j))

        let file = JournalFile(path: j, keepsLog: true, verifiesChain: true)
        try file.refresh()
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        let pendingTail = lines.removeLast()
        let ref = RelReference(lines)
        #expect(file.reader.lineCount == lines.count)
        #expect(file.reader.pendingBytes == pendingTail.count)
        // Every bad line is counted; the first 1,000 and the last 100 are kept (BadLineLog).
        let kept =
            Array(ref.badLines.prefix(BadLineLog.headLimit)) + ref.badLines.dropFirst(BadLineLog.headLimit).suffix(BadLineLog.tailLimit)
        #expect(file.state.badLineCount == ref.badLines.count)
        #expect(file.state.badLines.map(\.line) == kept)
        #expect(file.state.eventsApplied == 1 + notes, "the valid lines among the noise apply")
        var rng2 = SeededGenerator(seed: relSeed ^ 0xB2)
        var chunked = JournalReader()
        relFeedChunked(&chunked, bytes, &rng2, maxChunk: 1 << 16)
        #expect(chunked.state.badLines.map(\.line) == kept && chunked.state.badLineCount == ref.badLines.count)

        if let bins = relBinaryPaths {
            let r = try await relRun(bins.warroom, ["check", "--journal", j])
            #expect(r.status == 1 && r.signal == nil)
            #expect(r.stdout.contains("\(ref.badLines.count) bad lines"), "\(r.stdout.suffix(300))")
            #expect(!r.stdoutBytes.contains { $0 < 0x20 && $0 != 0x0A }, "check printed a raw control byte")
            for cmd in [["status"], ["render", "--size", "120x40"]] {
                let v = try await relRun(bins.warroom, cmd + ["--journal", j])
                #expect(v.signal == nil && v.status == 0, "\(cmd[0]): \(v.status) \(v.signal ?? 0) \(v.stderr.suffix(300))")
                #expect(!v.stdoutBytes.contains(0x1B))
            }
        }
        relFigure(
            "binary journal: \(size / (1 << 20)) MB of random bytes = \(lines.count) lines, \(ref.badLines.count) reported bad, all \(1 + notes) valid lines among them applied"
        )
    }

    // MARK: Hostile but valid values through every view

    /// Journals whose lines are all valid but carry extreme values.
    static func extremeJournal(_ body: [String], drill: Bool = false) -> String {
        var lines: [String] = []
        if drill {
            lines.append(
                #"{"v":1,"ts":"2026-11-01T08:00:00Z","type":"drill.started","actor":"a","data":{"scenario":"s","speed":1,"incident":"INC-1"}}"#
            )
        }
        lines.append(
            #"{"v":1,"ts":"2026-11-01T08:00:00Z","type":"incident.declared","actor":"a","incident":"INC-1","data":{"title":"Extreme","severity":2\#(drill ? #","drill":true"# : "")}}"#
        )
        return (lines + body).joined(separator: "\n") + "\n"
    }

    static let views: [[String]] = [
        ["status"], ["status", "--json"], ["render", "--size", "120x40"], ["render", "--size", "60x18", "--ascii"],
        ["report"], ["report", "--format", "html"], ["report", "--format", "json"], ["check"],
    ]

    /// Runs every view on the journal; returns the ones that died of a signal.
    static func crashingViews(_ journal: String, in dir: TempDir, name: String) async throws -> [String] {
        let bins = try relBinaries()
        let j = dir.file("\(name).jsonl")
        try Data(journal.utf8).write(to: URL(fileURLWithPath: j))
        var crashed: [String] = []
        for v in views {
            let r = try await relRun(bins.warroom, v + ["--journal", j])
            if r.signal != nil || r.status > 2 {
                let at =
                    r.stderr.split(separator: "\n").first { $0.contains("Fatal error") || $0.contains("/Sources/") }.map(String.init) ?? ""
                crashed.append("\(name): warroom \(v.joined(separator: " ")) died (status \(r.status), signal \(r.signal ?? 0)) \(at)")
            }
        }
        return crashed
    }

    @Test("extreme but valid values (1.8e308, 5e-324, -0, years 0001 and 9999) do not crash status, render, report or check")
    func extremeValuesInViews() async throws {
        let dir = TempDir("extreme")
        let cases: [(String, String)] = [
            (
                "counters",
                Self.extremeJournal([
                    #"{"v":1,"ts":"2026-11-01T08:01:00Z","type":"counter.set","actor":"a","incident":"INC-1","data":{"name":"max","value":1.7976931348623157e308}}"#,
                    #"{"v":1,"ts":"2026-11-01T08:02:00Z","type":"counter.set","actor":"a","incident":"INC-1","data":{"name":"max","value":5e-324}}"#,
                    #"{"v":1,"ts":"2026-11-01T08:03:00Z","type":"counter.set","actor":"a","incident":"INC-1","data":{"name":"zero","value":-0}}"#,
                ])
            ),
            (
                "far times",
                #"{"v":1,"ts":"0001-01-01T00:00:00Z","type":"incident.declared","actor":"a","incident":"INC-1","data":{"title":"T","severity":2,"started_at":"0000-01-01T00:00:00Z"}}"#
                    + "\n"
                    + #"{"v":1,"ts":"9999-12-31T23:59:60Z","type":"incident.phase","actor":"a","incident":"INC-1","data":{"phase":"verified"}}"#
                    + "\n"
                    + #"{"v":1,"ts":"9999-12-31T23:59:59.999999999+23:59","type":"note","actor":"a","incident":"INC-1","data":{"text":"far"}}"#
                    + "\n"
            ),
            (
                "long names",
                Self.extremeJournal([
                    #"{"v":1,"ts":"2026-11-01T08:01:00Z","type":"role.assigned","actor":"a","incident":"INC-1","data":{"role":"\#(String(repeating: "r", count: 256))","member":"\#(String(repeating: "回", count: 256))"}}"#,
                    #"{"v":1,"ts":"2026-11-01T08:01:00Z","type":"note","actor":"\#(String(repeating: "👩‍👩‍👧", count: 500))","incident":"INC-1","data":{"text":"\#(String(repeating: "e\u{301}", count: 20_000))"}}"#,
                ])
            ),
        ]
        var crashed: [String] = []
        for (name, journal) in cases { crashed += try await Self.crashingViews(journal, in: dir, name: name) }
        #expect(crashed.isEmpty, "\(crashed.joined(separator: "\n"))")
    }

    @Test
    func hugeChecklistDue() async throws {
        let dir = TempDir("due")
        let crashed = try await Self.crashingViews(
            Self.extremeJournal([
                #"{"v":1,"ts":"2026-11-01T08:01:00Z","type":"checklist.added","actor":"a","incident":"INC-1","data":{"item":"x","text":"due far away","due":"99999999999999999999h"}}"#
            ]), in: dir, name: "due")
        #expect(crashed.isEmpty, "\(crashed.joined(separator: "\n"))")
    }

    @Test
    func hugeDrillSpeed() async throws {
        let dir = TempDir("speed")
        let journal = Self.extremeJournal([], drill: true).replacingOccurrences(of: #""speed":1,"#, with: #""speed":1e308,"#)
        #expect(journal.contains("1e308"))
        let crashed = try await Self.crashingViews(
            journal,
            in: dir, name: "speed")
        #expect(crashed.isEmpty, "\(crashed.joined(separator: "\n"))")
    }

    @Test
    func negativeCounterChart() async throws {
        let dir = TempDir("counter")
        let crashed = try await Self.crashingViews(
            Self.extremeJournal([
                #"{"v":1,"ts":"2026-11-01T08:01:00Z","type":"counter.set","actor":"a","incident":"INC-1","data":{"name":"refunds","value":1}}"#,
                #"{"v":1,"ts":"2026-11-01T08:02:00Z","type":"counter.set","actor":"a","incident":"INC-1","data":{"name":"refunds","value":-1e19}}"#,
            ]), in: dir, name: "counter")
        #expect(crashed.isEmpty, "\(crashed.joined(separator: "\n"))")
    }
}
