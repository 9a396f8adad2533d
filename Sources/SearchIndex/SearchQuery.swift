import Foundation

/// The quick find's query rule over the written index files, as the default theme's
/// `assets/search.js` runs it in the browser: the tests hold the index to it, and a tool can answer
/// queries from a built site with it. Keep the two in step.
public struct SearchQuery: Sendable {
    public struct Result: Sendable, Hashable {
        public var kind: String
        public var title: String
        public var detail: String
        public var url: String
    }

    /// The shards the manifest lists: key -> (file number, entry count, partial).
    let shards: [String: (file: Int, count: Int, partial: Bool)]
    let readFile: @Sendable (String) -> [UInt8]?

    /// `readFile` reads a file of the index by its path relative to the site root (`search/index.json`).
    public init?(readFile: @escaping @Sendable (String) -> [UInt8]?) {
        guard let bytes = readFile("search/index.json"),
              let manifest = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let list = manifest["shards"] as? [[Any]] else { return nil }
        var shards: [String: (Int, Int, Bool)] = [:]
        for row in list {
            guard row.count == 4, let key = row[0] as? String, let file = row[1] as? Int, let count = row[2] as? Int,
                  let partial = row[3] as? Int else { return nil }
            shards[key] = (file, count, partial == 1)
        }
        self.shards = shards
        self.readFile = readFile
    }

    /// The words a query asks for: its words without connectors, unless that leaves none.
    public static func words(of query: String) -> [String] {
        SearchTokens.indexWords(query)
    }

    /// The shard a query word is answered from: the longest key that is a prefix of it.
    public func shardKey(for word: String) -> String? {
        var scalars = Array(word.unicodeScalars)
        while true {
            let key = String(String.UnicodeScalarView(scalars))
            if shards[key] != nil { return key }
            if scalars.isEmpty { return nil }
            scalars.removeLast()
        }
    }

    /// The shard a whole query downloads: among its words' shards, a complete one before a partial
    /// one, then the one with the fewest entries, then the first word's.
    public func shardKey(forQuery words: [String]) -> String? {
        let keys = words.compactMap { shardKey(for: $0) }
        guard keys.count == words.count else { return nil } // a word no shard can hold matches nothing
        return keys.enumerated().min { a, b in
            let x = shards[a.element]!, y = shards[b.element]!
            return (x.partial ? 1 : 0, x.count, a.offset) < (y.partial ? 1 : 0, y.count, b.offset)
        }?.element
    }

    /// Results in the theme's order: more query words matching a whole word first, then kind
    /// (subjects, comparisons, pages, dimensions, use cases), then the index's order.
    public func run(_ query: String, limit: Int = 50) -> [Result] {
        let words = Self.words(of: query)
        guard !words.isEmpty, let key = shardKey(forQuery: words), let shard = shards[key],
              let bytes = readFile("search/\(shard.file).json"),
              let rows = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [[String]] else { return [] }
        let kindOrder = SearchEntry.Kind.allCases.map(\.rawValue)
        var scored: [(exact: Int, kind: Int, order: Int, result: Result)] = []
        for (order, row) in rows.enumerated() where row.count == 5 {
            let entryWords = row[4].split(separator: " ").map(String.init)
            guard words.allSatisfy({ word in entryWords.contains { $0.hasPrefix(word) } }) else { continue }
            let exact = words.filter { entryWords.contains($0) }.count
            scored.append((exact, kindOrder.firstIndex(of: row[0]) ?? kindOrder.count, order,
                           Result(kind: row[0], title: row[1], detail: row[2], url: row[3])))
        }
        scored.sort { ($1.exact, $0.kind, $0.order) < ($0.exact, $1.kind, $1.order) }
        return scored.prefix(limit).map(\.result)
    }
}
