import Diagnostics
import Foundation

/// How the checker behaves. Plain values, so a command line, a build step or a test can fill them in.
public struct LinkCheckOptions: Sendable, Hashable {
    /// The path prefix the site is served under, such as `/docs/`. Root-absolute links must start with it;
    /// it is stripped before the file lookup. `nil` or `/` means the site is served from the host's root.
    public var basePath: String?
    /// Check `http`, `https` and protocol-relative links over the network. Off by default so a build never
    /// depends on the network.
    public var checkExternal: Bool
    /// Regular expressions (NSRegularExpression syntax); an external URL matching any of them is skipped.
    public var excludePatterns: [String]
    /// Seconds one external URL may take, retries and their delays included.
    public var timeout: Double
    /// Extra attempts after a timeout, a network error, a 429 or a 5xx answer.
    public var retries: Int
    /// Seconds before the first retry; doubles on each further retry.
    public var retryBaseDelay: Double
    /// Requests in flight at once.
    public var maxConcurrentRequests: Int
    /// Bytes of an external HTML page read to look up a fragment in it.
    public var maximumExternalBodyBytes: Int
    /// The file a host serves for a folder URL (`dir/`), such as `index.html` or `index.htm`.
    public var directoryIndex: String

    public init(
        basePath: String? = nil,
        checkExternal: Bool = false,
        excludePatterns: [String] = [],
        timeout: Double = 10,
        retries: Int = 2,
        retryBaseDelay: Double = 0.5,
        maxConcurrentRequests: Int = 8,
        directoryIndex: String = "index.html",
        maximumExternalBodyBytes: Int = 4 << 20
    ) {
        self.maximumExternalBodyBytes = maximumExternalBodyBytes
        self.basePath = basePath
        self.checkExternal = checkExternal
        self.excludePatterns = excludePatterns
        self.timeout = timeout
        self.retries = retries
        self.retryBaseDelay = retryBaseDelay
        self.maxConcurrentRequests = maxConcurrentRequests
        self.directoryIndex = directoryIndex
    }
}

/// One URL-bearing attribute value found in a page (for `srcset`, one candidate).
public struct Reference: Sendable, Hashable, Codable {
    /// Path of the page relative to the site folder, `/`-separated.
    public var page: String
    public var line: Int
    public var column: Int
    /// Lower-case element name, such as `a` or `img`.
    public var element: String
    /// Lower-case attribute name, such as `href` or `srcset`; `content` for a meta refresh.
    public var attribute: String
    /// The URL as written in the page, after HTML character references are decoded.
    public var target: String

    public init(page: String, line: Int, column: Int, element: String, attribute: String, target: String) {
        self.page = page
        self.line = line
        self.column = column
        self.element = element
        self.attribute = attribute
        self.target = target
    }
}

/// An `id` attribute (or `a[name]`) where it was defined, kept so duplicates can name both places.
public struct AnchorDefinition: Sendable, Hashable, Codable {
    public var name: String
    public var line: Int
    public var column: Int
    /// `true` for `a[name]`, which is a fragment target but may legally repeat an `id`.
    public var isNameAttribute: Bool
}

/// Everything the checker needs from one parsed page. The HTML itself is not kept.
public struct PageLinks: Sendable, Hashable {
    public var page: String
    /// Every `id` and `a[name]`, in document order.
    public var anchors: [AnchorDefinition]
    /// Every link and resource reference, in document order; `<base href>` is not among them.
    public var references: [Reference]
    /// The first `<base href>` of the page; it changes how relative references resolve.
    public var base: Reference?
    /// Set when the file is not valid UTF-8 or holds NUL bytes: such a page is reported, not parsed.
    public var unreadableReason: String?
    /// The `name` and `id` of every `<map>`, the targets of `img[usemap]`.
    public var mapNames: Set<String> = []
    /// References inside an element with `data-versus-ignore` or `data-proofer-ignore` (or under one).
    public var ignoredReferenceCount = 0
    /// Where the page first nests deeper than `maximumNestingDepth`; it was parsed only up to there.
    public var tooDeep: SourcePosition?

    public init(page: String, anchors: [AnchorDefinition] = [], references: [Reference] = [],
                base: Reference? = nil, unreadableReason: String? = nil) {
        self.page = page
        self.anchors = anchors
        self.references = references
        self.base = base
        self.unreadableReason = unreadableReason
    }
}

/// Why a problem was reported. The raw values are stable: the JSON output and tests use them.
public enum ProblemKind: String, Sendable, Hashable, Codable, CaseIterable {
    case missingFile = "missing-file"
    case folderWithoutIndex = "folder-without-index"
    case missingFragment = "missing-fragment"
    case leavesSiteRoot = "leaves-site-root"
    case outsideBasePath = "outside-base-path"
    case emptyLink = "empty-link"
    case emptyMailto = "empty-mailto"
    case invalidMailto = "invalid-mailto"
    case emptyTel = "empty-tel"
    case forbiddenScheme = "forbidden-scheme"
    case badBase = "bad-base"
    case badUsemap = "bad-usemap"
    case externalStatus = "external-status"
    case externalFailure = "external-failure"
    case externalMissingFragment = "external-missing-fragment"
    case duplicateId = "duplicate-id"
    case invalidId = "invalid-id"
    case unreadablePage = "unreadable-page"
    case orphanPage = "orphan-page"
    case nestingTooDeep = "nesting-too-deep"

    /// Link problems print as `broken link 'target': reason`; the others describe the page itself.
    public var isBrokenLink: Bool {
        switch self {
        case .duplicateId, .invalidId, .unreadablePage, .orphanPage, .nestingTooDeep: false
        default: true
        }
    }
}

/// One problem the checker found: a `Diagnostic` (the project's one vocabulary for messages: severity, the page
/// as its file, line and column, the message), plus what tools and tests need to tell problems apart without
/// reading the message: its kind and the target as written.
public struct LinkProblem: Sendable, Hashable {
    /// `file` is the page relative to the site folder; no position when the problem concerns the whole page
    /// (an orphan, an unreadable file). The message is what follows the location in the text report:
    /// `broken link 'target': reason`, `duplicate id 'x': reason`, `orphan page: reason`...
    public let diagnostic: Diagnostic
    public let kind: ProblemKind
    /// The link as written (one candidate for `srcset`), or the id for id problems; empty otherwise.
    public let target: String
    /// The message without its prefix, as the JSON report gives it.
    public let reason: String

    /// `line` 0 means the whole page.
    public init(page: String, line: Int, column: Int, target: String, kind: ProblemKind, reason: String,
                severity: Severity = .error) {
        self.kind = kind
        self.target = target
        self.reason = reason
        let message: String
        switch kind {
        case .duplicateId: message = "duplicate id '\(target)': \(reason)"
        case .invalidId: message = "invalid id '\(target)': \(reason)"
        case .unreadablePage: message = "unreadable page: \(reason)"
        case .orphanPage: message = "orphan page: \(reason)"
        case .nestingTooDeep: message = "nesting too deep: \(reason)"
        default: message = "broken link '\(target)': \(reason)"
        }
        diagnostic = Diagnostic(severity, file: page,
                                position: line > 0 ? SourcePosition(line: line, column: column) : nil, message)
    }

    public var page: String { diagnostic.file }
    /// 0 when the problem concerns the whole page.
    public var line: Int { diagnostic.line ?? 0 }
    public var column: Int { diagnostic.column ?? 0 }
    public var severity: Severity { diagnostic.severity }
}

public struct LinkCheckReport: Sendable, Hashable {
    public var pageCount: Int
    /// References found, every `srcset` candidate counted, `<base>` not counted.
    public var linkCount: Int
    /// Problems with severity error, sorted by page, line, column, target.
    public var problems: [LinkProblem]
    /// Pages nothing links to, sorted; each also appears in `notes`.
    public var orphans: [String]
    public var notes: [LinkProblem]
    /// External links not checked (no `--external`, or excluded).
    public var skippedExternalCount: Int
    /// `data:`, `tel:`, `mailto:` with an address and other schemes that are not fetched.
    public var skippedOtherCount: Int
    /// References not checked because of `data-versus-ignore` or `data-proofer-ignore`; not in `linkCount`.
    public var ignoredCount: Int

    public init(pageCount: Int, linkCount: Int, problems: [LinkProblem], orphans: [String], notes: [LinkProblem],
                skippedExternalCount: Int, skippedOtherCount: Int, ignoredCount: Int = 0) {
        self.ignoredCount = ignoredCount
        self.pageCount = pageCount
        self.linkCount = linkCount
        self.problems = problems
        self.orphans = orphans
        self.notes = notes
        self.skippedExternalCount = skippedExternalCount
        self.skippedOtherCount = skippedOtherCount
    }

    /// Every problem and note as the project's `Diagnostic`, in the order of the text report, for a caller that
    /// gathers the diagnostics of a whole build (their `file` is relative to the site folder).
    public var diagnostics: [Diagnostic] { orderedForDisplay.map(\.diagnostic) }

    /// Problems and notes by page, line, column, target, kind: the text report's order.
    var orderedForDisplay: [LinkProblem] {
        (problems + notes).sorted {
            ($0.page, $0.line, $0.column, $0.target, $0.kind.rawValue)
                < ($1.page, $1.line, $1.column, $1.target, $1.kind.rawValue)
        }
    }

    /// Broken links (the `K broken` of the summary).
    public var brokenLinkCount: Int { problems.filter { $0.kind.isBrokenLink }.count }
    /// Duplicate or invalid ids and unreadable pages: errors that are not links.
    public var pageErrorCount: Int { problems.count - brokenLinkCount }
    public var hasErrors: Bool { !problems.isEmpty }
}

public enum LinkCheckError: Error, Sendable, Equatable, CustomStringConvertible {
    case notADirectory(String)
    case invalidExcludePattern(String)
    case unreadableDirectory(String)
    case invalidDirectoryIndex(String)

    public var description: String {
        switch self {
        case .notADirectory(let path): "'\(path)' is not a folder"
        case .invalidExcludePattern(let pattern): "--exclude '\(pattern)' is not a valid regular expression"
        case .unreadableDirectory(let path): "cannot list the files of '\(path)'"
        case .invalidDirectoryIndex(let name):
            "--directory-index '\(name)' must be a file name (not empty, no '/', not '.' or '..')"
        }
    }
}
