@testable import ComparisonModel
import Testing

/// An entry whose HTML is one paragraph of its text keeps only the HTML; the text read back must be the
/// text given, whatever it holds, and the elision must be invisible to equality and to the setters.
@Suite struct TextAndHTMLTests {
    @Test(arguments: [
        ("Plain words.", "<p>Plain words.</p>\n", true),
        ("Grüße, 東京 and 🦊.", "<p>Grüße, 東京 and 🦊.</p>\n", true),
        // A combining mark first: compared as bytes, not as characters, so it is still one paragraph of the text.
        ("\u{301}accent first", "<p>\u{301}accent first</p>\n", true),
        ("", "<p></p>\n", true),
        ("A & B", "<p>A &amp; B</p>\n", false),
        ("Uses timeout_ms", "<p>Uses <code>timeout_ms</code></p>\n", false),
        ("Two paragraphs", "<p>Two</p>\n<p>paragraphs</p>\n", false),
        ("No newline", "<p>No newline</p>", false),
        ("", "", false),
        ("<p>x</p>\n", "<p><p>x</p>\n</p>\n", true),
    ])
    func theTextReadBackIsTheTextGiven(text: String, html: String, elided: Bool) {
        let body = TextAndHTML(text: text, html: html)
        #expect(body.text == text)
        #expect(body.html == html)
        #expect(TextAndHTML.isParagraph(of: text, html: html) == elided)
    }

    @Test func equalityIsThatOfTheTwoStrings() {
        let a = TextAndHTML(text: "Same words", html: "<p>Same words</p>\n")
        let b = TextAndHTML(text: "Same words", html: "<p>Same words</p>\n")
        let other = TextAndHTML(text: "Other words", html: "<p>Same words</p>\n")
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(a != other)
        #expect(other.text == "Other words")
    }

    @Test func settingTheHTMLKeepsAnElidedText() {
        var entry = DifferenceEntry(subject: "s", text: "Fast.", html: "<p>Fast.</p>\n", content: [], position: nil)
        entry.html = "<p><strong>Fast.</strong></p>\n"
        #expect(entry.text == "Fast.")
        entry.text = "Quick."
        #expect(entry.html == "<p><strong>Fast.</strong></p>\n" && entry.text == "Quick.")
        var useCase = UseCase(subject: "s", title: nil, titleInlines: [], text: "Batch jobs", html: "<p>Batch jobs</p>\n",
                              description: [], anchor: "a", position: nil)
        useCase.html = "<p>Batch <em>jobs</em></p>\n"
        #expect(useCase.text == "Batch jobs")
        #expect(useCase == UseCase(subject: "s", title: nil, titleInlines: [], text: "Batch jobs", html: "<p>Batch <em>jobs</em></p>\n",
                                   description: [], anchor: "a", position: nil))
    }
}
