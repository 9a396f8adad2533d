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
                // Two subjects: the same list from the comparisons of the pair.
                if chosen.count == 2 {
                    let pair = site.lists[chosen[0]].filter { site.subjectsOf[$0].contains(chosen[1]) }
                    var forPair = RelatedComparisons(lists: chosen.map { site.lists[$0] }, rank: site.rank, own: document,
                                                     limit: 12, pair: pair)
                    #expect(forPair.select() == Array(expected.prefix(12)), "seed \(seed), document \(document), by pair")
                }
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

    /// Two popular subjects rarely compared together (the bench corpus's shape): the walk over the
    /// shorter list read all of it for every such page; with the pair's comparisons a page reads
    /// about `limit` entries.
    @Test func aPairOfPopularSubjectsCostsLimitWork() {
        // Subject A in documents 0..<2000, B in 2000..<4000, both in 4000 and 4001.
        let rank = Array(0..<4002)
        let first = Array(0..<2000) + [4000, 4001]
        let second = Array(2000..<4002)
        let both = [4000, 4001]
        var forPair = RelatedComparisons(lists: [first, second], rank: rank, own: 4000, limit: 12, pair: both)
        #expect(forPair.select() == [4001] + Array(0..<11))
        #expect(forPair.visited <= 30, "\(forPair.visited) entries read")
        var plain = RelatedComparisons(lists: [first, second], rank: rank, own: 4000, limit: 12)
        #expect(plain.select() == [4001] + Array(0..<11))
        #expect(plain.visited >= 2000, "the plain walk reads the shorter list whole")
    }

    /// `SiteRenderer.comparisonsByPair` keeps the listing order of the subjects' lists.
    @Test func pairListsFollowTheListingOrder() {
        let site = Self.site(documents: 300, subjects: 10, seed: 7)
        let pairs = SiteRenderer.comparisonsByPair(site.lists, documentCount: 300)
        for first in 0..<10 {
            for second in (first + 1)..<10 {
                let expected = site.lists[first].filter { site.subjectsOf[$0].contains(second) }
                #expect((pairs[SiteRenderer.pairKey(first, second, subjectCount: 10)] ?? []) == expected, "\(first), \(second)")
            }
        }
    }
}
