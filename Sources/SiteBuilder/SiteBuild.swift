import ComparisonModel
import Diagnostics
import Foundation

/// What `versus build` was asked to do.
public struct BuildOptions: Sendable {
    public var contentDirectory = "content"
    public var templatesDirectory = "templates"
    public var outputDirectory = "_site"
    public var baseURL: String?
    public var force = false

    public init() {}
}

public struct BuildReport: Sendable {
    public var model: SiteModel
    public var diagnostics: [Diagnostic]
    /// Files written, `0` when an error stopped the build before writing.
    public var filesWritten: Int
}

/// The pipeline: content -> model -> pages -> output folder. The only place that writes the site.
public struct SiteBuild: Sendable {
    public var options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func run() throws -> BuildReport {
        let output = OutputFolder(path: options.outputDirectory, force: options.force,
                                  protectedFolders: [options.contentDirectory, options.templatesDirectory])
        // Refuse a dangerous output before reading anything, so nothing is touched.
        try output.validate()
        let model = try ModelLoader(contentDirectory: options.contentDirectory).load()
        var diagnostics = model.diagnostics
        if diagnostics.hasErrors {
            return BuildReport(model: model, diagnostics: diagnostics, filesWritten: 0)
        }
        var files: [OutputFile] = []
        do {
            files.append(OutputFile(path: "model.json", bytes: Array(try ModelJSON.encode(model))))
        } catch {
            diagnostics.append(Diagnostic(.error, file: "model.json", "cannot encode the model: \(error)"))
            return BuildReport(model: model, diagnostics: diagnostics, filesWritten: 0)
        }
        try output.write(files)
        return BuildReport(model: model, diagnostics: diagnostics, filesWritten: files.count)
    }
}
