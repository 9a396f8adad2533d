import ComparisonModel
import Foundation
import SiteBuilder
import SiteRendering
import Testing

/// `versus serve` renders again only the pages an edit can have changed (`PageDependencies`): what the
/// rule keeps must render to the same bytes after the edit, and a change of any site-wide fact must
/// render everything.
@Suite struct PageDependenciesTests {
    static func comparison(_ first: String, _ second: String, speed: String = "fast", dimension: String = "Speed") -> String {
        """
        # \(first) vs \(second)

        A summary of \(first) and \(second).

        ## Key Differences

        ### \(dimension)

        - **\(first)**: \(speed)
        - **\(second)**: slow

        ### Price

        - **\(first)**: cheap
        - **\(second)**: costly
        """
    }

    static let site = [
        "a.md": comparison("Alpha", "Beta"),
        "b.md": comparison("Gamma", "Delta", dimension: "Latency"),
        "c.md": comparison("Alpha", "Gamma"),
    ]

    /// The renderer and template sources a build of these files makes.
    static func rendering(_ content: [String: String], config: String = "title: Deps\n",
                          templateEdit: String? = nil) throws -> (renderer: SiteRenderer, templates: [String: String]) {
        let files = MemoryFiles()
        let templates = TestSite.repositoryTemplates
        let enumerator = FileManager.default.enumerator(atPath: templates.path)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = templates.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: full)))
                if relative == "layout.mustache", let templateEdit { bytes += Array(templateEdit.utf8) }
                files.write(bytes, to: "templates/" + relative)
            }
        }
        for (path, text) in content { files.write(text, to: "content/" + path) }
        files.write(config, to: "site.yml")
        var options = BuildOptions()
        options.outputDirectory = "/nonexistent-versus-memory-site"
        let build = SiteBuild(options: options, fileSystem: files.fileSystem, highlighter: .off)
        let inputs = try build.read(build.discover())
        let pages = try build.pages(of: build.assemble(build.extract(inputs)), inputs: inputs).get()
        return (pages.renderer, inputs.templates)
    }

    static func decide(_ old: (renderer: SiteRenderer, templates: [String: String]),
                       _ new: (renderer: SiteRenderer, templates: [String: String])) -> Set<PageJob>? {
        PageDependencies.jobsToRender(old: old.renderer, oldTemplates: old.templates, new: new.renderer, newTemplates: new.templates)
    }

    static func path(_ renderer: SiteRenderer, _ job: PageJob) -> String? {
        if case .success(let page) = renderer.render(job) { return page.path }
        return nil
    }

    @Test func anEditOfOneEntryRendersItsPageItsSubjectsAndItsDimensionsOnly() throws {
        let old = try Self.rendering(Self.site)
        var edited = Self.site
        edited["a.md"] = Self.comparison("Alpha", "Beta", speed: "very fast")
        let new = try Self.rendering(edited)
        let jobs = try #require(Self.decide(old, new))
        let rendered = Set(jobs.compactMap { Self.path(new.renderer, $0) })
        #expect(rendered.contains("compare/a/index.html"))
        #expect(rendered.contains("subjects/alpha/index.html") && rendered.contains("subjects/beta/index.html"))
        #expect(rendered.contains("dimensions/speed/index.html"))
        // Nothing else shows the entry's text: the home page, the lists, the dimension index are kept.
        #expect(!rendered.contains("index.html") && !rendered.contains("dimensions/index.html"))
        #expect(!rendered.contains("compare/b/index.html") && !rendered.contains("compare/c/index.html"))
        #expect(!rendered.contains("subjects/delta/index.html"))
        #expect(!rendered.contains("dimensions/latency/index.html"))
        // The contract itself: every page the rule keeps is the same after the edit as before it.
        for job in new.renderer.jobs where !jobs.contains(job) {
            let before = try old.renderer.render(job).get(), after = try new.renderer.render(job).get()
            #expect(before.path == after.path && before.bytes == after.bytes, "\(after.path) changed but was kept")
        }
    }

    @Test func anUnchangedSiteRendersNothing() throws {
        let jobs = try #require(Self.decide(try Self.rendering(Self.site), try Self.rendering(Self.site)))
        #expect(jobs.isEmpty)
    }

    /// An entry dropped: its text goes, and which subjects the dimension covers changes, which the pages
    /// across documents sum up (coverage): those are rendered again, and what is kept is still the same.
    @Test func anEntryDroppedRendersThePagesAcrossDocumentsToo() throws {
        let old = try Self.rendering(Self.site)
        var edited = Self.site
        edited["c.md"] = Self.comparison("Alpha", "Gamma").replacingOccurrences(of: "- **Gamma**: costly\n", with: "")
            .replacingOccurrences(of: "- **Gamma**: costly", with: "")
        let new = try Self.rendering(edited)
        let jobs = try #require(Self.decide(old, new))
        #expect(jobs.contains(.index) && jobs.contains(.coverage))
        for job in new.renderer.jobs where !jobs.contains(job) {
            let before = try old.renderer.render(job).get(), after = try new.renderer.render(job).get()
            #expect(before.path == after.path && before.bytes == after.bytes, "\(after.path) changed but was kept")
        }
    }

    @Test func aChangedSiteWideFactRendersEverything() throws {
        let old = try Self.rendering(Self.site)
        var retitled = Self.site
        retitled["a.md"] = Self.comparison("Alpha", "Epsilon")
        #expect(Self.decide(old, try Self.rendering(retitled)) == nil, "a title and subjects")
        var newDimension = Self.site
        newDimension["a.md"] = Self.comparison("Alpha", "Beta", dimension: "Throughput")
        #expect(Self.decide(old, try Self.rendering(newDimension)) == nil, "a dimension title")
        var added = Self.site
        added["d.md"] = Self.comparison("Beta", "Delta")
        #expect(Self.decide(old, try Self.rendering(added)) == nil, "a new document")
        #expect(Self.decide(old, try Self.rendering(Self.site, config: "title: Other\n")) == nil, "site.yml")
        #expect(Self.decide(old, try Self.rendering(Self.site, templateEdit: "<!-- edited -->")) == nil, "a template")
    }
    /// The quick find's index is kept when only entries changed, and made again when a title did (the
    /// differential test of `versus serve` holds the kept one to a fresh build's, byte for byte).
    @Test func theSearchIndexIsKeptOnlyWhenWhatItReadsIsUnchanged() throws {
        let old = try Self.rendering(Self.site)
        var edited = Self.site
        edited["a.md"] = Self.comparison("Alpha", "Beta", speed: "very fast")
        let new = try Self.rendering(edited)
        #expect(PageDependencies.searchIndexUnchanged(old: old.renderer, oldTemplates: old.templates, new: new.renderer, newTemplates: new.templates))
        var retitled = Self.site
        retitled["a.md"] = Self.comparison("Alpha", "Epsilon")
        let other = try Self.rendering(retitled)
        #expect(!PageDependencies.searchIndexUnchanged(old: old.renderer, oldTemplates: old.templates, new: other.renderer, newTemplates: other.templates))
    }
}
