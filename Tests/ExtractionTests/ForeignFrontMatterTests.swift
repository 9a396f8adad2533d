@testable import ComparisonExtraction
@testable import ComparisonModel
import Diagnostics
import Testing

/// Issue 17, point 8, and issue 14, point 8: front matter written for other generators is used where
/// it means something, accepted silently otherwise, and listed once per site; typos of Versus's own
/// keys are warnings that suggest the key.
@Suite struct ForeignFrontMatterTests {
    static let docusaurus = """
    ---
    id: alpha-vs-beta
    sidebar_position: 3
    description: Which of the two to pick, in one page.
    tags: [databases]
    ms.topic: conceptual
    lastmod: 2025-03-01
    date: 2024-01-15
    ---
    # Alpha vs Beta

    Alpha and Beta are both fine.

    ## Key Differences

    ### Speed

    - **Alpha**: fast
    - **Beta**: slow
    """

    @Test func knownMeaningsAreUsedAndTheRestIsQuiet() throws {
        let result = extract(Self.docusaurus)
        let doc = try #require(result.document)
        #expect(doc.summary == "Which of the two to pick, in one page.")
        #expect(doc.updated == "2025-03-01")
        #expect(result.diagnostics.isEmpty)
        #expect(result.ignoredFrontMatterKeys == ["id", "sidebar_position", "tags", "ms.topic"])
    }

    @Test func dateIsTheUpdatedDateWithoutLastmod() throws {
        let doc = try document("---\ndate: 2024-01-15\nsummary: Short.\ndescription: Long.\n---\n# Page\n\nText.\n")
        #expect(doc.updated == "2024-01-15")
        #expect(doc.summary == "Short.") // Versus's own key wins
        // Both writers of model.json carry it, in sorted-key order.
        let written = String(decoding: ModelJSON.documentJSON(doc), as: UTF8.self)
        let reference = String(decoding: try ModelJSON.referenceDocumentJSON(doc), as: UTF8.self)
        #expect(written.contains("\"title\":\"Page\",\"updated\":\"2024-01-15\",\"url\""))
        #expect(written == reference)
    }

    @Test func theSiteListsIgnoredKeysInOneNote() {
        let files = (1...3).map { index in
            ContentFile(source: "content/d\(index).md", contentPath: "d\(index).md", bytes: Array(Self.docusaurus.utf8))
        }
        let model = SiteAssembler.assemble(files.map { DocumentExtractor().extract($0) })
        #expect(model.diagnostics.located == ["0:0: note: front-matter keys of other site generators are ignored: id (3 documents), ms.topic (3 documents), sidebar_position (3 documents), tags (3 documents)"])
        #expect(model.diagnostics.first?.file == "content/d1.md")
    }

    @Test func typosOfVersusKeysSuggestTheKey() {
        let result = extract("---\ntitel: Alpha vs Beta\nsubjetcs: [Alpha, Beta]\nweird: 1\n---\n# Alpha vs Beta\n\n## Key Differences\n\n### Speed\n\n- **Alpha**: fast\n- **Beta**: slow\n")
        #expect(result.diagnostics.located == [
            "2:1: warning: unknown front matter key 'titel' (did you mean 'title'?)",
            "3:1: warning: unknown front matter key 'subjetcs' (did you mean 'subjects'?)",
            "4:1: warning: unknown front matter key 'weird' (known: date, description, draft, kind, lang, lastmod, reviewed, slug, subjects, summary, title, updated)",
        ])
        let subject = extract("---\nsubjects:\n  - name: Alpha\n    alias: [A]\n  - Beta\n---\n# Alpha vs Beta\n")
        #expect(subject.diagnostics.located.first == "4:5: warning: unknown subject key 'alias' (did you mean 'aliases'?)")
    }

    @Test func aTitleThatDiffersFromTheHeadingGetsANote() {
        let result = extract("---\ntitle: Alpha vs Beta\nkind: page\n---\n# Choosing a tool\n\nText.\n")
        #expect(result.document?.title == "Alpha vs Beta")
        #expect(result.diagnostics.located == [
            "5:1: note: the front-matter title 'Alpha vs Beta' differs from the '# Choosing a tool' heading; the page is titled 'Alpha vs Beta'",
        ])
        // Case and spacing alone are not a difference.
        #expect(extract("---\ntitle: alpha  vs beta\nkind: page\n---\n# Alpha vs Beta\n\nText.\n").diagnostics.isEmpty)
    }
}
