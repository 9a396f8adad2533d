import Foundation
import Testing

/// The "Related comparisons" list: most shared subjects first, then by title, then slug; at most 12;
/// never the page itself. Checked against a plain sort of every candidate on a site large enough to
/// have ties, a cut-off and comparisons sharing one, two and three subjects.
@Suite struct RelatedComparisonsTests {
    @Test func orderAndLimitMatchAPlainSortOfAllCandidates() throws {
        let subjects = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"]
        var files: [String: String] = [:]
        var documents: [(slug: String, title: String, subjects: Set<String>)] = []
        // A deterministic spread of 2- and 3-subject comparisons, some with the same title.
        var seed: UInt64 = 7
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        for index in 0..<40 {
            var chosen: [String] = []
            while chosen.count < 2 + index % 2 {
                let subject = subjects[next(subjects.count)]
                if !chosen.contains(subject) { chosen.append(subject) }
            }
            let slug = "doc-\(index)"
            let title = index % 5 == 0 ? "Same title" : "Title \(next(1000))"
            let bullets = chosen.map { "- **\($0)**: text" }.joined(separator: "\n")
            files["\(slug).md"] = "---\ntitle: \(title)\nsubjects: [\(chosen.joined(separator: ", "))]\n---\n\n## Key Differences\n\n### Speed\n\n\(bullets)\n"
            documents.append((slug, title, Set(chosen)))
        }
        let site = try TestSite(files)
        defer { site.remove() }
        _ = try site.build()

        var checkedCutOff = false
        for document in documents {
            let expected = documents.filter { $0.slug != document.slug && !$0.subjects.isDisjoint(with: document.subjects) }
                .sorted {
                    let shared0 = $0.subjects.intersection(document.subjects).count, shared1 = $1.subjects.intersection(document.subjects).count
                    return (-shared0, $0.title, $0.slug) < (-shared1, $1.title, $1.slug)
                }
            checkedCutOff = checkedCutOff || expected.count > 12
            let page = try site.page("compare/\(document.slug)/index.html")
            let listed = page.first("aside", "class", "related")?.all("a").map { $0["href"] ?? "" } ?? []
            #expect(listed == expected.prefix(12).map { "../../compare/\($0.slug)/" }, "related comparisons of \(document.slug)")
        }
        #expect(checkedCutOff)
    }
}
