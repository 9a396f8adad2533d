@testable import MarkdownSyntax
import Testing
import TestSupport

/// `containsCodeBlock` skips the inlines of paragraphs and headings; on what cmark and the pipe-table
/// and callout readers build from any text, it must answer as the walk over every node does.
@Suite struct CodeBlockScanTests {
    static let lines = ["para", "- item", "1. item", "  - nested", "    indented code", "> quote", "> - quoted item",
                        "```", "```swift", "~~~", "`code span`", "# Heading", "### `x`", "| a | b |", "|---|---|",
                        "> [!NOTE]", "**Label**: text", "", "", "- ```", "  ```", "<div>", "---"]

    @Test func skippingInlinesAgreesWithTheFullWalk() {
        var random = SeededRandom(seed: 23)
        var found = 0
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<(1 + random.next(below: 8)) { text += Self.lines[random.next(below: Self.lines.count)] + "\n" }
            let nodes = MarkdownParser.parse(text, file: "x.md").root.children
            let plain = MarkdownNode.containsCodeBlockPlain(nodes)
            #expect(MarkdownNode.containsCodeBlock(nodes) == plain, "\(text.debugDescription)")
            // Within the list items too, as entries hold them.
            let items = nodes.flatMap { $0.isList ? $0.children.flatMap(\.children) : [] }
            #expect(MarkdownNode.containsCodeBlock(items) == MarkdownNode.containsCodeBlockPlain(items), "\(text.debugDescription)")
            if plain { found += 1 }
        }
        // Both answers are reached often.
        #expect(found > 300 && found < 2_700)
    }
}
