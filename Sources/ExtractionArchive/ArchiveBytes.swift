/// The two ends of the archive's byte format: integers as variable-length (LEB128, zig-zag for the
/// signed ones) and strings as a length and their UTF-8 bytes. No keys and no padding: values are
/// written and read back in one fixed order, so the format is the code of `ModelArchiving.swift`.
public struct ArchiveWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func unsigned(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    public mutating func int(_ value: Int) {
        // Zig-zag: small negative numbers stay short.
        unsigned(UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1)))))
    }

    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func byte(_ value: UInt8) { bytes.append(value) }

    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func raw(_ value: [UInt8]) {
        unsigned(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// `nil` as a 0; a value as a 1 and the value.
    public mutating func optional<Value>(_ value: Value?, _ write: (inout ArchiveWriter, Value) -> Void) {
        guard let value else { return bool(false) }
        bool(true)
        write(&self, value)
    }

    public mutating func array<Value>(_ values: [Value], _ write: (inout ArchiveWriter, Value) -> Void) {
        unsigned(UInt64(values.count))
        for value in values { write(&self, value) }
    }

    public mutating func strings(_ values: [String]) { array(values) { $0.string($1) } }
}

/// The archive's bytes could not be what a writer wrote (cut short, a length past the end, an unknown
/// tag): the archive is ignored, never trusted in part.
public struct ArchiveDamaged: Error, Equatable {
    public var offset: Int

    public init(offset: Int) {
        self.offset = offset
    }
}

/// Reads what `ArchiveWriter` wrote, checking every length against the bytes left so that damaged
/// bytes throw `ArchiveDamaged` instead of crashing or allocating without bound.
public struct ArchiveReader {
    let bytes: UnsafeRawBufferPointer
    public private(set) var offset: Int

    public init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    public var isAtEnd: Bool { offset == bytes.count }

    public func damaged() -> ArchiveDamaged { ArchiveDamaged(offset: offset) }

    public mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw damaged() }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func unsigned() throws -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw damaged() }
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return value }
            shift += 7
        }
    }

    public mutating func int() throws -> Int {
        let zigzag = try unsigned()
        return Int(Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1))))
    }

    /// A count of things each at least `minimumBytes` long: never more than the bytes left could hold.
    public mutating func count(minimumBytes: Int = 1) throws -> Int {
        let value = try unsigned()
        guard value <= UInt64(bytes.count - offset) / UInt64(max(minimumBytes, 1)) else { throw damaged() }
        return Int(value)
    }

    public mutating func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw damaged()
        }
    }

    public mutating func string() throws -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]), as: UTF8.self)
    }

    public mutating func raw() throws -> [UInt8] {
        let length = try count()
        defer { offset += length }
        return Array(bytes[offset..<(offset + length)])
    }

    /// Past `length` bytes, left unread.
    public mutating func skip(_ length: Int) throws {
        guard length >= 0, length <= bytes.count - offset else { throw damaged() }
        offset += length
    }

    public mutating func optional<Value>(_ read: (inout ArchiveReader) throws -> Value) throws -> Value? {
        try bool() ? read(&self) : nil
    }

    public mutating func array<Value>(_ read: (inout ArchiveReader) throws -> Value) throws -> [Value] {
        let count = try count()
        var values: [Value] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }

    public mutating func strings() throws -> [String] { try array { try $0.string() } }
}
