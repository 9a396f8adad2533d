import Foundation
import Testing

/// `--format github` on `versus build` and `versus check`, and `SOURCE_DATE_EPOCH`, through the real binary.
@Suite struct GitHubFormatTests {
    @Test func buildPrintsAnnotationsAtTheMarkdownLine() throws {
        let project = try Project(["content/a.md": Documents.withWarning])
        defer { project.remove() }
        let build = try project.run("build", "--format", "github")
        #expect(build.status == 0, "\(build.stderr)")
        let annotations = build.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(annotations.contains("::warning file=content/a.md,line=5,col=1::dimension 'Speed' has no entry for 'Beta'"))
        #expect(annotations.contains { $0.hasPrefix("::notice file=site.yml::no base URL") })
        // Nothing compiler-style on stderr: the annotations replace it.
        #expect(!build.stderr.contains("warning:"))
        let text = try project.run("build", "--force")
        #expect(text.stderr.contains("content/a.md:5:1: warning: dimension 'Speed' has no entry for 'Beta'"))
    }

    @Test func checkPrintsAnnotationsForBrokenLinks() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("<a href='gone.html'>g</a>\n", to: "site/index.html")
        let check = try project.run("check", "site", "--format", "github")
        #expect(check.status == 1)
        let lines = check.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("::error file=site/index.html,line=1,col=") == true)
        #expect(lines.first?.contains("::broken link 'gone.html'") == true)
        #expect(lines.last?.hasPrefix("1 pages, 1 links, 1 broken") == true)
    }

    @Test func sourceDateEpochSetsTheDayReviewsAgeFrom() throws {
        let reviewed = "---\nreviewed: 2025-01-01\n---\n" + Documents.good
        let project = try Project(["content/a.md": reviewed, "site.yml": "stale_after: 30d\n"])
        defer { project.remove() }
        // Without it, the newest date in the content: the review is not stale.
        let plain = try project.run("build")
        #expect(plain.status == 0 && !plain.stderr.contains("stale_after"))
        // 1738368000 is 2025-02-01T00:00:00Z: 31 days later.
        let later = try Versus.run(["SOURCE_DATE_EPOCH=1738368000", Versus.binary.path, "build"], in: project.root, executable: "/usr/bin/env")
        #expect(later.stderr.contains("content/a.md:2:1: warning: 'Alpha vs Beta' was last reviewed on 2025-01-01, 31 days before 2025-02-01"))
        let bad = try Versus.run(["SOURCE_DATE_EPOCH=tomorrow", Versus.binary.path, "build"], in: project.root, executable: "/usr/bin/env")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("SOURCE_DATE_EPOCH must be a whole number"))
    }
}
