/// A fenced code block's text and language, as a highlighter is asked about it: the cache key, so a
/// snippet repeated across documents is highlighted once.
public struct CodeSample: Sendable, Hashable {
    /// The first word of the info string, lower-cased (`python` for ```` ```Python title="x" ````).
    public var language: String
    public var code: String

    public init(language: String, code: String) {
        self.language = language
        self.code = code
    }

    /// The sample a code block's info string and literal give; `nil` without a language.
    public init?(info: String, literal: String) {
        let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" }).first.map { $0.lowercased() } ?? ""
        guard !language.isEmpty else { return nil }
        self.init(language: language, code: literal)
    }
}

/// Highlighted code as the third source of HTML, next to cmark and the templates: a highlighter's output
/// is accepted only when it is text (with entities) and `<span class="...">` / `</span>` tags, nothing
/// else, so a highlighter that misbehaves can make a block plain but cannot put markup in a page.
public enum HighlightedHTML {
    public static func isSafe(_ html: String) -> Bool {
        // cmark takes the markup as a C string: a NUL would cut it, and the page's `</pre>` with it.
        if html.utf8.contains(0) { return false }
        var bytes = Substring(html).utf8[...]
        while let open = bytes.firstIndex(of: UInt8(ascii: "<")) {
            let rest = bytes[open...]
            if rest.starts(with: "</span>".utf8) {
                bytes = rest.dropFirst(7)
                continue
            }
            guard rest.starts(with: "<span class=\"".utf8) else { return false }
            var index = rest.index(rest.startIndex, offsetBy: 13)
            // Class names: letters, digits, `-`, `_` and spaces, then `">`.
            while index < rest.endIndex, isClassByte(rest[index]) { index = rest.index(after: index) }
            guard rest[index...].starts(with: "\">".utf8) else { return false }
            bytes = rest[rest.index(index, offsetBy: 2)...]
        }
        // Every `<` opened an allowed tag: text between them cannot start markup (a `>` in text is inert).
        return true
    }

    private static func isClassByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: " ")
    }
}

extension MarkdownNode {
    /// Whether a fenced or indented code block is among these nodes (pages render such an entry again,
    /// so its code can be highlighted).
    /// Asked of every entry and use case; most are one paragraph. A code block is a block, so the
    /// inlines of paragraphs and headings are not walked (`containsCodeBlockPlain` walks everything).
    public static func containsCodeBlock(_ nodes: [MarkdownNode]) -> Bool {
        var pending = nodes
        while let node = pending.popLast() {
            switch node.kind {
            case .codeBlock: return true
            case .paragraph, .heading: continue
            default: if !node.children.isEmpty { pending.append(contentsOf: node.children) }
            }
        }
        return false
    }

    /// The rule `containsCodeBlock` is held to: any node of the trees is a code block.
    static func containsCodeBlockPlain(_ nodes: [MarkdownNode]) -> Bool {
        var found = false
        walk(nodes) { node in
            if case .codeBlock = node.kind { found = true }
        }
        return found
    }
}
