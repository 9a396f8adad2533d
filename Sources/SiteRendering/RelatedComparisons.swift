/// The "Related comparisons" of one page: other comparisons sharing a subject, most shared subjects
/// first, then in listing order (title, then slug), at most `limit`.
///
/// The page's subjects' lists of comparisons are already in listing order. Merging them all, as a
/// first version did, costs every comparison of every subject on every page: a subject compared in
/// N documents made N pages walk N entries each (N², 10^8 steps at 10,000). Here the longest list is
/// never walked: a comparison sharing two or more subjects is in some other list too, so walking the
/// other lists (and looking each candidate up in the longest by bisection) finds every one of them;
/// the longest list is then only read for its first comparisons sharing nothing else. A page costs
/// the length of its lists but the longest (times a logarithm), and the walk stops as soon as no
/// later comparison can enter the list.
///
/// A page of two subjects (most of them) still walked its shorter list whole: a subject in N of the
/// site's D comparisons made that D·N, which grew as D^1.5 with the site (3 % of the 100,000 build).
/// Given `pair`, the comparisons holding both subjects, it reads `limit` entries and a few more.
struct RelatedComparisons {
    /// Each list: document indices in listing order (ascending `rank`).
    var lists: [[Int]]
    /// Each document's place in the listing order.
    var rank: [Int]
    /// The page's own document, never listed.
    var own: Int?
    var limit: Int
    /// With two lists of different subjects: the comparisons in both, in listing order.
    var pair: [Int]?
    /// List entries read, for tests that the work stays linear.
    private(set) var visited = 0

    init(lists: [[Int]], rank: [Int], own: Int?, limit: Int, pair: [Int]? = nil) {
        self.lists = lists
        self.rank = rank
        self.own = own
        self.limit = limit
        self.pair = pair
    }

    func contains(_ list: [Int], _ document: Int) -> Bool {
        let target = rank[document]
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if rank[list[middle]] < target { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low] == document
    }

    mutating func select() -> [Int] {
        if let pair, lists.count == 2 { return selectForPair(both: pair) }
        guard limit > 0, let longest = lists.indices.max(by: { (lists[$0].count, $1) < (lists[$1].count, $0) }) else { return [] }
        let walked = lists.indices.filter { $0 != longest }
        var cursors = [Int](repeating: 0, count: lists.count)
        var byCount = [[Int]](repeating: [], count: lists.count + 1)
        // Merge of the walked lists, in listing order: each candidate once, with how many lists hold it.
        while true {
            var next: Int?
            var open = 0
            for index in walked where cursors[index] < lists[index].count {
                open += 1
                let head = lists[index][cursors[index]]
                if next.map({ rank[head] < rank[$0] }) ?? true { next = head }
            }
            guard let candidate = next else { break }
            // A later candidate is held by at most the open lists and the longest; it enters the list
            // only while those counts and above leave room.
            if byCount[min(open + 1, lists.count)...].reduce(0, { $0 + $1.count }) >= limit { break }
            var count = 0
            for index in walked where cursors[index] < lists[index].count && lists[index][cursors[index]] == candidate {
                count += 1
                cursors[index] += 1
                visited += 1
            }
            if contains(lists[longest], candidate) { count += 1 }
            if candidate != own && byCount[count].count < limit { byCount[count].append(candidate) }
        }
        // Comparisons only the longest list holds share one subject: its first ones, merged in listing
        // order with the walked lists' own.
        if byCount[2...].reduce(0, { $0 + $1.count }) < limit {
            var onlyLongest: [Int] = []
            for candidate in lists[longest] where onlyLongest.count < limit {
                visited += 1
                if candidate == own || walked.contains(where: { contains(lists[$0], candidate) }) { continue }
                onlyLongest.append(candidate)
            }
            byCount[1] = Array((byCount[1] + onlyLongest).sorted { rank[$0] < rank[$1] }.prefix(limit))
        }
        return Array(byCount.reversed().joined().prefix(limit))
    }

    /// Two subjects: the comparisons of both first, then the two lists merged in listing order
    /// without them, until the list is full.
    private mutating func selectForPair(both: [Int]) -> [Int] {
        var chosen: [Int] = []
        for candidate in both where chosen.count < limit {
            visited += 1
            if candidate != own { chosen.append(candidate) }
        }
        let first = lists[0], second = lists[1]
        var nextFirst = 0, nextSecond = 0
        while chosen.count < limit {
            let candidate: Int
            if nextFirst < first.count && (nextSecond == second.count || rank[first[nextFirst]] < rank[second[nextSecond]]) {
                candidate = first[nextFirst]
                nextFirst += 1
            } else if nextSecond < second.count {
                candidate = second[nextSecond]
                nextSecond += 1
            } else {
                break
            }
            visited += 1
            if candidate == own || contains(both, candidate) { continue }
            chosen.append(candidate)
        }
        return chosen
    }
}
