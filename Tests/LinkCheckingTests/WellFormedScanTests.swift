import Foundation
import Testing
import TestSupport
@testable import LinkChecking

/// Pages that are plainly well formed are read by a one-pass scanner instead of gumbo. Its contract:
/// whatever it returns equals what gumbo gives for the same bytes, and it gives up on the rest.
@Suite struct WellFormedScanTests {
    func expectSameAsGumbo(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let bytes = Array(html.utf8)
        let scanned = bytes.withUnsafeBufferPointer { scanWellFormedPage($0, page: "p.html") }
        if let scanned {
            let reference = parsePage(bytes, page: "p.html", scanningWellFormed: false)
            #expect(scanned == reference, "\(html)", sourceLocation: sourceLocation)
        }
        return scanned != nil
    }

    static let shell = (head: """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>T &amp; x</title>
        <link rel="stylesheet" href="../a.css">
        </head>
        <body>

        """, tail: "\n</body>\n</html>\n")

    @Test func templatePagesTakeTheScanner() {
        let body = """
        <a class="skip-link" href="#main">Skip</a>
        <header class="site-header"><div class="wrap"><a class="brand" href="../../">Versus</a>
        <nav aria-label="Site"><a href="../../#comparisons">Comparisons</a></nav></div></header>
        <main id="main"><article>
        <h1 id="t">Title é 😀 <code>x &lt; y</code></h1>
        <ul class="chips"><li><a href="../s/a/" title="A &quot;b&quot;">A</a></li><li><p>para</p><ul><li>nested</li></ul></li></ul>
        <table class="t"><caption>Cap</caption><thead><tr><th scope="col" id="c1">A</th></tr></thead>
        <tbody><tr><td><a href="x.html#y">x</a></td></tr></tbody></table>
        <p>a < b and <em>emph <strong>strong</strong></em> <img src="i.png" srcset="i2.png 2x, i3.png 3x" alt=""><br></p>
        <pre><code>  code
        </code></pre><!-- a comment with <a href="c.html"> --><script src="j.js"></script>
        <div data-versus-ignore><a href="ignored.html">i</a></div><map name="m"><area href="area.html"></map>
        <img src="x.png" usemap="#m"><hr><dl><dt>t</dt><dd>d</dd></dl>
        </article></main>
        """
        #expect(expectSameAsGumbo(Self.shell.head + body + Self.shell.tail))
    }

    /// Each of these is left to gumbo: what the parser does with it is more than reading tags.
    @Test(arguments: [
        "<p>one<p>two", "<p><div>x</div></p>", "<ul><li>a<li>b</ul>", "<table><tr>text<td>x</td></tr></table>",
        "<a href=x>unquoted</a>", "<a href=\"x\">a<a href=\"y\">b</a></a>", "<b><i>x</b></i>", "<div/>",
        "<a href=\"&copy;\">c</a>", "<a\thref=\"t\">t</a>", "<a href=\"r\">\r\n</a>", "<svg><a href=\"s\"></a></svg>",
        "<template><a href=\"t\"></a></template>", "<form action=\"f\"><form action=\"g\"></form></form>", "<!-->",
        "<button>a<button>b</button></button>", "<p><form action=\"f\"></form></p>", "<!-- x --!> <a href=\"y\">y</a> -->",
        "<script><!--</script><a href=\"s\">--></script>", "<h2><h3>x</h3></h2>", "</br>", "<custom-element></custom-element>",
        "<p>x</P >", "<a href=\"x\" href=\"y\"", "<textarea><a href=\"t\"></textarea>", "<?php <a href=\"x\"> ?>",
    ])
    func unusualPagesAreLeftToGumbo(body: String) {
        #expect(!expectSameAsGumbo(Self.shell.head + body + Self.shell.tail), "\(body)")
    }

    @Test func structureOutsideTheBodyIsLeftToGumbo() {
        for page in ["<html><body></body></html>", "<!DOCTYPE html><head></head><body></body>",
                     "<!DOCTYPE html><html><head><p>x</p></head><body></body></html>",
                     "<!DOCTYPE html><html><head></head><a href=\"x\"></a><body></body></html>",
                     "<!DOCTYPE html><html><head></head><body></body></html><a href=\"late\"></a>",
                     "<!DOCTYPE html><html><head></head><body><a href=\"x\">"] {
            #expect(!expectSameAsGumbo(page), "\(page)")
        }
    }

    static let inlinePieces = ["text", " ", "\n", "é", "😀", "a < b", "&amp;", "<em>e</em>", "<strong>s <code>c</code></strong>",
                               "<a href=\"p.html#f\">l</a>", "<a name=\"n\" id=\"i2\">n</a>", "<img src=\"i.png\" alt=\"\">",
                               "<img srcset=\"a.png 1x,\n b.png 2x\">", "<br>", "<span id=\"s\" class=\"c\">x</span>", "<!-- c -->",
                               "<a href=\"q?a=1&amp;b=&quot;2&quot;\">q</a>", "<a HREF='single.html' ID=\"Up\">u</a>",
                               "<a href=\"d\" href=\"dup\" id=\"x\" id=\"y\">d</a>", "<img src>", "<video src=\"v.mp4\" poster=\"p.jpg\"><source src=\"v.webm\"></video>",
                               "<a data-proofer-ignore href=\"ig\">i</a>", "<abbr title=\"t\">t</abbr>",
                               "<label for=\"q\">l</label>", "<input type=\"image\" src=\"in.png\">", "<input id=\"q\" type=\"search\" name=\"q\">",
                               "<button type=\"submit\" formaction=\"fa.html\">b</button>"]

    static let blockPieces = ["<p>", "</p>", "<div id=\"d\">", "</div>", "<ul>", "</ul>", "<li>", "</li>", "<h2 id=\"h\">", "</h2>",
                              "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<tbody>", "</tbody>", "<section>", "</section>",
                              "<pre>", "</pre>", "<hr>", "<blockquote>", "</blockquote>", "<dl>", "<dt>", "</dt>", "<dd>", "</dd>", "</dl>",
                              "<script src=\"j.js\"></script>", "<style>a < b {}</style>", "<meta http-equiv=\"refresh\" content=\"0; url=r.html\">",
                              "<link rel=\"preconnect\" href=\"https://f\">", "<base href=\"/b/\">", "<caption>", "</caption>",
                              "<map id=\"m\">", "</map>", "<area href=\"ar.html\">", "<a href=\"o\">", "</a>", "<b>", "</b>", "<i>", "</i>",
                              "<a href=\"x\" / >x</a>", "<P>", "<A HREF=\"u\">", "<td>&nbsp;",
                              "<form action=\"f.html\">", "</form>", "<button>", "</button>", "<input src=\"i\" type=\"image\">"]

    /// A body of nested, closed elements: well formed by construction, though not always by the parser's rules.
    func wellFormedBody(_ random: inout SeededRandom, depth: Int) -> String {
        var body = ""
        for _ in 0..<(1 + random.next(below: 4)) {
            switch random.next(below: 10) {
            case 0 where depth < 4:
                body += "<div class=\"x\">" + wellFormedBody(&random, depth: depth + 1) + "</div>\n"
            case 1 where depth < 4:
                body += "<ul>" + (0..<(1 + random.next(below: 3))).map { _ in "<li>" + wellFormedBody(&random, depth: depth + 1) + "</li>" }.joined() + "</ul>\n"
            case 2 where depth < 4:
                let cell = { (random: inout SeededRandom) in "<td>" + random.text(from: Self.inlinePieces, maximumPieces: 3) + "</td>" }
                body += "<table><thead><tr><th id=\"h\">H</th></tr></thead>\n<tbody><tr>" + cell(&random) + cell(&random) + "</tr>\n</tbody></table>\n"
            case 3:
                let level = 1 + random.next(below: 6)
                body += "<h\(level) id=\"t\">" + random.text(from: Self.inlinePieces, maximumPieces: 3) + "</h\(level)>\n"
            case 4 where depth < 4:
                body += "<section id=\"s\">\n" + wellFormedBody(&random, depth: depth + 1) + "</section>\n"
            case 5 where depth < 4:
                // The shape of the theme's search box: a form with a label, an input and a button.
                body += "<form action=\"s/\" role=\"search\"><label for=\"q\">Q</label><input id=\"q\" name=\"q\">"
                    + wellFormedBody(&random, depth: depth + 1) + "<button type=\"submit\">Go</button></form>\n"
            default:
                body += "<p>" + random.text(from: Self.inlinePieces, maximumPieces: 5) + "</p>\n"
            }
        }
        return body
    }

    /// Random bodies, well formed or broken by stray tags, compared wherever the scanner answers.
    @Test func randomPagesMatchGumbo() {
        var random = SeededRandom(seed: 2026)
        var scanned = 0
        let samples = 3_000
        for sample in 0..<samples {
            var body = wellFormedBody(&random, depth: 0)
            // Every other page is broken a little: a stray block tag or piece put between two tags.
            if sample % 2 == 1 {
                for _ in 0..<(1 + random.next(below: 2)) {
                    let boundaries = body.indices.filter { body[$0] == ">" }
                    guard !boundaries.isEmpty else { break }
                    let at = body.index(after: boundaries[random.next(below: boundaries.count)])
                    let pieces = random.next(below: 2) == 0 ? Self.blockPieces : Self.inlinePieces
                    body.insert(contentsOf: pieces[random.next(below: pieces.count)], at: at)
                }
            }
            if expectSameAsGumbo(Self.shell.head + body + Self.shell.tail) { scanned += 1 }
        }
        // Both paths must be exercised: most well-formed pages scanned, and some pages left to gumbo.
        #expect(scanned > samples / 3)
        #expect(scanned < samples)
    }

    /// Every page of the checker's fixture site: hand-written, with many of the awkward cases.
    @Test func fixturePagesMatchGumbo() throws {
        let root = URL(fileURLWithPath: fixtureSite)
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".html") }
        #expect(files.count > 5)
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent(file)))
            #expect(parsePage(bytes, page: file) == parsePage(bytes, page: file, scanningWellFormed: false), "\(file)")
        }
    }
}

/// Targets that climb out of the page's folder are resolved once per depth and shared between pages; a
/// page must get what it gets when it resolves everything itself.
@Suite struct SharedTargetTests {
    @Test func sharedResolutionsMatchResolvingEachPageAlone() throws {
        let root = URL(fileURLWithPath: fixtureSite)
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }
        let pages = try files.filter { $0.hasSuffix(".html") }.sorted().map { file in
            parsePage(try [UInt8](Data(contentsOf: root.appendingPathComponent(file))), page: file)
        }
        // The fixture pages, and a deeper copy of each, so that `../` links are shared between pages.
        var all = pages
        for page in pages {
            var deeper = page
            deeper.page = "deep/er/" + page.page
            for index in deeper.references.indices {
                deeper.references[index].page = deeper.page
                deeper.references[index].target = "../../" + deeper.references[index].target
            }
            all.append(deeper)
        }
        let site = SiteMap(pages: all, files: Set(files + all.map(\.page)), folders: ["deep", "deep/er"])
        var shared = SharedTargets()
        var sharedCount = 0
        for page in all + all {
            let alone = resolvePage(page, site: site, basePath: nil, shortcuts: false)
            let before = shared.entries.count
            let withShared = resolvePage(page, site: site, basePath: nil, shared: &shared)
            sharedCount += shared.entries.count - before
            #expect(alone.problems == withShared.problems, "\(page.page)")
            #expect(alone.linkedPages == withShared.linkedPages, "\(page.page)")
            #expect(alone.skippedOther == withShared.skippedOther, "\(page.page)")
            #expect(alone.external.map { "\($0.0) \($0.url) \($0.fragment ?? "-")" } == withShared.external.map { "\($0.0) \($0.url) \($0.fragment ?? "-")" })
        }
        #expect(sharedCount > 10)
    }

    /// `#id` links take a shortcut (`plainFragment`); every shape of fragment must come out as the general
    /// resolution gives it, on a page with and without `<base href>`, in a folder and at the root.
    @Test func fragmentShortcutMatchesTheGeneralPath() {
        let targets = ["#", "#top", "#a", "#A", "#b", "#a%20b", "#caf%C3%A9", "#caf\u{E9}", "#cafe\u{301}", "#a b", " #a", "#a\t",
                       "#a\n", "#\u{7F}", "##", "#a#b", "#?x", "#a?b", "#/x", "#..", "#%", "#%zz", "#missing", "#Main", "#main"]
        for pagePath in ["p.html", "dir/sub/p.html", "dir/index.html"] {
            for base: Reference? in [nil, Reference(page: pagePath, line: 1, column: 1, element: "base", attribute: "href", target: "../")] {
                let anchors = ["a", "b", "a b", "café", "main", "..", "/x"].map {
                    AnchorDefinition(name: $0, line: 1, column: 1, isNameAttribute: false)
                }
                var page = PageLinks(page: pagePath, anchors: anchors, references: targets.enumerated().map { number, target in
                    Reference(page: pagePath, line: number + 2, column: 1, element: "a", attribute: "href", target: target)
                }, base: base)
                page.mapNames = []
                let site = SiteMap(pages: [page], files: [pagePath, "index.html", "dir/index.html"], folders: ["dir", "dir/sub"])
                let plain = resolvePage(page, site: site, basePath: nil, shortcuts: false)
                let fast = resolvePage(page, site: site, basePath: nil)
                #expect(fast.problems == plain.problems, "\(pagePath) base: \(base?.target ?? "none")")
                #expect(fast.linkedPages == plain.linkedPages)
                #expect(fast.skippedOther == plain.skippedOther)
                // The case holds problems to compare: a missing id and a case slip.
                #expect(plain.problems.contains { $0.kind == .missingFragment } || base != nil)
            }
        }
        #expect(plainFragment("#a") == "a")
        #expect(plainFragment("#") == "")
        #expect(plainFragment("#a b") == nil)
        #expect(plainFragment("a#b") == nil)
    }
}
