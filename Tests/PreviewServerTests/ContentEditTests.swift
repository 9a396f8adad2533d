import Foundation
@testable import PreviewServer
import Testing

/// The fast path of `versus serve` (`SiteBuild.edit`): edits of documents' text are rebuilt without a
/// full build, and still serve byte for byte what a fresh `versus build` writes. Edits it cannot handle
/// take the full build, with the same result.
@Suite(.serialized) struct ContentEditTests {
    static let kafka = """
        # Kafka vs RabbitMQ

        Kafka and RabbitMQ move messages between services. See [NATS](rabbitmq-vs-nats.md) too.

        ## Key Differences

        ### Throughput

        - **Kafka**: millions of messages a second
        - **RabbitMQ**: tens of thousands

        ### Ordering

        - **Kafka**: per partition
        - **RabbitMQ**: per queue

        ```python
        print("hello")
        ```

        ```
        plain text, no language
        ```

        ## Use Cases

        ### Kafka

        1. **Event sourcing**: keep every event.
        2. **Log shipping**: move logs in bulk.

        ### RabbitMQ

        1. **Task queues**: hand work to workers.

        ## Conclusion

        Both are good.
        """

    static let nats = """
        # RabbitMQ vs NATS

        Two lighter brokers.

        ## Key Differences

        ### Throughput

        - **RabbitMQ**: tens of thousands
        - **NATS**: millions

        ### Ordering

        - **RabbitMQ**: per queue
        - **NATS**: none
        """

    static let brokers = """
        # How brokers compare

        Pairs of brokers, one section each.

        ## Kafka vs NATS

        ### Throughput

        - **Kafka**: high
        - **NATS**: higher

        ## RabbitMQ vs NATS

        ### Throughput

        - **RabbitMQ**: medium
        - **NATS**: high
        """

    /// A project of the two comparisons, served (not watched) after a first build.
    static func builtServer() throws -> (Project, RunningServer) {
        let project = try Project(["content/kafka-vs-rabbitmq.md": kafka, "content/rabbitmq-vs-nats.md": nats])
        let server = try RunningServer(project, watch: false)
        #expect(server.session.rebuild())
        return (project, server)
    }

    /// Applies `change` (relative path to new text), rebuilds with the paths the watcher would report,
    /// and checks the served site against a fresh build. Returns whether the fast path took it.
    func apply(_ change: [String: String], to project: Project, server: RunningServer, _ label: String) throws -> Bool {
        let before = project.snapshot()
        for (path, text) in change { try project.write(text, to: path) }
        let built = server.session.rebuild(changed: project.changedPaths(from: before, to: project.snapshot()))
        #expect(built, "\(label)")
        let fresh = try #require(try project.freshBuild(), "\(label): the fresh build failed")
        let served = server.session.site.files.mapValues { withoutReloadScript($0.bytes) }
        #expect(served.keys.sorted() == fresh.keys.sorted(), "\(label)")
        for (path, bytes) in fresh where served[path] != bytes { Issue.record("\(label): \(path) differs from a fresh build") }
        return server.session.lastBuildWasEdit
    }

    @Test func textEditsTakeTheFastPathAndServeWhatAFreshBuildWrites() async throws {
        let project = try Project([
            "site.yml": "title: Brokers\nbase_url: https://example.org/\n",
            "content/kafka-vs-rabbitmq.md": Self.kafka,
            "content/rabbitmq-vs-nats.md": Self.nats,
            "content/brokers.md": Self.brokers,
        ])
        defer { project.delete() }
        let server = try RunningServer(project, watch: false)
        #expect(server.session.rebuild())
        let kafka = "content/kafka-vs-rabbitmq.md", nats = "content/rabbitmq-vs-nats.md", brokers = "content/brokers.md"
        var texts = [kafka: Self.kafka, nats: Self.nats, brokers: Self.brokers]
        // Each edit is made to the files as the edits before left them; `true`: the fast path must take
        // it, `false`: a full build must, `nil`: either (it depends on whether Pygments is installed).
        let edits: [(label: String, fast: Bool?, replacements: [(path: String, old: String, new: String)])] = [
            ("an entry's text", true, [(kafka, "millions of messages a second", "**very** high")]),
            ("a broken link added", true, [(kafka, "Both are good.", "Both are good. [Gone](gone.md).")]),
            ("the broken link mended", true, [(kafka, "[Gone](gone.md)", "[Throughput](#throughput)")]),
            ("a use case's description", true, [(kafka, "keep every event.", "replay every event.")]),
            // The quick find lists use cases by title: its index is made again.
            ("a use case's title, its anchor kept", true, [(kafka, "**Log shipping**", "**Log Shipping**")]),
            ("an entry of a pair section", true, [(brokers, "**RabbitMQ**: medium", "**RabbitMQ**: moderate")]),
            ("text below a code block", true, [(kafka, "Both are good.", "Both are fine.")]),
            ("two documents at once", true, [(kafka, "per partition", "per key"), (nats, "**NATS**: none", "**NATS**: per subject")]),
            // Every line below moves: dimensions, entries, labels naming subjects, pair sections.
            ("a paragraph inserted above the dimensions", true, [(nats, "Two lighter brokers.", "Two lighter brokers.\n\nBoth are small.")]),
            ("a paragraph inserted above the pair sections", true,
             [(brokers, "Pairs of brokers, one section each.", "Pairs of brokers, one section each.\n\nRead on.")]),
            ("a paragraph inserted above the use cases", true, [(kafka, "## Use Cases", "Which to choose:\n\n## Use Cases")]),
            // Highlighted, no note points at it (without Pygments, one does, and a full build takes it).
            ("a code block with a language moved down", nil, [(kafka, "```python", "Code:\n\n```python")]),
            // The site's note about blocks without a language points at this one: it moves.
            ("a code block without a language moved down", false, [(kafka, "```\nplain text", "Text:\n\n```\nplain text")]),
            // What other pages show too: the summary, an anchor other documents may link to, a subject,
            // a code block's place in the site's notes. These need a full build.
            ("the introduction, which is the summary other pages show", false, [(nats, "Two lighter brokers.", "Two light brokers.")]),
            ("a use case's title and so its anchor", false, [(kafka, "**Log Shipping**", "**Log aggregation**")]),
            ("a new heading", false, [(nats, "- **NATS**: per subject", "- **NATS**: per subject\n\n## Conclusion\n\nPick one.")]),
            ("a new subject in the title", false, [(kafka, "# Kafka vs RabbitMQ", "# Kafka vs RabbitMQ vs Pulsar")]),
            ("an entry's text again", true, [(nats, "**NATS**: millions", "**NATS**: a great many")]),
        ]
        for edit in edits {
            var change: [String: String] = [:]
            for replacement in edit.replacements {
                let text = change[replacement.path] ?? texts[replacement.path]!
                #expect(text.contains(replacement.old), "\(edit.label): the test's edit does not apply")
                change[replacement.path] = text.replacingOccurrences(of: replacement.old, with: replacement.new)
            }
            texts.merge(change) { $1 }
            let wasEdit = try apply(change, to: project, server: server, edit.label)
            if let fast = edit.fast { #expect(wasEdit == fast, "\(edit.label): \(wasEdit ? "rebuilt as an edit" : "rebuilt in full")") }
        }
        await server.stop()
    }

    /// `sed -i` and some editors write a temporary file and rename it onto the document: the watcher
    /// reports both paths, and the temporary one, gone by then, is no part of the site.
    @Test func aTemporaryFileRenamedOntoADocumentIsAnEdit() async throws {
        let (project, server) = try Self.builtServer()
        defer { project.delete() }
        try project.write(Self.kafka.replacingOccurrences(of: "per partition", with: "per key"), to: "content/sedX1b2c3")
        try FileManager.default.moveItem(atPath: project.path("content/sedX1b2c3"), toPath: project.path("content/kafka-vs-rabbitmq.md.new"))
        try FileManager.default.removeItem(atPath: project.path("content/kafka-vs-rabbitmq.md"))
        try FileManager.default.moveItem(atPath: project.path("content/kafka-vs-rabbitmq.md.new"), toPath: project.path("content/kafka-vs-rabbitmq.md"))
        let reported: Set<String> = [project.path("content/sedX1b2c3"), project.path("content/kafka-vs-rabbitmq.md.new"),
                                     project.path("content/kafka-vs-rabbitmq.md")]
        #expect(server.session.rebuild(changed: reported))
        #expect(server.session.lastBuildWasEdit)
        let fresh = try #require(try project.freshBuild())
        let served = server.session.site.files.mapValues { withoutReloadScript($0.bytes) }
        #expect(served == fresh)
        #expect(String(decoding: served["compare/kafka-vs-rabbitmq/index.html"] ?? [], as: UTF8.self).contains("per key"))
        await server.stop()
    }

    @Test func theEditedPageAndItsWarningsAreServed() async throws {
        let (project, server) = try Self.builtServer()
        defer { project.delete() }
        let before = project.snapshot()
        try project.write(Self.kafka.replacingOccurrences(of: "Both are good.", with: "Both are good. [Gone](gone.md)."),
                          to: "content/kafka-vs-rabbitmq.md")
        #expect(server.session.rebuild(changed: project.changedPaths(from: before, to: project.snapshot())))
        #expect(server.session.lastBuildWasEdit)
        let page = String(decoding: try #require(server.session.site.files["compare/kafka-vs-rabbitmq/index.html"]).siteBytes, as: UTF8.self)
        #expect(page.contains("[Gone]") == false && page.contains("Gone"))
        let model = String(decoding: try #require(server.session.site.files["model.json"]).siteBytes, as: UTF8.self)
        #expect(model.contains("names no document"), "model.json carries the new broken-link warning")
        await server.stop()
    }
}
