import Diagnostics
import Foundation
@testable import SiteBuilder
import Testing

/// The quick find on the built site: a box on every page leading to `search/` (which links the A-Z
/// lists, so it works without JavaScript), and the index files beside the pages.
@Suite struct SearchPageTests {
    @Test func everyPageHasTheSearchBoxAndTheIndexIsWritten() throws {
        let site = try TestSite(["alpha-vs-beta.md": Samples.alphaBeta, "beta-vs-gamma.md": Samples.betaGamma, "about.md": "# About\n\nA page.\n"])
        defer { site.remove() }
        _ = try site.build()
        for path in ["index.html", "about/index.html", "compare/alpha-vs-beta/index.html", "subjects/beta/index.html",
                     "browse/comparisons/index.html", "search/index.html", "404.html"] {
            let page = try site.page(path)
            let form = try #require(page.first("form", "class", "quick-find"), "\(path) has no search box")
            #expect(form["method"] == "get")
            #expect(form.first("input", "name", "q") != nil)
            let action = try #require(form["action"])
            #expect(site.target(of: action, from: path) == "search/index.html", "\(path): \(action)")
            let script = page.all("script").compactMap { $0["src"] }
            #expect(script.count == 1 && site.target(of: script[0], from: path) == "assets/search.js", "\(path): \(script)")
        }
        let search = try site.page("search/index.html")
        let browse = search.first("section", "class", "browse-links")?.all("a").compactMap { $0["href"] }.compactMap {
            site.target(of: $0, from: "search/index.html")
        }
        #expect(browse == ["browse/comparisons/index.html", "browse/subjects/index.html", "browse/pages/index.html",
                           "browse/dimensions/index.html"])
        #expect(search.first("div", "id", "pagefind-search") == nil)

        let manifest = try site.read("search/index.json")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any])
        #expect(parsed["version"] as? Int == 1)
        #expect(site.exists("search/0.json"))
        #expect(try site.read("search/0.json").contains("\"compare/alpha-vs-beta/\""))
    }

    @Test func fullTextSearchIsASiteSetting() throws {
        let site = try TestSite(["alpha-vs-beta.md": Samples.alphaBeta])
        defer { site.remove() }
        try site.write("search: fast\n", to: "site.yml")
        #expect(throws: UsageError.self) { try site.build() }
        try site.write("search: full\n", to: "site.yml")
        let report = try site.build()
        #expect(!report.diagnostics.hasErrors)
        let comparison = try site.read("compare/alpha-vs-beta/index.html")
        if FullTextSearch.executable() == nil {
            // Without Pagefind: a note says how to install it; no page names its files.
            #expect(report.diagnostics.contains { $0.severity == .note && $0.message.hasPrefix("search: full needs Pagefind") })
            #expect(!comparison.contains("data-pagefind"))
            #expect(try !site.read("search/index.html").contains("pagefind"))
        } else {
            // The article holds the body Pagefind indexes (its class also says whether a table of contents is beside it).
            #expect(comparison.range(of: #"<article class="comparison wrap( has-toc)?" data-pagefind-body>"#, options: .regularExpression) != nil)
            #expect(comparison.contains("data-pagefind-filter=\"subject\">Alpha</a>"))
            #expect(site.exists("pagefind/pagefind-ui.js"))
        }
    }

    @Test func pagefindIsLookedUpThroughPath() {
        #expect(FullTextSearch.executable(environment: ["PATH": ""]) == nil)
        #expect(FullTextSearch.executable(environment: [:]) == nil)
    }
}
