import ComparisonModel

/// `sitemap.xml`, and the files it is split into when the site outgrows one.
///
/// The sitemaps protocol allows at most 50,000 URLs and 50 MB (uncompressed) per file. A site within
/// both gets one `sitemap.xml` (the `sitemap` template); a larger one gets `sitemap-1.xml`,
/// `sitemap-2.xml`, ... (the same template, each within both limits) and a `sitemap.xml` that is a
/// `<sitemapindex>` naming them (the `sitemap-index` template), which is what `robots.txt` points to.
public struct SitemapLimits: Sendable, Hashable {
    /// URLs in one file at most.
    public var urls = 50_000
    /// Bytes of one file at most, uncompressed (50 MiB, as sitemaps.org counts them).
    public var bytes = 52_428_800

    public init() {}
}

/// The sitemap's URLs, sorted, and how they are split into files: worked out once per build, since the
/// list of pages (how many sitemap files) and each file's page read it.
struct SitemapPlan: Sendable {
    var entries: [SitemapEntryView] = []
    /// One range of `entries` per file; one range (or none, without a base URL) is a single `sitemap.xml`.
    var parts: [Range<Int>] = []

    /// Bytes the default template writes around an entry's location and date: `<url><loc></loc>`,
    /// `<lastmod></lastmod>`, `</url>` and a newline; and around the whole file (XML declaration,
    /// `<urlset ...>` and its end). A theme's own template may write more: the byte limit keeps a margin.
    static let entryMarkupBytes = 64
    static let fileMarkupBytes = 1024

    init() {}

    /// `paths`: site paths with their `YYYY-MM-DD` date or `""`. `splittable`: the theme has the
    /// `sitemap-index` template (without it, one file whatever its size).
    init(paths: [(path: String, lastmod: String)], base: String, limits: SitemapLimits, splittable: Bool) {
        let sorted = paths.sorted { $0.path < $1.path }
        entries = sorted.map {
            SitemapEntryView(location: SiteURL.absolute($0.path, base: base), lastmod: $0.lastmod, hasLastmod: !$0.lastmod.isEmpty)
        }
        guard splittable else {
            parts = [entries.indices]
            return
        }
        // Greedy: a file takes entries until the next would pass either limit. A single entry larger than
        // the byte limit still gets a file of its own rather than none.
        var start = 0, bytes = Self.fileMarkupBytes
        for (index, entry) in entries.enumerated() {
            let size = Self.estimatedBytes(entry)
            if index > start && (index - start >= limits.urls || bytes + size > limits.bytes) {
                parts.append(start..<index)
                start = index
                bytes = Self.fileMarkupBytes
            }
            bytes += size
        }
        parts.append(start..<entries.count)
    }

    /// The bytes an entry takes in the file: its text escaped (each of `&<>"'` may become up to six
    /// bytes) plus the markup around it.
    static func estimatedBytes(_ entry: SitemapEntryView) -> Int {
        var count = entry.lastmod.utf8.count + entryMarkupBytes
        for byte in entry.location.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): count += 6
            default: count += 1
            }
        }
        return count
    }

    /// More than one file: `sitemap.xml` is an index of them.
    var isSplit: Bool { parts.count > 1 }
}

extension SiteRenderer {
    /// `sitemap-<number>.xml`, numbered from 1.
    public static func sitemapPartPath(_ number: Int) -> String { "sitemap-\(number).xml" }

    /// Every page a search engine should know of, with its document date: home, documents, subjects,
    /// dimension pages and the dimensions index. The coverage matrix is left out: it is for editors (and
    /// carries `noindex`).
    static func sitemapPaths(model: SiteModel, catalog: DimensionCatalog, templates: TemplateSet) -> [(path: String, lastmod: String)] {
        var paths: [(path: String, lastmod: String)] = [("", "")]
        paths += model.documents.map { ($0.url, $0.updatedDate?.isoDay ?? "") }
        paths += model.subjects.map { ($0.url, "") }
        if templates.has("dimension") {
            for dimension in catalog.dimensions where dimension.hasPage {
                paths += (1...dimensionPageCount(dimension)).map { (dimensionPagePath(dimension.slug, page: $0), "") }
            }
        }
        if templates.has("dimensions") { paths.append((SiteLayout.dimensionsIndexURL, "")) }
        return paths
    }

    /// `sitemap.xml` when the site fits in one file: every entry.
    func sitemapView() -> SitemapView {
        SitemapView(entries: sitemap.entries)
    }

    /// One of the files a large site's sitemap is split into (`number` from 1).
    func sitemapPartView(_ number: Int) -> SitemapView {
        guard sitemap.parts.indices.contains(number - 1) else { return SitemapView(entries: []) }
        return SitemapView(entries: Array(sitemap.entries[sitemap.parts[number - 1]]))
    }

    /// `sitemap.xml` of a split sitemap: each file's absolute URL, dated by the newest page it lists.
    func sitemapIndexView() -> SitemapIndexView {
        let base = config.baseURL ?? ""
        return SitemapIndexView(sitemaps: sitemap.parts.enumerated().map { offset, range in
            // `YYYY-MM-DD` sorts as text.
            let newest = sitemap.entries[range].map(\.lastmod).max() ?? ""
            return SitemapEntryView(location: SiteURL.absolute(Self.sitemapPartPath(offset + 1), base: base),
                                    lastmod: newest, hasLastmod: !newest.isEmpty)
        })
    }

    var sitemapJobs: [PageJob] {
        guard config.baseURL != nil else { return [] }
        return [.sitemap] + (sitemap.isSplit ? sitemap.parts.indices.map { PageJob.sitemapPart($0 + 1) } : [])
    }
}
