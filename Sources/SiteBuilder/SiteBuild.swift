import ComparisonExtraction
import ComparisonModel
import Diagnostics
import Foundation
import LinkChecking
import MarkdownSyntax
import ParallelWork
import SearchIndex
import SiteRendering
import TextPrimitives

/// What `versus build` was asked to do.
public struct BuildOptions: Sendable {
    public var contentDirectory = "content"
    public var templatesDirectory = "templates"
    /// The templates folder was named (`--templates`): it must exist. Otherwise a missing one means the
    /// built-in theme alone.
    public var templatesRequired = false
    public var outputDirectory = "_site"
    public var configFile = "site.yml"
    /// Overrides `base_url` from the configuration.
    public var baseURL: String?
    public var force = false
    /// Warnings are errors: they print as `error:` and nothing is published.
    public var strict = false
    /// Check every link of the new site before publishing it (`--check`); a broken one fails the build.
    public var checkLinks = false
    /// At most this many threads; `nil` uses every core. The output is the same either way.
    public var jobs: Int?
    /// The day `stale_after` is measured against, as days since 1970-01-01 (the command line takes it
    /// from `SOURCE_DATE_EPOCH`); `nil`: the newest date any document carries, so that the same
    /// content always gives the same warnings and the same `model.json`.
    public var buildDay: Int?
    /// Documents marked `draft: true` are built too (`versus serve --drafts` only).
    public var includeDrafts = false
    /// `model.json` is not written: the caller makes it from the report's model when it is asked for
    /// (`versus serve`, where it is 40 MB at 10,000 documents and rarely read). Its path stays the site's.
    public var deferModelJSON = false
    /// Splits the sitemap below the protocol's limits (tests: a small site split into several files).
    public var sitemapLimits: SitemapLimits?

    public init() {}

    /// Where `site.yml` is when `--config` does not say: beside the content folder (in its parent,
    /// the project folder), else in the current folder. The first that exists; `site.yml` when neither does.
    public static func configFile(forContent contentDirectory: String, fileSystem: FileSystem = .disk) -> String {
        var content = contentDirectory
        while content.count > 1 && content.hasSuffix("/") { content.removeLast() }
        let parent = (content as NSString).deletingLastPathComponent
        let besideContent = parent.isEmpty ? "site.yml" : parent + "/site.yml"
        for candidate in [besideContent, "site.yml"] where fileSystem.kind(candidate) != nil { return candidate }
        return "site.yml"
    }
}

public struct BuildReport: Sendable {
    public var model: SiteModel
    /// Every diagnostic of the build, sorted for display; under `--strict` warnings are errors.
    public var diagnostics: [Diagnostic]
    /// Files written, `0` when the build published nothing.
    public var filesWritten: Int
    /// Wall-clock and CPU seconds (user + system, every thread) of each stage: their ratio shows how
    /// well a stage uses the cores.
    public var timings: [(stage: String, seconds: Double, cpuSeconds: Double)]
    /// Nothing changed since the last successful build into this output: nothing was written, and
    /// `diagnostics` are that build's, replayed.
    public var upToDate = false
    /// The links of the new site, when `checkLinks` was asked for and the site was written.
    public var linkReport: LinkCheckReport?
    /// The new site replaced the output. `false` whenever the build failed: the previous site stays.
    public var published = false
    /// What the pages were rendered with, when published (its `files` left empty): a caller that keeps
    /// the site hands it back as `SiteBuild.previousSite` so the next build renders only what changed.
    public var rendered: RenderedSite?
    /// Documents not read because the last build's table of inputs knew them unchanged (`InputStamps`),
    /// of all the documents; a document an extraction needed after all is read then, and not counted.
    public var documentsKnown = (unread: 0, of: 0)
}

/// A published build's pages and what made them: the seam through which a process that builds again
/// (`versus serve`) keeps the pages an edit cannot have changed. Which those are is decided by one
/// rule, `PageDependencies.jobsToRender`; a page it keeps is copied from `files`, byte for byte.
public struct RenderedSite: Sendable {
    public var renderer: SiteRenderer
    /// The templates' sources by name.
    public var templates: [String: String]
    /// The site's files by path, as published.
    public var files: [String: [UInt8]]
    /// How many pages this build took from the previous one instead of rendering them.
    public var pagesKept: Int
    /// The quick find's index files (`search/*.json`) it wrote.
    public var searchIndexPaths: [String]
    /// Every diagnostic of the build up to writing, sorted for display: what `model.json` carries.
    public var modelDiagnostics: [Diagnostic] = []
    /// What writing added (a content file replaced by a link meanwhile), under `--strict` as errors.
    public var writeDiagnostics: [Diagnostic] = []
    /// The pages are not in `files` but in the output folder this build replaces, checked intact
    /// (`BuildState`): an output on disk keeps a page by linking it from there.
    public var pagesInOutput = false
    /// Where each document's JSON is in that output's `model.json`, by index in `renderer.model`.
    public var modelJSONRanges: [Range<Int>]?

    public init(renderer: SiteRenderer, templates: [String: String], files: [String: [UInt8]], pagesKept: Int = 0,
                searchIndexPaths: [String] = []) {
        self.renderer = renderer
        self.templates = templates
        self.files = files
        self.pagesKept = pagesKept
        self.searchIndexPaths = searchIndexPaths
    }
}

/// The stage "read" returns: everything the output depends on, in memory.
public struct BuildInputs: Sendable {
    public var config: SiteConfig
    /// `site.yml`'s bytes, `nil` without one.
    public var configBytes: [UInt8]?
    public var templates: [String: String]
    public var assets: [OutputFile]
    public var sources: ModelLoader.Sources
    /// About `site.yml`, templates and assets (the content's are in `sources`).
    public var diagnostics: [Diagnostic]
    /// Pagefind's executable, found when `site.yml` asks for `search: full`.
    public var pagefind: String?
}

/// The stage "render" prepares: the renderer and the pages it makes. Rendering one page or a few
/// (`render(_:)`) needs nothing else, so a server can re-render what one changed document touches.
public struct SitePages: Sendable {
    public var renderer: SiteRenderer
    public var jobs: [PageJob]
    /// Broken links found while rewriting the documents' links for the pages.
    public var diagnostics: [Diagnostic]

    /// The given pages, in memory, with the diagnostics of those that failed.
    public func render(_ jobs: [PageJob]) -> (pages: [RenderedFile], diagnostics: [Diagnostic]) {
        let renderer = self.renderer
        var pages: [RenderedFile] = []
        var diagnostics: [Diagnostic] = []
        for outcome in jobs.parallelMap({ renderer.render($0) }) {
            switch outcome {
            case .success(let page): pages.append(page)
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        return (pages, diagnostics)
    }
}

/// What the search index's background work did: its files' paths, its wall-clock and CPU seconds (its
/// own thread's), for `--timings`.
struct SearchIndexWritten: Sendable {
    var paths: [String] = []
    var seconds = 0.0
    var cpuSeconds = 0.0

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}

/// A build failed: what it reports instead of publishing. Stages throw it; `run` turns it into the report.
struct BuildStopped: Error {
    var diagnostics: [Diagnostic]
    var model: SiteModel?
    var linkReport: LinkCheckReport?
}

/// The pipeline: discover -> read -> extract -> assemble -> render -> write -> check -> publish.
/// Each stage is a function returning values and its diagnostics; `run` composes them. All I/O goes
/// through `fileSystem`, so the whole build can run in memory.
public struct SiteBuild: Sendable {
    public var options: BuildOptions
    public var fileSystem: FileSystem
    /// Highlights code blocks at build time (Pygments by default).
    public var highlighter: CodeHighlighter
    /// Extraction results kept between builds of one process (`versus serve`); `nil` for a one-off build.
    public var extractionMemo: ExtractionMemo?
    /// The last published build's pages, kept by a process that builds again (`versus serve`): the pages
    /// `PageDependencies` says did not change are copied from it instead of rendered.
    public var previousSite: RenderedSite?

    public init(options: BuildOptions, fileSystem: FileSystem = .disk, highlighter: CodeHighlighter = .pygments()) {
        self.options = options
        self.fileSystem = fileSystem
        self.highlighter = highlighter
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    var loader: ModelLoader {
        var loader = ModelLoader(contentDirectory: options.contentDirectory, fileSystem: fileSystem)
        loader.includeDrafts = options.includeDrafts
        return loader
    }

    /// The loader with the site's settings that change how documents are read.
    func loader(for config: SiteConfig) -> ModelLoader {
        loader.reading(with: config)
    }

    public func run() throws -> BuildReport {
        try Parallelism.$workers.withValue(options.jobs) { try runPipeline() }
    }

    // MARK: Stages

    /// Stage "discover": the documents of the content folder.
    public func discover() throws -> (files: [DiscoveredFile], diagnostics: [Diagnostic]) {
        try loader.discover()
    }

    /// Stage "read": `site.yml`, templates, assets and every discovered document, once each.
    public func read(_ discovered: (files: [DiscoveredFile], diagnostics: [Diagnostic])) throws -> BuildInputs {
        try read(discovered, lastInputs: nil)
    }

    /// With the last build's table of known inputs, documents it knows unchanged are not read (`InputStamps`).
    func read(_ discovered: (files: [DiscoveredFile], diagnostics: [Diagnostic]), lastInputs: InputStamps?) throws -> BuildInputs {
        var (config, configBytes, diagnostics) = try ProjectFiles.readConfig(at: options.configFile, fileSystem: fileSystem)
        if let baseURL = options.baseURL { config.baseURL = try ProjectFiles.validatedBaseURL(baseURL) }
        if let limits = options.sitemapLimits { config.sitemapLimits = limits }
        let (templates, templateDiagnostics) = try ProjectFiles.readTemplates(in: options.templatesDirectory, required: options.templatesRequired, fileSystem: fileSystem)
        let (assets, assetDiagnostics) = try ProjectFiles.readAssets(in: options.templatesDirectory, fileSystem: fileSystem)
        diagnostics += templateDiagnostics + assetDiagnostics
        let pagefind = config.fullTextSearch ? FullTextSearch.executable() : nil
        if config.fullTextSearch && pagefind == nil {
            // The pages then leave Pagefind's UI out, so no link points at files it would have written.
            config.fullTextSearch = false
            diagnostics.append(Diagnostic(.note, file: options.configFile,
                "search: full needs Pagefind, which was not found: \(FullTextSearch.installHint); the quick find works without it"))
        }
        let loader = self.loader(for: config)
        var inputs = BuildInputs(config: config, configBytes: configBytes, templates: templates, assets: assets,
                                 sources: loader.read(discovered.files, diagnostics: discovered.diagnostics, lastInputs: lastInputs),
                                 diagnostics: diagnostics)
        inputs.pagefind = pagefind
        return inputs
    }

    /// Stage "extract": documents and subject profiles, each on its own (on every core).
    public func extract(_ inputs: BuildInputs) -> ModelLoader.Extracted {
        loader(for: inputs.config).extract(inputs.sources, memo: extractionMemo)
    }

    /// The same, recording each file's extraction for the next build's state and taking from `recording`'s
    /// state what it holds of files read alike (`BuildState`).
    func extract(takingSourcesOf inputs: inout BuildInputs, recording: StateRecording) -> ModelLoader.StatefulExtraction {
        let bytes = Handover(inputs.sources.files.map(\.bytes)), files = inputs.sources.files.map(\.file)
        inputs.sources.files = []
        return loader(for: inputs.config).extract(handingOver: bytes, of: files, unread: inputs.sources.unread, digests: recording.digests,
                                                  diagnostics: inputs.sources.diagnostics, contentFiles: inputs.sources.contentFiles,
                                                  state: recording.state, next: recording.next)
    }

    /// The same, taking the documents' bytes out of `inputs`: each is freed once extracted.
    /// (No `consume` here: the debug compiler of Swift 6.3 hangs on moved variables in this module.)
    func extract(takingSourcesOf inputs: inout BuildInputs) -> ModelLoader.Extracted {
        defer { inputs.sources.files = [] }
        // The memo keeps every file's bytes for the next build anyway.
        guard extractionMemo == nil else { return extract(inputs) }
        let bytes = Handover(inputs.sources.files.map(\.bytes)), files = inputs.sources.files.map(\.file)
        inputs.sources.files = []
        return loader(for: inputs.config).extract(handingOver: bytes, of: files, unread: inputs.sources.unread, diagnostics: inputs.sources.diagnostics,
                                                  contentFiles: inputs.sources.contentFiles)
    }

    /// Stage "assemble": one site model; its diagnostics are the content's.
    public func assemble(_ extracted: consuming ModelLoader.Extracted) -> SiteModel {
        loader.assemble(extracted)
    }

    /// Stage "render", its preparation: templates compiled and checked, every document's links
    /// rewritten for the pages (broken ones reported), the list of pages to make.
    public func pages(of model: SiteModel, inputs: BuildInputs, highlightedCode: [CodeSample: String] = [:]) -> Result<SitePages, TemplateErrors> {
        // The dimension catalog on another core while the templates compile and the renderer indexes the
        // model: this stage runs on one core otherwise.
        let catalog = BackgroundWork(inline: Parallelism.workers == 1) {
            DimensionCatalog(documents: model.documents, synonyms: inputs.config.dimensionSynonyms)
        }
        return TemplateSet.compile(sources: inputs.templates, displayPrefix: PathTools.displayPrefix(for: options.templatesDirectory))
            .map { templates in
                // The work does not throw; were it ever to, the renderer makes the catalog itself.
                var renderer = SiteRenderer(model: model, templates: templates, config: inputs.config) { try? catalog.wait() }
                renderer.highlightedCode = highlightedCode
                return SitePages(renderer: renderer, jobs: renderer.jobs, diagnostics: renderer.linkDiagnostics())
            }
    }

    /// Stage "render" and "write", streamed: every page is rendered and written into the staging area on
    /// every core, so the site is never held in memory as a whole; then the assets. `model.json` is
    /// written on another thread meanwhile (after the pages with `--jobs 1`), a batch of documents at a
    /// time. Returns the number of files and the diagnostics of pages that failed to render.
    func write(_ pages: SitePages, model: SiteModel, assets: [OutputFile], contentFiles: [DiscoveredFile] = [],
               templates: [String: String] = [:], previous: RenderedSite? = nil, into staged: any StagedOutput) throws
        -> (files: Int, diagnostics: [Diagnostic], searchIndex: (seconds: Double, cpuSeconds: Double), kept: Int, searchIndexPaths: [String],
            modelJSONRanges: [Range<Int>]) {
        let previous = previous ?? previousSite
        let keptJSON = previous.flatMap { KeptModelJSON(of: $0, from: staged) }
        let modelJSON = options.deferModelJSON ? nil : BackgroundWork(inline: Parallelism.workers == 1) { () throws -> [Range<Int>] in
            var ranges: [Range<Int>] = []
            try staged.write(path: "model.json") { emit in ranges = try ModelLoader.encodeJSON(model, reuse: keptJSON?.bytes, emit: emit) }
            return ranges
        }
        // The quick find's index, from the model, while the pages render.
        // The last build's index when `PageDependencies` says this one's is the same.
        let keptIndex = previous.flatMap { previous -> RenderedSite? in
            PageDependencies.searchIndexUnchanged(old: previous.renderer, oldTemplates: previous.templates,
                                                  new: pages.renderer, newTemplates: templates) ? previous : nil
        }
        let searchIndex = BackgroundWork(inline: Parallelism.workers == 1) { () throws -> SearchIndexWritten in
            let start = Date(), cpuStart = SearchIndexWritten.threadCPUSeconds()
            var paths: [String] = []
            if let keptIndex, try staged.keepFiles(at: keptIndex.searchIndexPaths, from: keptIndex) {
                paths = keptIndex.searchIndexPaths
            } else {
                // Each shard written as it is made: the index is never held whole.
                try SearchIndex.write(for: model, dimensionPages: pages.renderer.dimensionPages) { file in
                    try file.bytes.withUnsafeBytes { try staged.write(path: file.path, contents: $0) }
                    paths.append(file.path)
                }
                // Listed as `SearchIndex.files` lists them: the manifest first.
                paths = paths.suffix(1) + paths.dropLast()
            }
            return SearchIndexWritten(paths: paths, seconds: Date().timeIntervalSince(start),
                                      cpuSeconds: SearchIndexWritten.threadCPUSeconds() - cpuStart)
        }
        let renderer = pages.renderer
        // The pages of the last build that this one cannot have changed, by job; the rest are rendered.
        let toRender = previous.flatMap {
            PageDependencies.jobsToRender(old: $0.renderer, oldTemplates: $0.templates, new: renderer, newTemplates: templates)
        }
        let outcomes = pages.jobs.parallelMap { job -> Result<String, Error> in
            if let toRender, let previous, !toRender.contains(job) {
                let path = renderer.path(of: job)
                do {
                    if try staged.keep(job, at: path, from: previous) { return .success(path) }
                } catch {
                    return .failure(error)
                }
            }
            switch renderer.render(job) {
            case .success(let page):
                return Result { try staged.write(page, of: job); return page.path }
            case .failure(let diagnostic):
                return .failure(diagnostic)
            }
        }
        var diagnostics: [Diagnostic] = []
        var writeError: Error?
        for case .failure(let error) in outcomes {
            if let diagnostic = error as? Diagnostic { diagnostics.append(diagnostic) } else if writeError == nil { writeError = error }
        }
        // Never leave a thread writing into a folder that may be removed next.
        let modelWritten = Result { try modelJSON?.wait() }
        let searchWritten = Result { try searchIndex.wait() }
        if let writeError { throw writeError }
        let modelJSONRanges = try modelWritten.get() ?? []
        let search = try searchWritten.get()
        if !diagnostics.hasErrors { for file in assets { try staged.write(file) } }
        if !diagnostics.hasErrors {
            var made = Set(outcomes.compactMap { try? $0.get() })
            made.insert("model.json")
            for asset in assets { made.insert(asset.path) }
            diagnostics += try copy(contentFiles, into: staged, besides: made)
        }
        let kept = toRender.map { pages.jobs.count - $0.count } ?? 0
        return (pages.jobs.count + assets.count + 1 + search.paths.count + contentFiles.count, diagnostics, (search.seconds, search.cpuSeconds), kept,
                search.paths, modelJSONRanges)
    }

    /// The content folder's other files, copied to the same path in the site on every core, without being
    /// read into memory. A file at a path the site itself uses (`index.html` beside a page) is an error.
    func copy(_ files: [DiscoveredFile], into staged: any StagedOutput, besides made: Set<String>) throws -> [Diagnostic] {
        let fileSystem = self.fileSystem, root = options.contentDirectory
        let outcomes = files.parallelMap { file -> Result<Diagnostic?, Error> in
            if made.contains(file.contentPath) {
                return .success(Diagnostic(.error, file: file.displayPath,
                    "not published: the site makes '\(file.contentPath)' itself (rename or move the file)"))
            }
            do {
                try fileSystem.withFile(root, file.contentPath) { source in try staged.copy(path: file.contentPath, from: source) }
                return .success(nil)
            } catch let failure as ReadFailure {
                return .success(failure.diagnostic(file: file.displayPath))
            } catch {
                return .failure(error)
            }
        }
        var diagnostics: [Diagnostic] = []
        for outcome in outcomes {
            if let diagnostic = try outcome.get() { diagnostics.append(diagnostic) }
        }
        return diagnostics
    }

    /// Stage "check" (with `--check`): the links of the written site, before it is published.
    func checkLinks(of staged: any StagedOutput) throws -> LinkCheckReport? {
        guard options.checkLinks, let directory = staged.directory else { return nil }
        do {
            return try LinkChecker().check(siteDirectory: directory)
        } catch let error as LinkCheckError {
            throw OutputError(error.description)
        }
    }

    /// Under `--strict` a warning is an error, printed and counted as one.
    func applyStrictness(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard options.strict else { return diagnostics }
        return diagnostics.map { diagnostic in
            var promoted = diagnostic
            if promoted.severity == .warning { promoted.severity = .error }
            return promoted
        }
    }

    /// Whether the bytes hold "```" or "~~~": a cheap over-approximation of "has a fenced code block".
    /// Searched with `memchr` (`ByteScan.containsRun`) because the main thread asks it of every document
    /// while the other core idles; a byte loop over 39 MB of content was 60 ms of a 10,000-document build.
    /// `FenceScanTests` holds it to the byte loop.
    static func holdsFence(_ bytes: UnsafeRawBufferPointer) -> Bool {
        ByteScan.containsRun(of: UInt8(ascii: "`"), length: 3, in: bytes) || ByteScan.containsRun(of: UInt8(ascii: "~"), length: 3, in: bytes)
    }

    // MARK: Composition

    private func runPipeline() throws -> BuildReport {
        var timings: [(String, Double, Double)] = []
        var clock = Date()
        var cpuClock = Self.cpuSeconds()
        func lap(_ stage: String) {
            let now = Date(), cpuNow = Self.cpuSeconds()
            timings.append((stage, now.timeIntervalSince(clock), cpuNow - cpuClock))
            clock = now
            cpuClock = cpuNow
        }
        let output = fileSystem.output(options.outputDirectory, options.force, [options.contentDirectory, options.templatesDirectory])
        // Refuse a dangerous output before reading anything, so nothing is touched.
        try output.validate()
        let replacesForeignFolder = options.force && output.holdsForeignFiles
        // The documents the last build read and that have not changed since are known without reading them
        // (`InputStamps`); not under `--force`, which reads everything again.
        let lastInputsTable = options.force || extractionMemo != nil ? nil : output.knownInputs()
        let readStarted = InputStamps.now()
        let lastInputs = lastInputsTable.flatMap { InputStamps(parsing: $0) }
        let inputs = try read(discover(), lastInputs: lastInputs)
        let documentsKnown = (unread: inputs.sources.unread.count { $0 }, of: inputs.sources.files.count)
        let parts = BuildFingerprint.parts(of: inputs, options: options, executable: fileSystem.executableIdentity(),
                                           highlighter: highlighter.identity())
        let fingerprint = parts.site.hex
        let claimed = try output.claim()
        // Whatever this build goes on to do: the table only says what the files held. Unchanged when every
        // document was known from it and none went.
        if fileSystem.readFileStamped != nil, extractionMemo == nil,
           !(inputs.sources.unread.allSatisfy { $0 } && lastInputs?.count == inputs.sources.unread.count) {
            let table = inputs.sources.inputStamps(now: readStarted)
            if table != lastInputsTable { claimed.recordKnownInputs(table) }
        }
        let marker = claimed.intactMarker()
        if !options.force, let marker, marker.fingerprint == fingerprint {
            claimed.release()
            lap("read and compare inputs")
            let diagnostics = applyStrictness(marker.diagnostics)
            return BuildReport(model: SiteModel(documents: [], subjects: [], diagnostics: []), diagnostics: diagnostics,
                               filesWritten: 0, timings: timings, upToDate: true, published: !diagnostics.hasErrors,
                               documentsKnown: documentsKnown)
        }
        lap("read inputs")
        // Python loads Pygments while the documents are parsed, when some document has a fenced block.
        if inputs.sources.files.indices.contains(where: { index in
            if index < inputs.sources.known.count, let known = inputs.sources.known[index] { return known.holdsFence }
            return (try? inputs.sources.files[index].bytes.get()).map { $0.withUnsafeBytes { Self.holdsFence($0) } } ?? false
        }) {
            highlighter.prepare()
        }
        // The last build's state, when it describes the site in the output and that site is intact.
        let extractionKey = BuildState.extractionKey(executable: parts.executable, settings: loader(for: inputs.config).extractionSettings)
        var state: BuildState?
        if !options.force, extractionMemo == nil, let marker, let descriptor = claimed.openLastBuildState(),
           let source = StateSource(descriptor: descriptor), let decoded = BuildState.read(source),
           decoded.site == marker.fingerprint, decoded.extractionKey == extractionKey {
            state = decoded
        }
        let recording = claimed.createBuildState().map { descriptor in
            StateRecording(keys: (extractionKey, parts.withoutContent.value), digests: parts.files, state: state,
                           next: StateFile(descriptor: descriptor))
        }
        do {
            let report = try build(consume inputs, fingerprint: fingerprint, claimed: claimed, recording: recording,
                                   replacesForeignFolder: replacesForeignFolder, lap: lap) { timings.append(($0, $1, $2)) }
            return BuildReport(model: report.model, diagnostics: report.diagnostics, filesWritten: report.files,
                               timings: timings, linkReport: report.linkReport, published: true, rendered: report.rendered,
                               documentsKnown: documentsKnown)
        } catch let stopped as BuildStopped {
            return BuildReport(model: stopped.model ?? SiteModel(documents: [], subjects: [], diagnostics: []),
                               diagnostics: stopped.diagnostics, filesWritten: 0, timings: timings, linkReport: stopped.linkReport,
                               documentsKnown: documentsKnown)
        }
    }

    /// The stages after reading, up to publishing. Throws `BuildStopped` (nothing published) or an I/O error.
    private func build(_ inputs: consuming BuildInputs, fingerprint: String, claimed: any ClaimedOutput, recording: StateRecording?,
                       replacesForeignFolder: Bool,
                       lap: (String) -> Void, record: (String, Double, Double) -> Void)
        throws -> (model: SiteModel, diagnostics: [Diagnostic], files: Int, linkReport: LinkCheckReport?, rendered: RenderedSite) {
        var diagnostics = inputs.diagnostics
        func stop(_ model: SiteModel? = nil, links: LinkCheckReport? = nil) -> BuildStopped {
            BuildStopped(diagnostics: applyStrictness(diagnostics).sortedForDisplay(), model: model, linkReport: links)
        }
        // Whatever ends the build before it publishes (a stop, an I/O error) drops what it staged or releases
        // the output it claimed, in one place (the `catch` at the end), so no exit leaves the lock held or a
        // staging folder behind. Staging that fails and publishing clean up after themselves.
        var staged: (any StagedOutput)?
        var stagingFailed = false, publishing = false
        do {
            // The documents' bytes are in the model once extracted (what pages need of them): the rest of
            // the build holds the model, not a second copy of the content.
            var model: SiteModel
            // With an output that keeps a state: the extractions recorded for the next build, files the last
            // build read alike taken from its state, and the last build's model beside this one's.
            var recorded: [(file: DiscoveredFile, digest: UInt64, archive: Range<Int>, check: UInt64)]?
            var previousRenderer: BackgroundWork<SiteRenderer?>?
            if let recording {
                var made = extract(takingSourcesOf: &inputs, recording: recording)
                if let previous = made.previous.take(), let state = recording.state, state.pagesKey == recording.keys.pages {
                    // What made the output's pages: the same templates and configuration (`pagesKey`) over
                    // the last build's model, made on another core while this build's renderer is.
                    let loader = self.loader, templates = inputs.templates, config = inputs.config, code = state.highlightedCode
                    let prefix = PathTools.displayPrefix(for: options.templatesDirectory)
                    previousRenderer = BackgroundWork(inline: Parallelism.workers == 1) {
                        let model = loader.assemble(previous)
                        guard case .success(let compiled) = TemplateSet.compile(sources: templates, displayPrefix: prefix) else { return nil }
                        var renderer = SiteRenderer(model: model, templates: compiled, config: config)
                        renderer.highlightedCode = code
                        return renderer
                    }
                }
                model = assemble(made.extracted)
                recorded = made.recorded
            } else {
                model = assemble(extract(takingSourcesOf: &inputs))
            }
            diagnostics += model.diagnostics
            if let staleAfter = inputs.config.staleAfterDays, let today = options.buildDay ?? Freshness.newestDay(in: model.documents) {
                diagnostics += Freshness.staleDiagnostics(model.documents, staleAfterDays: staleAfter, today: today)
            }
            lap("parse and extract")
            // Stage "highlight": every distinct code block once, in one Pygments process.
            let code = CodeHighlighting.run(model, with: highlighter)
            diagnostics += code.diagnostics
            if !code.diagnostics.isEmpty || !code.highlighted.isEmpty { lap("highlight code") }
            let pages: SitePages
            switch self.pages(of: model, inputs: inputs, highlightedCode: code.highlighted) {
            case .success(let made): pages = made
            case .failure(let errors):
                diagnostics += errors.diagnostics
                throw stop(model)
            }
            lap("templates and link check")
            diagnostics += pages.diagnostics
            // What the output's pages were made with, when everything but the content is as it was.
            var previous = previousSite
            if let previousRenderer, let state = recording?.state, let renderer = try? previousRenderer.wait() {
                var kept = RenderedSite(renderer: renderer, templates: inputs.templates, files: [:], searchIndexPaths: state.searchIndexPaths)
                kept.pagesInOutput = true
                kept.modelJSONRanges = state.modelJSONRanges
                previous = kept
                lap("the last build's model")
            }
            if inputs.config.baseURL == nil {
                diagnostics.append(Diagnostic(.note, file: options.configFile,
                    "no base URL (set 'base_url' in site.yml or pass --base-url): sitemap.xml is not written"))
            }
            if replacesForeignFolder {
                diagnostics.append(Diagnostic(.note, file: options.outputDirectory,
                    "--force: replacing '\(PathTools.absolute(options.outputDirectory))', which Versus did not create"))
            }
            diagnostics = applyStrictness(diagnostics).sortedForDisplay()
            if diagnostics.hasErrors { throw stop(model) }
            // model.json carries every diagnostic of the build, not only the content's.
            model.diagnostics = diagnostics
            let stagedOutput: any StagedOutput
            do { stagedOutput = try claimed.stage() } catch { stagingFailed = true; throw error }
            staged = stagedOutput
            let written = try write(pages, model: model, assets: inputs.assets, contentFiles: inputs.sources.contentFiles,
                                    templates: inputs.templates, previous: previous, into: stagedOutput)
            if let recorded, let recording {
                recording.next.finish(site: fingerprint, extractionKey: recording.keys.extraction, pagesKey: recording.keys.pages,
                                      readDiagnostics: inputs.sources.diagnostics, contentFiles: inputs.sources.contentFiles,
                                      files: recorded, highlightedCode: code.highlighted,
                                      searchIndexPaths: written.searchIndexPaths, modelJSONRanges: written.modelJSONRanges)
            }
            lap("render and write pages")
            // Part of the stage above, on its own thread: what the quick find's index costs.
            record("of which the search index (its own thread)", written.searchIndex.seconds, written.searchIndex.cpuSeconds)
            // A page that failed to render is an error; a content file replaced by a link while the build ran is a warning.
            diagnostics += applyStrictness(written.diagnostics)
            if written.diagnostics.hasErrors || (options.strict && !written.diagnostics.isEmpty) { throw stop(model) }
            diagnostics = diagnostics.sortedForDisplay()
            if inputs.config.fullTextSearch, let directory = stagedOutput.directory, let pagefind = inputs.pagefind {
                if let failure = FullTextSearch.index(site: directory, executable: pagefind, configFile: options.configFile) {
                    diagnostics.append(failure)
                    throw stop(model)
                }
                lap("full-text index (Pagefind)")
            }
            let links = try checkLinks(of: stagedOutput)
            if let links {
                lap("check links of the site")
                if links.hasErrors { throw stop(model, links: links) }
            }
            publishing = true
            try stagedOutput.publish(marker: SiteMarker(fingerprint: fingerprint, diagnostics: diagnostics))
            lap("swap in")
            var rendered = RenderedSite(renderer: pages.renderer, templates: inputs.templates, files: [:], pagesKept: written.kept,
                                        searchIndexPaths: written.searchIndexPaths)
            rendered.modelDiagnostics = model.diagnostics
            rendered.writeDiagnostics = applyStrictness(written.diagnostics)
            return (model, diagnostics, written.files, links, rendered)
        } catch {
            if !publishing {
                if let staged { staged.abandon() } else if !stagingFailed { claimed.release() }
            }
            throw error
        }
    }
}
