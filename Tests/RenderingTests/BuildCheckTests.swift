import Foundation
import LinkChecking
import SiteBuilder
import SiteRendering
import Testing

/// `versus build --check` checks the staged site before publishing it; its report must be the one
/// `versus check` gives for the same site once published, for rendered pages and copied ones alike.
@Suite struct BuildCheckTests {
    @Test func buildCheckReportsWhatCheckingTheWrittenSiteReports() throws {
        var files: [String: String] = [:]
        for index in 0..<12 {
            let other = String(format: "Spoke %03d", index)
            files["hub-vs-\(index).md"] = "# Hub vs \(other)\n\nHub and \(other).\n\n## Key Differences\n\n### Speed\n\n- **Hub**: fast.\n- **\(other)**: slow.\n"
        }
        // A page the build copies, not renders, with a broken link and a missing fragment.
        files["extra/notes.html"] = "<!DOCTYPE html>\n<html lang=\"en\"><head><title>n</title></head><body>"
            + "<a href=\"../gone.html\">g</a> <a href=\"../index.html#nowhere\">n</a></body></html>\n"
        let site = try TestSite(files)
        defer { site.remove() }
        // Rendered pages with a broken link and a missing fragment: two links put before every comparison page's article.
        try site.editTemplate("comparison", replacing: "<article", with: "<a href=\"../../missing/\">m</a><a href=\"#no-such-id\">f</a><article")

        var checking = site.options
        checking.checkLinks = true
        let inMemory = try SiteBuild(options: checking).run()
        #expect(!inMemory.published)
        let report = try #require(inMemory.linkReport)

        // The same site, built without the check and published, then checked from its files.
        let built = try SiteBuild(options: site.options).run()
        #expect(built.published)
        let fromFiles = try LinkChecker().check(siteDirectory: site.root.appendingPathComponent("_site").path)

        #expect(report == fromFiles)
        let targets = Set(report.problems.map(\.target))
        #expect(targets.isSuperset(of: ["../../missing/", "#no-such-id", "../gone.html", "../index.html#nowhere"]))
        #expect(report.pageCount > 12)
    }

    /// After an edit, a checked build renders a few pages and keeps the rest from the last build (linked
    /// into the staged site): the report must still be the one checking the published files gives.
    @Test func aCheckedRebuildThatKeepsPagesReportsWhatCheckingTheFilesReports() throws {
        var files: [String: String] = [:]
        func document(_ index: Int, _ ending: String) -> String {
            let other = String(format: "Spoke %03d", index)
            return "# Hub vs \(other)\n\nHub and \(other), see [the guide](#key-differences).\n\n## Key Differences\n\n"
                + "### Speed\n\n- **Hub**: fast.\n- **\(other)**: slow.\n\n## Conclusion\n\n\(ending)\n"
        }
        for index in 0..<12 { files["hub-vs-\(index).md"] = document(index, "Either.") }
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(try site.build().published)
        // The second build into the folder leaves the state the third one reads.
        try site.write(document(3, "Any."), to: "content/hub-vs-3.md")
        #expect(try site.build().published)
        try site.write(document(3, "Both."), to: "content/hub-vs-3.md")

        var checking = site.options
        checking.checkLinks = true
        let rebuilt = try SiteBuild(options: checking).run()
        #expect(rebuilt.published)
        let kept = try #require(rebuilt.rendered).pagesKept
        #expect(kept > 10, "the edit should leave most pages kept, not rendered")
        let report = try #require(rebuilt.linkReport)
        let fromFiles = try LinkChecker().check(siteDirectory: site.root.appendingPathComponent("_site").path)
        #expect(report == fromFiles)
        #expect(report.pageCount > 12 + kept / 2)
        #expect(report.linkCount > 12 * 10)
    }
}
