import MarkdownSyntax
import Testing

/// Plain-text titles and paragraphs skip cmark; what they give must be what cmark gives.
@Suite struct InlineFastPathTests {
    @Test func plainTextTitlesMatchCmark() {
        var samples = ["Speed", "A & B", "<script>alert(\"x\")</script>", "it's / 50% \\ `code` *not emphasis*", "&amp; already",
                       "Éléphant café 😀", "tab\tinside", " leading", "trailing ", "\u{00A0}nbsp\u{00A0}", "line\nbreak", "x\u{7F}y", ""]
        samples.append(String((0x21...0x7E).map { Character(Unicode.Scalar($0)!) }))
        let renderer = HTMLFragmentRenderer()
        for text in samples {
            let fast = renderer.render(inlines: [MarkdownNode(.text(text))])
            // The cmark path, forced: a text node followed by an empty one is not "one run of text".
            let viaCmark = renderer.render(inlines: [MarkdownNode(.text(text)), MarkdownNode(.text(""))])
            #expect(fast == viaCmark, "\(text.debugDescription)")
        }
        #expect(renderer.render(inlines: [MarkdownNode(.text("A & B"))]) == "A &amp; B")
        for text in samples {
            let fast = renderer.render(blocks: [MarkdownNode(.paragraph, children: [MarkdownNode(.text(text))])])
            let viaCmark = renderer.render(blocks: [MarkdownNode(.paragraph, children: [MarkdownNode(.text(text)), MarkdownNode(.text(""))])])
            #expect(fast == viaCmark, "paragraph \(text.debugDescription)")
        }
        #expect(renderer.render(blocks: [MarkdownNode(.paragraph, children: [MarkdownNode(.text("x < y"))])]) == "<p>x &lt; y</p>\n")
    }
}

/// A node with one text child takes a short path to its plain text; it must match the general walk.
@Suite struct PlainTextShortPathTests {
    @Test func singleTextChildMatchesTheGeneralWalk() {
        let kinds: [MarkdownNode.Kind] = [.paragraph, .heading(level: 2), .strong, .emphasis, .link(url: "u", title: ""),
                                          .item, .blockQuote, .document, .image(url: "i", title: "")]
        let texts = ["Name", " lead", "trail ", "two  spaces", "tab\there", "nbsp\u{00A0}x", "", " ", "é café", "a:\u{2003}"]
        for kind in kinds {
            for text in texts {
                let short = MarkdownNode(kind, children: [MarkdownNode(.text(text))]).plainText
                // A second, empty text child forces the general walk without changing the text.
                let general = MarkdownNode(kind, children: [MarkdownNode(.text(text)), MarkdownNode(.text(""))]).plainText
                #expect(short == general, "\(kind) \(text.debugDescription)")
                // And down a chain: kind > paragraph > text.
                let chain = MarkdownNode(kind, children: [MarkdownNode(.paragraph, children: [MarkdownNode(.text(text))])]).plainText
                let chainGeneral = MarkdownNode(kind, children: [MarkdownNode(.paragraph, children: [MarkdownNode(.text(text)), MarkdownNode(.text(""))])]).plainText
                #expect(chain == chainGeneral, "chain \(kind) \(text.debugDescription)")
            }
        }
    }
}
