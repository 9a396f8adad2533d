/// A growable run of bytes that pages, fragments and `model.json` are written into.
///
/// Why not `[UInt8]`: a build appends about a thousand short runs per page (template text between
/// tags, escaped values), and `Array.append(contentsOf:)` costs about 100 instructions a call
/// whatever the length (bench/profile.md); here an append is a capacity check and a `memcpy`.
/// Non-copyable, so the one buffer a renderer owns is never copied by accident (and, unlike a class,
/// its appends need no run-time exclusivity checks).
public struct ByteBuffer: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var length = 0
    public var count: Int { length }

    public init(capacity: Int = 1024) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    @usableFromInline mutating func grow(toHold extra: Int) {
        let needed = count + extra
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = newCapacity
    }

    @inlinable public mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: 1) }
        base[count] = byte
        length += 1
    }

    @inlinable public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let added = bytes.count
        guard added > 0, let source = bytes.baseAddress else { return }
        if capacity - count < added { grow(toHold: added) }
        (base + count).update(from: source, count: added)
        length += added
    }

    @inlinable public mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// The UTF-8 of `text`, as it is.
    public mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "ByteBuffer index out of range")
        return base[index]
    }

    /// Puts `bytes` in front of the byte at `index`, moving the rest along.
    public mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) {
        precondition(index >= 0 && index <= count, "ByteBuffer index out of range")
        let added = bytes.count
        guard added > 0, let source = bytes.baseAddress else { return }
        if capacity - count < added { grow(toHold: added) }
        (base + index + added).update(from: base + index, count: count - index)
        (base + index).update(from: source, count: added)
        length += added
    }

    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The bytes so far, handed over without a copy; this buffer starts again empty.
    public mutating func take() -> ByteBuffer {
        var taken = ByteBuffer(capacity: 16)
        swap(&taken.base, &base)
        swap(&taken.capacity, &capacity)
        swap(&taken.length, &length)
        return taken
    }

    public var array: [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }

    public var string: String {
        String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }
}
