import ComparisonModel
import Diagnostics
import Foundation
import SiteBuilder
import Testing

/// The build is a pipeline of named stages over a file-system seam: it runs entirely in memory, and
/// its stages can be called one by one (a server re-renders a few pages).
@Suite struct PipelineTests {
    /// The default templates, read into memory.
    static func memoryProject(_ content: [String: String]) throws -> MemoryFiles {
        let files = MemoryFiles()
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates")
        let enumerator = FileManager.default.enumerator(atPath: templates.path)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = templates.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.write(Array(try Data(contentsOf: URL(fileURLWithPath: full))), to: "templates/" + relative)
            }
        }
        for (path, text) in content { files.write(text, to: "content/" + path) }
        return files
    }

    static var options: BuildOptions {
        var options = BuildOptions()
        // Nothing may appear here: the output is the in-memory one.
        options.outputDirectory = "/nonexistent-versus-memory-site"
        options.configFile = "site.yml"
        return options
    }

    @Test func buildsASiteEntirelyInMemory() throws {
        let files = try Self.memoryProject(["a.md": Documents.good, "b.md": Documents.good.replacingOccurrences(of: "Alpha", with: "Gamma")])
        files.write("title: In memory\n", to: "site.yml")
        let report = try SiteBuild(options: Self.options, fileSystem: files.fileSystem).run()
        #expect(report.published && !report.diagnostics.hasErrors, "\(report.diagnostics.map(\.formatted))")
        let site = try #require(files.output.files)
        let page = String(decoding: try #require(site["compare/a/index.html"]), as: UTF8.self)
        #expect(page.contains("In memory"))
        #expect(site["assets/style.css"] != nil)
        #expect(site["model.json"] != nil)
        #expect(!FileManager.default.fileExists(atPath: Self.options.outputDirectory))

        let again = try SiteBuild(options: Self.options, fileSystem: files.fileSystem).run()
        #expect(again.upToDate)
        files.write(Documents.good.replacingOccurrences(of: "fast", with: "quicker"), to: "content/a.md")
        #expect(try !SiteBuild(options: Self.options, fileSystem: files.fileSystem).run().upToDate)
        #expect(String(decoding: try #require(files.output.files?["compare/a/index.html"]), as: UTF8.self).contains("quicker"))
    }

    @Test func stagesRunOneByOneAndRenderAChosenPage() throws {
        let files = try Self.memoryProject(["a.md": Documents.good, "b.md": Documents.good.replacingOccurrences(of: "Alpha", with: "Gamma")])
        let build = SiteBuild(options: Self.options, fileSystem: files.fileSystem)
        let inputs = try build.read(build.discover())
        #expect(inputs.sources.files.map(\.file.contentPath) == ["a.md", "b.md"])
        let model = build.assemble(build.extract(inputs))
        #expect(model.documents.count == 2)
        let pages = try build.pages(of: model, inputs: inputs).get()
        let chosen = try #require(pages.jobs.first { job in
            pages.render([job]).pages.first?.path == "compare/b/index.html"
        })
        let rendered = pages.render([chosen])
        #expect(rendered.pages.count == 1 && rendered.diagnostics.isEmpty)

        _ = try build.run()
        #expect(files.output.files?["compare/b/index.html"] == rendered.pages[0].bytes)
    }

    /// The extraction memo (the seam `versus serve` rebuilds through): after an edit only the edited
    /// file is extracted again, a setting that changes how documents are read extracts them all, and
    /// the site is the one a build without a memo makes.
    @Test func theExtractionMemoReExtractsOnlyWhatChanged() throws {
        let files = try Self.memoryProject(["a.md": Documents.good, "b.md": Documents.good.replacingOccurrences(of: "Alpha", with: "Gamma"),
                                            "c.md": Documents.good.replacingOccurrences(of: "Alpha", with: "Delta")])
        files.write("title: Memo\n", to: "site.yml")
        var build = SiteBuild(options: Self.options, fileSystem: files.fileSystem)
        build.extractionMemo = ExtractionMemo()
        let memo = try #require(build.extractionMemo)
        func builtWithAndWithoutMemo() throws -> (memo: [String: [UInt8]], plain: [String: [UInt8]]) {
            var options = Self.options
            options.force = true
            var withMemo = build
            withMemo.options = options
            #expect(try withMemo.run().published)
            let kept = try #require(files.output.files)
            #expect(try SiteBuild(options: options, fileSystem: files.fileSystem).run().published)
            return (kept, try #require(files.output.files))
        }
        var sites = try builtWithAndWithoutMemo()
        #expect(memo.lastBuild.reused == 0 && memo.lastBuild.extracted == 3)
        #expect(sites.memo == sites.plain)

        files.write(Documents.good.replacingOccurrences(of: "fast", with: "quicker"), to: "content/a.md")
        sites = try builtWithAndWithoutMemo()
        #expect(memo.lastBuild.reused == 2 && memo.lastBuild.extracted == 1)
        #expect(sites.memo == sites.plain)
        #expect(String(decoding: try #require(sites.memo["compare/a/index.html"]), as: UTF8.self).contains("quicker"))

        files.write("title: Memo\nunsafe_html: true\n", to: "site.yml")
        sites = try builtWithAndWithoutMemo()
        #expect(memo.lastBuild.reused == 0 && memo.lastBuild.extracted == 3)
        #expect(sites.memo == sites.plain)

        files.write(Documents.good.replacingOccurrences(of: "Alpha", with: "Epsilon"), to: "content/b.md")
        files.remove("content/c.md")
        sites = try builtWithAndWithoutMemo()
        #expect(memo.lastBuild.reused == 1 && memo.lastBuild.extracted == 1)
        #expect(sites.memo == sites.plain)
    }

    @Test func modelJSONCarriesEveryDiagnosticOfTheBuild() throws {
        let files = try Self.memoryProject(["a.md": Documents.good.replacingOccurrences(of: "fast", with: "fast, see [x](missing.md)")])
        let report = try SiteBuild(options: Self.options, fileSystem: files.fileSystem).run()
        let brokenLink = try #require(report.diagnostics.first { $0.message.contains("'missing.md' names no document") })
        #expect(brokenLink.severity == .warning)
        let json = try #require(files.output.files?["model.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let messages = (object["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(messages.contains(brokenLink.message), "model.json: \(messages)")
        #expect(messages.contains { $0.hasPrefix("no base URL") })
    }
}
