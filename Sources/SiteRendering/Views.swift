/// The template-facing views: what each template receives, kept apart from the domain model.
/// The README's template guide lists these fields; keep the two in step.

struct LinkView: TemplateView {
    var title: String
    var url: String
    var summary: String = ""
}

struct SiteView: TemplateView {
    var title: String
    var description: String
    /// Relative path from the current page to the site root: `""`, `../` or `../../`.
    var root: String
    /// Link to the home page from the current page (`./` on the home page itself).
    var homeURL: String
    var generator: String
    /// `search: full` with Pagefind available: pages carry Pagefind's `data-pagefind-*` marks.
    var fullText = false
    /// The dimensions index and the coverage matrix, when the theme has their templates.
    var dimensionsURL = ""
    var hasDimensions = false
    var coverageURL = ""
    var hasCoverage = false
}

/// What goes into `<head>`: every page has a title and a description.
struct HeadView: TemplateView {
    var title: String
    var description: String
    var language: String
    /// Absolute URL when the site's base URL is known, else empty.
    var canonicalURL: String
    var hasCanonicalURL: Bool
    /// `<link rel="prev">`/`"next"` of a paginated list or subject page; empty with `has...` false elsewhere.
    var prevURL = ""
    var hasPrev = false
    var nextURL = ""
    var hasNext = false
    /// `og:type`: `article` for comparisons, `website` for the rest.
    var ogType = "website"
    /// The trail shown above the page and given to search engines; the last crumb is the page itself.
    var breadcrumbs: [BreadcrumbView] = []
    var hasBreadcrumbs = false
    /// JSON-LD for `<script type="application/ld+json">`: JSON made by `JSONEncoder` with `<`, `>` and
    /// `&` written as `\u003c`, `\u003e`, `\u0026`, so no text in it can end the script element. It is
    /// not HTML, but it is the one field besides cmark's output that goes into the page unescaped
    /// (escaping it as text would break the JSON), hence the `HTML` suffix the template check asks for.
    var structuredDataHTML = ""
    var hasStructuredData = false
    /// `noindex` for pages meant for editors (the coverage matrix), else empty.
    var robots = ""
    var hasRobots = false
    /// The Atom feed, when the site has one.
    var feedURL = ""
    var hasFeed = false
    /// `article:modified_time`, when the document carries a date.
    var modified = ""
    var hasModified = false
}

/// A run of a section's body: either a heading with its id, or Markdown rendered by cmark.
struct BlockView: TemplateView {
    var isHeading: Bool
    var level: Int
    var anchor: String
    var titleHTML: String
    var contentHTML: String
}

struct SectionView: TemplateView {
    var kind: String
    var anchor: String
    var title: String
    var titleHTML: String
    var hasTitle: Bool
    var blocks: [BlockView]
    /// Empty, or the comparison a pair section (`## A vs. B`) of a document comparing several pairs became.
    var pairComparison: [LinkView] = []
}

struct SubjectColumnView: TemplateView {
    var name: String
    var slug: String
    var url: String
}

struct CellView: TemplateView {
    var subjectName: String
    var covered: Bool
    var contentHTML: String
}

struct RowView: TemplateView {
    var anchor: String
    var title: String
    var titleHTML: String
    var cells: [CellView]
}

struct TableView: TemplateView {
    var anchor: String
    var title: String
    var titleHTML: String
    var caption: String
    var leadHTML: String
    var subjects: [SubjectColumnView]
    var rows: [RowView]
    /// The head of the dimensions' column: "Dimension", or what the author's comparison table called it.
    var dimensionHeading = "Dimension"
}

struct UseCaseItemView: TemplateView {
    var anchor: String
    var title: String
    var titleHTML: String
    var hasTitle: Bool
    var descriptionHTML: String
}

struct UseCaseColumnView: TemplateView {
    var subject: SubjectColumnView
    /// The id of the subject's `###` heading; empty when the document has none for this subject.
    var anchor: String
    var hasAnchor: Bool
    var items: [UseCaseItemView]
    var hasItems: Bool
}

struct UseCasesView: TemplateView {
    var anchor: String
    var title: String
    var titleHTML: String
    var leadHTML: String
    var columns: [UseCaseColumnView]
}

struct ComparisonPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var title: String
    var titleHTML: String
    var titleAnchor: String
    var subjects: [SubjectColumnView]
    var introduction: [SectionView]
    /// Empty or one table: a list renders its section once per element, and no optional needs unwrapping.
    var table: [TableView]
    var useCases: [UseCasesView]
    var sections: [SectionView]
    var related: [LinkView]
    var hasRelated: Bool
    /// Empty, or one when the document carries `updated` or `reviewed`.
    var freshness: [FreshnessView] = []
    /// The table of contents; empty on a short page (`TableOfContents`).
    var toc: [TocEntryView] = []
    var hasToc = false
    /// Empty, or the document comparing several pairs this comparison is one section of (`Document.partOf`).
    var partOf: [LinkView] = []
}

struct SubjectEntryView: TemplateView {
    var dimension: String
    var url: String
    var covered: Bool
    var contentHTML: String
}

struct SubjectComparisonView: TemplateView {
    var title: String
    /// The comparison's own language, which may differ from the site's.
    var language: String
    var url: String
    var anchor: String
    var summary: String
    var others: [LinkView]
    var entries: [SubjectEntryView]
    var useCases: [UseCaseItemView]
    var hasUseCases: Bool
}

struct SubjectPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var name: String
    var nameAnchor: String
    var aliases: String
    var hasAliases: Bool
    var website: String
    var hasWebsite: Bool
    var profileHTML: String
    var comparisons: [SubjectComparisonView]
    var comparedWith: [LinkView]
    var hasComparedWith: Bool
    /// "and 12 more" when `comparedWith` was cut; empty otherwise.
    var comparedWithMore: String = ""
    var hasComparedWithMore = false
    /// Beyond `SiteRenderer.subjectPageSize` comparisons, the rest are on `subjects/<slug>/2/`, ...
    var pagination: PaginationView = .single
    /// The dimension pages of the dimensions its comparisons have.
    var dimensions: [LinkView] = []
    var hasDimensions = false
}

struct PlainPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var title: String
    var titleHTML: String
    var titleAnchor: String
    var sections: [SectionView]
    var toc: [TocEntryView] = []
    var hasToc = false
}

struct IndexComparisonView: TemplateView {
    var title: String
    var url: String
    var summary: String
    var subjects: [LinkView]
    /// The document's `updated` date as written; empty when it has none.
    var updated: String = ""
}

struct IndexSubjectView: TemplateView {
    var name: String
    var url: String
    var count: Int
    var countLabel: String
}

/// The home page: an overview that stays small whatever the size of the site.
struct IndexPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    /// "12 comparisons of 9 subjects" (and pages, when there are any).
    var countsLabel: String
    var comparisonCount: Int
    var subjectCount: Int
    /// The first `SiteRenderer.homeListLimit` comparisons by title; all of them are in `browse/comparisons/`.
    var comparisons: [IndexComparisonView]
    var hasMoreComparisons: Bool
    /// The most compared subjects, most comparisons first.
    var subjects: [IndexSubjectView]
    var hasMoreSubjects: Bool
    /// The most recently updated comparisons, when documents carry an `updated` date.
    var recent: [IndexComparisonView]
    var hasRecent: Bool
    var pages: [LinkView]
    var hasPages: Bool
    var hasMorePages: Bool
}

struct NotFoundPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var comparisons: [LinkView]
}

struct SitemapEntryView: TemplateView {
    var location: String
    /// The page's document date (`YYYY-MM-DD`), when it has one.
    var lastmod = ""
    var hasLastmod = false
}

struct SitemapView: TemplateView {
    var entries: [SitemapEntryView]
}

/// `sitemap.xml` of a site too large for one file: each file's `location` and newest `lastmod`.
struct SitemapIndexView: TemplateView {
    var sitemaps: [SitemapEntryView]
}

/// The view each page template renders; partials and the layout may use what any page including them has.
let pageTemplateViews: [String: any TemplateView.Type] = [
    "comparison": ComparisonPageView.self, "subject": SubjectPageView.self, "page": PlainPageView.self,
    "index": IndexPageView.self, "404": NotFoundPageView.self, "sitemap": SitemapView.self,
    "sitemap-index": SitemapIndexView.self,
    "list": ListPageView.self, "search": SearchPageView.self,
    "dimension": DimensionPageView.self, "dimensions": DimensionsIndexView.self, "coverage": CoveragePageView.self,
    "feed": FeedView.self,
]
