import ComparisonExtraction
import ComparisonModel
import Diagnostics
import Foundation
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
    /// At most this many threads; `nil` uses every core. The output is the same either way.
    public var jobs: Int?

    public init() {}
}

public struct BuildReport: Sendable {
    public var model: SiteModel
    public var diagnostics: [Diagnostic]
    /// Files written, `0` when an error stopped the build before writing.
    public var filesWritten: Int
    /// Wall-clock and CPU seconds (user + system, every thread) of each stage: their ratio shows how
    /// well a stage uses the cores.
    public var timings: [(stage: String, seconds: Double, cpuSeconds: Double)]
    /// Nothing changed since the last successful build into this output: nothing was written, and
    /// `diagnostics` are that build's, replayed.
    public var upToDate = false
}

/// The pipeline: content -> model -> pages -> output folder. The only place that writes the site.
public struct SiteBuild: Sendable {
    public var options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    public func run() throws -> BuildReport {
        try Parallelism.$workers.withValue(options.jobs) { try runStages() }
    }

    private func runStages() throws -> BuildReport {
        var timings: [(String, Double, Double)] = []
        var clock = Date()
        var cpuClock = Self.cpuSeconds()
        func lap(_ stage: String) {
            let now = Date(), cpuNow = Self.cpuSeconds()
            timings.append((stage, now.timeIntervalSince(clock), cpuNow - cpuClock))
            clock = now
            cpuClock = cpuNow
        }
        let output = OutputFolder(path: options.outputDirectory, force: options.force,
                                  protectedFolders: [options.contentDirectory, options.templatesDirectory])
        // Refuse a dangerous output before reading anything, so nothing is touched.
        try output.validate()
        let replacesForeignFolder = options.force && output.holdsForeignFiles
        var (config, diagnostics) = try ProjectFiles.readConfig(at: options.configFile)
        if let baseURL = options.baseURL { config.baseURL = try ProjectFiles.validatedBaseURL(baseURL) }

        let templateSources = try ProjectFiles.readTemplates(in: options.templatesDirectory)
        let assets = try ProjectFiles.readAssets(in: options.templatesDirectory)
        var limits = InputLimits()
        limits.maximumSubjects = config.maximumSubjects
        let loader = ModelLoader(contentDirectory: options.contentDirectory, limits: limits, allowRawHTML: config.unsafeHTML)
        let sources = try loader.readSources()
        let fingerprint = BuildFingerprint.of(sources: sources, templates: templateSources, assets: assets,
                                             config: config, options: options).hex
        let outputPath = PathTools.absolute(options.outputDirectory)
        if !options.force, let marker = SiteMarker.read(outputAt: outputPath), marker.fingerprint == fingerprint,
           SiteMarker.countFiles(in: outputPath) == marker.files {
            lap("read and compare inputs")
            return BuildReport(model: SiteModel(documents: [], subjects: [], diagnostics: []), diagnostics: marker.diagnostics,
                               filesWritten: 0, timings: timings, upToDate: true)
        }
        lap("read inputs")
        let templates: TemplateSet
        switch TemplateSet.compile(sources: templateSources, displayPrefix: PathTools.displayPrefix(for: options.templatesDirectory)) {
        case .success(let compiled): templates = compiled
        case .failure(let errors):
            return BuildReport(model: SiteModel(documents: [], subjects: [], diagnostics: []),
                               diagnostics: diagnostics + errors.diagnostics, filesWritten: 0, timings: timings)
        }
        lap("templates")

        let model = loader.load(sources)
        diagnostics += model.diagnostics
        lap("parse and extract")
        // Errors come from the content here; broken links below are warnings (reported with them).
        if diagnostics.hasErrors {
            diagnostics += SiteRenderer(model: model, templates: templates, config: config).linkDiagnostics()
            return BuildReport(model: model, diagnostics: diagnostics.sortedForDisplay(), filesWritten: 0, timings: timings)
        }
        // Pages are rendered and written on every core straight into the staging folder, so the
        // site is never held in memory as a whole.
        let staged = try output.stage()
        // model.json needs only the model: it is encoded and written on another thread while the
        // renderer is set up (on one core) and the pages render, streamed a batch of documents at a
        // time, so the file (larger than the corpus) is never held in memory. With `--jobs 1` it is
        // written after the pages, on the build's one thread.
        let modelJSON = BackgroundWork(inline: Parallelism.workers == 1) {
            try staged.write(path: "model.json") { emit in try ModelLoader.encodeJSON(model, emit: emit) }
        }
        func abandon() {
            _ = try? modelJSON.wait() // never leave a thread writing into a folder being removed
            staged.abandon()
        }
        let renderer = SiteRenderer(model: model, templates: templates, config: config)
        diagnostics += renderer.linkDiagnostics()
        if diagnostics.hasErrors {
            abandon()
            return BuildReport(model: model, diagnostics: diagnostics.sortedForDisplay(), filesWritten: 0, timings: timings)
        }
        lap("check links")
        if config.baseURL == nil {
            diagnostics.append(Diagnostic(.note, file: options.configFile,
                "no base URL (set 'base_url' in site.yml or pass --base-url): sitemap.xml is not written"))
        }
        let files = assets
        let jobs = renderer.jobs
        let outcomes = jobs.parallelMap { job -> Result<Void, Error> in
            switch renderer.render(job) {
            case .success(let page):
                return Result { try page.content.withUnsafeBytes { try staged.write(path: page.path, contents: $0) } }
            case .failure(let diagnostic):
                return .failure(diagnostic)
            }
        }
        var writeError: Error?
        for outcome in outcomes {
            if case .failure(let error) = outcome {
                if let diagnostic = error as? Diagnostic { diagnostics.append(diagnostic) } else if writeError == nil { writeError = error }
            }
        }
        do {
            if let writeError { throw writeError }
            if !diagnostics.hasErrors { for file in files { try staged.write(file) } }
        } catch {
            abandon()
            throw error
        }
        lap("render and write pages")
        do {
            try modelJSON.wait()
        } catch {
            staged.abandon()
            throw error
        }
        lap("finish model.json")
        if diagnostics.hasErrors {
            staged.abandon()
            return BuildReport(model: model, diagnostics: diagnostics.sortedForDisplay(), filesWritten: 0, timings: timings)
        }
        if replacesForeignFolder {
            diagnostics.append(Diagnostic(.note, file: options.outputDirectory,
                "--force: replacing '\(PathTools.absolute(options.outputDirectory))', which Versus did not create"))
        }
        diagnostics = diagnostics.sortedForDisplay()
        try staged.commit(marker: SiteMarker(fingerprint: fingerprint, files: files.count + jobs.count + 1, diagnostics: diagnostics).text)
        lap("swap in")
        return BuildReport(model: model, diagnostics: diagnostics.sortedForDisplay(), filesWritten: files.count + jobs.count + 1, timings: timings)
    }
}
