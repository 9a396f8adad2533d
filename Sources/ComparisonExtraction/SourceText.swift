import Diagnostics

/// The bytes of one document after the encoding checks every document must pass.
public struct SourceText: Sendable {
    /// UTF-8 without a byte-order mark.
    public var bytes: [UInt8]

    /// Rejects what cmark would silently turn into mojibake: UTF-16/32 files and invalid UTF-8.
    /// Strips a UTF-8 byte-order mark, so front matter is still found after it.
    public static func decode(_ raw: [UInt8], file: String) -> Result<SourceText, Diagnostic> {
        if raw.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || raw.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            return .failure(Diagnostic(.error, file: file, "the file is UTF-32 encoded; save it as UTF-8"))
        }
        if raw.starts(with: [0xFE, 0xFF]) || raw.starts(with: [0xFF, 0xFE]) {
            return .failure(Diagnostic(.error, file: file, "the file is UTF-16 encoded; save it as UTF-8"))
        }
        var bytes = raw
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let offset = firstInvalidUTF8Offset(bytes) {
            let position = positionOf(byteOffset: offset, in: bytes)
            return .failure(Diagnostic(.error, file: file, position: position, "invalid UTF-8 byte sequence"))
        }
        return .success(SourceText(bytes: bytes))
    }

    /// Line and byte column of a byte offset, counting `\n`, `\r\n` and a lone `\r` as line ends like cmark.
    static func positionOf(byteOffset: Int, in bytes: [UInt8]) -> SourcePosition {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < byteOffset {
            if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        return SourcePosition(line: line, column: byteOffset - lineStart + 1)
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalidUTF8Offset($0) }
    }

    private static func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            // Eight ASCII bytes at a time: most documents are nearly all ASCII.
            if index + 8 <= count,
               UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var lowerBound: UInt8 = 0x80
            var upperBound: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowerBound = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upperBound = 0x9F
            case 0xF0: length = 4; lowerBound = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upperBound = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            if second < lowerBound || second > upperBound { return index }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
