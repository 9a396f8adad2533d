@testable import SiteRendering
import Testing

@Suite struct EscapingAndURLTests {
    @Test func htmlEscapingReplacesTheFiveCharactersOnly() {
        #expect(HTMLEscaping.escape("plain text é 🙂") == "plain text é 🙂")
        #expect(HTMLEscaping.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTMLEscaping.escape("") == "")
        #expect(HTMLEscaping.escape("&amp;") == "&amp;amp;")
    }

    @Test func hrefsKeepASCIIAndEncodeTheRest() {
        #expect(SiteURL.href("compare/a-vs-b/", root: "../../") == "../../compare/a-vs-b/")
        #expect(SiteURL.href("", root: "") == "./")
        #expect(SiteURL.href("subjects/café/", root: "../../", fragment: "x") == "../../subjects/caf%C3%A9/#x")
        #expect(SiteURL.href("a b/", root: "") == "a%20b/")
        #expect(SiteURL.absolute("compare/x/", base: "https://example.org/docs") == "https://example.org/docs/compare/x/")
        #expect(SiteURL.root(forPageAt: "compare/x/index.html") == "../../")
        #expect(SiteURL.root(forPageAt: "index.html") == "")
    }
}
