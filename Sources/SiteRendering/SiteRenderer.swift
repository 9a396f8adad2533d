import ComparisonModel
import Diagnostics
import Foundation
import MarkdownSyntax
import TextPrimitives

/// One file of the rendered site, relative to the output folder.
public struct RenderedFile: Sendable {
    public var path: String
    /// The page as the renderer wrote it, written to disk from there (a page is not copied into an array).
    public var content: PageBytes
    public var bytes: [UInt8] { content.array }
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// A rendered page's bytes, immutable once made.
public final class PageBytes: @unchecked Sendable {
    // `@unchecked`: the buffer is never written after `init`; every access only reads it.
    private let buffer: ByteBuffer

    init(_ buffer: consuming ByteBuffer) {
        self.buffer = buffer
    }

    init(copying bytes: [UInt8]) {
        var buffer = ByteBuffer(capacity: bytes.count)
        buffer.append(bytes)
        self.buffer = buffer
    }

    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try buffer.withUnsafeBytes(body)
    }

    public var array: [UInt8] { buffer.array }
}

/// A page to render. Pages are independent, so the builder may render them on every core.
public enum PageJob: Sendable, Hashable {
    case comparison(Int), page(Int), subject(Int), index, notFound, sitemap
    /// `sitemap-<number>.xml` (from 1), when the sitemap is split (`Sitemap.swift`).
    case sitemapPart(Int)
    /// Page `number` (2 or more) of a subject's comparisons: `subjects/<slug>/<number>/`.
    case subjectPage(Int, number: Int)
    /// Page `number` (from 1) of a browse list: `browse/<list>/`, `browse/<list>/<number>/`.
    case list(BrowseList, number: Int)
    /// `search/index.html`.
    case search
    /// Pages across documents (`CrossDocumentPages.swift`): one page of a dimension (catalog index,
    /// page number from 1), the dimensions index, the coverage matrix, the Atom feed, `robots.txt`.
    case dimension(Int, page: Int), dimensions, coverage, feed, robots
}

/// Model -> pages through the templates. No I/O: the builder writes what this returns.
public struct SiteRenderer: Sendable {
    /// `var` only for `replacingContent(_:)`, which swaps documents whose site-wide facts stayed.
    public internal(set) var model: SiteModel
    let templates: TemplateSet
    public let config: SiteConfig
    let resolver: LinkResolver
    let documentsBySlug: [String: Int]
    let subjectsBySlug: [String: Int]
    /// Each subject's comparisons as document indices, in the order related comparisons are listed
    /// (title, then slug): computed once, so each page's list is a merge, not a sort.
    let comparisonsBySubject: [[Int]]
    /// The comparisons holding both of two subjects, in the same order, by `pairKey`.
    let comparisonsByPair: [Int: [Int]]
    /// What every page of a subject shows of all its comparisons, by subject (model order).
    let subjectOverviews: [SubjectOverview]
    /// Each document's place in that order.
    let listingRank: [Int]
    /// Each document as a "related comparison" link from a comparison page, made once: every
    /// comparison page sits at the same depth, and each document is listed on up to a dozen of them.
    let relatedLinks: [LinkView]
    /// Highlighted code blocks (the build's highlighter fills it in; empty: every block as cmark writes it).
    public var highlightedCode: [CodeSample: String] = [:]
    /// The browse lists' orders and initials.
    let listings: Listings
    /// The site's dimensions gathered across comparisons (`dimension_synonyms` applied).
    public let catalog: DimensionCatalog
    /// The catalog when the site makes dimension pages (the theme has the `dimension` template).
    public var dimensionPages: DimensionCatalog? { templates.has("dimension") ? catalog : nil }
    /// The Atom feed's absolute URL, when the site has one.
    let feedURL: String?
    /// The sitemap's entries and files (empty without a base URL).
    let sitemap: SitemapPlan
    static let comparisonPageRoot = SiteURL.root(forPageAt: SiteLayout.documentURL(slug: "x", kind: .comparison) + "index.html")

    /// How many related comparisons a comparison page lists.
    static let relatedLimit = 12

    /// - Parameter catalog: the site's dimension catalog when the caller makes it on another core (the
    ///   larger part of this set-up); called once everything that does not need it is done. Without
    ///   it, or when it gives none, the catalog is made here.
    public init(model: SiteModel, templates: TemplateSet, config: SiteConfig, catalog: (() -> DimensionCatalog?)? = nil) {
        self.model = model
        self.templates = templates
        self.config = config
        resolver = LinkResolver(documents: model.documents, unbuilt: model.unbuiltDocuments, files: model.contentFiles)
        var documents: [String: Int] = [:]
        for (index, document) in model.documents.enumerated() { documents[document.slug] = index }
        documentsBySlug = documents
        var subjects: [String: Int] = [:]
        for (index, subject) in model.subjects.enumerated() { subjects[subject.slug] = index }
        subjectsBySlug = subjects
        var rank = [Int](repeating: 0, count: model.documents.count)
        let byTitle = model.documents.indicesInListingOrder()
        for (position, index) in byTitle.enumerated() { rank[index] = position }
        listingRank = rank
        relatedLinks = model.documents.map { Self.relatedLink($0, root: Self.comparisonPageRoot) }
        comparisonsBySubject = model.subjects.map { subject in
            subject.documents.compactMap { documents[$0] }.sorted { rank[$0] < rank[$1] }
        }
        comparisonsByPair = Self.comparisonsByPair(comparisonsBySubject, documentCount: model.documents.count)
        // What subject pages show of their peers needs no catalog: worked out while another core makes it.
        let peers = SubjectOverview.allPeers(model: model, comparisonsBySubject: comparisonsBySubject, subjectsBySlug: subjects)
        let catalog = catalog.flatMap { $0() } ?? DimensionCatalog(documents: model.documents, synonyms: config.dimensionSynonyms)
        self.catalog = catalog
        listings = Listings(model: model, documentsByTitle: byTitle, catalog: catalog,
                            dimensions: Self.listedDimensions(catalog: catalog, templates: templates))
        subjectOverviews = zip(peers, model.subjects).map {
            SubjectOverview($0, of: $1, documentsBySlug: documents, catalog: catalog)
        }
        feedURL = Self.feedURL(model: model, templates: templates, config: config)
        sitemap = config.baseURL.map { base in
            SitemapPlan(paths: Self.sitemapPaths(model: model, catalog: catalog, templates: templates), base: base,
                        limits: config.sitemapLimits, splittable: templates.has("sitemap-index"))
        } ?? SitemapPlan()
    }

    /// Every page, the longest to make first (the coverage matrix reads every comparison, the index and
    /// the sitemap list every document, a subject or dimension page many comparisons), so that no core
    /// is left rendering one big page after the others finish: last, the coverage matrix alone kept one
    /// core busy for the last 90 ms of a 10,000-document build.
    public var jobs: [PageJob] {
        let crossDocument = crossDocumentJobs
        var jobs: [PageJob] = crossDocument.filter { $0 == .coverage }
        jobs.append(.index)
        jobs += sitemapJobs
        for list in browseLists {
            jobs += (1...pageCount(of: list)).map { PageJob.list(list, number: $0) }
        }
        for (index, subject) in model.subjects.enumerated() {
            jobs.append(.subject(index))
            jobs += Self.pageNumbers(items: subject.documents.count, perPage: Self.subjectPageSize).dropFirst().map {
                PageJob.subjectPage(index, number: $0)
            }
        }
        jobs += crossDocument.filter { $0 != .coverage }
        jobs.append(.search)
        for (index, document) in model.documents.enumerated() {
            jobs.append(document.kind == .comparison ? .comparison(index) : .page(index))
        }
        jobs.append(.notFound)
        return jobs
    }

    /// Links between documents that do not resolve, with the position of each link.
    public func linkDiagnostics() -> [Diagnostic] {
        model.documents.flatMap(linkDiagnostics(of:))
    }

    /// The broken links of one document of the model.
    public func linkDiagnostics(of document: Document) -> [Diagnostic] {
        // A pair's comparison holds links of its document's section: the document reports them, once
        // (what resolves there resolves from the pair too, `LinkResolver` sending other anchors to it).
        guard document.partOf == nil else { return [] }
        var diagnostics: [Diagnostic] = []
        for link in document.links {
            if case .broken(let reason) = resolver.resolve(link.url, from: document, isImage: link.isImage) {
                diagnostics.append(Diagnostic(.warning, file: document.source, position: link.position, reason))
            }
        }
        return diagnostics
    }

    public func render(_ job: PageJob) -> Result<RenderedFile, Diagnostic> {
        // robots.txt is plain text, not a page of the theme.
        if job == .robots { return .success(RenderedFile(path: "robots.txt", content: PageBytes(copying: Array(robotsText.utf8)))) }
        let page = page(job)
        do {
            return .success(RenderedFile(path: page.path, content: try templates.render(page.view, template: page.template)))
        } catch {
            return .failure(Diagnostic(.error, file: "\(page.template).mustache", "\(error)"))
        }
    }

    /// Where a job's page goes, without making its view (cheap: what finds a page by path uses it).
    public func path(of job: PageJob) -> String {
        switch job {
        case .comparison(let index), .page(let index): model.documents[index].url + "index.html"
        case .subject(let index): model.subjects[index].url + "index.html"
        case .subjectPage(let index, let number): Self.subjectPagePath(model.subjects[index], number: number) + "index.html"
        case .list(let list, let number): Self.listPath(list, number: number) + "index.html"
        case .search: "search/index.html"
        case .index: "index.html"
        case .notFound: "404.html"
        case .sitemap: "sitemap.xml"
        case .sitemapPart(let number): Self.sitemapPartPath(number)
        case .dimension(let index, let number): Self.dimensionPagePath(catalog.dimensions[index].slug, page: number) + "index.html"
        case .dimensions: SiteLayout.dimensionsIndexURL + "index.html"
        case .coverage: SiteLayout.coverageURL + "index.html"
        case .feed: "feed.xml"
        case .robots: "robots.txt"
        }
    }

    /// Where a job's page goes, which template renders it, and the view it reads.
    func page(_ job: PageJob) -> (path: String, template: String, view: any TemplateView) {
        let path = path(of: job)
        let root = SiteURL.root(forPageAt: path)
        switch job {
        // The document is passed straight from the model (borrowed), not copied into a local first.
        case .comparison(let index): return (path, "comparison", comparisonView(model.documents[index], root: root))
        case .page(let index): return (path, "page", plainPageView(model.documents[index], root: root))
        case .subject(let index): return (path, "subject", subjectView(model.subjects[index], root: root))
        case .subjectPage(let index, let number): return (path, "subject", subjectView(model.subjects[index], root: root, number: number))
        case .list(let list, let number): return (path, "list", listView(list, number: number, root: root))
        case .search: return (path, "search", searchView())
        case .index: return (path, "index", indexView())
        case .notFound: return (path, "404", notFoundView())
        case .sitemap: return sitemap.isSplit ? (path, "sitemap-index", sitemapIndexView()) : (path, "sitemap", sitemapView())
        case .sitemapPart(let number): return (path, "sitemap", sitemapPartView(number))
        case .dimension(let index, let number): return (path, "dimension", dimensionView(catalog.dimensions[index], page: number, root: root))
        case .dimensions: return (path, "dimensions", dimensionsIndexView())
        case .coverage: return (path, "coverage", coverageView())
        case .feed: return (path, "feed", feedView())
        // Never rendered through a template: `render(_:)` writes robots.txt as plain text first.
        case .robots: return (path, "", SitemapView(entries: []))
        }
    }

    // MARK: Shared pieces

    func siteView(root: String) -> SiteView {
        SiteView(title: config.title, description: config.description, root: root,
                 homeURL: SiteURL.href("", root: root), generator: "Versus", fullText: config.fullTextSearch,
                 dimensionsURL: SiteURL.href(SiteLayout.dimensionsIndexURL, root: root), hasDimensions: templates.has("dimensions"),
                 coverageURL: SiteURL.href(SiteLayout.coverageURL, root: root), hasCoverage: templates.has("coverage"))
    }

    func headView(title: String, description: String, language: String?, sitePath: String) -> HeadView {
        var head = HeadView(title: title, description: description.isEmpty ? config.description : Self.truncated(description, to: 200),
                            language: language ?? config.language,
                            canonicalURL: config.baseURL.map { SiteURL.absolute(sitePath, base: $0) } ?? "",
                            hasCanonicalURL: config.baseURL != nil)
        if let feedURL { head.feedURL = feedURL; head.hasFeed = true }
        return head
    }

    static func truncated(_ text: String, to limit: Int) -> String {
        // Counting Characters walks grapheme clusters; a summary is usually ASCII, where each byte is one.
        if text.utf8.count <= limit { return text }
        // ASCII up to one byte past the cut: those bytes are as many Characters, and the cut ends on a
        // boundary (an ASCII byte after an ASCII byte always starts a new Character, bar CR LF).
        var text = text
        let fast: String? = text.withUTF8 { bytes in
            let head = UnsafeBufferPointer(rebasing: bytes[..<(limit + 1)])
            guard !head.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else { return nil }
            let cut = UnsafeBufferPointer(rebasing: head[..<limit])
            let wordEnd = cut.lastIndex(of: 0x20) ?? cut.endIndex
            return String(decoding: UnsafeBufferPointer(rebasing: cut[..<wordEnd]), as: UTF8.self) + "…"
        }
        if let fast { return fast }
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        let wordEnd = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<wordEnd]) + "…"
    }

    /// Renders a document's Markdown with its links rewritten for a page whose root is `root`.
    func fragmentRenderer(for document: Document, root: String) -> HTMLFragmentRenderer {
        let resolver = self.resolver
        return HTMLFragmentRenderer(allowRawHTML: config.unsafeHTML, rewriteURL: { url, use in
            switch resolver.resolve(url, from: document, isImage: use == .image) {
            case .page(let sitePath, let fragment), .file(let sitePath, let fragment): SiteURL.href(sitePath, root: root, fragment: fragment)
            case .untouched, .broken: url
            }
        }, highlightedCode: highlighter)
    }

    /// Looks code blocks up in `highlightedCode`; `nil` when nothing was highlighted.
    var highlighter: (@Sendable (CodeSample) -> String?)? {
        let highlighted = highlightedCode
        guard !highlighted.isEmpty else { return nil }
        return { (sample: CodeSample) -> String? in highlighted[sample] }
    }

    /// The model's HTML was rendered once, with links as written (and raw HTML as the site allows);
    /// `rewriting` (the document's `linksWithinSite`) says it must be rendered again for this page; so
    /// does a code block, the only reason extraction keeps the Markdown of a document that does not rewrite.
    func html(_ blocks: [MarkdownNode], cached: String, rewriting: Bool, document: Document, root: String) -> String {
        rewriting || !blocks.isEmpty ? fragmentRenderer(for: document, root: root).render(blocks: blocks) : cached
    }

    /// The HTML of the subject's entry in a dimension, `nil` when it has none. Read in place: this runs
    /// for every cell of every comparison, subject and dimension page.
    func entryHTML(in dimension: DifferenceDimension, for subject: String, rewriting: Bool, document: Document, root: String) -> String? {
        guard let index = dimension.entryIndex(for: subject) else { return nil }
        return html(dimension.entries[index].content, cached: dimension.entries[index].html, rewriting: rewriting, document: document, root: root)
    }

    func inlineHTML(_ inlines: [MarkdownNode], document: Document, root: String) -> String {
        fragmentRenderer(for: document, root: root).render(inlines: inlines)
    }

    func sectionViews(_ sections: [Section], document: Document, root: String) -> [SectionView] {
        let renderer = fragmentRenderer(for: document, root: root)
        return sections.map { section in
            var blocks: [BlockView] = []
            var pending: [MarkdownNode] = []
            func flush() {
                guard !pending.isEmpty else { return }
                blocks.append(BlockView(isHeading: false, level: 0, anchor: "", titleHTML: "", contentHTML: renderer.render(blocks: pending)))
                pending = []
            }
            for block in section.blocks {
                switch block {
                case .markdown(let node):
                    pending.append(node)
                case .heading(let heading):
                    flush()
                    // Under no `##` (text between the title and the first `##`, or a pair section read
                    // on its own), a `###` sits right under the page's `<h1>`: it is shown one level up,
                    // so the page's outline skips no level.
                    let level = section.title.isEmpty ? max(2, heading.level - 1) : heading.level
                    blocks.append(BlockView(isHeading: true, level: min(6, level),
                                            anchor: heading.anchor, titleHTML: renderer.render(title: heading.title, inlines: heading.inlines), contentHTML: ""))
                }
            }
            flush()
            let pair = section.pairComparison.map {
                LinkView(title: section.title, url: SiteURL.href(SiteLayout.documentURL(slug: $0, kind: .comparison), root: root))
            }
            return SectionView(kind: section.kind.rawValue, anchor: section.anchor, title: section.title,
                               titleHTML: renderer.render(title: section.title, inlines: section.titleInlines), hasTitle: !section.title.isEmpty,
                               blocks: blocks, pairComparison: pair.map { [$0] } ?? [])
        }
    }

    func subjectColumn(_ slug: String, name fallback: String, root: String) -> SubjectColumnView {
        let subject = subjectsBySlug[slug].map { model.subjects[$0] }
        return SubjectColumnView(name: subject?.name ?? fallback, slug: slug,
                                 url: SiteURL.href(SiteLayout.subjectURL(slug: slug), root: root))
    }

    // MARK: Comparison pages

    func comparisonView(_ document: Document, root: String) -> ComparisonPageView {
        let columns = document.subjects.map { subjectColumn($0.slug, name: $0.name, root: root) }
        let differencesSection = document.sections.first { $0.kind == .differences }
        let useCasesSections = document.sections.filter { $0.kind == .useCases }
        let renderer = fragmentRenderer(for: document, root: root)
        let rewriting = document.linksWithinSite
        let leadHTML = { (section: Section?) -> String in
            let nodes = section?.blocks.compactMap { block -> MarkdownNode? in
                if case .markdown(let node) = block { return node }
                return nil
            } ?? []
            return nodes.isEmpty ? "" : renderer.render(blocks: nodes)
        }

        var table: TableView?
        if let differencesSection {
            let rows = document.differences.map { dimension in
                RowView(anchor: dimension.slug, title: dimension.title,
                        titleHTML: renderer.render(title: dimension.title, inlines: dimension.titleInlines),
                        cells: document.subjects.map { subject in
                            let entry = entryHTML(in: dimension, for: subject.slug, rewriting: rewriting, document: document, root: root)
                            return CellView(subjectName: columns.first { $0.slug == subject.slug }?.name ?? subject.name,
                                            covered: entry != nil, contentHTML: entry ?? "")
                        })
            }
            let names = columns.map(\.name)
            let caption = names.count > 1
                ? "\(names.dropLast().joined(separator: ", ")) and \(names.last ?? "") compared, one row per dimension"
                : "\(names.first ?? document.title), one row per dimension"
            // Dimensions written straight under the title (no `##` above them, as in a pair section of a
            // document comparing several pairs) still get a heading over the table.
            let untitled = differencesSection.title.isEmpty
            table = TableView(anchor: differencesSection.anchor, title: untitled ? Self.untitledDifferencesTitle : differencesSection.title,
                              titleHTML: untitled ? Self.untitledDifferencesTitle : renderer.render(title: differencesSection.title, inlines: differencesSection.titleInlines),
                              caption: caption, leadHTML: leadHTML(differencesSection), subjects: columns, rows: rows,
                              dimensionHeading: document.dimensionsHeading ?? "Dimension")
        }

        // One block per use-case section. Several ("## When to choose Kafka", "## When to choose
        // RabbitMQ") each hold the use cases written below their heading (use cases are read in
        // document order) and show only the subjects they have; one shows every subject.
        var useCases: [UseCasesView] = []
        for (number, useCasesSection) in useCasesSections.enumerated() {
            let start = number == 0 ? 0 : useCasesSections[number].position?.line ?? 0
            let end = number + 1 < useCasesSections.count ? useCasesSections[number + 1].position?.line ?? Int.max : Int.max
            let inRange = { (position: SourcePosition?) in useCasesSections.count == 1 || ((position?.line ?? 0) >= start && (position?.line ?? 0) < end) }
            // Indices, not copies: a copied use case is a reference count per field.
            let allUseCases = document.useCases
            let inSection = allUseCases.indices.filter { inRange(allUseCases[$0].position) }
            var useCaseColumns = columns.map { column in
                let items = inSection.filter { allUseCases[$0].subject == column.slug }.map {
                    useCaseItem(allUseCases[$0], rewriting: rewriting, document: document, root: root)
                }
                let group = document.useCaseGroups.first { $0.subject == column.slug && inRange($0.position) }
                let anchor = group?.anchor
                var shown = column
                if let heading = group?.heading { shown.name = heading }
                return UseCaseColumnView(subject: shown, anchor: anchor ?? "", hasAnchor: anchor != nil,
                                         items: items, hasItems: !items.isEmpty)
            }
            if useCasesSections.count > 1 { useCaseColumns.removeAll { !$0.hasItems } }
            useCases.append(UseCasesView(anchor: useCasesSection.anchor, title: useCasesSection.title,
                                         titleHTML: renderer.render(title: useCasesSection.title, inlines: useCasesSection.titleInlines),
                                         leadHTML: leadHTML(useCasesSection), columns: useCaseColumns))
        }

        // In the author's order: every section before the first structured one (an "At a glance" too)
        // goes above the table, the rest below the use cases.
        let firstStructured = document.sections.firstIndex { $0.kind == .differences || $0.kind == .useCases } ?? document.sections.count
        let introduction = document.sections[..<firstStructured].filter { $0.kind != .differences && $0.kind != .useCases }
        let others = document.sections[firstStructured...].filter { $0.kind == .other || $0.kind == .conclusion || $0.kind == .introduction }
        let related = relatedComparisons(of: document).map { other in
            root == Self.comparisonPageRoot ? relatedLinks[other] : Self.relatedLink(model.documents[other], root: root)
        }
        var head = headView(title: document.title, description: document.summary, language: document.language, sitePath: document.url)
        decorateComparisonHead(&head, document: document, root: root)
        let toc = TableOfContents.comparison(document, introduction: Array(introduction), differences: differencesSection,
                                             useCases: useCases, others: Array(others))
        return ComparisonPageView(
            site: siteView(root: root),
            head: head,
            title: document.title, titleHTML: renderer.render(inlines: document.titleInlines),
            titleAnchor: Slug.make(document.title, fallback: "title"),
            subjects: columns,
            introduction: sectionViews(introduction, document: document, root: root),
            table: table.map { [$0] } ?? [], useCases: useCases,
            sections: sectionViews(others, document: document, root: root),
            related: related, hasRelated: !related.isEmpty, freshness: freshness(of: document), toc: toc, hasToc: !toc.isEmpty,
            partOf: document.partOf.map { [LinkView(title: $0.title, url: SiteURL.href($0.url, root: root, fragment: $0.sectionAnchor))] } ?? [])
    }

    /// The table's heading when the differences section has no `##` title of its own.
    static let untitledDifferencesTitle = "Key differences"

    func useCaseItem(_ useCase: UseCase, rewriting: Bool, document: Document, root: String) -> UseCaseItemView {
        UseCaseItemView(anchor: useCase.anchor, title: useCase.title ?? "",
                        titleHTML: useCase.title.map { fragmentRenderer(for: document, root: root).render(title: $0, inlines: useCase.titleInlines) } ?? "",
                        hasTitle: useCase.title != nil,
                        descriptionHTML: html(useCase.description, cached: useCase.html, rewriting: rewriting, document: document, root: root))
    }

    static func relatedLink(_ document: Document, root: String) -> LinkView {
        LinkView(title: document.title, url: SiteURL.href(document.url, root: root), summary: truncated(document.summary, to: 160))
    }

    /// Indices in `model.documents` (see `RelatedComparisons`).
    func relatedComparisons(of document: Document) -> [Int] {
        let subjects = document.subjects.compactMap { subjectsBySlug[$0.slug] }
        let pair = subjects.count == 2 && subjects[0] != subjects[1]
            ? comparisonsByPair[Self.pairKey(subjects[0], subjects[1], subjectCount: model.subjects.count)] ?? [] : nil
        var related = RelatedComparisons(lists: subjects.map { comparisonsBySubject[$0] }, rank: listingRank,
                                         own: documentsBySlug[document.slug], limit: Self.relatedLimit, pair: pair)
        return related.select()
    }

    static func pairKey(_ first: Int, _ second: Int, subjectCount: Int) -> Int {
        min(first, second) * subjectCount + max(first, second)
    }

    /// Every pair of subjects compared together (by `pairKey`), with their comparisons in listing order.
    static func comparisonsByPair(_ bySubject: [[Int]], documentCount: Int) -> [Int: [Int]] {
        var subjectsOf = [[Int]](repeating: [], count: documentCount)
        for (subject, documents) in bySubject.enumerated() {
            for document in documents where subjectsOf[document].last != subject { subjectsOf[document].append(subject) }
        }
        var pairs: [Int: [Int]] = [:]
        // Each pair's list is filled from its first subject's list, which is in listing order.
        for (subject, documents) in bySubject.enumerated() {
            for document in documents {
                for other in subjectsOf[document] where other > subject {
                    pairs[pairKey(subject, other, subjectCount: bySubject.count), default: []].append(document)
                }
            }
        }
        return pairs
    }

    // MARK: Subject pages

    func subjectView(_ subject: Subject, root: String, number: Int = 1) -> SubjectPageView {
        let overview = subjectsBySlug[subject.slug].map { subjectOverviews[$0] }
            ?? SubjectOverview(subject, model: model, documentsBySlug: documentsBySlug, subjectsBySlug: subjectsBySlug, catalog: catalog)
        let pageCount = Self.pageNumbers(items: subject.documents.count, perPage: Self.subjectPageSize).count
        let number = min(max(number, 1), pageCount)
        let onPage = subject.documents.dropFirst((number - 1) * Self.subjectPageSize).prefix(Self.subjectPageSize)
        let comparisons = onPage.compactMap { slug -> SubjectComparisonView? in
            documentsBySlug[slug].map { subjectComparison(model.documents[$0], of: subject.slug, root: root) }
        }
        let profileHTML: String = {
            guard !subject.profileBlocks.isEmpty else { return "" }
            return HTMLFragmentRenderer(allowRawHTML: config.unsafeHTML, highlightedCode: highlighter).render(blocks: subject.profileBlocks)
        }()
        let safeWebsite = subject.website.flatMap { URLSchemeFilter.isSafe($0, use: .link) ? $0 : nil }
        let subjects = model.subjects
        let peers = overview.peers.map { LinkView(title: subjects[$0].name, url: SiteURL.href(subjects[$0].url, root: root)) }
        let hidden = overview.hiddenPeers
        let total = subject.documents.count
        let description = subject.profileBlocks.isEmpty
            ? "\(subject.name) in \(total) comparison\(total == 1 ? "" : "s") on \(config.title)."
            : MarkdownNode(.document, children: subject.profileBlocks).plainText
        let pagination = paginationView(current: number, total: pageCount, root: root) { Self.subjectPagePath(subject, number: $0) }
        let sitePath = Self.subjectPagePath(subject, number: number)
        let pageTitle = number == 1 ? subject.name : "\(subject.name), page \(number) of \(pageCount)"
        var head = withTrail(headView(title: pageTitle, description: description, language: nil, sitePath: sitePath),
                             root: root, current: pageTitle)
        head.setPagination(pagination)
        let dimensionLinks = dimensionLinks(overview.dimensions, root: root)
        return SubjectPageView(
            site: siteView(root: root),
            head: head,
            name: subject.name, nameAnchor: Slug.make(subject.name, fallback: "subject"),
            aliases: subject.aliases.joined(separator: ", "), hasAliases: !subject.aliases.isEmpty,
            website: safeWebsite ?? "", hasWebsite: safeWebsite != nil,
            profileHTML: profileHTML, comparisons: comparisons, comparedWith: peers, hasComparedWith: !peers.isEmpty,
            comparedWithMore: hidden > 0 ? "and \(hidden) more" : "", hasComparedWithMore: hidden > 0, pagination: pagination,
            dimensions: dimensionLinks, hasDimensions: !dimensionLinks.isEmpty)
    }

    /// One comparison on a subject's page: the subject's entry on each dimension and its use cases.
    /// The document is borrowed from the model, not copied.
    func subjectComparison(_ document: Document, of subject: String, root: String) -> SubjectComparisonView {
        let rewriting = document.linksWithinSite
        let entries = document.differences.map { dimension in
            let entry = entryHTML(in: dimension, for: subject, rewriting: rewriting, document: document, root: root)
            return SubjectEntryView(
                dimension: dimension.title, url: SiteURL.href(document.url, root: root, fragment: dimension.slug),
                covered: entry != nil, contentHTML: entry ?? "")
        }
        let allUseCases = document.useCases
        let useCases = allUseCases.indices.filter { allUseCases[$0].subject == subject }.map {
            useCaseItem(allUseCases[$0], rewriting: rewriting, document: document, root: root)
        }
        return SubjectComparisonView(
            title: document.title, language: document.language ?? config.language,
            url: SiteURL.href(document.url, root: root), anchor: "in-" + document.slug,
            summary: SiteRenderer.truncated(document.summary, to: 200),
            others: document.subjects.filter { $0.slug != subject }.map {
                LinkView(title: $0.name, url: SiteURL.href(SiteLayout.subjectURL(slug: $0.slug), root: root))
            },
            entries: entries, useCases: useCases, hasUseCases: !useCases.isEmpty)
    }

    // MARK: Plain pages, index, 404

    func plainPageView(_ document: Document, root: String) -> PlainPageView {
        let toc = TableOfContents.plainPage(document)
        return PlainPageView(
            site: siteView(root: root),
            head: withTrail(headView(title: document.title, description: document.summary, language: document.language, sitePath: document.url),
                            root: root, current: document.title),
            title: document.title, titleHTML: inlineHTML(document.titleInlines, document: document, root: root),
            titleAnchor: Slug.make(document.title, fallback: "title"),
            sections: sectionViews(document.sections, document: document, root: root),
            toc: toc, hasToc: !toc.isEmpty)
    }

    func indexView() -> IndexPageView {
        let root = ""
        let comparisons = model.comparisons
        func card(_ document: Document) -> IndexComparisonView {
            IndexComparisonView(
                title: document.title, url: SiteURL.href(document.url, root: root),
                summary: SiteRenderer.truncated(document.summary, to: 220),
                subjects: document.subjects.map { LinkView(title: $0.name, url: SiteURL.href(SiteLayout.subjectURL(slug: $0.slug), root: root)) },
                updated: document.updated ?? "")
        }
        let firstComparisons = sortedListing(.comparisons).prefix(Self.homeListLimit).map { card(model.documents[$0]) }
        // ISO 8601 dates sort as text; the newest first, then by title.
        let recent = comparisons.filter { $0.updated != nil }
            .sorted { ($1.updated ?? "", $0.title, $0.slug) < ($0.updated ?? "", $1.title, $1.slug) }
            .prefix(Self.recentLimit).map(card)
        let subjects = model.subjects.sorted {
            ($1.documents.count, $0.name.lowercased(), $0.slug) < ($0.documents.count, $1.name.lowercased(), $1.slug)
        }.prefix(Self.homeListLimit).map { subject in
            IndexSubjectView(name: subject.name, url: SiteURL.href(subject.url, root: root), count: subject.documents.count,
                             countLabel: "\(subject.documents.count) comparison\(subject.documents.count == 1 ? "" : "s")")
        }
        let pageIndices = sortedListing(.pages)
        let pages = pageIndices.prefix(Self.homeListLimit).map { model.documents[$0] }.map {
            LinkView(title: $0.title, url: SiteURL.href($0.url, root: root), summary: SiteRenderer.truncated($0.summary, to: 160))
        }
        func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        var counts = "\(plural(comparisons.count, "comparison")) of \(plural(model.subjects.count, "subject"))"
        if !pageIndices.isEmpty { counts += ", \(plural(pageIndices.count, "page"))" }
        return IndexPageView(site: siteView(root: root),
                             head: headView(title: config.title, description: config.description, language: nil, sitePath: ""),
                             countsLabel: counts, comparisonCount: comparisons.count, subjectCount: model.subjects.count,
                             comparisons: Array(firstComparisons), hasMoreComparisons: comparisons.count > firstComparisons.count,
                             subjects: Array(subjects), hasMoreSubjects: model.subjects.count > subjects.count,
                             recent: Array(recent), hasRecent: !recent.isEmpty,
                             pages: Array(pages), hasPages: !pages.isEmpty, hasMorePages: pageIndices.count > pages.count)
    }

    /// Hosts serve 404.html at any depth, so its links are absolute when the base URL is known.
    func notFoundView() -> NotFoundPageView {
        let root = config.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        // The first ten by (title, slug): the comparisons' listing order, made once (sorting every
        // comparison again here was the last 20 ms of a 10,000 build, on one core).
        let comparisons = sortedListing(.comparisons).prefix(10).map {
            LinkView(title: model.documents[$0].title, url: SiteURL.href(model.documents[$0].url, root: root))
        }
        return NotFoundPageView(site: siteView(root: root),
                                head: HeadView(title: "Page not found", description: "This page does not exist on \(config.title).",
                                               language: config.language, canonicalURL: "", hasCanonicalURL: false),
                                comparisons: Array(comparisons))
    }
}

extension HTMLFragmentRenderer {
    /// The HTML of a section's, heading's, dimension's or use case's title: its inline Markdown, or,
    /// where extraction kept none because the title is plain text (`DocumentExtractor.dropPlainTitleInlines`),
    /// the title as the one text node it was.
    func render(title: String, inlines: [MarkdownNode]) -> String {
        render(inlines: inlines.isEmpty && !title.isEmpty ? [MarkdownNode(.text(title))] : inlines)
    }
}
