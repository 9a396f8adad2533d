@testable import ComparisonExtraction
import ComparisonModel
import Diagnostics
import Testing

/// Issue 11, point 2: output is bounded by input. A comparison has at most `maximumSubjects`
/// subjects (12 unless `site.yml` says `max_subjects`); beyond it the document is an error at its
/// line and is not built, before cmark or the sections see it.
@Suite struct SubjectLimitTests {
    /// The reproduction of the issue: one 18 KB document naming 3,000 subjects in front matter.
    @Test func threeThousandSubjectsAreAnErrorAtTheFirstOneTooMany() {
        let names = (0..<3000).map { String(format: "S%04d", $0) }
        let text = "---\nsubjects: [\(names.joined(separator: ", "))]\n---\n# Too many\n\n## Key Differences\n\n### Speed\n\n- **S0000**: fast\n"
        let result = extract(text)
        #expect(result.document == nil)
        #expect(result.subjects.isEmpty)
        // The 13th name, S0012, starts after `subjects: [` and twelve `Snnnn, `.
        #expect(result.diagnostics.located == [
            "2:\(12 + 7 * 12): error: a comparison has at most 12 subjects and this one has 3000; split it, or raise 'max_subjects' in site.yml",
        ])
    }

    @Test func twelveSubjectsAreFine() throws {
        let names = (1...12).map { "Tool \($0)" }
        let bullets = names.map { "- **\($0)**: text" }.joined(separator: "\n")
        let doc = try document("# Tools\n\n## Key Differences\n\n### Speed\n\n\(bullets)\n")
        #expect(doc.subjects.count == 12)
    }

    /// Subjects taken from labels are counted too, before any dimension warns once per missing subject.
    @Test func thirteenLabelsAreAnErrorAtTheThirteenth() {
        let bullets = (1...13).map { "- **Tool \($0)**: text" }.joined(separator: "\n")
        let empties = (1...50).map { "### Empty \($0)\n\nProse.\n" }.joined(separator: "\n")
        let result = extract("# Tools\n\n## Key Differences\n\n### Speed\n\n\(bullets)\n\n### Size\n\n\(bullets)\n\n\(empties)")
        #expect(result.document == nil)
        #expect(result.diagnostics.located == [
            "19:1: error: a comparison has at most 12 subjects and this one has 13; split it, or raise 'max_subjects' in site.yml",
        ])
    }

    /// A title naming too many subjects is reported where the title is written; a plain page with
    /// such a title keeps no subjects and is fine.
    @Test func aTitleNamingThirteenIsAnErrorAtTheTitle() throws {
        let title = (1...13).map { "T\($0)" }.joined(separator: " vs ")
        let body = "## Key Differences\n\n### Speed\n\n- **T1**: fast\n- **T2**: slow\n"
        #expect(extract("---\nslug: t\ntitle: \(title)\n---\n\(body)").diagnostics.located.first?
            .hasPrefix("3:1: error: a comparison has at most 12 subjects and this one has 13") == true)
        #expect(extract("# \(title)\n\n\(body)").diagnostics.located.first?.hasPrefix("1:1: error: a comparison has at most 12") == true)
        let page = try document("# \(title)\n\nJust text.\n")
        #expect(page.kind == .page)
    }

    @Test func theLimitCanBeRaised() throws {
        var limits = InputLimits()
        limits.maximumSubjects = 20
        let names = (1...20).map { "Tool \($0)" }
        let text = "---\nsubjects: [\(names.joined(separator: ", "))]\n---\n# Tools\n"
        let result = DocumentExtractor(limits: limits).extract(ContentFile(source: "content/t.md", contentPath: "t.md", bytes: Array(text.utf8)))
        #expect(result.document?.subjects.count == 20)
        #expect(!result.diagnostics.hasErrors)
    }
}
