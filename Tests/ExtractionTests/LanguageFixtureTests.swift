import ComparisonModel
import Testing

/// Documents in the shapes writers use, in English, German, French, Japanese and Korean (fixtures written
/// for these tests), each with its expected model pinned.
@Suite struct LanguageFixtureTests {
    struct Pinned: Equatable {
        var kind: DocumentKind
        var subjects: [String]
        var sections: [String]
        var dimensions: [String]
    }

    func load(_ name: String) throws -> (Document, [String]) {
        let result = extract(try fixture(name), path: name)
        return (try #require(result.document), result.diagnostics.located)
    }

    func pinned(_ document: Document) -> Pinned {
        Pinned(kind: document.kind, subjects: document.subjects.map(\.name),
               sections: document.sections.map { "\($0.kind.rawValue):\($0.title)" }, dimensions: document.differences.map(\.title))
    }

    func entries(_ document: Document) -> [[String]] {
        document.differences.map { $0.entries.map { "\($0.subject)=\($0.text)" + ($0.mark.map { " [\($0.rawValue)]" } ?? "") } }
    }

    @Test func englishFeatureMatrixWithMarksNotesAndACallout() throws {
        let (document, diagnostics) = try load("feature-matrix.en.md")
        #expect(diagnostics.isEmpty)
        #expect(pinned(document) == Pinned(kind: .comparison, subjects: ["PostgreSQL", "SQLite"],
            sections: ["introduction:", "differences:Feature matrix", "conclusion:Conclusion"],
            dimensions: ["JSON columns", "Replication", "Row-level security", "Concurrent writers"]))
        #expect(entries(document) == [
            ["postgresql=✅ [yes]", "sqlite=✅ [yes]"],
            ["postgresql=Yes [yes]", "sqlite=No [no]"],
            ["postgresql=✓ built in [yes]", "sqlite=✗ [no]"],
            ["postgresql=✔ many [yes]", "sqlite=Partial (one at a time) [partial]"],
        ])
        // The notes column (as a table of its own) and the callout stay in the section.
        #expect(document.sections[1].blocks.count == 2)
    }

    @Test func germanTransposedTable() throws {
        let (document, diagnostics) = try load("transposed.de.md")
        #expect(diagnostics.isEmpty)
        #expect(pinned(document) == Pinned(kind: .comparison, subjects: ["Kafka", "Pulsar", "RabbitMQ"],
            sections: ["introduction:", "differences:Überblick", "conclusion:Fazit"],
            dimensions: ["Lizenz", "Speicherung", "Reihenfolge"]))
        #expect(entries(document)[0] == ["kafka=Apache 2.0", "pulsar=Apache 2.0", "rabbitmq=MPL 2.0"])
        #expect(entries(document)[2] == ["kafka=je Partition", "pulsar=je Partition", "rabbitmq=je Warteschlange"])
        #expect(document.sections[1].blocks.count == 1) // the "Sonstige" row
    }

    @Test func frenchTableWithWordMarksAndUseCases() throws {
        let (document, diagnostics) = try load("tableau.fr.md")
        #expect(diagnostics.isEmpty)
        #expect(pinned(document) == Pinned(kind: .comparison, subjects: ["Vite", "Webpack"],
            sections: ["introduction:", "differences:Différences", "useCases:Cas d'utilisation"],
            dimensions: ["Démarrage", "Configuration", "Greffons"]))
        #expect(entries(document) == [
            ["vite=Oui, immédiat [yes]", "webpack=Non : il construit tout d'abord [no]"],
            ["vite=Légère", "webpack=Détaillée, avec des loaders"],
            ["vite=Partiel [partial]", "webpack=✓ très nombreux [yes]"],
        ])
        #expect(document.useCases.map(\.title) == ["Prototypes", "Applications anciennes"])
    }

    @Test func japanesePlainPageWithATableAndCallouts() throws {
        let (document, diagnostics) = try load("guide.ja.md")
        #expect(diagnostics.isEmpty)
        #expect(pinned(document) == Pinned(kind: .page, subjects: [], sections: ["other:", "other:表の見方"], dimensions: []))
        #expect(document.summary == "このサイトの比較ページについて説明します。")
    }

    @Test func koreanMatrixWithDeclaredSubjectsAndANotesColumn() throws {
        let (document, diagnostics) = try load("brokers.ko.md")
        #expect(diagnostics.isEmpty)
        #expect(pinned(document) == Pinned(kind: .comparison, subjects: ["Kafka", "RabbitMQ"],
            sections: ["introduction:", "differences:차이점"], dimensions: ["처리량", "순서 보장"]))
        #expect(entries(document) == [["kafka=높음", "rabbitmq=중간"], ["kafka=예 [yes]", "rabbitmq=아니요 [no]"]])
    }

    @Test func summariesHoldNoTablePipes() throws {
        let document = try document("# Notes\n\n| a | b |\n| - |\n\n| c | d |\n|---|---|\n\nThe real summary.\n")
        #expect(document.summary == "The real summary.")
    }
}
