import ComparisonModel
import Testing

@Suite struct FrontMatterTests {
    @Test func frontMatterWinsOverInference() throws {
        let doc = try document("""
        ---
        title: "Alpha & Beta, compared"
        slug: alpha-beta
        lang: de
        subjects: [Alpha, Beta]
        ---
        # Gamma vs Delta

        ## Key Differences

        ### Speed

        - **Alpha**: fast
        - **Beta**: slow
        """)
        #expect(doc.title == "Alpha & Beta, compared")
        #expect(doc.slug == "alpha-beta")
        #expect(doc.language == "de")
        #expect(doc.subjects.map(\.name) == ["Alpha", "Beta"])
        #expect(doc.differences[0].entries.count == 2)
    }

    @Test func unknownKeyWarnsAtItsLine() {
        let result = extract("---\ntitle: A vs B\ndratf: true\n---\n# A vs B\n")
        #expect(result.diagnostics.located.first?.hasPrefix("3:1: warning: unknown front matter key 'dratf'") == true)
    }

    @Test func yamlErrorPointsIntoTheDocument() {
        let result = extract("---\ntitle: ok\nsubjects: [a, b\nlang: en\n---\n# A vs B\n")
        #expect(result.document == nil)
        let first = result.diagnostics.first
        #expect(first?.severity == .error)
        #expect(first?.line == 5 || first?.line == 4)
        #expect(first?.message.hasPrefix("front matter is not valid YAML") == true)
    }

    @Test func duplicateKeyIsAnError() {
        let result = extract("---\ntitle: A\ntitle: B\n---\n# A vs B\n")
        #expect(result.document == nil)
        #expect(result.diagnostics.first?.severity == .error)
        #expect(result.diagnostics.first?.message.contains("repeats the key 'title'") == true)
        #expect(result.diagnostics.first?.line == 3)
    }

    @Test func unclosedFrontMatterIsAnError() {
        let result = extract("---\ntitle: A\n\n# A vs B\n")
        #expect(result.document == nil)
        #expect(result.diagnostics.located == ["1:1: error: front matter is not closed by a '---' line"])
    }

    @Test func draftFlag() throws {
        #expect(try document("---\ndraft: true\n---\n# A\n").draft)
        #expect(try !document("---\ndraft: false\n---\n# A\n").draft)
        #expect(extract("---\ndraft: yes\n---\n# A\n").diagnostics.located == ["2:8: error: 'draft' must be true or false"])
    }

    @Test func byteOrderMarkAndLineEndings() throws {
        let lf = try document("---\ntitle: T\n---\n# A vs B\n\n## Key Differences\n\n### S\n\n- **A**: x\n- **B**: y\n")
        let crlf = try document("\u{FEFF}---\r\ntitle: T\r\n---\r\n# A vs B\r\n\r\n## Key Differences\r\n\r\n### S\r\n\r\n- **A**: x\r\n- **B**: y\r\n")
        let cr = try document("---\rtitle: T\r---\r# A vs B\r\r## Key Differences\r\r### S\r\r- **A**: x\r- **B**: y\r")
        #expect(lf.title == "T")
        #expect(crlf == lf)
        #expect(cr == lf)
        #expect(lf.differences[0].entries.map { $0.position?.line } == [10, 11])
    }
}
