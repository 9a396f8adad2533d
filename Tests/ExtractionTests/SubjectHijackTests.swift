@testable import ComparisonExtraction
import ComparisonModel
import Diagnostics
import Foundation
import Testing

/// Issue 11, point 1: no document or profile can take over another's subjects. The rules are on
/// `SubjectIdentity` and in the README ("Subjects and aliases").
@Suite struct SubjectHijackTests {
    /// Extracts every `content/` document and profile of `files` and joins them, as a build does.
    func site(_ files: [String: String]) -> SiteModel {
        var extracted: [ExtractedDocument] = []
        var profiles: [SubjectProfile] = []
        var diagnostics: [Diagnostic] = []
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let file = ContentFile(source: "content/\(path)", contentPath: path, bytes: Array(text.utf8))
            if path.hasPrefix("subjects/") {
                let (profile, problems) = SubjectProfileReader.read(file)
                if let profile { profiles.append(profile) }
                diagnostics += problems
            } else {
                extracted.append(DocumentExtractor().extract(file))
            }
        }
        return SiteAssembler.assemble(extracted, profiles: profiles, extraDiagnostics: diagnostics)
    }

    static let victims = [
        "amazon-sagemaker-vs-azure-ml.md": "# Amazon SageMaker vs Azure Machine Learning\n\n## Key Differences\n\n### Cost\n\n- **Amazon SageMaker**: a\n- **Azure Machine Learning**: b\n",
        "postgresql-vs-mysql.md": "# PostgreSQL vs MySQL\n\n## Key Differences\n\n### Cost\n\n- **PostgreSQL**: a\n- **MySQL**: b\n",
    ]

    static let evilCorp = """
    ---
    subjects:
      - name: Evil Corp
        aliases: ["Azure Machine Learning", "Amazon SageMaker", "PostgreSQL"]
      - Other
    ---
    # Evil Corp vs Other

    ## Key Differences

    ### Cost

    - **Evil Corp**: a
    - **Other**: b
    """

    /// The reproduction of the issue, with the hostile document sorting before and after its victims:
    /// the outcome must not depend on file order.
    @Test(arguments: ["0-evil.md", "zz-evil.md"])
    func aliasesNamingOtherSubjectsAreAnErrorAtTheAlias(evilPath: String) throws {
        var files = Self.victims
        files[evilPath] = Self.evilCorp
        let model = site(files)
        let errors = model.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.file == "content/\(evilPath)")
        #expect(error.line == 3)
        #expect(error.message.contains("'Azure Machine Learning' (content/amazon-sagemaker-vs-azure-ml.md:1)"))
        #expect(error.message.contains("'PostgreSQL' (content/postgresql-vs-mysql.md:1)"))
        // The victims keep their subjects, their names and their pages.
        let victim = try #require(model.documents.first { $0.source == "content/amazon-sagemaker-vs-azure-ml.md" })
        #expect(victim.subjects.map(\.name) == ["Amazon SageMaker", "Azure Machine Learning"])
        #expect(Set(model.subjects.map(\.name)) == ["Amazon SageMaker", "Azure Machine Learning", "PostgreSQL", "MySQL", "Evil Corp", "Other"])
        #expect(model.subject("evil-corp")?.aliases == [])
    }

    @Test func profileAliasesNamingOtherSubjectsAreAnError() throws {
        let model = site([
            "subjects/mysql.md": "---\nname: MySQL\naliases: [PostgreSQL, SQLite]\n---\nThe M of LAMP.\n",
            "databases.md": "# PostgreSQL vs MySQL vs SQLite\n\n## Key Differences\n\n### Cost\n\n- **PostgreSQL**: a\n- **MySQL**: b\n- **SQLite**: c\n",
        ])
        let errors = model.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.file) == ["content/subjects/mysql.md"])
        #expect(errors.first?.line == 3)
        #expect(errors.first?.message.contains("'PostgreSQL' (content/databases.md:1)") == true)
        let document = try #require(model.documents.first)
        #expect(document.subjects.map(\.name) == ["PostgreSQL", "MySQL", "SQLite"])
        #expect(Set(document.subjects.map(\.slug)).count == 3)
    }

    @Test func oneAliasNamingASubjectComparedWithItIsAnError() throws {
        let model = site([
            "postgresql-vs-mysql.md": Self.victims["postgresql-vs-mysql.md"]!,
            "mysql-vs-sqlite.md": "---\nsubjects:\n  - name: MySQL\n    aliases: [PostgreSQL]\n  - SQLite\n---\n# MySQL vs SQLite\n",
        ])
        let errors = model.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.file == "content/mysql-vs-sqlite.md")
        // At the alias (line 4), not at the subject's entry (line 3).
        #expect(errors.first?.line == 4)
        #expect(errors.first?.column == 15)
        #expect(errors.first?.message.contains("content/postgresql-vs-mysql.md compares") == true)
        #expect(model.subjects.count == 3)
    }

    @Test func anUnambiguousAliasStillJoinsTwoNames() throws {
        let model = site([
            "a.md": "---\nsubjects:\n  - name: Amazon SageMaker\n    aliases: [SageMaker]\n  - Vertex AI\n---\n# Amazon SageMaker vs Vertex AI\n",
            "b.md": "# SageMaker vs Azure Machine Learning\n\n## Key Differences\n\n### Cost\n\n- **SageMaker**: a\n- **Azure Machine Learning**: b\n",
        ])
        #expect(!model.diagnostics.hasErrors)
        // The subject keeps the name the alias names (rule 6); the joining name becomes an alias.
        let subject = try #require(model.subject("sagemaker"))
        #expect(subject.name == "SageMaker")
        #expect(subject.aliases == ["Amazon SageMaker"])
        #expect(subject.documents == ["a", "b"])
        #expect(model.subjects.count == 3)
        #expect(model.subject("amazon-sagemaker") == nil)
    }

    /// One alias naming another document's subject joins the two, but cannot rename that subject: its
    /// page, its name and the other document's caption stay, whichever file sorts first.
    @Test(arguments: ["a-evil.md", "z-evil.md"])
    func oneAliasCannotRenameAnotherDocumentsSubject(evilPath: String) throws {
        let model = site([
            "kubernetes-vs-nomad.md": "# Kubernetes vs Nomad\n\n## Key Differences\n\n### Cost\n\n- **Kubernetes**: a\n- **Nomad**: b\n",
            evilPath: "---\nsubjects:\n  - name: Evil Corp\n    aliases: [Nomad]\n  - Other\n---\n# Evil Corp vs Other\n",
        ])
        #expect(!model.diagnostics.hasErrors)
        let nomad = try #require(model.subject("nomad"))
        #expect(nomad.name == "Nomad")
        #expect(nomad.aliases == ["Evil Corp"])
        #expect(model.subject("evil-corp") == nil)
        let victim = try #require(model.documents.first { $0.source == "content/kubernetes-vs-nomad.md" })
        #expect(victim.subjects.map(\.name) == ["Kubernetes", "Nomad"])
        #expect(victim.subjects.map(\.slug) == ["kubernetes", "nomad"])
        let evil = try #require(model.documents.first { $0.source == "content/\(evilPath)" })
        #expect(evil.subjects.map(\.slug) == ["nomad", "other"])
    }

    /// Aliases that name each other (two authors agreeing) join; the name does not depend on which file
    /// sorts first.
    @Test(arguments: [("a.md", "b.md"), ("b.md", "a.md")])
    func aliasesNamingEachOtherStillJoin(first: String, second: String) throws {
        let model = site([
            first: "---\nsubjects:\n  - name: Alpha\n    aliases: [Alpha Platform]\n  - Gamma\n---\n# Alpha vs Gamma\n",
            second: "---\nsubjects:\n  - name: Alpha Platform\n    aliases: [Alpha]\n  - Delta\n---\n# Alpha Platform vs Delta\n",
        ])
        #expect(!model.diagnostics.hasErrors)
        let alpha = try #require(model.subject("alpha"))
        #expect(alpha.aliases == ["Alpha Platform"])
        #expect(alpha.documents == ["a", "b"])
    }

    /// The other way round: a document that gives another's subject name and lists its own brand as an
    /// alias would join two subjects other documents name. It is an error at the alias, and the
    /// victim keeps its subject, whichever file sorts first.
    @Test(arguments: ["a-evil.md", "z-evil.md"])
    func aDocumentCannotJoinTwoSubjectsOthersName(evilPath: String) throws {
        let model = site([
            "kubernetes-vs-nomad.md": "# Kubernetes vs Nomad\n\n## Key Differences\n\n### Cost\n\n- **Kubernetes**: a\n- **Nomad**: b\n",
            evilPath: "---\nsubjects:\n  - name: Nomad\n    aliases: [Evil Corp]\n  - Other\n---\n# Nomad vs Other\n",
            "m-evil-corp-vs-another.md": "# Evil Corp vs Another\n\n## Key Differences\n\n### Cost\n\n- **Evil Corp**: a\n- **Another**: b\n",
        ])
        let errors = model.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.file == "content/\(evilPath)")
        #expect(errors.first?.message.contains("content/kubernetes-vs-nomad.md names 'Nomad' too") == true, "\(errors)")
        // At the alias itself, not at the subject's entry.
        #expect(errors.first.map { "\($0.line ?? 0):\($0.column ?? 0)" } == "4:15")
        let nomad = try #require(model.subject("nomad"))
        #expect(nomad.name == "Nomad")
        #expect(nomad.aliases.isEmpty)
        #expect(model.subject("evil-corp")?.name == "Evil Corp")
        let victim = try #require(model.documents.first { $0.source == "content/kubernetes-vs-nomad.md" })
        #expect(victim.subjects.map(\.name) == ["Kubernetes", "Nomad"])
    }

    /// Two documents giving one name, each with an alias naming a different subject, would glue those
    /// subjects together through it: both aliases are refused.
    @Test func twoDocumentsCannotGlueSubjectsThroughASharedName() throws {
        let model = site([
            "kubernetes-vs-nomad.md": "# Kubernetes vs Nomad\n\n## Key Differences\n\n### Cost\n\n- **Kubernetes**: a\n- **Nomad**: b\n",
            "a-evil-corp-vs-r.md": "# Evil Corp vs R\n\n## Key Differences\n\n### Cost\n\n- **Evil Corp**: a\n- **R**: b\n",
            "x1.md": "---\nsubjects:\n  - name: Foo\n    aliases: [Nomad]\n  - One\n---\n# Foo vs One\n",
            "x2.md": "---\nsubjects:\n  - name: Foo\n    aliases: [Evil Corp]\n  - Two\n---\n# Foo vs Two\n",
        ])
        let errors = model.diagnostics.filter { $0.severity == .error }
        #expect(Set(errors.map(\.file)) == ["content/x1.md", "content/x2.md"])
        #expect(model.subject("nomad")?.name == "Nomad")
        #expect(model.subject("evil-corp")?.name == "Evil Corp")
        #expect(model.subject("foo")?.aliases == [])
    }

    @Test func aDocumentCannotJoinAProfiledSubjectUnderANameTheProfileDoesNotList() throws {
        let model = site([
            "subjects/azure-machine-learning.md": "---\nname: Azure Machine Learning\naliases: [Azure ML]\n---\nText.\n",
            "studio.md": "---\nsubjects:\n  - name: AzureML Studio\n    aliases: [Azure ML]\n  - Vertex AI\n---\n# Studio vs Vertex\n",
        ])
        let errors = model.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.file == "content/studio.md")
        #expect(errors.first?.message.contains("content/subjects/azure-machine-learning.md:2") == true)
        #expect(model.subject("azure-machine-learning")?.documents == [])
    }

    @Test func twoProfilesCannotShareAName() throws {
        let model = site([
            "subjects/a.md": "---\nname: Alpha\naliases: [A1]\n---\nText.\n",
            "subjects/b.md": "---\nname: Beta\naliases: [Gamma, A1]\n---\nText.\n",
        ])
        let errors = model.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.file) == ["content/subjects/b.md"])
        #expect(errors.first?.message == "the alias 'A1' already belongs to the subject 'Alpha' (content/subjects/a.md:2); a name belongs to one profile")
        #expect(model.subject("beta")?.aliases == ["Gamma"])
    }

    @Test func anAliasClaimedForTwoSubjectsIsAnError() throws {
        let model = site([
            "a.md": "---\nsubjects:\n  - name: Alpha\n    aliases: [AB]\n  - Gamma\n---\n# Alpha vs Gamma\n",
            "b.md": "---\nsubjects:\n  - name: Beta\n    aliases: [AB]\n  - Delta\n---\n# Beta vs Delta\n",
        ])
        let errors = model.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.file) == ["content/b.md"])
        #expect(errors.first?.message == "the alias 'AB' of 'Beta' is already an alias of 'Alpha' (content/a.md:3)")
    }

    @Test func oneComparisonCannotListASubjectTwice() throws {
        let result = extract("---\nsubjects:\n  - name: Alpha\n    aliases: [Beta]\n  - Beta\n---\n# Alpha vs Beta\n")
        #expect(result.diagnostics.located.first == "5:5: error: subject 'Beta' names the same subject as 'Alpha' on line 3; one comparison cannot list a subject twice")
    }
}
