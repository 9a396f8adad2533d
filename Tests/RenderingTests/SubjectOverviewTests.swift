import ComparisonModel
@testable import SiteRendering
import Testing

/// Subject pages' peers are worked out for every subject at once over indices (`allPeers`); the plain
/// form, one subject at a time by slug, is the definition.
@Suite struct SubjectOverviewTests {
    /// `count` comparisons of two or three of `pool` subjects picked at random; subject 0 is in every
    /// fourth, so it meets more than `comparedWithLimit` others. Names repeat, so ties go to the slug.
    static func model(documents count: Int, pool: Int, seed: UInt64) -> SiteModel {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var documents: [Document] = []
        var subjectDocuments = [[String]](repeating: [], count: pool)
        for index in 0..<count {
            var picks: [Int] = index % 4 == 0 ? [0] : []
            let size = 2 + next(2)
            while picks.count < size {
                let pick = next(pool)
                if !picks.contains(pick) { picks.append(pick) }
            }
            let slug = "comparison-\(index)"
            for pick in picks { subjectDocuments[pick].append(slug) }
            documents.append(Document(slug: slug, source: "content/\(slug).md", contentPath: "\(slug).md", title: "Comparison \(index)",
                                      titleInlines: [], titlePosition: nil, kind: .comparison, language: nil, draft: false, summary: "",
                                      subjects: picks.map { SubjectReference(slug: "subject-\($0)", name: "Product \($0 % 40)") },
                                      sections: [], differences: [], useCases: [], anchors: [], links: [], updated: nil))
        }
        let subjects = (0..<pool).map {
            Subject(slug: "subject-\($0)", name: "Product \($0 % 40)", aliases: [], documents: subjectDocuments[$0])
        }
        return SiteModel(documents: documents, subjects: subjects, diagnostics: [])
    }

    @Test func everySubjectsPeersAreThoseOfThePlainForm() throws {
        for seed: UInt64 in [1, 2, 3] {
            let model = Self.model(documents: 3_000, pool: 250, seed: seed)
            let renderer = SiteRenderer(model: model, templates: try PageSizeTests.templates(), config: SiteConfig())
            var hidden = 0
            for (index, subject) in model.subjects.enumerated() {
                let plain = SubjectOverview.peers(of: subject, model: model, documentsBySlug: renderer.documentsBySlug,
                                                  subjectsBySlug: renderer.subjectsBySlug)
                #expect(renderer.subjectOverviews[index].peers == plain.peers, "\(subject.slug)")
                #expect(renderer.subjectOverviews[index].hiddenPeers == plain.hidden, "\(subject.slug)")
                hidden += plain.hidden
            }
            #expect(hidden > 0, "no subject went past the limit: the model does not test the cut")
        }
    }
}
