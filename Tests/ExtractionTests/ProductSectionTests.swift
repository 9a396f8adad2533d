import ComparisonModel
import Testing

/// Products as `###` headings holding the same labels or sub-headings: transposed into dimensions,
/// never with the labels taken for subjects.
@Suite struct ProductSectionTests {
    func entries(_ document: Document) -> [[String]] {
        document.differences.map { $0.entries.map { "\($0.subject)=\($0.text)" } }
    }

    @Test func repeatedBoldLabelsBecomeDimensions() throws {
        let result = extract("""
            # npm vs pnpm

            ## The tools

            ### npm

            The default client.

            - **Purpose:** installs packages.
            - **Best for:** projects that want the default.

            ### pnpm

            **Purpose:** installs packages into a shared store.

            **Best for:** monorepos.
            """)
        let document = try #require(result.document)
        #expect(document.kind == .comparison)
        #expect(document.subjects.map(\.name) == ["npm", "pnpm"])
        #expect(document.differences.map(\.title) == ["Purpose", "Best for"])
        #expect(entries(document) == [["npm=installs packages.", "pnpm=installs packages into a shared store."],
                                      ["npm=projects that want the default.", "pnpm=monorepos."]])
        #expect(result.diagnostics.isEmpty)
        // The prose of a product section stays on the page.
        #expect(document.sections[0].blocks.count == 2)
    }

    @Test func prosAndConsSubHeadingsInGermanAndJapanese() throws {
        let german = try document("""
            # Kafka vs. RabbitMQ

            ## Bewertung

            ### Kafka

            #### Vorteile

            - hoher Durchsatz

            #### Nachteile

            - aufwendiger Betrieb

            ### RabbitMQ

            #### Vorteile

            - einfache Einrichtung

            #### Nachteile

            - geringerer Durchsatz
            """)
        #expect(german.differences.map(\.title) == ["Vorteile", "Nachteile"])
        #expect(entries(german) == [["kafka=hoher Durchsatz", "rabbitmq=einfache Einrichtung"],
                                    ["kafka=aufwendiger Betrieb", "rabbitmq=geringerer Durchsatz"]])
        let japanese = try document("""
            ---
            subjects: [Redis, Memcached]
            ---
            # キャッシュの選び方

            ## 特徴

            ### Redis

            #### メリット

            永続化できる。

            #### デメリット

            メモリを多く使う。

            ### Memcached

            #### メリット

            単純で速い。

            #### デメリット

            永続化できない。
            """)
        #expect(japanese.subjects.map(\.name) == ["Redis", "Memcached"])
        #expect(japanese.differences.map(\.title) == ["メリット", "デメリット"])
        #expect(entries(japanese)[1] == ["redis=メモリを多く使う。", "memcached=永続化できない。"])
    }
}

/// Titles as written in the wild: a trailing label or question is no part of the last subject.
@Suite struct TitleInTheWildTests {
    @Test func trailingLabelsAndQuestionsAreNotSubjects() throws {
        for (title, expected) in [("Azure Event Hubs vs Apache Kafka — Comparison Guide", ["Azure Event Hubs", "Apache Kafka"]),
                                  ("Vite vs Webpack - a short guide", ["Vite", "Webpack"]),
                                  ("Redis vs Memcached | Docs", ["Redis", "Memcached"]),
                                  ("Kafka vs Pulsar?", ["Kafka", "Pulsar"])] {
            let document = try document("# \(title)\n\n## Differences\n\n### Speed\n\n- **\(expected[0])**: fast\n- **\(expected[1])**: fast too\n")
            #expect(document.subjects.map(\.name) == expected, "\(title)")
        }
    }
}
