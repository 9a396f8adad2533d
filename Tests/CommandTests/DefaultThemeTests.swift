import DefaultTheme
import Foundation
import Testing

/// Issue 14 point 9: the default theme is built in; a project's templates override it file by file;
/// `versus new` starts a project in one command; `site.yml` is found beside the content folder.
@Suite struct DefaultThemeTests {
    static let repositoryTemplates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates")

    /// Every file of the repository's templates/ is in the executable, byte for byte, and nothing else:
    /// a template another change adds is embedded without anyone listing it.
    @Test func embeddedThemeIsExactlyTheTemplatesFolder() throws {
        var onDisk: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: Self.repositoryTemplates.path)
        while let relative = enumerator?.nextObject() as? String {
            let url = Self.repositoryTemplates.appendingPathComponent(relative)
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            if isFolder.boolValue || (relative as NSString).lastPathComponent.hasPrefix(".") { continue }
            onDisk[relative] = [UInt8](try Data(contentsOf: url))
        }
        #expect(onDisk["layout.mustache"] != nil)
        #expect(onDisk["assets/style.css"] != nil)
        #expect(DefaultTheme.files == onDisk)
    }

    @Test func projectWithoutTemplatesBuildsWithTheBuiltInTheme() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        try FileManager.default.removeItem(at: project.url("templates"))
        let outcome = try project.run("build")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let page = try String(contentsOf: project.url("_site/compare/a/index.html"), encoding: .utf8)
        #expect(page.contains("<table"))
        let css = try Data(contentsOf: project.url("_site/assets/style.css"))
        #expect(css == (try Data(contentsOf: Self.repositoryTemplates.appendingPathComponent("assets/style.css"))))
        #expect(try project.run("check", "_site").status == 0)
    }

    @Test func aProjectTemplateOrAssetOverridesOnlyItself() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        try FileManager.default.removeItem(at: project.url("templates"))
        try project.write("<footer class=\"mine\">Our own footer</footer>\n", to: "templates/site-footer.mustache")
        try project.write("body { color: red }\n", to: "templates/assets/style.css")
        try project.write("/* extra */\n", to: "templates/assets/extra.css")
        let outcome = try project.run("build")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let page = try String(contentsOf: project.url("_site/compare/a/index.html"), encoding: .utf8)
        #expect(page.contains("Our own footer"))
        #expect(page.contains("<table")) // the built-in comparison template, around the project's footer
        #expect(try String(contentsOf: project.url("_site/assets/style.css"), encoding: .utf8) == "body { color: red }\n")
        #expect(project.exists("_site/assets/extra.css"))
    }

    @Test func templateChecksApplyToTheCombination() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        try FileManager.default.removeItem(at: project.url("templates"))
        try project.write("<footer>{{nosuchfield}}</footer>\n", to: "templates/site-footer.mustache")
        let outcome = try project.run("build")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("templates/site-footer.mustache:1:9: error:"), "\(outcome.stderr)")
    }

    @Test func aTemplatesFolderAskedForMustExist() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        let outcome = try project.run("build", "--templates", "theme")
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("templates folder 'theme' does not exist"))
    }

    @Test func newSiteBuildsAndChecks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("versus-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let created = try Versus.run(["new", "site", "docs"], in: folder)
        #expect(created.status == 0, "\(created.stderr)")
        let project = folder.appendingPathComponent("docs")
        #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("site.yml").path))
        #expect(try String(contentsOf: project.appendingPathComponent(".gitignore"), encoding: .utf8).contains("/_site/"))
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("templates").path))
        let built = try Versus.run(["build", "--strict"], in: project)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("built 1 documents, 2 subjects"))
        let index = try String(contentsOf: project.appendingPathComponent("_site/index.html"), encoding: .utf8)
        #expect(index.contains("Markdown vs AsciiDoc"))
        #expect(index.contains("og:site_name\" content=\"docs\"")) // site.yml's title, named after the folder
        #expect(try Versus.run(["check", "_site"], in: project).status == 0)

        // A second `new site` into the same folder writes nothing.
        let again = try Versus.run(["new", "site", "docs"], in: folder)
        #expect(again.status == 2)
        #expect(again.stderr.contains("not an empty folder"))
    }

    @Test func newComparisonWritesASkeletonThatBuilds() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        let written = try project.run("new", "comparison", "Kubernetes vs Nomad")
        #expect(written.status == 0, "\(written.stderr)")
        let text = try String(contentsOf: project.url("content/kubernetes-vs-nomad.md"), encoding: .utf8)
        #expect(text.hasPrefix("# Kubernetes vs Nomad\n"))
        #expect(text.contains("- **Kubernetes**: ") && text.contains("- **Nomad**: "))
        let built = try project.run("build", "--strict")
        #expect(built.status == 0, "\(built.stderr)")
        #expect(project.exists("_site/compare/kubernetes-vs-nomad/index.html"))
        #expect(project.exists("_site/subjects/nomad/index.html"))

        let twice = try project.run("new", "comparison", "Kubernetes vs Nomad")
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("already exists"))
        let unnamed = try project.run("new", "comparison", "Getting started")
        #expect(unnamed.status == 2)
        #expect(unnamed.stderr.contains("names no two products"))
    }

    @Test func siteConfigurationIsFoundBesideTheContentFolder() throws {
        let project = try Project(["docs/content/a.md": Documents.good, "docs/site.yml": "title: Beside the content\n",
                                   "site.yml": "title: In the current folder\n"])
        defer { project.remove() }
        let beside = try project.run("build", "--content", "docs/content", "--output", "out1")
        #expect(beside.status == 0, "\(beside.stderr)")
        #expect(try String(contentsOf: project.url("out1/index.html"), encoding: .utf8).contains("og:site_name\" content=\"Beside the content\""))

        // `versus model` finds the same file, so it reads the documents with the same settings.
        try project.write("title: Beside the content\nmax_subjects: 2\n", to: "docs/site.yml")
        try project.write("""
        # A vs B vs C

        ## Key Differences

        ### Speed

        - **A**: fast
        - **B**: slow
        - **C**: slower
        """, to: "docs/content/three.md")
        let model = try project.run("model", "--content", "docs/content")
        #expect(model.stderr.contains("docs/content/three.md"), "\(model.stderr)")
        try FileManager.default.removeItem(at: project.url("docs/content/three.md"))

        try FileManager.default.removeItem(at: project.url("docs/site.yml"))
        let current = try project.run("build", "--content", "docs/content", "--output", "out2")
        #expect(try String(contentsOf: project.url("out2/index.html"), encoding: .utf8).contains("og:site_name\" content=\"In the current folder\""),
                "\(current.stderr)")

        try project.write("title: Given\n", to: "other.yml")
        let given = try project.run("build", "--content", "docs/content", "--output", "out3", "--config", "other.yml")
        #expect(try String(contentsOf: project.url("out3/index.html"), encoding: .utf8).contains("og:site_name\" content=\"Given\""), "\(given.stderr)")
        let missing = try project.run("build", "--config", "nope.yml")
        #expect(missing.status == 2)
    }
}
