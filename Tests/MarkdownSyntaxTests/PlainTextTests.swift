import Foundation
import MarkdownSyntax
import Testing

/// The byte-level helpers must agree with the plain `Character` definitions they replace.
@Suite struct PlainTextTests {
    /// The definition the fast version replaced: split on `Character.isWhitespace`, join with one space.
    func reference(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static let pieces = ["a", "B", " ", "\t", "\n", "\r\n", "\u{00A0}", "\u{2003}", "\u{3000}", "\u{2028}", "\u{85}", "é",
                         "e\u{301}", "日本", "🙂", "\u{200B}", "x y", "  ", "\u{1680}", "\u{202F}", "\u{205F}", "\u{FEFF}"]

    @Test func collapsingWhitespaceMatchesTheCharacterDefinition() {
        var state: UInt64 = 42
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int(state % 12) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += Self.pieces[Int(state >> 33) % Self.pieces.count]
            }
            #expect(text.collapsingWhitespace() == reference(text), "\(text.unicodeScalars.map { $0.value })")
            #expect(text.foldedForComparison == text.precomposedStringWithCanonicalMapping.lowercased(), "\(text.unicodeScalars.map { $0.value })")
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines) || text.contains("\u{85}"),
                    "\(text.unicodeScalars.map { $0.value })")
        }
    }

    @Test func foldingAndComposition() {
        #expect("Azure ML".foldedForComparison == "azure ml")
        #expect("Cafe\u{301}".foldedForComparison == "caf\u{E9}")
        #expect("ÉCOLE".foldedForComparison == "école")
        #expect("e\u{301}".canonicalComposition.unicodeScalars.count == 1)
    }
}

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
