/// Site-wide settings from the optional `site.yml`. Everything works without it.
public struct SiteConfig: Sendable, Hashable {
    public var title = "Versus"
    public var description = "Side-by-side comparisons of products and services."
    /// Absolute URL the site is published at, e.g. `https://example.org/docs/`; needed for the sitemap.
    public var baseURL: String?
    public var language = "en"
    /// Let raw HTML in Markdown through to the pages. Off by default (cmark's safe mode).
    public var unsafeHTML = false
    /// At most this many subjects in one comparison (`max_subjects`); see `InputLimits.maximumSubjects`.
    public var maximumSubjects = 12
    /// The site's own product (`product`), the implied first subject of a title such as
    /// "Comparison with Linkerd, Cilium" on that product's documentation site.
    public var product: String?
    /// `search: full`: pages are marked for Pagefind, which indexes the built site for full-text search.
    /// The quick find (`search: quick`, the default) is always there.
    public var fullTextSearch = false
    /// `dimension_synonyms`: a dimension's name for the site -> other titles documents give it
    /// ("Pricing": ["Cost", "Price"]), so dimension pages gather them as one.
    public var dimensionSynonyms: [String: [String]] = [:]
    /// `stale_after` in days: a comparison reviewed longer ago than this is a warning.
    public var staleAfterDays: Int?
    /// When the sitemap is split into several files: the protocol's limits, not a `site.yml` setting
    /// (tests lower them to split a small site).
    public var sitemapLimits = SitemapLimits()

    public init() {}
}
