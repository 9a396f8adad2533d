import ComparisonExtraction
import ComparisonModel
import Diagnostics
import Foundation
import LinkChecking
import SiteRendering

/// What `versus build` was asked to do.
public struct BuildOptions: Sendable {
    public var contentDirectory = "content"
    public var templatesDirectory = "templates"
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
    /// Documents marked `draft: true` are built too (`versus serve --drafts` only).
    public var includeDrafts = false

    public init() {}
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

    public init(options: BuildOptions, fileSystem: FileSystem = .disk) {
        self.options = options
        self.fileSystem = fileSystem
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
        var loader = self.loader
        loader.allowRawHTML = config.unsafeHTML
        loader.limits.maximumSubjects = config.maximumSubjects
        return loader
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
        var (config, configBytes, diagnostics) = try ProjectFiles.readConfig(at: options.configFile, fileSystem: fileSystem)
        if let baseURL = options.baseURL { config.baseURL = try ProjectFiles.validatedBaseURL(baseURL) }
        let (templates, templateDiagnostics) = try ProjectFiles.readTemplates(in: options.templatesDirectory, fileSystem: fileSystem)
        let (assets, assetDiagnostics) = try ProjectFiles.readAssets(in: options.templatesDirectory, fileSystem: fileSystem)
        diagnostics += templateDiagnostics + assetDiagnostics
        let loader = self.loader(for: config)
        return BuildInputs(config: config, configBytes: configBytes, templates: templates, assets: assets,
                           sources: loader.read(discovered.files, diagnostics: discovered.diagnostics), diagnostics: diagnostics)
    }

    /// Stage "extract": documents and subject profiles, each on its own (on every core).
    public func extract(_ inputs: BuildInputs) -> ModelLoader.Extracted {
        loader(for: inputs.config).extract(inputs.sources)
    }

    /// Stage "assemble": one site model; its diagnostics are the content's.
    public func assemble(_ extracted: consuming ModelLoader.Extracted) -> SiteModel {
        loader.assemble(extracted)
    }

    /// Stage "render", its preparation: templates compiled and checked, every document's links
    /// rewritten for the pages (broken ones reported), the list of pages to make.
    public func pages(of model: SiteModel, inputs: BuildInputs) -> Result<SitePages, TemplateErrors> {
        TemplateSet.compile(sources: inputs.templates, displayPrefix: PathTools.displayPrefix(for: options.templatesDirectory))
            .map { templates in
                let renderer = SiteRenderer(model: model, templates: templates, config: inputs.config)
                return SitePages(renderer: renderer, jobs: renderer.jobs, diagnostics: renderer.linkDiagnostics())
            }
    }

    /// Stage "render" and "write", streamed: every page is rendered and written into the staging area on
    /// every core, so the site is never held in memory as a whole; then the assets. `model.json` is
    /// written on another thread meanwhile (after the pages with `--jobs 1`), a batch of documents at a
    /// time. Returns the number of files and the diagnostics of pages that failed to render.
    func write(_ pages: SitePages, model: SiteModel, assets: [OutputFile], into staged: any StagedOutput) throws -> (files: Int, diagnostics: [Diagnostic]) {
        let modelJSON = BackgroundWork(inline: Parallelism.workers == 1) {
            try staged.write(path: "model.json") { emit in try ModelLoader.encodeJSON(model, emit: emit) }
        }
        let renderer = pages.renderer
        let outcomes = pages.jobs.parallelMap { job -> Result<Void, Error> in
            switch renderer.render(job) {
            case .success(let page):
                return Result { try page.content.withUnsafeBytes { try staged.write(path: page.path, contents: $0) } }
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
        let modelError = Result { try modelJSON.wait() }
        if let writeError { throw writeError }
        try modelError.get()
        if !diagnostics.hasErrors { for file in assets { try staged.write(file) } }
        return (pages.jobs.count + assets.count + 1, diagnostics)
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
        let inputs = try read(discover())
        let fingerprint = BuildFingerprint.of(inputs, options: options, executable: fileSystem.executableIdentity()).hex
        let claimed = try output.claim()
        if !options.force, let marker = claimed.intactMarker(), marker.fingerprint == fingerprint {
            claimed.release()
            lap("read and compare inputs")
            let diagnostics = applyStrictness(marker.diagnostics)
            return BuildReport(model: SiteModel(documents: [], subjects: [], diagnostics: []), diagnostics: diagnostics,
                               filesWritten: 0, timings: timings, upToDate: true, published: !diagnostics.hasErrors)
        }
        lap("read inputs")
        do {
            let report = try build(inputs, fingerprint: fingerprint, claimed: claimed,
                                   replacesForeignFolder: replacesForeignFolder, lap: lap)
            return BuildReport(model: report.model, diagnostics: report.diagnostics, filesWritten: report.files,
                               timings: timings, linkReport: report.linkReport, published: true)
        } catch let stopped as BuildStopped {
            return BuildReport(model: stopped.model ?? SiteModel(documents: [], subjects: [], diagnostics: []),
                               diagnostics: stopped.diagnostics, filesWritten: 0, timings: timings, linkReport: stopped.linkReport)
        }
    }

    /// The stages after reading, up to publishing. Throws `BuildStopped` (nothing published) or an I/O error.
    private func build(_ inputs: BuildInputs, fingerprint: String, claimed: any ClaimedOutput, replacesForeignFolder: Bool,
                       lap: (String) -> Void) throws -> (model: SiteModel, diagnostics: [Diagnostic], files: Int, linkReport: LinkCheckReport?) {
        var diagnostics = inputs.diagnostics
        func stop(_ model: SiteModel? = nil, links: LinkCheckReport? = nil) -> BuildStopped {
            BuildStopped(diagnostics: applyStrictness(diagnostics).sortedForDisplay(), model: model, linkReport: links)
        }
        var model = assemble(extract(inputs))
        diagnostics += model.diagnostics
        lap("parse and extract")
        let pages: SitePages
        switch self.pages(of: model, inputs: inputs) {
        case .success(let made): pages = made
        case .failure(let errors):
            claimed.release()
            diagnostics += errors.diagnostics
            throw stop(model)
        }
        lap("templates and link check")
        diagnostics += pages.diagnostics
        if inputs.config.baseURL == nil {
            diagnostics.append(Diagnostic(.note, file: options.configFile,
                "no base URL (set 'base_url' in site.yml or pass --base-url): sitemap.xml is not written"))
        }
        if replacesForeignFolder {
            diagnostics.append(Diagnostic(.note, file: options.outputDirectory,
                "--force: replacing '\(PathTools.absolute(options.outputDirectory))', which Versus did not create"))
        }
        diagnostics = applyStrictness(diagnostics).sortedForDisplay()
        if diagnostics.hasErrors {
            claimed.release()
            throw stop(model)
        }
        // model.json carries every diagnostic of the build, not only the content's.
        model.diagnostics = diagnostics
        let staged = try claimed.stage()
        let written: (files: Int, diagnostics: [Diagnostic])
        do {
            written = try write(pages, model: model, assets: inputs.assets, into: staged)
        } catch {
            staged.abandon()
            throw error
        }
        lap("render and write pages")
        if !written.diagnostics.isEmpty {
            staged.abandon()
            diagnostics += written.diagnostics
            throw stop(model)
        }
        let links: LinkCheckReport?
        do {
            links = try checkLinks(of: staged)
        } catch {
            staged.abandon()
            throw error
        }
        if let links {
            lap("check links of the site")
            if links.hasErrors {
                staged.abandon()
                throw stop(model, links: links)
            }
        }
        try staged.publish(marker: SiteMarker(fingerprint: fingerprint, diagnostics: diagnostics))
        lap("swap in")
        return (model, diagnostics, written.files, links)
    }
}
