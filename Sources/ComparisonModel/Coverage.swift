import Diagnostics

/// What editors need to see what is missing: which pairs of subjects have a comparison, and which
/// dimensions each subject has no entry for. From the model and the dimension catalog only.
public struct CoverageReport: Sendable {
    /// How many subjects the pair matrix shows (the most compared): the matrix grows with the square of it.
    public static let matrixLimit = 30
    /// How many of the site's most covered dimensions every subject is checked against.
    public static let commonDimensionLimit = 20

    /// Indices into the model's subjects, most compared first (then by name).
    public let matrixSubjects: [Int]
    /// `pairs[i][j]`: a comparison (document index) naming matrix subjects i and j, the first in
    /// listing order; `nil` when none does.
    public let pairs: [[Int?]]
    /// For each subject (model order), the site dimensions (catalog indices, sorted) it has no entry
    /// for: among the site's most covered dimensions and those of its own comparisons.
    public let gaps: [[Int]]
    /// Pairs of subjects, over the whole site, that some comparison names together.
    public let comparedPairCount: Int

    public init(model: SiteModel, catalog: DimensionCatalog) {
        var subjectIndex: [String: Int] = [:]
        for (index, subject) in model.subjects.enumerated() { subjectIndex[subject.slug] = index }
        let documentIndex = Dictionary(model.documents.enumerated().map { ($1.slug, $0) }, uniquingKeysWith: { first, _ in first })
        // Listing order, so "the first comparison of a pair" does not depend on file order.
        let comparisons = model.documents.indicesInListingOrder { $0.kind == .comparison }
        var firstComparison: [Int: Int] = [:] // pair key -> document
        let count = model.subjects.count
        for document in comparisons {
            let members = model.documents[document].subjects.compactMap { subjectIndex[$0.slug] }
            for (position, a) in members.enumerated() {
                for b in members[(position + 1)...] where a != b {
                    let key = min(a, b) * count + max(a, b)
                    if firstComparison[key] == nil { firstComparison[key] = document }
                }
            }
        }
        comparedPairCount = firstComparison.count
        let ranked = model.subjects.indices.sorted {
            let left = model.subjects[$0], right = model.subjects[$1]
            return (-left.documents.count, left.name.lowercased(), left.slug) < (-right.documents.count, right.name.lowercased(), right.slug)
        }
        let shown = Array(ranked.prefix(Self.matrixLimit))
        matrixSubjects = shown
        pairs = shown.map { a in
            shown.map { b in a == b ? nil : firstComparison[min(a, b) * count + max(a, b)] }
        }
        let common = catalog.dimensions.indices.sorted {
            (-catalog.dimensions[$0].subjectsCovered.count, $0) < (-catalog.dimensions[$1].subjectsCovered.count, $1)
        }.prefix(Self.commonDimensionLimit)
        gaps = model.subjects.map { subject in
            var candidates = Set(common)
            for slug in subject.documents {
                guard let document = documentIndex[slug], document < catalog.membership.count else { continue }
                candidates.formUnion(catalog.membership[document])
            }
            return candidates.filter { !Self.contains(catalog.dimensions[$0].subjectsCovered, subject.slug) }.sorted()
        }
    }

    /// `sorted` is sorted: a binary search.
    static func contains(_ sorted: [String], _ value: String) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == value
    }
}

/// Comparisons rot: one reviewed longer ago than `stale_after` is a warning naming it.
public enum Freshness {
    /// The day staleness is measured against when the build is not told one: the newest date any
    /// document carries, so the same content always gives the same warnings.
    public static func newestDay(in documents: [Document]) -> Int? {
        documents.flatMap { [$0.updatedDate?.day, $0.reviewed?.day].compactMap { $0 } }.max()
    }

    /// Comparisons whose last review (`reviewed`, else `updated`) is more than `staleAfterDays` before
    /// `today` (days since 1970-01-01). A comparison with neither date is not judged.
    public static func staleDiagnostics(_ documents: [Document], staleAfterDays: Int, today: Int) -> [Diagnostic] {
        documents.compactMap { document in
            guard document.kind == .comparison, let date = document.reviewed ?? document.updatedDate else { return nil }
            let age = today - date.day
            guard age > staleAfterDays else { return nil }
            let what = document.reviewed != nil ? "last reviewed" : "last updated (it has no 'reviewed' date)"
            return Diagnostic(.warning, file: document.source, position: date.position,
                "'\(document.title)' was \(what) on \(date.isoDay), \(age) days before \(DocumentDate.isoDay(fromDays: today)) (stale_after: \(staleAfterDays) days): check it still holds and set 'reviewed'")
        }
    }
}
