import Diagnostics
import Foundation
import Testing

@Suite struct ComparisonPageTests {
    let site: TestSite
    let page: HTMLElement

    init() throws {
        site = try TestSite(["alpha-vs-beta.md": Samples.alphaBeta, "beta-vs-gamma.md": Samples.betaGamma])
        _ = try site.build()
        page = try site.page("compare/alpha-vs-beta/index.html")
    }

    @Test func tableHeadHasOneColumnPerSubjectInOrder() throws {
        let table = try #require(page.first("table", "class", "comparison-table"))
        #expect(table.first("caption")?.text.isEmpty == false)
        let heads = table.all("th", "scope", "col").map(\.text)
        #expect(heads == ["Dimension", "Alpha", "Beta"])
        let links = table.first("thead")?.all("a").map { $0["href"] ?? "" }
        #expect(links == ["../../subjects/alpha/", "../../subjects/beta/"])
    }

    @Test func tableRowsFollowTheDimensionsInOrder() throws {
        let rows = try #require(page.first("table", "class", "comparison-table")?.first("tbody")?.all("tr"))
        #expect(rows.map { $0["id"] } == ["speed", "setup", "support"])
        #expect(rows.map { $0.first("th", "scope", "row")?.text.replacingOccurrences(of: " #", with: "") } == ["Speed", "Setup", "Support"])
        let speed = rows[0].all("td")
        #expect(speed.map { $0["data-subject"] } == ["Alpha", "Beta"])
        #expect(speed[0].first("code")?.text == "--turbo")
        #expect(speed[1].first("a")?["href"] == "https://example.org/beta")
        #expect(rows[1].all("td")[0].all("li").map(\.text) == ["install", "run"])
    }

    @Test func missingEntryIsAnExplicitNotCoveredCell() throws {
        let rows = try #require(page.first("tbody")?.all("tr"))
        let support = rows[2].all("td")
        #expect(support[0].text == "Community forum.")
        #expect(support[1].first("p", "class", "not-covered")?.text == "Not covered")
        #expect(page.all("td").allSatisfy { !$0.text.isEmpty })
    }

    @Test func useCasesSideBySide() throws {
        let columns = page.all("div", "class", "use-case-column")
        #expect(columns.map { $0.first("h3")?.text } == ["Alpha", "Beta"])
        #expect(columns.map { $0.first("h3")?["id"] } == ["alpha", "beta"])
        #expect(columns[1].all("li").map { $0["id"] } == ["beta-batch", "beta-use-case"])
        #expect(columns[1].all("li")[1].first("strong") == nil)
    }

    @Test func sectionsInOrderAndHeadMetadata() throws {
        let headings = page.all("h2").map(\.text)
        #expect(headings == ["Introduction", "Key Differences", "Use Cases", "Conclusion", "Related comparisons"])
        #expect(page.first("html")?["lang"] == "en")
        #expect(page.first("title")?.text == "Alpha vs Beta · Versus")
        #expect(page.first("meta", "name", "description")?["content"]?.hasPrefix("Alpha and Beta are two tools.") == true)
        #expect(page.first("meta", "property", "og:title")?["content"] == "Alpha vs Beta")
    }

    @Test func markdownLinksBetweenDocumentsAreRewritten() throws {
        let intro = try #require(page.first("section", "class", "section-introduction"))
        #expect(intro.first("a")?["href"] == "../../compare/beta-vs-gamma/#speed")
        #expect(site.target(of: "../../compare/beta-vs-gamma/#speed", from: "compare/alpha-vs-beta/index.html") == "compare/beta-vs-gamma/index.html")
        let conclusion = try #require(page.first("section", "class", "section-conclusion"))
        #expect(conclusion.all("a").map { $0["href"] } == ["#speed", "nowhere.md", "beta-vs-gamma.md#nope"])
    }

    @Test func brokenLinksAreWarningsWithPositions() throws {
        let report = try site.build()
        let linkWarnings = report.diagnostics.filter { $0.message.hasPrefix("link ") }
        #expect(linkWarnings.map { "\(($0.file as NSString).lastPathComponent):\($0.line ?? 0):\($0.column ?? 0): \($0.message)" } == [
            "alpha-vs-beta.md:38:37: link 'nowhere.md' names no document ('nowhere.md' does not exist or is a draft)",
            "alpha-vs-beta.md:38:68: link 'beta-vs-gamma.md#nope': 'beta-vs-gamma.md' has no heading or anchor '#nope'",
        ])
        #expect(linkWarnings.allSatisfy { $0.severity == .warning })
        // The pages still build (here the second build finds nothing changed and keeps them).
        #expect(report.filesWritten > 0 || report.upToDate)
        #expect(site.exists("compare/alpha-vs-beta/index.html"))
    }

    @Test func relatedComparisonsShareASubject() throws {
        let related = try #require(page.first("aside", "class", "related"))
        #expect(related.all("a").map { $0["href"] } == ["../../compare/beta-vs-gamma/"])
    }
}

/// Sections keep the author's order: one placed before the differences stays above the table.
@Suite struct SectionOrderTests {
    @Test func atAGlanceBeforeKeyDifferencesStaysBeforeTheTable() throws {
        let site = try TestSite(["a-vs-b.md": """
            # Alpha vs Beta

            ## Introduction

            Two tools.

            ## At a glance

            Alpha is small; Beta is big.

            ## Key Differences

            ### Speed

            - **Alpha**: fast
            - **Beta**: slow

            ## Use Cases

            ### Alpha

            - **Scripts**: small jobs

            ## Pricing

            Both are free.
            """])
        _ = try site.build()
        let html = try site.read("compare/a-vs-b/index.html")
        // The sections' headings, not their lines in the table of contents above them.
        let glance = try #require(html.range(of: "<h2 id=\"at-a-glance\"")), table = try #require(html.range(of: "comparison-table"))
        let pricing = try #require(html.range(of: "<h2 id=\"pricing\""))
        #expect(glance.lowerBound < table.lowerBound)
        #expect(table.lowerBound < pricing.lowerBound)
    }

    @Test func pipeTablesMarksAndCalloutsReachThePage() throws {
        let site = try TestSite(["guide.md": """
            # Guide

            > [!TIP]
            > Read the table.

            | Feature | Here |
            |---|:-:|
            | Sync | ✓ |
            """])
        _ = try site.build()
        let page = try site.page("guide/index.html")
        #expect(page.first("div", "class", "callout-tip")?["role"] == "note")
        let region = try #require(page.first("div", "class", "table-scroll"))
        #expect(region["role"] == "region" && region["tabindex"] == "0")
        #expect(region.first("th", "scope", "row")?.text == "Sync")
        #expect(region.first("td", "class", "align-center")?.first("span", "class", "visually-hidden")?.text == "Yes")
    }
}
