@testable import Diagnostics
import Testing

/// The one "did you mean" rule: closest by edit distance, within a limit that grows with the name.
@Suite struct SuggestionTests {
    @Test(arguments: [
        ("draft", "dratf", 1),   // two neighbours swapped count as one edit
        ("title", "titel", 1),
        ("title", "Title", 0),   // case does not count
        ("slug", "slugs", 1),
        ("subjects", "subject", 1),
        ("kitten", "sitting", 3),
    ])
    func distance(_ a: String, _ b: String, expected: Int) {
        #expect(Suggestion.distance(Array(a.lowercased().unicodeScalars), Array(b.lowercased().unicodeScalars), atMost: 5) == expected)
    }

    @Test func distanceBeyondTheLimitIsNil() {
        #expect(Suggestion.distance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars), atMost: 2) == nil)
        #expect(Suggestion.distance(Array("a".unicodeScalars), Array("abcd".unicodeScalars), atMost: 2) == nil)
    }

    @Test func closestWithinTheLimit() {
        let keys = ["draft", "lang", "slug", "subjects", "summary", "title"]
        #expect(Suggestion.closest(to: "dratf", among: keys) == "draft")
        #expect(Suggestion.closest(to: "subjetcs", among: keys) == "subjects")
        #expect(Suggestion.closest(to: "langs", among: keys) == "lang")
        // Short names allow one edit only; unrelated names get nothing.
        #expect(Suggestion.closest(to: "sg", among: keys) == nil)
        #expect(Suggestion.closest(to: "weight", among: keys) == nil)
        #expect(Suggestion.closest(to: "lag", among: ["lang", "flag"]) == "lang") // a tie goes to the first
    }

    @Test func phraseIsEmptyWithoutAMatch() {
        #expect(Suggestion.phrase(for: "titl", among: ["title"]) == " (did you mean 'title'?)")
        #expect(Suggestion.phrase(for: "zzzz", among: ["title"]) == "")
    }
}
