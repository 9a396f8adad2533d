import Diagnostics
import TextPrimitives

/// An immutable Swift copy of one cmark node. Every C object is freed before a `MarkdownNode` exists,
/// so these values can cross threads and outlive the parser.
///
/// A class with constant fields, compared by value: it behaves as a value, and a tree of them is cheap
/// to share and to free. As a struct, every copy of a node retained each of its strings and its
/// children, and freeing a document's tree went through the runtime's generic array destruction, node
/// by node (about a tenth of a build's instructions, bench/profile.md).
public final class MarkdownNode: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case document
        case blockQuote
        case list(ListStyle)
        case item
        case codeBlock(info: String, literal: String)
        case htmlBlock(literal: String)
        case paragraph
        case heading(level: Int)
        case thematicBreak
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(literal: String)
        case emphasis
        case strong
        case link(url: String, title: String)
        case image(url: String, title: String)
        /// Built by `PipeTable` (tables) and `Callout` (GitHub alerts), never by cmark's parser: libcmark
        /// 0.30 has neither. `HTMLFragmentRenderer` prints them as cmark custom nodes.
        case table(TableStyle)
        case tableSection(header: Bool)
        case tableRow
        case tableCell(TableCellStyle)
        /// A yes/no/partial mark leading a table cell (`✓`, `No`, `:x:`); its child is the text as written
        /// (or the emoji a `:code:` stands for).
        case mark(TableMark)
        case callout(CalloutKind)
    }

    public struct ListStyle: Sendable, Hashable {
        public var ordered: Bool
        public var start: Int
        public var tight: Bool
        /// `.` or `)` for ordered lists.
        public var delimiter: Character

        public init(ordered: Bool, start: Int = 1, tight: Bool = true, delimiter: Character = ".") {
            self.ordered = ordered
            self.start = start
            self.tight = tight
            self.delimiter = delimiter
        }
    }

    public let kind: Kind
    public let children: [MarkdownNode]
    /// Where the node starts in the file, `nil` where cmark tracks none (soft breaks, built nodes).
    public let position: SourcePosition?

    public init(_ kind: Kind, children: [MarkdownNode] = [], position: SourcePosition? = nil) {
        self.kind = kind
        self.children = children
        self.position = position
    }

    /// The same node with another kind (a label's text with its colon removed, say).
    public func with(kind: Kind) -> MarkdownNode {
        MarkdownNode(kind, children: children, position: position)
    }

    /// Equal when the trees are equal, as for a value.
    public static func == (lhs: MarkdownNode, rhs: MarkdownNode) -> Bool {
        lhs === rhs || (lhs.kind == rhs.kind && lhs.position == rhs.position && lhs.children == rhs.children)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(position)
        hasher.combine(children)
    }

    public var headingLevel: Int? {
        if case .heading(let level) = kind { return level }
        return nil
    }

    public var isList: Bool {
        if case .list = kind { return true }
        return false
    }

    public var isStrong: Bool {
        // By pattern: `==` on `Kind` copies both values (asked of the first inline of many paragraphs).
        if case .strong = kind { return true }
        return false
    }

    /// The text a reader sees, markup removed and whitespace collapsed to single spaces.
    public var plainText: String {
        // One text child under a node that adds at most a separating space (a label's `**Name**`, a
        // heading, a one-line paragraph): the text itself, collapsed. The general walk gives the same.
        // The same down a chain of such nodes (a document holding one paragraph holding one text).
        var single = self
        while single.children.count == 1 {
            switch single.kind {
            case .text, .code, .codeBlock, .softBreak, .lineBreak: break
            default:
                let child = single.children[0]
                if case .text(let text) = child.kind, child.children.isEmpty { return text.collapsingWhitespace() }
                single = child
                continue
            }
            break
        }
        var text = CollapsedText()
        func emit(_ node: MarkdownNode) {
            switch node.kind {
            case .text(let literal), .code(let literal):
                text.append(literal)
            case .codeBlock(_, let literal):
                text.append(literal)
                text.appendSpace()
            case .softBreak, .lineBreak, .paragraph, .heading, .item, .thematicBreak, .htmlBlock, .tableRow, .tableCell,
                 .table, .tableSection, .callout:
                text.appendSpace()
            default:
                break
            }
        }
        emit(self)
        MarkdownNode.walk(children) { emit($0) }
        return text.string
    }

    /// Visits `nodes` and everything below them in document order, with an explicit stack of
    /// positions (not recursion, so no shape of input can exhaust the call stack, and no node is
    /// copied onto a work list).
    public static func walk(_ nodes: [MarkdownNode], _ visit: (MarkdownNode) -> Void) {
        var stack: [(siblings: [MarkdownNode], next: Int)] = [(nodes, 0)]
        while let top = stack.last {
            guard top.next < top.siblings.count else {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let node = top.siblings[top.next]
            visit(node)
            if !node.children.isEmpty { stack.append((node.children, 0)) }
        }
    }
}

