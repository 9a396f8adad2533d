import Foundation
import Testing
@testable import LinkChecking

/// The fixture folder, found next to this file so the tests run the same from any working directory.
let fixtureSite: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/site").path

/// A problem reduced to what a reader of the fixture can predict: page, line, target as written, kind.
struct Expected: Hashable, CustomStringConvertible {
    var page: String
    var line: Int
    var target: String
    var kind: ProblemKind
    init(_ page: String, _ line: Int, _ target: String, _ kind: ProblemKind) {
        self.page = page
        self.line = line
        self.target = target
        self.kind = kind
    }
    init(_ problem: LinkProblem) {
        self.init(problem.page, problem.line, problem.target, problem.kind)
    }
    var description: String { "\(page):\(line) '\(target)' \(kind.rawValue)" }
}

@Suite struct FixtureSiteTests {
    let report: LinkCheckReport

    init() throws {
        report = try LinkChecker().check(siteDirectory: fixtureSite)
    }

    /// Written by hand from reading the fixture pages, one entry per broken reference.
    static let expectedProblems: Set<Expected> = [
        Expected("index.html", 6, "favicon.ico", .missingFile),
        Expected("index.html", 12, "about.html#Section", .missingFragment),
        Expected("index.html", 13, "about.html#nowhere", .missingFragment),
        Expected("index.html", 14, "missing.html", .missingFile),
        Expected("index.html", 19, "docs/#nope", .missingFragment),
        Expected("index.html", 26, "about.html?lang=en#gone", .missingFragment),
        Expected("index.html", 30, "#missing-here", .missingFragment),
        Expected("index.html", 31, "", .emptyLink),
        Expected("index.html", 32, "mailto:", .emptyMailto),
        Expected("index.html", 34, "tel:", .emptyTel),
        Expected("index.html", 36, "javascript:void(0)", .forbiddenScheme),
        Expected("index.html", 42, "/nope.html", .missingFile),
        Expected("index.html", 43, "nofolderindex/", .folderWithoutIndex),
        Expected("index.html", 51, "real-in-pre.html", .missingFile),
        Expected("about.html", 11, "dup", .duplicateId),
        Expected("about.html", 12, "", .invalidId),
        Expected("docs/index.html", 7, "../../outside.html", .leavesSiteRoot),
        Expected("docs/index.html", 8, "/../etc/passwd", .leavesSiteRoot),
        Expected("docs/guide.html", 5, "../about.html#INTRO", .missingFragment),
        Expected("docs/guide.html", 8, "sub/deeper.html", .missingFile),
        Expected("docs/based.html", 8, "based.html", .missingFile),
        Expected("docs/based.html", 10, "#method", .missingFragment),
        Expected("media.html", 3, "gone.html", .missingFile),
        Expected("media.html", 5, "missing.js", .missingFile),
        Expected("media.html", 9, "images/nope.png", .missingFile),
        Expected("media.html", 10, "images/logo-3x.png", .missingFile),
        Expected("media.html", 11, "images/missing-2x.png", .missingFile),
        Expected("media.html", 14, "images/logo-2x.webp", .missingFile),
        Expected("media.html", 19, "images/poster.jpg", .missingFile),
        Expected("media.html", 20, "video/intro.webm", .missingFile),
        Expected("media.html", 21, "video/intro.vtt", .missingFile),
        Expected("media.html", 23, "audio/theme.mp3", .missingFile),
        Expected("media.html", 25, "embed/widget.html", .missingFile),
    ]

    @Test func findsExactlyTheBrokenReferencesOfTheFixture() {
        let found = Set(report.problems.map(Expected.init))
        let missed = Self.expectedProblems.subtracting(found)
        let extra = found.subtracting(Self.expectedProblems)
        #expect(missed.isEmpty, "not reported: \(missed.sorted { $0.description < $1.description })")
        #expect(extra.isEmpty, "false alarms: \(extra.sorted { $0.description < $1.description })")
        #expect(report.problems.count == Self.expectedProblems.count, "each problem reported once")
    }

    @Test func countsPagesLinksAndSkips() {
        #expect(report.pageCount == 12)
        // Counted by hand: index 42 (the preconnect hint is not a link), about 2, café 3, "a b" 1,
        // docs/index 4, guide 6, based 6 (<base> not counted), api/index 1, api/ref 1, media 23 (each srcset
        // candidate counts), orphan 1, 404 1.
        #expect(report.linkCount == 91)
        #expect(report.summary
                == "12 pages, 91 links, 31 broken (2 page errors, 2 external skipped, 5 other skipped, 1 orphan page)")
        #expect(report.brokenLinkCount == 31)
        #expect(report.pageErrorCount == 2)
        // https://example.com/page and //cdn.example.com/lib.js; the preconnect hint is not a link.
        #expect(report.skippedExternalCount == 2)
        // mailto with an address, tel with a number, data:text/plain, ftp:, the data: srcset candidate.
        #expect(report.skippedOtherCount == 5)
    }

    @Test func theOnlyOrphanIsOrphanHTML() {
        // 404.html and the root index.html are never orphans; every other page is linked from somewhere.
        #expect(report.orphans == ["orphan.html"])
        #expect(report.notes.map(\.kind) == [.orphanPage])
        #expect(report.notes.allSatisfy { $0.severity == .note })
    }

    @Test func linksInCommentsAndPreTextAreNotLinks() {
        let targets = Set(report.problems.map(\.target))
        for text in ["commented-out.html", "in-pre.html", "also-not.html", "broken.html"] {
            #expect(!targets.contains(text))
        }
    }

    @Test func validCasesAreNotReported() {
        let reported = Set(report.problems.filter { $0.page == "index.html" }.map(\.target))
        let valid = [
            "about.html#section", "docs", "docs/#install", "docs#install", "caf%C3%A9.html", "café.html",
            "a%20b.html", "about.html?lang=en", "about.html?lang=en#intro", "#", "#top", "#top-heading",
            "/about.html#intro", "about.html#f%C3%BCnf-s%C3%BC%C3%9Fe", "about.html#tangent%3A-kustomize",
            "about.html#legacy",
        ]
        for target in valid {
            #expect(!reported.contains(target), "\(target) is valid")
        }
        #expect(report.problems.filter { $0.page == "café.html" || $0.page == "docs/api/ref.html" }.isEmpty)
    }

    @Test func caseSlipNamesTheIdThatExists() throws {
        let problem = try #require(report.problems.first { $0.target == "about.html#Section" })
        #expect(problem.reason.contains("'section'"))
    }
}
