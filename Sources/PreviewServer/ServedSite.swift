import Diagnostics
import Foundation
import SiteRendering

/// One file as the server holds it: the site's bytes as built, their type and tag. The reload script is
/// added to a page when it is sent (`bytes`), not when the site is built: a rebuild then does no work
/// per page beyond tagging those whose bytes changed, and a page costs its copy only when asked for.
public struct ServedFile: Sendable, Equatable {
    private var content: Content
    public var contentType: String
    /// A draft's page (`--drafts`): its script marks it as such.
    public var draft: Bool

    private enum Content: Sendable {
        case ready(bytes: [UInt8], entityTag: String)
        /// Made when first asked for (`model.json`), then kept.
        case deferred(DeferredFile)
        /// A page, rendered again each time it is asked for (see `ServedOutput`).
        case page(PageMaker, PageJob, entityTag: String)
    }

    public init(bytes: [UInt8], contentType: String, entityTag: String, draft: Bool = false) {
        content = .ready(bytes: bytes, entityTag: entityTag)
        self.contentType = contentType
        self.draft = draft
    }

    /// A page `maker` renders when it is asked for, whose bytes have the tag `entityTag`.
    init(page job: PageJob, at path: String, of maker: PageMaker, entityTag: String, draft: Bool) {
        content = .page(maker, job, entityTag: entityTag)
        contentType = ContentTypes.type(forPath: path)
        self.draft = draft
    }

    /// The job that renders this file, when it is a page rendered when asked for.
    var pageJob: PageJob? {
        guard case .page(_, let job, _) = content else { return nil }
        return job
    }

    /// The same page, made from now on by `maker`: the renderer of a later build that makes the same bytes.
    func made(by maker: PageMaker) -> ServedFile {
        guard case .page(_, let job, let entityTag) = content else { return self }
        var file = self
        file.content = .page(maker, job, entityTag: entityTag)
        return file
    }

    /// A file whose bytes `make` gives when the file is first asked for.
    init(contentType: String, make: @escaping @Sendable () -> [UInt8]) {
        content = .deferred(DeferredFile(make))
        self.contentType = contentType
        draft = false
    }

    /// As the build wrote it, without the reload script.
    public var siteBytes: [UInt8] {
        switch content {
        case .ready(let bytes, _): bytes
        case .deferred(let file): file.made.bytes
        case .page(let maker, let job, _): maker.bytes(of: job)
        }
    }

    /// A strong tag of the site's bytes (before the script is added): the script carries it too, so an
    /// open page can tell whether it changed.
    public var entityTag: String {
        switch content {
        case .ready(_, let entityTag): entityTag
        case .deferred(let file): file.made.entityTag
        case .page(_, _, let entityTag): entityTag
        }
    }

    /// The bytes when they are at hand: a deferred file not yet asked for is not made just to compare it.
    var bytesAtHand: [UInt8]? {
        switch content {
        case .ready(let bytes, _): bytes
        case .deferred(let file): file.madeSoFar?.bytes
        case .page: nil
        }
    }

    public static func == (a: ServedFile, b: ServedFile) -> Bool {
        a.contentType == b.contentType && a.draft == b.draft && a.siteBytes == b.siteBytes
    }

    /// What is sent: HTML pages with the live-reload script, every other file as built.
    public var bytes: [UInt8] {
        contentType.hasPrefix("text/html") ? LiveReload.inject(into: siteBytes, entityTag: entityTag, draft: draft) : siteBytes
    }
}

/// What the server holds: the last site that built, and the errors of the last build when it failed.
/// Immutable; a rebuild makes a new one and swaps it in.
public struct ServedSite: Sendable {
    /// By path inside the site, `a/b.html`, as the build wrote them.
    public var files: [String: ServedFile]
    /// Counts successful builds: a page compares it with the one it was served with.
    public var generation: Int
    /// Errors of the latest build when it failed (the files are then the last good build's); empty after a good one.
    public var errors: [Diagnostic]

    public static let empty = ServedSite(files: [:], generation: 0, errors: [])

    /// The site's files as built. A file whose bytes are those `previous` held at its path keeps its tag:
    /// comparing bytes (memcmp) is far cheaper than hashing them, and after an edit most files are unchanged.
    /// The `deferred` files are made when first asked for.
    /// The `deferred` files are made when first asked for; the `pages` (as `ServedOutput` kept them)
    /// are rendered again by `maker` when asked for.
    public init(siteFiles: [String: [UInt8]], pages: [String: ServedOutput.Page] = [:], maker: PageMaker? = nil,
                deferred: [String: @Sendable () -> [UInt8]] = [:], generation: Int,
                draftPages: Set<String> = [], previous: ServedSite = .empty) {
        var files: [String: ServedFile] = [:]
        files.reserveCapacity(siteFiles.count + pages.count)
        if let maker {
            for (path, page) in pages {
                files[path] = ServedFile(page: page.job, at: path, of: maker, entityTag: page.entityTag, draft: draftPages.contains(path))
            }
        }
        for (path, bytes) in siteFiles {
            let draft = draftPages.contains(path)
            if let old = previous.files[path], let oldBytes = old.bytesAtHand, Self.same(oldBytes, bytes) {
                var kept = old
                kept.draft = draft
                files[path] = kept
                continue
            }
            files[path] = ServedFile(bytes: bytes, contentType: ContentTypes.type(forPath: path), entityTag: EntityTag.of(bytes), draft: draft)
        }
        for (path, make) in deferred { files[path] = ServedFile(contentType: ContentTypes.type(forPath: path), make: make) }
        self.init(files: files, generation: generation, errors: [])
    }

    /// The site after an edit that changed a few files: `previous` with those retagged, the removed
    /// ones gone, and the deferred ones made when first asked for. A page keeps its draft mark (whether
    /// a document is a draft is not something such an edit changes).
    /// The pages `previous` renders when asked for are rendered by `maker` from now on (the edit's
    /// renderer makes the same bytes for them), and so are the `changedPages` (by path, with their job).
    init(editing previous: ServedSite, changed: [String: [UInt8]], changedPages: [String: PageJob], maker: PageMaker,
         removed: Set<String>, deferred: [String: @Sendable () -> [UInt8]], generation: Int) {
        var files = previous.files.mapValues { $0.made(by: maker) }
        for path in removed { files[path] = nil }
        for (path, bytes) in changed {
            let draft = files[path]?.draft ?? false
            if let job = changedPages[path] {
                files[path] = ServedFile(page: job, at: path, of: maker, entityTag: EntityTag.of(bytes), draft: draft)
                continue
            }
            if let old = files[path]?.bytesAtHand, Self.same(old, bytes) { continue }
            files[path] = ServedFile(bytes: bytes, contentType: ContentTypes.type(forPath: path), entityTag: EntityTag.of(bytes), draft: draft)
        }
        for (path, make) in deferred { files[path] = ServedFile(contentType: ContentTypes.type(forPath: path), make: make) }
        self.init(files: files, generation: generation, errors: [])
    }

    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in
            x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0
        } }
    }

    init(files: [String: ServedFile], generation: Int, errors: [Diagnostic]) {
        self.files = files
        self.generation = generation
        self.errors = errors
    }

    /// The pages rendered when asked for, by path: what the next build may keep (`ServedOutput`).
    var pages: [String: ServedOutput.Page] {
        var pages: [String: ServedOutput.Page] = [:]
        for (path, file) in files {
            if let job = file.pageJob { pages[path] = ServedOutput.Page(job: job, entityTag: file.entityTag) }
        }
        return pages
    }

    /// The same site, with the errors of a build that failed.
    func failed(with errors: [Diagnostic]) -> ServedSite {
        ServedSite(files: files, generation: generation, errors: errors)
    }
}

/// The renderer of a build, shared by the pages it made, which it renders again when asked for. The
/// last few pages asked for are kept: a page is fetched again right away (its headers after a
/// rebuild, then its body), and a writer looks at a few pages at a time.
public final class PageMaker: @unchecked Sendable {
    // `@unchecked`: `recent` is only read and written under `lock`; `renderer` is immutable.
    let renderer: SiteRenderer
    private let lock = NSLock()
    /// Most recently asked for last.
    private var recent: [(job: PageJob, bytes: [UInt8])] = []
    static let recentLimit = 16

    init(_ renderer: SiteRenderer) {
        self.renderer = renderer
    }

    func bytes(of job: PageJob) -> [UInt8] {
        if let bytes = lock.withLock({ () -> [UInt8]? in
            guard let index = recent.firstIndex(where: { $0.job == job }) else { return nil }
            let found = recent.remove(at: index)
            recent.append(found)
            return found.bytes
        }) { return bytes }
        let bytes: [UInt8]
        switch renderer.render(job) {
        case .success(let page): bytes = page.bytes
        // It rendered when the site was built, from the same renderer and job; it cannot fail now.
        case .failure(let diagnostic): return Array("versus serve: the page could not be rendered again: \(diagnostic.formatted)".utf8)
        }
        lock.withLock {
            recent.append((job, bytes))
            if recent.count > Self.recentLimit { recent.removeFirst() }
        }
        return bytes
    }
}

/// A file made once, when first asked for, by whichever connection asks first.
final class DeferredFile: @unchecked Sendable {
    // `@unchecked`: `result` is written once, under `lock`, and read under it.
    private let lock = NSLock()
    private let make: @Sendable () -> [UInt8]
    private var result: (bytes: [UInt8], entityTag: String)?

    init(_ make: @escaping @Sendable () -> [UInt8]) {
        self.make = make
    }

    var madeSoFar: (bytes: [UInt8], entityTag: String)? { lock.withLock { result } }

    var made: (bytes: [UInt8], entityTag: String) {
        lock.withLock {
            if let result { return result }
            let bytes = make()
            let made = (bytes: bytes, entityTag: EntityTag.of(bytes))
            result = made
            return made
        }
    }
}

/// Strong entity tags: FNV-1a (64 bits) of the bytes and their length. Not cryptographic: it only has to
/// change when a file does, and nobody gains by forging one against their own preview server.
enum EntityTag {
    static func of<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return "\"" + String(hash, radix: 16) + "-" + String(bytes.count, radix: 16) + "\""
    }
}

/// Content types by extension, for what a Versus site holds (pages, styles, scripts, images, fonts).
public enum ContentTypes {
    static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "json": "application/json", "xml": "application/xml", "txt": "text/plain; charset=utf-8",
        "md": "text/plain; charset=utf-8", "map": "application/json",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "pdf": "application/pdf", "mp4": "video/mp4", "webm": "video/webm", "wasm": "application/wasm",
    ]

    public static func type(forPath path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
