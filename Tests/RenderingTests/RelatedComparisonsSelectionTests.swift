@testable import SiteRendering
import Testing

/// `RelatedComparisons` against a plain sort of every candidate, on random sites with popular
/// subjects, and its work bounded by the size of the site rather than its square.
@Suite struct RelatedComparisonsSelectionTests {
    struct Site {
        var subjectsOf: [[Int]]
        var rank: [Int]
        var lists: [[Int]]
    }

    /// `documents` comparisons of 1 to 4 subjects, subject 0 in most of them (popular), ranks shuffled.
    static func site(documents: Int, subjects: Int, seed: UInt64) -> Site {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var subjectsOf: [[Int]] = []
        for _ in 0..<documents {
            var chosen: [Int] = next(4) == 0 ? [] : [0]
            let size = 1 + next(4)
            while chosen.count < size {
                let subject = next(3) == 0 ? 1 + next(3) : next(subjects)
                if !chosen.contains(subject) { chosen.append(subject) }
            }
            subjectsOf.append(chosen)
        }
        var order = Array(0..<documents)
        for index in order.indices.reversed() { order.swapAt(index, next(index + 1)) }
        var rank = [Int](repeating: 0, count: documents)
        for (position, document) in order.enumerated() { rank[document] = position }
        var lists = [[Int]](repeating: [], count: subjects)
        for (document, chosen) in subjectsOf.enumerated() { for subject in chosen { lists[subject].append(document) } }
        lists = lists.map { $0.sorted { rank[$0] < rank[$1] } }
        return Site(subjectsOf: subjectsOf, rank: rank, lists: lists)
    }

    @Test func matchesAPlainSortOfEveryCandidate() {
        for seed in 1...10 as ClosedRange<UInt64> {
            let site = Self.site(documents: 200, subjects: 12, seed: seed)
            for (document, chosen) in site.subjectsOf.enumerated() {
                let shared = site.subjectsOf.map { other in other.filter { chosen.contains($0) }.count }
                let expected = site.subjectsOf.indices.filter { $0 != document && shared[$0] > 0 }
                    .sorted { (-shared[$0], site.rank[$0]) < (-shared[$1], site.rank[$1]) }
                var related = RelatedComparisons(lists: chosen.map { site.lists[$0] }, rank: site.rank, own: document, limit: 12)
                #expect(related.select() == Array(expected.prefix(12)), "seed \(seed), document \(document)")
            }
        }
    }

    /// One subject in every comparison, each against a subject of its own: the first version read
    /// N entries on each of N pages.
    @Test func aPopularSubjectCostsLinearWork() {
        let documents = 4000
        let rank = Array(0..<documents)
        let popular = Array(0..<documents)
        var visited = 0
        for document in 0..<documents {
            var related = RelatedComparisons(lists: [popular, [document]], rank: rank, own: document, limit: 12)
            #expect(related.select() == Array((0..<14).filter { $0 != document }.prefix(12)))
            visited += related.visited
        }
        #expect(visited <= documents * 20, "\(visited) entries read for \(documents) pages")
    }
}
