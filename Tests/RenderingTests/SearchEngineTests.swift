import Diagnostics
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SiteBuilder
import Testing

/// What search engines and sharing read: breadcrumbs, Open Graph and Twitter cards, JSON-LD,
/// robots.txt, the sitemap's lastmod and the Atom feed; and the dates readers see.
@Suite struct SearchEngineTests {
    static let dated = """
    ---
    updated: 2025-03-01
    reviewed: 2025-02-15
    ---
    # Alpha vs Beta

    Alpha and Beta compared.

    ## Key Differences

    ### Speed

    - **Alpha**: Fast.
    - **Beta**: Slow.
    """

    static let older = """
    ---
    lastmod: 2024-11-20T08:00:00+01:00
    ---
    # Beta vs Gamma

    ## Key Differences

    ### Speed

    - **Beta**: Slow.
    - **Gamma**: Quick.
    """

    func makeSite(_ extra: [String: String] = [:]) throws -> TestSite {
        try TestSite(["alpha-vs-beta.md": Self.dated, "beta-vs-gamma.md": Self.older,
                      "about.md": "# About\n\nA plain page.\n"].merging(extra) { $1 })
    }

    /// The text of each `<script type="application/ld+json">` of a page.
    func jsonLD(_ html: String) -> [String] {
        html.components(separatedBy: "<script type=\"application/ld+json\">").dropFirst().map {
            $0.components(separatedBy: "</script>")[0]
        }
    }

    @Test func everyPageHasOpenGraphAndTwitterMeta() throws {
        let site = try makeSite()
        defer { site.remove() }
        _ = try site.build(baseURL: "https://example.org/")
        let pages = ["index.html", "404.html", "about/index.html", "compare/alpha-vs-beta/index.html", "subjects/beta/index.html",
                     "dimensions/index.html", "dimensions/speed/index.html", "coverage/index.html"]
        for path in pages {
            let page = try site.page(path)
            for property in ["og:title", "og:description", "og:type", "og:site_name"] {
                #expect(page.first("meta", "property", property)?["content"]?.isEmpty == false, "\(path) lacks \(property)")
            }
            for name in ["twitter:card", "twitter:title", "twitter:description"] {
                #expect(page.first("meta", "name", name)?["content"]?.isEmpty == false, "\(path) lacks \(name)")
            }
        }
        let comparison = try site.page("compare/alpha-vs-beta/index.html")
        #expect(comparison.first("meta", "property", "og:type")?["content"] == "article")
        #expect(comparison.first("meta", "property", "og:url")?["content"] == "https://example.org/compare/alpha-vs-beta/")
        #expect(comparison.first("meta", "property", "article:modified_time")?["content"] == "2025-03-01T00:00:00Z")
        #expect(try site.page("subjects/beta/index.html").first("meta", "property", "og:type")?["content"] == "website")
    }

    @Test func breadcrumbsAreVisibleAndLeadHome() throws {
        let site = try makeSite()
        defer { site.remove() }
        _ = try site.build()
        let expectations: [(String, [String])] = [
            ("compare/alpha-vs-beta/index.html", ["Versus", "Alpha vs Beta"]),
            ("subjects/beta/index.html", ["Versus", "Beta"]),
            ("about/index.html", ["Versus", "About"]),
            ("dimensions/speed/index.html", ["Versus", "Dimensions", "Speed"]),
            ("coverage/index.html", ["Versus", "Coverage"]),
        ]
        for (path, trail) in expectations {
            let nav = try #require(try site.page(path).first("nav", "aria-label", "Breadcrumb"), "\(path)")
            #expect(nav.all("li").map(\.text) == trail, "\(path)")
            #expect(nav.first("span", "aria-current", "page")?.text == trail.last)
            for link in nav.all("a") {
                #expect(site.target(of: link["href"] ?? "", from: path) != nil, "\(path): \(link["href"] ?? "")")
            }
        }
        #expect(try site.page("index.html").first("nav", "aria-label", "Breadcrumb") == nil)
    }

    @Test func comparisonJSONLDDescribesTheArticleAndItsProducts() throws {
        let site = try makeSite()
        defer { site.remove() }
        _ = try site.build(baseURL: "https://example.org/docs/")
        let blocks = jsonLD(try site.read("compare/alpha-vs-beta/index.html"))
        #expect(blocks.count == 1)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(blocks[0].utf8)) as? [String: Any])
        #expect(root["@context"] as? String == "https://schema.org")
        let graph = try #require(root["@graph"] as? [[String: Any]])
        #expect(graph.map { $0["@type"] as? String } == ["Article", "BreadcrumbList"])
        #expect(graph[0]["headline"] as? String == "Alpha vs Beta")
        #expect(graph[0]["dateModified"] as? String == "2025-03-01T00:00:00Z")
        let list = try #require(graph[0]["about"] as? [String: Any])
        #expect(list["@type"] as? String == "ItemList")
        let items = try #require(list["itemListElement"] as? [[String: Any]])
        let products = items.compactMap { $0["item"] as? [String: Any] }
        #expect(products.map { $0["name"] as? String } == ["Alpha", "Beta"])
        #expect(products.map { $0["@type"] as? String } == ["Product", "Product"])
        #expect(products.first?["url"] as? String == "https://example.org/docs/subjects/alpha/")
        // No ratings, reviews or offers anywhere: Versus has none.
        for word in ["Rating", "review", "offers"] { #expect(!blocks[0].contains(word)) }
        let crumbs = try #require(graph[1]["itemListElement"] as? [[String: Any]])
        #expect(crumbs.map { $0["item"] as? String } == ["https://example.org/docs/", "https://example.org/docs/compare/alpha-vs-beta/"])
        // Only comparison pages carry it.
        #expect(jsonLD(try site.read("subjects/beta/index.html")).isEmpty)
    }

    @Test func hostileTitlesCannotEndTheScript() throws {
        let title = "</script><script>alert(1)</script> & <!-- vs \u{2028} B"
        let site = try TestSite(["x.md": "---\ntitle: \"\(title.replacingOccurrences(of: "\u{2028}", with: "\\u2028"))\"\nsubjects: [A, B]\n---\n# X\n\n## Key Differences\n\n### Speed\n\n- **A**: a\n- **B**: b\n"])
        defer { site.remove() }
        _ = try site.build()
        let html = try site.read("compare/x/index.html")
        // The JSON-LD block and the theme's quick find (a file of the site, no inline code): nothing more.
        #expect(html.components(separatedBy: "<script").count == 3)
        #expect(html.components(separatedBy: "<script src=").count == 2)
        let blocks = jsonLD(html)
        #expect(blocks.count == 1)
        #expect(!blocks[0].contains("<") && !blocks[0].contains(">") && !blocks[0].contains("&"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(blocks[0].utf8)) as? [String: Any])
        let article = try #require((root["@graph"] as? [[String: Any]])?.first)
        #expect(article["headline"] as? String == title)
    }

    @Test func robotsTxtNamesTheSitemapWhenTheBaseURLIsKnown() throws {
        let site = try makeSite()
        defer { site.remove() }
        _ = try site.build()
        #expect(try site.read("robots.txt") == "User-agent: *\nAllow: /\n")
        _ = try site.build(baseURL: "https://example.org/docs")
        #expect(try site.read("robots.txt") == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/docs/sitemap.xml\n")
    }

    @Test func sitemapHasLastmodAndTheFeedListsDatedComparisonsNewestFirst() throws {
        let site = try makeSite(["undated-vs-other.md": "# Undated vs Other\n\n## Key Differences\n\n### Speed\n\n- **Undated**: a\n- **Other**: b\n"])
        defer { site.remove() }
        _ = try site.build(baseURL: "https://example.org/")
        let sitemap = try site.read("sitemap.xml")
        #expect(sitemap.contains("<url><loc>https://example.org/compare/alpha-vs-beta/</loc><lastmod>2025-03-01</lastmod></url>"))
        #expect(sitemap.contains("<url><loc>https://example.org/compare/beta-vs-gamma/</loc><lastmod>2024-11-20</lastmod></url>"))
        #expect(sitemap.contains("<url><loc>https://example.org/compare/undated-vs-other/</loc></url>"))
        let feed = try site.read("feed.xml")
        let ids = feed.split(separator: "\n").filter { $0.hasPrefix("<id>") }
        #expect(ids == ["<id>https://example.org/</id>", "<id>https://example.org/compare/alpha-vs-beta/</id>",
                        "<id>https://example.org/compare/beta-vs-gamma/</id>"])
        let updated = feed.split(separator: "\n").filter { $0.hasPrefix("<updated>") }
        #expect(updated == ["<updated>2025-03-01T00:00:00Z</updated>", "<updated>2025-03-01T00:00:00Z</updated>",
                            "<updated>2024-11-20T08:00:00+01:00</updated>"])
        #expect(feed.contains("<link rel=\"self\" href=\"https://example.org/feed.xml\"/>"))
        let delegate = WellFormed()
        let parser = XMLParser(data: Data(feed.utf8))
        parser.delegate = delegate
        #expect(parser.parse(), "feed.xml is not well-formed XML")
        #expect(delegate.elements.filter { $0 == "entry" }.count == 2)
        // Every page points at the feed.
        let home = try site.page("index.html")
        #expect(home.first("link", "type", "application/atom+xml")?["href"] == "https://example.org/feed.xml")
    }

    @Test func noFeedWithoutABaseURLOrDates() throws {
        let site = try makeSite()
        defer { site.remove() }
        _ = try site.build()
        #expect(!site.exists("feed.xml"))
        let undated = try TestSite(["a-vs-b.md": Samples.betaGamma])
        defer { undated.remove() }
        _ = try undated.build(baseURL: "https://example.org/")
        #expect(!undated.exists("feed.xml"))
        #expect(try undated.page("index.html").first("link", "type", "application/atom+xml") == nil)
    }

    @Test func comparisonShowsLastReviewedAndUpdated() throws {
        let site = try makeSite()
        defer { site.remove() }
        _ = try site.build()
        let freshness = try #require(try site.page("compare/alpha-vs-beta/index.html").first("p", "class", "freshness"))
        #expect(freshness.text == "Last reviewed 2025-02-15 · Updated 2025-03-01")
        #expect(freshness.all("time").map { $0["datetime"] } == ["2025-02-15", "2025-03-01"])
        let older = try site.page("compare/beta-vs-gamma/index.html").first("p", "class", "freshness")
        #expect(older?.text == "Updated 2024-11-20")
    }

    @Test func staleAfterWarnsAgainstTheBuildDay() throws {
        let site = try makeSite()
        defer { site.remove() }
        try site.write("stale_after: 90d\n", to: "site.yml")
        // Without a build day: the newest date in the content (2025-03-01); beta-vs-gamma is 101 days older.
        let report = try site.build()
        let stale = report.diagnostics.filter { $0.message.contains("stale_after") }
        #expect(stale.map { "\(($0.file as NSString).lastPathComponent):\($0.line ?? 0): \($0.severity)" } == ["beta-vs-gamma.md:2: warning"])
        #expect(stale.first?.message.hasPrefix("'Beta vs Gamma' was last updated (it has no 'reviewed' date) on 2024-11-20, 101 days before 2025-03-01") == true)
        // A later build day makes alpha-vs-beta's review stale too, and rebuilds (the day is an input).
        var options = site.options
        options.buildDay = 20_300 // 2025-07-31
        let later = try SiteBuild(options: options).run()
        #expect(!later.upToDate)
        #expect(later.diagnostics.filter { $0.message.contains("stale_after") }.count == 2)
        try site.write("stale_after: soon\n", to: "site.yml")
        #expect { try site.build() } throws: { error in
            ((error as? UsageError)?.diagnostic?.message ?? "").hasPrefix("'stale_after' must be a number of days")
        }
    }
}

/// Collects element names; parsing fails on XML that is not well-formed.
final class WellFormed: NSObject, XMLParserDelegate {
    var elements: [String] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(name)
    }
}
