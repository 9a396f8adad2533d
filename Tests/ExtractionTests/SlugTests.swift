import ComparisonModel
import Foundation
import Testing

/// The slug rule, checked against a plain `Character` implementation of the same rule,
/// so the ASCII fast path can never drift from the general one.
@Suite struct SlugTests {
    func reference(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for character in text.precomposedStringWithCanonicalMapping.lowercased() {
            if character.isLetter || character.isNumber || character == "_" {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.append(character)
            } else {
                pendingDash = true
            }
        }
        return slug
    }

    @Test(arguments: ["Purpose and Focus", "Speech-to-Text", "C++ vs C#", "  Leading  and trailing  ", "snake_case Title",
                      "Fünf süße Äpfel", "日本語のタイトル", "Café", "ÉCOLE 42", "a.b/c\\d", "Ünïcödé & ASCII"])
    func matchesTheReferenceRule(_ text: String) {
        #expect(Slug.make(text) == reference(text))
    }

    @Test func neverEmptyAndBounded() {
        let noLetters = Slug.make("!!!", fallback: "subject")
        #expect(noLetters.hasPrefix("subject-") && noLetters.count == "subject-".count + 8)
        #expect(Slug.make("🙂", fallback: "subject") != Slug.make("😀", fallback: "subject"))
        #expect(Slug.make("", fallback: "untitled") == "untitled")
        let long = Slug.make(String(repeating: "word ", count: 100))
        #expect(long.utf8.count < 100)
        #expect(long != Slug.make(String(repeating: "word ", count: 101)))
        for text in ["..", ".", "../../etc/passwd", "a/b"] {
            let slug = Slug.make(text)
            #expect(!slug.contains("/") && slug != "." && slug != ".." && !slug.isEmpty, "\(text) -> \(slug)")
        }
    }
}
