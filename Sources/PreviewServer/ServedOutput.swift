import Foundation
import SiteBuilder
import SiteRendering

/// What a `versus serve` build writes into: every file's bytes, except the pages, of which only the
/// job that makes each and its tag are kept. A page is rendered again when it is asked for
/// (`ServedFile`), by the renderer that made it, which makes the same bytes from the same job. At
/// 10,000 documents the pages are 340 MB that nobody reads all of; the tag, made on the thread that
/// rendered the page, is what an open page compares to know whether it changed.
public final class ServedOutput: SiteOutput, ClaimedOutput, @unchecked Sendable {
    // `@unchecked`: `published` is only read and written under `lock`.
    public struct Page: Sendable {
        var job: PageJob
        var entityTag: String
    }

    private let lock = NSLock()
    private var published: (files: [String: [UInt8]], pages: [String: Page])?
    /// The pages of the site served now, which a page this build keeps is taken from (its tag).
    let previousPages: [String: Page]

    init(previousPages: [String: Page] = [:]) {
        self.previousPages = previousPages
    }

    /// The last published build: the files it holds as bytes, and its pages.
    var site: (files: [String: [UInt8]], pages: [String: Page])? { lock.withLock { published } }

    public func validate() throws {}
    public var holdsForeignFiles: Bool { false }
    public func claim() throws -> any ClaimedOutput { self }
    public func intactMarker() -> SiteMarker? { nil }
    public func release() {}
    public func stage() throws -> any StagedOutput { Staged(owner: self) }

    private final class Staged: StagedOutput, @unchecked Sendable {
        let owner: ServedOutput
        private let lock = NSLock()
        private var files: [String: [UInt8]] = [:]
        private var pages: [String: Page] = [:]

        init(owner: ServedOutput) { self.owner = owner }

        var directory: String? { nil }

        /// A path holds bytes or a page, whichever was written last.
        private func store(_ bytes: [UInt8]?, page: Page?, at path: String) {
            lock.withLock {
                files[path] = bytes
                pages[path] = page
            }
        }

        func write(path: String, contents: UnsafeRawBufferPointer) throws {
            store([UInt8](contents), page: nil, at: path)
        }

        func write(path: String, produce: ((Data) throws -> Void) throws -> Void) throws {
            var bytes: [UInt8] = []
            try produce { bytes += $0 }
            store(bytes, page: nil, at: path)
        }

        func write(_ page: RenderedFile, of job: PageJob) throws {
            store(nil, page: Page(job: job, entityTag: page.content.withUnsafeBytes { EntityTag.of($0) }), at: page.path)
        }

        func keep(_ job: PageJob, at path: String, from previous: RenderedSite) throws -> Bool {
            guard let page = owner.previousPages[path], page.job == job else { return false }
            store(nil, page: page, at: path)
            return true
        }

        func publish(marker: SiteMarker) throws {
            let site = lock.withLock { (files, pages) }
            owner.lock.withLock { owner.published = site }
        }

        func abandon() {}
    }
}
