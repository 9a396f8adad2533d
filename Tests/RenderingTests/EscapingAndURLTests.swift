import ComparisonModel
import MustacheTemplates
@testable import SiteRendering
import Testing
import TextPrimitives

@Suite struct EscapingAndURLTests {
    @Test func htmlEscapingReplacesTheFiveCharactersOnly() throws {
        func escaped(_ text: String) throws -> String {
            let library = TemplateLibrary(["t": try TemplateParser.parse("{{v}}")])
            let object = DictionaryObject(["v": PlainValue.text(text)], fieldNames: library.fieldNames)
            var output = ByteBuffer()
            try library.render(object, template: "t", into: &output)
            return output.string
        }
        #expect(try escaped("plain text é 🙂") == "plain text é 🙂")
        #expect(try escaped("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(try escaped("") == "")
        #expect(try escaped("&amp;") == "&amp;amp;")
    }

    @Test func hrefsKeepASCIIAndEncodeTheRest() {
        #expect(SiteURL.href("compare/a-vs-b/", root: "../../") == "../../compare/a-vs-b/")
        #expect(SiteURL.href("", root: "") == "./")
        #expect(SiteURL.href("subjects/café/", root: "../../", fragment: "x") == "../../subjects/caf%C3%A9/#x")
        #expect(SiteURL.href("a b/", root: "") == "a%20b/")
        #expect(SiteURL.absolute("compare/x/", base: "https://example.org/docs") == "https://example.org/docs/compare/x/")
        #expect(SiteURL.root(forPageAt: "compare/x/index.html") == "../../")
        #expect(SiteURL.root(forPageAt: "index.html") == "")
    }
}

/// Summaries are cut to a number of Characters at a word end; ASCII text takes a byte-level path.
@Suite struct TruncationTests {
    /// The rule, written plainly over Characters.
    func reference(_ text: String, _ limit: Int) -> String {
        guard text.count > limit else { return text }
        let cut = Array(text.prefix(limit))
        let end = cut.lastIndex(of: " ") ?? cut.count
        return String(cut[..<end]) + "…"
    }

    @Test func matchesTheCharacterRule() {
        let samples = [
            "", "short", String(repeating: "a", count: 20), String(repeating: "a", count: 21),
            "one two three four five six", "nospacesatallinthisverylongword", "ends with space           ",
            "Éléphants et café: une comparaison très détaillée", "emoji 😀😀😀 in the middle of words",
            String(repeating: "é", count: 15), "tab\tseparated words here and more", "a\r\nb c d e f g h i j k l m n",
        ]
        for text in samples {
            for limit in [0, 1, 5, 10, 15, 20, 25] {
                #expect(SiteRenderer.truncated(text, to: limit) == reference(text, limit), "\(text.debugDescription) to \(limit)")
            }
        }
    }
}
