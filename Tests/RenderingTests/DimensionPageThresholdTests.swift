import ComparisonModel
import Foundation
import SiteBuilder
import Testing

/// A dimension gets a page only when it gathers `DimensionCatalog.minimumComparisonsForPage`
/// comparisons; nothing links to the pages it does not get.
@Suite struct DimensionPageThresholdTests {
    /// "Speed" in both comparisons, "Warranty" in one.
    static func makeSite() throws -> TestSite {
        try TestSite([
            "a-vs-b.md": "# A vs B\n\n## Key Differences\n\n### Speed\n\n- **A**: fast.\n- **B**: slow.\n\n### Warranty\n\n- **A**: one year.\n- **B**: two years.\n",
            "c-vs-d.md": "# C vs D\n\n## Key Differences\n\n### Speed\n\n- **C**: fast.\n- **D**: slow.\n",
        ])
    }

    @Test func theThresholdIsTwoComparisons() {
        #expect(DimensionCatalog.minimumComparisonsForPage == 2)
    }

    @Test func aSharedDimensionHasAPageAndAUniqueOneDoesNot() throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        var options = site.options
        options.baseURL = "https://example.org/"
        options.checkLinks = true
        let report = try SiteBuild(options: options).run()
        #expect(report.published)
        #expect(report.linkReport?.brokenLinkCount == 0)
        #expect(report.linkReport.map { $0.problems.isEmpty } == true)

        #expect(site.exists("dimensions/speed/index.html"))
        #expect(!site.exists("dimensions/warranty/index.html"))
        #expect(!site.exists("dimensions/warranty"))

        // No file of the site names the page that is not there: pages, sitemap, search index, feed.
        let root = site.root.appendingPathComponent("_site")
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        #expect(files.contains("search/index.json"))
        for file in files where !file.hasPrefix("assets/") {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let text = try site.read(file)
            #expect(!text.contains("dimensions/warranty"), "\(file) names dimensions/warranty")
        }

        // The subject page lists the dimension page it has; the index lists the shared dimension only.
        let subject = try site.page("subjects/a/index.html")
        let chips = subject.first("section", "class", "subject-dimensions")?.all("a").map(\.text)
        #expect(chips == ["Speed"])
        let index = try site.page("dimensions/index.html")
        #expect(index.first("ul", "class", "subject-list")?.all("li").compactMap { $0.first("a")?.text } == ["Speed"])
        #expect(try !site.read("sitemap.xml").contains("warranty"))
        #expect(try site.read("sitemap.xml").contains("<loc>https://example.org/dimensions/speed/</loc>"))

        // The search finds both: the shared one at its page, the unique one at its row.
        let shard = try #require(JSONSerialization.jsonObject(with: Data(site.read("search/0.json").utf8)) as? [[Any]])
        let dimensions = shard.filter { $0.first as? String == "d" }.map { ($0[1] as? String ?? "", $0[3] as? String ?? "") }
        #expect(dimensions.map(\.0) == ["Speed", "Warranty"])
        #expect(dimensions.map(\.1) == ["dimensions/speed/", "compare/a-vs-b/#warranty"])

        // The coverage page's gaps: C and D lack Warranty, linked to its row, which exists.
        let coverage = try site.page("coverage/index.html")
        let gaps = coverage.all("dd").flatMap { $0.all("a") }.filter { $0.text == "Warranty" }.compactMap { $0["href"] }
        #expect(gaps == ["../compare/a-vs-b/#warranty", "../compare/a-vs-b/#warranty"])
        let rowIDs = try site.page("compare/a-vs-b/index.html").all("tr").compactMap { $0["id"] }
        #expect(rowIDs.contains("warranty"))
    }

    /// Two titles of one comparison that are synonyms are one comparison, not two: no page.
    @Test func synonymsInOneComparisonCountOnce() throws {
        let site = try TestSite([
            "a-vs-b.md": "# A vs B\n\n## Key Differences\n\n### Cost\n\n- **A**: low.\n- **B**: high.\n\n### Price\n\n- **A**: 1.\n- **B**: 2.\n",
        ])
        defer { site.remove() }
        try site.write("dimension_synonyms:\n  Pricing: [Cost, Price]\n", to: "site.yml")
        #expect(try site.build().published)
        #expect(!site.exists("dimensions/pricing/index.html"))
    }
}
