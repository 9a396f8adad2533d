import Diagnostics
import Foundation
import SiteBuilder

/// Builds the site as `versus build` does, from the same files on disk, into memory: the same stages
/// through the same `SiteBuild`, with only the output replaced (`MemoryOutput`). So what the server
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

    public init(options: BuildOptions, extractionMemo: ExtractionMemo? = nil, highlightMemo: HighlightMemo? = nil) {
        self.options = options
        self.extractionMemo = extractionMemo
        self.highlightMemo = highlightMemo
    }

    public enum Outcome: Sendable {
        /// The site's files by path, the build's diagnostics (warnings and notes), and the pages of
        /// drafts (with `includeDrafts`), which the server marks.
        /// `rendered` is what to hand the next build as `previousSite`.
        /// `model.json` is made when first asked for, by `modelJSON`.
        case built([String: [UInt8]], diagnostics: [Diagnostic], draftPages: Set<String>, rendered: RenderedSite?,
                   timings: [(stage: String, seconds: Double, cpuSeconds: Double)] = [], modelJSON: @Sendable () -> [UInt8])
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
        let output = MemoryOutput()
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
            guard report.published, let files = output.files else { return .failed(report.diagnostics) }
            let drafts = Set(report.model.documents.filter(\.draft).map { $0.url + "index.html" })
            var rendered = report.rendered
            rendered?.files = files
            let model = report.model
            return .built(files, diagnostics: report.diagnostics, draftPages: drafts, rendered: rendered, timings: report.timings,
                          modelJSON: { ModelLoader.modelJSONBytes(model) })
        } catch let error as UsageError {
            return .failed([error.diagnostic ?? Diagnostic(.error, file: options.configFile, error.description)])
        } catch let diagnostic as Diagnostic {
            return .failed([diagnostic])
        } catch {
            return .failed([Diagnostic(.error, file: options.contentDirectory, "\(error)")])
        }
    }
}
