/// GitHub's alerts: a block quote whose first line is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`
/// or `[!CAUTION]` (any case) becomes a callout with that title; any other block quote stays one.
/// Read from the tree cmark built (the marker is the text of the quote's first line), not from source.
public enum CalloutKind: String, Sendable, Hashable, CaseIterable {
    case note, tip, important, warning, caution

    /// The visible title (English, as GitHub shows it).
    public var title: String {
        switch self {
        case .note: "Note"
        case .tip: "Tip"
        case .important: "Important"
        case .warning: "Warning"
        case .caution: "Caution"
        }
    }

    /// The callout `quote` is, with the marker line removed, or `nil` when it is an ordinary quote.
    static func callout(from quote: MarkdownNode) -> MarkdownNode? {
        guard let first = quote.children.first, first.kind == .paragraph else { return nil }
        // cmark splits `[!NOTE]` into several text nodes (brackets are link openers): join them up to
        // the first line break.
        var marker = ""
        var lineEnd = first.children.count
        for (index, child) in first.children.enumerated() {
            if case .text(let text) = child.kind {
                marker += text
                if marker.utf8.count > 16 { return nil }
            } else if child.kind == .softBreak || child.kind == .lineBreak {
                lineEnd = index
                break
            } else {
                return nil
            }
        }
        let trimmed = marker.trimmingSpaces()
        guard trimmed.hasPrefix("[!"), trimmed.hasSuffix("]"),
              let kind = CalloutKind(rawValue: String(trimmed.dropFirst(2).dropLast()).lowercased()) else { return nil }
        let rest = Array(first.children.dropFirst(lineEnd + 1))
        var blocks = Array(quote.children.dropFirst())
        if !rest.isEmpty { blocks.insert(MarkdownNode(.paragraph, children: rest, position: first.position), at: 0) }
        return MarkdownNode(.callout(kind), children: blocks, position: quote.position)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var copy = Substring(self)
        while copy.first == " " { copy = copy.dropFirst() }
        while copy.last == " " { copy = copy.dropLast() }
        return String(copy)
    }
}
