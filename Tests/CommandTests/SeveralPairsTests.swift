import Foundation
import Testing

/// A document comparing several pairs (`## Gauge vs. Tally`, `## Gauge vs. Ledger`) publishes its page
/// with every section as written, and a comparison page per pair, linked both ways and checked.
@Suite struct SeveralPairsTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ExtractionTests/Fixtures/several-pairs.en.md")

    @Test func eachPairHasAComparisonPageLinkedFromTheDocument() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write(String(contentsOf: Self.fixture, encoding: .utf8), to: "content/gauge.md")
        // Links to the document and to a pair's section name the document's page, as on GitHub.
        try project.write(Documents.good + "\n\n## See also\n\nSee [how Gauge compares](gauge.md) and [Gauge vs. Tally](gauge.md#gauge-vs-tally).\n",
                          to: "content/alpha-vs-beta.md")
        let outcome = try project.run("build", "--check", timeout: 60)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("warning"), "\(outcome.stderr)")

        let hub = try String(contentsOf: project.url("_site/gauge/index.html"), encoding: .utf8)
        #expect(hub.contains(#"<h2 id="gauge-vs-tally">Gauge vs. Tally</h2>"#))
        #expect(hub.components(separatedBy: #"<p class="pair-link"><a href="../compare/gauge-gauge-vs-tally/">Gauge vs. Tally: the side-by-side comparison</a></p>"#).count == 2)
        #expect(hub.components(separatedBy: "pair-link").count == 3, "one link per pair section")
        #expect(hub.contains(#"<a href="../compare/gauge-gauge-vs-ledger/">Gauge vs. Ledger: the side-by-side comparison</a>"#))
        // Every section stays on the document's page, the pairs' too.
        #expect(hub.contains("free and open source") && hub.contains("Ask on the"))

        let tally = try String(contentsOf: project.url("_site/compare/gauge-gauge-vs-tally/index.html"), encoding: .utf8)
        #expect(tally.contains(#"<p class="eyebrow">Comparison, from <a href="../../gauge/#gauge-vs-tally">How Gauge compares</a></p>"#))
        #expect(tally.contains(#"<table class="comparison-table">"#))
        #expect(tally.contains(">Key differences</h2>"))
        #expect(tally.contains("paid per seat"))
        #expect(!tally.contains("Pick Ledger"), "another pair's text")
        // The other pair of the document is related (both compare Gauge), shown with its summary.
        #expect(tally.contains(#"<li><a href="../../compare/gauge-gauge-vs-ledger/">Gauge vs. Ledger</a>"#))
        // The trail runs through the document the pair was read from.
        #expect(tally.contains(#"<li><a href="../../gauge/">How Gauge compares</a></li>"#))
        let ledger = try String(contentsOf: project.url("_site/compare/gauge-gauge-vs-ledger/index.html"), encoding: .utf8)
        #expect(ledger.contains("clustered store") && !ledger.contains("paid per seat"))

        // Subjects gather the pairs: Gauge is compared with Tally and Ledger.
        let gauge = try String(contentsOf: project.url("_site/subjects/gauge/index.html"), encoding: .utf8)
        #expect(gauge.contains("compare/gauge-gauge-vs-tally/") && gauge.contains("compare/gauge-gauge-vs-ledger/"))
        let model = try JSONSerialization.jsonObject(with: Data(contentsOf: project.url("_site/model.json"))) as? [String: Any]
        let documents = try #require(model?["documents"] as? [[String: Any]])
        #expect(documents.compactMap { $0["partOf"] as? String } == ["gauge", "gauge"])
        #expect(documents.filter { $0["source"] as? String == "content/gauge.md" }.count == 3)
        // The link to a pair's section still lands on the document's page.
        let alpha = try String(contentsOf: project.url("_site/compare/alpha-vs-beta/index.html"), encoding: .utf8)
        #expect(alpha.contains(#"href="../../gauge/#gauge-vs-tally""#))
    }

    /// A link in a pair section to an anchor elsewhere in its document leads to the document's page;
    /// one to the pair's own heading stays on the pair's page; a missing one is still a warning.
    @Test func anchorsOutsideThePairLeadToTheDocument() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write("""
        # Tools compared

        ## Background

        Some context.

        ## Gauge vs. Tally

        See the [background](#background), [the other pair](#gauge-vs-ledger) and [scope](#scope).

        ### Scope

        - **Gauge**: metrics.
        - **Tally**: counters.

        ## Gauge vs. Ledger

        ### Storage

        - **Gauge**: disk.
        - **Ledger**: cluster.
        """, to: "content/tools.md")
        let outcome = try project.run("build", "--check", timeout: 60)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("warning"), "\(outcome.stderr)")
        let pair = try String(contentsOf: project.url("_site/compare/tools-gauge-vs-tally/index.html"), encoding: .utf8)
        #expect(pair.contains(##"<a href="../../tools/#background">background</a>"##))
        #expect(pair.contains(##"<a href="../../tools/#gauge-vs-ledger">the other pair</a>"##))
        #expect(pair.contains(##"<a href="#scope">scope</a>"##))
        let hub = try String(contentsOf: project.url("_site/tools/index.html"), encoding: .utf8)
        #expect(hub.contains(##"<a href="#background">background</a>"##))

        try project.write(try String(contentsOf: project.url("content/tools.md"), encoding: .utf8)
            .replacingOccurrences(of: "(#background)", with: "(#nowhere)"), to: "content/tools.md")
        let broken = try project.run("build", timeout: 60)
        #expect(broken.stderr.components(separatedBy: "content/tools.md:9:9: warning: link '#nowhere'").count == 2, "once: \(broken.stderr)")
    }

    /// A pair whose page another document already makes stays on the document's page only, with a warning.
    @Test func aPairWhosePageIsTakenIsShownOnlyOnTheDocument() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write(String(contentsOf: Self.fixture, encoding: .utf8), to: "content/gauge.md")
        try project.write(Documents.good, to: "content/gauge-gauge-vs-tally.md")
        let outcome = try project.run("build", "--check", timeout: 60)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("content/gauge.md:5:1: warning: the pair 'Gauge vs. Tally' would become 'compare/gauge-gauge-vs-tally/'"), "\(outcome.stderr)")
        let hub = try String(contentsOf: project.url("_site/gauge/index.html"), encoding: .utf8)
        #expect(!hub.contains("gauge-gauge-vs-tally/"))
        #expect(hub.contains("compare/gauge-gauge-vs-ledger/"))
        let taken = try String(contentsOf: project.url("_site/compare/gauge-gauge-vs-tally/index.html"), encoding: .utf8)
        #expect(taken.contains("Alpha"))
    }
}
