import Foundation
import Testing

/// A rebuild with nothing changed writes nothing and replays the last build's diagnostics;
/// any change to what the output depends on builds again.
@Suite struct NoOpRebuildTests {
    func project() throws -> Project {
        try Project(["content/a.md": Documents.withWarning, "content/b.md": Documents.good.replacingOccurrences(of: "Alpha", with: "Gamma")])
    }

    @Test func nothingChangedWritesNothingAndReplaysWarnings() throws {
        let project = try project()
        defer { project.remove() }
        let first = try project.run("build")
        #expect(first.status == 0)
        let before = project.snapshot("_site")
        let inode = try FileManager.default.attributesOfItem(atPath: project.url("_site/index.html").path)[.systemFileNumber] as? Int
        let second = try project.run("build")
        #expect(second.status == 0)
        #expect(second.stdout.contains("_site is up to date"))
        #expect(second.stderr.contains("content/a.md:5:1: warning: dimension 'Speed' has no entry for 'Beta'"))
        #expect(project.snapshot("_site") == before)
        let after = try FileManager.default.attributesOfItem(atPath: project.url("_site/index.html").path)[.systemFileNumber] as? Int
        #expect(inode == after, "the output was rewritten")
        #expect(try project.run("build", "--strict").status == 1)
    }

    @Test func anyInputChangeBuildsAgain() throws {
        let project = try project()
        defer { project.remove() }
        #expect(try project.run("build").status == 0)

        try project.write(Documents.good.replacingOccurrences(of: "fast", with: "quicker"), to: "content/a.md")
        let content = try project.run("build")
        #expect(content.stdout.contains("built 2 documents"))
        #expect(try String(contentsOf: project.url("_site/compare/a/index.html"), encoding: .utf8).contains("quicker"))

        let footer = try String(contentsOf: project.url("templates/site-footer.mustache"), encoding: .utf8)
        try project.write(footer.replacingOccurrences(of: "Built with", with: "Made with"), to: "templates/site-footer.mustache")
        #expect(try project.run("build").stdout.contains("built 2 documents"))
        #expect(try String(contentsOf: project.url("_site/index.html"), encoding: .utf8).contains("Made with"))

        #expect(try project.run("build", "--base-url", "https://example.org/").stdout.contains("built 2 documents"))
        #expect(project.exists("_site/sitemap.xml"))

        try FileManager.default.removeItem(at: project.url("_site/compare/b/index.html"))
        #expect(try project.run("build", "--base-url", "https://example.org/").stdout.contains("built 2 documents"))
        #expect(project.exists("_site/compare/b/index.html"))

        #expect(try project.run("build", "--base-url", "https://example.org/").stdout.contains("up to date"))
        // A site.yml that changes only the warnings still counts.
        try project.write("title: Versus\ncolour: blue\n", to: "site.yml")
        let configured = try project.run("build", "--base-url", "https://example.org/")
        #expect(configured.stdout.contains("built 2 documents"))
        #expect(configured.stderr.contains("site.yml:2:1: warning: unknown key 'colour'"))
        #expect(try project.run("build", "--base-url", "https://example.org/", "--force").stdout.contains("built 2 documents"))
    }
}
