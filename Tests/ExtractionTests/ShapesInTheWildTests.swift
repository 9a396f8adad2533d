@testable import ComparisonExtraction
import ComparisonModel
import Testing

/// Issue 17's remaining shapes, each pinned on a fixture of our own (Fixtures/*.md, which the
/// content-preservation test also reads).
@Suite struct ShapesInTheWildTests {
    func model(_ name: String) throws -> (Document, [String]) {
        let result = extract(try fixture(name), path: name)
        let document = try #require(result.document, "\(result.diagnostics.located)")
        return (document, result.diagnostics.located)
    }

    func useCases(_ document: Document) -> [String] {
        document.useCases.map { "\($0.subject): \($0.title.map { "\($0) / " } ?? "")\($0.text)" }
    }

    /// "When to choose X", "Choose X when" as sections of their own, and "Which to choose" with a bullet per subject.
    @Test func useCaseSectionsNamedByTheirSubject() throws {
        let (document, diagnostics) = try model("usecase-sections.en.md")
        #expect(document.kind == .comparison)
        #expect(document.subjects.map(\.name) == ["Nimbus Queue", "Harbor Stream"])
        #expect(document.sections.map(\.kind) == [.differences, .useCases, .useCases, .useCases])
        #expect(useCases(document) == [
            "nimbus-queue: Jobs that fan out to a pool of workers.",
            "nimbus-queue: Routing by topic / bindings pick the consumers.",
            "harbor-stream: you read the same events again later.",
            "nimbus-queue: work that is done once.",
            "harbor-stream: history that many teams read.",
        ])
        // What names no subject stays in the section, as written.
        let which = document.sections[3].blocks.compactMap { block -> String? in
            if case .markdown(let node) = block { return node.plainText } else { return nil }
        }
        #expect(which == ["Start from how consumers read.", "Either one for small teams."])
        #expect(diagnostics.isEmpty)
    }

    @Test func useCaseSectionsInGermanFrenchJapaneseAndKorean() throws {
        let expected: [String: [String]] = [
            "usecase-sections.de.md": ["nimbus-queue: Aufgaben für viele Worker.", "harbor-stream: Ereignisse später erneut lesen."],
            "usecase-sections.fr.md": ["nimbus-queue: Répartir des tâches entre ouvriers.", "harbor-stream: Relire les événements plus tard."],
            "usecase-sections.ja.md": ["nimbus-queue: 多数のワーカーに仕事を配る。", "harbor-stream: 後でイベントを読み直す。"],
            "usecase-sections.ko.md": ["nimbus-queue: 여러 워커에 작업 분배.", "harbor-stream: 나중에 이벤트 다시 읽기."],
        ]
        for (name, cases) in expected.sorted(by: { $0.key < $1.key }) {
            let (document, diagnostics) = try model(name)
            #expect(document.subjects.map(\.name) == ["Nimbus Queue", "Harbor Stream"], "\(name)")
            #expect(useCases(document) == cases, "\(name)")
            #expect(document.sections.contains { $0.kind == .useCases }, "\(name)")
            #expect(!document.sections.contains { $0.kind == .conclusion || $0.kind == .other }, "\(name)")
            #expect(diagnostics.isEmpty, "\(name)")
        }
    }

    @Test func useCasePhrasesGiveTheName() {
        for (title, name) in [("When to choose Kafka", "Kafka"), ("Choose Apache Kafka when", "Apache Kafka"),
                              ("When should you use Kafka?", "Kafka"), ("Wann Kafka wählen", "Kafka"),
                              ("Quand choisir Kafka", "Kafka"), ("Kafkaを選ぶべき場合", "Kafka"),
                              ("Kafka를 선택해야 하는 경우", "Kafka"), ("RabbitMQ을 선택해야 할 때", "RabbitMQ")] {
            #expect(UseCaseTitle.subjectName(in: title) == name, "\(title)")
        }
        for title in ["Use cases", "When to choose", "Choose wisely", "Pricing"] {
            #expect(UseCaseTitle.subjectName(in: title) == nil, "\(title)")
        }
    }

    /// Numbering and emoji around headings, short names for the title's full names, a trailing question.
    @Test func decoratedHeadingsAndShortNames() throws {
        let (document, diagnostics) = try model("decorated-headings.en.md")
        #expect(document.kind == .comparison)
        #expect(document.subjects.map(\.name) == ["Cloud Relay Hub", "Open Relay"])
        #expect(document.sections.map(\.kind) == [.differences, .useCases])
        #expect(document.differences.map(\.title) == ["1. Client Libraries", "2. Hosting ☁️"])
        #expect(document.differences.map { $0.entries.map(\.subject) } == [["cloud-relay-hub", "open-relay"], ["cloud-relay-hub", "open-relay"]])
        #expect(useCases(document) == ["cloud-relay-hub: telemetry from devices", "open-relay: log pipelines on your own machines"])
        #expect(diagnostics.isEmpty)
    }

    @Test func decoratedHeadingsInGermanAndJapanese() throws {
        for name in ["decorated-headings.de.md", "decorated-headings.ja.md"] {
            let (document, diagnostics) = try model(name)
            #expect(document.kind == .comparison, "\(name)")
            #expect(document.subjects.map(\.name) == ["Cloud Relay Hub", "Open Relay"], "\(name)")
            #expect(document.sections.map(\.kind) == [.differences, .useCases], "\(name)")
            #expect(document.differences.map { $0.entries.map(\.subject) } == [["cloud-relay-hub", "open-relay"], ["cloud-relay-hub", "open-relay"]], "\(name)")
            #expect(document.useCases.map(\.subject) == ["cloud-relay-hub", "open-relay"], "\(name)")
            #expect(diagnostics.isEmpty, "\(name)")
        }
    }

    /// None of the new readings turns an ordinary page into a comparison.
    @Test func anOrdinaryPageStaysAPage() throws {
        let (document, diagnostics) = try model("not-a-comparison.en.md")
        #expect(document.kind == .page)
        #expect(document.subjects.isEmpty)
        #expect(document.sections.map(\.title) == ["1. Install", "Use the CLI when scripting", "✅ Checklist", "When to choose a plan"])
        #expect(diagnostics.isEmpty)
    }

    @Test func decorationIsStrippedForRecognitionOnly() {
        #expect(SubjectKey.makeUndecorated("3. Key Differences") == "key differences")
        #expect(SubjectKey.makeUndecorated("✅ Event Hubs") == "event hubs")
        #expect(SubjectKey.makeUndecorated("Kafka ⭐") == "kafka")
        #expect(SubjectKey.makeUndecorated("1) 🚀 Speed") == "speed")
        // Numbers that belong to the name stay.
        #expect(SubjectKey.makeUndecorated("1Password") == "1password")
        #expect(SubjectKey.makeUndecorated("2.0 release") == "2.0 release")
    }

    @Test func shortAndLongFormsOfANameMatchWhenUnambiguous() {
        let names = ["azure event hubs", "azure service bus", "type"]
        #expect(SubjectKey.shortFormMatch("event hubs", among: names) == "azure event hubs")
        #expect(SubjectKey.shortFormMatch("type alias", among: names) == nil)
        #expect(SubjectKey.shortFormMatch("type alias", among: names, allowingLonger: true) == "type")
        // Shared words name no one subject.
        #expect(SubjectKey.shortFormMatch("azure", among: names) == nil)
        #expect(SubjectKey.shortFormMatch("hubs service", among: names) == nil)
    }

    @Test func titleContextAndQuestionAreNoPartOfTheNames() throws {
        let document = try document("""
            # Type vs Interface in TypeScript: What's the Difference?

            ## Key differences

            ### Extending

            **Interface:** the extends keyword.

            **Type alias:** an intersection.
            """)
        // The labels' longer form names the subject, so no word of the labels is dropped.
        #expect(document.subjects.map(\.name) == ["Type alias", "Interface"])
        #expect(document.differences.first?.entries.map(\.subject) == ["interface", "type-alias"])
    }

    /// An architecture decision record: each option's "Good, because" bullets, without any subject in the title.
    @Test func goodAndBadBecauseAreDimensions() throws {
        let (document, diagnostics) = try model("decision-record.en.md")
        #expect(document.kind == .comparison)
        #expect(document.subjects.map(\.name) == ["Granite SQL", "Pebble Docs"])
        #expect(document.differences.map(\.title) == ["Good", "Bad", "Neutral"])
        #expect(document.differences.map { $0.entries.map { "\($0.subject)=\($0.text)" } } == [
            ["granite-sql=because transactions span tables. because reports are plain queries.", "pebble-docs=because documents match the order JSON."],
            ["granite-sql=because schema changes need migrations.", "pebble-docs=because joins are awkward."],
            ["pebble-docs=because hosting costs the same."],
        ])
        #expect(diagnostics == ["26:1: warning: dimension 'Neutral' has no entry for 'Granite SQL'"])
    }

    @Test func goodAndBadBecauseInGermanAndFrench() throws {
        for name in ["decision-record.de.md", "decision-record.fr.md"] {
            let (document, diagnostics) = try model(name)
            #expect(document.kind == .comparison, "\(name)")
            #expect(document.subjects.map(\.name) == ["Granite SQL", "Pebble Docs"], "\(name)")
            #expect(document.differences.map { $0.entries.count } == [2, 2], "\(name)")
            #expect(diagnostics.isEmpty, "\(name)")
        }
        #expect(try model("decision-record.de.md").0.differences.map(\.title) == ["Gut", "Schlecht"])
        #expect(try model("decision-record.fr.md").0.differences.map { $0.entries.map(\.text) } == [
            ["car les transactions couvrent plusieurs tables.", "car les documents suivent le JSON des commandes."],
            ["car chaque changement de schéma demande une migration.", "car les jointures sont malcommodes."],
        ])
    }

    /// Several pairs in one document: the document's page keeps every section as written and each
    /// `## A vs. B` section is also a comparison of its own, read from that section alone.
    @Test func severalPairsBecomeAComparisonEach() throws {
        let result = extract(try fixture("several-pairs.en.md"), path: "gauge.md")
        let hub = try #require(result.document)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.located)")
        #expect(hub.kind == .page)
        #expect(hub.subjects.isEmpty)
        #expect(hub.sections.map(\.title) == ["", "Gauge vs. Tally", "Gauge vs. Ledger", "Getting help"])
        #expect(hub.sections.map(\.pairComparison) == [nil, "gauge-gauge-vs-tally", "gauge-gauge-vs-ledger", nil])
        #expect(hub.partOf == nil)

        let pairs = result.pairs.map(\.document)
        #expect(pairs.map(\.slug) == ["gauge-gauge-vs-tally", "gauge-gauge-vs-ledger"])
        #expect(pairs.map(\.url) == ["compare/gauge-gauge-vs-tally/", "compare/gauge-gauge-vs-ledger/"])
        #expect(pairs.map(\.kind) == [.comparison, .comparison])
        #expect(pairs.map(\.title) == ["Gauge vs. Tally", "Gauge vs. Ledger"])
        #expect(pairs.map { $0.subjects.map(\.name) } == [["Gauge", "Tally"], ["Gauge", "Ledger"]])
        #expect(pairs.map(\.partOf) == [HubReference(slug: "gauge", title: "How Gauge compares", sectionAnchor: "gauge-vs-tally"),
                                         HubReference(slug: "gauge", title: "How Gauge compares", sectionAnchor: "gauge-vs-ledger")])
        #expect(result.pairs.map { $0.subjects.map(\.name) } == [["Gauge", "Tally"], ["Gauge", "Ledger"]])
        // Bullets under `###` are dimensions; the section's lead is the pair's introduction and summary.
        let tally = pairs[0]
        #expect(tally.differences.map(\.title) == ["Scope", "Cost"])
        #expect(tally.differences.map { $0.entries.map { "\($0.subject): \($0.text)" } } == [
            ["gauge: metrics and alerts.", "tally: counters only."],
            ["gauge: free and open source.", "tally: paid per seat."],
        ])
        #expect(tally.summary == "Tally counts events; Gauge keeps time series.")
        // Positions stay those of the file: messages and the model point at the lines as written.
        #expect(tally.titlePosition?.line == 5)
        #expect(tally.differences.map { $0.position?.line } == [9, 14])
        // A pair written only as prose is a comparison of prose sections, in order.
        let ledger = pairs[1]
        #expect(ledger.differences.isEmpty)
        let prose = ledger.sections.flatMap(\.blocks).map { block -> String in
            switch block {
            case .heading(let heading): "### \(heading.title)"
            case .markdown(let node): node.plainText
            }
        }
        #expect(prose == ["### Storage", "Gauge keeps local blocks on disk, while Ledger writes to a clustered store.",
                          "### Summary", "Pick Ledger when you need durable long-term storage."])
        // The forum link is the hub's alone (it sits in a section of its own).
        #expect(hub.links.map(\.url) == ["https://forum.example.org/"])
        #expect(pairs.map { $0.links.count } == [0, 0])
    }

    @Test func severalPairsInFrenchAndJapanese() throws {
        for (name, dimension) in [("several-pairs.fr.md", "Portée"), ("several-pairs.ja.md", "範囲")] {
            let result = extract(try fixture(name), path: "outils.md")
            #expect(result.document?.kind == .page, "\(name)")
            #expect(result.diagnostics.isEmpty, "\(name): \(result.diagnostics.located)")
            #expect(result.pairs.map { $0.document.subjects.map(\.name) } == [["Gauge", "Tally"], ["Gauge", "Ledger"]], "\(name)")
            #expect(result.pairs.first?.document.differences.first?.title == dimension, "\(name)")
            #expect(result.pairs.allSatisfy { $0.document.differences.first?.entries.count == 2 }, "\(name)")
        }
        // The Japanese document is in Japanese, and so are its pairs.
        let japanese = extract(try fixture("several-pairs.ja.md"), path: "tools.md")
        #expect(japanese.document?.language == "ja")
        #expect(japanese.pairs.map(\.document.language) == ["ja", "ja"])
    }

    /// Numbered pair headings and a trailing question: the names are the products, the title is as written;
    /// a pair written as a feature matrix keeps its marks.
    @Test func numberedPairHeadingsAndAMatrix() throws {
        let result = extract(try fixture("several-pairs.de.md"), path: "broker.md")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.located)")
        let pairs = result.pairs.map(\.document)
        #expect(pairs.map(\.title) == ["1. Kafka vs. RabbitMQ", "2. Kafka vs Pulsar: welcher passt?"])
        #expect(pairs.map { $0.subjects.map(\.name) } == [["Kafka", "RabbitMQ"], ["Kafka", "Pulsar"]])
        #expect(pairs[1].differences.map(\.title) == ["Gestaffelter Speicher", "Mandantenfähigkeit"])
        #expect(pairs[1].differences.map { $0.entries.map { $0.mark?.rawValue ?? "-" } } == [["yes", "yes"], ["no", "yes"]])
        #expect(pairs.allSatisfy { $0.language == nil })
    }

    /// What does not make pairs: one pair section alone, subjects in front matter, `kind: page`.
    @Test func severalPairsOnlyWhenTheDocumentLeavesThemOpen() throws {
        let source = try fixture("several-pairs.en.md")
        let declared = extract("---\nsubjects: [Gauge, Tally]\n---\n" + source, path: "gauge.md")
        #expect(declared.pairs.isEmpty)
        let page = extract("---\nkind: page\n---\n" + source, path: "gauge.md")
        #expect(page.pairs.isEmpty)
        #expect(page.document?.sections.allSatisfy { $0.pairComparison == nil } == true)
        let one = extract(source.components(separatedBy: "## Gauge vs. Ledger")[0], path: "gauge.md")
        #expect(one.pairs.isEmpty)
        // A draft's pairs are drafts too; the same heading twice gets a second slug.
        let twice = extract("---\ndraft: true\n---\n" + source.replacingOccurrences(of: "Gauge vs. Ledger", with: "Gauge vs. Tally"), path: "gauge.md")
        #expect(twice.pairs.map(\.document.slug) == ["gauge-gauge-vs-tally", "gauge-gauge-vs-tally-2"])
        #expect(twice.pairs.map(\.document.draft) == [true, true])
    }

    /// A dimension written only as prose beside dimensions with bullets: it stays prose under its heading,
    /// no row and no warning; the title's subjects find the differences section even with one labelled dimension.
    @Test func aProseDimensionStaysProse() throws {
        let result = extract("""
        # Kafka vs. Kinesis

        ## Key differences

        ### Operations

        Kafka runs on brokers you operate; Kinesis is serverless.

        ### Retention

        - **Kafka**: configurable per topic.
        - **Kinesis**: 24 hours by default.
        """)
        let document = try #require(result.document)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.located)")
        #expect(document.kind == .comparison)
        #expect(document.differences.map(\.title) == ["Retention"])
        let differences = try #require(document.sections.first { $0.kind == .differences })
        let shown = differences.blocks.map { block -> String in
            switch block {
            case .heading(let heading): "### \(heading.title)"
            case .markdown(let node): node.headingLevel.map { "\(String(repeating: "#", count: $0)) \(node.plainText)" } ?? node.plainText
            }
        }
        #expect(shown == ["### Operations", "Kafka runs on brokers you operate; Kinesis is serverless."])
        // Without a "Key differences" title, one labelled dimension of two is enough when its labels
        // name the title's subjects.
        let untitled = extract("""
        # Kafka vs. Kinesis

        ### Operations

        Kafka runs on brokers you operate; Kinesis is serverless.

        ### Retention

        - **Kafka**: configurable per topic.
        - **Kinesis**: 24 hours by default.
        """)
        #expect(untitled.document?.kind == .comparison)
        #expect(untitled.document?.differences.map(\.title) == ["Retention"])
        #expect(untitled.diagnostics.isEmpty, "\(untitled.diagnostics.located)")
    }

    /// "Comparison with A, B, C": the site's product is the first subject only when site.yml names it.
    @Test func comparisonWithTheSitesProduct() throws {
        let source = try fixture("comparison-with.en.md")
        let file = ContentFile(source: "content/c.md", contentPath: "c.md", bytes: Array(source.utf8))
        let alone = try #require(DocumentExtractor().extract(file).document)
        #expect(alone.subjects.map(\.name) == ["Wirenet", "Beamline", "Gatekeep"])
        let named = try #require(DocumentExtractor(siteProduct: "Meshly").extract(file).document)
        #expect(named.subjects.map(\.name) == ["Meshly", "Wirenet", "Beamline", "Gatekeep"])
        #expect(named.differences.map { $0.entries.map(\.text) } == [["Yes", "Yes", "Yes", "Yes"], ["Partial", "No", "Yes", "No"]])
    }
}
