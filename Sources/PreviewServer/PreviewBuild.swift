import Diagnostics
import Foundation
import ParallelWork
import SiteBuilder
import SiteRendering

/// Builds the site as `versus build` does, from the same files on disk, into memory: the same stages
/// through the same `SiteBuild`, with only the output replaced (`ServedOutput`). So what the server
/// holds is, byte for byte, what `versus build` would write (the live-reload script aside, added later).
public struct PreviewBuild: Sendable {
    public var options: BuildOptions
    /// The server's results of extraction, kept between its builds: after an edit only the changed
    /// documents are parsed again.
    public var extractionMemo: ExtractionMemo?

    /// The server's highlighted code, kept between its builds: Pygments starts only for new code.
    public var highlightMemo: HighlightMemo?
    /// The last site this server built: the pages an edit cannot have changed are taken from it.
    public var previousSite: RenderedSite?
    /// The pages of that site as the server holds them (their jobs and tags).
    var previousPages: [String: ServedOutput.Page] = [:]

    public init(options: BuildOptions, extractionMemo: ExtractionMemo? = nil, highlightMemo: HighlightMemo? = nil) {
        self.options = options
        self.extractionMemo = extractionMemo
        self.highlightMemo = highlightMemo
    }

    /// A site that built, as the server holds it.
    public struct Built: Sendable {
        /// The files held as bytes (assets, content files, the quick find's index), by path.
        public var files: [String: [UInt8]]
        /// The pages by path: the job `maker` renders each from again when it is asked for, and the
        /// tag of its bytes (see `ServedOutput`).
        public var pages: [String: ServedOutput.Page]
        public var maker: PageMaker
        /// `model.json`, made when first asked for.
        public var modelJSON: @Sendable () -> [UInt8]
        /// The build's diagnostics (warnings and notes).
        public var diagnostics: [Diagnostic]
        /// The pages of drafts (with `includeDrafts`), which the server marks.
        public var draftPages: Set<String>
        /// What to hand the next build as `previousSite`.
        public var rendered: RenderedSite?
        public var timings: [(stage: String, seconds: Double, cpuSeconds: Double)]

        /// Every file of the site: `files`, the pages, `model.json`.
        public var fileCount: Int { files.count + pages.count + 1 }
    }

    public enum Outcome: Sendable {
        case built(Built)
        /// Nothing to serve from this build: its diagnostics, errors included, sorted for display.
        case failed([Diagnostic])
    }

    /// The site after the documents at `contentPaths` (relative to the content folder) changed, without
    /// a full build, when the change is one `SiteBuild.edit` handles (from `previousSite`); else `nil`.
    public func edit(_ contentPaths: Set<String>) -> ContentEdit? {
        guard let previousSite else { return nil }
        var build = SiteBuild(options: options, fileSystem: .disk)
        build.extractionMemo = extractionMemo
        return Parallelism.$workers.withValue(options.jobs) { build.edit(contentPaths, of: previousSite) }
    }

    /// One full build. Never throws: a broken `site.yml` or an unreadable folder is one more error to
    /// show, since the server keeps running and the writer fixes it.
    public func run() -> Outcome {
        let output = ServedOutput(previousPages: previousPages)
        let disk = FileSystem.disk
        let fileSystem = FileSystem(
            listFolder: disk.listFolder, kind: disk.kind, readFile: disk.readFile,
            output: { _, _, _ in output },
            // The fingerprint only matters to an output on disk; this one is new on every build.
            executableIdentity: { nil })
        var options = self.options
        // Never compared or replaced: a name that cannot collide with an input folder.
        options.outputDirectory = "(memory)"
        options.deferModelJSON = true
        do {
            var build = SiteBuild(options: options, fileSystem: fileSystem)
            build.extractionMemo = extractionMemo
            build.previousSite = previousSite
            if let highlightMemo { build.highlighter = highlightMemo.remembering(build.highlighter) }
            let report = try build.run()
            guard report.published, let site = output.site, let renderer = report.rendered?.renderer else {
                return .failed(report.diagnostics)
            }
            let drafts = Set(report.model.documents.filter(\.draft).map { $0.url + "index.html" })
            var rendered = report.rendered
            rendered?.files = site.files
            let model = report.model
            return .built(Built(files: site.files, pages: site.pages, maker: PageMaker(renderer),
                                modelJSON: { ModelLoader.modelJSONBytes(model) }, diagnostics: report.diagnostics, draftPages: drafts,
                                rendered: rendered, timings: report.timings))
        } catch let error as UsageError {
            return .failed([error.diagnostic ?? Diagnostic(.error, file: options.configFile, error.description)])
        } catch let diagnostic as Diagnostic {
            return .failed([diagnostic])
        } catch {
            return .failed([Diagnostic(.error, file: options.contentDirectory, "\(error)")])
        }
    }
}
