/// White space in the plain text taken out of documents (labels, headings, entries, names): collapsed
/// and trimmed by the Unicode White_Space property. They work on UTF-8 bytes because they run for every
/// label, heading and entry of every document: Foundation's `NSString` bridges and `Character` iteration
/// cost more than the parse itself. Their contract is the plain `Character` definition each replaces,
/// which `WhitespaceTests` compares them with on random text.
extension String {
    /// Runs of white space (as `Character.isWhitespace` sees it) become one space; the ends are trimmed.
    public func collapsingWhitespace() -> String {
        if isCollapsed { return self }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var pendingSpace = false
        withUTF8Bytes { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let length = Self.whitespaceLength(bytes, at: index)
                if length > 0 {
                    pendingSpace = !output.isEmpty
                    index += length
                } else {
                    if pendingSpace { output.append(0x20) }
                    pendingSpace = false
                    output.append(bytes[index])
                    index += 1
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether `collapsingWhitespace()` would return the text unchanged: no white space at the ends,
    /// none but single ASCII spaces inside. Most labels, titles and entries already are.
    var isCollapsed: Bool {
        withUTF8Bytes { Self.isCollapsed($0) }
    }

    static func isCollapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var previousWasSpace = true // white space at the start needs trimming
        var index = 0
        // One byte, exactly; `false` when the text is not collapsed.
        func step() -> Bool {
            let byte = base[index]
            if byte == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
            } else if byte < 0x20 || byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3 {
                // Control bytes and the lead bytes of the multi-byte white-space forms: decide exactly.
                if Self.whitespaceLength(bytes, at: index) > 0 { return false }
                previousWasSpace = false
            } else {
                previousWasSpace = false
            }
            index += 1
            return true
        }
        // Eight bytes at a time while they are printable ASCII, where the only white space is the
        // space: a word fails if it holds two spaces in a row, or starts with one after a space.
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if word & ByteScan.highBits != 0 || ByteScan.containsByte(word, below: 0x20) {
                for _ in 0..<8 where !step() { return false }
                continue
            }
            let spaces = word ^ (ByteScan.ones &* 0x20)
            // The high bit of each byte that was a space, exactly (no borrow between bytes).
            let isSpace = ~(((spaces & low7) &+ low7) | spaces | low7)
            if isSpace & (isSpace << 8) != 0 { return false }
            if previousWasSpace && isSpace & 0x80 != 0 { return false }
            previousWasSpace = isSpace >> 63 != 0
            index += 8
        }
        while index < count {
            if !step() { return false }
        }
        return !previousWasSpace || count == 0
    }

    /// White space removed from both ends.
    public func trimmingWhitespace() -> String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        return withUTF8Bytes { bytes -> String in
            var start = 0
            var end = bytes.count
            while start < end {
                let length = Self.whitespaceLength(bytes, at: start)
                if length == 0 { break }
                start += length
            }
            // Trailing white space: step back over ASCII spaces and the multi-byte forms.
            while end > start {
                if let length = (1...3).first(where: { end - $0 >= start && Self.whitespaceLength(bytes, at: end - $0) == $0 }) {
                    end -= length
                } else {
                    break
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// The UTF-8 of the text, without copying it when it is already contiguous (a native string).
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var copy = self
        return copy.withUTF8(body)
    }

    /// Byte length of the white-space character at `index`, or 0. Covers every scalar with the
    /// Unicode White_Space property: ASCII, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
    /// U+202F, U+205F and U+3000.
    static func whitespaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
            return 1
        case 0xC2:
            guard index + 1 < bytes.count else { return 0 }
            return bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0 ? 2 : 0
        case 0xE1:
            guard index + 2 < bytes.count else { return 0 }
            return bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80 ? 3 : 0
        case 0xE2:
            guard index + 2 < bytes.count else { return 0 }
            let second = bytes[index + 1], third = bytes[index + 2]
            if second == 0x80 && (third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF) { return 3 }
            if second == 0x81 && third == 0x9F { return 3 }
            return 0
        case 0xE3:
            guard index + 2 < bytes.count else { return 0 }
            return bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }
}

/// Text put together piece by piece with its white space collapsed on the way, as
/// `collapsingWhitespace()` would leave the whole: one pass, no intermediate string.
public struct CollapsedText: ~Copyable {
    private var output: ByteBuffer
    private var pendingSpace = false

    public init(capacity: Int = 256) {
        output = ByteBuffer(capacity: capacity)
    }

    public mutating func appendSpace() {
        pendingSpace = output.count > 0
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            // Usually a run of words with at most spaces at its ends (`Designed for `, before emphasis):
            // the words go in at once.
            var start = 0, end = bytes.count
            while start < end && bytes[start] == 0x20 { start += 1 }
            while end > start && bytes[end - 1] == 0x20 { end -= 1 }
            let inner = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if String.isCollapsed(inner) {
                if start > 0 { appendSpace() }
                if !inner.isEmpty {
                    if pendingSpace { output.append(0x20); pendingSpace = false }
                    output.append(inner)
                }
                if end < bytes.count { appendSpace() }
                return
            }
            var index = 0
            let count = bytes.count
            while index < count {
                // A run of bytes that cannot start white space, copied at once.
                var end = index
                while end < count {
                    let byte = bytes[end]
                    if byte <= 0x20 || byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3 { break }
                    end += 1
                }
                if end > index {
                    if pendingSpace { output.append(0x20); pendingSpace = false }
                    output.append(UnsafeBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                    continue
                }
                let length = String.whitespaceLength(bytes, at: index)
                if length > 0 {
                    appendSpace()
                    index += length
                } else {
                    if pendingSpace { output.append(0x20); pendingSpace = false }
                    output.append(bytes[index])
                    index += 1
                }
            }
        }
    }

    public var string: String { output.string }
}
