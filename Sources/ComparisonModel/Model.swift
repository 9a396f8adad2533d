import Diagnostics
import MarkdownSyntax
import TextPrimitives

public enum DocumentKind: String, Sendable, Hashable, Codable {
    case comparison, page
}

public enum SectionKind: String, Sendable, Hashable, Codable {
    case introduction, differences, useCases, conclusion, other
}

/// A heading inside a section, with the id it gets on the page.
public struct Heading: Sendable, Hashable {
    public var level: Int
    public var title: String
    /// Empty when the title is plain text (one text node of exactly the title, which pages render again).
    public var inlines: [MarkdownNode]
    public var anchor: String
    public var position: SourcePosition?

    public init(level: Int, title: String, inlines: [MarkdownNode], anchor: String, position: SourcePosition?) {
        self.level = level
        self.title = title
        self.inlines = inlines
        self.anchor = anchor
        self.position = position
    }
}

/// A section's body in document order: headings (which get ids) and the Markdown blocks between them.
public enum SectionBlock: Sendable, Hashable {
    case heading(Heading)
    case markdown(MarkdownNode)
}

/// A `##` section (or the text before the first `##`, as an untitled introduction).
public struct Section: Sendable, Hashable {
    public var kind: SectionKind
    /// Empty for the untitled text between the document title and its first `##` heading.
    public var title: String
    /// Empty when the title is plain text (one text node of exactly the title, which pages render again).
    public var titleInlines: [MarkdownNode]
    public var anchor: String
    public var position: SourcePosition?
    public var blocks: [SectionBlock]
    /// In a document that compares several pairs, the slug of the comparison this `## A vs. B`
    /// section also became (`Document.partOf`); the page links it from the section's heading.
    public var pairComparison: String?

    public init(kind: SectionKind, title: String, titleInlines: [MarkdownNode], anchor: String,
                position: SourcePosition?, blocks: [SectionBlock], pairComparison: String? = nil) {
        self.kind = kind
        self.title = title
        self.titleInlines = titleInlines
        self.anchor = anchor
        self.position = position
        self.blocks = blocks
        self.pairComparison = pairComparison
    }
}

/// What one subject says on one dimension.
public struct DifferenceEntry: Sendable, Hashable, HasTextAndHTML {
    /// The subject's slug.
    public var subject: String
    /// The entry as it reads and as a page shows it (`text`, `html`).
    public var body: TextAndHTML
    /// The entry's content without its label: inline markup and nested blocks kept. Only kept when
    /// the document links within the site (`Document.linksWithinSite`): pages then render it again
    /// with the links rewritten, or when it holds a code block, rendered again to highlight it.
    /// Otherwise `html` is final and this is empty, which keeps the model
    /// (held whole until every page is written) about a quarter smaller.
    public var content: [MarkdownNode]
    public var position: SourcePosition?
    /// The yes/no/partial mark the entry starts with (a feature matrix's `✓`, `No`, `:x:`), as a value.
    public var mark: EntryMark?

    public init(subject: String, text: String, html: String, content: [MarkdownNode], position: SourcePosition?,
                mark: EntryMark? = nil) {
        self.subject = subject
        body = TextAndHTML(text: text, html: html)
        self.content = content
        self.position = position
        self.mark = mark
    }
}

/// A feature matrix's mark, kept as a value in the model (`model.json`'s `mark`).
public enum EntryMark: String, Sendable, Hashable, Codable {
    case yes, no, partial
}

/// One `###` heading of the differences section: a row of the comparison table.
public struct DifferenceDimension: Sendable, Hashable {
    /// Unique within the document; the table row's id.
    public var slug: String
    public var title: String
    /// Empty when the title is plain text (one text node of exactly the title, which pages render again).
    public var titleInlines: [MarkdownNode]
    public var position: SourcePosition?
    /// In document order; at most one per subject.
    public var entries: [DifferenceEntry]

    public init(slug: String, title: String, titleInlines: [MarkdownNode], position: SourcePosition?, entries: [DifferenceEntry]) {
        self.slug = slug
        self.title = title
        self.titleInlines = titleInlines
        self.position = position
        self.entries = entries
    }

    /// Where the subject's entry is in `entries`, for reading its fields in place: `first(where:)`
    /// copied every entry it looked at, a reference count per field.
    public func entryIndex(for subject: String) -> Int? {
        for index in entries.indices where entries[index].subject == subject { return index }
        return nil
    }
}

public struct UseCase: Sendable, Hashable, HasTextAndHTML {
    /// The subject's slug.
    public var subject: String
    /// `nil` when the item has no bold lead.
    public var title: String?
    /// Empty when the title is plain text (one text node of exactly the title, which pages render again).
    public var titleInlines: [MarkdownNode]
    /// The description without the title, as it reads (`text`) and as a page shows it (`html`).
    public var body: TextAndHTML
    /// The description's Markdown; kept only when the document links within the site, as
    /// `DifferenceEntry.content`.
    public var description: [MarkdownNode]
    /// Unique within the document; the use case's id on the page.
    public var anchor: String
    public var position: SourcePosition?

    public init(subject: String, title: String?, titleInlines: [MarkdownNode], text: String, html: String,
                description: [MarkdownNode], anchor: String, position: SourcePosition?) {
        self.subject = subject
        self.title = title
        self.titleInlines = titleInlines
        body = TextAndHTML(text: text, html: html)
        self.description = description
        self.anchor = anchor
        self.position = position
    }
}

/// A `###` subject heading of the use cases section, with the id it gets on the page.
public struct UseCaseGroup: Sendable, Hashable {
    /// The subject's slug.
    public var subject: String
    public var anchor: String
    public var position: SourcePosition?
    /// The `###` heading as written when it says more than the name ("When to choose Kafka"): the
    /// page shows it over the subject's use cases, so none of the author's words are lost.
    public var heading: String?

    public init(subject: String, anchor: String, position: SourcePosition?, heading: String? = nil) {
        self.subject = subject
        self.anchor = anchor
        self.position = position
        self.heading = heading
    }
}

public struct SubjectReference: Sendable, Hashable, Codable {
    public var slug: String
    public var name: String

    public init(slug: String, name: String) {
        self.slug = slug
        self.name = name
    }
}

/// A Markdown link found in a document, kept so the site can rewrite and check it: the link as the
/// parser noted it.
public typealias DocumentLink = LinkOccurrence

extension DocumentLink {
    /// A link the site rewrites for each page: no scheme and not protocol-relative (`other.md#x`,
    /// `#anchor`, `../a.md`).
    public var pointsWithinSite: Bool { Self.pointsWithinSite(url) }

    public static func pointsWithinSite(_ url: String) -> Bool {
        !URLScheme.isPresent(in: url) && !url.hasPrefix("//")
    }
}

/// The document a comparison was read from when that document compares several pairs: the
/// comparison is one of its `## A vs. B` sections, and links back to it.
public struct HubReference: Sendable, Hashable {
    /// The document's slug; its page (a plain page) keeps every section as written.
    public var slug: String
    public var title: String
    /// The anchor of the pair's section on that page.
    public var sectionAnchor: String

    public init(slug: String, title: String, sectionAnchor: String) {
        self.slug = slug
        self.title = title
        self.sectionAnchor = sectionAnchor
    }

    public var url: String { SiteLayout.documentURL(slug: slug, kind: .page) }
}

/// One document of the site. A value type, with its fields behind one reference: copying a document
/// (the model's array is copied when a rebuild replaces one document; pages pass documents about) is
/// then one reference count, not one per field. Every write goes through `_modify`, which copies the
/// fields first when another document shares them, so documents behave as plain values.
public struct Document: Sendable, Hashable {
    private struct Fields: Hashable {
        var slug: String
        var source: String
        var contentPath: String
        var title: String
        var titleInlines: [MarkdownNode]
        var titlePosition: SourcePosition?
        var kind: DocumentKind
        var language: String?
        var draft: Bool
        var summary: String
        var updatedDate: DocumentDate?
        var reviewed: DocumentDate?
        var subjects: [SubjectReference]
        var sections: [Section]
        var differences: [DifferenceDimension]
        var useCases: [UseCase]
        var useCaseGroups: [UseCaseGroup]
        var anchors: [String]
        var links: [DocumentLink]
        var dimensionsHeading: String?
        var partOf: HubReference?
        /// Relative to the site root, ending in `/`. Stored, not computed: pages ask for it tens of
        /// thousands of times; kept in step with `slug` and `kind` by their setters.
        var url: String
    }

    private final class Storage: @unchecked Sendable {
        // `@unchecked`: `fields` is written only through a `Document` that holds the sole reference.
        // For the same reason no read can overlap a write, so the run-time exclusivity check of a class
        // property (a call on every field read, about 1 % of a build's instructions) is left out.
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var storage: Storage

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
    }

    public static func == (a: Document, b: Document) -> Bool {
        a.storage === b.storage || a.storage.fields == b.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        storage.fields.hash(into: &hasher)
    }

    public var slug: String {
        get { storage.fields.slug }
        set {
            makeUnique()
            storage.fields.slug = newValue
            storage.fields.url = SiteLayout.documentURL(slug: newValue, kind: storage.fields.kind)
        }
    }

    public var kind: DocumentKind {
        get { storage.fields.kind }
        set {
            makeUnique()
            storage.fields.kind = newValue
            storage.fields.url = SiteLayout.documentURL(slug: storage.fields.slug, kind: newValue)
        }
    }

    /// Relative to the site root, ending in `/`.
    public var url: String { storage.fields.url }

    /// Path relative to the project, e.g. `content/a-vs-b.md`.
    public var source: String {
        get { storage.fields.source }
        _modify {
            makeUnique()
            yield &storage.fields.source
        }
    }

    /// Path relative to the content folder, e.g. `a-vs-b.md`; what Markdown links between documents name.
    public var contentPath: String {
        get { storage.fields.contentPath }
        _modify {
            makeUnique()
            yield &storage.fields.contentPath
        }
    }

    public var title: String {
        get { storage.fields.title }
        _modify {
            makeUnique()
            yield &storage.fields.title
        }
    }

    public var titleInlines: [MarkdownNode] {
        get { storage.fields.titleInlines }
        _modify {
            makeUnique()
            yield &storage.fields.titleInlines
        }
    }

    public var titlePosition: SourcePosition? {
        get { storage.fields.titlePosition }
        _modify {
            makeUnique()
            yield &storage.fields.titlePosition
        }
    }

    public var language: String? {
        get { storage.fields.language }
        _modify {
            makeUnique()
            yield &storage.fields.language
        }
    }

    public var draft: Bool {
        get { storage.fields.draft }
        _modify {
            makeUnique()
            yield &storage.fields.draft
        }
    }

    public var summary: String {
        get { storage.fields.summary }
        _modify {
            makeUnique()
            yield &storage.fields.summary
        }
    }

    /// When the document was last updated, as a date (front matter `updated`, else `lastmod`, else
    /// `date`; front matter dates are checked, so a written one always parses).
    public var updatedDate: DocumentDate? {
        get { storage.fields.updatedDate }
        _modify {
            makeUnique()
            yield &storage.fields.updatedDate
        }
    }

    /// When someone last checked the comparison still holds (front matter `reviewed`).
    public var reviewed: DocumentDate? {
        get { storage.fields.reviewed }
        _modify {
            makeUnique()
            yield &storage.fields.reviewed
        }
    }

    public var subjects: [SubjectReference] {
        get { storage.fields.subjects }
        _modify {
            makeUnique()
            yield &storage.fields.subjects
        }
    }

    public var sections: [Section] {
        get { storage.fields.sections }
        _modify {
            makeUnique()
            yield &storage.fields.sections
        }
    }

    public var differences: [DifferenceDimension] {
        get { storage.fields.differences }
        _modify {
            makeUnique()
            yield &storage.fields.differences
        }
    }

    public var useCases: [UseCase] {
        get { storage.fields.useCases }
        _modify {
            makeUnique()
            yield &storage.fields.useCases
        }
    }

    public var useCaseGroups: [UseCaseGroup] {
        get { storage.fields.useCaseGroups }
        _modify {
            makeUnique()
            yield &storage.fields.useCaseGroups
        }
    }

    /// Every id the document's page carries for its own content (headings, rows, use cases).
    public var anchors: [String] {
        get { storage.fields.anchors }
        _modify {
            makeUnique()
            yield &storage.fields.anchors
        }
    }

    public var links: [DocumentLink] {
        get { storage.fields.links }
        _modify {
            makeUnique()
            yield &storage.fields.links
        }
    }

    /// What the author's comparison table calls its dimensions' column (`| Criterion | A | B |`), if it has one.
    public var dimensionsHeading: String? {
        get { storage.fields.dimensionsHeading }
        _modify {
            makeUnique()
            yield &storage.fields.dimensionsHeading
        }
    }

    /// Set on a comparison read from one pair section of a document that compares several pairs: it
    /// shares that document's `source` and `contentPath` (links to the file name the document itself).
    public var partOf: HubReference? {
        get { storage.fields.partOf }
        _modify {
            makeUnique()
            yield &storage.fields.partOf
        }
    }

    /// When the document was last updated, as front matter writes it (`updated`, else `lastmod`, else `date`).
    public var updated: String? { updatedDate?.text }
    /// Whether pages must render this document's Markdown again to rewrite its links.
    public var linksWithinSite: Bool { links.contains { $0.pointsWithinSite } }

    public init(slug: String, source: String, contentPath: String, title: String, titleInlines: [MarkdownNode],
                titlePosition: SourcePosition?, kind: DocumentKind, language: String?, draft: Bool, summary: String,
                subjects: [SubjectReference], sections: [Section], differences: [DifferenceDimension],
                useCases: [UseCase], anchors: [String], links: [DocumentLink], useCaseGroups: [UseCaseGroup] = [],
                updated: DocumentDate? = nil, reviewed: DocumentDate? = nil) {
        storage = Storage(Fields(
            slug: slug, source: source, contentPath: contentPath, title: title, titleInlines: titleInlines,
            titlePosition: titlePosition, kind: kind, language: language, draft: draft, summary: summary,
            updatedDate: updated, reviewed: reviewed, subjects: subjects, sections: sections, differences: differences,
            useCases: useCases, useCaseGroups: useCaseGroups, anchors: anchors, links: links, dimensionsHeading: nil,
            partOf: nil, url: SiteLayout.documentURL(slug: slug, kind: kind)))
    }
}

/// A product compared somewhere. The same product named in two documents is one subject.
public struct Subject: Sendable, Hashable {
    public var slug: String { didSet { url = SiteLayout.subjectURL(slug: slug) } }
    public var name: String
    public var aliases: [String]
    /// Slugs of the documents it appears in, in site order.
    public var documents: [String]
    /// From an optional profile document `content/subjects/<slug>.md`.
    public var website: String?
    public var profileSource: String?
    public var profileBlocks: [MarkdownNode]

    public init(slug: String, name: String, aliases: [String], documents: [String], website: String? = nil,
                profileSource: String? = nil, profileBlocks: [MarkdownNode] = []) {
        self.slug = slug
        self.name = name
        self.aliases = aliases
        self.documents = documents
        self.website = website
        self.profileSource = profileSource
        self.profileBlocks = profileBlocks
        url = SiteLayout.subjectURL(slug: slug)
    }

    /// Relative to the site root, ending in `/`; stored and kept in step with `slug`, as `Document.url`.
    public private(set) var url: String
}

/// The whole site's content: what `versus model` prints and `model.json` holds.
public struct SiteModel: Sendable, Hashable {
    public static let version = 1
    public var documents: [Document]
    public var subjects: [Subject]
    public var diagnostics: [Diagnostic]
    /// Content paths of documents that exist but could not be built (an error in their front matter,
    /// encoding or size): links to them are that document's fault, reported there, not at every link.
    public var unbuiltDocuments: Set<String>
    /// Content paths of the files beside the documents (images, PDFs), published at the same path in
    /// the site: what relative image and file links in documents may name.
    public var contentFiles: Set<String> = []

    public init(documents: [Document], subjects: [Subject], diagnostics: [Diagnostic], unbuiltDocuments: Set<String> = []) {
        self.documents = documents
        self.subjects = subjects
        self.diagnostics = diagnostics
        self.unbuiltDocuments = unbuiltDocuments
    }

    public var comparisons: [Document] { documents.filter { $0.kind == .comparison } }

    public func subject(_ slug: String) -> Subject? { subjects.first { $0.slug == slug } }
}

/// Where each kind of page lives, relative to the site root. Model, renderer and JSON all ask here.
public enum SiteLayout {
    public static func documentURL(slug: String, kind: DocumentKind) -> String {
        switch kind {
        case .comparison: "compare/\(slug)/"
        case .page: "\(slug)/"
        }
    }

    public static func subjectURL(slug: String) -> String { "subjects/\(slug)/" }

    /// Top-level folders the site itself uses; a page slug may not take them.
    public static let reservedTopLevelNames: Set<String> = ["compare", "subjects", "assets", "index.html", "404.html",
                                                            "sitemap.xml", "model.json", "browse", "search", "dimensions", "coverage",
                                                            "robots.txt", "feed.xml"]

    public static func dimensionURL(slug: String) -> String { "dimensions/\(slug)/" }
    public static let dimensionsIndexURL = "dimensions/"
    public static let coverageURL = "coverage/"
}

extension Array where Element == Document {
    /// Indices of the documents in listing order: by title, then slug (unique, so the order is total).
    /// The keys are read once: through `Document`'s shared storage each read in a comparator was a
    /// reference count, n log n times.
    public func indicesInListingOrder(where include: (Document) -> Bool = { _ in true }) -> [Int] {
        let keys = map { (title: $0.title, slug: $0.slug) }
        return indices.filter { include(self[$0]) }.sorted { (keys[$0].title, keys[$0].slug) < (keys[$1].title, keys[$1].slug) }
    }
}
