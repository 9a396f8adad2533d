import ComparisonModel
import Foundation
@testable import SearchIndex
import Testing

/// Small models built by hand: the index is a function of the model only.
enum Models {
    static func comparison(_ slug: String, _ title: String, subjects: [(String, String)], dimensions: [String] = [],
                           useCases: [(subject: String, title: String)] = []) -> Document {
        Document(slug: slug, source: "content/\(slug).md", contentPath: "\(slug).md", title: title, titleInlines: [],
                 titlePosition: nil, kind: .comparison, language: nil, draft: false, summary: "",
                 subjects: subjects.map { SubjectReference(slug: $0.0, name: $0.1) }, sections: [],
                 differences: dimensions.map { DifferenceDimension(slug: Slug.make($0), title: $0, titleInlines: [], position: nil, entries: []) },
                 useCases: useCases.enumerated().map {
                     UseCase(subject: $0.element.subject, title: $0.element.title, titleInlines: [], text: "", html: "",
                             description: [], anchor: "use-\($0.offset)", position: nil)
                 },
                 anchors: [], links: [])
    }

    static func page(_ slug: String, _ title: String) -> Document {
        Document(slug: slug, source: "content/\(slug).md", contentPath: "\(slug).md", title: title, titleInlines: [],
                 titlePosition: nil, kind: .page, language: nil, draft: false, summary: "", subjects: [], sections: [],
                 differences: [], useCases: [], anchors: [], links: [])
    }

    /// Subjects from the documents, as the assembler makes them (documents in site order).
    static func site(_ documents: [Document], aliases: [String: [String]] = [:]) -> SiteModel {
        var subjects: [String: Subject] = [:]
        for document in documents {
            for reference in document.subjects {
                subjects[reference.slug, default: Subject(slug: reference.slug, name: reference.name,
                                                          aliases: aliases[reference.slug] ?? [], documents: [])].documents.append(document.slug)
            }
        }
        return SiteModel(documents: documents, subjects: subjects.values.sorted { $0.slug < $1.slug }, diagnostics: [])
    }

    static let databases = site([
        comparison("sqlite-vs-postgresql", "SQLite vs PostgreSQL", subjects: [("sqlite", "SQLite"), ("postgresql", "PostgreSQL")],
                   dimensions: ["Pricing", "Concurrency"], useCases: [("sqlite", "Embedded apps"), ("postgresql", "Analytics")]),
        comparison("postgresql-vs-mysql", "Key Differences Between PostgreSQL and MySQL",
                   subjects: [("postgresql", "PostgreSQL"), ("mysql", "MySQL")], dimensions: ["Pricing", "Replication"],
                   useCases: [("postgresql", "Analytics"), ("mysql", "Web apps")]),
        comparison("cafe-vs-tea", "Café vs Tea", subjects: [("cafe", "Café"), ("tea", "Tea")]),
        page("about", "About this site"),
    ], aliases: ["postgresql": ["Postgres"]])

    static func query(_ files: [SearchIndexFile]) throws -> SearchQuery {
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.bytes) })
        return try #require(SearchQuery { byPath[$0] })
    }
}

@Suite struct SearchIndexContentTests {
    @Test func wordsAreFoldedAndSplit() {
        #expect(SearchTokens.words("Café au Lait, Node.js & C++") == ["cafe", "au", "lait", "node", "js", "c"])
        #expect(SearchTokens.words("ÉCOLE") == ["ecole"])
        #expect(SearchTokens.words("東京 Tower") == ["東京", "tower"])
        #expect(SearchTokens.indexWords("SQLite vs PostgreSQL") == ["sqlite", "postgresql"])
        // A name made only of connectors is still found by them.
        #expect(SearchTokens.indexWords("The And") == ["the", "and"])
        #expect(SearchTokens.words(String(repeating: "x", count: 50)) == [String(repeating: "x", count: SearchTokens.maximumLength)])
    }

    /// The ASCII fast path finds the words the Unicode path finds, on random ASCII text (every byte
    /// kind: letters of both cases, digits, punctuation, controls, words longer than the limit).
    @Test func asciiWordsMatchTheUnicodePath() {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let alphabet = Array("aZ09 .-_+^`@[{~\t\nQmz".utf8) + (0..<128).map(UInt8.init)
        for round in 0..<2000 {
            let length = next(round % 10 == 0 ? 120 : 24)
            let bytes = (0..<length).map { _ in next(3) == 0 ? alphabet[next(alphabet.count)] : UInt8(ascii: "a") + UInt8(next(26)) }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(SearchTokens.asciiWords(text) == SearchTokens.unicodeWords(text), "\(bytes)")
        }
        #expect(SearchTokens.asciiWords("Node.JS 2x" + String(repeating: "k", count: 40)) == ["node", "js", "2x" + String(repeating: "k", count: 30)])
    }

    @Test func entriesCoverSubjectsComparisonsPagesDimensionsAndUseCases() {
        let entries = SearchIndex.entries(of: Models.databases)
        let summary = entries.map { "\($0.kind.rawValue) \($0.title) -> \($0.url)" }
        #expect(summary == [
            "s PostgreSQL -> subjects/postgresql/",  // two comparisons: first
            "s Café -> subjects/cafe/",
            "s MySQL -> subjects/mysql/",
            "s SQLite -> subjects/sqlite/",
            "s Tea -> subjects/tea/",
            "c Café vs Tea -> compare/cafe-vs-tea/",
            "c Key Differences Between PostgreSQL and MySQL -> compare/postgresql-vs-mysql/",
            "c SQLite vs PostgreSQL -> compare/sqlite-vs-postgresql/",
            "p About this site -> about/",
            "d Pricing -> compare/postgresql-vs-mysql/#pricing",  // in two comparisons: first; the row of the first by title
            "d Replication -> compare/postgresql-vs-mysql/#replication",
            "d Concurrency -> compare/sqlite-vs-postgresql/#concurrency",
            "u Analytics -> compare/postgresql-vs-mysql/#use-0",  // once per subject and title
            "u Web apps -> compare/postgresql-vs-mysql/#use-1",
            "u Embedded apps -> compare/sqlite-vs-postgresql/#use-0",
        ])
        let postgres = entries[0]
        #expect(postgres.words == ["postgresql", "postgres"])
        #expect(postgres.detail == "2 comparisons · also Postgres")
        // A comparison is found by its subjects' names and aliases, not by connectors.
        let pair = entries.first { $0.url == "compare/sqlite-vs-postgresql/" }
        #expect(pair?.words == ["sqlite", "postgresql", "postgres"])
        #expect(pair?.detail == "SQLite vs PostgreSQL")
        #expect(entries.first { $0.kind == .dimension && $0.title == "Pricing" }?.detail == "in 2 comparisons")
        #expect(entries.first { $0.kind == .useCase && $0.title == "Web apps" }?.detail == "MySQL")
    }

    /// With dimension pages, a dimension result leads to its page, and synonyms gathered there are one
    /// result found by each of their titles; a dimension of one comparison has no page and leads to its row.
    @Test func dimensionsLeadToTheirPagesWhenTheSiteHasThem() {
        let documents = [
            Models.comparison("a-vs-b", "A vs B", subjects: [("a", "A"), ("b", "B")], dimensions: ["Cost", "Speed"]),
            Models.comparison("c-vs-d", "C vs D", subjects: [("c", "C"), ("d", "D")], dimensions: ["Pricing"]),
            Models.comparison("e-vs-f", "E vs F", subjects: [("e", "E"), ("f", "F")], dimensions: ["Price"]),
        ]
        let model = Models.site(documents)
        let catalog = DimensionCatalog(documents: model.documents, synonyms: ["Pricing": ["Cost", "Price"]])
        let dimensions = SearchIndex.entries(of: model, dimensionPages: catalog).filter { $0.kind == .dimension }
        #expect(dimensions.map { "\($0.title) -> \($0.url) \($0.detail)" } == [
            "Pricing -> dimensions/pricing/ in 3 comparisons", "Speed -> compare/a-vs-b/#speed in 1 comparison",
        ])
        #expect(dimensions.first?.words == ["pricing", "cost", "price"])
        // Without dimension pages the same model leads to rows, one result per title.
        #expect(SearchIndex.entries(of: model).filter { $0.kind == .dimension }.count == 4)
    }

    @Test func outputIsDeterministic() {
        let first = SearchIndex.files(for: Models.databases, budget: 300)
        let second = SearchIndex.files(for: Models.databases, budget: 300)
        #expect(first == second)
        #expect(first.first?.path == "search/index.json")
    }

    /// The build writes the index as `write` hands it over, a shard at a time: the same files as
    /// `files`, shards in number order, the manifest last (it lists every shard).
    @Test func writeHandsOverShardsThenTheManifest() {
        var written: [SearchIndexFile] = []
        SearchIndex.write(for: Models.databases, budget: 300) { written.append($0) }
        let files = SearchIndex.files(for: Models.databases, budget: 300)
        #expect(written.count > 2)
        #expect(written.last?.path == "search/index.json")
        #expect(written.dropLast().map(\.path) == (0..<(written.count - 1)).map { "search/\($0).json" })
        #expect(Set(written.map(\.path)) == Set(files.map(\.path)))
        for file in files { #expect(written.first { $0.path == file.path }?.bytes == file.bytes) }
    }

    @Test func jsonIsEscaped() throws {
        let model = Models.site([Models.comparison("q", "Say \"hi\" \\ now\u{1}", subjects: [("a", "A"), ("b", "B")])])
        let files = SearchIndex.files(for: model)
        for file in files { #expect((try? JSONSerialization.jsonObject(with: Data(file.bytes))) != nil, "\(file.path) is not JSON") }
        #expect(try Models.query(files).run("say hi").map(\.title) == ["Say \"hi\" \\ now\u{1}"])
    }
}

@Suite struct SearchIndexShardingTests {
    @Test func aSmallSiteIsOneShard() throws {
        let files = SearchIndex.files(for: Models.databases)
        #expect(files.map(\.path) == ["search/index.json", "search/0.json"])
        #expect(files[0].text == "{\"version\":1,\"shards\":[[\"\",0,15,0]]}\n")
    }

    /// Every complete shard holds every entry with a word starting with its key, and stays within
    /// the budget; a cut shard is marked partial.
    @Test func shardsAreCompleteOrMarkedPartial() {
        var documents: [Document] = []
        for index in 0..<300 {
            let a = "Product\(index % 40)", b = "Tool\(index % 23)"
            documents.append(Models.comparison("c\(index)", "\(a) vs \(b) \(index)", subjects: [(a.lowercased(), a), (b.lowercased(), b)],
                                               dimensions: ["Pricing", "Speed \(index % 7)"]))
        }
        let entries = SearchIndex.entries(of: Models.site(documents))
        let budget = 4_000
        let shards = SearchIndex.shard(entries, budget: budget)
        #expect(shards.count > 5)
        #expect(shards.map(\.key) == shards.map(\.key).sorted())
        #expect(Set(shards.map(\.key)).count == shards.count)
        for shard in shards {
            let expected = entries.indices.filter { index in entries[index].words.contains { $0.hasPrefix(shard.key) } }
            if shard.partial {
                #expect(shard.entries == Array(expected.prefix(shard.entries.count)), "partial shard \(shard.key) is not the first entries")
                #expect(shard.entries.count < expected.count)
            } else {
                #expect(shard.entries == expected, "shard \(shard.key) is not complete")
            }
            let bytes = shard.entries.reduce(0) { $0 + SearchIndex.encodedSize(entries[$1]) }
            #expect(bytes <= budget || shard.entries.count == 1, "shard \(shard.key) has \(bytes) bytes")
        }
        // No cut shard repeats the entries of a shorter key's cut shard.
        for shard in shards where shard.partial {
            #expect(!shards.contains { $0.partial && $0.key != shard.key && shard.key.hasPrefix($0.key) && $0.entries == shard.entries },
                    "\(shard.key) repeats a shorter key")
        }
        // "product1" and "product10".."product19" share "product1": it is a summary or a leaf, and
        // every word is reachable through some key that is its prefix.
        for word in Set(entries.flatMap(\.words)) {
            #expect(shards.contains { word.hasPrefix($0.key) }, "no shard for \(word)")
        }
    }

    @Test func aWordThatCannotBeSplitIsCutToTheBudget() {
        let documents = (0..<100).map { Models.comparison("c\($0)", "Same vs Other\($0)", subjects: [("same", "Same"), ("o\($0)", "Other\($0)")]) }
        let shards = SearchIndex.shard(SearchIndex.entries(of: Models.site(documents)), budget: 2_000)
        // "s", "sa" and "sam" only start the word: one summary (a quarter of the budget) serves them;
        // "same" is the word itself and keeps the whole budget.
        let serving = shards.filter { "same".hasPrefix($0.key) }
        #expect(serving.map(\.key) == ["s", "same"])
        #expect(serving.first.map { $0.entries.count < serving[1].entries.count } == true)
        let same = serving.last
        #expect(same?.partial == true)
        #expect(same.map { $0.entries.count < 101 } == true)
        // Its first entry is the subject itself: subjects rank first.
        #expect(same?.entries.first == shards.flatMap(\.entries).min())
    }
}

@Suite struct SearchQueryTests {
    @Test func aPairIsFoundWhateverTheOrder() throws {
        for budget in [SearchIndex.shardBudget, 700] {
            let files = SearchIndex.files(for: Models.databases, budget: budget)
            // The small budget splits the index, so the pairs are answered from one of several shards.
            #expect(budget == SearchIndex.shardBudget ? files.count == 2 : files.count > 5)
            let query = try Models.query(files)
            for text in ["sqlite vs postgres", "postgres sqlite", "PostgreSQL and SQLite", "postgresql versus sqli"] {
                #expect(query.run(text).first?.url == "compare/sqlite-vs-postgresql/", "\(text), budget \(budget)")
            }
            #expect(query.run("mysql postgres").first?.url == "compare/postgresql-vs-mysql/")
        }
    }

    @Test func subjectsAliasesDimensionsAndUseCasesAreFound() throws {
        let query = try Models.query(SearchIndex.files(for: Models.databases, budget: 200))
        #expect(query.run("postgres").first?.url == "subjects/postgresql/")
        #expect(query.run("cafe").first?.title == "Café")
        #expect(query.run("CAFÉ").first?.title == "Café")
        #expect(query.run("pric").map(\.kind) == ["d"])
        #expect(query.run("analytics").map(\.title) == ["Analytics"])
        #expect(query.run("about").map(\.url) == ["about/"])
        #expect(query.run("nothing like this").isEmpty)
        #expect(query.run("   ").isEmpty)
    }

    @Test func aQueryUsesItsMostSelectiveShard() throws {
        var documents: [Document] = []
        for index in 0..<200 {
            documents.append(Models.comparison("c\(index)", "Common vs Rare\(index)", subjects: [("common", "Common"), ("rare\(index)", "Rare\(index)")]))
        }
        let files = SearchIndex.files(for: Models.site(documents), budget: 3_000)
        let query = try Models.query(files)
        // "common" is in every comparison and cut; "rare150" has a complete shard of its own.
        #expect(query.shardKey(for: "common") != nil)
        let key = try #require(query.shardKey(forQuery: ["common", "rare150"]))
        #expect("rare150".hasPrefix(key) && key.count > 1)
        #expect(query.run("common rare150").first?.url == "compare/c150/")
        #expect(query.run("rare150 common").first?.url == "compare/c150/")
    }
}
