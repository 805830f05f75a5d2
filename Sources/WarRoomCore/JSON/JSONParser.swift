/// Why a line is not acceptable JSON, with the column (1-based byte) where it went wrong.
public struct JSONParseError: Error, Equatable, Sendable {
    public var message: String
    public var column: Int
}

/// A strict, bounded JSON parser for one journal line.
///
/// Written for the journal rather than taken from Foundation: it bounds nesting
/// (a hostile line cannot exhaust the stack), rejects duplicate members (two
/// readers must never disagree on what a line says), tells a NUL byte or
/// invalid UTF-8 apart from other syntax errors, and keeps member order.
public struct JSONParser {
    public static let maxDepth = 64

    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buf) throws(JSONParseError) -> JSONValue in
            try parse(buf)
        }
    }

    public static func parse(_ buf: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var p = JSONParser(buf: buf)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.i < buf.count { throw p.fail(tr("unexpected text after the JSON value")) }
        return v
    }

    private let buf: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var scratch: [UInt8] = []

    private init(buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    private func fail(_ message: String) -> JSONParseError {
        if i < buf.count {
            if buf[i] == 0 { return JSONParseError(message: tr("NUL byte in line"), column: i + 1) }
            if buf[i] >= 0x80 && !JSONParser.validUTF8(buf) {
                return JSONParseError(message: tr("invalid UTF-8"), column: i + 1)
            }
        }
        return JSONParseError(message: message, column: i + 1)
    }

    private static func validUTF8(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        makeString(buf) != nil
    }

    /// A String from UTF-8 bytes, or nil when they are not valid UTF-8. Faster
    /// than the generic `String(validating:as:)` on the hot path of every line.
    @inline(__always)
    static func makeString(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            let len: Int
            if c >= 0xC2 && c <= 0xDF {
                len = 2
            } else if c >= 0xE0 && c <= 0xEF {
                len = 3
            } else if c >= 0xF0 && c <= 0xF4 {
                len = 4
            } else {
                return nil
            }
            guard i + len <= n else { return nil }
            for k in 1..<len where b[i + k] & 0xC0 != 0x80 { return nil }
            // Overlong forms, surrogates and code points past U+10FFFF.
            if len == 3 {
                let c1 = b[i + 1]
                if (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) { return nil }
            } else if len == 4 {
                let c1 = b[i + 1]
                if (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F) { return nil }
            }
            i += len
        }
        return String(decoding: b, as: UTF8.self)
    }

    private mutating func skipSpace() {
        while i < buf.count {
            switch buf[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        guard i < buf.count else { throw fail(tr("line ends before the JSON value is complete")) }
        switch buf[i] {
        case UInt8(ascii: "{"):
            if depth >= JSONParser.maxDepth { throw fail(tr("nested deeper than {max} levels", ["max": String(JSONParser.maxDepth)])) }
            return .object(try object(depth: depth + 1))
        case UInt8(ascii: "["):
            if depth >= JSONParser.maxDepth { throw fail(tr("nested deeper than {max} levels", ["max": String(JSONParser.maxDepth)])) }
            return .array(try array(depth: depth + 1))
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number())
        default:
            throw fail(tr("unexpected character where a JSON value should start"))
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= buf.count else { throw fail(tr("line ends inside a literal")) }
        let w = word.utf8Start
        for k in 0..<n where buf[i + k] != w[k] { throw fail(tr("unknown literal (expected true, false or null)")) }
        i += n
    }

    private mutating func object(depth: Int) throws(JSONParseError) -> JSONObject {
        i += 1
        var members: [(key: String, value: JSONValue)] = []
        skipSpace()
        if i < buf.count && buf[i] == UInt8(ascii: "}") {
            i += 1
            return JSONObject()
        }
        while true {
            skipSpace()
            guard i < buf.count, buf[i] == UInt8(ascii: "\"") else { throw fail(tr("expected a member name in quotes")) }
            let keyStart = i
            let key = try string()
            for m in members where m.key == key {
                i = keyStart
                throw fail(tr("duplicate member \"{name}\"", ["name": key]))
            }
            skipSpace()
            guard i < buf.count, buf[i] == UInt8(ascii: ":") else { throw fail(tr("expected ':' after a member name")) }
            i += 1
            skipSpace()
            let v = try value(depth: depth)
            members.append((key: key, value: v))
            skipSpace()
            guard i < buf.count else { throw fail(tr("line ends inside an object")) }
            if buf[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if buf[i] == UInt8(ascii: "}") {
                i += 1
                break
            }
            throw fail(tr("expected ',' or '}' in an object"))
        }
        return JSONObject(labeled: members)
    }

    private mutating func array(depth: Int) throws(JSONParseError) -> [JSONValue] {
        i += 1
        var out: [JSONValue] = []
        skipSpace()
        if i < buf.count && buf[i] == UInt8(ascii: "]") {
            i += 1
            return out
        }
        while true {
            skipSpace()
            out.append(try value(depth: depth))
            skipSpace()
            guard i < buf.count else { throw fail(tr("line ends inside an array")) }
            if buf[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if buf[i] == UInt8(ascii: "]") {
                i += 1
                return out
            }
            throw fail(tr("expected ',' or ']' in an array"))
        }
    }

    private mutating func string() throws(JSONParseError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < buf.count {
            let c = buf[i]
            if c == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: buf[start..<i])
                guard let s = JSONParser.makeString(slice) else {
                    i = start
                    throw JSONParseError(message: tr("invalid UTF-8"), column: start + 1)
                }
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 {
                if c == 0 { throw JSONParseError(message: tr("NUL byte in line"), column: i + 1) }
                throw fail(tr("unescaped control character in a string"))
            }
            i += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<i]))
        while i < buf.count {
            let c = buf[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                guard let s = scratch.withUnsafeBufferPointer({ JSONParser.makeString($0) }) else {
                    throw JSONParseError(message: tr("invalid UTF-8"), column: start + 1)
                }
                return s
            }
            if c < 0x20 {
                if c == 0 { throw JSONParseError(message: tr("NUL byte in line"), column: i + 1) }
                throw fail(tr("unescaped control character in a string"))
            }
            if c != UInt8(ascii: "\\") {
                scratch.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < buf.count else { throw fail(tr("line ends inside a string escape")) }
            let e = buf[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    if i + 1 < buf.count, buf[i] == UInt8(ascii: "\\"), buf[i + 1] == UInt8(ascii: "u") {
                        let save = i
                        i += 2
                        let low = try hex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            i = save
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    scalar = 0xFFFD
                }
                appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}")
            default:
                i -= 1
                throw fail(tr("unknown escape in a string"))
            }
        }
        throw fail(tr("line ends inside a string"))
    }

    private mutating func appendUTF8(_ s: Unicode.Scalar) {
        scratch.append(contentsOf: s.utf8)
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= buf.count else { throw fail(tr("line ends inside a \\u escape")) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = buf[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail(tr("bad hex digit in a \\u escape"))
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    private mutating func number() throws(JSONParseError) -> Double {
        let start = i
        if buf[i] == UInt8(ascii: "-") { i += 1 }
        guard i < buf.count else { throw fail(tr("line ends inside a number")) }
        if buf[i] == UInt8(ascii: "0") {
            i += 1
        } else if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(buf[i]) {
            while i < buf.count && isDigit(buf[i]) { i += 1 }
        } else {
            throw fail(tr("bad number"))
        }
        if i < buf.count && buf[i] == UInt8(ascii: ".") {
            i += 1
            guard i < buf.count, isDigit(buf[i]) else { throw fail(tr("bad number: digits must follow '.'")) }
            while i < buf.count && isDigit(buf[i]) { i += 1 }
        }
        if i < buf.count && (buf[i] == UInt8(ascii: "e") || buf[i] == UInt8(ascii: "E")) {
            i += 1
            if i < buf.count && (buf[i] == UInt8(ascii: "+") || buf[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < buf.count, isDigit(buf[i]) else { throw fail(tr("bad number: digits must follow the exponent")) }
            while i < buf.count && isDigit(buf[i]) { i += 1 }
        }
        if i - start > 64 {
            i = start
            throw fail(tr("number longer than 64 characters"))
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            i = start
            throw fail(tr("number out of range"))
        }
        return d
    }

    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}
