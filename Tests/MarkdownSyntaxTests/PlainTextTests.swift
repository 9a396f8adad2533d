import Foundation
import MarkdownSyntax
import Testing
import TestSupport

/// The byte-level helpers must agree with the plain `Character` definitions they replace.
@Suite struct PlainTextTests {
    /// The definition the fast version replaced: split on `Character.isWhitespace`, join with one space.
    func reference(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Scalars with the Unicode White_Space property removed from both ends: the documented rule.
    /// (Foundation's `.whitespacesAndNewlines` differs: it adds U+200B and leaves out U+0085.)
    func trimmedReference(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    static let pieces = ["a", "B", " ", "\t", "\n", "\r\n", "\u{00A0}", "\u{2003}", "\u{3000}", "\u{2028}", "\u{85}", "é",
                         "e\u{301}", "日本", "🙂", "\u{200B}", "x y", "  ", "\u{1680}", "\u{202F}", "\u{205F}", "\u{FEFF}"]

    @Test func collapsingWhitespaceMatchesTheCharacterDefinition() {
        var random = SeededRandom(seed: 42)
        for _ in 0..<2_000 {
            let text = random.text(from: Self.pieces, maximumPieces: 12)
            #expect(text.collapsingWhitespace() == reference(text), "\(text.unicodeScalars.map { $0.value })")
            #expect(text.foldedForComparison == text.precomposedStringWithCanonicalMapping.lowercased(), "\(text.unicodeScalars.map { $0.value })")
            #expect(text.trimmingWhitespace() == trimmedReference(text), "\(text.unicodeScalars.map { $0.value })")
        }
    }

    /// Long ASCII runs take the eight-bytes-at-a-time check; spaces at every offset of a word.
    @Test func collapsingLongASCIITextMatchesTheCharacterDefinition() {
        let pieces = ["a", "bc", " ", "  ", "defghij", "\t", "x y", "é", "\u{00A0}"]
        var random = SeededRandom(seed: 11)
        for _ in 0..<3_000 {
            let text = random.text(from: pieces, maximumPieces: 30)
            #expect(text.collapsingWhitespace() == reference(text), "\(text.debugDescription)")
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

/// Escaping reads eight bytes at a time; it must give what replacing one character at a time gives,
/// wherever the characters fall in a word and whatever the length.
@Suite struct EscapingTests {
    func reference(_ text: String, apostrophe: Bool) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'" where apostrophe: output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    @Test func matchesCharacterByCharacterEscaping() {
        let pieces = ["a", "bc", "&", "<", ">", "\"", "'", " ", "é", "🙂", "defghij", "\u{85}", "&amp;", "\n"]
        var random = SeededRandom(seed: 7)
        for _ in 0..<3_000 {
            let text = random.text(from: pieces, maximumPieces: 40)
            for apostrophe in [false, true] {
                var output = ByteBuffer(capacity: 16)
                HTMLText.appendEscaped(text, to: &output, apostrophe: apostrophe)
                #expect(output.string == reference(text, apostrophe: apostrophe), "\(text.debugDescription)")
            }
        }
    }

    @Test func byteScanFindsEveryPosition() {
        for position in 0..<8 {
            for target: UInt8 in [0x22, 0x26, 0x27, 0x3C, 0x3E, 0x5C, 0x00, 0x1F] {
                var bytes = [UInt8](repeating: 0x61, count: 8)
                bytes[position] = target
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(ByteScan.contains(word, target))
                #expect(ByteScan.containsByte(word, below: 0x20) == (target < 0x20))
                let clean = [UInt8](repeating: target == 0x61 ? 0x62 : 0x61, count: 8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(!ByteScan.contains(clean, target))
            }
        }
        // High bytes (UTF-8 continuation and lead bytes) are never below a limit.
        let high = [UInt8](repeating: 0xC3, count: 8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        #expect(!ByteScan.containsByte(high, below: 0x20))
    }

    @Test func bufferGrowsAndInserts() {
        var buffer = ByteBuffer(capacity: 1)
        for index in 0..<1_000 { buffer.append(UInt8(index % 256)) }
        #expect(buffer.count == 1_000 && buffer[999] == UInt8(999 % 256))
        var text = "--"
        text.withUTF8 { buffer.insert($0, at: 1) }
        #expect(buffer.count == 1_002 && buffer[0] == 0 && buffer[1] == 0x2D && buffer[2] == 0x2D && buffer[3] == 1)
        #expect(buffer.array.count == 1_002)
    }
}
