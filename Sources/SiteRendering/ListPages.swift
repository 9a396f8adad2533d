import ComparisonModel

/// A list of the whole site, split into pages of `SiteRenderer.listPageSize`.
public enum BrowseList: String, Sendable, Hashable, CaseIterable {
    /// `dimensions`: the dimensions the dimensions index lists (`SiteRenderer.listedDimensions`), made
    /// only with the index (the `dimensions` template), which leads there.
    case comparisons, subjects, pages, dimensions
}

/// The orders the lists are shown in, computed once: every list page and the home page read them.
struct Listings: Sendable {
    /// Document indices by (title, slug).
    var comparisons: [Int]
    var pages: [Int]
    /// Subject indices by (lower-cased name, slug).
    var subjects: [Int]
    /// Dimension catalog indices, in the catalog's order (lower-cased title, slug).
    var dimensions: [Int]
    /// For each list, the position of the first entry of each initial, in list order.
    var letters: [BrowseList: [(letter: String, position: Int)]]

    init(model: SiteModel, documentsByTitle: [Int], catalog: DimensionCatalog, dimensions: [Int]) {
        comparisons = documentsByTitle.filter { model.documents[$0].kind == .comparison }
        pages = documentsByTitle.filter { model.documents[$0].kind == .page }
        self.dimensions = dimensions
        subjects = model.subjects.indices.sorted {
            (model.subjects[$0].name.lowercased(), model.subjects[$0].slug) < (model.subjects[$1].name.lowercased(), model.subjects[$1].slug)
        }
        func initials(_ titles: [String]) -> [(String, Int)] {
            var seen: Set<String> = []
            var found: [(String, Int)] = []
            for (position, title) in titles.enumerated() {
                let letter = Self.initial(title)
                if seen.insert(letter).inserted { found.append((letter, position)) }
            }
            return found
        }
        letters = [
            .comparisons: initials(comparisons.map { model.documents[$0].title }),
            .pages: initials(pages.map { model.documents[$0].title }),
            .subjects: initials(subjects.map { model.subjects[$0].name }),
            .dimensions: initials(dimensions.map { catalog.dimensions[$0].title }),
        ]
    }

    /// The upper-cased first letter, or `#` for a digit, a symbol or nothing.
    static func initial(_ title: String) -> String {
        guard let first = title.first, first.isLetter else { return "#" }
        return first.uppercased()
    }

    func order(of list: BrowseList) -> [Int] {
        switch list {
        case .comparisons: comparisons
        case .subjects: subjects
        case .pages: pages
        case .dimensions: dimensions
        }
    }
}

extension SiteRenderer {
    /// Comparisons on one subject page; the rest go to `subjects/<slug>/2/`, `.../3/`, ...
    public static let subjectPageSize = 50
    /// Entries on one page of a browse list.
    public static let listPageSize = 200
    /// Comparisons, subjects and pages the home page shows of each (the rest are in the browse lists).
    public static let homeListLimit = 24
    /// Recently updated comparisons on the home page.
    public static let recentLimit = 10
    /// Peers a subject page lists under "Compared with" (the most shared ones).
    public static let comparedWithLimit = 100
    /// Page numbers a pagination bar shows on either side of the current one (the first and the
    /// last are always shown).
    static let paginationWindow = 5

    /// `1...n` for `items` split into pages of `perPage`; one page even when empty.
    static func pageNumbers(items: Int, perPage: Int) -> ClosedRange<Int> {
        1...max(1, (items + perPage - 1) / perPage)
    }

    static func subjectPagePath(_ subject: Subject, number: Int) -> String {
        number <= 1 ? subject.url : subject.url + "\(number)/"
    }

    /// `browse/comparisons/`, `browse/comparisons/2/`, ...
    public static func listPath(_ list: BrowseList, number: Int) -> String {
        number <= 1 ? "browse/\(list.rawValue)/" : "browse/\(list.rawValue)/\(number)/"
    }

    /// The lists the site has: the dimensions' only with the dimensions index.
    var browseLists: [BrowseList] {
        BrowseList.allCases.filter { $0 != .dimensions || templates.has("dimensions") }
    }

    func pageCount(of list: BrowseList) -> Int {
        Self.pageNumbers(items: listings.order(of: list).count, perPage: Self.listPageSize).count
    }

    func sortedListing(_ list: BrowseList) -> [Int] {
        listings.order(of: list)
    }

    func paginationView(current: Int, total: Int, root: String, path: (Int) -> String) -> PaginationView {
        guard total > 1 else { return .single }
        let window = max(1, current - Self.paginationWindow)...min(total, current + Self.paginationWindow)
        var numbers = [1] + Array(window) + [total]
        numbers = numbers.enumerated().filter { $0.offset == 0 || $0.element > numbers[$0.offset - 1] }.map(\.element)
        return PaginationView(
            current: current, total: total, hasPages: true,
            pages: numbers.map { PageNumberView(number: $0, url: SiteURL.href(path($0), root: root), isCurrent: $0 == current) },
            hasPrev: current > 1, prevURL: current > 1 ? SiteURL.href(path(current - 1), root: root) : "",
            hasNext: current < total, nextURL: current < total ? SiteURL.href(path(current + 1), root: root) : "")
    }

    func listView(_ list: BrowseList, number: Int, root: String) -> ListPageView {
        let order = listings.order(of: list)
        let total = pageCount(of: list)
        let number = min(max(number, 1), total)
        let start = (number - 1) * Self.listPageSize
        let range = start..<min(order.count, start + Self.listPageSize)
        let firstOfLetter = Dictionary(uniqueKeysWithValues: (listings.letters[list] ?? []).map { ($0.position, $0.letter) })
        let items = range.map { position -> ListItemView in
            let anchor = firstOfLetter[position].map { "letter-" + Slug.make($0, fallback: "other") } ?? ""
            switch list {
            case .comparisons, .pages:
                let document = order[position]
                return ListItemView(
                    title: model.documents[document].title, url: SiteURL.href(model.documents[document].url, root: root),
                    summary: Self.truncated(model.documents[document].summary, to: 160), anchor: anchor, hasAnchor: !anchor.isEmpty,
                    countLabel: "", hasSummary: !model.documents[document].summary.isEmpty, hasCountLabel: false)
            case .subjects:
                let subject = model.subjects[order[position]]
                let count = subject.documents.count
                return ListItemView(title: subject.name, url: SiteURL.href(subject.url, root: root), summary: "",
                                    anchor: anchor, hasAnchor: !anchor.isEmpty,
                                    countLabel: "\(count) comparison\(count == 1 ? "" : "s")", hasSummary: false, hasCountLabel: true)
            case .dimensions:
                let dimension = catalog.dimensions[order[position]]
                let count = dimension.comparisonCount
                return ListItemView(title: dimension.title, url: dimensionHref(dimension, root: root), summary: "",
                                    anchor: anchor, hasAnchor: !anchor.isEmpty,
                                    countLabel: "\(count) comparison\(count == 1 ? "" : "s")", hasSummary: false, hasCountLabel: true)
            }
        }
        let letters = (listings.letters[list] ?? []).map { letter, position in
            LetterLinkView(letter: letter, url: SiteURL.href(Self.listPath(list, number: position / Self.listPageSize + 1), root: root,
                                                             fragment: "letter-" + Slug.make(letter, fallback: "other")))
        }
        let pagination = paginationView(current: number, total: total, root: root) { Self.listPath(list, number: $0) }
        let heading: String
        switch list {
        case .comparisons: heading = "All comparisons"
        case .subjects: heading = "All subjects"
        case .pages: heading = "All pages"
        case .dimensions: heading = "All dimensions"
        }
        let lede = total > 1
            ? "\(order.count) in all, A to Z; page \(number) of \(total)."
            : "\(order.count) in all, A to Z."
        var head = headView(title: total > 1 ? "\(heading), page \(number) of \(total)" : heading,
                            description: "\(heading) on \(config.title), A to Z.", language: nil,
                            sitePath: Self.listPath(list, number: number))
        head.setPagination(pagination)
        return ListPageView(site: siteView(root: root), head: head, kind: list.rawValue, heading: heading, lede: lede,
                            items: items, letters: letters, pagination: pagination)
    }

    func searchView() -> SearchPageView {
        let root = SiteURL.root(forPageAt: "search/index.html")
        return SearchPageView(site: siteView(root: root),
                              head: headView(title: "Search", description: "Find subjects, comparisons, dimensions and use cases on \(config.title).",
                                             language: nil, sitePath: "search/"),
                              fullText: config.fullTextSearch)
    }
}

extension HeadView {
    mutating func setPagination(_ pagination: PaginationView) {
        prevURL = pagination.prevURL
        hasPrev = pagination.hasPrev
        nextURL = pagination.nextURL
        hasNext = pagination.hasNext
    }
}
