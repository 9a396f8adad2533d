import Foundation
import Testing
import Diagnostics
@testable import LinkChecking

@Suite struct PageParsingTests {
    func parse(_ html: String) -> PageLinks { parsePage(Array(html.utf8), page: "p.html") }

    @Test func referencesCarryElementAttributeAndLine() {
        let page = parse("<p>\n<a\n  class=x\n  HREF='a.html'>x</a>\n<img src=i.png>")
        #expect(page.references.map(\.target) == ["a.html", "i.png"])
        #expect(page.references.map(\.line) == [4, 5])
        #expect(page.references.map(\.attribute) == ["href", "src"])
        #expect(page.references.map(\.element) == ["a", "img"])
    }

    @Test func characterReferencesAreDecoded() {
        #expect(parse("<a href='a.html?x=1&amp;y=2'>x</a>").references.map(\.target) == ["a.html?x=1&y=2"])
    }

    @Test func everyKindOfReferenceIsExtracted() {
        let page = parse("""
        <head><meta http-equiv="Refresh" content="0; url=r.html"><link rel=stylesheet href=s.css>
        <link rel="preconnect" href="https://fonts.example"><link rel="dns-prefetch" href="//x.example">
        <script src=j.js></script></head>
        <body><iframe src=f.html></iframe><video src=v.mp4 poster=p.jpg><source src=v.webm>
        <track src=t.vtt></video><audio src=a.mp3></audio><embed src=e.swf>
        <picture><source srcset="w.webp 1x, w2.webp 2x"><img src=i.png srcset="i2.png 2x"></picture>
        <map><area href=area.html></map><svg><a href=svg.html><text>t</text></a></svg>
        <meta name=description content="not a url">
        """)
        #expect(Set(page.references.map(\.target)) == [
            "r.html", "s.css", "j.js", "f.html", "v.mp4", "p.jpg", "v.webm", "t.vtt", "a.mp3", "e.swf",
            "w.webp", "w2.webp", "i.png", "i2.png", "area.html", "svg.html",
        ])
    }

    @Test func commentsAndTextAreNotLinks() {
        let page = parse("""
        <!-- <a href="c.html">c</a> --><pre>&lt;a href="p.html"&gt; src="q.png"</pre>
        <textarea><a href="t.html"></textarea><script>var a = '<a href="s.html">';</script>
        <pre><a href="real.html">r</a></pre>
        """)
        #expect(page.references.map(\.target) == ["real.html"])
    }

    @Test func anchorsAreIdsOnAnyElementAndNamesOnA() {
        let page = parse("<h1 id=a>x</h1><a name=b>b</a><div name=c></div><svg><g id=d></g></svg>")
        #expect(page.anchors.map(\.name) == ["a", "b", "d"])
        #expect(page.anchors.map(\.isNameAttribute) == [false, true, false])
    }

    @Test func onlyTheFirstBaseCounts() {
        let page = parse("<head><base href='/one/'><base href='/two/'></head><a href=x>x</a>")
        #expect(page.base?.target == "/one/")
        #expect(page.references.map(\.target) == ["x"])
    }

    /// Gumbo's tree construction is quadratic in depth (100,000 nested `<div>`s took 66 s), so the bytes are
    /// screened first: the page is parsed only up to the start tag that goes past the limit, and that tag's
    /// position is kept for the report.
    @Test func nestingPastTheLimitStopsTheParseAtThatTag() {
        let depth = 100_000
        let html = "<a href='before.html' id='top-link'>x</a>\n" + String(repeating: "<div>", count: depth)
            + "<a href='deep.html' id='bottom'>x</a>" + String(repeating: "</div>", count: depth)
        let page = parse(html)
        #expect(page.references.map(\.target) == ["before.html"])
        #expect(page.anchors.map(\.name) == ["top-link"])
        // Line 2; the 513th <div> starts after 512 of them, 5 bytes each.
        #expect(page.tooDeep == SourcePosition(line: 2, column: maximumNestingDepth * 5 + 1))
    }

    /// The well-formed scanner runs before the nesting screen and gives up past the limit itself: around the
    /// limit, a page it could otherwise read parses exactly as the screen and gumbo parse it.
    @Test func wellFormedPagesAroundTheLimitParseAsGumboDoes() {
        func page(_ depth: Int) -> [UInt8] {
            Array(("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>t</title>\n</head>\n<body>\n"
                + String(repeating: "<div>", count: depth) + "<a href=\"deep.html\" id=\"bottom\">x</a>"
                + String(repeating: "</div>", count: depth) + "\n</body>\n</html>\n").utf8)
        }
        let shallow = page(10)
        #expect(shallow.withUnsafeBufferPointer { scanWellFormedPage($0, page: "p.html") } != nil)
        var tooDeep = 0
        for depth in (maximumNestingDepth - 4)...(maximumNestingDepth + 2) {
            let bytes = page(depth)
            let parsed = parsePage(bytes, page: "p.html")
            #expect(parsed == parsePage(bytes, page: "p.html", scanningWellFormed: false), "depth \(depth)")
            if parsed.tooDeep != nil { tooDeep += 1 }
        }
        // Both sides of the limit are covered.
        #expect(tooDeep > 0 && tooDeep < 7)
    }

    /// External pages fetched for a fragment go through the same screen.
    @Test func anchorsOfExternalPagesStopAtTheLimitToo() {
        let html = "<h1 id=early>e</h1>" + String(repeating: "<div>", count: 100_000) + "<h2 id=late>l</h2>"
        #expect(anchorNames(inHTML: Array(html.utf8)) == ["early"])
    }

    @Test func nestingWithinTheLimitIsParsedWhole() {
        // The <a> is the deepest element, at exactly the limit.
        let depth = maximumNestingDepth - 1
        let html = String(repeating: "<div>", count: depth) + "<a href='deep.html' id='bottom'>x</a>"
            + String(repeating: "</div>", count: depth)
        let page = parse(html)
        #expect(page.tooDeep == nil)
        #expect(page.references.map(\.target) == ["deep.html"])
    }

    /// What the screen must not count: elements that do not nest in the tree gumbo builds, and markup that is
    /// text (comments, scripts, attribute values).
    @Test func flatPagesAreNotTooDeep() {
        let many = 2 * maximumNestingDepth
        let html = String(repeating: "<p>para", count: many) + String(repeating: "<li>item", count: many)
            + String(repeating: "<br><img src=i.png><input>", count: many)
            + "<table>" + String(repeating: "<tr><td>cell", count: many) + "</table>"
            + "<svg>" + String(repeating: "<path d='M0'/>", count: many) + "</svg>"
            + "<!-- " + String(repeating: "<div>", count: many) + " -->"
            + "<script>" + String(repeating: "'<div>'", count: many) + "</script>"
            + String(repeating: "<span title='<div><div>'>s</span>", count: many)
            + String(repeating: "<div>x</div>", count: many)
            + "<a href='end.html'>end</a>"
        let page = parse(html)
        #expect(page.tooDeep == nil)
        #expect(page.references.last?.target == "end.html")
    }

    /// What the screen must count: `<div/>` is a start tag in HTML, and a stray end tag closes nothing.
    @Test func selfClosingDivsAndStrayEndTagsStillNest() {
        let many = 2 * maximumNestingDepth
        #expect(parse(String(repeating: "<div/>", count: many)).tooDeep != nil)
        #expect(parse(String(repeating: "<div></x>", count: many)).tooDeep != nil)
        #expect(parse("<svg>" + String(repeating: "<g>", count: many)).tooDeep != nil)
        #expect(parse(String(repeating: "<b>", count: many)).tooDeep != nil)
    }

    /// SVG and MathML as the tree builder reads them: `<p>` breaks out of SVG, so the `<path/>`s after it are
    /// HTML elements that nest; inside `foreignObject` content is HTML again; `<style>` in SVG is not raw text.
    @Test func foreignContentIsFollowedAsTheTreeBuilderDoes() {
        let many = 2 * maximumNestingDepth
        #expect(parse("<svg><p>" + String(repeating: "<path/>", count: many)).tooDeep != nil)
        #expect(parse(String(repeating: "<svg><g><foreignObject><div>", count: many / 2)).tooDeep != nil)
        #expect(parse("<svg><style>" + String(repeating: "<g>", count: many) + "</style></svg>").tooDeep != nil)
        #expect(parse("<math><mi>" + String(repeating: "<div/>", count: many)).tooDeep != nil)
        // And what stays flat: self-closed shapes in SVG, an <svg/> that closes itself, SVG after a breakout.
        #expect(parse(String(repeating: "<svg><path/><circle/></svg>", count: many)).tooDeep == nil)
        #expect(parse(String(repeating: "<svg/>", count: many)).tooDeep == nil)
        #expect(parse("<svg><p>x</p>" + String(repeating: "<svg><rect/></svg>", count: many)).tooDeep == nil)
    }

    @Test func binaryAndInvalidUTF8AreReportedNotParsed() {
        #expect(parsePage([0x3C, 0x61, 0x00, 0x3E], page: "b.html").unreadableReason != nil)
        #expect(parsePage([0x3C, 0x61, 0xFF, 0x3E], page: "b.html").unreadableReason != nil)
        #expect(parsePage([], page: "e.html") == PageLinks(page: "e.html"))
    }
}
