import CCmark
import Diagnostics
import TextPrimitives

/// Parse options, mapped onto cmark's flags in one place.
public struct MarkdownParseOptions: Sendable, Hashable {
    /// Added to every line cmark reports, so positions point into the whole file
    /// when front matter was cut off before parsing.
    public var lineOffset: Int
    /// Containers nested deeper than this are collapsed into their text, with a diagnostic:
    /// it keeps every later (possibly recursive) pass over the tree bounded.
    public var maximumDepth: Int
    /// Added to the columns of the first line (a table cell parsed on its own starts inside its row).
    public var columnOffset: Int
    /// Pipe tables and GitHub alerts (`PipeTable`, `CalloutKind`); off gives cmark's tree as it is, which
    /// tests use as the reference for the text a document holds.
    public var recognisesExtensions: Bool
    /// For text put together from pieces of the file (a table's cells): line `n` of the text is at
    /// `placement[n - 1].line` of the file, its columns shifted by `placement[n - 1].column`.
    public var placement: [SourcePosition]?
    /// Raw HTML is warned about as left out of the page; off when the site renders it (`unsafe_html: true`).
    public var warnsOfRawHTML = true

    public init(lineOffset: Int = 0, maximumDepth: Int = 128, columnOffset: Int = 0, recognisesExtensions: Bool = true) {
        self.lineOffset = lineOffset
        self.maximumDepth = maximumDepth
        self.columnOffset = columnOffset
        self.recognisesExtensions = recognisesExtensions
    }
}

/// The result of parsing one document: the tree plus what the parser noticed.
public struct ParsedMarkdown: Sendable {
    public var root: MarkdownNode
    public var diagnostics: [Diagnostic]
    /// Every link of the tree in document order, as a walk of `root` would find them; noted while the
    /// tree is built, so no second walk over every node is needed.
    public var links: [LinkOccurrence] = []
}

public struct LinkOccurrence: Sendable, Hashable {
    public var url: String
    public var position: SourcePosition?
    /// An image's source (`![alt](url)`), not a link: it must name a file, never a document.
    public var isImage: Bool

    public init(url: String, position: SourcePosition?, isImage: Bool = false) {
        self.url = url
        self.position = position
        self.isImage = isImage
    }
}

public enum MarkdownParser {
    /// Parses UTF-8 bytes, passed with their length so NUL bytes cannot truncate the document.
    public static func parse(_ bytes: [UInt8], file: String, options: MarkdownParseOptions = .init()) -> ParsedMarkdown {
        let cmarkOptions = CmarkFlags.sourcePositions
        let root: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parse_document($0, buffer.count, cmarkOptions)
                }
            } ?? cmark_parse_document("", 0, cmarkOptions)
        }
        guard let root else {
            return ParsedMarkdown(
                root: MarkdownNode(.document),
                diagnostics: [Diagnostic(.error, file: file, "cmark could not parse the document (out of memory)")])
        }
        // The C tree is freed exactly once, here, whatever the conversion does.
        defer { cmark_node_free(root) }
        var converter = TreeConverter(file: file, options: options, source: bytes)
        return converter.convert(root)
    }

    public static func parse(_ text: String, file: String, options: MarkdownParseOptions = .init()) -> ParsedMarkdown {
        parse(Array(text.utf8), file: file, options: options)
    }

    /// The version of the libcmark linked at run time.
    public static var libraryVersion: String {
        String(cString: cmark_version_string())
    }
}

/// cmark's option bits. The C macros are shifts that Swift does not import reliably, so they are spelled here.
enum CmarkFlags {
    static let sourcePositions: Int32 = 1 << 1
    static let unsafe: Int32 = 1 << 17
}

/// Copies the C tree into `MarkdownNode` values with cmark's own iterator: no recursion,
/// so 100,000 nested block quotes cost memory, not stack.
private struct TreeConverter {
    let file: String
    let options: MarkdownParseOptions
    var diagnostics: [Diagnostic] = []
    var links: [LinkOccurrence] = []
    /// The document's bytes, for the source lines of paragraphs that may be pipe tables.
    let source: [UInt8]
    /// Where each line of `source` starts; worked out at the first paragraph that may be a table.
    var lineStarts: [Int]?
    /// The last heading seen: its text labels a table that follows it (read only when there is one).
    var lastHeading: MarkdownNode?

    /// A node being filled in while the iterator is inside it.
    struct OpenNode {
        var kind: MarkdownNode.Kind
        var position: SourcePosition?
        var children: [MarkdownNode] = []
        /// How many links and diagnostics were noted before the node: a paragraph that turns out to be
        /// a table has its cells parsed again, and what its own inlines noted is replaced.
        var linkMark = 0
        var diagnosticMark = 0
    }

    init(file: String, options: MarkdownParseOptions, source: [UInt8] = []) {
        self.file = file
        self.options = options
        self.source = source
    }

    mutating func convert(_ root: OpaquePointer) -> ParsedMarkdown {
        var stack: [OpenNode] = []
        // Text of the subtree being collapsed because it is nested past the depth limit.
        var collapsed: (depth: Int, text: String, position: SourcePosition?)?
        guard let iterator = cmark_iter_new(root) else {
            return ParsedMarkdown(root: MarkdownNode(.document),
                                  diagnostics: [Diagnostic(.error, file: file, "cmark could not walk the document")])
        }
        defer { cmark_iter_free(iterator) }
        var finished: MarkdownNode?

        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE || event == CMARK_EVENT_NONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let isLeaf = cmark_node_first_child(node) == nil && Self.isLeafType(cmark_node_get_type(node))
            let entering = event == CMARK_EVENT_ENTER

            if var current = collapsed {
                if entering {
                    current.text += Self.literalText(of: node)
                    if !isLeaf { current.depth += 1 }
                } else {
                    current.depth -= 1
                }
                if current.depth == 0 {
                    collapsed = nil
                    stack[stack.count - 1].children.append(
                        MarkdownNode(.paragraph, children: [MarkdownNode(.text(current.text))], position: current.position))
                } else {
                    collapsed = current
                }
                continue
            }

            if entering {
                let kind = Self.kind(of: node)
                let position = position(of: node)
                if case .link(let url, _) = kind, let reason = URLSchemeFilter.rejection(of: url, use: .link) {
                    diagnostics.append(Diagnostic(.warning, file: file, position: position, "link URL removed: \(reason)"))
                }
                if case .image(let url, _) = kind, let reason = URLSchemeFilter.rejection(of: url, use: .image) {
                    diagnostics.append(Diagnostic(.warning, file: file, position: position, "image URL removed: \(reason)"))
                }
                switch kind {
                case .htmlBlock, .htmlInline:
                    if options.warnsOfRawHTML {
                        diagnostics.append(Diagnostic(.warning, file: file, position: position,
                                                      "raw HTML is not rendered (it is left out of the page)"))
                    }
                default:
                    break
                }
                if isLeaf {
                    let leaf = MarkdownNode(kind, position: position)
                    if stack.isEmpty { finished = leaf } else { stack[stack.count - 1].children.append(leaf) }
                } else if stack.count >= options.maximumDepth {
                    diagnostics.append(Diagnostic(.warning, file: file, position: position,
                        "content nested deeper than \(options.maximumDepth) levels is shown as plain text"))
                    collapsed = (1, "", position)
                } else {
                    // Noted here, where the link joins the tree (not inside a subtree collapsed for depth).
                    if case .link(let url, _) = kind { links.append(LinkOccurrence(url: url, position: position)) }
                    if case .image(let url, _) = kind { links.append(LinkOccurrence(url: url, position: position, isImage: true)) }
                    var open = OpenNode(kind: kind, position: position, linkMark: links.count, diagnosticMark: diagnostics.count)
                    // Sized once: growing each children array append by append was a third of this copy.
                    var childCount = 0
                    var child = cmark_node_first_child(node)
                    while let next = child {
                        childCount += 1
                        child = cmark_node_next(next)
                    }
                    open.children.reserveCapacity(childCount)
                    stack.append(open)
                }
            } else {
                guard let open = stack.popLast() else { continue }
                let built = MarkdownNode(open.kind, children: open.children, position: open.position)
                if stack.isEmpty { finished = built; continue }
                if options.recognisesExtensions {
                    let type = cmark_node_get_type(node)
                    if type == CMARK_NODE_PARAGRAPH, PipeTable.mayHoldTable(built),
                       let blocks = tableBlocks(built, node: node, open: open) {
                        stack[stack.count - 1].children += blocks
                        continue
                    } else if type == CMARK_NODE_BLOCK_QUOTE, let callout = CalloutKind.callout(from: built) {
                        stack[stack.count - 1].children.append(callout)
                        continue
                    } else if type == CMARK_NODE_HEADING {
                        lastHeading = built
                    }
                }
                stack[stack.count - 1].children.append(built)
            }
        }
        return ParsedMarkdown(root: finished ?? MarkdownNode(.document), diagnostics: diagnostics, links: links)
    }

    func position(of node: OpaquePointer) -> SourcePosition? {
        let line = Int(cmark_node_get_start_line(node))
        guard line > 0 else { return nil }
        if let placement = options.placement, line <= placement.count {
            return SourcePosition(line: placement[line - 1].line, column: Int(cmark_node_get_start_column(node)) + placement[line - 1].column)
        }
        let column = Int(cmark_node_get_start_column(node)) + (line == 1 ? options.columnOffset : 0)
        return SourcePosition(line: line + options.lineOffset, column: column)
    }

    /// The blocks a paragraph becomes when its source lines hold a pipe table (`PipeTable`), else `nil`.
    mutating func tableBlocks(_ paragraph: MarkdownNode, node: OpaquePointer, open: OpenNode) -> [MarkdownNode]? {
        let startLine = Int(cmark_node_get_start_line(node)), endLine = Int(cmark_node_get_end_line(node))
        let column = Int(cmark_node_get_start_column(node))
        guard startLine > 0, endLine > startLine, column > 0 else { return nil }
        if lineStarts == nil {
            var starts = [0]
            for (index, byte) in source.enumerated() where byte == 0x0A { starts.append(index + 1) }
            lineStarts = starts
        }
        guard let starts = lineStarts, endLine <= starts.count else { return nil }
        var lines: [ArraySlice<UInt8>] = []
        for line in startLine...endLine {
            let end = line < starts.count ? starts[line] - 1 : source.count
            var slice = source[starts[line - 1]..<max(starts[line - 1], end)]
            // The container prefix (`> `, a list item's indent): the paragraph's own column on its first
            // line; on the others, as much of it as is made of spaces and `>`.
            var dropped = 0
            while dropped < column - 1, let first = slice.first,
                  line == startLine || first == 0x20 || first == 0x09 || first == UInt8(ascii: ">") {
                slice = slice.dropFirst()
                dropped += 1
            }
            lines.append(slice)
        }
        var cellDiagnostics: [Diagnostic] = [], cellLinks: [LinkOccurrence] = []
        guard let blocks = PipeTable.recognise(paragraph: paragraph, lines: lines, firstLine: startLine + options.lineOffset,
                                               column: column + (startLine == 1 ? options.columnOffset : 0),
                                               label: lastHeading?.plainText ?? "", file: file,
                                               diagnostics: &cellDiagnostics, links: &cellLinks) else {
            diagnostics += cellDiagnostics
            return nil
        }
        // What the paragraph's own inlines noted from the table's lines on is replaced by the cells'.
        let tableLine = blocks.last?.position?.line ?? Int.max
        let keptLinks = links[open.linkMark...].filter { ($0.position?.line ?? 0) < tableLine }
        links.removeSubrange(open.linkMark...)
        links += keptLinks + cellLinks
        let keptDiagnostics = diagnostics[open.diagnosticMark...].filter { ($0.line ?? 0) < tableLine }
        diagnostics.removeSubrange(open.diagnosticMark...)
        diagnostics += keptDiagnostics + cellDiagnostics
        return blocks
    }

    static func isLeafType(_ type: cmark_node_type) -> Bool {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_HTML_INLINE,
             CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK:
            return true
        default:
            return false
        }
    }

    /// Getters return borrowed C strings: copy them, never free them.
    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    static func literalText(of node: OpaquePointer) -> String {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
            return string(cmark_node_get_literal(node))
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            return " "
        default:
            return ""
        }
    }

    static func kind(of node: OpaquePointer) -> MarkdownNode.Kind {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST:
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            return .list(MarkdownNode.ListStyle(
                ordered: ordered,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0,
                delimiter: cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM ? ")" : "."))
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(info: string(cmark_node_get_fence_info(node)), literal: string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock(literal: string(cmark_node_get_literal(node)))
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text(string(cmark_node_get_literal(node)))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_INLINE: return .htmlInline(literal: string(cmark_node_get_literal(node)))
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK:
            return .link(url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE:
            return .image(url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        default:
            // Custom nodes never come out of the parser; keep their children as a paragraph.
            return .paragraph
        }
    }
}
