import ComparisonModel
import Testing

@Suite struct SectionShapeTests {
    @Test func frenchDocumentWithTheSameShape() throws {
        let doc = try document("""
        # Comparatif : PostgreSQL face à MySQL

        ## Présentation

        Deux bases relationnelles libres.

        ## Ce qui les distingue

        ### Stockage

        - **PostgreSQL** : un seul moteur.
        - **MySQL** : des moteurs interchangeables.

        ### Réplication

        - **PostgreSQL** : logique et physique.
        - **MySQL** : par journal binaire.

        ## Quand les choisir

        ### PostgreSQL

        1. **Données géographiques** : avec PostGIS.

        ### MySQL

        1. **Hébergement mutualisé** : disponible partout.
        2. Sites à forte lecture.

        ## Pour finir

        Les deux sont solides.
        """)
        #expect(doc.kind == .comparison)
        #expect(doc.subjects.map(\.name) == ["PostgreSQL", "MySQL"])
        #expect(doc.sections.map(\.kind) == [.introduction, .differences, .useCases, .conclusion])
        #expect(doc.differences.map(\.title) == ["Stockage", "Réplication"])
        #expect(doc.differences.map { $0.entries.map(\.text) } == [["un seul moteur.", "des moteurs interchangeables."],
                                                                  ["logique et physique.", "par journal binaire."]])
        #expect(doc.useCases.map(\.title) == ["Données géographiques", "Hébergement mutualisé", nil])
        #expect(doc.useCases.map(\.text) == ["avec PostGIS.", "disponible partout.", "Sites à forte lecture."])
    }

    @Test func useCaseWithoutBoldLeadHasNoTitle() throws {
        let result = extract("""
        # Alpha vs Beta

        ## Key Differences

        ### Speed

        - **Alpha**: fast
        - **Beta**: slow

        ## Use Cases

        ### Alpha

        1. Quick scripts that need *speed*.
        """)
        let useCase = try #require(result.document?.useCases.first)
        #expect(useCase.title == nil)
        #expect(useCase.text == "Quick scripts that need speed.")
        #expect(useCase.html == "<p>Quick scripts that need <em>speed</em>.</p>\n")
        #expect(result.diagnostics.isEmpty)
    }

    @Test func releaseNotesArePlainPages() {
        let result = extract("""
        # Release notes

        ## 2.0

        ### Added

        - **CLI**: a new `check` command.
        - Faster builds.

        ## 1.0

        First release.
        """)
        #expect(result.document?.kind == .page)
        #expect(result.document?.url == "doc/")
        #expect(result.document?.subjects.isEmpty == true)
        #expect(result.document?.differences.isEmpty == true)
        #expect(result.diagnostics.isEmpty)
    }

    @Test func headingsGetUniqueAnchors() throws {
        let doc = try document("""
        # Notes

        ## Pricing

        ### Details

        ## Pricing

        ### Details

        ## Fünf süße Äpfel

        ##
        """)
        #expect(doc.sections.map(\.anchor) == ["pricing", "pricing-2", "fünf-süße-äpfel", "section"])
        var headingAnchors: [String] = []
        for section in doc.sections {
            for case .heading(let heading) in section.blocks { headingAnchors.append(heading.anchor) }
        }
        #expect(headingAnchors == ["details", "details-2"])
    }
}
