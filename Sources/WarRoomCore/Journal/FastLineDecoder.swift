import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The plain line, decoded in one pass straight into the envelope, with no
/// tree of values built for the line and thrown away.
///
/// Nearly every line a warroom writer produces is plain: envelope members
/// of known names, scalar values, strings without escapes, a flat `data`
/// object. This decoder takes only such lines and returns nil for anything
/// else (an escape, a nested value, an unknown or repeated member, a syntax
/// error, invalid UTF-8...). The general decoder then reads that line and, if
/// it is bad, gives the exact reason. The fast path holds a line to the rules of
/// `LineDecoder.envelope`, so a line it accepts gives the same event as the
/// general decoder; the differential tests in `FastLineDecoderTests` hold it to that.
enum FastLineDecoder {
    static func decode(_ b: UnsafeBufferPointer<UInt8>) -> Event? {
        var s = Scanner(b: b)
        return s.event()
    }

    /// The names and values that recur on every line (event types, data member names, phases,
    /// kinds, presences, audiences), made once: a line's copy of one is matched by its bytes
    /// and the stored string shared, instead of a new string validated and built each time.
    struct Known {
        let bytes: [UInt8]
        let string: String
        let kind: EventType?
    }

    static let known: [[Known]] = {
        var words = Set<String>()
        for t in EventType.allCases {
            words.insert(t.rawValue)
            for m in EventSchema.members(of: t) { words.insert(m.name) }
        }
        for w in Phase.allCases.map(\.rawValue) + NoteKind.allCases.map(\.rawValue) + Presence.allCases.map(\.rawValue)
            + Audience.allCases.map(\.rawValue) + ["drill_inject"]
        {
            words.insert(w)
        }
        var byLength = [[Known]](repeating: [], count: 33)
        for w in words.sorted() where w.utf8.count < byLength.count {
            byLength[w.utf8.count].append(Known(bytes: Array(w.utf8), string: w, kind: EventType(rawValue: w)))
        }
        return byLength
    }()

    @inline(__always)
    static func lookup(_ raw: UnsafeBufferPointer<UInt8>) -> Known? {
        guard raw.count > 0, raw.count < known.count else { return nil }
        for k in known[raw.count] where k.bytes[0] == raw[0] {
            let same = k.bytes.withUnsafeBufferPointer { kb -> Bool in
                guard let pk = kb.baseAddress, let pr = raw.baseAddress else { return false }
                return memcmp(pk, pr, raw.count) == 0
            }
            if same { return k }
        }
        return nil
    }

    private struct Scanner {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0

        init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

        @inline(__always) mutating func skipSpace() {
            while i < b.count {
                let c = b[i]
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1 } else { return }
            }
        }

        @inline(__always) mutating func take(_ c: UInt8) -> Bool {
            skipSpace()
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }

        /// Whether the last `rawString` was all ASCII (then it is valid UTF-8 as it stands).
        var lastWasASCII = true

        /// A string without escapes or control characters; the bytes between the quotes.
        @inline(__always) mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
            guard i < b.count, b[i] == 0x22 else { return nil }
            i += 1
            let start = i
            var high: UInt8 = 0
            // Eight bytes at a time while none is a quote, a backslash or a control character
            // (the usual word tricks: each test is exact about whether any byte matches, and a
            // word with a match is looked at byte by byte below).
            if let base = b.baseAddress {
                let raw = UnsafeRawPointer(base)
                var high8: UInt64 = 0
                while i + 8 <= b.count {
                    let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if Scanner.special(x) != 0 { break }
                    high8 |= x
                    i += 8
                }
                if high8 & 0x8080_8080_8080_8080 != 0 { high = 0x80 }
            }
            while i < b.count {
                let c = b[i]
                if c == 0x22 {
                    let r = UnsafeBufferPointer(rebasing: b[start..<i])
                    i += 1
                    lastWasASCII = high < 0x80
                    return r
                }
                if c == 0x5C || c < 0x20 { return nil }
                high |= c
                i += 1
            }
            return nil
        }

        /// Nonzero when a byte of `x` is `"`, `\` or below 0x20.
        @inline(__always) static func special(_ x: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let q = x ^ (ones &* 0x22)
            let bs = x ^ (ones &* 0x5C)
            let zq = (q &- ones) & ~q
            let zb = (bs &- ones) & ~bs
            let lt = (x &- ones &* 0x20) & ~x
            return (zq | zb | lt) & highs
        }

        /// The string of the last `rawString`: shared when it is a known word, not validated again when ASCII.
        @inline(__always) func text(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
            if let k = FastLineDecoder.lookup(raw) { return k.string }
            return lastWasASCII ? String(decoding: raw, as: UTF8.self) : JSONParser.makeString(raw)
        }

        /// The envelope member whose quoted name starts at `i`, matched in place (no scan for
        /// the closing quote); nil for any other name. Moves past the name.
        @inline(__always) mutating func envelopeKey() -> Int? {
            guard i + 2 < b.count, b[i] == 0x22, let base = b.baseAddress else { return nil }
            let p = base + i + 1
            let left = b.count - i - 1
            @inline(__always) func name(_ lit: StaticString) -> Int? {
                let n = lit.utf8CodeUnitCount
                return n <= left && memcmp(lit.utf8Start, p, n) == 0 ? n : nil
            }
            var k: Int
            var n: Int?
            switch p[0] {
            case UInt8(ascii: "v"): (k, n) = (0, name("v\""))
            case UInt8(ascii: "t"):
                if p[1] == UInt8(ascii: "s") { (k, n) = (1, name("ts\"")) } else { (k, n) = (2, name("type\"")) }
            case UInt8(ascii: "a"): (k, n) = (3, name("actor\""))
            case UInt8(ascii: "l"): (k, n) = (4, name("login\""))
            case UInt8(ascii: "i"):
                if p[1] == UInt8(ascii: "d") { (k, n) = (5, name("id\"")) } else { (k, n) = (6, name("incident\"")) }
            case UInt8(ascii: "d"): (k, n) = (7, name("data\""))
            case UInt8(ascii: "s"): (k, n) = (8, name("seq\""))
            case UInt8(ascii: "p"): (k, n) = (9, name("prev\""))
            default: return nil
            }
            guard let length = n else { return nil }
            i += 1 + length
            return k
        }

        /// The whole line as an event, each envelope member read straight into its field and
        /// held to the rules of `LineDecoder.envelope`; nil for anything those rules would reject
        /// or that is not plain (the general decoder then gives the reason).
        mutating func event() -> Event? {
            var seen: UInt16 = 0
            var v = 0
            var ts = Date(timeIntervalSince1970: 0)
            var type = ""
            var kind: EventType?
            var actor = ""
            var login, id, incident, prev: String?
            var seq: Int?
            var data = JSONObject()
            guard take(0x7B) else { return nil }
            skipSpace()
            if i < b.count && b[i] == 0x7D { return nil }
            while true {
                skipSpace()
                guard let k = envelopeKey() else { return nil }
                let bit: UInt16 = 1 << UInt16(k)
                if seen & bit != 0 { return nil }
                seen |= bit
                guard take(0x3A) else { return nil }
                skipSpace()
                guard i < b.count else { return nil }
                let isNull = b[i] == UInt8(ascii: "n")
                if isNull {
                    // null stands for absent in the optional members; in the others it is an error.
                    guard k == 4 || k == 5 || k == 6 || k == 7 || k == 8 || k == 9, word("null") else { return nil }
                } else {
                    switch k {
                    case 0:
                        guard let n = count(), n >= 1, n <= Event.formatVersion else { return nil }
                        v = n
                    case 1:
                        if i + 26 <= b.count, b[i] == 0x22, b[i + 25] == 0x22,
                            let d = RFC3339.parseWritten(UnsafeBufferPointer(rebasing: b[(i + 1)..<(i + 25)]))
                        {
                            // The written form, read in place without looking for the closing quote.
                            ts = d
                            i += 26
                        } else {
                            guard let raw = rawString(), let d = RFC3339.parse(bytes: raw) else { return nil }
                            ts = d
                        }
                    case 2:
                        guard let raw = rawString(), raw.count > 0 else { return nil }
                        if let known = FastLineDecoder.lookup(raw) {
                            type = known.string
                            kind = known.kind
                        } else {
                            guard let t = text(raw) else { return nil }
                            type = t
                            kind = EventType(rawValue: t)
                        }
                    case 3:
                        guard let raw = rawString(), let a = text(raw), !EventSchema.isBlank(a) else { return nil }
                        actor = a
                    case 4, 5:
                        guard let raw = rawString(), let t = text(raw) else { return nil }
                        if k == 4 { login = t } else { id = t }
                    case 6:
                        guard let raw = rawString(), let t = text(raw), (try? EventSchema.validateIncidentID(t)) != nil else {
                            return nil
                        }
                        incident = t
                    case 7:
                        guard b[i] == 0x7B, let o = flatObject() else { return nil }
                        data = o
                    case 8:
                        guard let n = count(), n >= 1 else { return nil }
                        seq = n
                    default:
                        guard let raw = rawString(), raw.count == 64,
                            raw.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
                        else { return nil }
                        prev = String(decoding: raw, as: UTF8.self)
                    }
                }
                guard let more = nextMember() else { return nil }
                if more { continue }
                skipSpace()
                guard i == b.count else { return nil }
                break
            }
            // v, ts, type and actor are required; an incident where the type needs one.
            guard seen & 0b1111 == 0b1111 else { return nil }
            if incident == nil, let kind, kind.needsIncident { return nil }
            if let kind {
                guard (try? EventSchema.validate(type: kind, data: data)) != nil else { return nil }
            }
            return Event(
                v: v, ts: ts, type: type, kind: kind, actor: actor, login: login, incident: incident, id: id, seq: seq,
                prev: prev, data: data)
        }

        /// A plain non-negative integer of up to 15 digits (no sign, fraction or exponent).
        mutating func count() -> Int? {
            guard case .number(let d)? = integer(), d >= 0 else { return nil }
            return Int(d)
        }

        /// An object of scalar members with plain names, none repeated.
        mutating func flatObject() -> JSONObject? {
            i += 1
            skipSpace()
            if i < b.count && b[i] == 0x7D {
                i += 1
                return JSONObject()
            }
            var members: [(key: String, value: JSONValue)] = []
            members.reserveCapacity(6)
            while true {
                skipSpace()
                guard let raw = rawString(), let key = text(raw) else { return nil }
                for m in members where m.key == key { return nil }
                guard take(0x3A) else { return nil }
                skipSpace()
                guard let v = scalar() else { return nil }
                members.append((key: key, value: v))
                guard let more = nextMember() else { return nil }
                if more { continue }
                return JSONObject(labeled: members)
            }
        }

        /// After a member: true when a comma says another follows, false at the closing
        /// brace (passed), nil for anything else.
        @inline(__always) mutating func nextMember() -> Bool? {
            skipSpace()
            guard i < b.count else { return nil }
            if b[i] == 0x2C {
                i += 1
                return true
            }
            guard b[i] == 0x7D else { return nil }
            i += 1
            return false
        }

        mutating func scalar() -> JSONValue? {
            guard i < b.count else { return nil }
            switch b[i] {
            case 0x22:
                guard let raw = rawString(), let s = text(raw) else { return nil }
                return .string(s)
            case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return word("null") ? .null : nil
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer()
            default: return nil
            }
        }

        mutating func word(_ w: StaticString) -> Bool {
            let n = w.utf8CodeUnitCount
            guard i + n <= b.count, let base = b.baseAddress, memcmp(w.utf8Start, base + i, n) == 0 else { return false }
            i += n
            return true
        }

        /// Integers of up to 15 digits, exact as a Double; anything else goes the general way.
        mutating func integer() -> JSONValue? {
            var k = i
            let negative = b[k] == UInt8(ascii: "-")
            if negative { k += 1 }
            let first = k
            var v = 0
            while k < b.count, b[k] >= 0x30, b[k] <= 0x39 {
                v = v * 10 + Int(b[k] - 0x30)
                k += 1
                if k - first > 15 { return nil }
            }
            let digits = k - first
            guard digits > 0, !(digits > 1 && b[first] == 0x30), !(negative && v == 0) else { return nil }
            if k < b.count, b[k] == UInt8(ascii: ".") || b[k] == UInt8(ascii: "e") || b[k] == UInt8(ascii: "E") {
                return nil
            }
            i = k
            return .number(Double(negative ? -v : v))
        }
    }
}
