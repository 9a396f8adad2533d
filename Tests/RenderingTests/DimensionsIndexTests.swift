import ComparisonModel
import Foundation
import SiteBuilder
@testable import SiteRendering
import Testing

/// The dimensions index stays small however many dimensions the site has: it shows the most shared,
/// and every dimension with a page is in the A-Z list `browse/dimensions/`, paginated like the others.
@Suite struct DimensionsIndexTests {
    static let words = ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    /// More than two list pages of dimensions: "Alpha 000" ... "Echo 404", A to Z in that order.
    static let titles = (0..<(SiteRenderer.listPageSize * 2 + 5)).map { "\(words[$0 * words.count / (SiteRenderer.listPageSize * 2 + 5)]) \(String(format: "%03d", $0))" }

    /// Two comparisons with every dimension of `titles`; the first also has "Zulu", of one comparison.
    static func makeSite() throws -> TestSite {
        func document(_ title: String, _ a: String, _ b: String, extra: [String]) -> String {
            "# \(title)\n\n## Key Differences\n\n" + (titles + extra).map { "### \($0)\n\n- **\(a)**: yes.\n- **\(b)**: no.\n\n" }.joined()
        }
        return try TestSite(["x-vs-y.md": document("X vs Y", "X", "Y", extra: ["Zulu"]), "z-vs-w.md": document("Z vs W", "Z", "W", extra: [])])
    }

    @Test func theIndexShowsTheMostSharedAndTheListHoldsThemAll() throws {
        let site = try Self.makeSite()
        defer { site.remove() }
        var options = site.options
        options.checkLinks = true
        let report = try SiteBuild(options: options).run()
        #expect(report.published)
        #expect(report.linkReport?.brokenLinkCount == 0)

        // The A-Z list: three pages, every dimension with a page once, in order; not "Zulu".
        let pages = try (1...3).map { try site.page(SiteRenderer.listPath(.dimensions, number: $0) + "index.html") }
        #expect(!site.exists("browse/dimensions/4/index.html"))
        let items = pages.map { $0.first("ul", "class", "browse-dimensions")?.all("li") ?? [] }
        #expect(items.map(\.count) == [SiteRenderer.listPageSize, SiteRenderer.listPageSize, 5])
        #expect(items.flatMap { $0.compactMap { $0.first("a")?.text } } == Self.titles)
        #expect(items[0].first?.first("span", "class", "count")?.text == "2 comparisons")
        // Each entry leads to its dimension page.
        let firstLink = try #require(items[0].first?.first("a")?["href"])
        #expect(site.target(of: firstLink, from: "browse/dimensions/index.html") == "dimensions/alpha-000/index.html")

        // rel="prev"/"next" in the head and the bars, as on the other lists.
        func rel(_ page: HTMLElement, _ name: String) -> [String] {
            page.all("link", "rel", name).compactMap { $0["href"] } + page.all("a", "rel", name).compactMap { $0["href"] }
        }
        #expect(rel(pages[0], "prev") == [])
        #expect(rel(pages[0], "next") == Array(repeating: "../../browse/dimensions/2/", count: 3))
        #expect(rel(pages[1], "prev") == Array(repeating: "../../../browse/dimensions/", count: 3))
        #expect(rel(pages[1], "next") == Array(repeating: "../../../browse/dimensions/3/", count: 3))
        #expect(rel(pages[2], "next") == [])
        #expect(pages[1].first("title")?.text.hasPrefix("All dimensions, page 2 of 3") == true)

        // The letter bar jumps to the page and entry where each initial starts ("Delta 243" is on page 2).
        let letters = pages[0].first("nav", "class", "letters")?.all("a") ?? []
        #expect(letters.map(\.text) == ["A", "B", "C", "D", "E"])
        let delta = try #require(letters.first { $0.text == "D" }?["href"])
        #expect(delta == "../../browse/dimensions/2/#letter-d")
        #expect(pages[1].first("li", "id", "letter-d")?.first("a")?.text == "Delta 243")

        // The index: the most shared (here all tie, so the first A to Z), a count, the way to the list.
        let indexText = try site.read("dimensions/index.html")
        let index = HTMLElement.parse(indexText)
        let shown = index.first("ul", "class", "subject-list")?.all("li").compactMap { $0.first("a")?.text } ?? []
        #expect(shown == Array(Self.titles.prefix(SiteRenderer.dimensionsIndexLimit)))
        #expect(index.first("p", "class", "counts")?.text
                == "405 dimensions in 2 or more comparisons. 1 more is in one comparison only: the search finds it in its comparison. The 100 most shared:")
        let all = try #require(index.first("p", "class", "more")?.first("a"))
        #expect(all.text == "All 405 dimensions, A to Z")
        #expect(site.target(of: all["href"] ?? "", from: "dimensions/index.html") == "browse/dimensions/index.html")
        #expect(indexText.utf8.count < 40_000)
        // The search page leads to the list too.
        let search = try site.page("search/index.html")
        #expect(search.first("section", "class", "browse-links")?.all("a").compactMap { $0["href"] }.contains("../browse/dimensions/") == true)
    }

    /// The most shared first when not all fit: a dimension of three comparisons before those of two.
    @Test func theIndexPrefersTheMostSharedDimensions() throws {
        var files: [String: String] = [:]
        let many = (0..<(SiteRenderer.dimensionsIndexLimit + 1)).map { "Topic \(String(format: "%03d", $0))" }
        for (name, dimensions) in [("a-vs-b", many), ("c-vs-d", many + ["Zeal"]), ("e-vs-f", ["Zeal"]), ("g-vs-h", ["Zeal"])] {
            let subjects = name.split(separator: "-").map { $0.uppercased() }
            files["\(name).md"] = "# \(subjects[0]) vs \(subjects[2])\n\n## Key Differences\n\n"
                + dimensions.map { "### \($0)\n\n- **\(subjects[0])**: yes.\n- **\(subjects[2])**: no.\n\n" }.joined()
        }
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try site.build()
        let index = try site.page("dimensions/index.html")
        let shown = index.first("ul", "class", "subject-list")?.all("li").compactMap { $0.first("a")?.text } ?? []
        #expect(shown.count == SiteRenderer.dimensionsIndexLimit)
        #expect(shown.first == "Zeal")
        #expect(Array(shown.dropFirst()) == Array(many.prefix(SiteRenderer.dimensionsIndexLimit - 1)))
        #expect(index.first("p", "class", "more")?.first("a")?.text == "All 102 dimensions, A to Z")
    }
}
