/// Compact JSON serialisation with a fixed shape: members in their stored
/// order, integers without a fraction, every control character escaped, so a
/// value always gives the same bytes and a line never contains a raw newline.
public enum JSONWriter {
    public static func serialize(_ value: JSONValue) -> String {
        var out = ""
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

    public static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += formatNumber(n)
        case .string(let s): writeString(s, into: &out)
        case .array(let a):
            out += "["
            for (k, v) in a.enumerated() {
                if k > 0 { out += "," }
                write(v, into: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (k, m) in o.members.enumerated() {
                if k > 0 { out += "," }
                writeString(m.key, into: &out)
                out += ":"
                write(m.value, into: &out)
            }
            out += "}"
        }
    }

    public static func formatNumber(_ n: Double) -> String {
        if n == n.rounded(), abs(n) < 1e15 {
            return String(Int64(n))
        }
        return "\(n)"
    }

    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: copied whole. The lead bytes 0xC2 and 0xE2 start every escaped
        // non-ASCII scalar (C1 controls, line and paragraph separators, bidi controls), so a string
        // without them, quotes, backslashes and ASCII controls is written as it is.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0x7F && $0 != 0xC2 && $0 != 0xE2 }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                // Controls and bidi overrides are escaped, so output shown in a terminal stays inert.
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || u.value == 0x2028
                    || u.value == 0x2029 || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
                {
                    out += "\\u"
                    let h = String(u.value, radix: 16)
                    out += String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
