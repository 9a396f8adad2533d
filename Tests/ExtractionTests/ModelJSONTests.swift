@testable import ComparisonExtraction
@testable import ComparisonModel
import Diagnostics
import Foundation
import Testing

/// `model.json`'s documents are written by a schema-specific writer; `JSONEncoder` over the contract's
/// Encodable structs is the reference, and the two must give the same bytes.
@Suite struct ModelJSONTests {
    func expectSameBytes(_ document: Document, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fast = ModelJSON.documentJSON(document)
        let reference = try ModelJSON.referenceDocumentJSON(document)
        #expect(String(decoding: fast, as: UTF8.self) == String(decoding: reference, as: UTF8.self), sourceLocation: sourceLocation)
    }

    @Test func seedDocument() throws {
        let seed = try document(try fixture("seed.md"), path: "azure-ml-vs-cognitive-services.md")
        #expect(!seed.differences.isEmpty && !seed.useCases.isEmpty)
        try expectSameBytes(seed)
    }

    @Test func marksAreKeptAsValues() throws {
        let matrix = try document("# A vs B\n\n## Differences\n\n| | A | B |\n|---|---|---|\n| Sync | ✓ | :x: |\n| Mode | fast | Partial |\n")
        try expectSameBytes(matrix)
        let json = String(decoding: ModelJSON.documentJSON(matrix), as: UTF8.self)
        #expect(json.contains("\"line\":7,\"mark\":\"yes\",\"subject\":\"a\""))
        #expect(json.contains("\"line\":7,\"mark\":\"no\",\"subject\":\"b\""))
        #expect(json.contains("\"line\":8,\"mark\":\"partial\",\"subject\":\"b\""))
        #expect(json.contains("\"line\":8,\"subject\":\"a\""))
    }

    @Test func escapingFrontMatterAndUntitledUseCases() throws {
        let markdown = """
            ---
            title: "Quotes \\" and back\\\\slash, tab\\t, bell\\a, é 😀 </script>"
            lang: fr
            ---

            Intro with a [link](other.md) and a / slash.

            ## Key Differences

            ### Speed "fast" \\ slow

            - **A**: line one
              line two with `code` & <b>
            - **B**: control \u{1}\u{1f} characters

            ## Use Cases

            ### A

            1. **Batch**: nightly jobs
            2. No bold lead here

            ### B

            1. **Stream**: "live"

            ## Conclusion

            Done.
            """
        let doc = try document(markdown, path: "fr/a-vs-b.md")
        #expect(doc.language == "fr")
        #expect(doc.useCases.contains { $0.title == nil })
        try expectSameBytes(doc)
    }

    @Test func piecesWithoutPositions() throws {
        var doc = try document(try fixture("seed.md"), path: "seed.md")
        doc.language = nil
        for index in doc.differences.indices {
            doc.differences[index].position = nil
            for entry in doc.differences[index].entries.indices { doc.differences[index].entries[entry].position = nil }
        }
        for index in doc.sections.indices { doc.sections[index].position = nil }
        for index in doc.useCases.indices { doc.useCases[index].position = nil }
        try expectSameBytes(doc)
    }
}

/// The model keeps an entry's Markdown only when pages must render it again to rewrite links.
@Suite struct EntryMarkdownTests {
    @Test func markdownIsDroppedWhenTheHTMLIsFinal() throws {
        let plain = try document("# A vs B\n\n## Key Differences\n\n### S\n\n- **A**: x [web](https://a.example)\n- **B**: y\n\n## Use Cases\n\n### A\n\n1. **T**: z\n")
        #expect(!plain.linksWithinSite)
        #expect(plain.differences[0].entries.allSatisfy { $0.content.isEmpty && !$0.html.isEmpty })
        #expect(plain.useCases.allSatisfy { $0.description.isEmpty && !$0.html.isEmpty })

        let linking = try document("# A vs B\n\n## Key Differences\n\n### S\n\n- **A**: see [other](other.md)\n- **B**: y\n\n## Use Cases\n\n### A\n\n1. **T**: z\n")
        #expect(linking.linksWithinSite)
        #expect(linking.differences[0].entries.allSatisfy { !$0.content.isEmpty })
        #expect(linking.useCases.allSatisfy { !$0.description.isEmpty })
    }
}

@Suite struct FileStemTests {
    @Test func matchesFoundationsPathRules() {
        for path in ["a-vs-b.md", "fr/sqlite-vs-duckdb.md", "deep/er/x.y.md", "v1.2/notes.md", "subjects/azure.md", "a..md", "é/ü-vs-ö.md"] {
            let file = ContentFile(source: "content/" + path, contentPath: path, bytes: [])
            #expect(file.stem == ((path as NSString).lastPathComponent as NSString).deletingPathExtension, "\(path)")
        }
    }
}

@Suite struct StoredURLTests {
    @Test func urlsFollowSlugAndKind() throws {
        var doc = try document("# A vs B\n\n## Key Differences\n\n### S\n\n- **A**: x\n- **B**: y\n", path: "a-vs-b.md")
        #expect(doc.url == "compare/a-vs-b/")
        doc.slug = "renamed"
        #expect(doc.url == "compare/renamed/")
        doc.kind = .page
        #expect(doc.url == "renamed/")
        var subject = Subject(slug: "x", name: "X", aliases: [], documents: [])
        #expect(subject.url == "subjects/x/")
        subject.slug = "y"
        #expect(subject.url == "subjects/y/")
    }
}
