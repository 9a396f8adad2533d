import Diagnostics
import Foundation
import SiteBuilder

/// What `versus serve` was asked to do.
public struct ServeOptions: Sendable {
    public var build = BuildOptions()
    public var host = "127.0.0.1"
    public var port: UInt16 = 8000
    /// The URL path the site is served under, `/` or like `/docs/`.
    public var basePath = "/"
    public var limits = ServerLimits()
    /// Watch the inputs and rebuild on change (tests of the server alone turn it off).
    public var watch = true
    /// Print each rebuild's stages, wall-clock and CPU seconds, as `versus build --timings` does.
    public var timings = false

    public init() {}
}

/// The preview server: builds the site into memory, serves it, watches the inputs, rebuilds on change
/// and tells open pages. Builds run one at a time on the watcher's thread; the server only ever
/// reads the latest complete site, swapped in whole.
public final class PreviewSession: @unchecked Sendable {
    public let options: ServeOptions
    let holder = SiteHolder(.empty)
    let server: PreviewHTTPServer
    private let watcher: InputWatcher?
    /// Where messages go: the command prints them (stderr for diagnostics).
    private let report: @Sendable (_ line: String, _ isDiagnostic: Bool) -> Void
    private let buildLock = NSLock()
    /// Extraction results of the last build, reused by the next for every file that did not change.
    private let extractionMemo = ExtractionMemo()
    private let highlightMemo = HighlightMemo()
    /// The last good build's pages and what made them (guarded by `buildLock`).
    private var previousSite: RenderedSite?
    /// How many pages the last good build kept from the one before instead of rendering them.
    public var pagesKeptByLastBuild: Int { buildLock.withLock { previousSite?.pagesKept ?? 0 } }
    /// The last build succeeded, so `previousSite` is the site of the files as they were before the
    /// changes the watcher reports next (guarded by `buildLock`).
    private var lastBuildSucceeded = false
    /// How the last build went: `true` when only the changed documents were read again (`SiteBuild.edit`).
    public private(set) var lastBuildWasEdit = false

    /// Binds the port and watches the folders; builds nothing yet (see `start`).
    public init(options: ServeOptions, report: @escaping @Sendable (String, Bool) -> Void) throws {
        self.options = options
        self.report = report
        server = try PreviewHTTPServer(host: options.host, port: options.port, router: SiteRouter(basePath: options.basePath),
                                       holder: holder, limits: options.limits)
        watcher = options.watch
            ? try InputWatcher(folders: [options.build.contentDirectory, options.build.templatesDirectory], configFile: options.build.configFile)
            : nil
    }

    /// `http://127.0.0.1:8000/docs/`.
    public var url: String {
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        return "http://\(host):\(server.port)\(SiteRouter(basePath: options.basePath).basePathString)"
    }

    /// The site being served now.
    public var site: ServedSite { holder.current }

    /// Builds (unless `rebuild` already did) and serves; returns when `stop` is called. Watching runs
    /// on a thread of its own.
    public func run() async throws {
        if holder.current.generation == 0 && holder.current.errors.isEmpty { rebuild() }
        if let watcher {
            let thread = Thread { [self] in watcher.run { self.rebuild(changed: $0) } }
            thread.name = "versus serve: watch"
            thread.start()
        }
        try await server.run()
    }

    /// `run` in a task on the server's own threads, so that starting needs no thread of Swift's
    /// cooperative pool either (in tests, other work may hold all of them).
    public func start() -> Task<Void, Error> {
        Task(executorPreference: ServerExecutor.shared) { try await self.run() }
    }

    public func stop() {
        watcher?.stop()
        server.stop()
    }

    /// The content paths of `changed` (paths as the watcher names them), when every one is in the
    /// content folder and none is the configuration or in the templates; else `nil`.
    func contentPaths(of changed: Set<String>) -> Set<String>? {
        let content = options.build.contentDirectory + "/", templates = options.build.templatesDirectory + "/"
        var paths: Set<String> = []
        for path in changed {
            guard path.hasPrefix(content), !path.hasPrefix(templates), path != options.build.configFile else { return nil }
            paths.insert(String(path.dropFirst(content.count)))
        }
        return paths
    }

    /// Builds into memory after `changed` (the paths the watcher reported; `nil`: unknown, or not
    /// watching); the new site replaces the old only when it built. An edit of documents' text takes
    /// the fast path (`SiteBuild.edit`) when it can, anything else a full build: both make the same
    /// site. Diagnostics are printed as `versus build` prints them; errors also go to every open page.
    @discardableResult
    public func rebuild(changed: Set<String>? = nil) -> Bool {
        buildLock.withLock {
            let started = Date()
            var build = PreviewBuild(options: options.build, extractionMemo: extractionMemo, highlightMemo: highlightMemo)
            build.previousSite = previousSite
            let previous = holder.current
            if lastBuildSucceeded, let changed, let paths = contentPaths(of: changed), let edit = build.edit(paths) {
                previousSite = edit.rendered
                lastBuildWasEdit = true
                for diagnostic in edit.diagnostics { report(diagnostic.formatted, true) }
                holder.publish(ServedSite(editing: previous, changed: edit.changedFiles, changedPages: edit.changedPages,
                                          maker: PageMaker(edit.rendered.renderer), removed: edit.removedFiles,
                                          deferred: ["model.json": edit.modelJSON], generation: previous.generation + 1))
                let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
                let files = edit.changedFiles.count, documents = edit.documentsEdited
                report("versus: rebuilt \(files) file\(files == 1 ? "" : "s") of \(documents) edited document\(documents == 1 ? "" : "s") in \(milliseconds) ms", false)
                return true
            }
            lastBuildWasEdit = false
            build.previousPages = previous.pages
            let outcome = build.run()
            switch outcome {
            case .built(let site):
                previousSite = site.rendered
                lastBuildSucceeded = true
                for diagnostic in site.diagnostics { report(diagnostic.formatted, true) }
                if options.timings {
                    for timing in site.timings {
                        report("versus: timing: \(timing.stage): \(String(format: "%.3f", timing.seconds)) s (CPU \(String(format: "%.3f", timing.cpuSeconds)) s)", true)
                    }
                }
                holder.publish(ServedSite(siteFiles: site.files, pages: site.pages, maker: site.maker, deferred: ["model.json": site.modelJSON],
                                          generation: previous.generation + 1, draftPages: site.draftPages, previous: previous))
                let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
                report("versus: built \(site.fileCount) files in \(milliseconds) ms", false)
                return true
            case .failed(let diagnostics):
                lastBuildSucceeded = false
                for diagnostic in diagnostics { report(diagnostic.formatted, true) }
                let errors = diagnostics.filter { $0.severity == .error }
                report("versus: build failed (\(errors.count) error\(errors.count == 1 ? "" : "s")); still serving the last good site", false)
                holder.publish(previous.failed(with: errors))
                return false
            }
        }
    }
}
