import Testing

/// Each warning the authoring guide lists, with its file, line and column.
@Suite struct DiagnosticsTests {
    @Test func missingEntryAndDuplicateDimension() {
        let result = extract("""
        # Alpha vs Beta

        ## Key Differences

        ### Speed

        - **Alpha**: fast

        ### Speed

        - **Alpha**: fast
        - **Beta**: slow
        """)
        #expect(result.diagnostics.located == [
            "5:1: warning: dimension 'Speed' has no entry for 'Beta'",
            "9:1: warning: dimension 'Speed' appears twice (first at line 5)",
        ])
    }

    @Test func useCaseHeadingNamingNoSubject() {
        let result = extract("""
        # Alpha vs Beta

        ## Key Differences

        ### Speed

        - **Alpha**: fast
        - **Beta**: slow

        ## Use Cases

        ### Delta

        1. **Thing**: text
        """)
        #expect(result.diagnostics.located == [
            "12:1: warning: use-case heading 'Delta' names no subject of this comparison (subjects: Alpha, Beta); it is shown as written",
        ])
    }

    @Test func textOutsideTheListsIsReported() {
        let result = extract("""
        # Alpha vs Beta

        ## Key Differences

        ### Speed

        - **Alpha**: fast
        - **Beta**: slow

        A note after the bullets.

        ## Use Cases

        ### Alpha

        Some prose.

        1. **Jobs**: small
        """)
        #expect(result.diagnostics.located == [
            "10:1: warning: text under dimension 'Speed' outside its list is not in the table; it is shown as written with the section's text",
            "16:1: warning: text under the use cases of 'Alpha' outside its list is not in the table; it is shown as written with the section's text",
        ])
    }

    /// No entries: a plain page (its text kept), with a warning saying what was missing; `kind: comparison`
    /// keeps it a comparison with the old warning.
    @Test func emptyDifferencesSection() {
        let result = extract("# Alpha vs Beta\n\n## Key Differences\n\nNothing yet.\n")
        #expect(result.document?.kind == .page)
        #expect(result.document?.sections.first?.blocks.count == 1)
        #expect(result.diagnostics.located == [
            "1:1: warning: 'Alpha vs Beta' names Alpha, Beta but the document is published as a plain page: it has no entries for any subject (write a differences section with '### Dimension' headings and '- **Name**: text' bullets, or a table whose header names them; 'kind: page' in front matter says a page is meant)",
        ])
        let forced = extract("---\nkind: comparison\n---\n# Alpha vs Beta\n\n## Key Differences\n\nNothing yet.\n")
        #expect(forced.document?.kind == .comparison)
        #expect(forced.diagnostics.located == [
            "6:1: warning: the differences section is empty: add '### Dimension' headings with '- **Subject**: text' bullets",
        ])
    }

    @Test func documentWithoutTitle() {
        let result = extract("Just a paragraph.\n", path: "untitled-notes.md")
        #expect(result.document?.title == "untitled-notes")
        #expect(result.diagnostics.located == [
            "1:1: warning: document has no title (add a '# Title' line or a 'title' in front matter)",
        ])
        #expect(result.diagnostics.first?.formatted == "content/untitled-notes.md:1:1: warning: document has no title (add a '# Title' line or a 'title' in front matter)")
    }

    @Test func positionsCountFrontMatterLines() {
        let result = extract("""
        ---
        title: Alpha vs Beta
        ---
        # Alpha vs Beta

        ## Key Differences

        ### Speed

        - **Alpha**: fast
          - **Gamma**: nested label is content, not an entry
        - **Delta**: unknown
        """)
        #expect(result.diagnostics.located == [
            "8:1: warning: dimension 'Speed' has no entry for 'Beta'",
            "12:1: warning: 'Delta' names no subject of this comparison (subjects: Alpha, Beta)",
        ])
    }
}
