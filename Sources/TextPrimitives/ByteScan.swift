import CByteScan

/// Tests on eight bytes at once (SWAR), for the scans that run over every byte of the output, and a
/// search for a run of one byte (C, `CByteScan`).
public enum ByteScan {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether any byte of `word` equals `byte`. Exact: the borrow trick can mark a byte above a
    /// match wrongly, never a word without one.
    @inlinable public static func contains(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highBits != 0
    }

    /// Whether `bytes` holds `length` (at least 1) consecutive copies of `byte`: found with glibc's
    /// vectorised `memchr` (`versus_contains_run`), far faster than a byte loop when the byte is rare.
    public static func containsRun(of byte: UInt8, length: Int, in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, length >= 1 else { return false }
        return versus_contains_run(base.assumingMemoryBound(to: UInt8.self), bytes.count, byte, length) != 0
    }

    /// Whether any byte of `word` is below `limit` (at most 0x80).
    @inlinable public static func containsByte(_ word: UInt64, below limit: UInt8) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highBits != 0
    }
}

/// Whether bytes can be read as text: no NUL byte, valid UTF-8. The link checker asks this of every
/// page; making a `String` to validate it, after a byte-by-byte search for NUL, was a tenth of a
/// check's instructions. Here ASCII runs go eight bytes at a time and each other character is read
/// by the standard library's UTF-8 parser, which is the definition; `TextScreenTests` compares the
/// result with `String(validating:)` and `contains(0)` on random bytes.
public enum TextScreen: Equatable, Sendable {
    case text
    case hasNUL
    case notUTF8

    public static func screen(_ bytes: UnsafeBufferPointer<UInt8>) -> TextScreen {
        guard let base = bytes.baseAddress else { return .text }
        let count = bytes.count
        var index = 0
        var validUTF8 = true
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & ByteScan.highBits == 0 && !ByteScan.containsByte(word, below: 1) {
                    index += 8
                    continue
                }
            }
            let byte = base[index]
            if byte == 0 { return .hasNUL }
            if byte < 0x80 || !validUTF8 {
                index += 1
                continue
            }
            // One character: a NUL found later still wins, as the checker reports binary files first.
            var iterator = UnsafeBufferPointer(rebasing: bytes[index..<min(index + 4, count)]).makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): index += encoded.count
            case .error, .emptyInput:
                validUTF8 = false
                index += 1
            }
        }
        return validUTF8 ? .text : .notUTF8
    }
}
