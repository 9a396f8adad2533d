/// One dimension gathered across every comparison of the site: each `###` of a differences section
/// whose title has the same slug (or is declared a synonym in `site.yml`) is one site dimension.
public struct SiteDimension: Sendable, Hashable {
    /// Where one comparison has the dimension: indices into the model's documents and that
    /// document's `differences`.
    public struct Occurrence: Sendable, Hashable {
        public var document: Int
        public var dimension: Int
    }

    /// The slug of the page, `dimensions/<slug>/`.
    public var slug: String
    /// The synonym's declared name, else the title most comparisons give it (ties: the first in sorting order).
    public var title: String
    /// In the order comparisons are listed (title, then slug).
    public var occurrences: [Occurrence]
    /// Slugs of the subjects with an entry for it somewhere, sorted.
    public var subjectsCovered: [String]
    /// Every title comparisons give it, each once, in the order of `occurrences`: what pages and the
    /// search index read instead of walking every occurrence (a dimension page did, for each of its
    /// pages, which grew with the square of the comparisons).
    public var titles: [String] = []
    /// How many comparisons have it (a comparison giving it two titles that are synonyms counts once).
    public var comparisonCount: Int

    /// It gathers enough comparisons for a page of its own (`DimensionCatalog.minimumComparisonsForPage`).
    public var hasPage: Bool { comparisonCount >= DimensionCatalog.minimumComparisonsForPage }
}

/// The site's dimensions, from the model alone: what dimension pages, subject pages and the coverage
/// matrix read. Built once per build, linear in the number of `###` dimensions of all comparisons.
public struct DimensionCatalog: Sendable {
    /// A dimension gets a page (`dimensions/<slug>/`) only when at least this many comparisons have it:
    /// a page showing one comparison's row says nothing its comparison page does not, and at 100,000
    /// documents most dimension titles are used once. The others are found at their row.
    public static let minimumComparisonsForPage = 2

    /// Sorted by title (ignoring case), then slug.
    public let dimensions: [SiteDimension]
    /// For each document, for each of its dimensions, the index of the site dimension it belongs to
    /// (empty for plain pages).
    public let membership: [[Int]]

    /// - Parameter synonyms: a dimension's name -> other titles documents give it (`site.yml`'s
    ///   `dimension_synonyms`). A title claimed by two names goes to the first name in sorting order.
    public init(documents: [Document], synonyms: [String: [String]] = [:]) {
        var canonical: [String: (slug: String, title: String)] = [:]
        for name in synonyms.keys.sorted() {
            let target = (slug: Slug.make(name, fallback: "dimension"), title: name)
            for title in [name] + (synonyms[name] ?? []) {
                let key = Slug.make(title, fallback: "dimension")
                if canonical[key] == nil { canonical[key] = target }
            }
        }
        let order = documents.indicesInListingOrder { $0.kind == .comparison }
        var indexBySlug: [String: Int] = [:]
        var slugs: [String] = []
        var occurrences: [[SiteDimension.Occurrence]] = []
        var titleCounts: [[String: Int]] = []
        var titles: [[String]] = []
        var covered: [Set<String>] = []
        var membership = [[Int]](repeating: [], count: documents.count)
        for documentIndex in order {
            let document = documents[documentIndex]
            for (dimensionIndex, dimension) in document.differences.enumerated() {
                let key = Slug.make(dimension.title, fallback: "dimension")
                let slug = canonical[key]?.slug ?? key
                let index: Int
                if let known = indexBySlug[slug] {
                    index = known
                } else {
                    index = slugs.count
                    indexBySlug[slug] = index
                    slugs.append(slug)
                    occurrences.append([])
                    titleCounts.append([:])
                    titles.append([])
                    covered.append([])
                }
                occurrences[index].append(.init(document: documentIndex, dimension: dimensionIndex))
                if titleCounts[index][dimension.title] == nil { titles[index].append(dimension.title) }
                titleCounts[index][dimension.title, default: 0] += 1
                for entry in dimension.entries { covered[index].insert(entry.subject) }
                membership[documentIndex].append(index)
            }
        }
        var canonicalTitles: [String: String] = [:]
        for target in canonical.values { canonicalTitles[target.slug] = target.title }
        let unsorted = slugs.indices.map { index in
            let title = canonicalTitles[slugs[index]]
                ?? titleCounts[index].max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? slugs[index]
            // Occurrences are in document order, so a comparison's are next to each other.
            let comparisons = occurrences[index].indices.filter { $0 == 0 || occurrences[index][$0 - 1].document != occurrences[index][$0].document }.count
            var dimension = SiteDimension(slug: slugs[index], title: title, occurrences: occurrences[index],
                                          subjectsCovered: covered[index].sorted(), comparisonCount: comparisons)
            dimension.titles = titles[index]
            return dimension
        }
        let sortedIndices = unsorted.indices.sorted {
            (unsorted[$0].title.lowercased(), unsorted[$0].slug) < (unsorted[$1].title.lowercased(), unsorted[$1].slug)
        }
        var newIndex = [Int](repeating: 0, count: unsorted.count)
        for (position, old) in sortedIndices.enumerated() { newIndex[old] = position }
        dimensions = sortedIndices.map { unsorted[$0] }
        self.membership = membership.map { $0.map { newIndex[$0] } }
    }

    /// The site dimension of a document's dimension.
    public func dimension(document: Int, dimension: Int) -> SiteDimension? {
        guard document < membership.count, dimension < membership[document].count else { return nil }
        return dimensions[membership[document][dimension]]
    }
}
