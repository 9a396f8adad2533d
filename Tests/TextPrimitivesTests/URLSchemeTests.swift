import Testing
import TestSupport
import TextPrimitives

/// The one scheme reading, compared with the rule written over `Character`s, and the safety filter
/// built on it, compared with the filter as it was written before it shared the reading.
@Suite struct URLSchemeTests {
    /// The URL standard's rule over Characters: an ASCII letter, then ASCII letters, digits, `+`, `-`,
    /// `.`, up to the first `:`; with `skippingBlanks`, controls, spaces and DEL are dropped first.
    func reference(_ url: String, skippingBlanks: Bool = false) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        var scheme = String(url[..<colon])
        if skippingBlanks {
            scheme = String(String.UnicodeScalarView(scheme.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
        }
        guard let first = scheme.first, first.isASCII, first.isLetter else { return nil }
        guard scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) else { return nil }
        return scheme.lowercased()
    }

    static let samples = ["https://a.b", "HTTP://x", "mailto:a@b", "svn+ssh://h", "a-b.c:x", "1http://x", ":nothing", "no-colon",
                          "../a.md#x:y", "a.md", "#frag:x", "é:x", "x é:y", "javascript:alert(1)", " http://x", "a_b:c", "", "a:",
                          "guide.md#https:x", "java\tscript:x", "\u{1}javascript:x", "JAVA SCRIPT:x", "c++:x", "a/b:c"]

    static let pieces = ["a", "Z", "http", "s", "1", "+", "-", ".", ":", "/", "#", "?", " ", "\t", "\n", "\u{0}", "\u{7F}",
                         "é", "_", "java", "script", "DATA", "file"]

    @Test func matchesTheRule() {
        for url in Self.samples {
            #expect(URLScheme.of(url) == reference(url), "\(url.debugDescription)")
            #expect(URLScheme.isPresent(in: url) == (reference(url) != nil), "\(url.debugDescription)")
            #expect(URLScheme.of(url, reading: .skippingBlanks) == reference(url, skippingBlanks: true), "\(url.debugDescription)")
        }
        var random = SeededRandom(seed: 12)
        for _ in 0..<5_000 {
            let url = random.text(from: Self.pieces, maximumPieces: 8)
            #expect(URLScheme.of(url) == reference(url), "\(url.debugDescription)")
            #expect(URLScheme.isPresent(in: url) == (reference(url) != nil), "\(url.debugDescription)")
            #expect(URLScheme.of(url, reading: .skippingBlanks) == reference(url, skippingBlanks: true), "\(url.debugDescription)")
        }
        #expect(URLScheme.of("HTTPS://example.org") == "https")
        #expect(URLScheme.of("c++:x") == "c++")
        #expect(URLScheme.of("guide.md#https:x") == nil)
        #expect(URLScheme.of(" java\tscript:x", reading: .skippingBlanks) == "javascript")
        #expect(URLScheme.of(" java\tscript:x") == nil)
    }

    /// The filter as it read schemes on its own, kept as the reference the shared reading must agree with.
    func filterReference(_ url: String, use: URLSchemeFilter.Use) -> Bool {
        var scheme = ""
        for scalar in url.unicodeScalars {
            if scalar == ":" { break }
            if scalar.value <= 0x20 || scalar.value == 0x7F { continue }
            if scalar == "/" || scalar == "?" || scalar == "#" { return true }
            scheme.unicodeScalars.append(scalar)
        }
        guard url.contains(":") else { return true }
        switch scheme.lowercased() {
        case "javascript", "vbscript", "file": return false
        case "data":
            let body = url.drop { $0 != ":" }.dropFirst().lowercased()
            return use == .image && ["image/png", "image/gif", "image/jpeg", "image/webp"].contains { body.hasPrefix($0) }
        default: return true
        }
    }

    @Test func filterMatchesItsReference() {
        // Blanks, then a scheme-like run, a colon and a body: most samples come close to a dangerous scheme.
        let blanks = [" ", "\t", "\n", "\u{0}", "\u{7F}"]
        let words = ["java", "script", "vb", "JavaScript", "file", "FI", "le", "data", "Da", "ta", " ", "\t", "\u{1}", "x", "1",
                     "/", "#", "?", "é", "+"]
        let bodies = ["image/png", "IMAGE/GIF", "image/svg+xml", ";base64,", "x", "//h", ":"]
        var random = SeededRandom(seed: 13)
        var rejected = 0
        for _ in 0..<5_000 {
            let url = random.text(from: blanks, maximumPieces: 2) + random.text(from: words, minimumPieces: 1, maximumPieces: 3)
                + (random.next(below: 8) == 0 ? "" : ":") + random.text(from: bodies, maximumPieces: 2)
            for use in [URLSchemeFilter.Use.link, .image] {
                let safe = URLSchemeFilter.isSafe(url, use: use)
                if !safe { rejected += 1 }
                #expect(safe == filterReference(url, use: use), "\(url.debugDescription) \(use)")
            }
        }
        // The samples must reach the rejecting cases often, or the comparison says little.
        #expect(rejected > 500)
    }

    @Test(arguments: [
        ("javascript:alert(1)", false), ("JaVaScRiPt:alert(1)", false), (" java\tscript:x", false), ("vbscript:x", false),
        ("file:///etc/passwd", false), ("data:text/html;base64,xx", false), ("https://example.org", true),
        ("mailto:a@example.org", true), ("other.md#x", true), ("/abs/path", true), ("#frag", true), ("a:b/c", true),
    ])
    func schemeFilterForLinks(url: String, safe: Bool) {
        #expect(URLSchemeFilter.isSafe(url, use: .link) == safe)
    }

    @Test func dataImagesOnlyForRasterImages() {
        #expect(URLSchemeFilter.isSafe("data:image/png;base64,AAAA", use: .image))
        #expect(!URLSchemeFilter.isSafe("data:image/png;base64,AAAA", use: .link))
        #expect(!URLSchemeFilter.isSafe("data:image/svg+xml;base64,AAAA", use: .image))
        #expect(URLSchemeFilter.rejection(of: "JavaScript:x", use: .link) == "the 'javascript:' scheme is not allowed")
    }
}
