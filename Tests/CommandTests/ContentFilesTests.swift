import Foundation
import Testing

@Suite struct ContentFilesTests {
    @Test func caseOnlyCollisionNamesBothFiles() throws {
        let project = try Project(["content/Azure.md": Documents.good, "content/azure.md": Documents.good])
        defer { project.remove() }
        let outcome = try project.run("build")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("'content/azure.md' and 'content/Azure.md' both become 'compare/azure/'"))
        #expect(!project.exists("_site"))
    }

    @Test func unicodeNormalisationCollision() throws {
        // Swift compares strings by canonical equivalence, so the two names cannot share one dictionary.
        let project = try Project(["content/caf\u{E9}.md": Documents.good])
        defer { project.remove() }
        try project.write(Documents.good, to: "content/cafe\u{301}.md")
        let outcome = try project.run("build")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("both become 'compare/café/'"))
    }

    @Test func fifoHiddenAndEditorFilesAreNotRead() throws {
        let project = try Project(["content/a.md": Documents.good, "content/.hidden.md": "# Hidden vs Secret\n",
                                   "content/#draft.md#": "x", "content/a.md~": "x", "content/.a.md.swp": "x"])
        defer { project.remove() }
        #expect(mkfifo(project.url("content/pipe.md").path, 0o644) == 0)
        let outcome = try project.run("build", timeout: 10)
        #expect(!outcome.timedOut)
        #expect(outcome.status == 0)
        #expect(outcome.stderr.contains("content/pipe.md: warning: not a regular file"))
        #expect(!project.exists("_site/compare/hidden"))
        let model = try project.run("model")
        #expect(!model.stdout.contains("Hidden"))
    }

    /// A name that is not UTF-8 cannot become a URL: the file is skipped with a warning naming it.
    @Test func fileNameThatIsNotUTF8IsSkippedWithAWarning() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        // `content/b<0xFF>.md`: a lone 0xFF byte is never UTF-8.
        let path: [CChar] = (Array(project.url("content").path.utf8) + Array("/b".utf8) + [0xFF] + Array(".md".utf8) + [0])
            .map { CChar(bitPattern: $0) }
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o644)
        #expect(descriptor >= 0)
        close(descriptor)
        let outcome = try project.run("build")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("content/b\u{FFFD}.md: warning: the name is not valid UTF-8; skipped (rename it)"))
        #expect(outcome.stdout.contains("built 1 documents"))
    }

    @Test func draftsAppearNowhereAndLinksToThemAreBroken() throws {
        let project = try Project([
            "content/a.md": Documents.good + "\n\nSee [the draft](secret.md).\n",
            "content/secret.md": "---\ndraft: true\n---\n# Secret vs Hidden\n\n## Key Differences\n\n### S\n\n- **Secret**: x\n- **Hidden**: y\n",
        ])
        defer { project.remove() }
        let outcome = try project.run("build", "--base-url", "https://example.org/")
        #expect(outcome.status == 0)
        #expect(outcome.stderr.contains("content/a.md:10:5: warning: link 'secret.md' names no document"))
        for file in ["index.html", "sitemap.xml", "model.json", "subjects/alpha/index.html", "compare/a/index.html"] {
            let text = try String(contentsOf: project.url("_site/" + file), encoding: .utf8)
            #expect(!text.contains("Secret") && !text.contains("secret/"), "\(file) mentions the draft")
        }
        #expect(!project.exists("_site/compare/secret"))
        #expect(try project.run("build", "--strict").status == 1)
    }

    @Test func crlfAndBOMGiveTheSameModelAsLF() throws {
        let lf = try Project(["content/a.md": Documents.good])
        let crlf = try Project()
        defer { lf.remove(); crlf.remove() }
        try crlf.write(Data([0xEF, 0xBB, 0xBF] + Array(Documents.good.replacingOccurrences(of: "\n", with: "\r\n").utf8)), to: "content/a.md")
        #expect(try lf.run("model").stdout == (try crlf.run("model").stdout))
    }
}
