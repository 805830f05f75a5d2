import Foundation

/// Reads what `BinaryEncoder` wrote, in the same order, checking every length against the
/// bytes left: a damaged file is an error, never a crash or a value made up.
public struct BinaryDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decode(type, from: bytes, startingAt: 0)
    }

    /// Decodes the bytes from `start` on, without copying them (a checkpoint's header comes first).
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], startingAt start: Int) throws -> T {
        try bytes.withUnsafeBufferPointer { whole in
            let buf = UnsafeBufferPointer(rebasing: whole[min(start, whole.count)...])
            let r = BinaryReader(buf)
            let magic = BinaryEncoder.magic
            guard buf.count > magic.count, Array(buf[0..<magic.count]) == magic else {
                throw BinaryReader.damaged("not a warroom binary value")
            }
            r.position = magic.count
            let version = try r.readByte()
            guard version == BinaryEncoder.formatVersion else {
                throw BinaryReader.damaged("binary format \(version), this build reads \(BinaryEncoder.formatVersion)")
            }
            let n = try r.readCount()
            r.keys.reserveCapacity(n)
            for _ in 0..<n { r.keys.append(try r.readString()) }
            let value = try r.decodeValue(T.self)
            guard r.position == buf.count else { throw BinaryReader.damaged("\(buf.count - r.position) bytes left over") }
            return value
        }
    }
}

/// The decoder the values see: a cursor over the bytes, valid only inside `BinaryDecoder.decode`.
final class BinaryReader: Decoder, SingleValueDecodingContainer {
    let buf: UnsafeBufferPointer<UInt8>
    /// Unchecked: read and moved for every byte, never handed out as `inout`.
    @exclusivity(unchecked) var position = 0
    var keys: [String] = []

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    static func damaged(_ why: String) -> DecodingError {
        DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: why))
    }

    func readByte() throws -> UInt8 {
        guard position < buf.count else { throw BinaryReader.damaged("ends early") }
        defer { position += 1 }
        return buf[position]
    }

    func readVarint() throws -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < buf.count, shift < 64 else { throw BinaryReader.damaged("bad varint") }
            let b = buf[position]
            position += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    func readInt() throws -> Int64 {
        let z = try readVarint()
        return Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
    }

    /// A count of things that each take at least one byte, so never more than the bytes left.
    func readCount() throws -> Int {
        let n = try readVarint()
        guard n <= UInt64(buf.count - position) else { throw BinaryReader.damaged("count \(n) past the end") }
        return Int(n)
    }

    func readContainerCount() throws -> Int {
        guard position + 4 <= buf.count else { throw BinaryReader.damaged("ends early") }
        var n = 0
        for i in 0..<4 { n |= Int(buf[position + i]) << (8 * i) }
        position += 4
        guard n <= buf.count - position else { throw BinaryReader.damaged("count \(n) past the end") }
        return n
    }

    func readDouble() throws -> Double {
        guard position + 8 <= buf.count else { throw BinaryReader.damaged("ends early") }
        var b: UInt64 = 0
        for i in 0..<8 { b |= UInt64(buf[position + i]) << (8 * UInt64(i)) }
        position += 8
        return Double(bitPattern: b)
    }

    func readString() throws -> String {
        let n = try readCount()
        defer { position += n }
        return String(decoding: UnsafeBufferPointer(rebasing: buf[position..<position + n]), as: UTF8.self)
    }

    func readInteger<T: FixedWidthInteger & SignedInteger>(_ type: T.Type) throws -> T {
        let v = try readInt()
        guard let out = T(exactly: v) else { throw BinaryReader.damaged("\(v) does not fit \(T.self)") }
        return out
    }

    func readUnsigned<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type) throws -> T {
        let v = try readVarint()
        guard let out = T(exactly: v) else { throw BinaryReader.damaged("\(v) does not fit \(T.self)") }
        return out
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == String.self {
            return try cast(try readString())
        } else if T.self == Int.self {
            return try cast(try readInteger(Int.self))
        } else if T.self == Date.self {
            return try cast(Date(timeIntervalSinceReferenceDate: try readDouble()))
        } else if T.self == Double.self {
            return try cast(try readDouble())
        }
        switch kind(of: T.self) {
        case .optional(let t): return try cast(try t.decodeBinary(self))
        case .array(let t): return try cast(try t.decodeBinary(self))
        case .dictionary(let t): return try cast(try t.decodeBinary(self))
        case .plain: return try T(from: self)
        }
    }

    /// A value of the type just checked, as `T`.
    private func cast<T>(_ value: Any) throws -> T {
        guard let v = value as? T else { throw BinaryReader.damaged("not a \(T.self)") }
        return v
    }

    /// How each type is read, looked up once per type: a failed conformance check costs more
    /// than decoding a small struct, and most values are structs.
    enum Kind {
        case plain
        case optional(any BinaryCodableOptional.Type)
        case array(any BinaryCodableArray.Type)
        case dictionary(any BinaryCodableDictionary.Type)
    }
    private var kinds: [ObjectIdentifier: Kind] = [:]
    private var fastTypes: [ObjectIdentifier: (any BinaryFastCodable.Type)?] = [:]

    /// `type` as a BinaryFastCodable type if it is one, looked up once per type.
    func fastType(_ type: Any.Type) -> (any BinaryFastCodable.Type)? {
        if let known = fastTypes[ObjectIdentifier(type)] { return known }
        let f = type as? any BinaryFastCodable.Type
        fastTypes[ObjectIdentifier(type)] = f
        return f
    }

    private func kind(of type: Any.Type) -> Kind {
        if let k = kinds[ObjectIdentifier(type)] { return k }
        let k: Kind
        if let t = type as? any BinaryCodableOptional.Type {
            k = .optional(t)
        } else if let t = type as? any BinaryCodableArray.Type {
            k = .array(t)
        } else if let t = type as? any BinaryCodableDictionary.Type {
            k = .dictionary(t)
        } else {
            k = .plain
        }
        kinds[ObjectIdentifier(type)] = k
        return k
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(BinaryKeyedDecoder<Key>(reader: self, count: try readContainerCount()))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        BinaryUnkeyedDecoder(reader: self, count: try readContainerCount())
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // SingleValueDecodingContainer
    func decodeNil() -> Bool {
        guard position < buf.count, buf[position] == 0 else { return false }
        position += 1
        return true
    }
    func decode(_ type: Bool.Type) throws -> Bool { try readByte() != 0 }
    func decode(_ type: String.Type) throws -> String { try readString() }
    func decode(_ type: Double.Type) throws -> Double { try readDouble() }
    func decode(_ type: Float.Type) throws -> Float { Float(try readDouble()) }
    func decode(_ type: Int.Type) throws -> Int { try readInteger(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try readInteger(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try readInteger(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try readInteger(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try readInt() }
    func decode(_ type: UInt.Type) throws -> UInt { try readUnsigned(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try readUnsigned(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try readUnsigned(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try readUnsigned(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try readVarint() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }
}

/// A keyed container read in the order it was written. A key that is not next was not
/// written (a nil optional), which is what `contains` and `decodeIfPresent` answer.
final class BinaryKeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: BinaryReader
    private var remaining: Int
    var codingPath: [any CodingKey] { [] }

    init(reader: BinaryReader, count: Int) {
        self.reader = reader
        self.remaining = count
    }

    /// The name of the next entry's key, without consuming it.
    private func nextKey() -> String? {
        guard remaining > 0 else { return nil }
        let at = reader.position
        defer { reader.position = at }
        guard let id = try? reader.readVarint(), id < UInt64(reader.keys.count) else { return nil }
        return reader.keys[Int(id)]
    }

    /// Only the next key: synthesized enums ask for it, and write exactly one.
    var allKeys: [Key] {
        guard let name = nextKey(), let key = Key(stringValue: name) else { return [] }
        return [key]
    }

    func contains(_ key: Key) -> Bool { nextKey() == key.stringValue }

    private func expect(_ key: Key) throws {
        guard remaining > 0 else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: [], debugDescription: "no more entries"))
        }
        let id = try reader.readVarint()
        guard id < UInt64(reader.keys.count), reader.keys[Int(id)] == key.stringValue else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: [], debugDescription: "another key (\(id)) where \(key.stringValue) was expected"))
        }
        remaining -= 1
    }

    /// A nil is never written (see `BinaryKeyedEncoder.encodeNil`): a key that is there is not nil.
    func decodeNil(forKey key: Key) throws -> Bool { !contains(key) }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try expect(key)
        return try reader.readByte() != 0
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try expect(key)
        return try reader.readString()
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try expect(key)
        return try reader.readDouble()
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try expect(key)
        return Float(try reader.readDouble())
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try expect(key)
        return try reader.readInteger(Int.self)
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try expect(key)
        return try reader.readInteger(Int8.self)
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try expect(key)
        return try reader.readInteger(Int16.self)
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try expect(key)
        return try reader.readInteger(Int32.self)
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try expect(key)
        return try reader.readInt()
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try expect(key)
        return try reader.readUnsigned(UInt.self)
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try expect(key)
        return try reader.readUnsigned(UInt8.self)
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try expect(key)
        return try reader.readUnsigned(UInt16.self)
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try expect(key)
        return try reader.readUnsigned(UInt32.self)
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try expect(key)
        return try reader.readVarint()
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try expect(key)
        return try reader.decodeValue(type)
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        contains(key) ? try decode(type, forKey: key) : nil
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        contains(key) ? try decode(type, forKey: key) : nil
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        contains(key) ? try decode(type, forKey: key) : nil
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        contains(key) ? try decode(type, forKey: key) : nil
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        contains(key) ? try decode(type, forKey: key) : nil
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try expect(key)
        return try reader.container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try expect(key)
        return try reader.unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        remaining -= 1
        _ = try reader.readVarint()
        return reader
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try expect(key)
        return reader
    }
}

struct BinaryUnkeyedDecoder: UnkeyedDecodingContainer {
    let reader: BinaryReader
    let total: Int
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var count: Int? { total }
    var isAtEnd: Bool { currentIndex >= total }

    init(reader: BinaryReader, count: Int) {
        self.reader = reader
        self.total = count
    }

    private mutating func next() throws {
        guard currentIndex < total else { throw BinaryReader.damaged("past the end of a list") }
        currentIndex += 1
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < total, reader.decodeNil() else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: String.Type) throws -> String {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: Double.Type) throws -> Double {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: Float.Type) throws -> Float {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: Int.Type) throws -> Int {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: Int8.Type) throws -> Int8 {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: Int16.Type) throws -> Int16 {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: Int32.Type) throws -> Int32 {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: UInt.Type) throws -> UInt {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
        try next()
        return try reader.decode(type)
    }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
        try next()
        return try reader.decode(type)
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next()
        return try reader.decodeValue(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next()
        return try reader.container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next()
        return try reader.unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try next()
        return reader
    }
}
