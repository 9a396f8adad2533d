import ComparisonModel
import Foundation
import TextPrimitives

/// One thing the quick find can show: a subject, a comparison, a plain page, a dimension or a use case.
public struct SearchEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        // The order results of equal relevance are listed in, and the order entries are kept in when
        // a shard must be cut (see `SearchIndex.shardBudget`).
        case subject = "s", comparison = "c", page = "p", dimension = "d", useCase = "u"
    }

    public var kind: Kind
    public var title: String
    /// A short second line after the kind: a subject's comparison count and aliases, a comparison's
    /// subjects, a dimension's count of comparisons, a use case's subject.
    public var detail: String
    /// Relative to the site root (`compare/a-vs-b/`, `compare/a-vs-b/#pricing`).
    public var url: String
    /// Every word the entry is found by (`SearchTokens.indexWords`), unique, in first-seen order.
    public var words: [String]
}

/// One file of the index, relative to the site root.
public struct SearchIndexFile: Sendable, Hashable {
    public var path: String
    public var bytes: [UInt8]
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// The quick find's index, written from the model: entries sharded by word prefix, so the browser
/// downloads only the shard a query needs.
///
/// A shard holds every entry with a word starting with its key. Keys start one letter long; a key
/// whose entries would exceed `shardBudget` bytes is split into longer keys (one more letter), and
/// keeps a *summary*: its first entries in rank order, marked `partial`, for queries no longer than
/// the key ("po" while "pos" and "pow" have their own shards). The summary of a key that is itself a
/// word ("key", when "keys" is split off) keeps the whole budget, since it answers that word; any
/// other keeps a quarter of it, since it only answers the first letters of a word being typed. A
/// summary with the same entries as the one of a shorter key is left out (the shorter key answers
/// the same). A site whose whole index fits in the budget gets one shard with the empty key.
///
/// `search/index.json` lists the shards: `{"version":1,"shards":[[key, file, entries, partial], ...]}`
/// sorted by key. A query word uses the shard of the longest key that is a prefix of it; a query of
/// several words downloads the shard with the fewest entries among its words' (a complete one
/// first), and keeps the entries having, for every word, a word starting with it. Shard files are
/// `search/<n>.json`, numbered in key order: `[[kind, title, detail, url, "word word ..."], ...]`.
///
/// Deterministic: the same model gives the same bytes.
public enum SearchIndex {
    public static let version = 1
    /// Uncompressed bytes of one shard at most (one entry more is allowed when a single entry exceeds
    /// it). The JSON compresses about 5:1 with gzip, so the first query (the manifest and one shard)
    /// stays under 100 KB compressed at 10,000 documents (BENCHMARKS.md has the measured numbers).
    public static let shardBudget = 256 * 1024

    /// The index's files: `search/index.json` and the shards.
    /// - Parameter dimensionPages: the site's dimensions when it has dimension pages (`dimensions/<slug>/`):
    ///   dimension results lead there (a dimension of one comparison, which has no page, to its row), and
    ///   are found by every title the dimension is given.
    public static func files(for model: SiteModel, dimensionPages: DimensionCatalog? = nil,
                             budget: Int = shardBudget) -> [SearchIndexFile] {
        var shards: [SearchIndexFile] = []
        write(for: model, dimensionPages: dimensionPages, budget: budget) { shards.append($0) }
        // `write` hands the manifest over last; it is listed first.
        return shards.suffix(1) + shards.dropLast()
    }

    /// The same files handed to `emit` one at a time, each shard as soon as it is made and the manifest
    /// (`search/index.json`) last, so a writer holds one shard's bytes at a time instead of the whole
    /// index (27 MB at 10,000 documents).
    public static func write(for model: SiteModel, dimensionPages: DimensionCatalog? = nil,
                             budget: Int = shardBudget, emit: (SearchIndexFile) throws -> Void) rethrows {
        let entries = entries(of: model, dimensionPages: dimensionPages)
        // Each entry is in a shard per word (and in summaries): encoded once, copied into each.
        let encoded = entries.map(encode)
        let shards = shard(entries, budget: budget, sizes: encoded.map { $0.count + 2 })
        var manifest = SearchJSON()
        manifest.raw("{\"version\":\(version),\"shards\":[")
        for (number, shard) in shards.enumerated() {
            if number > 0 { manifest.raw(",") }
            manifest.raw("[")
            manifest.string(shard.key)
            manifest.raw(",\(number),\(shard.entries.count),\(shard.partial ? 1 : 0)]")
            var body: [UInt8] = [UInt8(ascii: "[")]
            body.reserveCapacity(shard.entries.reduce(2) { $0 + encoded[$1].count + 2 })
            for (position, index) in shard.entries.enumerated() {
                if position > 0 { body += [UInt8(ascii: ","), 0x0A] }
                body += encoded[index]
            }
            body += [UInt8(ascii: "]"), 0x0A]
            try emit(SearchIndexFile(path: "search/\(number).json", bytes: body))
        }
        manifest.raw("]}\n")
        try emit(SearchIndexFile(path: "search/index.json", bytes: manifest.bytes))
    }

    // MARK: What goes in

    /// Every entry, in rank order: subjects (most compared first), comparisons (by title), plain
    /// pages, dimensions (most used first, one per slug), titled use cases (one per subject and title).
    public static func entries(of model: SiteModel, dimensionPages: DimensionCatalog? = nil) -> [SearchEntry] {
        // Indices, and documents passed to the functions below as borrowed arguments: a copied
        // `Document` is a reference count per field, and this reads every document three times.
        let documents = model.documents
        let listed = documents.indicesInListingOrder()
        var subjectsBySlug: [String: Subject] = [:]
        for subject in model.subjects { subjectsBySlug[subject.slug] = subject }

        var entries: [SearchEntry] = []
        let subjects = model.subjects.sorted {
            ($1.documents.count, $0.name.lowercased(), $0.slug) < ($0.documents.count, $1.name.lowercased(), $1.slug)
        }
        for subject in subjects {
            let count = "\(subject.documents.count) comparison\(subject.documents.count == 1 ? "" : "s")"
            let detail = subject.aliases.isEmpty ? count : "\(count) · also \(subject.aliases.joined(separator: ", "))"
            entries.append(SearchEntry(kind: .subject, title: subject.name, detail: detail, url: subject.url,
                                       words: uniqueWords([subject.name] + subject.aliases)))
        }
        // Subjects' names and aliases recur in every comparison and use case of theirs: split once.
        var nameWords: [String: [String]] = [:]
        for subject in model.subjects {
            for name in [subject.name] + subject.aliases where nameWords[name] == nil { nameWords[name] = SearchTokens.indexWords(name) }
        }
        func wordsOf(_ name: String) -> [String] { nameWords[name] ?? SearchTokens.indexWords(name) }
        func comparisonEntry(_ document: Document) -> SearchEntry {
            var words = UniqueWords()
            words.add(SearchTokens.indexWords(document.title))
            for reference in document.subjects {
                if let subject = subjectsBySlug[reference.slug] {
                    words.add(wordsOf(subject.name))
                    for alias in subject.aliases { words.add(wordsOf(alias)) }
                } else {
                    words.add(wordsOf(reference.name))
                }
            }
            let detail = document.subjects.map { subjectsBySlug[$0.slug]?.name ?? $0.name }.joined(separator: " vs ")
            return SearchEntry(kind: .comparison, title: document.title, detail: detail, url: document.url, words: words.words)
        }
        for index in listed where documents[index].kind == .comparison {
            entries.append(comparisonEntry(documents[index]))
        }
        for index in listed where documents[index].kind == .page {
            entries.append(SearchEntry(kind: .page, title: documents[index].title, detail: "", url: documents[index].url,
                                       words: uniqueWords([documents[index].title])))
        }

        if let catalog = dimensionPages {
            // Dimensions: one entry per site dimension (synonyms gathered), most used first, found by
            // every title a comparison gives it; at its page when it has one.
            let ranked = catalog.dimensions.indices.sorted {
                (catalog.dimensions[$1].occurrences.count, $0) < (catalog.dimensions[$0].occurrences.count, $1)
            }
            for index in ranked {
                let dimension = catalog.dimensions[index]
                guard let first = dimension.occurrences.first else { continue }
                // Each title once, in the occurrences' order: the same words, in the same order, as every occurrence's.
                let titles = [dimension.title] + dimension.titles
                let count = dimension.comparisonCount
                // A dimension of one comparison has no page: its row there.
                let url = dimension.hasPage ? SiteLayout.dimensionURL(slug: dimension.slug)
                    : documents[first.document].url + "#" + documents[first.document].differences[first.dimension].slug
                entries.append(SearchEntry(kind: .dimension, title: dimension.title,
                                           detail: "in \(count) comparison\(count == 1 ? "" : "s")",
                                           url: url, words: uniqueWords(titles)))
            }
        }
        // Without dimension pages: one entry per slug, leading to its row in the first comparison (in
        // title order) that has it; named as there.
        var dimensions: [String: (title: String, url: String, count: Int, order: Int)] = [:]
        func gatherDimensions(of document: Document) {
            for dimension in document.differences {
                if let seen = dimensions[dimension.slug] {
                    dimensions[dimension.slug]?.count = seen.count + 1
                } else {
                    dimensions[dimension.slug] = (dimension.title, document.url + "#" + dimension.slug, 1, dimensions.count)
                }
            }
        }
        for index in listed where documents[index].kind == .comparison && dimensionPages == nil {
            gatherDimensions(of: documents[index])
        }
        for (_, dimension) in dimensions.sorted(by: { ($1.value.count, $0.value.order) < ($0.value.count, $1.value.order) }) {
            entries.append(SearchEntry(kind: .dimension, title: dimension.title,
                                       detail: "in \(dimension.count) comparison\(dimension.count == 1 ? "" : "s")",
                                       url: dimension.url, words: uniqueWords([dimension.title])))
        }

        // Use cases with a title, once per subject and title (a use case repeated in many comparisons
        // is one result), leading to the first comparison listing it.
        // Keyed by the two strings (no joined copy made per use case); the subject's name looked up only
        // for a use case not seen before, without copying its `Subject`.
        struct UseCaseKey: Hashable {
            var subject: String
            var titleSlug: String
        }
        var seenUseCases: Set<UseCaseKey> = []
        func gatherUseCases(of document: Document) {
            for useCase in document.useCases {
                guard let title = useCase.title, !title.isEmpty else { continue }
                guard seenUseCases.insert(UseCaseKey(subject: useCase.subject, titleSlug: Slug.make(title))).inserted else { continue }
                let name = subjectsBySlug[useCase.subject]?.name ?? useCase.subject
                var words = UniqueWords()
                words.add(SearchTokens.indexWords(title))
                words.add(wordsOf(name))
                entries.append(SearchEntry(kind: .useCase, title: title, detail: name,
                                           url: document.url + "#" + useCase.anchor, words: words.words))
            }
        }
        for index in listed where documents[index].kind == .comparison {
            gatherUseCases(of: documents[index])
        }
        // By kind, and within a kind in the order above.
        let kinds = SearchEntry.Kind.allCases
        var byKind = [[SearchEntry]](repeating: [], count: kinds.count)
        for entry in entries { byKind[kinds.firstIndex(of: entry.kind)!].append(entry) }
        return Array(byKind.joined())
    }

    static func uniqueWords(_ texts: [String]) -> [String] {
        var words = UniqueWords()
        for text in texts { words.add(SearchTokens.indexWords(text)) }
        return words.words
    }

    /// Words in the order first seen, each once. A name has a handful: they are compared in a list
    /// until it is long enough for a set to pay.
    struct UniqueWords {
        private(set) var words: [String] = []
        private var seen: Set<String>?

        mutating func add(_ new: [String]) {
            for word in new {
                if var set = seen {
                    seen = nil
                    if set.insert(word).inserted { words.append(word) }
                    seen = set
                } else if !words.contains(word) {
                    words.append(word)
                    if words.count == 16 { seen = Set(words) }
                }
            }
        }
    }

    // MARK: Sharding

    public struct Shard: Sendable, Hashable {
        public var key: String
        /// Indices into the entries, ascending (rank order).
        public var entries: [Int]
        /// Only the first entries (by rank) with a word starting with `key` fit.
        public var partial: Bool
    }

    /// The shards for these entries, sorted by key.
    public static func shard(_ entries: [SearchEntry], budget: Int) -> [Shard] {
        shard(entries, budget: budget, sizes: entries.map(encodedSize))
    }

    /// `sizes`: each entry's `encodedSize`, when the caller has them.
    static func shard(_ entries: [SearchEntry], budget: Int, sizes: [Int]) -> [Shard] {
        // Every distinct word as Unicode scalars, sorted, with the entries having it.
        var postings: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            for word in entry.words { postings[word, default: []].append(index) }
        }
        let words = postings.keys.map { Array($0.unicodeScalars) }.sorted { $0.lexicographicallyPrecedes($1) { $0.value < $1.value } }
        let wordPostings = words.map { postings[String(String.UnicodeScalarView($0))]! }

        var shards: [Shard] = []
        var mark = [Int](repeating: -1, count: entries.count)
        var generation = 0
        /// The entries of the words in `range`, ascending, and their encoded size.
        func union(_ range: Range<Int>) -> (entries: [Int], bytes: Int) {
            generation += 1
            var found: [Int] = []
            var bytes = 0
            for word in range {
                for entry in wordPostings[word] where mark[entry] != generation {
                    mark[entry] = generation
                    found.append(entry)
                    bytes += sizes[entry]
                }
            }
            found.sort()
            return (found, bytes)
        }
        func cut(_ found: [Int], to limit: Int) -> [Int] {
            var bytes = 0
            var kept: [Int] = []
            for entry in found {
                if !kept.isEmpty && bytes + sizes[entry] > limit { break }
                kept.append(entry)
                bytes += sizes[entry]
            }
            return kept
        }
        // Explicit work list, not recursion: a key grows one letter per level, up to the longest word.
        // `shown`: the entries of the nearest shard above, when that shard was cut.
        var pending: [(prefix: [Unicode.Scalar], range: Range<Int>, shown: [Int]?)] = [([], words.indices, nil)]
        while let (prefix, range, shown) = pending.popLast() {
            let found = union(range)
            let key = String(String.UnicodeScalarView(prefix))
            if found.bytes <= budget {
                if !found.entries.isEmpty { shards.append(Shard(key: key, entries: found.entries, partial: false)) }
                continue
            }
            // Words longer than the prefix, grouped by their next scalar (they are sorted, so each
            // group is a contiguous range).
            var children: [(prefix: [Unicode.Scalar], range: Range<Int>, shown: [Int]?)] = []
            var start = range.lowerBound
            while start < range.upperBound && words[start].count == prefix.count { start += 1 }
            let isWord = start > range.lowerBound
            var index = start
            while index < range.upperBound {
                let next = words[index][prefix.count]
                var end = index + 1
                while end < range.upperBound && words[end][prefix.count] == next { end += 1 }
                children.append((prefix + [next], index..<end, nil))
                index = end
            }
            var nowShown = shown
            // A summary for queries no longer than this key, or the cut shard of a word that cannot be
            // split (children then hold only the longer words). Not when the cut shard above holds the
            // very same entries ("an", "ana", "anal" of a site whose only word in "an" is "analytics"):
            // a query falls back to the longest key that is its prefix, which answers the same.
            // A key that is a word itself answers that word: it keeps the whole budget. A summary
            // only serves the first letters of longer words, while typing: a quarter is plenty.
            let kept = cut(found.entries, to: isWord ? budget : budget / 4)
            if !prefix.isEmpty && shown != kept {
                shards.append(Shard(key: key, entries: kept, partial: true))
                nowShown = kept
            }
            children = children.map { ($0.prefix, $0.range, nowShown) }
            pending += children.reversed()
        }
        return shards.sorted { Array($0.key.unicodeScalars).lexicographicallyPrecedes(Array($1.key.unicodeScalars)) { $0.value < $1.value } }
    }

    /// The bytes `SearchJSON.entry` writes for an entry, without writing it (plus the separator).
    public static func encodedSize(_ entry: SearchEntry) -> Int {
        encode(entry).count + 2
    }

    static func encode(_ entry: SearchEntry) -> [UInt8] {
        var text = SearchJSON()
        text.entry(entry)
        return text.bytes
    }
}

/// Compact JSON with `model.json`'s escaping (`TextPrimitives.JSONText`), so the output is
/// byte-for-byte stable.
struct SearchJSON: ~Copyable {
    var buffer = ByteBuffer(capacity: 256)

    var bytes: [UInt8] { buffer.array }

    mutating func raw(_ text: String) { buffer.append(utf8: text) }

    mutating func string(_ text: String) { JSONText.appendString(text, to: &buffer) }

    mutating func entry(_ entry: SearchEntry) {
        raw("[")
        string(entry.kind.rawValue)
        raw(",")
        string(entry.title)
        raw(",")
        string(entry.detail)
        raw(",")
        string(entry.url)
        raw(",")
        string(entry.words.joined(separator: " "))
        raw("]")
    }
}
