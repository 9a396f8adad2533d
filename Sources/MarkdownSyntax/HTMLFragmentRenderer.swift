import CCmark

/// Renders pieces of a Swift tree back to HTML with cmark's own renderer, so all Markdown HTML
/// comes from cmark. The pieces are rebuilt as a small C tree, rendered, and freed at once.
public struct HTMLFragmentRenderer: Sendable {
    /// Lets raw HTML through (site option `unsafe_html`). Off by default: cmark then writes
    /// `<!-- raw HTML omitted -->` instead.
    public var allowRawHTML: Bool
    /// Rewrites each link and image URL, e.g. `other.md#x` to `../../compare/other/#x`.
    /// Whatever it returns still goes through `URLSchemeFilter`.
    public var rewriteURL: (@Sendable (_ url: String, _ use: URLSchemeFilter.Use) -> String)?
    /// The highlighted HTML of a code block (`<span class>` runs only, checked by `HighlightedHTML`),
    /// or `nil` to leave it as cmark writes it.
    public var highlightedCode: (@Sendable (CodeSample) -> String?)?

    public init(allowRawHTML: Bool = false,
                rewriteURL: (@Sendable (_ url: String, _ use: URLSchemeFilter.Use) -> String)? = nil,
                highlightedCode: (@Sendable (CodeSample) -> String?)? = nil) {
        self.allowRawHTML = allowRawHTML
        self.rewriteURL = rewriteURL
        self.highlightedCode = highlightedCode
    }

    /// Renders block nodes (paragraphs, lists, ...). Inline nodes given here are wrapped in a paragraph.
    public func render(blocks: [MarkdownNode]) -> String {
        // One paragraph of plain text (most entries and use cases): cmark would only escape it.
        if let text = Self.plainTextParagraph(blocks), let escaped = Self.escapedPlainText(text) {
            return "<p>" + escaped + "</p>\n"
        }
        // One paragraph of text with emphasis and code spans (most of the rest): cmark's markup for
        // those is fixed, so write it here rather than build, render and free a C tree.
        if blocks.count == 1, blocks[0].kind == .paragraph {
            var output = ByteBuffer(capacity: 256)
            output.append("<p>")
            if Self.appendSimpleInlines(blocks[0].children, to: &output) {
                output.append("</p>\n")
                return output.string
            }
        }
        return renderWithCmark(blocks: blocks)
    }

    /// `render(blocks:)` and the blocks' plain text (`MarkdownNode.plainText`), which extraction needs
    /// for every entry and use case: for a paragraph of simple inlines, both come from one walk.
    public func renderWithPlainText(blocks: [MarkdownNode]) -> (html: String, text: String) {
        if let text = Self.plainTextParagraph(blocks), let escaped = Self.escapedPlainText(text) {
            return ("<p>" + escaped + "</p>\n", text.collapsingWhitespace())
        }
        if blocks.count == 1, blocks[0].kind == .paragraph {
            var output = ByteBuffer(capacity: 256)
            var text = CollapsedText()
            output.append("<p>")
            if Self.appendSimpleInlines(blocks[0].children, to: &output, text: &text, collectingText: true) {
                output.append("</p>\n")
                return (output.string, text.string)
            }
        }
        return (render(blocks: blocks), MarkdownNode(.document, children: blocks).plainText)
    }

    /// The text of `blocks` when they are one paragraph holding one run of text, else `nil`.
    private static func plainTextParagraph(_ blocks: [MarkdownNode]) -> String? {
        guard blocks.count == 1, blocks[0].kind == .paragraph, blocks[0].children.count == 1,
              case .text(let text) = blocks[0].children[0].kind, blocks[0].children[0].children.isEmpty else { return nil }
        return text
    }

    static func appendSimpleInlines(_ nodes: [MarkdownNode], to output: inout ByteBuffer) -> Bool {
        var unused = CollapsedText(capacity: 0)
        return appendSimpleInlines(nodes, to: &output, text: &unused, collectingText: false)
    }

    /// cmark's HTML for text, emphasis, strong emphasis, code spans and breaks, exactly as
    /// `cmark_render_html` writes them; `false` (output unusable) for any other node, or for text
    /// with control characters, which cmark's C strings would treat differently.
    /// With `collectingText`, the plain text goes to `text` on the way, as `MarkdownNode.plainText` reads it.
    static func appendSimpleInlines(_ nodes: [MarkdownNode], to output: inout ByteBuffer, text plain: inout CollapsedText,
                                    collectingText: Bool) -> Bool {
        for node in nodes {
            switch node.kind {
            case .text(let text):
                guard node.children.isEmpty, !Self.hasControlCharacters(text) else { return false }
                HTMLText.appendEscaped(text, to: &output, apostrophe: false)
                if collectingText { plain.append(text) }
            case .code(let text):
                guard node.children.isEmpty, !Self.hasControlCharacters(text) else { return false }
                output.append("<code>")
                HTMLText.appendEscaped(text, to: &output, apostrophe: false)
                output.append("</code>")
                if collectingText { plain.append(text) }
            case .emphasis:
                output.append("<em>")
                guard appendSimpleInlines(node.children, to: &output, text: &plain, collectingText: collectingText) else { return false }
                output.append("</em>")
            case .strong:
                output.append("<strong>")
                guard appendSimpleInlines(node.children, to: &output, text: &plain, collectingText: collectingText) else { return false }
                output.append("</strong>")
            case .softBreak:
                output.append("\n")
                if collectingText { plain.appendSpace() }
            case .lineBreak:
                output.append("<br />\n")
                if collectingText { plain.appendSpace() }
            default:
                return false
            }
        }
        return true
    }

    private static func hasControlCharacters(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }

    /// The general path: the nodes rebuilt as a C tree and rendered by cmark.
    func renderWithCmark(blocks: [MarkdownNode]) -> String {
        guard let document = cmark_node_new(CMARK_NODE_DOCUMENT) else { return "" }
        defer { cmark_node_free(document) }
        var pendingInlines: [MarkdownNode] = []
        func flushInlines() {
            guard !pendingInlines.isEmpty else { return }
            append(MarkdownNode(.paragraph, children: pendingInlines), to: document)
            pendingInlines = []
        }
        for node in blocks {
            if node.kind.isInline {
                pendingInlines.append(node)
            } else {
                flushInlines()
                append(node, to: document)
            }
        }
        flushInlines()
        return renderHTML(document)
    }

    /// Renders inline nodes without the surrounding `<p>`, for headings and table header cells.
    public func render(inlines: [MarkdownNode]) -> String {
        // Most titles are one run of plain text: cmark would only escape it (`&`, `<`, `>`, `"`), so
        // do that here rather than build and render a C tree for every title on every page.
        if inlines.count == 1, case .text(let text) = inlines[0].kind, let escaped = Self.escapedPlainText(text) {
            return escaped
        }
        let html = render(blocks: [MarkdownNode(.paragraph, children: inlines)])
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>\n") else { return html }
        return String(html.dropFirst(3).dropLast(5))
    }

    /// cmark's escaping of a text node; `nil` for text it might treat differently (control
    /// characters, leading or trailing white space, which a paragraph would trim), left to cmark.
    static func escapedPlainText(_ text: String) -> String? {
        enum Scan { case leftToCmark, clean, needsEscaping }
        var copy = text
        let scan = copy.withUTF8 { bytes -> Scan in
            guard let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20 else { return .leftToCmark }
            var result = Scan.clean
            var index = 0
            // Eight bytes at a time while none is a control character or needs escaping.
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if ByteScan.containsByte(word, below: 0x20) || ByteScan.contains(word, 0x7F) || ByteScan.contains(word, 0x26)
                    || ByteScan.contains(word, 0x3C) || ByteScan.contains(word, 0x3E) || ByteScan.contains(word, 0x22) {
                    break
                }
                index += 8
            }
            for byte in bytes[index...] {
                if byte < 0x20 || byte == 0x7F { return .leftToCmark }
                if byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 { result = .needsEscaping }
            }
            return result
        }
        switch scan {
        case .leftToCmark: return nil
        case .clean: return text
        case .needsEscaping:
            var output = ByteBuffer(capacity: text.utf8.count + 32)
            HTMLText.appendEscaped(text, to: &output, apostrophe: false)
            return output.string
        }
    }

    private func renderHTML(_ document: OpaquePointer) -> String {
        // cmark_render_html returns memory we own and must free.
        guard let rendered = cmark_render_html(document, allowRawHTML ? CmarkFlags.unsafe : 0) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Depth is bounded by the parser's `maximumDepth`, so this recursion is bounded too.
    private func append(_ node: MarkdownNode, to parent: OpaquePointer) {
        // A whole document given as a block contributes its blocks.
        if node.kind == .document {
            for child in node.children { append(child, to: parent) }
            return
        }
        guard let created = makeCNode(node) else { return }
        for child in node.children { append(child, to: created) }
        if cmark_node_append_child(parent, created) == 0 {
            // cmark refused the shape (e.g. a block inside an inline); drop it rather than crash.
            cmark_node_free(created)
        }
    }

    private func url(_ raw: String, use: URLSchemeFilter.Use) -> String {
        let rewritten = rewriteURL?(raw, use) ?? raw
        return URLSchemeFilter.isSafe(rewritten, use: use) ? rewritten : ""
    }

    private func makeCNode(_ node: MarkdownNode) -> OpaquePointer? {
        let created: OpaquePointer?
        switch node.kind {
        case .document: created = nil // unwrapped by `append`
        case .blockQuote: created = cmark_node_new(CMARK_NODE_BLOCK_QUOTE)
        case .list(let style):
            created = cmark_node_new(CMARK_NODE_LIST)
            if let created {
                cmark_node_set_list_type(created, style.ordered ? CMARK_ORDERED_LIST : CMARK_BULLET_LIST)
                cmark_node_set_list_start(created, Int32(clamping: style.start))
                cmark_node_set_list_tight(created, style.tight ? 1 : 0)
                cmark_node_set_list_delim(created, style.delimiter == ")" ? CMARK_PAREN_DELIM : CMARK_PERIOD_DELIM)
            }
        case .item: created = cmark_node_new(CMARK_NODE_ITEM)
        case .codeBlock(let info, let literal):
            if let sample = CodeSample(info: info, literal: literal), let highlighted = highlightedCode?(sample),
               HighlightedHTML.isSafe(highlighted) {
                // A custom block prints its markup as it is: cmark's own `<pre><code class="language-x">`
                // around the highlighter's spans, plus a class the theme's colours hang on.
                var language = ByteBuffer(capacity: sample.language.utf8.count + 8)
                HTMLText.appendEscaped(sample.language, to: &language, apostrophe: false)
                created = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)
                if let created {
                    cmark_node_set_on_enter(created, "<pre class=\"highlight\"><code class=\"language-\(language.string)\">" + highlighted + "</code></pre>")
                    cmark_node_set_on_exit(created, "")
                }
                return created
            }
            created = cmark_node_new(CMARK_NODE_CODE_BLOCK)
            if let created {
                cmark_node_set_fence_info(created, info)
                cmark_node_set_literal(created, literal)
            }
        case .htmlBlock(let literal):
            created = cmark_node_new(CMARK_NODE_HTML_BLOCK)
            if let created { cmark_node_set_literal(created, literal) }
        case .paragraph: created = cmark_node_new(CMARK_NODE_PARAGRAPH)
        case .heading(let level):
            created = cmark_node_new(CMARK_NODE_HEADING)
            if let created { cmark_node_set_heading_level(created, Int32(level)) }
        case .thematicBreak: created = cmark_node_new(CMARK_NODE_THEMATIC_BREAK)
        case .text(let text):
            created = cmark_node_new(CMARK_NODE_TEXT)
            if let created { cmark_node_set_literal(created, text) }
        case .softBreak: created = cmark_node_new(CMARK_NODE_SOFTBREAK)
        case .lineBreak: created = cmark_node_new(CMARK_NODE_LINEBREAK)
        case .code(let text):
            created = cmark_node_new(CMARK_NODE_CODE)
            if let created { cmark_node_set_literal(created, text) }
        case .htmlInline(let literal):
            created = cmark_node_new(CMARK_NODE_HTML_INLINE)
            if let created { cmark_node_set_literal(created, literal) }
        case .emphasis: created = cmark_node_new(CMARK_NODE_EMPH)
        case .strong: created = cmark_node_new(CMARK_NODE_STRONG)
        case .link(let target, let title):
            created = cmark_node_new(CMARK_NODE_LINK)
            if let created {
                cmark_node_set_url(created, url(target, use: .link))
                cmark_node_set_title(created, title)
            }
        case .image(let target, let title):
            created = cmark_node_new(CMARK_NODE_IMAGE)
            if let created {
                cmark_node_set_url(created, url(target, use: .image))
                cmark_node_set_title(created, title)
            }
        case .table, .tableSection, .tableRow, .callout, .tableCell, .mark:
            // Custom nodes: cmark prints the fixed markup around their children (see `TableMarkup`).
            created = cmark_node_new(node.kind.isInline ? CMARK_NODE_CUSTOM_INLINE : CMARK_NODE_CUSTOM_BLOCK)
            if let created, let markup = TableMarkup.enter(node.kind) {
                cmark_node_set_on_enter(created, markup.enter)
                cmark_node_set_on_exit(created, markup.exit)
            }
        }
        return created
    }
}

extension MarkdownNode.Kind {
    public var isInline: Bool {
        switch self {
        case .text, .softBreak, .lineBreak, .code, .htmlInline, .emphasis, .strong, .link, .image, .tableCell, .mark: true
        default: false
        }
    }
}
