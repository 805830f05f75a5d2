import Foundation

/// Writes a `Codable` value as compact bytes for `BinaryDecoder`: the checkpoint of the fold
/// (see `Checkpoint`), which must load in a few milliseconds where JSON would take a second.
///
/// The layout follows the calls the value makes, in order: a container is a 4-byte entry count
/// then its entries; a keyed entry is its key (an index into the table of key names written
/// first) then its value; integers are varints, doubles their 8 bytes, strings a length and
/// their UTF-8. Keys are kept because synthesized code skips nil optionals (`encodeIfPresent`)
/// and names an enum's case by its key; the decoder matches them in order. Dictionaries,
/// arrays and optionals are written directly (a count, or a presence byte), not through keyed
/// containers. Values must fill a container before the next entry of its parent, as
/// synthesized conformances do. Arrays of the history types (BinaryFastCodable) are written
/// field by field, without keys.
public struct BinaryEncoder {
    /// Bumped whenever the layout above changes; `BinaryDecoder` refuses any other.
    public static let formatVersion: UInt8 = 2
    static let magic: [UInt8] = Array("WRB".utf8)

    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let w = BinaryWriter()
        try w.encodeValue(value)
        var out = BinaryEncoder.magic
        out.append(BinaryEncoder.formatVersion)
        BinaryWriter.appendVarint(UInt64(w.keys.count), to: &out)
        for k in w.keys {
            BinaryWriter.appendVarint(UInt64(k.utf8.count), to: &out)
            out.append(contentsOf: k.utf8)
        }
        out.reserveCapacity(out.count + w.bytes.count)
        out.append(contentsOf: w.bytes)
        return out
    }
}

/// A dictionary written as a count and its pairs: the standard library's keyed form needs
/// `allKeys`, which a stream read in order cannot give cheaply.
protocol BinaryCodableDictionary {
    func encodeBinary(_ w: BinaryWriter) throws
    static func decodeBinary(_ r: BinaryReader) throws -> Self
}

/// An array written as a count and its elements, without a container per array.
protocol BinaryCodableArray {
    func encodeBinary(_ w: BinaryWriter) throws
    static func decodeBinary(_ r: BinaryReader) throws -> Self
}

/// An optional written as a presence byte and, when present, its value.
protocol BinaryCodableOptional {
    func encodeBinary(_ w: BinaryWriter) throws
    static func decodeBinary(_ r: BinaryReader) throws -> Self
}

extension Dictionary: BinaryCodableDictionary where Key: Codable, Value: Codable {
    func encodeBinary(_ w: BinaryWriter) throws {
        w.writeVarint(UInt64(count))
        // In key order, so equal states give equal bytes: key names get their ids as first met,
        // and a dictionary's hash order (which differs between two equal dictionaries built
        // differently) would otherwise decide which names get the longer varints.
        if let byName = self as? [String: Value] {
            for (k, v) in byName.sorted(by: { $0.key < $1.key }) {
                try w.encodeValue(k)
                try w.encodeValue(v)
            }
            return
        }
        for (k, v) in self {
            try w.encodeValue(k)
            try w.encodeValue(v)
        }
    }

    static func decodeBinary(_ r: BinaryReader) throws -> Self {
        let n = try r.readCount()
        var d = Self(minimumCapacity: n)
        for _ in 0..<n {
            let k = try r.decodeValue(Key.self)
            d[k] = try r.decodeValue(Value.self)
        }
        return d
    }
}

extension Array: BinaryCodableArray where Element: Codable {
    func encodeBinary(_ w: BinaryWriter) throws {
        if let f = Element.self as? any BinaryFastCodable.Type { return w.writeMany(f, self) }
        w.writeVarint(UInt64(count))
        for e in self { try w.encodeValue(e) }
    }

    static func decodeBinary(_ r: BinaryReader) throws -> Self {
        let n = try r.readCount()
        // Arrays of the common leaves in one loop, without a trip through `Any` per element (the
        // places of a year's events are two million integers; each cast cost more than reading one).
        if Element.self == Int.self {
            var a = [Int]()
            a.reserveCapacity(n)
            for _ in 0..<n { a.append(try r.readInteger(Int.self)) }
            return unsafeBitCast(a, to: Self.self)
        }
        if Element.self == String.self {
            var a = [String]()
            a.reserveCapacity(n)
            for _ in 0..<n { a.append(try r.readString()) }
            return unsafeBitCast(a, to: Self.self)
        }
        if let f = r.fastType(Element.self) { return try r.readMany(f, count: n, as: Self.self) }
        var a = Self()
        a.reserveCapacity(n)
        for _ in 0..<n { a.append(try r.decodeValue(Element.self)) }
        return a
    }
}

extension Optional: BinaryCodableOptional where Wrapped: Codable {
    func encodeBinary(_ w: BinaryWriter) throws {
        if let v = self {
            w.bytes.append(1)
            try w.encodeValue(v)
        } else {
            w.bytes.append(0)
        }
    }

    static func decodeBinary(_ r: BinaryReader) throws -> Self {
        try r.readByte() == 0 ? nil : r.decodeValue(Wrapped.self)
    }
}

/// The encoder the values see; one per `encode`, containers append to its bytes.
final class BinaryWriter: Encoder, SingleValueEncodingContainer {
    /// Unchecked: appended to for every value, never accessed twice at once.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    var keys: [String] = []
    private var keyIDs: [String: Int] = [:]

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init() { bytes.reserveCapacity(1 << 16) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(BinaryKeyedEncoder<Key>(writer: self, countAt: startContainer()))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        BinaryUnkeyedEncoder(writer: self, countAt: startContainer())
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    /// A container's count, filled in as entries are added.
    func startContainer() -> Int {
        let at = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0])
        return at
    }

    func countEntry(at position: Int) {
        var n = UInt32(bytes[position]) | UInt32(bytes[position + 1]) << 8 | UInt32(bytes[position + 2]) << 16
        n |= UInt32(bytes[position + 3]) << 24
        n += 1
        for i in 0..<4 { bytes[position + i] = UInt8(truncatingIfNeeded: n >> (8 * UInt32(i))) }
    }

    func writeKey(_ key: some CodingKey) {
        let name = key.stringValue
        let id: Int
        if let known = keyIDs[name] {
            id = known
        } else {
            id = keys.count
            keys.append(name)
            keyIDs[name] = id
        }
        writeVarint(UInt64(id))
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    func writeVarint(_ v: UInt64) { BinaryWriter.appendVarint(v, to: &bytes) }
    func writeInt(_ v: Int64) { writeVarint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    func writeDouble(_ v: Double) {
        let b = v.bitPattern
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: b >> (8 * UInt64(i)))) }
    }

    func writeString(_ s: String) {
        var s = s
        s.withUTF8 { u in
            writeVarint(UInt64(u.count))
            bytes.append(contentsOf: u)
        }
    }

    func encodeValue<T: Encodable>(_ value: T) throws {
        // The common leaves directly, without a trip through their Codable conformance.
        if T.self == String.self, let v = value as? String {
            writeString(v)
        } else if T.self == Int.self, let v = value as? Int {
            writeInt(Int64(v))
        } else if T.self == Date.self, let v = value as? Date {
            writeDouble(v.timeIntervalSinceReferenceDate)
        } else if T.self == Double.self, let v = value as? Double {
            writeDouble(v)
        } else if let d = value as? any BinaryCodableOptional {
            try d.encodeBinary(self)
        } else if let d = value as? any BinaryCodableArray {
            try d.encodeBinary(self)
        } else if let d = value as? any BinaryCodableDictionary {
            try d.encodeBinary(self)
        } else {
            try value.encode(to: self)
        }
    }

    // SingleValueEncodingContainer
    func encodeNil() { bytes.append(0) }
    func encode(_ value: Bool) { bytes.append(value ? 1 : 0) }
    func encode(_ value: String) { writeString(value) }
    func encode(_ value: Double) { writeDouble(value) }
    func encode(_ value: Float) { writeDouble(Double(value)) }
    func encode(_ value: Int) { writeInt(Int64(value)) }
    func encode(_ value: Int8) { writeInt(Int64(value)) }
    func encode(_ value: Int16) { writeInt(Int64(value)) }
    func encode(_ value: Int32) { writeInt(Int64(value)) }
    func encode(_ value: Int64) { writeInt(value) }
    func encode(_ value: UInt) { writeVarint(UInt64(value)) }
    func encode(_ value: UInt8) { writeVarint(UInt64(value)) }
    func encode(_ value: UInt16) { writeVarint(UInt64(value)) }
    func encode(_ value: UInt32) { writeVarint(UInt64(value)) }
    func encode(_ value: UInt64) { writeVarint(value) }
    func encode<T: Encodable>(_ value: T) throws { try encodeValue(value) }
}

struct BinaryKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: BinaryWriter
    let countAt: Int
    var codingPath: [any CodingKey] { [] }

    private func entry(_ key: Key) {
        writer.countEntry(at: countAt)
        writer.writeKey(key)
    }

    /// Nothing, as for a nil skipped by `encodeIfPresent`: the decoder reads a missing key as nil.
    mutating func encodeNil(forKey key: Key) {}
    mutating func encode(_ value: Bool, forKey key: Key) {
        entry(key)
        writer.encode(value)
    }
    mutating func encode(_ value: String, forKey key: Key) {
        entry(key)
        writer.writeString(value)
    }
    mutating func encode(_ value: Double, forKey key: Key) {
        entry(key)
        writer.writeDouble(value)
    }
    mutating func encode(_ value: Float, forKey key: Key) {
        entry(key)
        writer.writeDouble(Double(value))
    }
    mutating func encode(_ value: Int, forKey key: Key) {
        entry(key)
        writer.writeInt(Int64(value))
    }
    mutating func encode(_ value: Int8, forKey key: Key) {
        entry(key)
        writer.writeInt(Int64(value))
    }
    mutating func encode(_ value: Int16, forKey key: Key) {
        entry(key)
        writer.writeInt(Int64(value))
    }
    mutating func encode(_ value: Int32, forKey key: Key) {
        entry(key)
        writer.writeInt(Int64(value))
    }
    mutating func encode(_ value: Int64, forKey key: Key) {
        entry(key)
        writer.writeInt(value)
    }
    mutating func encode(_ value: UInt, forKey key: Key) {
        entry(key)
        writer.writeVarint(UInt64(value))
    }
    mutating func encode(_ value: UInt8, forKey key: Key) {
        entry(key)
        writer.writeVarint(UInt64(value))
    }
    mutating func encode(_ value: UInt16, forKey key: Key) {
        entry(key)
        writer.writeVarint(UInt64(value))
    }
    mutating func encode(_ value: UInt32, forKey key: Key) {
        entry(key)
        writer.writeVarint(UInt64(value))
    }
    mutating func encode(_ value: UInt64, forKey key: Key) {
        entry(key)
        writer.writeVarint(value)
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        entry(key)
        try writer.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        entry(key)
        return writer.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        entry(key)
        return writer.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        writer.countEntry(at: countAt)
        writer.writeVarint(UInt64.max >> 1)
        return writer
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        entry(key)
        return writer
    }
}

struct BinaryUnkeyedEncoder: UnkeyedEncodingContainer {
    let writer: BinaryWriter
    let countAt: Int
    private(set) var count = 0
    var codingPath: [any CodingKey] { [] }

    init(writer: BinaryWriter, countAt: Int) {
        self.writer = writer
        self.countAt = countAt
    }

    private mutating func entry() {
        count += 1
        writer.countEntry(at: countAt)
    }

    mutating func encodeNil() {
        entry()
        writer.encodeNil()
    }
    mutating func encode(_ value: Bool) {
        entry()
        writer.encode(value)
    }
    mutating func encode(_ value: String) {
        entry()
        writer.writeString(value)
    }
    mutating func encode(_ value: Double) {
        entry()
        writer.writeDouble(value)
    }
    mutating func encode(_ value: Int) {
        entry()
        writer.writeInt(Int64(value))
    }
    mutating func encode(_ value: Float) {
        entry()
        writer.writeDouble(Double(value))
    }
    mutating func encode(_ value: Int8) {
        entry()
        writer.writeInt(Int64(value))
    }
    mutating func encode(_ value: Int16) {
        entry()
        writer.writeInt(Int64(value))
    }
    mutating func encode(_ value: Int32) {
        entry()
        writer.writeInt(Int64(value))
    }
    mutating func encode(_ value: Int64) {
        entry()
        writer.writeInt(value)
    }
    mutating func encode(_ value: UInt) {
        entry()
        writer.writeVarint(UInt64(value))
    }
    mutating func encode(_ value: UInt8) {
        entry()
        writer.writeVarint(UInt64(value))
    }
    mutating func encode(_ value: UInt16) {
        entry()
        writer.writeVarint(UInt64(value))
    }
    mutating func encode(_ value: UInt32) {
        entry()
        writer.writeVarint(UInt64(value))
    }
    mutating func encode(_ value: UInt64) {
        entry()
        writer.writeVarint(value)
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        entry()
        try writer.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        entry()
        return writer.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        entry()
        return writer.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        entry()
        return writer
    }
}
