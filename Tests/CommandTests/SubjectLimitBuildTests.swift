import Foundation
import Testing

/// Issue 11, point 2, through the real binary: the 3,000-subject document (which wrote 835 MB in
/// 3,006 files) is an error at its line and nothing is written; a first build leaves no output folder.
@Suite struct SubjectLimitBuildTests {
    @Test func threeThousandSubjectsWriteNothing() throws {
        let names = (0..<3000).map { String(format: "S%04d", $0) }
        let project = try Project([
            "content/many.md": "---\nsubjects: [\(names.joined(separator: ", "))]\n---\n# Many\n\n## Key Differences\n\n### Speed\n\n- **S0000**: fast\n",
            "content/fine.md": Documents.good,
        ])
        defer { project.remove() }
        let outcome = try project.run("build")
        #expect(!outcome.timedOut)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("content/many.md:2:96: error: a comparison has at most 12 subjects and this one has 3000"))
        #expect(!project.exists("_site"))
        // `versus model` (which reads no site.yml) refuses it too.
        let model = try project.run("model")
        #expect(model.status == 1)
        #expect(model.stderr.contains("content/many.md:2:96: error"))
    }
}
