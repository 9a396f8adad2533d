import Foundation
import SiteBuilder
@testable import SiteRendering
import Testing

/// A sitemap larger than the protocol allows in one file becomes a `<sitemapindex>` of numbered files;
/// one within the limits stays a single `sitemap.xml`. The limits are lowered here so a small site splits.
@Suite struct SitemapIndexTests {
    /// Nine URLs: home, two comparisons (one dated 2025-03-01, one 2024-11-20), the dimensions index,
    /// one dimension page and four subjects.
    static func makeSite() throws -> TestSite {
        try TestSite([
            "a-vs-b.md": "---\ndate: 2025-03-01\n---\n# A vs B\n\n## Key Differences\n\n### Speed\n\n- **A**: fast.\n- **B**: slow.\n",
            "c-vs-d.md": "---\ndate: 2024-11-20\n---\n# C vs D\n\n## Key Differences\n\n### Speed\n\n- **C**: fast.\n- **D**: slow.\n",
        ])
    }

    static let base = "https://example.org/docs/"

    static func build(_ site: TestSite, urls: Int? = nil, bytes: Int? = nil) throws -> BuildReport {
        var options = site.options
        options.baseURL = base
        options.checkLinks = true
        if urls != nil || bytes != nil {
            var limits = SitemapLimits()
            if let urls { limits.urls = urls }
            if let bytes { limits.bytes = bytes }
            options.sitemapLimits = limits
        }
        return try SiteBuild(options: options).run()
    }

    static let singleSitemap = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>https://example.org/docs/</loc></url>
        <url><loc>https://example.org/docs/compare/a-vs-b/</loc><lastmod>2025-03-01</lastmod></url>
        <url><loc>https://example.org/docs/compare/c-vs-d/</loc><lastmod>2024-11-20</lastmod></url>
        <url><loc>https://example.org/docs/dimensions/</loc></url>
        <url><loc>https://example.org/docs/dimensions/speed/</loc></url>
        <url><loc>https://example.org/docs/subjects/a/</loc></url>
        <url><loc>https://example.org/docs/subjects/b/</loc></url>
        <url><loc>https://example.org/docs/subjects/c/</loc></url>
        <url><loc>https://example.org/docs/subjects/d/</loc></url>
        </urlset>

        """

    @Test func aSitemapAtTheLimitIsOneFileAsBefore() throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        #expect(try Self.build(site).published)
        #expect(try site.read("sitemap.xml") == Self.singleSitemap)
        #expect(!site.exists("sitemap-1.xml"))
        // Exactly at the limit: still one file, the same bytes.
        _ = try Self.build(site, urls: 9)
        #expect(try site.read("sitemap.xml") == Self.singleSitemap)
        #expect(!site.exists("sitemap-1.xml"))
    }

    @Test func aSitemapOverTheLimitBecomesAnIndexOfFilesWithinIt() throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        let report = try Self.build(site, urls: 3)
        #expect(report.published)
        // Every link of the site still resolves, and the XML files are part of the output like any page.
        #expect(report.linkReport?.brokenLinkCount == 0)
        #expect(try site.read("sitemap.xml") == """
            <?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>https://example.org/docs/sitemap-1.xml</loc><lastmod>2025-03-01</lastmod></sitemap>
            <sitemap><loc>https://example.org/docs/sitemap-2.xml</loc></sitemap>
            <sitemap><loc>https://example.org/docs/sitemap-3.xml</loc></sitemap>
            </sitemapindex>

            """)
        func part(_ lines: [String]) -> String {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                + lines.map { $0 + "\n" }.joined() + "</urlset>\n"
        }
        #expect(try site.read("sitemap-1.xml") == part([
            "<url><loc>https://example.org/docs/</loc></url>",
            "<url><loc>https://example.org/docs/compare/a-vs-b/</loc><lastmod>2025-03-01</lastmod></url>",
            "<url><loc>https://example.org/docs/compare/c-vs-d/</loc><lastmod>2024-11-20</lastmod></url>",
        ]))
        #expect(try site.read("sitemap-2.xml") == part([
            "<url><loc>https://example.org/docs/dimensions/</loc></url>",
            "<url><loc>https://example.org/docs/dimensions/speed/</loc></url>",
            "<url><loc>https://example.org/docs/subjects/a/</loc></url>",
        ]))
        #expect(try site.read("sitemap-3.xml") == part([
            "<url><loc>https://example.org/docs/subjects/b/</loc></url>",
            "<url><loc>https://example.org/docs/subjects/c/</loc></url>",
            "<url><loc>https://example.org/docs/subjects/d/</loc></url>",
        ]))
        #expect(!site.exists("sitemap-4.xml"))
        #expect(try site.read("robots.txt") == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/docs/sitemap.xml\n")
        // The output's manifest knows the new files: the same build again has nothing to do.
        #expect(try Self.build(site, urls: 3).upToDate)
        // Two URLs a file: five files, the last with the last subject alone.
        _ = try Self.build(site, urls: 2)
        #expect(try site.read("sitemap.xml").components(separatedBy: "<sitemap>").count == 6)
        #expect(try site.read("sitemap-5.xml").split(separator: "\n").filter { $0.hasPrefix("<url>") }
            == ["<url><loc>https://example.org/docs/subjects/d/</loc></url>"])
        #expect(!site.exists("sitemap-6.xml"))
        // Back under the limit: one file again, and the numbered ones are gone with the old output.
        _ = try Self.build(site)
        #expect(try site.read("sitemap.xml") == Self.singleSitemap)
        #expect(!site.exists("sitemap-1.xml"))
    }

    /// The 50 MB rule: no file passes the byte limit when every entry fits in it.
    @Test func aSitemapIsAlsoSplitByBytes() throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        let limit = SitemapPlan.fileMarkupBytes + 300
        #expect(try Self.build(site, bytes: limit).published)
        #expect(try site.read("sitemap.xml").hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex"))
        var number = 1, locations: [String] = []
        while site.exists("sitemap-\(number).xml") {
            let text = try site.read("sitemap-\(number).xml")
            #expect(text.utf8.count <= limit, "sitemap-\(number).xml is \(text.utf8.count) bytes")
            locations += text.split(separator: "\n").filter { $0.hasPrefix("<url>") }.map(String.init)
            number += 1
        }
        #expect(number > 3)
        // Every URL once, in order, over the files.
        #expect(locations == Self.singleSitemap.split(separator: "\n").filter { $0.hasPrefix("<url>") }.map(String.init))
    }
}
