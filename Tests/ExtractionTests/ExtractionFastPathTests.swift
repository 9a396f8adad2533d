@testable import ComparisonExtraction
import Testing
import TestSupport

/// Fast paths of the extraction held to the plain rules they stand for, on seeded random input.
@Suite struct ExtractionFastPathTests {
    /// Words of every list, pieces of them, white space (CR LF is the one ASCII character of two
    /// scalars) and non-ASCII text that must take the plain path.
    static let titlePieces = [
        "use", "cases", "use cases", "case", " ", " ", "when to ", "choose", "which", "scenarios", "x", "s", "-",
        "differences", "difference", "comparison", "vergleich", "introduction", "overview", "summary", "verdict",
        "final", "thoughts", "conclusion", "fazit", "cas d'usage", "cas d’usage", "aperçu", "résumé", "e\u{301}",
        "\r\n", "\r", "\n", "比較", "まとめ", "사용 사례", "\u{301}",
    ]

    @Test func titleKeywordsOnBytesAgreeWithTheRule() {
        var random = SeededRandom(seed: 17)
        var matched = 0
        for _ in 0..<20_000 {
            let key = random.text(from: Self.titlePieces, minimumPieces: 1, maximumPieces: 5)
            for keywords in [TitleKeywords.differences, .useCases, .introduction, .conclusion] {
                let plain = keywords.keyMatchesPlain(key)
                #expect(keywords.keyMatches(key) == plain, "\(keywords) \(key.debugDescription)")
                if plain { matched += 1 }
            }
        }
        // The inputs reach both answers.
        #expect(matched > 1_000)
    }
}
