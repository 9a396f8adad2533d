import Foundation
import Testing
@testable import LinkChecking

/// One small site per rule of the reference list: what counts as a reference, how meta refresh and mailto are
/// read, what the ignore attributes and `--directory-index` change. Kinds are compared by their stable names.
@Suite struct ReferenceRulesTests {
    func check(_ files: [String: String], options: LinkCheckOptions = LinkCheckOptions()) throws -> LinkCheckReport {
        let site = try TemporarySite(files)
        return try withExtendedLifetime(site) { try LinkChecker(options: options).check(siteDirectory: site.path) }
    }

    func problems(_ report: LinkCheckReport) -> [String] {
        // In report order: page, line, column.
        report.problems.map { "\($0.page):\($0.line) '\($0.target)' \($0.kind.rawValue)" }
    }

    /// Attributes written without a value (`<audio src>`) have no value position in gumbo; their line is the
    /// line of the name. Many pages parsed together reuse each other's memory, so a position read from memory
    /// gumbo did not set showed as garbage that changed from run to run.
    @Test func valuelessAttributesReportTheLineOfTheirName() throws {
        var files: [String: String] = ["index.html": "<p>home</p>"]
        let bodies = [
            "<audio src></audio>", "<iframe src></iframe>", "<embed src>", "<video poster></video>",
            "<a href>bare</a>", "<img src>", "<p id>x</p>",
        ]
        for number in 0..<120 {
            let padding = String(repeating: "<p>filler text</p>\n", count: number % 7)
            files[String(format: "p%03d.html", number)] = "<!DOCTYPE html>\n<title>t</title>\n" + padding
                + bodies[number % bodies.count] + "\n<a href='index.html'>home</a>\n"
        }
        let site = try TemporarySite(files)
        let first = try LinkChecker().check(siteDirectory: site.path)
        for problem in first.problems {
            let lines = files[problem.page]!.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(problem.line >= 1 && problem.line <= lines.count, "\(problem)")
            // Every value-less attribute sits on the line after the padding: line 3 + padding.
            let number = Int(problem.page.dropFirst().prefix(3))!
            #expect(problem.line == 3 + number % 7, "\(problem)")
            #expect(problem.column >= 1 && problem.column <= lines[problem.line - 1].utf8.count, "\(problem)")
        }
        #expect(first.problems.count == 120)
        for _ in 0..<3 {
            #expect(try LinkChecker().check(siteDirectory: site.path).formattedText() == first.formattedText())
        }
    }

    /// HTML standard, "shared declarative refresh steps": a time that is not a number means no refresh at all;
    /// `URL =` may have any case and spaces, and the URL may be quoted.
    @Test func metaRefreshFollowsTheStandard() throws {
        func page(_ content: String) -> String { "<meta http-equiv=refresh content=\"\(content)\">" }
        let report = try check([
            "index.html": page("-2") + page("3x;url=page.html") + page("abc") + page("0; URL = 'page.html'")
                + page("1; url=\"page.html\" trailing") + page(".5, Url=page.html") + page("2 page.html")
                + page("0;url=gone.html") + page("5") + page("0; url="),
            "page.html": "<p>page</p>",
        ])
        #expect(problems(report) == ["index.html:1 'gone.html' missing-file"])
    }

    @Test func metaRefreshParserCases() {
        #expect(metaRefreshURL("-2") == nil)
        #expect(metaRefreshURL("3x;url=page.html") == nil)
        #expect(metaRefreshURL("0; URL = 'a.html'") == "a.html")
        #expect(metaRefreshURL("0;uRl=\"a b.html\" x") == "a b.html")
        #expect(metaRefreshURL("0; urn.html") == "urn.html", "not quite `url=`: the text is the URL")
        #expect(metaRefreshURL("0;'q.html'") == "q.html")
        #expect(metaRefreshURL(".5,x.html") == "x.html")
        #expect(metaRefreshURL("1.5.5 x.html") == "x.html")
    }

    @Test func imageInputsObjectsFormsAndFormactionsAreReferences() throws {
        let report = try check([
            "index.html": """
            <input type=image src="missing-button.png"><input type="IMAGE " src="button.png">
            <input type=text src="not-loaded.png"><object data="missing.svg"></object><object data="logo.svg"></object>
            <form action="missing-search/"><button formaction="javascript:alert(1)">go</button></form>
            <form action="search/"><input type=submit formaction="missing.php"></form>
            <object data=""></object><form action="vbscript:x"></form><input type=image src="page.html#nope">
            """,
            "button.png": "png", "logo.svg": "<svg/>", "search/index.html": "<p>search</p>",
            "page.html": "<p>page</p>",
        ])
        #expect(problems(report) == [
            "index.html:1 'missing-button.png' missing-file",
            "index.html:2 'missing.svg' missing-file",
            "index.html:3 'missing-search/' missing-file",
            "index.html:3 'javascript:alert(1)' forbidden-scheme",
            "index.html:4 'missing.php' missing-file",
            "index.html:5 '' empty-link",
            "index.html:5 'vbscript:x' forbidden-scheme",
            "index.html:5 'page.html#nope' missing-fragment",
        ])
    }

    /// `usemap` is `#` and the name of a `<map>` of the same page (by `name` or `id`), never a URL.
    @Test func usemapMustNameAMapOfThePage() throws {
        let report = try check([
            "index.html": """
            <img src=a.png usemap="#nav"><img src=a.png usemap="#byid"><img src=a.png usemap="#Nav">
            <img src=a.png usemap="nav"><img src=a.png usemap=""><img src=a.png usemap="#">
            <map name="nav"><area href="index.html"></map><map id="byid"></map>
            """,
            "a.png": "png",
        ])
        #expect(problems(report) == [
            "index.html:1 '#Nav' bad-usemap",
            "index.html:2 'nav' bad-usemap",
            "index.html:2 '' bad-usemap",
            "index.html:2 '#' bad-usemap",
        ])
    }

    @Test func mailtoThatCannotWorkIsAProblem() throws {
        let report = try check([
            "index.html": """
            <a href="mailto:octocat">a</a><a href="mailto:me@example.com%">b</a>
            <a href="mailto:a@example.com,bob">c</a><a href="mailto:@example.com">d</a>
            <a href="mailto:me@example.com?subject=Hi%20there">ok</a><a href="mailto:a@x.org,%20b@y.org">ok</a>
            <a href="mailto:%6De@example.com">ok</a>
            """,
        ])
        #expect(problems(report) == [
            "index.html:1 'mailto:octocat' invalid-mailto",
            "index.html:1 'mailto:me@example.com%' invalid-mailto",
            "index.html:2 'mailto:a@example.com,bob' invalid-mailto",
            "index.html:2 'mailto:@example.com' invalid-mailto",
        ])
        #expect(report.skippedOtherCount == 3)
    }

    @Test func ignoreAttributesSkipAnElementAndEverythingInside() throws {
        let report = try check([
            "index.html": """
            <a href="gone1.html" data-versus-ignore>a</a>
            <div data-proofer-ignore><p><img src="gone2.png" srcset="gone3.png 2x, gone4.png 3x"></p></div>
            <section data-versus-ignore="true"><a href="javascript:x">s</a></section>
            <a href="gone5.html">reported</a><p id=kept>ids inside ignored elements still count</p>
            <div data-versus-ignore><span id=inner>x</span></div><a href="#inner">in</a>
            """,
        ])
        #expect(problems(report) == ["index.html:4 'gone5.html' missing-file"])
        #expect(report.ignoredCount == 5)
        #expect(report.linkCount == 2)
        #expect(report.summary == "1 pages, 2 links, 1 broken (0 external skipped, 5 ignored)")
    }

    @Test func directoryIndexNamesTheFileAFolderServes() throws {
        let files = [
            "index.htm": "<a href='docs/'>d</a><a href='docs/#x'>x</a><a href='docs'>d</a><a href='./'>home</a>",
            "docs/index.htm": "<h1 id=x>x</h1>",
            "other/index.html": "<p>not an index for this host</p>",
            "links.htm": "<a href='other/'>o</a><a href='index.htm'>i</a>",
        ]
        let report = try check(files, options: LinkCheckOptions(directoryIndex: "index.htm"))
        #expect(problems(report) == ["links.htm:1 'other/' folder-without-index"])
        #expect(report.problems.first?.reason == "folder 'other/' has no index.htm")
        // The root index.htm is the home page, never an orphan.
        #expect(report.orphans == ["links.htm", "other/index.html"])

        let byDefault = try check(files)
        // With the default name the same folders have no index.
        #expect(Set(byDefault.problems.map(\.target)) == ["docs/", "docs/#x", "docs", "./"])
    }

    @Test func directoryIndexMustBeAFileName() throws {
        let site = try TemporarySite(["index.html": "<p>x</p>"])
        for name in ["", "a/index.html", "..", "."] {
            #expect(throws: LinkCheckError.invalidDirectoryIndex(name)) {
                try LinkChecker(options: LinkCheckOptions(directoryIndex: name)).check(siteDirectory: site.path)
            }
        }
    }

    /// Browsers read `\` as `/` in http(s) URLs: these name another host, not a file of the site.
    @Test func backslashedHostsAreExternal() throws {
        #expect(resolveReference("\\\\evil.example\\x", base: .local(path: "index.html"), basePath: nil)
            == .external(url: "https://evil.example/x"))
        #expect(resolveReference("/\\evil.example", base: .local(path: "index.html"), basePath: nil)
            == .external(url: "https://evil.example"))
        #expect(resolveReference("\\/evil.example/a?q=\\#f\\", base: .local(path: "index.html"), basePath: nil)
            == .external(url: "https://evil.example/a?q=\\#f\\"))
        #expect(resolveReference("http:\\\\evil.example\\x", base: .local(path: "index.html"), basePath: nil)
            == .external(url: "http://evil.example/x"))
        // One backslash after a slash-free start is still a path on this site.
        #expect(resolveReference("docs\\a.html", base: .local(path: "index.html"), basePath: nil)
            == .local(path: "docs/a.html", isFolderForm: false, fragment: nil))
        let report = try check(["index.html": "<a href='\\\\evil.example\\x'>a</a><a href='/\\evil.example'>b</a>"])
        #expect(report.problems.isEmpty)
        #expect(report.skippedExternalCount == 2)
    }

    @Test func tooDeepPagesAreReportedWhereTheyGoTooDeep() throws {
        let deep = String(repeating: "<div>", count: 100_000)
        let report = try check(["index.html": "<a href='gone.html'>x</a>\n" + deep + "<a href='also-gone.html'>y</a>"])
        #expect(problems(report) == [
            "index.html:1 'gone.html' missing-file",
            "index.html:2 '' nesting-too-deep",
        ])
        #expect(report.formattedText().contains(
            "index.html:2: nesting too deep: elements nested more than 512 deep; the rest of the page is not checked"))
    }
}
