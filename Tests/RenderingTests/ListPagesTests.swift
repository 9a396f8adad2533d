import ComparisonModel
import Diagnostics
import Foundation
import SiteBuilder
@testable import SiteRendering
import Testing

/// Lists that stay small: the home page is an overview, the full lists are paginated, a subject's
/// comparisons beyond `SiteRenderer.subjectPageSize` go to numbered pages, and page links are checked.
@Suite struct ListPagesTests {
    /// `count` comparisons of "Hub" with one other subject each, plus a plain page.
    static func hubSite(_ count: Int) throws -> TestSite {
        var files: [String: String] = ["about.md": "# About\n\nA page.\n"]
        for index in 0..<count {
            let other = String(format: "Spoke %03d", index)
            files["hub-vs-\(index).md"] = "# Hub vs \(other)\n\nHub and \(other).\n\n## Key Differences\n\n### Speed\n\n- **Hub**: fast.\n- **\(other)**: slow.\n"
        }
        return try TestSite(files)
    }

    @Test func aSubjectsComparisonsArePaginatedWithPrevAndNext() throws {
        let count = SiteRenderer.subjectPageSize * 2 + 5
        let site = try Self.hubSite(count)
        defer { site.remove() }
        var options = site.options
        options.checkLinks = true
        let report = try SiteBuild(options: options).run()
        #expect(report.published)
        #expect(report.linkReport?.brokenLinkCount == 0)

        let first = try site.page("subjects/hub/index.html")
        let second = try site.page("subjects/hub/2/index.html")
        let third = try site.page("subjects/hub/3/index.html")
        #expect(!site.exists("subjects/hub/4/index.html"))
        #expect(!site.exists("subjects/spoke-000/2/index.html"))
        let sections = [first, second, third].map { $0.all("section", "class", "subject-comparison").count }
        #expect(sections == [SiteRenderer.subjectPageSize, SiteRenderer.subjectPageSize, 5])
        // Every comparison once, over the three pages.
        let titles = [first, second, third].flatMap { $0.all("section", "class", "subject-comparison").compactMap { $0.first("h3")?.text } }
        #expect(Set(titles).count == count)

        func rel(_ page: HTMLElement, _ name: String) -> [String] {
            page.all("link", "rel", name).compactMap { $0["href"] } + page.all("a", "rel", name).compactMap { $0["href"] }
        }
        #expect(rel(first, "prev") == [])
        // <link> in the head, and the bars above and below the list.
        #expect(rel(first, "next") == Array(repeating: "../../subjects/hub/2/", count: 3))
        #expect(rel(second, "prev") == Array(repeating: "../../../subjects/hub/", count: 3))
        #expect(rel(second, "next") == Array(repeating: "../../../subjects/hub/3/", count: 3))
        #expect(rel(third, "next") == [])
        #expect(site.target(of: "../../../subjects/hub/", from: "subjects/hub/2/index.html") == "subjects/hub/index.html")
        #expect(site.target(of: "../../../subjects/hub/3/", from: "subjects/hub/2/index.html") == "subjects/hub/3/index.html")
        #expect(second.first("title")?.text.hasPrefix("Hub, page 2 of 3") == true)
    }

    /// A rel="next" link is checked like any other: a template that breaks it fails `--check`.
    @Test func brokenPageLinksFailTheCheck() throws {
        let site = try Self.hubSite(SiteRenderer.subjectPageSize + 1)
        defer { site.remove() }
        try site.editTemplate("pagination", replacing: "href=\"{{pagination.nextURL}}\"", with: "href=\"{{pagination.nextURL}}gone/\"")
        var options = site.options
        options.checkLinks = true
        let report = try SiteBuild(options: options).run()
        #expect(!report.published)
        let broken = report.linkReport?.problems.map(\.target) ?? []
        #expect(broken.contains("../../subjects/hub/2/gone/"))
    }

    @Test func homeIsAnOverviewAndTheListsHoldEverything() throws {
        let count = SiteRenderer.homeListLimit + 6
        let site = try Self.hubSite(count)
        defer { site.remove() }
        _ = try site.build()
        let home = try site.page("index.html")
        #expect(home.first("p", "class", "counts")?.text == "\(count) comparisons of \(count + 1) subjects, 1 page")
        #expect(home.all("li", "class", "card").count == SiteRenderer.homeListLimit)
        #expect(home.first("ul", "class", "subject-list")?.all("li").first?.text == "Hub \(count) comparisons")
        #expect(home.first("ul", "class", "subject-list")?.all("li").count == SiteRenderer.homeListLimit)
        let more = home.all("p", "class", "more").compactMap { $0.first("a")?["href"] }
        #expect(more == ["browse/subjects/", "browse/comparisons/"])
        #expect(home.first("section", "aria-labelledby", "recent") == nil)  // no dates, no "recently updated"

        let comparisons = try site.page("browse/comparisons/index.html")
        #expect(comparisons.first("ul", "class", "browse-comparisons")?.all("li").count == count)
        let subjects = try site.page("browse/subjects/index.html")
        let names = subjects.first("ul", "class", "browse-subjects")?.all("li").compactMap { $0.first("a")?.text } ?? []
        #expect(names.first == "Hub" && names.count == count + 1)
        // The letter bar jumps to the first entry of each initial.
        #expect(subjects.first("nav", "class", "letters")?.all("a").compactMap { $0["href"] } == ["../../browse/subjects/#letter-h", "../../browse/subjects/#letter-s"])
        #expect(subjects.first("li", "id", "letter-s")?.first("a")?.text == "Spoke 000")
        #expect(try site.page("browse/pages/index.html").first("ul", "class", "browse-pages")?.all("a").map(\.text) == ["About"])
    }

    @Test func recentlyUpdatedComparisonsNeedDates() throws {
        let site = try TestSite([
            "a.md": "---\nlastmod: 2024-03-01\n---\n# A vs B\n\n## Key Differences\n\n### Speed\n\n- **A**: fast.\n- **B**: slow.\n",
            "c.md": "---\nlastmod: 2025-01-15\n---\n# C vs D\n\n## Key Differences\n\n### Speed\n\n- **C**: fast.\n- **D**: slow.\n",
            "e.md": "# E vs F\n\n## Key Differences\n\n### Speed\n\n- **E**: fast.\n- **F**: slow.\n",
        ])
        defer { site.remove() }
        _ = try site.build()
        let recent = try site.page("index.html").first("ul", "class", "recent-list")?.all("li").map(\.text)
        #expect(recent == ["C vs D 2025-01-15", "A vs B 2024-03-01"])
    }
}

/// At 100,000 documents no page is larger than 1 MB: checked on a generated model, rendering the
/// largest page of each kind (list pages are all alike; the most compared subject's first page).
@Suite struct PageSizeTests {
    static func templates() throws -> TemplateSet {
        var sources: [String: String] = [:]
        let folder = TestSite.repositoryTemplates
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            sources[String(name.dropLast(".mustache".count))] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return try TemplateSet.compile(sources: sources, displayPrefix: "templates/").get()
    }

    /// Shaped like the bench corpus: a pool of 3 * sqrt(N) subjects, two or three per comparison,
    /// four dimensions with an entry per subject.
    static func model(documents count: Int) -> SiteModel {
        let pool = Int((3 * Double(count).squareRoot()).rounded())
        var documents: [Document] = []
        documents.reserveCapacity(count)
        var subjectDocuments = [[String]](repeating: [], count: pool)
        let html = "<p>" + String(repeating: "A sentence about this subject on this dimension. ", count: 3) + "</p>"
        for index in 0..<count {
            let picks = index % 7 == 0 ? [index % pool, (index * 7 + 1) % pool, (index * 13 + 2) % pool] : [index % pool, (index * 7 + 1) % pool]
            let unique = Array(Set(picks)).sorted()
            let subjects = unique.map { SubjectReference(slug: "subject-\($0)", name: "Vendor \($0 % 26) Product \($0)") }
            let slug = "comparison-\(index)"
            for pick in unique { subjectDocuments[pick].append(slug) }
            var dimensions = (0..<4).map { dimension in
                DifferenceDimension(slug: "dimension-\(dimension)", title: "Dimension \(dimension)", titleInlines: [], position: nil,
                                    entries: subjects.map { DifferenceEntry(subject: $0.slug, text: "", html: html, content: [], position: nil) })
            }
            // And one each pair of comparisons shares: N / 2 dimension pages, all in the dimensions' lists.
            dimensions.append(DifferenceDimension(slug: "topic-\(index / 2)", title: "Topic \(index / 2)", titleInlines: [], position: nil,
                                                  entries: subjects.map { DifferenceEntry(subject: $0.slug, text: "", html: html, content: [], position: nil) }))
            documents.append(Document(slug: slug, source: "content/\(slug).md", contentPath: "\(slug).md",
                                      title: "Key Differences Between \(subjects.map(\.name).joined(separator: " and ")) \(index)",
                                      titleInlines: [], titlePosition: nil, kind: .comparison, language: nil, draft: false,
                                      summary: String(repeating: "A summary of this comparison. ", count: 8),
                                      subjects: subjects, sections: [], differences: dimensions, useCases: [], anchors: [], links: [],
                                      updated: DocumentDate("2025-01-\(String(format: "%02d", index % 28 + 1))")))
        }
        let subjects = (0..<pool).map {
            Subject(slug: "subject-\($0)", name: "Vendor \($0 % 26) Product \($0)", aliases: [], documents: subjectDocuments[$0])
        }
        return SiteModel(documents: documents, subjects: subjects, diagnostics: [])
    }

    @Test func noPageExceedsOneMegabyteAtOneHundredThousandDocuments() throws {
        let model = Self.model(documents: 100_000)
        var config = SiteConfig()
        config.baseURL = nil
        let renderer = SiteRenderer(model: model, templates: try Self.templates(), config: config)
        let busiest = model.subjects.indices.max { model.subjects[$0].documents.count < model.subjects[$1].documents.count }!
        #expect(model.subjects[busiest].documents.count > SiteRenderer.subjectPageSize * 2)
        let listPages = renderer.pageCount(of: .comparisons)
        let dimensionListPages = renderer.pageCount(of: .dimensions)
        #expect(dimensionListPages == (4 + 50_000 + SiteRenderer.listPageSize - 1) / SiteRenderer.listPageSize)
        #expect(listPages == (100_000 + SiteRenderer.listPageSize - 1) / SiteRenderer.listPageSize)
        let jobs: [PageJob] = [
            .index, .notFound, .search, .comparison(0), .comparison(99_999),
            .list(.comparisons, number: 1), .list(.comparisons, number: listPages / 2), .list(.comparisons, number: listPages),
            .list(.subjects, number: 1), .list(.pages, number: 1),
            .list(.dimensions, number: 1), .list(.dimensions, number: dimensionListPages),
            .subject(busiest), .subjectPage(busiest, number: 2),
            // Every comparison has four dimensions: their pages are the largest cross-document lists; 50,004
            // dimensions in all, for the dimensions index.
            .dimension(0, page: 1), .dimensions, .coverage,
        ]
        var sizes: [String: Int] = [:]
        for job in jobs {
            let page = try renderer.render(job).get()
            sizes[page.path] = page.bytes.count
        }
        for (path, size) in sizes.sorted(by: { $0.key < $1.key }) {
            #expect(size <= 1_000_000, "\(path) is \(size) bytes")
        }
        // Every page the site makes is one of the kinds above.
        let kinds = Set(renderer.jobs.map { job -> String in
            switch job {
            case .comparison: "comparison"
            case .page: "page"
            case .subject, .subjectPage: "subject"
            case .list: "list"
            case .dimension: "dimension"
            case .index, .notFound, .sitemap, .search, .dimensions, .coverage, .feed, .robots: "\(job)"
            case .sitemapPart: "sitemapPart"
            }
        })
        #expect(kinds == ["comparison", "subject", "list", "index", "notFound", "search", "dimension", "dimensions", "coverage", "robots"])
    }
}
