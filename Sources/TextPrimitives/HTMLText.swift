import CByteScan

/// HTML escaping over UTF-8 bytes, for the two places that escape text: the fragment renderer's
/// short cut (`CmarkShortcut`), with cmark's set (`&`, `<`, `>`, `"`), and the template engine
/// (`MustacheTemplates`), with Mustache's (which adds `'`). The next character to replace is found
/// sixteen bytes at a time (`versus_html_find_escape`, C vector compares) and the runs between are
/// copied whole; the contract is character-by-character replacement, which `EscapingTests` compares
/// it with.
public enum HTMLText {
    public static func appendEscaped(_ text: String, to output: inout ByteBuffer, apostrophe: Bool) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            var index = 0
            while true {
                let runEnd = index + versus_html_find_escape(base + index, count - index, apostrophe ? 1 : 0)
                output.append(UnsafeBufferPointer(rebasing: bytes[index..<runEnd]))
                guard runEnd < count else { return }
                let replacement: StaticString
                switch base[runEnd] {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22: replacement = "&quot;"
                default: replacement = "&#39;"
                }
                output.append(replacement)
                index = runEnd + 1
            }
        }
    }
}
