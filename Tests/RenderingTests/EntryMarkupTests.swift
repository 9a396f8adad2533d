import Foundation
import Testing

/// Entries and use cases are rendered to HTML once, during extraction; pages re-render only the
/// documents whose links must be rewritten per page. Both paths, and the site's `unsafe_html`, must
/// give what the page would show if it rendered everything itself.
@Suite struct EntryMarkupTests {
    static let document = """
        # Alpha vs Beta

        ## Key Differences

        ### Speed

        - **Alpha**: fast, see <mark>this</mark> and [the guide](https://example.org/guide)
        - **Beta**: slow

        ## Use Cases

        ### Alpha

        1. **Batch**: nightly <kbd>jobs</kbd>
        """

    @Test func rawHTMLIsOmittedUnlessTheSiteAllowsIt() throws {
        for allowed in [false, true] {
            let site = try TestSite(["alpha-vs-beta.md": Self.document])
            defer { site.remove() }
            if allowed { try site.write("unsafe_html: true\n", to: "site.yml") }
            _ = try site.build()
            for path in ["compare/alpha-vs-beta/index.html", "subjects/alpha/index.html"] {
                let page = try site.read(path)
                #expect(page.contains("<mark>this</mark>") == allowed, "\(path), unsafe_html: \(allowed)")
                #expect(page.contains("<kbd>jobs</kbd>") == allowed, "\(path), unsafe_html: \(allowed)")
                #expect(page.contains("<!-- raw HTML omitted -->") == !allowed, "\(path), unsafe_html: \(allowed)")
                #expect(page.contains("href=\"https://example.org/guide\""), "\(path)")
            }
            let model = try site.read("model.json")
            #expect(model.contains("<mark>this</mark>") == allowed)
        }
    }

    @Test func linksToOtherDocumentsAreRewrittenInEntriesAndUseCases() throws {
        let linking = Self.document
            .replacingOccurrences(of: "[the guide](https://example.org/guide)", with: "[the other one](beta-vs-gamma.md#speed)")
            .replacingOccurrences(of: "nightly <kbd>jobs</kbd>", with: "see [Gamma](beta-vs-gamma.md)")
        let site = try TestSite(["alpha-vs-beta.md": linking, "beta-vs-gamma.md": Samples.betaGamma])
        defer { site.remove() }
        _ = try site.build()
        for path in ["compare/alpha-vs-beta/index.html", "subjects/alpha/index.html"] {
            let page = try site.read(path)
            #expect(page.contains("href=\"../../compare/beta-vs-gamma/#speed\""), "\(path)")
            #expect(page.contains("href=\"../../compare/beta-vs-gamma/\""), "\(path)")
            #expect(!page.contains(".md"), "\(path)")
        }
    }
}
