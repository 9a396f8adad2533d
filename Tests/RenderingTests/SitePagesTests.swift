import Diagnostics
import Foundation
import Testing

@Suite struct SitePagesTests {
    let site: TestSite

    init() throws {
        site = try TestSite([
            "alpha-vs-beta.md": Samples.alphaBeta,
            "beta-vs-gamma.md": Samples.betaGamma,
            "about.md": "# About\n\nA plain page.\n\n## Details\n\nMore.\n",
            "subjects/beta.md": "---\nname: Beta\naliases: [B2]\nwebsite: https://beta.example.org/\n---\n\nBeta is a *tool*.\n",
        ])
        _ = try site.build()
    }

    @Test func everyPageKindExists() {
        for path in ["index.html", "404.html", "model.json", "assets/style.css", "about/index.html",
                     "compare/alpha-vs-beta/index.html", "compare/beta-vs-gamma/index.html",
                     "subjects/alpha/index.html", "subjects/beta/index.html", "subjects/gamma/index.html"] {
            #expect(site.exists(path), "missing \(path)")
        }
        #expect(!site.exists("sitemap.xml"))
        #expect(!site.exists("compare/subjects-beta/index.html"))
    }

    @Test func subjectPageLinksEveryComparisonAndEachRow() throws {
        let page = try site.page("subjects/beta/index.html")
        #expect(page.first("h1")?.text == "Beta")
        #expect(page.first("p", "class", "aliases")?.text == "Also known as B2")
        #expect(page.first("a", "class", "website")?["href"] == "https://beta.example.org/")
        #expect(page.first("em")?.text == "tool")
        let comparisons = page.all("section", "class", "subject-comparison")
        #expect(comparisons.map { $0.first("h3")?.text } == ["Alpha vs Beta", "Beta vs Gamma"])
        let rowLinks = comparisons[0].all("dt").compactMap { $0.first("a")?["href"] }
        #expect(rowLinks == ["../../compare/alpha-vs-beta/#speed", "../../compare/alpha-vs-beta/#setup", "../../compare/alpha-vs-beta/#support"])
        for link in rowLinks {
            #expect(site.target(of: link, from: "subjects/beta/index.html") == "compare/alpha-vs-beta/index.html")
        }
        // The row each link names exists on the comparison page.
        let comparison = try site.page("compare/alpha-vs-beta/index.html")
        let rowIDs = Set(comparison.all("tr").compactMap { $0["id"] })
        #expect(rowLinks.allSatisfy { rowIDs.contains(String($0.split(separator: "#")[1])) })
        #expect(comparisons[0].all("dd")[2].first("p", "class", "not-covered") != nil)
        let peers = page.first("section", "class", "compared-with")?.all("a").map(\.text)
        #expect(peers == ["Alpha", "Gamma"])
    }

    @Test func comparisonAndSubjectPagesLinkBothWays() throws {
        let comparison = try site.page("compare/beta-vs-gamma/index.html")
        let subjectLinks = comparison.first("thead")?.all("a").compactMap { $0["href"] } ?? []
        for link in subjectLinks {
            let target = try #require(site.target(of: link, from: "compare/beta-vs-gamma/index.html"))
            let subject = try site.page(target)
            let back = subject.all("a").compactMap { $0["href"] }.compactMap { site.target(of: $0, from: target) }
            #expect(back.contains("compare/beta-vs-gamma/index.html"), "\(target) does not link back")
        }
        #expect(subjectLinks.count == 2)
    }

    @Test func indexListsComparisonsSubjectsAndPages() throws {
        let index = try site.page("index.html")
        let cards = index.all("li", "class", "card")
        #expect(cards.map { $0.first("h3")?.text } == ["Alpha vs Beta", "Beta vs Gamma"])
        #expect(cards[0].first("p")?.text.hasPrefix("Alpha and Beta are two tools.") == true)
        let subjects = index.first("ul", "class", "subject-list")?.all("li").map(\.text)
        // The most compared first.
        #expect(subjects == ["Beta 2 comparisons", "Alpha 1 comparison", "Gamma 1 comparison"])
        #expect(index.first("ul", "class", "page-list")?.first("a")?["href"] == "about/")
        for href in index.all("a").compactMap({ $0["href"] }) where !href.hasPrefix("http") {
            #expect(site.target(of: href, from: "index.html") != nil, "broken \(href)")
        }
    }

    /// Relative links only, so the same output works at a domain root and under a sub-path.
    @Test func everyInternalLinkIsRelative() throws {
        for path in ["index.html", "404.html", "about/index.html", "compare/alpha-vs-beta/index.html", "subjects/beta/index.html"] {
            let page = try site.page(path)
            let references = page.descendants.compactMap { $0["href"] ?? $0["src"] }
            #expect(!references.isEmpty)
            for reference in references where !reference.hasPrefix("https://") {
                #expect(!reference.hasPrefix("/"), "\(path): \(reference) is root-relative")
                #expect(site.target(of: reference, from: path) != nil || reference.hasSuffix(".md") || reference.hasSuffix(".md#nope"),
                        "\(path): \(reference) does not resolve")
            }
        }
    }

    @Test func plainPageHasHeadingIDs() throws {
        let page = try site.page("about/index.html")
        #expect(page.first("h1")?.text == "About")
        #expect(page.first("h2")?["id"] == "details")
    }

    @Test func sitemapNeedsABaseURL() throws {
        let report = try site.build(baseURL: "https://example.org/docs")
        #expect(!report.diagnostics.contains { $0.message.contains("sitemap.xml is not written") })
        let sitemap = try site.read("sitemap.xml")
        let locations = sitemap.split(separator: "\n").filter { $0.contains("<loc>") }
            .map { $0.replacingOccurrences(of: "<url><loc>", with: "").replacingOccurrences(of: "</loc></url>", with: "") }
        // Dimension pages are in it (Speed; Setup and Support, of one comparison, have none); the coverage
        // matrix, for editors, is not.
        #expect(locations == [
            "https://example.org/docs/", "https://example.org/docs/about/",
            "https://example.org/docs/compare/alpha-vs-beta/", "https://example.org/docs/compare/beta-vs-gamma/",
            "https://example.org/docs/dimensions/", "https://example.org/docs/dimensions/speed/",
            "https://example.org/docs/subjects/alpha/", "https://example.org/docs/subjects/beta/",
            "https://example.org/docs/subjects/gamma/",
        ])
        let page = try site.page("compare/alpha-vs-beta/index.html")
        #expect(page.first("link", "rel", "canonical")?["href"] == "https://example.org/docs/compare/alpha-vs-beta/")
    }

    @Test func sameInputGivesByteIdenticalOutput() throws {
        let first = try snapshot()
        let rebuilt = try site.build(force: true)
        #expect(!rebuilt.upToDate && rebuilt.filesWritten > 0, "a forced build must render everything again")
        #expect(try snapshot() == first)
        #expect(first.count >= 10)
    }

    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = site.root.appendingPathComponent("_site")
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files[path] = try Data(contentsOf: root.appendingPathComponent(path)) }
        }
        return files
    }
}

@Suite struct EscapingTests {
    @Test func namesAndTitlesAreTextEverywhere() throws {
        let site = try TestSite(["x.md": """
        ---
        title: "<script>alert(1)</script> vs Bee"
        subjects: ["<img src=x onerror=alert(1)>", "Bee"]
        kind: comparison
        ---
        # Ignored

        ## Key Differences

        ### Speed

        - **<img src=x onerror=alert(1)>**: fast [click](javascript:alert(1))
        - **Bee**: slow <script>alert(2)</script>
        """])
        let report = try site.build()
        #expect(!report.diagnostics.hasErrors)
        let html = try site.read("compare/x/index.html")
        #expect(!html.contains("<script>"))
        // Two script elements only: the theme's quick find (loaded from the site) and the JSON-LD data
        // block, with the title's tags escaped inside it.
        #expect(html.components(separatedBy: "<script").count == 3)
        #expect(html.contains("\"headline\":\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e vs Bee\""))
        #expect(!html.contains("<img src=x"))
        #expect(!html.lowercased().contains("javascript:"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; vs Bee"))
        let index = try site.read("index.html")
        #expect(!index.contains("<script>"))
        #expect(report.diagnostics.contains { $0.message.hasPrefix("link URL removed: the 'javascript:' scheme") })
        #expect(report.diagnostics.contains { $0.message.hasPrefix("raw HTML is not rendered") })
    }
}
