import CCmark
import TextPrimitives

/// Renders pieces of a Swift tree back to HTML. All of it is cmark's HTML: the pieces are rebuilt as a
/// small C tree, rendered by `cmark_render_html`, and freed at once; except the commonest fragments
/// (a paragraph or title of text, emphasis, code spans and breaks), which `CmarkShortcut` writes
/// itself, byte for byte as cmark would, because building, rendering and freeing a C tree for every
/// entry of every document is measurable work (bench/profile.md). The shortcut's contract is its
/// differential test against this renderer's cmark path (`FragmentFastPathTests`).
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
        CmarkShortcut.html(blocks: blocks) ?? renderWithCmark(blocks: blocks)
    }

    /// `render(blocks:)` and the blocks' plain text (`MarkdownNode.plainText`), which extraction needs
    /// for every entry and use case: for a paragraph of simple inlines, both come from one walk.
    public func renderWithPlainText(blocks: [MarkdownNode]) -> (html: String, text: String) {
        CmarkShortcut.htmlWithPlainText(blocks: blocks)
            ?? (render(blocks: blocks), MarkdownNode(.document, children: blocks).plainText)
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
        if let html = CmarkShortcut.html(inlines: inlines) { return html }
        let html = render(blocks: [MarkdownNode(.paragraph, children: inlines)])
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>\n") else { return html }
        return String(html.dropFirst(3).dropLast(5))
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
