import ComparisonModel
import Foundation
import MarkdownSyntax
import TextPrimitives

/// The pages that look across documents, and what every page tells search engines and sharing.
extension SiteRenderer {
    /// How many comparisons the Atom feed lists, newest first.
    static let feedLimit = 50
    /// How many comparisons one page of a dimension lists: a dimension most comparisons share would
    /// otherwise make a page as large as the site (about 100 KB per page).
    static let dimensionPageSize = 100
    /// How many subjects the coverage page lists the missing dimensions of (the most compared).
    static let coverageGapLimit = 300
    /// How many dimensions the dimensions index shows (the most shared); all of them are in the A-Z
    /// list `browse/dimensions/`, paginated like the others.
    public static let dimensionsIndexLimit = 100

    static func dimensionPageCount(_ dimension: SiteDimension) -> Int {
        max(1, (dimension.occurrences.count + dimensionPageSize - 1) / dimensionPageSize)
    }

    /// `dimensions/<slug>/` for the first page, `dimensions/<slug>/2/` for the second...
    static func dimensionPagePath(_ slug: String, page: Int) -> String {
        SiteLayout.dimensionURL(slug: slug) + (page > 1 ? "\(page)/" : "")
    }

    var crossDocumentJobs: [PageJob] {
        var jobs: [PageJob] = []
        for (index, dimension) in catalog.dimensions.enumerated() where hasPage(dimension) {
            jobs += (1...Self.dimensionPageCount(dimension)).map { PageJob.dimension(index, page: $0) }
        }
        if templates.has("dimensions") { jobs.append(.dimensions) }
        if templates.has("coverage") { jobs.append(.coverage) }
        if feedURL != nil { jobs.append(.feed) }
        jobs.append(.robots)
        return jobs
    }

    /// The feed's absolute URL: only with a base URL (Atom ids and links are absolute), a theme with
    /// a `feed` template, and at least one comparison carrying a date. Every page's head links it, so
    /// `init` works it out once (asking per page scanned every document for every page).
    static func feedURL(model: SiteModel, templates: TemplateSet, config: SiteConfig) -> String? {
        guard let base = config.baseURL, templates.has("feed"),
              model.documents.contains(where: { $0.kind == .comparison && $0.updatedDate != nil }) else { return nil }
        return SiteURL.absolute("feed.xml", base: base)
    }

    /// Everything may be crawled; the sitemap is named when its absolute URL is known (the `Sitemap:`
    /// line must be absolute, so without a base URL there is none, as there is no sitemap).
    var robotsText: String {
        var text = "User-agent: *\nAllow: /\n"
        if let base = config.baseURL { text += "\nSitemap: \(SiteURL.absolute("sitemap.xml", base: base))\n" }
        return text
    }

    /// Home, what lies between, then the page itself.
    func withTrail(_ head: HeadView, root: String, current: String, between: [(title: String, sitePath: String)] = []) -> HeadView {
        var head = head
        head.breadcrumbs = [BreadcrumbView(title: config.title, url: SiteURL.href("", root: root), isCurrent: false)]
            + between.map { BreadcrumbView(title: $0.title, url: SiteURL.href($0.sitePath, root: root), isCurrent: false) }
            + [BreadcrumbView(title: current, url: "", isCurrent: true)]
        head.hasBreadcrumbs = true
        return head
    }

    // MARK: Comparison pages: dates, Open Graph, JSON-LD

    func freshness(of document: Document) -> [FreshnessView] {
        guard document.reviewed != nil || document.updatedDate != nil else { return [] }
        return [FreshnessView(reviewed: document.reviewed?.isoDay ?? "", hasReviewed: document.reviewed != nil,
                              updated: document.updatedDate?.isoDay ?? "", hasUpdated: document.updatedDate != nil)]
    }

    func decorateComparisonHead(_ head: inout HeadView, document: Document, root: String) {
        head = withTrail(head, root: root, current: document.title, between: document.partOf.map { [($0.title, $0.url)] } ?? [])
        head.ogType = "article"
        if let updated = document.updatedDate {
            head.modified = updated.timestamp
            head.hasModified = true
        }
        head.structuredDataHTML = structuredData(for: document, root: root).json().withUnsafeBytes(Self.scriptSafeJSON)
        head.hasStructuredData = true
    }

    /// The page's JSON-LD (`StructuredData`): the product list and the breadcrumbs shown on the page.
    func structuredData(for document: Document, root: String) -> StructuredData {
        // Absolute with a base URL; otherwise relative, which JSON-LD resolves against the page's address.
        func url(_ sitePath: String) -> String {
            config.baseURL.map { SiteURL.absolute(sitePath, base: $0) } ?? SiteURL.href(sitePath, root: root)
        }
        let products = document.subjects.map { subject in
            StructuredData.Product(name: subjectsBySlug[subject.slug].map { model.subjects[$0].name } ?? subject.name,
                                   url: url(SiteLayout.subjectURL(slug: subject.slug)))
        }
        let trail = [(config.title, "")] + (document.partOf.map { [($0.title, $0.url)] } ?? []) + [(document.title, document.url)]
        return StructuredData(headline: document.title,
                              description: document.summary.isEmpty ? config.description : Self.truncated(document.summary, to: 200),
                              inLanguage: document.language ?? config.language,
                              url: config.baseURL.map { SiteURL.absolute(document.url, base: $0) },
                              dateModified: document.updatedDate?.timestamp, products: products,
                              breadcrumbs: trail.map { StructuredData.Crumb(name: $0.0, url: url($0.1)) })
    }

    /// JSON that can sit inside `<script>`: `<`, `>` and `&` only occur inside JSON strings, where
    /// `\u003c` means the same character, so `</script>` and `<!--` in a title cannot end or confuse
    /// the element; U+2028 and U+2029 are escaped for older JavaScript parsers.
    static func scriptSafeJSON(_ json: Data) -> String {
        json.withUnsafeBytes { scriptSafeJSON($0) }
    }

    static func scriptSafeJSON(_ input: UnsafeRawBufferPointer) -> String {
        // On bytes: the five characters to escape are `<`, `>`, `&` (one byte each) and U+2028/U+2029
        // (E2 80 A8/A9); the runs between them are copied whole, and eight bytes holding none of their
        // first bytes are skipped at once. A scalar-by-scalar String was 5 % of a 10,000-page build, a
        // byte-by-byte copy 2 %. `ScriptSafeJSONTests` holds it to the plain per-scalar definition on
        // random text.
        let bytes = input.bindMemory(to: UInt8.self)
        let count = bytes.count
        var output: [UInt8] = []
        output.reserveCapacity(count + 64)
        var runStart = 0
        var index = 0
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if !ByteScan.contains(word, UInt8(ascii: "<")) && !ByteScan.contains(word, UInt8(ascii: ">"))
                    && !ByteScan.contains(word, UInt8(ascii: "&")) && !ByteScan.contains(word, 0xE2) {
                    index += 8
                    continue
                }
            }
            let escape: StaticString?
            var length = 1
            switch bytes[index] {
            case UInt8(ascii: "<"): escape = "\\u003c"
            case UInt8(ascii: ">"): escape = "\\u003e"
            case UInt8(ascii: "&"): escape = "\\u0026"
            case 0xE2 where index + 2 < count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                length = 3
            default: escape = nil
            }
            if let escape {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
                runStart = index + length
            }
            index += length
        }
        if runStart == 0 { return String(decoding: bytes, as: UTF8.self) }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: Dimension pages

    /// The theme makes dimension pages and this dimension gathers enough comparisons for one
    /// (`DimensionCatalog.minimumComparisonsForPage`). Everything that links a dimension asks here.
    func hasPage(_ dimension: SiteDimension) -> Bool {
        templates.has("dimension") && dimension.hasPage
    }

    /// A link to a dimension: its page, or without one its row in the first comparison that has it.
    func dimensionHref(_ dimension: SiteDimension, root: String) -> String {
        if hasPage(dimension) { return SiteURL.href(SiteLayout.dimensionURL(slug: dimension.slug), root: root) }
        guard let first = dimension.occurrences.first else { return SiteURL.href(SiteLayout.dimensionsIndexURL, root: root) }
        let document = model.documents[first.document]
        return SiteURL.href(document.url, root: root, fragment: document.differences[first.dimension].slug)
    }

    /// The dimension pages of the dimensions the subject's comparisons have, by title (a dimension
    /// without a page is a row the subject's comparisons already show).
    /// Links to the dimension pages among `dimensions` (catalog indices, ascending).
    func dimensionLinks(_ dimensions: [Int], root: String) -> [LinkView] {
        guard templates.has("dimension") else { return [] }
        return dimensions.filter { hasPage(catalog.dimensions[$0]) }.map {
            LinkView(title: catalog.dimensions[$0].title, url: SiteURL.href(SiteLayout.dimensionURL(slug: catalog.dimensions[$0].slug), root: root))
        }
    }

    func dimensionView(_ dimension: SiteDimension, page number: Int, root: String) -> DimensionPageView {
        // Every page names the other titles the dimension goes by (gathered once, by the catalog).
        let otherTitles = dimension.titles.filter { $0 != dimension.title }
        let pageCount = Self.dimensionPageCount(dimension)
        let start = min(dimension.occurrences.count, (number - 1) * Self.dimensionPageSize)
        let shown = dimension.occurrences[start..<min(dimension.occurrences.count, start + Self.dimensionPageSize)]
        let comparisons = shown.map { occurrence in
            dimensionComparison(model.documents[occurrence.document], row: occurrence.dimension, root: root)
        }
        let count = dimension.comparisonCount, subjects = dimension.subjectsCovered.count
        let countLabel = "In \(count) comparison\(count == 1 ? "" : "s"), with entries for \(subjects) subject\(subjects == 1 ? "" : "s")."
        var head = withTrail(headView(title: dimension.title, description: "\(dimension.title) across every comparison on \(config.title). \(countLabel)",
                                      language: nil, sitePath: Self.dimensionPagePath(dimension.slug, page: number)),
                             root: root, current: number > 1 ? "\(dimension.title), page \(number)" : dimension.title,
                             between: templates.has("dimensions") ? [("Dimensions", SiteLayout.dimensionsIndexURL)] : [])
        let pagination = paginationView(current: number, total: pageCount, root: root) { Self.dimensionPagePath(dimension.slug, page: $0) }
        head.setPagination(pagination)
        return DimensionPageView(site: siteView(root: root), head: head, title: dimension.title,
                                 titleAnchor: Slug.make(dimension.title, fallback: "dimension"), countLabel: countLabel,
                                 alsoCalled: otherTitles.sorted().joined(separator: ", "), hasAlsoCalled: !otherTitles.isEmpty,
                                 comparisons: Array(comparisons),
                                 pagination: pagination)
    }

    /// One comparison's row on a dimension page; the document is borrowed from the model, not copied.
    func dimensionComparison(_ document: Document, row index: Int, root: String) -> DimensionComparisonView {
        let row = document.differences[index]
        let rewriting = document.linksWithinSite
        let entries = document.subjects.map { subject in
            let entry = entryHTML(in: row, for: subject.slug, rewriting: rewriting, document: document, root: root)
            return DimensionEntryView(
                subject: subjectColumn(subject.slug, name: subject.name, root: root), covered: entry != nil, contentHTML: entry ?? "")
        }
        return DimensionComparisonView(
            title: document.title, url: SiteURL.href(document.url, root: root),
            rowURL: SiteURL.href(document.url, root: root, fragment: row.slug), rowTitle: row.title,
            anchor: "in-" + document.slug, language: document.language ?? config.language, entries: entries)
    }

    /// What the dimensions index and its A-Z list show (catalog indices, in catalog order): the dimensions
    /// with a page; without dimension pages (a theme that has none), every dimension, leading to its row.
    static func listedDimensions(catalog: DimensionCatalog, templates: TemplateSet) -> [Int] {
        templates.has("dimension") ? catalog.dimensions.indices.filter { catalog.dimensions[$0].hasPage } : Array(catalog.dimensions.indices)
    }

    /// An overview: the most shared dimensions, at most `dimensionsIndexLimit`, and the way to all of
    /// them, A to Z. A page listing every dimension would grow with the site.
    func dimensionsIndexView() -> DimensionsIndexView {
        let root = SiteURL.root(forPageAt: SiteLayout.dimensionsIndexURL + "index.html")
        let listed = listings.dimensions
        // The most shared first, then A to Z.
        let shown = listed.sorted { (-catalog.dimensions[$0].comparisonCount, $0) < (-catalog.dimensions[$1].comparisonCount, $1) }
            .prefix(Self.dimensionsIndexLimit)
        let links = shown.map { index in
            let dimension = catalog.dimensions[index]
            return DimensionLinkView(title: dimension.title, url: dimensionHref(dimension, root: root), count: dimension.comparisonCount,
                                     countLabel: "\(dimension.comparisonCount) comparison\(dimension.comparisonCount == 1 ? "" : "s")")
        }
        func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        let minimum = DimensionCatalog.minimumComparisonsForPage
        let unlisted = catalog.dimensions.count - listed.count
        var counts: String
        if catalog.dimensions.isEmpty {
            counts = "No comparison has dimensions yet."
        } else if listed.count == catalog.dimensions.count {
            counts = plural(listed.count, "dimension") + "."
        } else if listed.isEmpty {
            counts = "No dimension is in \(minimum) or more comparisons yet; the search finds each of the \(unlisted) there are in its comparison."
        } else {
            let fewer = minimum == 2 ? "one comparison only" : "fewer than \(minimum) comparisons"
            counts = "\(plural(listed.count, "dimension")) in \(minimum) or more comparisons. \(unlisted) more \(unlisted == 1 ? "is" : "are") in \(fewer): "
                + "the search finds \(unlisted == 1 ? "it in its comparison" : "them in their comparisons")."
        }
        if shown.count < listed.count { counts += " The \(shown.count) most shared:" }
        let head = withTrail(headView(title: "Dimensions", description: "Every dimension the comparisons on \(config.title) cover.",
                                      language: nil, sitePath: SiteLayout.dimensionsIndexURL), root: root, current: "Dimensions")
        return DimensionsIndexView(site: siteView(root: root), head: head, countsLabel: counts, dimensions: links, hasDimensions: !links.isEmpty,
                                   allURL: SiteURL.href(Self.listPath(.dimensions, number: 1), root: root),
                                   allLabel: "All \(plural(listed.count, "dimension")), A to Z")
    }

    // MARK: Coverage

    func coverageView() -> CoveragePageView {
        let root = SiteURL.root(forPageAt: SiteLayout.coverageURL + "index.html")
        let report = CoverageReport(model: model, catalog: catalog)
        let columns = report.matrixSubjects.map { subjectColumn(model.subjects[$0].slug, name: model.subjects[$0].name, root: root) }
        let rows = report.matrixSubjects.enumerated().map { row, subject in
            CoverageRowView(subject: columns[row], cells: report.pairs[row].enumerated().map { column, document in
                let comparison = document.map { model.documents[$0] }
                return CoverageCellView(isSelf: row == column, hasComparison: comparison != nil, title: comparison?.title ?? "",
                                        url: comparison.map { SiteURL.href($0.url, root: root) } ?? "")
            })
        }
        // The most compared subjects only, so the page stays small on a site with thousands of them.
        let listed = model.subjects.indices.sorted {
            (-model.subjects[$0].documents.count, $0) < (-model.subjects[$1].documents.count, $1)
        }.prefix(Self.coverageGapLimit)
        let gaps = listed.sorted {
            (model.subjects[$0].name.lowercased(), model.subjects[$0].slug) < (model.subjects[$1].name.lowercased(), model.subjects[$1].slug)
        }.map { index in
            let missing = report.gaps[index].map { dimension in
                LinkView(title: catalog.dimensions[dimension].title, url: dimensionHref(catalog.dimensions[dimension], root: root))
            }
            return CoverageGapView(subject: subjectColumn(model.subjects[index].slug, name: model.subjects[index].name, root: root),
                                   missing: missing, hasMissing: !missing.isEmpty)
        }
        let total = model.subjects.count
        let shown = report.matrixSubjects.count
        let summary = (shown < total ? "The \(shown) most compared of \(total) subjects. " : "")
            + "\(report.comparedPairCount) pair\(report.comparedPairCount == 1 ? "" : "s") of subjects have a comparison."
            + (listed.count < total ? " Gaps are listed for the \(listed.count) most compared subjects." : "")
        var head = withTrail(headView(title: "Coverage", description: "Which subjects are compared, and which dimensions each lacks.",
                                      language: nil, sitePath: SiteLayout.coverageURL), root: root, current: "Coverage")
        head.robots = "noindex"
        head.hasRobots = true
        return CoveragePageView(site: siteView(root: root), head: head, summary: summary, columns: columns, rows: rows,
                                hasMatrix: shown > 1, gaps: gaps)
    }

    // MARK: Feed

    func feedView() -> FeedView {
        let base = config.baseURL ?? ""
        // Newest first, then by slug.
        let dated = model.documents.compactMap { document in
            document.kind == .comparison ? document.updatedDate.map { (date: $0, document: document) } : nil
        }
        .sorted { ($1.date, $0.document.slug) < ($0.date, $1.document.slug) }
        .prefix(Self.feedLimit)
        let entries = dated.map { item in
            FeedEntryView(title: item.document.title, url: SiteURL.absolute(item.document.url, base: base),
                          updated: item.date.timestamp, summary: Self.truncated(item.document.summary, to: 300))
        }
        return FeedView(title: config.title, homeURL: SiteURL.absolute("", base: base), feedURL: feedURL ?? "",
                        updated: dated.first?.date.timestamp ?? "", generator: "Versus", entries: Array(entries))
    }
}

/// What every page of a subject shows of all of its comparisons, made once per subject: each page
/// walking every comparison of its subject cost the number of pages times the number of comparisons,
/// which grows with the square of a subject's comparisons (a subject in 50,000 comparisons: 1,000
/// pages of 50,000 steps each).
struct SubjectOverview: Sendable {
    /// The subjects it is compared with, the most shared first when there are more than
    /// `SiteRenderer.comparedWithLimit`, then listed by name (model indices).
    var peers: [Int]
    /// How many more it is compared with than `peers` lists.
    var hiddenPeers: Int
    /// The catalog's dimensions its comparisons have, ascending.
    var dimensions: [Int]

    init(_ subject: Subject, model: SiteModel, documentsBySlug: [String: Int], subjectsBySlug: [String: Int], catalog: DimensionCatalog) {
        self.init(Self.peers(of: subject, model: model, documentsBySlug: documentsBySlug, subjectsBySlug: subjectsBySlug),
                  of: subject, documentsBySlug: documentsBySlug, catalog: catalog)
    }

    /// - Parameter peers: `peers(of:...)` of the subject, worked out while another core makes the catalog.
    init(_ peers: (peers: [Int], hidden: Int), of subject: Subject, documentsBySlug: [String: Int], catalog: DimensionCatalog) {
        var dimensions = Set<Int>()
        for slug in subject.documents {
            guard let index = documentsBySlug[slug], index < catalog.membership.count else { continue }
            dimensions.formUnion(catalog.membership[index])
        }
        self.peers = peers.peers
        hiddenPeers = peers.hidden
        self.dimensions = dimensions.sorted()
    }

    /// `peers(of:...)` of every subject at once, over indices: each document's subjects are looked up
    /// once (not once per subject of it), a subject's comparisons come from `comparisonsBySubject`, and
    /// names and slugs are compared through their ranks. The string lookups and comparisons of the plain
    /// form were 50 ms on one core at 10,000 documents; `SubjectOverviewTests` holds this to it.
    static func allPeers(model: SiteModel, comparisonsBySubject: [[Int]], subjectsBySlug: [String: Int]) -> [(peers: [Int], hidden: Int)] {
        let subjects = model.subjects
        let subjectsOfDocument = model.documents.map { $0.subjects.compactMap { subjectsBySlug[$0.slug] } }
        func ranks(_ order: [Int]) -> [Int] {
            var rank = [Int](repeating: 0, count: subjects.count)
            for (position, index) in order.enumerated() { rank[index] = position }
            return rank
        }
        let nameRank = ranks(subjects.indices.sorted { (subjects[$0].name, subjects[$0].slug) < (subjects[$1].name, subjects[$1].slug) })
        let slugRank = ranks(subjects.indices.sorted { subjects[$0].slug < subjects[$1].slug })
        // How often each other subject was met, reset after each subject for the ones it met.
        var counts = [Int](repeating: 0, count: subjects.count)
        return subjects.indices.map { subject in
            var met: [Int] = []
            for document in comparisonsBySubject[subject] {
                for other in subjectsOfDocument[document] where other != subject {
                    if counts[other] == 0 { met.append(other) }
                    counts[other] += 1
                }
            }
            let kept = met.count <= SiteRenderer.comparedWithLimit
                ? met
                : Array(met.sorted { (counts[$1], slugRank[$0]) < (counts[$0], slugRank[$1]) }.prefix(SiteRenderer.comparedWithLimit))
            for other in met { counts[other] = 0 }
            return (kept.sorted { nameRank[$0] < nameRank[$1] }, met.count - kept.count)
        }
    }

    /// `peers` and `hiddenPeers` of a subject: what needs no catalog.
    static func peers(of subject: Subject, model: SiteModel, documentsBySlug: [String: Int], subjectsBySlug: [String: Int]) -> (peers: [Int], hidden: Int) {
        // Indices, not copies: a copied `Document` or `Subject` is a reference count per field.
        var comparedWith: [Int: Int] = [:]
        for slug in subject.documents {
            guard let index = documentsBySlug[slug] else { continue }
            for other in model.documents[index].subjects where other.slug != subject.slug {
                if let found = subjectsBySlug[other.slug] { comparedWith[found, default: 0] += 1 }
            }
        }
        let subjects = model.subjects
        let kept = comparedWith.count <= SiteRenderer.comparedWithLimit
            ? Array(comparedWith.keys)
            : Array(comparedWith.sorted { ($1.value, subjects[$0.key].slug) < ($0.value, subjects[$1.key].slug) }
                .prefix(SiteRenderer.comparedWithLimit).map(\.key))
        let peers = kept.sorted { (subjects[$0].name, subjects[$0].slug) < (subjects[$1].name, subjects[$1].slug) }
        return (peers, comparedWith.count - peers.count)
    }
}
