/// Views of the pages that look across documents: dimension pages, the dimensions index, the coverage
/// matrix, the Atom feed, and the pieces every page shares for search engines (breadcrumbs, dates).
/// The README's template guide lists these fields.

struct BreadcrumbView: TemplateView {
    var title: String
    /// Empty for the last crumb, the page itself.
    var url: String
    var isCurrent: Bool
}

/// "Last reviewed" and "Updated" on a comparison page.
struct FreshnessView: TemplateView {
    /// `YYYY-MM-DD`, for `<time datetime>` and for reading.
    var reviewed: String
    var hasReviewed: Bool
    var updated: String
    var hasUpdated: Bool
}

struct DimensionEntryView: TemplateView {
    var subject: SubjectColumnView
    var covered: Bool
    var contentHTML: String
}

/// One comparison's row of a dimension, on the dimension's page.
struct DimensionComparisonView: TemplateView {
    var title: String
    var url: String
    /// The row on the comparison page: `compare/<slug>/#<row>`.
    var rowURL: String
    /// The dimension's title in this comparison, which a synonym may make differ from the page's.
    var rowTitle: String
    var anchor: String
    var language: String
    var entries: [DimensionEntryView]
}

struct DimensionPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var title: String
    var titleAnchor: String
    /// "In 3 comparisons, about 5 subjects".
    var countLabel: String
    /// Other titles comparisons give it, when they differ from `title`.
    var alsoCalled: String
    var hasAlsoCalled: Bool
    var comparisons: [DimensionComparisonView]
    /// The page numbers when the dimension takes more than one page (the `pagination` partial).
    var pagination: PaginationView
}

struct DimensionLinkView: TemplateView {
    var title: String
    var url: String
    var count: Int
    var countLabel: String
}

/// `dimensions/`: the most shared dimensions, and a link to all of them in the A-Z list.
struct DimensionsIndexView: TemplateView {
    var site: SiteView
    var head: HeadView
    /// "12 dimensions in 2 or more comparisons. 40 more are in one comparison only: ..."
    var countsLabel: String
    var dimensions: [DimensionLinkView]
    var hasDimensions: Bool
    /// `browse/dimensions/`, the A-Z list of every dimension listed here.
    var allURL: String
    var allLabel: String
}

/// A cell of the coverage matrix: the comparison of the row's and the column's subjects, if any.
struct CoverageCellView: TemplateView {
    var isSelf: Bool
    var hasComparison: Bool
    var title: String
    var url: String
}

struct CoverageRowView: TemplateView {
    var subject: SubjectColumnView
    var cells: [CoverageCellView]
}

struct CoverageGapView: TemplateView {
    var subject: SubjectColumnView
    var missing: [LinkView]
    var hasMissing: Bool
}

struct CoveragePageView: TemplateView {
    var site: SiteView
    var head: HeadView
    /// "30 most compared of 120 subjects; 41 pairs have a comparison".
    var summary: String
    var columns: [SubjectColumnView]
    var rows: [CoverageRowView]
    var hasMatrix: Bool
    var gaps: [CoverageGapView]
}

struct FeedEntryView: TemplateView {
    var title: String
    /// Absolute: an Atom entry's `id` and link.
    var url: String
    var updated: String
    var summary: String
}

struct FeedView: TemplateView {
    var title: String
    var homeURL: String
    var feedURL: String
    var updated: String
    var generator: String
    var entries: [FeedEntryView]
}
