import ComparisonModel
import Testing

/// A pipe table as the second way to write the differences section: subjects as columns (the seed as a
/// table, feature matrices with marks and note columns) or as rows (transposed).
@Suite struct TableComparisonTests {
    @Test func theSeedWrittenAsATableGivesTheSeedsModel() throws {
        let bullets = try document(try fixture("seed.md"), path: "azure.md")
        let result = extract(try fixture("seed-table.md"), path: "azure.md")
        #expect(result.diagnostics.isEmpty)
        let table = try #require(result.document)
        #expect(table.kind == bullets.kind)
        #expect(table.title == bullets.title)
        #expect(table.summary == bullets.summary)
        #expect(table.subjects == bullets.subjects)
        #expect(table.sections.map(\.kind) == bullets.sections.map(\.kind))
        #expect(table.sections.map(\.title) == bullets.sections.map(\.title))
        #expect(table.sections.map(\.anchor) == bullets.sections.map(\.anchor))
        #expect(table.differences.map(\.title) == bullets.differences.map(\.title))
        #expect(table.differences.map(\.slug) == bullets.differences.map(\.slug))
        for (fromTable, fromBullets) in zip(table.differences, bullets.differences) {
            #expect(fromTable.entries.map(\.subject) == fromBullets.entries.map(\.subject))
            #expect(fromTable.entries.map(\.text) == fromBullets.entries.map(\.text))
            #expect(fromTable.entries.map(\.html) == fromBullets.entries.map(\.html))
        }
        #expect(table.differences.map { $0.position?.line } == [11, 12, 13])
        #expect(table.useCases.map(\.text) == bullets.useCases.map(\.text))
        #expect(table.anchors == bullets.anchors)
        // The table is the model now, not prose of the section as well.
        #expect(table.sections[1].blocks.isEmpty)
    }

    @Test func featureMatrixWithMarksAndANotesColumn() throws {
        let result = extract("""
            ---
            subjects:
              - name: PostgreSQL
              - name: SQLite
            ---
            # Databases

            ## Features

            | Feature | PostgreSQL | SQLite | Notes |
            |---|:-:|:-:|---|
            | JSON | ✅ | :white_check_mark: | Both store it as text |
            | Replication | Yes | No | |
            | Row security | ✓ full | ✗ | Planned for *SQLite* |
            | Window functions | Partial (beta) | Nein | |
            """)
        let document = try #require(result.document)
        #expect(document.kind == .comparison)
        #expect(document.subjects.map(\.name) == ["PostgreSQL", "SQLite"])
        #expect(document.differences.map(\.title) == ["JSON", "Replication", "Row security", "Window functions"])
        #expect(document.differences.map { $0.entries.map(\.mark) } == [[.yes, .yes], [.yes, .no], [.yes, .no], [.partial, .no]])
        #expect(document.differences[2].entries[0].text == "✓ full")
        #expect(document.differences[0].entries[1].html.contains("<span class=\"visually-hidden\">Yes</span>"))
        // The notes column is not a subject and is not lost: it stays as a table of its own.
        let leftover = try #require(document.sections[0].blocks.first)
        guard case .markdown(let node) = leftover else { Issue.record("expected the notes table"); return }
        #expect(node.plainText == "Feature Notes JSON Both store it as text Replication Row security Planned for SQLite Window functions")
        #expect(result.diagnostics.isEmpty)
    }

    @Test func subjectsAsRowsAreTransposedByMatchingTheTitle() throws {
        let result = extract("""
            # Kafka vs Pulsar vs RabbitMQ

            ## Comparatif

            | Produit | Licence | Stockage |
            |---|---|---|
            | Kafka | Apache 2.0 | Journal |
            | Pulsar | Apache 2.0 | BookKeeper |
            | RabbitMQ | MPL 2.0 | Files d'attente |
            | Autres | — | — |
            """, path: "fr/files.md")
        let document = try #require(result.document)
        #expect(document.subjects.map(\.name) == ["Kafka", "Pulsar", "RabbitMQ"])
        #expect(document.differences.map(\.title) == ["Licence", "Stockage"])
        #expect(document.differences[1].entries.map(\.text) == ["Journal", "BookKeeper", "Files d'attente"])
        #expect(document.differences[1].entries.map { $0.position?.line } == [7, 8, 9])
        // The row that names no subject stays on the page.
        guard case .markdown(let node)? = document.sections[0].blocks.first else { Issue.record("expected the leftover rows"); return }
        #expect(node.plainText.hasSuffix("Autres — —"))
    }

    @Test func withoutNamedSubjectsADifferencesTitledTableNamesThemInItsHeader() throws {
        let document = try document("""
            # 메시지 브로커

            ## Differences

            | 항목 | Kafka | RabbitMQ | 비고 |
            |---|---|---|---|
            | 처리량 | 높음 | 중간 | 측정값 |
            | 순서 | 파티션 단위 | 큐 단위 | |
            """)
        #expect(document.kind == .comparison)
        #expect(document.subjects.map(\.name) == ["Kafka", "RabbitMQ"])
        #expect(document.differences.map(\.title) == ["처리량", "순서"])
        #expect(document.differences[0].entries.map(\.text) == ["높음", "중간"])
    }

    @Test func aTableNamingNoSubjectsStaysATableOnAPage() throws {
        let document = try document("""
            # Release notes

            ## Versions

            | Version | Date |
            |---|---|
            | 1.0 | May |
            """)
        #expect(document.kind == .page)
        guard case .markdown(let node)? = document.sections[0].blocks.first, case .table = node.kind else {
            Issue.record("expected the table"); return
        }
    }

    @Test func missingAndUnknownCellsAreWarnedAtTheirRow() {
        let result = extract("""
            # A vs B

            ## Differences

            | | A | B |
            |---|---|---|
            | Speed | fast | |
            """)
        #expect(result.diagnostics.located == ["7:1: warning: dimension 'Speed' has no entry for 'B'"])
    }
}

/// Section titles in German, Japanese and Korean are recognised like the English and French ones.
@Suite struct SectionTitleLanguageTests {
    @Test func germanDifferencesTitleLetsATableNameItsSubjects() throws {
        let document = try document("""
            # Nachrichten

            ## Einleitung

            Zwei Broker.

            ## Unterschiede

            | Merkmal | Kafka | RabbitMQ |
            |---|---|---|
            | Durchsatz | hoch | mittel |

            ## Fazit

            Beide sind gut.
            """)
        #expect(document.kind == .comparison)
        #expect(document.subjects.map(\.name) == ["Kafka", "RabbitMQ"])
        #expect(document.sections.map(\.kind) == [.introduction, .differences, .conclusion])
    }

    @Test func japaneseAndKoreanTitles() throws {
        let japanese = try document("# Redis と Memcached\n\n## 比較\n\n| 項目 | Redis | Memcached |\n|---|---|---|\n| 永続化 | ○ | × |\n\n## まとめ\n\n用途で選ぶ。\n")
        #expect(japanese.subjects.map(\.name) == ["Redis", "Memcached"])
        #expect(japanese.differences.first?.entries.map(\.mark) == [.yes, .no])
        #expect(japanese.sections.map(\.kind) == [.differences, .conclusion])
        let korean = try document("# 캐시\n\n## 개요\n\n두 가지.\n\n## 차이점\n\n| 항목 | Redis | Memcached |\n|---|---|---|\n| 영속성 | 예 | 아니요 |\n")
        #expect(korean.sections.map(\.kind) == [.introduction, .differences])
        #expect(korean.differences.first?.entries.map(\.mark) == [.yes, .no])
    }
}

@Suite struct TableComparisonLimitTests {
    /// A hostile table cannot make thousands of subjects: past 32 it stays a table on a page.
    @Test func moreThan32SubjectColumnsIsNoComparison() throws {
        let names = (1...40).map { "S\($0)" }
        let markdown = "# Many\n\n## Differences\n\n| d | " + names.joined(separator: " | ") + " |\n|"
            + String(repeating: "---|", count: 41) + "\n| r | " + names.map { _ in "x" }.joined(separator: " | ") + " |\n"
        let many = try document(markdown)
        #expect(many.kind == .page)
        #expect(many.subjects.isEmpty)
        let few = try document("# Few\n\n## Differences\n\n| d | A | A | B |\n|---|---|---|---|\n| r | 1 | 2 | 3 |\n")
        #expect(few.subjects.map(\.name) == ["A", "B"])
        #expect(few.differences.first?.entries.map(\.text) == ["1", "3"])
    }
}
