@testable import MarkdownSyntax
import Testing
import TestSupport
import TextPrimitives

/// Paragraphs of text, emphasis, code spans and breaks are written without cmark; the bytes must be
/// what cmark writes for the same tree, whatever the nesting and the text.
@Suite struct FragmentFastPathTests {
    static let texts = ["plain", "A & B", "<tag>", "say \"hi\"", "it's", " lead", "trail ", "  ", "", "é 日本 🙂",
                        "tab\there", "x\u{7F}y", "a\u{0}b", "&amp;", "line\nfeed", "\u{00A0}nbsp"]

    func randomInlines(_ random: inout SeededRandom, depth: Int) -> [MarkdownNode] {
        var nodes: [MarkdownNode] = []
        for _ in 0..<(1 + random.next(below: 4)) {
            let text = Self.texts[random.next(below: Self.texts.count)]
            switch random.next(below: 9) {
            case 0 where depth < 3: nodes.append(MarkdownNode(.emphasis, children: randomInlines(&random, depth: depth + 1)))
            case 1 where depth < 3: nodes.append(MarkdownNode(.strong, children: randomInlines(&random, depth: depth + 1)))
            case 2: nodes.append(MarkdownNode(.code(text)))
            case 3: nodes.append(MarkdownNode(.softBreak))
            case 4: nodes.append(MarkdownNode(.lineBreak))
            case 5: nodes.append(MarkdownNode(.link(url: "x.md", title: ""), children: [MarkdownNode(.text(text))]))
            default: nodes.append(MarkdownNode(.text(text)))
            }
        }
        return nodes
    }

    @Test func matchesCmark() {
        let renderer = HTMLFragmentRenderer()
        var random = SeededRandom(seed: 1)
        var fast = 0
        for _ in 0..<3_000 {
            let paragraph = [MarkdownNode(.paragraph, children: randomInlines(&random, depth: 0))]
            var output = ByteBuffer()
            if CmarkShortcut.appendSimpleInlines(paragraph[0].children, to: &output) { fast += 1 }
            #expect(renderer.render(blocks: paragraph) == renderer.renderWithCmark(blocks: paragraph),
                    "\(paragraph)")
        }
        // The fast path must actually be taken for a good share of the samples, or this tests nothing.
        #expect(fast > 500)
    }

    /// HTML and plain text from one walk equal `render(blocks:)` and `plainText` taken apart.
    @Test func htmlWithPlainTextMatchesBothApart() {
        let renderer = HTMLFragmentRenderer()
        var random = SeededRandom(seed: 2)
        for _ in 0..<2_000 {
            let blocks = [MarkdownNode(.paragraph, children: randomInlines(&random, depth: 0))]
            let (html, text) = renderer.renderWithPlainText(blocks: blocks)
            #expect(html == renderer.render(blocks: blocks), "\(blocks)")
            #expect(text == MarkdownNode(.document, children: blocks).plainText, "\(blocks)")
        }
        let list = [MarkdownNode(.list(.init(ordered: false)), children: [MarkdownNode(.item, children: [
            MarkdownNode(.paragraph, children: [MarkdownNode(.text("one"))])])])]
        #expect(renderer.renderWithPlainText(blocks: list) == (renderer.render(blocks: list), "one"))
    }

    @Test func knownMarkup() {
        let paragraph = MarkdownNode(.paragraph, children: [
            MarkdownNode(.text("Use ")), MarkdownNode(.emphasis, children: [MarkdownNode(.text("A & B"))]),
            MarkdownNode(.text(" with ")), MarkdownNode(.code("x<y")), MarkdownNode(.softBreak),
            MarkdownNode(.strong, children: [MarkdownNode(.text("now"))]),
        ])
        #expect(HTMLFragmentRenderer().render(blocks: [paragraph])
                == "<p>Use <em>A &amp; B</em> with <code>x&lt;y</code>\n<strong>now</strong></p>\n")
    }
}
