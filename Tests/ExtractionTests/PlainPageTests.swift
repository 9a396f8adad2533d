import ComparisonModel
import Diagnostics
import MarkdownSyntax
import Testing

/// A comparison is a shape (entries for two subjects) or a `kind: comparison`; a heading's wording alone
/// never makes one, `kind: page` forces a page, and nothing a document holds is dropped.
@Suite struct PlainPageTests {
    static let gettingStarted = """
        # Getting started

        Install the tool and write your first page.

        ## How to read a comparison

        Each row of the table is a dimension.

        ### Rows

        - Rows come from headings.
        """

    @Test func aHeadingsWordingAloneNeverMakesAComparisonAndANoteSaysWhy() throws {
        let result = extract(Self.gettingStarted, path: "getting-started.md")
        let document = try #require(result.document)
        #expect(document.kind == .page)
        #expect(document.url == "getting-started/")
        #expect(document.subjects.isEmpty && document.differences.isEmpty)
        // Every block is kept as written, the `###` heading with its id.
        #expect(document.sections[1].blocks.count == 3)
        #expect(result.diagnostics.map(\.severity) == [.note])
        #expect(result.diagnostics.located == [
            "1:1: note: published as a plain page: the section 'How to read a comparison' looks like a differences section but has no entries for any subject; 'kind: comparison' in front matter makes it a comparison",
        ])
    }

    @Test func kindPageForcesAPageSilently() throws {
        let result = extract("---\nkind: page\n---\n# Alpha vs Beta\n\n## Key Differences\n\n### Speed\n\n- **Alpha**: fast\n- **Beta**: slow\n")
        #expect(result.document?.kind == .page)
        #expect(result.document?.subjects.isEmpty == true)
        #expect(result.diagnostics.isEmpty)
        let wrong = extract("---\nkind: table\n---\n# X\n")
        #expect(wrong.diagnostics.map(\.message).contains("'kind' must be comparison or page"))
    }

    @Test func aTitleNamingProductsOnAPageIsAWarningSayingWhatWasMissing() {
        let result = extract("# Kafka vs Pulsar\n\nBoth are brokers. Kafka keeps a log.\n\n## History\n\nKafka came first.\n")
        #expect(result.document?.kind == .page)
        #expect(result.diagnostics.located == [
            "1:1: warning: 'Kafka vs Pulsar' names Kafka, Pulsar but the document is published as a plain page: it has no entries for any subject (write a differences section with '### Dimension' headings and '- **Name**: text' bullets, or a table whose header names them; 'kind: page' in front matter says a page is meant)",
        ])
    }

    @Test func textUnderADimensionOutsideItsListStaysWithTheSectionInOrder() throws {
        let document = try document("""
            # Alpha vs Beta

            ## Key Differences

            Lead text.

            ### Speed

            Measured on one core.

            - **Alpha**: fast
            - A bullet without a label.
            - **Beta**: slow

            ### Price

            - **Alpha**: free
            - **Beta**: paid
            """)
        #expect(document.differences.map { $0.entries.count } == [2, 2])
        let kept = document.sections[0].blocks.compactMap { block -> String? in
            if case .markdown(let node) = block { return node.plainText }
            return nil
        }
        #expect(kept == ["Lead text.", "Speed", "Measured on one core.", "A bullet without a label."])
    }
}

/// A label used in one dimension only, where every other dimension uses the same set, is a typo.
@Suite struct LabelTypoTests {
    @Test func aOneOffLabelIsADidYouMeanWarningNotANewSubject() throws {
        let result = extract("""
            # Databases

            ## Key Differences

            ### Licence

            - **PostgreSQL**: PostgreSQL Licence
            - **SQLite**: public domain

            ### Storage

            - **Postgres:** a data directory
            - **SQLite**: one file

            ### Types

            - **PostgreSQL**: strict
            - **SQLite**: dynamic
            """)
        let document = try #require(result.document)
        #expect(document.subjects.map(\.name) == ["PostgreSQL", "SQLite"])
        #expect(result.diagnostics.located == [
            "10:1: warning: dimension 'Storage' has no entry for 'PostgreSQL'",
            "12:1: warning: 'Postgres' is used in this dimension only, where the others have 'PostgreSQL': did you mean 'PostgreSQL'? (the bullet is shown as written, not in the table)",
        ])
        // The bullet is kept on the page.
        #expect(document.sections[0].blocks.contains { block in
            if case .markdown(let node) = block { return node.plainText.contains("a data directory") }
            return false
        })
    }

    @Test func aThirdSubjectWithMissingEntriesIsNoTypo() throws {
        let document = try document("""
            # Databases

            ## Key Differences

            ### Licence

            - **PostgreSQL**: open
            - **SQLite**: public domain
            - **DuckDB**: MIT

            ### Storage

            - **PostgreSQL**: a directory
            - **SQLite**: one file

            ### Types

            - **PostgreSQL**: strict
            - **SQLite**: dynamic
            """)
        #expect(document.subjects.map(\.name) == ["PostgreSQL", "SQLite", "DuckDB"])
    }
}

/// Dimensions written as paragraphs led by bold labels (not bullets) give entries as bullets do, when
/// the labels name the subjects the title or front matter gives.
@Suite struct LabelledParagraphTests {
    @Test func boldLabelParagraphsAreEntries() throws {
        let result = extract("""
            # Interface vs Type alias

            ## Differences

            ### Extending

            **Interface:** uses `extends`.

            **Type alias:** uses an intersection (`&`).

            A note for both.

            ### Merging

            **Interface:** declarations merge.

            **Type alias:** a second one is an error.
            """)
        let document = try #require(result.document)
        #expect(document.kind == .comparison)
        #expect(document.differences.map { $0.entries.map(\.text) } == [
            ["uses extends.", "uses an intersection (&)."], ["declarations merge.", "a second one is an error."],
        ])
        #expect(result.diagnostics.located == [
            "11:1: warning: text under dimension 'Extending' outside its list is not in the table; it is shown as written with the section's text",
        ])
        let kept = document.sections[0].blocks.compactMap { block -> String? in
            if case .markdown(let node) = block { return node.plainText }
            return nil
        }
        #expect(kept == ["Extending", "A note for both."])
    }

    @Test func boldParagraphsNamingNoSubjectStayProse() throws {
        let document = try document("# Notes\n\n## Tips\n\n### One\n\n**Note:** first.\n\n### Two\n\n**Note:** second.\n")
        #expect(document.kind == .page)
    }
}
