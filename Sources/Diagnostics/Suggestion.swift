/// "Did you mean ...?" for a name that matches nothing: the one place that decides what is close
/// enough, so front-matter keys, `site.yml` keys, link targets and anchors all suggest alike.
public enum Suggestion {
    /// The candidate closest to `text` by edit distance (insertions, deletions, substitutions and
    /// swaps of two neighbours, compared without case), when it is close enough to be a likely typo:
    /// at most one edit for names up to four characters, two up to eight, three beyond. Ties go to the
    /// candidate listed first, so callers pass candidates in a stable order.
    public static func closest<S: Sequence>(to text: String, among candidates: S) -> String? where S.Element == String {
        let target = Array(text.lowercased().unicodeScalars)
        let limit = allowedDistance(forLength: target.count)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let scalars = Array(candidate.lowercased().unicodeScalars)
            let bound = min(limit, (best?.distance ?? limit + 1) - 1)
            guard bound >= 0, abs(scalars.count - target.count) <= bound else { continue }
            if let distance = distance(target, scalars, atMost: bound) {
                best = (candidate, distance)
                if distance == 0 { break }
            }
        }
        return best?.candidate
    }

    /// `" (did you mean 'x'?)"`, or the empty string when nothing is close: for appending to a message.
    public static func phrase<S: Sequence>(for text: String, among candidates: S) -> String where S.Element == String {
        closest(to: text, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    static func allowedDistance(forLength length: Int) -> Int {
        length <= 4 ? 1 : length <= 8 ? 2 : 3
    }

    /// Optimal string alignment distance, or `nil` when it exceeds `limit`. Only a band of width
    /// `2 * limit + 1` around the diagonal is computed, so a check costs O(limit * length).
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], atMost limit: Int) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit ? max(a.count, b.count) : nil }
        let infinity = limit + 1
        let width = b.count + 1
        var beforePrevious = [Int](repeating: infinity, count: width)
        var previous = (0..<width).map { $0 <= limit ? $0 : infinity }
        var current = [Int](repeating: infinity, count: width)
        for i in 1...a.count {
            let low = max(1, i - limit), high = min(b.count, i + limit)
            for index in current.indices { current[index] = infinity }
            current[0] = i <= limit ? i : infinity
            var rowMinimum = current[0]
            if low <= high {
                for j in low...high {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        value = min(value, beforePrevious[j - 2] + 1)
                    }
                    current[j] = min(value, infinity)
                    rowMinimum = min(rowMinimum, current[j])
                }
            }
            if rowMinimum > limit { return nil }
            swap(&beforePrevious, &previous)
            swap(&previous, &current)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}
