/// Compact JSON serialisation with a fixed shape: members in their stored
/// order, integers without a fraction, every control character escaped, so a
/// value always gives the same bytes and a line never contains a raw newline.
public enum JSONWriter {
    public static func serialize(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func write(_ value: JSONValue, into out: inout String) {
        out += serialize(value)
    }

    /// Into bytes: what every other form goes through (a report of many megabytes is built here).
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: append("null", to: &out)
        case .bool(let b): append(b ? "true" : "false", to: &out)
        case .number(let n): out.append(contentsOf: formatNumber(n).utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (k, v) in a.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                write(v, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (k, m) in o.members.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                writeString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(m.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    private static func append(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    public static func formatNumber(_ n: Double) -> String {
        if n == n.rounded(), abs(n) < 1e15 {
            return String(Int64(n))
        }
        return "\(n)"
    }

    public static func writeString(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        writeString(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        // Most strings need no escape: copied whole. The lead bytes 0xC2 and 0xE2 start every escaped
        // non-ASCII scalar (C1 controls, line and paragraph separators, bidi controls), so a string
        // without them, quotes, backslashes and ASCII controls is written as it is.
        @inline(__always) func plain(_ c: UInt8) -> Bool { c >= 0x20 && c != 0x22 && c != 0x5C && c != 0x7F && c != 0xC2 && c != 0xE2 }
        if s.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(plain) }) ?? s.utf8.allSatisfy(plain) {
            out.append(contentsOf: s.utf8)
            out.append(0x22)
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": append("\\\"", to: &out)
            case "\\": append("\\\\", to: &out)
            case "\n": append("\\n", to: &out)
            case "\r": append("\\r", to: &out)
            case "\t": append("\\t", to: &out)
            case "\u{08}": append("\\b", to: &out)
            case "\u{0C}": append("\\f", to: &out)
            default:
                // Controls and bidi overrides are escaped, so output shown in a terminal stays inert.
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || u.value == 0x2028
                    || u.value == 0x2029 || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
                {
                    append("\\u", to: &out)
                    let h = String(u.value, radix: 16)
                    out.append(contentsOf: (String(repeating: "0", count: 4 - h.count) + h).utf8)
                } else {
                    out.append(contentsOf: u.utf8)
                }
            }
        }
        out.append(0x22)
    }
}
