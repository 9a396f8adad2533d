import Foundation
import Testing
import TestSupport
import TextPrimitives

/// The byte-level helpers must agree with the plain `Character` (and Foundation) definitions they replace.
@Suite struct WhitespaceTests {
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
            #expect(text.canonicalComposition == text.precomposedStringWithCanonicalMapping, "\(text.unicodeScalars.map { $0.value })")
            #expect(text.trimmingWhitespace() == trimmedReference(text), "\(text.unicodeScalars.map { $0.value })")
        }
    }

    /// Collapsing while appending piece by piece gives what collapsing the whole gives; a space asked
    /// for between pieces counts as white space.
    @Test func collapsedTextMatchesCollapsingTheWhole() {
        var random = SeededRandom(seed: 43)
        for _ in 0..<2_000 {
            var collapsed = CollapsedText(capacity: 1)
            var whole = ""
            for _ in 0..<random.next(below: 6) {
                if random.next(below: 3) == 0 {
                    collapsed.appendSpace()
                    whole += " "
                } else {
                    let text = random.text(from: Self.pieces + ["defghijkl", "mn op", "qrs  "], maximumPieces: 5)
                    collapsed.append(text)
                    whole += text
                }
            }
            #expect(collapsed.string == reference(whole), "\(whole.unicodeScalars.map { $0.value })")
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
