import Diagnostics
import Foundation
import SiteBuilder
import TestSupport
import Testing

/// A throwaway project in a temporary folder: content written from strings, the repository's
/// default templates, and an output folder to inspect.
struct TestSite {
    let root: URL

    static var repositoryTemplates: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates")
    }

    init(_ files: [String: String], templates: [String: String]? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("versus-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
        for (path, text) in files { try write(text, to: "content/" + path) }
        try FileManager.default.copyItem(at: Self.repositoryTemplates, to: root.appendingPathComponent("templates"))
        for (name, text) in templates ?? [:] { try write(text, to: "templates/\(name).mustache") }
    }

    func write(_ text: String, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Rewrites one of the theme's templates (`name.mustache`) in this site's copy, replacing `old` by `new`.
    func editTemplate(_ name: String, replacing old: String, with new: String) throws {
        let theme = try String(contentsOf: Self.repositoryTemplates.appendingPathComponent("\(name).mustache"), encoding: .utf8)
        try write(theme.replacingOccurrences(of: old, with: new), to: "templates/\(name).mustache")
    }

    var options: BuildOptions {
        var options = BuildOptions()
        options.contentDirectory = root.appendingPathComponent("content").path
        options.templatesDirectory = root.appendingPathComponent("templates").path
        options.outputDirectory = root.appendingPathComponent("_site").path
        options.configFile = root.appendingPathComponent("site.yml").path
        return options
    }

    /// Builds the site; every site a test builds must also pass the safety scan.
    /// `force` rebuilds even when nothing changed since the last build.
    func build(baseURL: String? = nil, force: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws -> BuildReport {
        var options = self.options
        options.baseURL = baseURL
        options.force = force
        let report = try SiteBuild(options: options).run()
        if report.filesWritten > 0 {
            let problems = SafetyScan.problems(inSite: root.appendingPathComponent("_site"))
            #expect(problems.isEmpty, "unsafe output: \(problems)", sourceLocation: sourceLocation)
        }
        return report
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("_site/" + path).path)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("_site/" + path), encoding: .utf8)
    }

    func page(_ path: String) throws -> HTMLElement {
        HTMLElement.parse(try read(path))
    }

    /// Resolves an href found on the page at `pagePath` to a file of the built site, as a static host would.
    func target(of href: String, from pagePath: String) -> String? {
        var path = String(href.split(separator: "#", omittingEmptySubsequences: false).first ?? "")
        if path.isEmpty { return pagePath }
        path = path.removingPercentEncoding ?? path
        var parts = pagePath.split(separator: "/").dropLast().map(String.init)
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch component {
            case "", ".": continue
            case "..": if parts.popLast() == nil { return nil }
            default: parts.append(String(component))
            }
        }
        var resolved = parts.joined(separator: "/")
        if path.hasSuffix("/") || path == "." || path.isEmpty { resolved += (resolved.isEmpty ? "" : "/") + "index.html" }
        return exists(resolved) ? resolved : nil
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

enum Samples {
    static let alphaBeta = """
    # Alpha vs Beta

    ## Introduction

    Alpha and Beta are two tools. See also [Beta and Gamma](beta-vs-gamma.md#speed).

    ## Key Differences

    ### Speed

    - **Alpha**: Fast, with `--turbo`.
    - **Beta**: Slow, see [the docs](https://example.org/beta).

    ### Setup

    - **Alpha**: Two steps:
      - install
      - run
    - **Beta**: One step.

    ### Support

    - **Alpha**: Community forum.

    ## Use Cases

    ### Alpha

    1. **Scripting**: Small jobs.

    ### Beta

    1. **Batch**: Large jobs.
    2. Reports without a title.

    ## Conclusion

    Pick by [speed](#speed) or read the [missing page](nowhere.md) and [a bad anchor](beta-vs-gamma.md#nope).
    """

    static let betaGamma = """
    # Beta vs Gamma

    Beta and Gamma compared. Back to [Alpha vs Beta](alpha-vs-beta.md).

    ## Key Differences

    ### Speed

    - **Beta**: Slow.
    - **Gamma**: Quick.
    """
}
