/// HTML escaping over UTF-8 bytes, for the two places that escape text: the fragment renderer's
/// short cut (`CmarkShortcut`), with cmark's set (`&`, `<`, `>`, `"`), and the template engine
/// (`MustacheTemplates`), with Mustache's (which adds `'`). Eight bytes at a time; its contract is
/// character-by-character replacement, which `EscapingTests` compares it with.
public enum HTMLText {
    public static func appendEscaped(_ text: String, to output: inout ByteBuffer, apostrophe: Bool) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var runStart = 0
            var index = 0
            func escape(upTo end: Int) {
                while index < end {
                    let replacement: StaticString
                    switch base[index] {
                    case 0x26: replacement = "&amp;"
                    case 0x3C: replacement = "&lt;"
                    case 0x3E: replacement = "&gt;"
                    case 0x22: replacement = "&quot;"
                    case 0x27 where apostrophe: replacement = "&#39;"
                    default:
                        index += 1
                        continue
                    }
                    output.append(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    output.append(replacement)
                    index += 1
                    runStart = index
                }
            }
            // Eight bytes at a time: most words of text hold none of the characters to replace.
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if ByteScan.contains(word, 0x26) || ByteScan.contains(word, 0x3C) || ByteScan.contains(word, 0x3E)
                    || ByteScan.contains(word, 0x22) || (apostrophe && ByteScan.contains(word, 0x27)) {
                    escape(upTo: index + 8)
                } else {
                    index += 8
                }
            }
            escape(upTo: count)
            output.append(UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }
}
