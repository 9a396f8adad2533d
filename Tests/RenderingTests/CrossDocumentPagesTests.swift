import Diagnostics
import Foundation
import SiteBuilder
import Testing

/// Dimension pages, the dimensions index and the coverage matrix, as built pages.
@Suite struct CrossDocumentPagesTests {
    static let cost = """
    # Gamma vs Delta

    ## Key Differences

    ### Cost

    - **Gamma**: Free.
    - **Delta**: Paid, see [Alpha vs Beta](alpha-vs-beta.md).
    """

    static let pricing = """
    # Alpha vs Beta

    ## Key Differences

    ### Pricing

    - **Alpha**: Cheap.
    - **Beta**: Dear.

    ### Speed

    - **Alpha**: Fast.
    """

    func makeSite() throws -> TestSite {
        let site = try TestSite(["alpha-vs-beta.md": Self.pricing, "gamma-vs-delta.md": Self.cost,
                                 "beta-vs-gamma.md": Samples.betaGamma])
        try site.write("dimension_synonyms:\n  Pricing: [Cost, Price]\n", to: "site.yml")
        return site
    }

    @Test func dimensionPageGathersSynonymsAndLinksEachRow() throws {
        let site = try makeSite()
        defer { site.remove() }
        let report = try site.build()
        #expect(!report.diagnostics.hasErrors)
        #expect(!site.exists("dimensions/cost/index.html"))
        let pagePath = "dimensions/pricing/index.html"
        let page = try site.page(pagePath)
        #expect(page.first("h1")?.text == "Pricing")
        #expect(page.first("p", "class", "aliases")?.text == "Also called Cost")
        let sections = page.all("section", "class", "dimension-comparison")
        #expect(sections.map { $0.first("h2")?.text } == ["Alpha vs Beta", "Gamma vs Delta"])
        #expect(sections[1].all("dt").map(\.text) == ["Gamma", "Delta"])
        #expect(sections[1].all("dd").map(\.text).first == "Free.")
        // The link inside an entry is rewritten for the dimension page's depth.
        let entryLink = try #require(sections[1].all("dd")[1].first("a")?["href"])
        #expect(site.target(of: entryLink, from: pagePath) == "compare/alpha-vs-beta/index.html")
        // Each comparison's row link lands on that row's id.
        for section in sections {
            let rowLink = try #require(section.first("p", "class", "row-source")?.first("a")?["href"])
            let target = try #require(site.target(of: rowLink, from: pagePath))
            let fragment = String(rowLink.split(separator: "#").last ?? "")
            let rowIDs = try site.page(target).all("tr").compactMap { $0["id"] }
            #expect(rowIDs.contains(fragment), "\(rowLink) names no row")
        }
        // A subject with no entry shows an explicit "Not covered".
        let speed = try site.page("dimensions/speed/index.html")
        let notCovered = speed.all("dd").map { $0.first("p", "class", "not-covered") != nil }
        #expect(notCovered == [false, true, false, false])
    }

    @Test func subjectPagesLinkTheirDimensionsAndTheIndexListsThem() throws {
        let site = try makeSite()
        defer { site.remove() }
        _ = try site.build()
        let subject = try site.page("subjects/gamma/index.html")
        let links = try #require(subject.first("section", "class", "subject-dimensions")).all("a")
        #expect(links.map(\.text) == ["Pricing", "Speed"])
        for link in links {
            #expect(site.target(of: link["href"] ?? "", from: "subjects/gamma/index.html")?.hasPrefix("dimensions/") == true)
        }
        let index = try site.page("dimensions/index.html")
        #expect(index.first("ul", "class", "subject-list")?.all("li").compactMap { $0.first("a")?.text } == ["Pricing", "Speed"])
        #expect(index.all("span", "class", "count").map(\.text) == ["2 comparisons", "2 comparisons"])
        // Linked from every page's footer, the home page included.
        let home = try site.page("index.html")
        let footerLinks = home.first("footer")?.all("a").compactMap { $0["href"] } ?? []
        #expect(footerLinks == ["dimensions/", "coverage/"])
    }

    @Test func coverageMatrixShowsPairsAndGapsAndStaysOutOfSearch() throws {
        let site = try makeSite()
        defer { site.remove() }
        _ = try site.build(baseURL: "https://example.org/")
        let page = try site.page("coverage/index.html")
        #expect(page.first("meta", "name", "robots")?["content"] == "noindex")
        let header = page.first("table", "class", "coverage-matrix")?.first("thead")?.all("th").map(\.text)
        #expect(header == ["Beta", "Gamma", "Alpha", "Delta"])
        let alphaRow = try #require(page.first("tbody")?.all("tr").first { $0.first("th")?.text == "Alpha" })
        let cells = alphaRow.all("td")
        #expect(cells[0].first("a")?["href"] == "../compare/alpha-vs-beta/") // Beta
        #expect(cells[1].first("span", "class", "missing") != nil)             // Gamma: none
        let gaps = page.all("dt").map(\.text)
        #expect(gaps == ["Alpha", "Beta", "Delta", "Gamma"])
        let deltaGaps = page.all("dd")[2].all("a").map(\.text)
        #expect(deltaGaps == ["Speed"])
        #expect(try !site.read("sitemap.xml").contains("coverage"))
    }

    /// A project theme written before these pages existed still builds, and gets them from the
    /// built-in theme, which fills in every template a project leaves out.
    @Test func aThemeWithoutTheNewTemplatesStillBuilds() throws {
        let site = try makeSite()
        defer { site.remove() }
        for name in ["dimension", "dimensions", "coverage", "feed"] {
            try FileManager.default.removeItem(at: site.root.appendingPathComponent("templates/\(name).mustache"))
        }
        let report = try site.build()
        #expect(!report.diagnostics.hasErrors)
        #expect(site.exists("compare/alpha-vs-beta/index.html"))
        #expect(site.exists("dimensions/index.html") && site.exists("coverage/index.html"))
        #expect(try site.page("subjects/gamma/index.html").first("section", "class", "subject-dimensions") != nil)
    }

    @Test func aDimensionOfManyComparisonsIsSplitIntoPages() throws {
        var files: [String: String] = [:]
        for number in 1...101 {
            let name = String(format: "c%03d", number)
            files["\(name).md"] = "# \(name) A vs \(name) B\n\n## Key Differences\n\n### Speed\n\n- **\(name) A**: a\n- **\(name) B**: b\n"
        }
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try site.build(baseURL: "https://example.org/")
        let first = try site.page("dimensions/speed/index.html")
        let second = try site.page("dimensions/speed/2/index.html")
        #expect(first.all("section", "class", "dimension-comparison").count == 100)
        #expect(second.all("section", "class", "dimension-comparison").map { $0.first("h2")?.text } == ["c101 A vs c101 B"])
        #expect(!site.exists("dimensions/speed/3/index.html"))
        let next = try #require(first.first("a", "rel", "next")?["href"])
        #expect(site.target(of: next, from: "dimensions/speed/index.html") == "dimensions/speed/2/index.html")
        #expect(first.first("a", "rel", "prev") == nil)
        let previous = try #require(second.first("a", "rel", "prev")?["href"])
        #expect(site.target(of: previous, from: "dimensions/speed/2/index.html") == "dimensions/speed/index.html")
        #expect(second.first("nav", "class", "pagination")?.first("span", "aria-current", "page")?.text == "2")
        // The head carries the same links for crawlers.
        #expect(try site.read("dimensions/speed/2/index.html").contains("<link rel=\"prev\""))
        #expect(try site.read("sitemap.xml").contains("<loc>https://example.org/dimensions/speed/2/</loc>"))
        // Row links from the second page still land on their comparison.
        let row = try #require(second.first("p", "class", "row-source")?.first("a")?["href"])
        #expect(site.target(of: row, from: "dimensions/speed/2/index.html") == "compare/c101/index.html")
    }

    @Test func aPageCannotTakeTheNewFolders() throws {
        let site = try TestSite(["dimensions.md": "# Dimensions\n\nMine.\n", "coverage.md": "# Coverage\n\nMine.\n"])
        defer { site.remove() }
        let report = try site.build()
        let errors = report.diagnostics.filter { $0.severity == .error }.map { ($0.file as NSString).lastPathComponent + ": " + $0.message }
        #expect(errors == ["coverage.md: the slug 'coverage' is used by the site itself; choose another 'slug'",
                           "dimensions.md: the slug 'dimensions' is used by the site itself; choose another 'slug'"])
    }

    @Test func synonymsMustBeAMapping() throws {
        let site = try makeSite()
        defer { site.remove() }
        try site.write("title: T\ndimension_synonyms: [Cost, Price]\n", to: "site.yml")
        #expect { try site.build() } throws: { error in
            ((error as? UsageError)?.diagnostic?.formatted ?? "").contains("site.yml:2:21: error: 'dimension_synonyms' must map a dimension's name")
        }
        try site.write("dimension_synonyms:\n  Pricing: [Cost]\n  Price: [Cost, Tariff]\n", to: "site.yml")
        // A second comparison for "Price", so that it gathers enough for a page.
        try site.write("# Epsilon vs Zeta\n\n## Key Differences\n\n### Tariff\n\n- **Epsilon**: low.\n- **Zeta**: high.\n",
                       to: "content/epsilon-vs-zeta.md")
        let twice = try site.build()
        #expect(twice.diagnostics.filter { $0.file.hasSuffix("site.yml") && $0.severity == .warning }.map { "\($0.line ?? 0):\($0.column ?? 0): \($0.message)" }
                == ["3:11: 'Cost' is a synonym of both 'Pricing' and 'Price'; its rows go to 'Price'"])
        let price = try site.page("dimensions/price/index.html")
        #expect(price.all("section", "class", "dimension-comparison").map { $0.first("h2")?.text } == ["Epsilon vs Zeta", "Gamma vs Delta"])
        try site.write("dimension_synonym:\n  Pricing: Cost\n", to: "site.yml")
        let report = try site.build()
        #expect(report.diagnostics.contains { $0.message == "unknown key 'dimension_synonym' (did you mean 'dimension_synonyms'?)" })
    }
}
