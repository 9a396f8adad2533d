import Foundation
import ParallelWork
import TextPrimitives

/// Checks every link of a built site. Each page is parsed once (both cores), its ids and references kept as
/// values; then every reference is resolved against a map of the site's files.
public struct LinkChecker: Sendable {
    public let options: LinkCheckOptions

    public init(options: LinkCheckOptions = LinkCheckOptions()) {
        self.options = options
    }

    public func check(siteDirectory: String) throws -> LinkCheckReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: siteDirectory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw LinkCheckError.notADirectory(siteDirectory)
        }
        let index = options.directoryIndex
        guard !index.isEmpty, !index.contains("/"), index != ".", index != ".." else {
            throw LinkCheckError.invalidDirectoryIndex(index)
        }
        let excludes = try compileExcludes()
        let listing = try listSite(siteDirectory)
        var pages = parsePages(listing.htmlFiles, root: siteDirectory)
        let report = check(pages: pages, files: listing.files, folders: listing.folders, excludes: excludes)
        releaseOnEveryCore(&pages)
        return report
    }

    /// Everything after the file system: pages already parsed, checked against the site's files and folders
    /// (site-relative paths).
    func check(pages: [PageLinks], files: Set<String>, folders: Set<String>,
               excludes: [NSRegularExpression]) -> LinkCheckReport {
        let site = SiteMap(pages: pages, files: files, folders: folders, directoryIndex: options.directoryIndex)
        let basePath = normalizedBasePath(options.basePath)

        // Resolve in parallel too: resolution is pure, and on 10,000 pages it is a sixth of the work. Each
        // worker keeps its own cache of targets whose meaning does not depend on the page (`SharedTargets`).
        // Each worker also marks the pages its pages link to; the marks are merged once per worker, not once per
        // page. Workers take the next block of pages when they finish one, so none waits for another at the end,
        // and there is one worker (one cache) per core.
        let resolved = Locked<[PageResolution?]>(Array(repeating: nil, count: pages.count))
        let linkedByWorker = Locked<[[Bool]]>([])
        let nextBlock = Locked(0)
        let blockSize = 64
        let workers = max(1, min(pages.count, Parallelism.threads))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var shared = SharedTargets()
            var linked = [Bool](repeating: false, count: pages.count)
            while true {
                let start = nextBlock.withLock { next in defer { next += blockSize }; return next }
                guard start < pages.count else { break }
                var block: [(Int, PageResolution)] = []
                for index in start..<min(start + blockSize, pages.count) {
                    var result = resolvePage(pages[index], site: site, basePath: basePath, shared: &shared)
                    for group in result.linkedPages { for page in site.pageGroups[group] { linked[page] = true } }
                    result.linkedPages = []
                    block.append((index, result))
                }
                resolved.withLock { for (index, result) in block { $0[index] = result } }
            }
            linkedByWorker.withLock { $0.append(linked) }
        }
        let resolutions = resolved.withLock { $0 }.compactMap { $0 }
        var linked = [Bool](repeating: false, count: pages.count)
        for marks in linkedByWorker.withLock({ $0 }) {
            for (page, isLinked) in marks.enumerated() where isLinked { linked[page] = true }
        }

        var problems: [LinkProblem] = []
        var externalReferences: [(Reference, url: String, fragment: String?)] = []
        var skippedOther = 0
        for resolution in resolutions {
            problems += resolution.problems
            externalReferences += resolution.external
            skippedOther += resolution.skippedOther
        }

        var skippedExternal = 0
        var toFetch: [(Reference, url: String, fragment: String?)] = []
        for entry in externalReferences {
            let range = NSRange(entry.url.startIndex..., in: entry.url)
            if !options.checkExternal || excludes.contains(where: { $0.firstMatch(in: entry.url, range: range) != nil }) {
                skippedExternal += 1
            } else {
                toFetch.append(entry)
            }
        }
        problems += checkExternal(toFetch)

        let orphans = pages.indices.filter { !linked[$0] }.map { pages[$0].page }.filter { page in
            page != options.directoryIndex && page != "404.html"
        }.sorted()
        let notes = orphans.map {
            LinkProblem(page: $0, line: 0, column: 0, target: "", kind: .orphanPage,
                        reason: "no page links here", severity: .note)
        }
        return LinkCheckReport(
            pageCount: pages.count,
            linkCount: pages.reduce(0) { $0 + $1.references.count },
            problems: problems.sorted(by: problemOrder),
            orphans: orphans,
            notes: notes,
            skippedExternalCount: skippedExternal,
            skippedOtherCount: skippedOther,
            ignoredCount: pages.reduce(0) { $0 + $1.ignoredReferenceCount })
    }

    private func compileExcludes() throws -> [NSRegularExpression] {
        try options.excludePatterns.map { pattern in
            do {
                return try NSRegularExpression(pattern: pattern)
            } catch {
                throw LinkCheckError.invalidExcludePattern(pattern)
            }
        }
    }

    private func checkExternal(_ references: [(Reference, url: String, fragment: String?)]) -> [LinkProblem] {
        guard !references.isEmpty else { return [] }
        var requests: [String: Bool] = [:]
        for (_, url, fragment) in references {
            requests[url, default: false] = requests[url, default: false] || wantsFragmentCheck(fragment)
        }
        let checker = ExternalChecker(timeout: options.timeout, retries: max(0, options.retries),
                                      retryBaseDelay: options.retryBaseDelay,
                                      maxConcurrentRequests: options.maxConcurrentRequests,
                                      maximumBodyBytes: max(1, options.maximumExternalBodyBytes))
        let outcomes = checker.check(requests)
        var problems: [LinkProblem] = []
        for (reference, url, fragment) in references {
            func problem(_ kind: ProblemKind, _ reason: String) -> LinkProblem {
                LinkProblem(page: reference.page, line: reference.line, column: reference.column,
                            target: reference.target, kind: kind, reason: reason)
            }
            switch outcomes[url] ?? .failed("not checked") {
            case .reachable(let anchors, let truncatedAt):
                if let anchors, let fragment, wantsFragmentCheck(fragment), !fragmentMatches(fragment, anchors) {
                    let partly = truncatedAt.map { " (only its first \($0) bytes were read)" } ?? ""
                    problems.append(problem(.externalMissingFragment, "no id '\(fragment)' in the page" + partly))
                }
            case .httpStatus(let status):
                problems.append(problem(.externalStatus, "HTTP \(status)"))
            case .failed(let reason):
                problems.append(problem(.externalFailure, reason))
            }
        }
        return problems
    }
}

/// `#` and `#top` always work: browsers scroll to the top of the page.
func wantsFragmentCheck(_ fragment: String?) -> Bool {
    guard let fragment else { return false }
    return !fragment.isEmpty && fragment != "top"
}

/// Ids are case-sensitive. The fragment matches in its raw form (`id="a%3Ab"`) or percent-decoded (`id="für"`).
func fragmentMatches(_ fragment: String, _ anchors: Set<String>) -> Bool {
    if anchors.contains(fragment) { return true }
    if let decoded = percentDecode(Substring(fragment)), decoded != fragment {
        return anchors.contains(decoded)
    }
    return false
}

private func problemOrder(_ a: LinkProblem, _ b: LinkProblem) -> Bool {
    (a.page, a.line, a.column, a.target, a.kind.rawValue) < (b.page, b.line, b.column, b.target, b.kind.rawValue)
}

/// The site as the resolver sees it: every file and folder, and the anchors of every page.
struct SiteMap: Sendable {
    var files: Set<String>
    var folders: Set<String>
    var anchors: [String: Set<String>]
    /// The pages (by number: their index in the pages given) of each path as listed, by group: a link to a
    /// file counts every page of its group as linked (orphans are the pages nothing links to). A group holds
    /// the paths Swift takes for one string (`café` in NFC and in NFD), as the set of linked names did.
    var pageGroups: [[Int]]
    var pageGroupOfPath: [String: Int]
    /// What a folder URL serves: `index.html` unless `--directory-index` says otherwise.
    var directoryIndex: String

    init(pages: [PageLinks], files: Set<String>, folders: Set<String>, directoryIndex: String = "index.html") {
        self.directoryIndex = directoryIndex
        self.files = Set(files.map(\.canonicalComposition))
        self.folders = Set(folders.map(\.canonicalComposition))
        // Each page's set of ids made on every core; only the two tables are filled on one.
        let pageAnchors = pages.parallelMap { page in (page.page.canonicalComposition, Set(page.anchors.map(\.name))) }
        var anchors: [String: Set<String>] = [:]
        anchors.reserveCapacity(pages.count)
        var pageGroups: [[Int]] = []
        var pageGroupOfPath: [String: Int] = [:]
        pageGroupOfPath.reserveCapacity(pages.count)
        for (number, page) in pages.enumerated() {
            anchors[pageAnchors[number].0] = pageAnchors[number].1
            if let group = pageGroupOfPath[page.page] {
                pageGroups[group].append(number)
            } else {
                pageGroupOfPath[page.page] = pageGroups.count
                pageGroups.append([number])
            }
        }
        self.anchors = anchors
        self.pageGroups = pageGroups
        self.pageGroupOfPath = pageGroupOfPath
    }

    enum Lookup: Equatable {
        case file(String)
        case problem(ProblemKind, String)
    }

    /// Finds the file a local path names. A folder means its index file, with or without the trailing slash
    /// (static hosts answer `dir` with a redirect to `dir/`).
    func lookup(path: String, isFolderForm: Bool) -> Lookup {
        if !isFolderForm, files.contains(path) {
            return .file(path)
        }
        let isFolder = path.isEmpty || folders.contains(path)
        if isFolder {
            let index = path.isEmpty ? directoryIndex : path + "/" + directoryIndex
            return files.contains(index)
                ? .file(index)
                : .problem(.folderWithoutIndex,
                           "folder '\(path.isEmpty ? "/" : path + "/")' has no \(directoryIndex)")
        }
        if isFolderForm, files.contains(path) {
            return .problem(.missingFile, "'\(path)' is a file, not a folder")
        }
        return .problem(.missingFile, "file '\(path)' not found")
    }
}

/// What one page's references resolved to.
struct PageResolution: Sendable {
    var problems: [LinkProblem] = []
    /// The pages linked from this one, by group (`SiteMap.pageGroups`), its own group not included.
    var linkedPages: Set<Int> = []
    var external: [(Reference, url: String, fragment: String?)] = []
    var skippedOther = 0
}

/// Targets that climb out of the page's whole folder (`../../subjects/x/` from `compare/a/index.html`)
/// resolve the same from every page at that depth, and most links of a generated site are such: they are
/// resolved, looked up and their fragment checked once per depth, not once per page. A link then costs one
/// dictionary lookup; resolving, looking up the file, its anchors and the fragment each hashed a string
/// again for every one of a site's million links.
struct SharedTargets {
    struct Key: Hashable {
        var depth: Int
        var target: String
    }

    struct Entry {
        var outcome: LinkOutcome
        /// The last page (`SharedTargets.page`) that met this target: its file is noted as linked once a page.
        var lastPage = -1
    }

    var numbers: [Key: Int] = [:]
    var entries: [Entry] = []
    /// Counts the pages resolved with this cache, to note each linked file once per page.
    var page = 0

    /// Whether `target` starts with at least `depth` `../` segments, so that no folder name of the page counts.
    static func isIndependentOfFolder(_ target: String, depth: Int) -> Bool {
        var target = target
        return target.withUTF8 { bytes in
            guard bytes.count >= 3 * depth else { return false }
            for level in 0..<depth where bytes[3 * level] != UInt8(ascii: ".") || bytes[3 * level + 1] != UInt8(ascii: ".")
                || bytes[3 * level + 2] != UInt8(ascii: "/") {
                return false
            }
            return true
        }
    }
}

/// What a resolved reference means for the page it is on; the same for every page whose folder does not
/// change the target's meaning (`SharedTargets`).
enum LinkOutcome {
    case problem(ProblemKind, String)
    case skipped
    case external(url: String, fragment: String?)
    /// A file of the site; `page` is its group when it is a page (`SiteMap.pageGroups`), and
    /// `missingFragment` the reason when the fragment names no id of that page.
    case file(String, page: Int?, missingFragment: String?)

    init(_ resolved: ResolvedTarget, site: SiteMap) {
        switch resolved {
        case .problem(let kind, let reason):
            self = .problem(kind, reason)
        case .skipped:
            self = .skipped
        case .external(let url):
            var withoutFragment = Substring(url)
            var fragment: String?
            if let hash = withoutFragment.firstIndex(of: "#") {
                fragment = String(withoutFragment[withoutFragment.index(after: hash)...])
                withoutFragment = withoutFragment[..<hash]
            }
            self = .external(url: String(withoutFragment), fragment: fragment)
        case .local(let path, let isFolderForm, let fragment):
            let lookup = site.lookup(path: path, isFolderForm: isFolderForm)
            self.init(lookup, anchors: lookup.file.flatMap { site.anchors[$0] }, fragment: fragment, site: site)
        }
    }

    /// A local target whose file was looked up (`anchors`: that file's ids, when it is a page).
    init(_ lookup: SiteMap.Lookup, anchors: Set<String>?, fragment: String?, site: SiteMap) {
        switch lookup {
        case .problem(let kind, let reason):
            self = .problem(kind, reason)
        case .file(let file):
            // Fragments of images and other non-pages are not ids; only pages are checked.
            var missing: String?
            if let anchors, let fragment, wantsFragmentCheck(fragment), !fragmentMatches(fragment, anchors) {
                missing = missingFragmentReason(fragment, file: file, anchors: anchors)
            }
            self = .file(file, page: site.pageGroupOfPath[file], missingFragment: missing)
        }
    }
}

/// `#id` as written in most pages: a fragment of the page itself, without blanks or control characters
/// (which the URL parser would trim or drop). Such a target needs none of the general resolution: it names
/// the page its `<base>`-less page is, and only its fragment is checked. A quarter of a generated site's
/// links are these, each distinct on its page, so no cache helps them.
func plainFragment(_ target: String) -> String? {
    var target = target
    return target.withUTF8 { bytes -> String? in
        guard bytes.first == UInt8(ascii: "#"), !bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes.dropFirst()), as: UTF8.self)
    }
}

extension SiteMap.Lookup {
    var file: String? {
        if case .file(let file) = self { file } else { nil }
    }
}

func resolvePage(_ page: PageLinks, site: SiteMap, basePath: String?, shortcuts: Bool = true) -> PageResolution {
    var shared = SharedTargets()
    return resolvePage(page, site: site, basePath: basePath, shared: &shared, shortcuts: shortcuts)
}

/// Resolves every reference of `page`. `shortcuts: false` resolves each reference alone, the plain way
/// (no `SharedTargets`, no `plainFragment`): the reference the tests hold the shortcuts to.
func resolvePage(_ page: PageLinks, site: SiteMap, basePath: String?, shared: inout SharedTargets,
                 shortcuts: Bool = true) -> PageResolution {
    var result = PageResolution()
    if let reason = page.unreadableReason {
        result.problems.append(LinkProblem(page: page.page, line: 0, column: 0, target: "", kind: .unreadablePage,
                                           reason: "the file \(reason)"))
        return result
    }
    result.problems += idProblems(page)
    if let tooDeep = page.tooDeep {
        result.problems.append(LinkProblem(
            page: page.page, line: tooDeep.line, column: tooDeep.column, target: "", kind: .nestingTooDeep,
            reason: "elements nested more than \(maximumNestingDepth) deep; the rest of the page is not checked"))
    }

    var base = BaseDocument.local(path: page.page.canonicalComposition)
    if let baseReference = page.base {
        switch resolveBase(baseReference.target, page: page.page.canonicalComposition, basePath: basePath) {
        case .success(let document):
            if case .local(let path) = document, path.hasSuffix("/"), !site.folders.contains(String(path.dropLast())) {
                result.problems.append(problem(baseReference, .badBase, "<base href> names a missing folder"))
            } else {
                base = document
            }
        case .failure(let detail):
            result.problems.append(problem(baseReference, detail.kind, "<base href>: \(detail.reason)"))
        }
    }

    let folder = base.folderSegments
    let ownGroup = site.pageGroupOfPath[page.page]
    shared.page += 1
    // Pages repeat targets (navigation, the same image in `src` and `srcset`); resolve each once per page.
    var resolvedTargets: [String: LinkOutcome] = [:]
    // The page itself as a `#id` names it, looked up on its first such link.
    var itself: (lookup: SiteMap.Lookup, anchors: Set<String>?)?
    for reference in page.references {
        if reference.attribute == "usemap" {
            if let reason = usemapProblem(reference.target, maps: page.mapNames) {
                result.problems.append(problem(reference, .badUsemap, reason))
            }
            continue
        }
        let outcome: LinkOutcome
        // Set when a shared target's file was already noted as linked from this page.
        var linkNoted = false
        if !shortcuts {
            outcome = LinkOutcome(resolveReference(reference.target, base: base, folder: folder, basePath: basePath), site: site)
        } else if page.base == nil, let fragment = plainFragment(reference.target),
                  let own = itself ?? ownDocument(base: base, folder: folder, basePath: basePath, site: site) {
            itself = own
            outcome = LinkOutcome(own.lookup, anchors: own.anchors, fragment: fragment, site: site)
        } else if base.isLocal && SharedTargets.isIndependentOfFolder(reference.target, depth: folder.count) {
            let key = SharedTargets.Key(depth: folder.count, target: reference.target)
            let number: Int
            if let known = shared.numbers[key] {
                number = known
            } else {
                number = shared.entries.count
                shared.numbers[key] = number
                let resolved = resolveReference(reference.target, base: base, folder: folder, basePath: basePath)
                shared.entries.append(SharedTargets.Entry(outcome: LinkOutcome(resolved, site: site)))
            }
            outcome = shared.entries[number].outcome
            linkNoted = shared.entries[number].lastPage == shared.page
            shared.entries[number].lastPage = shared.page
        } else if let known = resolvedTargets[reference.target] {
            outcome = known
        } else {
            outcome = LinkOutcome(resolveReference(reference.target, base: base, folder: folder, basePath: basePath), site: site)
            resolvedTargets[reference.target] = outcome
        }
        switch outcome {
        case .problem(let kind, let reason):
            result.problems.append(problem(reference, kind, reason))
        case .skipped:
            result.skippedOther += 1
        case .external(let url, let fragment):
            result.external.append((reference, url, fragment))
        case .file(_, let linkedPage, let missing):
            if !linkNoted, let linkedPage, linkedPage != ownGroup { result.linkedPages.insert(linkedPage) }
            if let missing { result.problems.append(problem(reference, .missingFragment, missing)) }
        }
    }
    return result
}

private func problem(_ reference: Reference, _ kind: ProblemKind, _ reason: String) -> LinkProblem {
    LinkProblem(page: reference.page, line: reference.line, column: reference.column, target: reference.target,
                kind: kind, reason: reason)
}

/// `img[usemap]` is not a URL but a hash-name reference: `#name`, naming a `<map>` of the same page by its
/// `name` or `id`, compared exactly (HTML standard, "rules for parsing a hash-name reference").
private func usemapProblem(_ value: String, maps: Set<String>) -> String? {
    guard value.hasPrefix("#") else {
        return value.isEmpty ? "empty usemap (write '#' and the name of a <map>)"
            : "usemap must be '#' and the name of a <map> of this page"
    }
    let name = String(value.dropFirst())
    if name.isEmpty { return "usemap '#' names no <map>" }
    return maps.contains(name) ? nil : "no <map name='\(name)'> in this page"
}

/// What `#` resolves to from `base`, as the general path finds it, and that file's ids.
private func ownDocument(base: BaseDocument, folder: [String], basePath: String?, site: SiteMap)
    -> (lookup: SiteMap.Lookup, anchors: Set<String>?)? {
    guard case .local(let path, let isFolderForm, _) = resolveReference("#", base: base, folder: folder, basePath: basePath) else {
        return nil
    }
    let lookup = site.lookup(path: path, isFolderForm: isFolderForm)
    return (lookup, lookup.file.flatMap { site.anchors[$0] })
}

private func missingFragmentReason(_ fragment: String, file: String, anchors: Set<String>) -> String {
    let decoded = percentDecode(Substring(fragment)) ?? fragment
    var reason = "no id '\(decoded)' in \(file)"
    // The usual cause is a case slip; name the id that was probably meant.
    if let nearMiss = anchors.filter({ $0.lowercased() == decoded.lowercased() }).sorted().first {
        reason += " (ids are case-sensitive; there is '\(nearMiss)')"
    }
    return reason
}

/// Duplicate ids make a fragment ambiguous; empty ids or ids with spaces can never be a fragment target.
private func idProblems(_ page: PageLinks) -> [LinkProblem] {
    var problems: [LinkProblem] = []
    var firstLine: [String: Int] = [:]
    for anchor in page.anchors where !anchor.isNameAttribute {
        func idProblem(_ kind: ProblemKind, _ reason: String) -> LinkProblem {
            LinkProblem(page: page.page, line: anchor.line, column: anchor.column, target: anchor.name, kind: kind,
                        reason: reason)
        }
        if anchor.name.isEmpty {
            problems.append(idProblem(.invalidId, "empty id"))
            continue
        }
        if anchor.name.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0C || $0 == 0x0D }) {
            problems.append(idProblem(.invalidId, "id contains whitespace, so no fragment can reach it"))
        }
        if let first = firstLine[anchor.name] {
            problems.append(idProblem(.duplicateId, "first defined on line \(first)"))
        } else {
            firstLine[anchor.name] = anchor.line
        }
    }
    return problems
}

/// Empties every page on all cores. A large site's pages hold a million references, and dropping them when
/// the check returned took a quarter of a second on one core while the other idled. The pages must be held
/// only here (`parsePages` keeps no other copy), or their references would outlive this and be freed later.
func releaseOnEveryCore(_ pages: inout [PageLinks]) {
    let count = pages.count, threads = Parallelism.threads
    guard count >= 256, threads > 1 else { return }
    pages.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let base = buffer.baseAddress!
        let workers = threads * 4
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: count, by: workers) {
                base[index] = PageLinks(page: "")
            }
        }
    }
}
