import Testing
@testable import LinkChecking

@Suite struct SrcsetTests {
    func urls(_ value: String) -> [String] { splitSrcset(value).map(\.url) }

    @Test func densityAndWidthDescriptors() {
        #expect(urls("a.png 1x, b.png 2x") == ["a.png", "b.png"])
        #expect(urls("a.png 100w,b.png 200w") == ["a.png", "b.png"])
        #expect(urls("a.png") == ["a.png"])
        #expect(urls("  a.png  ,  b.png 2x  ") == ["a.png", "b.png"])
    }

    @Test func commasInsideURLsStay() {
        // The data: URL runs to the first whitespace, so its comma is part of it.
        #expect(urls("data:image/png;base64,iVBO= 1x, x.png 2x") == ["data:image/png;base64,iVBO=", "x.png"])
        #expect(urls("data:image/svg+xml,%3Csvg%2C%3E 1x, x.png 100w") == ["data:image/svg+xml,%3Csvg%2C%3E", "x.png"])
        #expect(urls("a,b.png 1x") == ["a,b.png"])
    }

    @Test func trailingCommasEndACandidate() {
        #expect(urls("a.png,b.png") == ["a.png,b.png"])
        #expect(urls("a.png, b.png") == ["a.png", "b.png"])
        #expect(urls("a.png,, b.png,") == ["a.png", "b.png"])
        #expect(urls(",,,") == [])
        #expect(urls("") == [])
    }

    @Test func parenthesesInDescriptorsHideCommas() {
        #expect(urls("a.png (x, y) 1x, b.png") == ["a.png", "b.png"])
    }

    @Test func candidatesOnLaterLinesKnowTheirLine() {
        let candidates = splitSrcset("a.png 1x,\n   b.png 2x,\n\n c.png 3x")
        #expect(candidates.map(\.lineOffset) == [0, 1, 3])
    }

    @Test func metaRefresh() {
        #expect(metaRefreshURL("0; url=next.html") == "next.html")
        #expect(metaRefreshURL("5;URL='a b.html'") == "a b.html")
        #expect(metaRefreshURL("3, url = \"x.html\" ") == "x.html")
        #expect(metaRefreshURL("0;next.html") == "next.html")
        #expect(metaRefreshURL("30") == nil)
        #expect(metaRefreshURL("") == nil)
    }
}
