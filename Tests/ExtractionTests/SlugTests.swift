@testable import ComparisonModel
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

/// The ASCII fast path gives what the general rule gives, including around the length limit, where
/// both cut the slug and add the hash of the whole text.
@Suite struct SlugFastPathTests {
    @Test func asciiPathMatchesTheGeneralRule() {
        var samples = ["", "A vs B", "  lead and trail  ", "a--b__c", "!!!", "C++ & C#", "x/y\\z", "Tabs\tand\nlines", "MiXeD CaSe 123",
                       "Key Differences Between Aperture Log Analytics, Contoso Container Registry, and Hooli Batch Compute"]
        for length in 76...84 {
            samples.append(String(repeating: "a", count: length))
            samples.append(String(repeating: "a", count: length - 2) + " b")
            samples.append(String(repeating: "ab ", count: length / 3))
            samples.append(String(repeating: "Word ", count: length / 5) + "!?")
        }
        for text in samples {
            let expected = Slug.makeGeneral(text, fallback: "untitled")
            let ascii = Slug.makeASCII(text)
            if expected.hasPrefix("untitled") {
                #expect(ascii == "", "\(text)") // no letters: `make` adds the fallback
            } else {
                #expect(ascii == expected, "\(text)")
            }
            // And the general path is the reference rule, cut at the limit.
            let reference = SlugTests().reference(text)
            if reference.utf8.count <= Slug.maximumBytes && !reference.isEmpty {
                #expect(expected == reference, "\(text)")
            } else if !reference.isEmpty {
                #expect(expected.utf8.count <= Slug.maximumBytes + 2 + 9 && reference.hasPrefix(String(expected.dropLast(9))), "\(text)")
            }
        }
    }
}
