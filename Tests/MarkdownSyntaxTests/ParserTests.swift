import Diagnostics
import MarkdownSyntax
import Testing

@Suite struct ParserTests {
    @Test func treeCarriesPositionsWithLineOffset() {
        let parsed = MarkdownParser.parse("# Title\n\n- **A**: x\n", file: "x.md", options: MarkdownParseOptions(lineOffset: 3))
        let heading = parsed.root.children[0]
        #expect(heading.kind == .heading(level: 1))
        #expect(heading.position == SourcePosition(line: 4, column: 1))
        let item = parsed.root.children[1].children[0]
        #expect(item.kind == .item)
        #expect(item.position == SourcePosition(line: 6, column: 1))
        #expect(item.children[0].children[0].isStrong)
    }

    /// The links (and images) the parser notes are the links a walk of the finished tree finds, in the same order:
    /// nested in emphasis, in lists and quotes, and none from a subtree collapsed for depth.
    @Test func notedLinksAreTheTreesLinks() {
        let texts = [
            "[a](x.md) and *[b](y.md#p)*\n\n- item [c](https://e.org)\n  > [d](../z.md \"t\")\n",
            "# [Title](t.md)\n\n1. one\n2. [two](2.md)\n\n![img](i.png) [e]: \n\n[ref]\n\n[ref]: r.md\n",
            String(repeating: "> ", count: 4) + "[shallow](s.md)\n\n" + String(repeating: "> ", count: 8) + "[deep](d.md)",
        ]
        for text in texts {
            for depth in [3, 128] {
                let parsed = MarkdownParser.parse(text, file: "x.md", options: MarkdownParseOptions(lineOffset: 2, maximumDepth: depth))
                var walked: [LinkOccurrence] = []
                MarkdownNode.walk([parsed.root]) { node in
                    if case .link(let url, _) = node.kind { walked.append(LinkOccurrence(url: url, position: node.position)) }
                    // Images are noted too: a missing one is reported at its position.
                    if case .image(let url, _) = node.kind { walked.append(LinkOccurrence(url: url, position: node.position, isImage: true)) }
                }
                #expect(parsed.links == walked, "\(text.debugDescription) depth \(depth)")
                if depth == 128 { #expect(walked.count >= 2) }
            }
        }
    }

    @Test func deepNestingIsCollapsedNotACrash() {
        let text = String(repeating: "> ", count: 100_000) + "deep"
        let parsed = MarkdownParser.parse(text, file: "deep.md")
        #expect(parsed.diagnostics.map(\.message) == ["content nested deeper than 128 levels is shown as plain text"])
        #expect(parsed.root.plainText == "deep")
        #expect(HTMLFragmentRenderer().render(blocks: parsed.root.children).contains("deep"))
    }

    @Test func rawHTMLIsOmittedAndReported() {
        let parsed = MarkdownParser.parse("x <b>y</b>\n\n<script>alert(1)</script>\n", file: "h.md")
        #expect(parsed.diagnostics.count == 3)
        #expect(parsed.diagnostics.allSatisfy { $0.message.hasPrefix("raw HTML is not rendered") })
        let html = HTMLFragmentRenderer().render(blocks: parsed.root.children)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>"))
        #expect(HTMLFragmentRenderer(allowRawHTML: true).render(blocks: parsed.root.children).contains("<b>y</b>"))
    }

    @Test func rendererRewritesAndStillFilters() {
        let parsed = MarkdownParser.parse("[a](x.md) [b](y.md)\n", file: "r.md")
        let renderer = HTMLFragmentRenderer { url, _ in url == "x.md" ? "../x/" : "javascript:alert(1)" }
        #expect(renderer.render(blocks: parsed.root.children) == "<p><a href=\"../x/\">a</a> <a href=\"\">b</a></p>\n")
        #expect(renderer.render(inlines: parsed.root.children[0].children) == "<a href=\"../x/\">a</a> <a href=\"\">b</a>")
    }

    @Test func plainTextCollapsesWhitespace() {
        let parsed = MarkdownParser.parse("Some *emphasis*   and\n`code`  here.\n", file: "p.md")
        #expect(parsed.root.plainText == "Some emphasis and code here.")
    }
}
