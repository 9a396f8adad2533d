import Foundation
import Testing
import Diagnostics
@testable import LinkChecking

/// Whole-site rules that need more than one page: base path, orphans, unreadable pages, output format.
@Suite struct SiteRulesTests {
    func targets(_ report: LinkCheckReport) -> [String] { report.problems.map(\.target) }

    @Test func basePathIsStrippedFromRootAbsoluteLinks() throws {
        let site = try TemporarySite([
            "index.html": "<a href='/docs/guide/'>g</a>\n<a href='/docs/guide/#intro'>i</a>\n<a href='/elsewhere/'>e</a>",
            "guide/index.html": "<h1 id=intro>x</h1><a href='/docs'>home</a>",
        ])
        let withBase = try LinkChecker(options: LinkCheckOptions(basePath: "/docs/")).check(siteDirectory: site.path)
        #expect(withBase.problems.map(\.kind) == [.outsideBasePath])
        #expect(targets(withBase) == ["/elsewhere/"])

        // Without the option the same links name folders that do not exist at the site root.
        let withoutBase = try LinkChecker().check(siteDirectory: site.path)
        #expect(Set(targets(withoutBase)) == ["/docs/guide/", "/docs/guide/#intro", "/elsewhere/", "/docs"])
    }

    /// `café.html` in NFC and in NFD are two files, but one name to the checker's lookups: a link to either
    /// counts both as linked.
    @Test func pagesWhoseNamesAreOneStringAreLinkedTogether() throws {
        let site = try TemporarySite([
            "index.html": "<a href='caf\u{E9}.html'>c</a>",
            "caf\u{E9}.html": "<p>composed</p>",
            "other.html": "<p>nothing links here</p>",
        ])
        try site.write("cafe\u{301}.html", bytes: Array("<p>decomposed</p>".utf8))
        let report = try LinkChecker().check(siteDirectory: site.path)
        #expect(report.pageCount == 4)
        #expect(report.orphans == ["other.html"])
    }

    @Test func orphansExcludeTheRootIndexAnd404() throws {
        let site = try TemporarySite([
            "index.html": "<a href='docs/'>docs</a>",
            "404.html": "<a href='/'>home</a>",
            "docs/index.html": "<a href='../lonely.html#x'>l</a>",
            "lonely.html": "<h1 id=x>x</h1>",
            "self.html": "<a href='self.html'>me</a><a href='#top'>top</a>",
            "sub/404.html": "<p>only the root 404.html is special</p>",
        ])
        let report = try LinkChecker().check(siteDirectory: site.path)
        #expect(report.orphans == ["self.html", "sub/404.html"])
        #expect(report.problems.isEmpty)
        #expect(!report.hasErrors)
    }

    @Test func unreadablePagesAreErrors() throws {
        let site = try TemporarySite(["index.html": "<a href='bad.html'>b</a>"])
        try site.write("bad.html", bytes: [0x3C, 0x70, 0x3E, 0xC3, 0x28, 0x3C])
        let report = try LinkChecker().check(siteDirectory: site.path)
        #expect(report.problems.map(\.kind) == [.unreadablePage])
        #expect(report.problems.first?.page == "bad.html")
        #expect(report.pageErrorCount == 1)
        #expect(report.brokenLinkCount == 0)
    }

    @Test func decomposedFileNamesOnDiskAreFound() throws {
        // macOS file systems may hand back NFD names; links are compared after NFC.
        let site = try TemporarySite([
            "index.html": "<a href='caf%C3%A9.html'>c</a><a href='caf\u{E9}.html'>c</a>",
            "cafe\u{301}.html": "<p>NFD name</p>",
        ])
        let report = try LinkChecker().check(siteDirectory: site.path)
        #expect(report.problems.isEmpty, "\(report.problems)")
    }

    @Test func folderLinkWithoutSlashResolvesToIndex() throws {
        let site = try TemporarySite([
            "index.html": "<a href='a'>a</a><a href='a#in'>a</a><a href='a#out'>a</a><a href='index.html/'>x</a>",
            "a/index.html": "<h1 id=in>in</h1>",
        ])
        let report = try LinkChecker().check(siteDirectory: site.path)
        #expect(targets(report) == ["a#out", "index.html/"])
        #expect(report.problems.map(\.kind) == [.missingFragment, .missingFile])
    }

    @Test func symbolicLinksToFilesCountAndFolderCyclesDoNotTrapTheWalk() throws {
        let site = try TemporarySite([
            "index.html": "<a href='alias.html'>a</a><a href='real.html'>r</a>",
            "real.html": "<a href='index.html'>home</a>",
        ])
        try FileManager.default.createSymbolicLink(atPath: site.path + "/alias.html", withDestinationPath: "real.html")
        try FileManager.default.createSymbolicLink(atPath: site.path + "/loop", withDestinationPath: ".")
        let report = try LinkChecker().check(siteDirectory: site.path)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.pageCount == 3)
    }

    @Test func missingFolderAndBadPatternAreUsageErrors() throws {
        #expect(throws: LinkCheckError.notADirectory("/nonexistent/versus-site")) {
            try LinkChecker().check(siteDirectory: "/nonexistent/versus-site")
        }
        let site = try TemporarySite(["index.html": "<p>x</p>"])
        #expect(throws: LinkCheckError.invalidExcludePattern("(")) {
            try LinkChecker(options: LinkCheckOptions(excludePatterns: ["("])).check(siteDirectory: site.path)
        }
        #expect(throws: LinkCheckError.notADirectory(site.path + "/index.html")) {
            try LinkChecker().check(siteDirectory: site.path + "/index.html")
        }
    }

    @Test func textOutputIsSortedGroupedAndEndsWithTheSummary() throws {
        let site = try TemporarySite([
            "index.html": "<a href='b.html'>b</a>\n<a href='z.html'>z</a>\n<a href='y.html'>y</a>\n<a href='https://x.example/'>x</a>",
            "b.html": "<a href='re\nd.html'>r</a>\n<p id=d>1</p><p id=d>2</p>",
        ])
        let report = try LinkChecker().check(siteDirectory: site.path)
        let text = report.formattedText()
        // The newline in the target is printed as `\u{a}`, so one problem stays one line; the URL parser drops
        // it, so the file looked for is `red.html`.
        #expect(text == """
        b.html:1: broken link 're\\u{a}d.html': file 'red.html' not found
        b.html:3: duplicate id 'd': first defined on line 3
        index.html:2: broken link 'z.html': file 'z.html' not found
        index.html:3: broken link 'y.html': file 'y.html' not found
        2 pages, 5 links, 3 broken (1 page errors, 1 external skipped)

        """)
        // The same site checked again gives the same bytes.
        #expect(try LinkChecker().check(siteDirectory: site.path).formattedText() == text)
    }

    @Test func jsonOutputRoundTrips() throws {
        let site = try TemporarySite(["index.html": "<a href='gone.html'>g</a>", "o.html": "<p>o</p>"])
        let report = try LinkChecker().check(siteDirectory: site.path)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(report.formattedJSON().utf8)) as? [String: Any])
        #expect(object["pages"] as? Int == 2)
        #expect(object["broken"] as? Int == 1)
        #expect(object["orphans"] as? [String] == ["o.html"])
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.map { $0["kind"] as? String } == ["missing-file", "orphan-page"])
        #expect(problems.map { $0["severity"] as? String } == ["error", "note"])
        #expect(problems.first?["target"] as? String == "gone.html")
        #expect(problems.first?["line"] as? Int == 1)
    }

    /// The checker's findings are the project's `Diagnostic`s, so a build can gather them with its own; the
    /// text report prints the same values in its historical format.
    @Test func problemsAreDiagnostics() throws {
        let site = try TemporarySite([
            "index.html": "<p>x</p>\n  <a href='gone.html'>g</a><p id=d>1</p><p id=d>2</p>",
            "o.html": "<p>o</p>",
        ])
        let report = try LinkChecker().check(siteDirectory: site.path)
        // Columns are where gumbo saw the value start: its opening quote, or its first byte when unquoted.
        #expect(report.diagnostics == [
            Diagnostic(.error, file: "index.html", position: SourcePosition(line: 2, column: 11),
                       "broken link 'gone.html': file 'gone.html' not found"),
            Diagnostic(.error, file: "index.html", position: SourcePosition(line: 2, column: 47),
                       "duplicate id 'd': first defined on line 2"),
            Diagnostic(.note, file: "o.html", "orphan page: no page links here"),
        ])
        #expect(report.diagnostics.map(\.formatted) == [
            "index.html:2:11: error: broken link 'gone.html': file 'gone.html' not found",
            "index.html:2:47: error: duplicate id 'd': first defined on line 2",
            "o.html: note: orphan page: no page links here",
        ])
        #expect(report.formattedText() == """
        index.html:2: broken link 'gone.html': file 'gone.html' not found
        index.html:2: duplicate id 'd': first defined on line 2
        o.html: note: orphan page: no page links here
        2 pages, 1 links, 1 broken (1 page errors, 0 external skipped, 1 orphan page)

        """)
    }
}
