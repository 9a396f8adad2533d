import CByteScan

/// JSON values written straight to bytes in the exact form Foundation's `JSONEncoder` gives them
/// (`.withoutEscapingSlashes`): what the fast writers of `model.json` and of a page's JSON-LD share.
/// Each writer is held to `JSONEncoder` by a differential test over random text.
public enum JSONText {
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
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            // The next byte to escape is found sixteen bytes at a time (`versus_json_find_escape`, C
            // vector compares); the runs between are copied whole.
            var index = 0
            while true {
                let runEnd = index + versus_json_find_escape(base + index, utf8.count - index)
                bytes.append(UnsafeBufferPointer(rebasing: utf8[index..<runEnd]))
                guard runEnd < utf8.count else { break }
                let byte = utf8[runEnd]
                index = runEnd + 1
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
        bytes.append(0x22)
    }
}
