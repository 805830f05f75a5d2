import Foundation
import Testing

@testable import WarRoomCore

@Suite("JSON parser and writer")
struct JSONParserTests {
    func parse(_ s: String) throws -> JSONValue {
        try JSONParser.parse(Array(s.utf8))
    }

    func parseError(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    func parseError(_ s: String) -> JSONParseError? { parseError(Array(s.utf8)) }

    @Test func parsesEveryValueKind() throws {
        let v = try parse(#" {"a": null, "b": true, "c": false, "d": -12.5e1, "e": "x", "f": [1, [], {}], "g": {"h": 0}} "#)
        let o = try #require(v.objectValue)
        #expect(o.keys == ["a", "b", "c", "d", "e", "f", "g"])
        #expect(o["a"] == .null)
        #expect(o["b"] == .bool(true))
        #expect(o["c"] == .bool(false))
        #expect(o["d"] == .number(-125))
        #expect(o["e"] == .string("x"))
        #expect(o["f"] == .array([.number(1), .array([]), .object(JSONObject())]))
        #expect(o["g"]?.objectValue?["h"] == .number(0))
    }

    @Test func keepsMemberOrderAsWritten() throws {
        let o = try #require(try parse(#"{"z":1,"a":2,"m":3}"#).objectValue)
        #expect(o.keys == ["z", "a", "m"])
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let v = try parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#)
        #expect(v == .string("a\"b\\c/d\u{08}\u{0C}\n\r\té😀"))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try parse(#""\ud800x""#) == .string("\u{FFFD}x"))
        #expect(try parse(#""\udc00""#) == .string("\u{FFFD}"))
    }

    @Test func rejectsDuplicateMembers() throws {
        let e = try #require(parseError(#"{"a":1,"b":2,"a":3}"#))
        #expect(e.message.contains("duplicate member \"a\""))
        #expect(e.column == 14)
    }

    @Test func boundsNestingAt64Levels() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(parseError(ok) == nil)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let e = try #require(parseError(deep))
        #expect(e.message.contains("nested deeper than 64"))
        // A hostile line far deeper still fails cleanly rather than exhausting the stack.
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        #expect(parseError(hostile)?.message.contains("nested deeper than 64") == true)
    }

    @Test func tellsNulBytesApart() throws {
        #expect(parseError([UInt8](#"{"a":"x"#.utf8) + [0] + [UInt8](#""}"#.utf8))?.message == "NUL byte in line")
        #expect(parseError([UInt8](#"{"a":1}"#.utf8) + [0])?.message == "NUL byte in line")
        #expect(parseError([0])?.message == "NUL byte in line")
    }

    @Test func tellsInvalidUTF8Apart() throws {
        #expect(parseError([UInt8](#"{"a":""#.utf8) + [0xC3, 0x28] + [UInt8](#""}"#.utf8))?.message == "invalid UTF-8")
        #expect(parseError([UInt8](#"{"a":"x\n"#.utf8) + [0xFF] + [UInt8](#""}"#.utf8))?.message == "invalid UTF-8")
        #expect(parseError([0xFF, 0xFE])?.message == "invalid UTF-8")
    }

    @Test(arguments: [
        ("", "ends before"),
        ("{", "member name"),
        (#"{"a" 1}"#, "expected ':'"),
        (#"{"a":1 "b":2}"#, "expected ',' or '}'"),
        ("[1 2]", "expected ',' or ']'"),
        ("tru", "literal"),
        ("nul", "literal"),
        ("01", "unexpected text after"),
        ("1.", "digits must follow '.'"),
        ("1e", "digits must follow the exponent"),
        ("-", "inside a number"),
        ("1e999", "out of range"),
        (#""abc"#, "ends inside a string"),
        (#""a\x""#, "unknown escape"),
        (#""\u12g4""#, "bad hex digit"),
        ("\"a\tb\"", "unescaped control character"),
        ("{} {}", "unexpected text after"),
        ("@", "where a JSON value should start"),
    ])
    func rejectsMalformedText(text: String, phrase: String) throws {
        let e = try #require(parseError(text))
        #expect(e.message.contains(phrase), "\(text): \(e.message)")
        #expect(e.column >= 1)
    }

    @Test func rejectsOverlongNumbers() throws {
        let e = try #require(parseError(String(repeating: "1", count: 70)))
        #expect(e.message.contains("longer than 64"))
    }

    @Test func writerEscapesControlsAndFormatsIntegers() throws {
        let v: JSONValue = ["n": 3, "f": 2.5, "s": .string("a\nb\u{1B}[2J\u{7F}\u{2028}\"\\"), "b": true, "z": nil]
        let text = JSONWriter.serialize(v)
        #expect(text == #"{"n":3,"f":2.5,"s":"a\nb\u001b[2J\u007f\u2028\"\\","b":true,"z":null}"#)
        #expect(!text.contains("\n"))
        #expect(try parse(text) == v)
    }

    @Test func writerOutputParsesBackToTheSameValue() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0..<20, using: &rng) {
                let pick = Int.random(in: 0..<4, using: &rng)
                let v: UInt32
                switch pick {
                case 0: v = UInt32.random(in: 0..<0x80, using: &rng)
                case 1: v = UInt32.random(in: 0x80..<0x800, using: &rng)
                case 2: v = UInt32.random(in: 0x4E00..<0x9FFF, using: &rng)
                default: v = UInt32.random(in: 0x1F300..<0x1F64F, using: &rng)
                }
                scalars.append(Unicode.Scalar(v)!)
            }
            let value: JSONValue = ["k": .string(String(scalars)), "a": [1, -2, 0.25]]
            #expect(try parse(JSONWriter.serialize(value)) == value)
        }
    }
}
