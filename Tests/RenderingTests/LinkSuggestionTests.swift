import Diagnostics
import Foundation
import SiteBuilder
import Testing

/// Issue 14, point 8: broken links and unknown `site.yml` keys suggest the closest existing name,
/// and a document whose own front matter is broken is reported once, not at every link to it.
@Suite struct LinkSuggestionTests {
    static let speed = "# Alpha vs Beta\n\n## Key Differences\n\n### Raw Speed\n\n- **Alpha**: fast\n- **Beta**: slow\n"

    @Test func brokenLinksSuggestTheClosestDocumentAndAnchor() throws {
        let site = try TestSite([
            "alpha-vs-beta.md": Self.speed,
            "guides/intro.md": "# Intro\n\nSee [one](../alpha-vs-bta.md), [two](../alpha-vs-beta.md#raw-sped), [three](#overveiw) and [four](../nothing-like-it.md).\n\n## Overview\n\nText.\n",
        ])
        defer { site.remove() }
        let report = try site.build()
        let messages = report.diagnostics.filter { $0.file == "\(site.options.contentDirectory)/guides/intro.md" }.map(\.message)
        #expect(messages == [
            "link '../alpha-vs-bta.md' names no document ('alpha-vs-bta.md' does not exist or is a draft) (did you mean '../alpha-vs-beta.md'?)",
            "link '../alpha-vs-beta.md#raw-sped': 'alpha-vs-beta.md' has no heading or anchor '#raw-sped' (did you mean '#raw-speed'?)",
            "link '#overveiw': this document has no heading or anchor '#overveiw' (did you mean '#overview'?)",
            "link '../nothing-like-it.md' names no document ('nothing-like-it.md' does not exist or is a draft)",
        ])
    }

    @Test func aBrokenDocumentIsNotReportedAgainAtEveryLinkToIt() throws {
        let site = try TestSite([
            "broken.md": "---\ntitle: [unclosed\n---\n# Broken\n",
            "a.md": "# A\n\nSee [the broken one](broken.md#broken).\n",
            "b.md": "# B\n\nSee [it too](broken.md) and [a missing one](missing.md).\n",
        ])
        defer { site.remove() }
        let report = try site.build()
        let content = site.options.contentDirectory
        #expect(report.filesWritten == 0)
        #expect(report.diagnostics.filter { $0.file == "\(content)/broken.md" }.map(\.severity) == [.error])
        #expect(report.diagnostics.filter { $0.file == "\(content)/a.md" }.isEmpty)
        #expect(report.diagnostics.filter { $0.file == "\(content)/b.md" }.map(\.message)
                == ["link 'missing.md' names no document ('missing.md' does not exist or is a draft)"])
    }

    @Test func unknownSiteKeysSuggestTheKey() throws {
        let site = try TestSite(["a.md": "# A\n\nText.\n"])
        defer { site.remove() }
        try site.write("titel: My site\nmax_subjcts: 20\nfavourite_colour: blue\n", to: "site.yml")
        let report = try site.build()
        let messages = report.diagnostics.filter { $0.file == site.options.configFile && $0.severity == .warning }.map(\.message)
        #expect(messages == [
            "unknown key 'titel' (did you mean 'title'?)",
            "unknown key 'max_subjcts' (did you mean 'max_subjects'?)",
            "unknown key 'favourite_colour' (known: base_url, description, language, max_subjects, product, search, title, unsafe_html)",
        ])
    }

    @Test func maxSubjectsInSiteYmlRaisesTheLimit() throws {
        let names = (1...14).map { "Tool \($0)" }
        let site = try TestSite(["tools.md": "---\nsubjects: [\(names.joined(separator: ", "))]\n---\n# Tools\n\nText.\n"])
        defer { site.remove() }
        let refused = try site.build()
        #expect(refused.filesWritten == 0)
        #expect(refused.diagnostics.map(\.message).contains("a comparison has at most 12 subjects and this one has 14; split it, or raise 'max_subjects' in site.yml"))
        try site.write("max_subjects: 14\n", to: "site.yml")
        let built = try site.build()
        #expect(!built.diagnostics.hasErrors)
        #expect(built.model.documents.first?.subjects.count == 14)
        try site.write("max_subjects: lots\n", to: "site.yml")
        #expect(throws: UsageError.self) { try site.build() }
    }

    @Test func aDocumentInJapaneseGetsItsLanguageOnThePage() throws {
        let site = try TestSite(["ja.md": "# 東京の案内\n\nこのページは日本語で書かれています。\n", "en.md": "# Guide\n\nIn English.\n"])
        defer { site.remove() }
        _ = try site.build()
        #expect(try site.read("ja/index.html").contains("<html lang=\"ja\""))
        #expect(try site.read("en/index.html").contains("<html lang=\"en\""))
    }
}
