import Diagnostics
import MarkdownSyntax
import Testing

/// GFM pipe tables on top of libcmark: the GFM spec's "Tables (extension)" examples 198-205, with
/// Versus's accessible markup (scope, alignment classes, a labelled scrolling region) instead of
/// GFM's bare `<table>` and `align` attributes.
@Suite struct PipeTableTests {
    func parse(_ markdown: String) -> ParsedMarkdown { MarkdownParser.parse(markdown, file: "t.md") }

    func html(_ markdown: String) -> String {
        HTMLFragmentRenderer().render(blocks: parse(markdown).root.children)
    }

    func wrapped(_ label: String, _ table: String) -> String {
        "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"\(label)\">\n<table class=\"content-table\">\n"
            + table + "</table>\n</div>\n"
    }

    @Test func example198HeaderDelimiterAndBody() {
        #expect(html("| foo | bar |\n| --- | --- |\n| baz | bim |\n") == wrapped("foo, bar", """
            <thead>
            <tr>
            <th scope="col">foo</th><th scope="col">bar</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <th scope="row">baz</th><td>bim</td>
            </tr>
            </tbody>

            """))
    }

    @Test func example199AlignmentAsClassesAndOptionalOuterPipes() {
        #expect(html("| abc | defghi |\n:-: | -----------:\nbar | baz\n") == wrapped("abc, defghi", """
            <thead>
            <tr>
            <th scope="col" class="align-center">abc</th><th scope="col" class="align-right">defghi</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <th scope="row" class="align-center">bar</th><td class="align-right">baz</td>
            </tr>
            </tbody>

            """))
        #expect(html("| a | b |\n|:--|---|\n").contains("<th scope=\"col\" class=\"align-left\">a</th><th scope=\"col\">b</th>"))
    }

    @Test func example200EscapedPipesAlsoInsideCodeSpansAndStrongEmphasis() {
        let result = html("| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n")
        #expect(result.contains("<th scope=\"col\">f|oo</th>"))
        #expect(result.contains("<td>b <code>|</code> az</td>"))
        #expect(result.contains("<td>b <strong>|</strong> im</td>"))
    }

    @Test func example201AnotherBlockEndsTheTable() {
        let result = html("| abc | def |\n| --- | --- |\n| bar | baz |\n> bar\n")
        #expect(result.hasSuffix("</table>\n</div>\n<blockquote>\n<p>bar</p>\n</blockquote>\n"))
        #expect(result.contains("<th scope=\"row\">bar</th><td>baz</td>"))
    }

    @Test func example202ABlankLineEndsTheTableAndALineWithoutPipesIsARow() {
        let result = html("| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar\n")
        #expect(result.contains("<tr>\n<td>bar</td><td>baz</td>\n</tr>\n<tr>\n<td>bar</td><td></td>\n</tr>"))
        #expect(result.hasSuffix("</table>\n</div>\n<p>bar</p>\n"))
    }

    @Test func example203HeaderAndDelimiterCellCountsMustMatchOrItIsAWarnedParagraph() {
        let parsed = MarkdownParser.parse("Intro.\n\n| abc | def |\n| --- |\n| bar |\n", file: "t.md",
                                          options: MarkdownParseOptions(lineOffset: 2))
        #expect(HTMLFragmentRenderer().render(blocks: parsed.root.children)
            == "<p>Intro.</p>\n<p>| abc | def |\n| --- |\n| bar |</p>\n")
        #expect(parsed.diagnostics.map(\.line) == [6])
        #expect(parsed.diagnostics.first?.message.contains("header row has 2 cells but the delimiter row has 1") == true)
    }

    @Test func example204RowsArePaddedOrCutToTheHeader() {
        let result = html("| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |\n")
        #expect(result.contains("<tr>\n<td>bar</td><td></td>\n</tr>\n<tr>\n<td>bar</td><td>baz</td>\n</tr>"))
        #expect(!result.contains("boo"))
    }

    @Test func example205NoBodyMeansNoTbody() {
        #expect(html("| abc | def |\n| --- | --- |\n") == wrapped("abc, def", """
            <thead>
            <tr>
            <th scope="col">abc</th><th scope="col">def</th>
            </tr>
            </thead>

            """))
    }

    @Test func linesBeforeTheHeaderStayAParagraphAndTheNearestHeadingLabelsTheRegion() {
        let result = html("## Speed & size\n\nMeasured on one core.\n| A | B |\n|---|---|\n| 1 | 2 |\n")
        #expect(result.hasPrefix("<h2>Speed &amp; size</h2>\n<p>Measured on one core.</p>\n<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Speed &amp; size\">"))
    }

    @Test func tablesInsideQuotesAndListItems() {
        #expect(html("> | a | b |\n> |---|---|\n> | 1 | 2 |\n").contains("<blockquote>\n<div class=\"table-scroll\""))
        #expect(html("- | a | b |\n  |---|---|\n  | 1 | 2 |\n").contains("<li>\n<div class=\"table-scroll\""))
    }

    @Test func cellsHoldInlinesOnlyAndTheirLinksAreNotedAtTheirRow() {
        let parsed = parse("| a | b |\n|---|---|\n| - x | [l](o.md) |\n| # h | 1. y |\n")
        let result = HTMLFragmentRenderer().render(blocks: parsed.root.children)
        #expect(result.contains("<th scope=\"row\">- x</th><td><a href=\"o.md\">l</a></td>"))
        #expect(result.contains("<th scope=\"row\"># h</th><td>1. y</td>"))
        #expect(parsed.links.map(\.url) == ["o.md"])
        #expect(parsed.links.first?.position?.line == 3)
    }

    /// Cells are parsed together in one cmark parse when each gives a paragraph; the links noted are
    /// the links of the tree, at their rows, in order.
    @Test func cellLinksAreTheTreesLinksAtTheirRows() {
        let parsed = MarkdownParser.parse("Text [a](a.md)\n| [h](h.md) | b |\n|---|---|\n| x | [c](c.md) *[d](d.md)* |\n\n[e](e.md)\n",
                                          file: "t.md", options: MarkdownParseOptions(lineOffset: 10))
        var walked: [LinkOccurrence] = []
        MarkdownNode.walk([parsed.root]) { node in
            if case .link(let url, _) = node.kind { walked.append(LinkOccurrence(url: url, position: node.position)) }
        }
        #expect(parsed.links == walked)
        #expect(parsed.links.map(\.url) == ["a.md", "h.md", "c.md", "d.md", "e.md"])
        #expect(parsed.links.map { $0.position?.line } == [11, 12, 14, 14, 16])
    }

    @Test func plainTextSeparatesCells() {
        #expect(parse("| a | b |\n|---|---|\n| c | d |\n").root.plainText == "a b c d")
    }

    @Test func paragraphsWithPipesButNoDelimiterRowStayParagraphs() {
        #expect(html("a | b\nc | d\n") == "<p>a | b\nc | d</p>\n")
        #expect(parse("a | b\nc | d\n").diagnostics.isEmpty)
    }

    @Test func marksLeadCellsAsValuesWithTextForScreenReaders() {
        let parsed = parse("| Feature | A | B | C |\n|---|---|---|---|\n| x | ✅ full | No | :x: |\n| y | Partial (beta) | No support | ✓ |\n")
        let rows = parsed.root.children[0].children[1].children
        func mark(_ row: Int, _ column: Int) -> TableMark.Value? {
            TableMarks.mark(of: rows[row].children[column].children)?.value
        }
        #expect([mark(0, 1), mark(0, 2), mark(0, 3), mark(1, 1), mark(1, 2), mark(1, 3)] == [.yes, .no, .no, .partial, nil, .yes])
        let result = HTMLFragmentRenderer().render(blocks: parsed.root.children)
        #expect(result.contains("<td><span class=\"mark mark-yes\"><span class=\"mark-symbol\" aria-hidden=\"true\">✅</span><span class=\"visually-hidden\">Yes</span></span> full</td>"))
        #expect(result.contains("<td><span class=\"mark mark-no\"><span class=\"mark-symbol\" aria-hidden=\"true\">✗</span> No</span></td>"))
        #expect(result.contains("<td><span class=\"mark mark-no\"><span class=\"mark-symbol\" aria-hidden=\"true\">❌</span><span class=\"visually-hidden\">No</span></span></td>"))
        #expect(result.contains("<td>No support</td>"))
    }
}

/// GitHub alerts (`> [!NOTE]` ...) as callouts; other quotes stay quotes.
@Suite struct CalloutTests {
    @Test func eachAlertKindIsACalloutWithItsTitle() {
        for kind in CalloutKind.allCases {
            let markdown = "> [!\(kind.rawValue.uppercased())]\n> Read *this*.\n>\n> - and this\n"
            #expect(HTMLFragmentRenderer().render(blocks: MarkdownParser.parse(markdown, file: "t.md").root.children)
                == "<div class=\"callout callout-\(kind.rawValue)\" role=\"note\">\n<p class=\"callout-title\">\(kind.title)</p>\n<p>Read <em>this</em>.</p>\n<ul>\n<li>and this</li>\n</ul>\n</div>\n")
        }
    }

    @Test func otherQuotesStayQuotes() {
        for markdown in ["> plain\n", "> [!UNKNOWN]\n> x\n", "> [!NOTE] inline text\n", "> [link](x.md)\n"] {
            #expect(HTMLFragmentRenderer().render(blocks: MarkdownParser.parse(markdown, file: "t.md").root.children)
                .hasPrefix("<blockquote>"), "\(markdown)")
        }
    }
}
