import Foundation
import Testing

/// The output folder is never a weapon: each refused output is left exactly as it was.
@Suite struct OutputSafetyTests {
    func expectRefused(_ output: String, setup: (Project) throws -> Void = { _ in }, watch: String,
                       reason: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let project = try Project(["content/a.md": Documents.good, "content/notes.txt": "precious"])
        defer { project.remove() }
        try setup(project)
        let before = project.snapshot(watch)
        let outcome = try project.run("build", "--output", output)
        #expect(outcome.status == 2, "\(output): \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(reason), "\(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(project.snapshot(watch) == before, sourceLocation: sourceLocation)
        #expect(!before.isEmpty || watch == "", sourceLocation: sourceLocation)
    }

    @Test func outputThatIsOrHoldsTheSources() throws {
        try expectRefused("content", watch: "content", reason: "is or contains 'content'")
        try expectRefused("templates", watch: "templates", reason: "is or contains 'templates'")
        try expectRefused(".", watch: "content", reason: "the project folder")
        try expectRefused("..", watch: "content", reason: "the project folder")
        try expectRefused("content/_site", watch: "content", reason: "is inside 'content'")
    }

    @Test func outputThatIsAnAncestor() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        let outcome = try project.run("build", "--content", project.url("content").path, "--output", project.root.deletingLastPathComponent().path)
        #expect(outcome.status == 2)
        #expect(project.exists("content/a.md"))
    }

    @Test func rootAndHomeAreRefused() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        let root = try project.run("build", "--output", "/", "--force")
        #expect(root.status == 2)
        #expect(root.stderr.contains("the root folder"))
        let home = try project.run("build", "--output", NSHomeDirectory(), "--force")
        #expect(home.status == 2)
        // Any top-level folder (/tmp, /usr, ...) is refused, even with --force. A name that does not exist
        // keeps this test harmless should the check ever break.
        let topLevel = try project.run("build", "--output", "/versus-test-top-level", "--force")
        #expect(topLevel.status == 2)
        #expect(topLevel.stderr.contains("top-level system folder"))
        #expect(!FileManager.default.fileExists(atPath: "/versus-test-top-level"))
        #expect(try project.run("build", "--output", "/tmp", "--force").status == 2)
    }

    @Test func foldersHoldingGitSymlinksAndForeignFiles() throws {
        try expectRefused("out", setup: { try $0.write("ref: refs/heads/main", to: "out/.git/HEAD") },
                          watch: "out", reason: "holds a .git folder")
        try expectRefused("out", setup: { project in
            try project.write("keep me", to: "precious/notes.md")
            try FileManager.default.createSymbolicLink(at: project.url("out"), withDestinationURL: project.url("precious"))
        }, watch: "precious", reason: "is a symbolic link")
        try expectRefused("out", setup: { try $0.write("mine", to: "out/index.html") },
                          watch: "out", reason: "not built by Versus; use --force")
        try expectRefused("out", setup: { try $0.write("a file", to: "out") }, watch: "", reason: "is not a folder")
    }

    @Test func forceReplacesAForeignFolderAndRebuildsLeaveNoStaleFiles() throws {
        let project = try Project(["content/a.md": Documents.good, "content/b.md": "# B vs C\n\n## Key Differences\n\n### S\n\n- **B**: x\n- **C**: y\n"])
        defer { project.remove() }
        try project.write("old", to: "_site/old.html")
        let forced = try project.run("build", "--force")
        #expect(forced.status == 0)
        #expect(forced.stderr.contains("_site: note: --force: replacing '\(project.url("_site").path)'"))
        #expect(!project.exists("_site/old.html"))
        #expect(project.exists("_site/compare/b/index.html"))
        try FileManager.default.removeItem(at: project.url("content/b.md"))
        #expect(try project.run("build").status == 0)
        #expect(!project.exists("_site/compare/b/index.html"))
        #expect(!project.exists("_site/subjects/c/index.html"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.root.path).filter { $0.contains("versus-staging") || $0.contains("versus-old") }
        #expect(leftovers.isEmpty)
    }

    @Test func aKilledBuildsLeftoversAreReclaimed() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        try project.write("half", to: ".\("_site").versus-staging-999999/index.html")
        #expect(try project.run("build").status == 0)
        #expect(!project.exists("._site.versus-staging-999999"))
    }

    @Test func twoBuildsAtOnceBothFinishWithACompleteSite() throws {
        var files: [String: String] = [:]
        for index in 0..<300 {
            files["content/doc-\(index).md"] = "# P\(index) vs Q\(index)\n\n## Key Differences\n\n### S\n\n- **P\(index)**: x\n- **Q\(index)**: y\n"
        }
        let project = try Project(files)
        defer { project.remove() }
        nonisolated(unsafe) var outcomes: [Versus.Outcome?] = [nil, nil]
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            outcomes[index] = try? project.run("build")
        }
        #expect(outcomes.allSatisfy { $0?.status == 0 }, "\(outcomes.map { $0?.stderr ?? "nil" })")
        #expect(project.exists("_site/compare/doc-299/index.html"))
        #expect(project.exists("_site/index.html"))
    }
}
