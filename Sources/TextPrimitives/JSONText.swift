/// JSON values written straight to bytes in the exact form Foundation's `JSONEncoder` gives them
/// (`.withoutEscapingSlashes`): what the fast writers of `model.json` and of a page's JSON-LD share.
/// Each writer is held to `JSONEncoder` by a differential test over random text.
public enum JSONText {
    /// Bytes a JSON string cannot hold as they are: controls, `"` and `\`.
    private static let needsEscape: [Bool] = (0...255).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }

    /// A whole number, written without making a String when it is non-negative (line numbers, counts).
    public static func appendNumber(_ value: Int, to bytes: inout ByteBuffer) {
        guard value >= 0 else { bytes.append(utf8: String(value)); return }
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A quoted string with JSONEncoder's escaping: `"` and `\`, the short forms \b \t \n \f \r, other
    /// controls as \u00xx; everything else (`/` and all non-ASCII text included) as it is.
    public static func appendString(_ text: String, to bytes: inout ByteBuffer) {
        bytes.append(0x22)
        var text = text
        needsEscape.withUnsafeBufferPointer { needsEscape in text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            func escape(upTo end: Int) {
                while index < end {
                    let byte = utf8[index]
                    index += 1
                    guard needsEscape[Int(byte)] else { continue }
                    bytes.append(UnsafeBufferPointer(rebasing: utf8[runStart..<(index - 1)]))
                    runStart = index
                    bytes.append(0x5C)
                    switch byte {
                    case 0x22, 0x5C: bytes.append(byte)
                    case 0x08: bytes.append(UInt8(ascii: "b"))
                    case 0x09: bytes.append(UInt8(ascii: "t"))
                    case 0x0A: bytes.append(UInt8(ascii: "n"))
                    case 0x0C: bytes.append(UInt8(ascii: "f"))
                    case 0x0D: bytes.append(UInt8(ascii: "r"))
                    default:
                        let hex: StaticString = "0123456789abcdef"
                        bytes.append(UInt8(ascii: "u"))
                        bytes.append(0x30)
                        bytes.append(0x30)
                        bytes.append(hex.utf8Start[Int(byte >> 4)])
                        bytes.append(hex.utf8Start[Int(byte & 0x0F)])
                    }
                }
            }
            // Eight bytes at a time: nearly all words of text need no escaping.
            while index + 8 <= utf8.count {
                let word = UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if ByteScan.containsByte(word, below: 0x20) || ByteScan.contains(word, 0x22) || ByteScan.contains(word, 0x5C) {
                    escape(upTo: index + 8)
                } else {
                    index += 8
                }
            }
            escape(upTo: utf8.count)
            bytes.append(UnsafeBufferPointer(rebasing: utf8[runStart...]))
        } }
        bytes.append(0x22)
    }
}
