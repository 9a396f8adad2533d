import ComparisonExtraction
import Diagnostics
import Testing

/// "Raw HTML is not rendered" is true only in cmark's safe mode: a site with `unsafe_html: true`
/// renders it, and warning about it there told authors the opposite of what happens.
@Suite struct RawHTMLWarningTests {
    static let markdown = "# A vs B\n\n<div class=\"note\">kept</div>\n\n## Key Differences\n\n### Speed\n\n- **A**: <kbd>fast</kbd>\n- **B**: slow\n"

    func rawHTMLWarnings(allowRawHTML: Bool) -> [String] {
        let file = ContentFile(source: "content/doc.md", contentPath: "doc.md", bytes: Array(Self.markdown.utf8))
        return DocumentExtractor(allowRawHTML: allowRawHTML).extract(file).diagnostics
            .filter { $0.message.hasPrefix("raw HTML is not rendered") }.located
    }

    @Test func safeModeWarnsAtEachPiece() {
        #expect(rawHTMLWarnings(allowRawHTML: false) == [
            "3:1: warning: raw HTML is not rendered (it is left out of the page)",
            "9:10: warning: raw HTML is not rendered (it is left out of the page)",
            "9:19: warning: raw HTML is not rendered (it is left out of the page)",
        ])
    }

    @Test func unsafeHTMLSitesAreNotWarned() {
        #expect(rawHTMLWarnings(allowRawHTML: true).isEmpty)
    }
}
