/// Views of the pages that keep long lists small: the browse lists (`list`), the search page
/// (`search`), and the pagination both they and subject pages carry.

/// One numbered page of a paginated list.
struct PageNumberView: TemplateView {
    var number: Int
    var url: String
    var isCurrent: Bool
}

/// Where a page stands in its list of pages; `hasPages` is false when there is only one.
struct PaginationView: TemplateView {
    var current: Int
    var total: Int
    var hasPages: Bool
    var pages: [PageNumberView]
    var hasPrev: Bool
    var prevURL: String
    var hasNext: Bool
    var nextURL: String

    static let single = PaginationView(current: 1, total: 1, hasPages: false, pages: [], hasPrev: false, prevURL: "", hasNext: false, nextURL: "")
}

/// A jump to the first entry starting with a letter, on whichever page it is.
struct LetterLinkView: TemplateView {
    var letter: String
    var url: String
}

struct ListItemView: TemplateView {
    var title: String
    var url: String
    var summary: String
    /// The id of the first entry of its letter (`letter-a`), else empty.
    var anchor: String
    var hasAnchor: Bool
    /// A subject's "3 comparisons"; empty otherwise.
    var countLabel: String
    var hasSummary: Bool
    var hasCountLabel: Bool
}

/// `browse/comparisons/`, `browse/subjects/`, `browse/pages/` and their numbered pages.
struct ListPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    /// `comparisons`, `subjects` or `pages`.
    var kind: String
    var heading: String
    var lede: String
    var items: [ListItemView]
    var letters: [LetterLinkView]
    var pagination: PaginationView
}

/// `search/index.html`: the quick find's full results, and the A-Z lists without JavaScript.
struct SearchPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    /// Pagefind's UI is used (`search: full` in `site.yml`).
    var fullText: Bool
}
