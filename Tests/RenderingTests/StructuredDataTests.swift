import Foundation
@testable import SiteRendering
import Testing
import TestSupport

/// The JSON-LD of comparison pages is written straight to bytes; `JSONEncoder` over the Encodable
/// definition is the contract, compared on random values (every optional present or not, any number
/// of products and crumbs, text with the characters JSON and `<script>` must escape).
@Suite struct StructuredDataTests {
    static let pieces = ["a", "Kafka", " ", "\"", "\\", "/", "\n", "\t", "\r", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "\u{7F}",
                         "é", "😀", "日本", "<", ">", "&", "</script>", "\u{2028}", "https://x.example/a?b=1&c=2"]

    @Test func writesWhatJSONEncoderWrites() {
        var random = SeededRandom(seed: 1994)
        func text() -> String { random.text(from: Self.pieces, maximumPieces: 8) }
        for _ in 0..<1_500 {
            let value = StructuredData(
                headline: text(), description: text(), inLanguage: random.next(below: 2) == 0 ? "en" : text(),
                url: random.next(below: 2) == 0 ? nil : text(),
                dateModified: random.next(below: 2) == 0 ? nil : text(),
                products: (0..<random.next(below: 5)).map { _ in StructuredData.Product(name: text(), url: text()) },
                breadcrumbs: (0..<random.next(below: 4)).map { _ in StructuredData.Crumb(name: text(), url: text()) })
            let fast = value.json().string
            let reference = String(decoding: value.encodedByJSONEncoder(), as: UTF8.self)
            #expect(fast == reference, "\(value)")
        }
    }

    /// Pinned by hand once, so that a change to both writers at once cannot pass unseen.
    @Test func aSmallGraphByHand() {
        let value = StructuredData(headline: "A vs B", description: "d", inLanguage: "en", url: nil, dateModified: "2026-01-02T00:00:00Z",
                                   products: [.init(name: "A", url: "../../subjects/a/")],
                                   breadcrumbs: [.init(name: "Home", url: "../../"), .init(name: "A vs B", url: "./")])
        #expect(value.json().string == #"{"@context":"https://schema.org","@graph":[{"@type":"Article","about":{"@type":"ItemList","itemListElement":[{"@type":"ListItem","item":{"@type":"Product","name":"A","url":"../../subjects/a/"},"position":1}],"name":"A vs B","numberOfItems":1},"dateModified":"2026-01-02T00:00:00Z","description":"d","headline":"A vs B","inLanguage":"en"},{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","item":"../../","name":"Home","position":1},{"@type":"ListItem","item":"./","name":"A vs B","position":2}]}]}"#)
    }
}
