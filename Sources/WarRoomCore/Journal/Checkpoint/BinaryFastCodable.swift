import Foundation

/// The history entries a year's checkpoint holds by the hundred thousand (phase, severity and
/// role changes, counter readings, communications), written and read field by field when they
/// come in arrays (the only way the state holds them). Codable's keyed containers cost a
/// container, a key check and a generic look-up per field: 80 % of loading a year's checkpoint.
///
/// Each type writes its fields in the order it reads them. BinaryCoderTests' fixtures set every
/// field of every State type and compare the round trip, so a field left out here fails there.
protocol BinaryFastCodable {
    func writeBinary(_ w: BinaryWriter)
    static func readBinary(_ r: BinaryReader) throws -> Self
}

extension BinaryWriter {
    func writeDate(_ d: Date) { writeDouble(d.timeIntervalSinceReferenceDate) }

    func writeOptional(_ s: String?) {
        guard let s else { return bytes.append(0) }
        bytes.append(1)
        writeString(s)
    }

    /// The array's elements, `F` being its element type (checked by the caller).
    func writeMany<F: BinaryFastCodable, A>(_ type: F.Type, _ array: A) {
        let elements = unsafeBitCast(array, to: [F].self)
        writeVarint(UInt64(elements.count))
        for e in elements { e.writeBinary(self) }
    }
}

extension BinaryReader {
    func readDate() throws -> Date { Date(timeIntervalSinceReferenceDate: try readDouble()) }

    func readOptionalString() throws -> String? { try readByte() == 0 ? nil : try readString() }

    func readRaw<E: RawRepresentable>(_ type: E.Type) throws -> E where E.RawValue == String {
        let raw = try readString()
        guard let e = E(rawValue: raw) else { throw BinaryReader.damaged("\(raw) is not a \(E.self)") }
        return e
    }

    func readOptionalRaw<E: RawRepresentable>(_ type: E.Type) throws -> E? where E.RawValue == String {
        try readByte() == 0 ? nil : try readRaw(E.self)
    }

    func readSeverity() throws -> Severity {
        let n = try readInteger(Int.self)
        guard let s = Severity(rawValue: n) else { throw BinaryReader.damaged("\(n) is not a severity") }
        return s
    }

    /// `count` elements of type `F`, returned as `A` (an array of `F`, checked by the caller).
    func readMany<F: BinaryFastCodable, A>(_ type: F.Type, count: Int, as: A.Type) throws -> A {
        var a = [F]()
        a.reserveCapacity(count)
        for _ in 0..<count { a.append(try F.readBinary(self)) }
        return unsafeBitCast(a, to: A.self)
    }
}

extension PhaseChange: BinaryFastCodable {
    func writeBinary(_ w: BinaryWriter) {
        w.writeDate(at)
        w.writeOptional(from?.rawValue)
        w.writeString(to.rawValue)
        w.writeString(by)
        w.writeOptional(note)
    }

    static func readBinary(_ r: BinaryReader) throws -> PhaseChange {
        PhaseChange(
            at: try r.readDate(), from: try r.readOptionalRaw(Phase.self), to: try r.readRaw(Phase.self), by: try r.readString(),
            note: try r.readOptionalString())
    }
}

extension SeverityChange: BinaryFastCodable {
    func writeBinary(_ w: BinaryWriter) {
        w.writeInt(Int64(line))
        w.writeDate(at)
        w.bytes.append(from == nil ? 0 : 1)
        if let from { w.writeInt(Int64(from.rawValue)) }
        w.writeInt(Int64(to.rawValue))
        w.writeString(by)
        w.writeOptional(reason)
    }

    static func readBinary(_ r: BinaryReader) throws -> SeverityChange {
        SeverityChange(
            line: try r.readInteger(Int.self), at: try r.readDate(), from: try r.readByte() == 0 ? nil : try r.readSeverity(),
            to: try r.readSeverity(), by: try r.readString(), reason: try r.readOptionalString())
    }
}

extension RoleAssignment: BinaryFastCodable {
    func writeBinary(_ w: BinaryWriter) {
        w.writeDate(at)
        w.writeString(role)
        w.writeOptional(member)
        w.writeString(by)
        w.writeOptional(previous)
    }

    static func readBinary(_ r: BinaryReader) throws -> RoleAssignment {
        RoleAssignment(
            at: try r.readDate(), role: try r.readString(), member: try r.readOptionalString(), by: try r.readString(),
            previous: try r.readOptionalString())
    }
}

extension CounterReading: BinaryFastCodable {
    func writeBinary(_ w: BinaryWriter) {
        w.writeDate(at)
        w.writeDouble(value)
        w.writeString(by)
    }

    static func readBinary(_ r: BinaryReader) throws -> CounterReading {
        CounterReading(at: try r.readDate(), value: try r.readDouble(), by: try r.readString())
    }
}

extension Communication: BinaryFastCodable {
    func writeBinary(_ w: BinaryWriter) {
        w.writeDate(at)
        w.writeString(audience.rawValue)
        w.writeString(text)
        w.writeOptional(channel)
        w.writeString(by)
        w.writeOptional(draft)
    }

    static func readBinary(_ r: BinaryReader) throws -> Communication {
        Communication(
            at: try r.readDate(), audience: try r.readRaw(Audience.self), text: try r.readString(), channel: try r.readOptionalString(),
            by: try r.readString(), draft: try r.readOptionalString())
    }
}
