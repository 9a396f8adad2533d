import Foundation
import Testing

/// Use cases written as a section per subject ("## When to choose Kafka") are shown section by section,
/// each with its own subject's column; one use-cases section shows every subject, as before.
@Suite struct UseCaseSectionsTests {
    @Test func eachUseCaseSectionShowsItsOwnSubjects() throws {
        let site = try TestSite(["kafka-vs-rabbitmq.md": """
            # Kafka vs RabbitMQ

            ## Key Differences

            ### Throughput

            - **Kafka**: very high.
            - **RabbitMQ**: moderate.

            ## When to choose Kafka

            - You replay old events.

            ## When to choose RabbitMQ

            - You route messages by topic.

            ## Use case recommendations

            ### Choose Kafka when

            - many teams read one stream.
            """])
        defer { site.remove() }
        _ = try site.build()
        let page = try site.page("compare/kafka-vs-rabbitmq/index.html")
        let blocks = page.all("section", "class", "use-cases")
        #expect(blocks.map { $0.first("h2")?.text ?? "" } == ["When to choose Kafka", "When to choose RabbitMQ", "Use case recommendations"])
        #expect(blocks.map { $0.all("h3").map(\.text) } == [["Kafka"], ["RabbitMQ"], ["Choose Kafka when"]])
        #expect(blocks.map { $0.all("li", "class", "use-case").map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) } }
                == [["You replay old events."], ["You route messages by topic."], ["many teams read one stream."]])
        // Ids stay unique: the subject's column id once, in the first section holding its use cases.
        let ids = page.descendants.compactMap { $0["id"] }
        #expect(ids.count == Set(ids).count)
    }

    @Test func theSitesProductIsTheImpliedFirstSubject() throws {
        let site = try TestSite(["comparison.md": """
            # Comparison with Wirenet and Beamline

            ## Features

            | Feature | Meshly | Wirenet | Beamline |
            |---|---|---|---|
            | Mutual TLS | Yes | Yes | No |
            """])
        defer { site.remove() }
        try site.write("title: Meshly docs\nproduct: Meshly\n", to: "site.yml")
        let report = try site.build()
        #expect(report.model.documents.first?.subjects.map(\.name) == ["Meshly", "Wirenet", "Beamline"])
    }
}
