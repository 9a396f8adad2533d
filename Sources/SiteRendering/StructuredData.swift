import Foundation
import TextPrimitives

/// schema.org for a comparison page: an `Article` about an `ItemList` of the compared products, and
/// the `BreadcrumbList` shown on the page. No ratings, offers or reviews: Versus has none.
///
/// `json()` writes it straight to bytes: through `JSONEncoder` it was 6 % of a 10,000-document build's
/// CPU. `encodedByJSONEncoder()` is the definition (the Encodable types below) and
/// `StructuredDataTests` requires both to give the same bytes on random text.
struct StructuredData: Sendable, Equatable {
    struct Product: Sendable, Equatable {
        var name: String
        var url: String
    }

    struct Crumb: Sendable, Equatable {
        var name: String
        var url: String
    }

    var headline: String
    var description: String
    var inLanguage: String
    var url: String?
    var dateModified: String?
    var products: [Product]
    var breadcrumbs: [Crumb]

    /// `{"@context":"https://schema.org","@graph":[article, breadcrumbs]}` with every object's keys
    /// sorted as `JSONEncoder`'s `.sortedKeys` sorts them, and absent optionals left out.
    func json() -> ByteBuffer {
        var bytes = ByteBuffer(capacity: 512 + headline.utf8.count * 2 + description.utf8.count + products.count * 160)
        bytes.append(#"{"@context":"https://schema.org","@graph":[{"@type":"Article","about":{"@type":"ItemList","itemListElement":["#)
        for (index, product) in products.enumerated() {
            if index > 0 { bytes.append(",") }
            bytes.append(#"{"@type":"ListItem","item":{"@type":"Product","name":"#)
            JSONText.appendString(product.name, to: &bytes)
            bytes.append(#","url":"#)
            JSONText.appendString(product.url, to: &bytes)
            bytes.append(#"},"position":"#)
            JSONText.appendNumber(index + 1, to: &bytes)
            bytes.append("}")
        }
        bytes.append(#"],"name":"#)
        JSONText.appendString(headline, to: &bytes)
        bytes.append(#","numberOfItems":"#)
        JSONText.appendNumber(products.count, to: &bytes)
        bytes.append("},")
        if let dateModified {
            bytes.append(#""dateModified":"#)
            JSONText.appendString(dateModified, to: &bytes)
            bytes.append(",")
        }
        bytes.append(#""description":"#)
        JSONText.appendString(description, to: &bytes)
        bytes.append(#","headline":"#)
        JSONText.appendString(headline, to: &bytes)
        bytes.append(#","inLanguage":"#)
        JSONText.appendString(inLanguage, to: &bytes)
        if let url {
            bytes.append(#","url":"#)
            JSONText.appendString(url, to: &bytes)
        }
        bytes.append(#"},{"@type":"BreadcrumbList","itemListElement":["#)
        for (index, crumb) in breadcrumbs.enumerated() {
            if index > 0 { bytes.append(",") }
            bytes.append(#"{"@type":"ListItem","item":"#)
            JSONText.appendString(crumb.url, to: &bytes)
            bytes.append(#","name":"#)
            JSONText.appendString(crumb.name, to: &bytes)
            bytes.append(#","position":"#)
            JSONText.appendNumber(index + 1, to: &bytes)
            bytes.append("}")
        }
        bytes.append("]}]}")
        return bytes
    }

    // MARK: The definition, through JSONEncoder

    func encodedByJSONEncoder() -> Data {
        let products = products.enumerated().map { position, product in
            ListItem(position: position + 1, item: .thing(Thing(type: "Product", name: product.name, url: product.url)))
        }
        let article = Article(headline: headline, description: description, inLanguage: inLanguage, url: url,
                              dateModified: dateModified,
                              about: ItemList(name: headline, numberOfItems: products.count, itemListElement: products))
        let crumbs = BreadcrumbList(itemListElement: breadcrumbs.enumerated().map { index, crumb in
            ListItem(position: index + 1, name: crumb.name, item: .url(crumb.url))
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(Graph(article: article, breadcrumbs: crumbs))) ?? Data("{}".utf8)
    }

    private struct Thing: Encodable {
        var type: String
        var name: String
        var url: String?
        enum CodingKeys: String, CodingKey { case type = "@type", name, url }
    }

    private struct ListItem: Encodable {
        var type = "ListItem"
        var position: Int
        var name: String?
        var item: ItemValue?
        enum CodingKeys: String, CodingKey { case type = "@type", position, name, item }
    }

    /// A product (in the compared list) or a URL (in the breadcrumbs).
    private enum ItemValue: Encodable {
        case thing(Thing), url(String)
        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .thing(let thing): try container.encode(thing)
            case .url(let url): try container.encode(url)
            }
        }
    }

    private struct ItemList: Encodable {
        var type = "ItemList"
        var name: String
        var numberOfItems: Int
        var itemListElement: [ListItem]
        enum CodingKeys: String, CodingKey { case type = "@type", name, numberOfItems, itemListElement }
    }

    private struct Article: Encodable {
        var type = "Article"
        var headline: String
        var description: String
        var inLanguage: String
        var url: String?
        var dateModified: String?
        var about: ItemList
        enum CodingKeys: String, CodingKey { case type = "@type", headline, description, inLanguage, url, dateModified, about }
    }

    private struct BreadcrumbList: Encodable {
        var type = "BreadcrumbList"
        var itemListElement: [ListItem]
        enum CodingKeys: String, CodingKey { case type = "@type", itemListElement }
    }

    private struct Graph: Encodable {
        var context = "https://schema.org"
        var article: Article
        var breadcrumbs: BreadcrumbList
        enum CodingKeys: String, CodingKey { case context = "@context", graph = "@graph" }
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(context, forKey: .context)
            var graph = container.nestedUnkeyedContainer(forKey: .graph)
            try graph.encode(article)
            try graph.encode(breadcrumbs)
        }
    }
}
