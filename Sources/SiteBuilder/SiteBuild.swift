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

    public init() {}
}

public struct BuildReport: Sendable {
    public var model: SiteModel
    public var diagnostics: [Diagnostic]
    /// Files written, `0` when an error stopped the build before writing.
    public var filesWritten: Int
    public var timings: [(stage: String, seconds: Double)]
}

/// The pipeline: content -> model -> pages -> output folder. The only place that writes the site.
public struct SiteBuild: Sendable {
    public var options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func run() throws -> BuildReport {
        var timings: [(String, Double)] = []
        var clock = Date()
        func lap(_ stage: String) {
            let now = Date()
            timings.append((stage, now.timeIntervalSince(clock)))
            clock = now
        }
        let output = OutputFolder(path: options.outputDirectory, force: options.force,
                                  protectedFolders: [options.contentDirectory, options.templatesDirectory])
        // Refuse a dangerous output before reading anything, so nothing is touched.
        try output.validate()
        var (config, diagnostics) = try ProjectFiles.readConfig(at: options.configFile)
        if let baseURL = options.baseURL { config.baseURL = try ProjectFiles.validatedBaseURL(baseURL) }

        let templateSources = try ProjectFiles.readTemplates(in: options.templatesDirectory)
        let templates: TemplateSet
        switch TemplateSet.compile(sources: templateSources, displayPrefix: PathTools.displayPrefix(for: options.templatesDirectory)) {
        case .success(let compiled): templates = compiled
        case .failure(let errors):
            return BuildReport(model: SiteModel(documents: [], subjects: [], diagnostics: []),
                               diagnostics: diagnostics + errors.diagnostics, filesWritten: 0, timings: timings)
        }
        lap("templates")

        let model = try ModelLoader(contentDirectory: options.contentDirectory).load()
        diagnostics += model.diagnostics
        lap("parse and extract")
        let renderer = SiteRenderer(model: model, templates: templates, config: config)
        diagnostics += renderer.linkDiagnostics()
        if diagnostics.hasErrors {
            return BuildReport(model: model, diagnostics: diagnostics.sortedForDisplay(), filesWritten: 0, timings: timings)
        }
        lap("check links")
        let rendered = renderer.jobs.parallelMap { renderer.render($0) }
        lap("render pages")
        var files: [OutputFile] = []
        files.reserveCapacity(rendered.count + 8)
        for result in rendered {
            switch result {
            case .success(let file): files.append(OutputFile(path: file.path, text: file.text))
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        if config.baseURL == nil {
            diagnostics.append(Diagnostic(.note, file: options.configFile,
                "no base URL (set 'base_url' in site.yml or pass --base-url): sitemap.xml is not written"))
        }
        files += try ProjectFiles.readAssets(in: options.templatesDirectory)
        lap("read assets")
        files.append(OutputFile(path: "model.json", bytes: Array(try ModelJSON.encode(model))))
        lap("encode model.json")
        if diagnostics.hasErrors {
            return BuildReport(model: model, diagnostics: diagnostics.sortedForDisplay(), filesWritten: 0, timings: timings)
        }
        try output.write(files)
        lap("write")
        return BuildReport(model: model, diagnostics: diagnostics.sortedForDisplay(), filesWritten: files.count, timings: timings)
    }
}
