/// A piece of a document as a page shows it (`html`, written by cmark) and as it reads (`text`, plain).
///
/// The model holds every entry and use case of the site until the last page is written, and for most
/// of them the HTML is one paragraph of exactly the text (`<p>…</p>\n`: no markup, nothing escaped).
/// Those keep only the HTML and read the text out of it; 7 entries in 10 of a typical site, a tenth of
/// the model. The representation is canonical (the text is stored exactly when it cannot be read out
/// of the HTML), so equality and hashing are those of the two strings.
public struct TextAndHTML: Sendable, Hashable {
    public let html: String
    /// The text when the HTML is not one paragraph of it.
    private let distinctText: String?

    public init(text: String, html: String) {
        self.html = html
        distinctText = Self.isParagraph(of: text, html: html) ? nil : text
    }

    public var text: String {
        distinctText ?? String(decoding: html.utf8.dropFirst(Self.open.count).dropLast(Self.close.count), as: UTF8.self)
    }

    private static let open = Array("<p>".utf8), close = Array("</p>\n".utf8)

    /// Whether `html` is `<p>`, the bytes of `text`, `</p>\n` (compared as bytes: the same bytes read back).
    static func isParagraph(of text: String, html: String) -> Bool {
        let bytes = html.utf8
        guard bytes.count == open.count + text.utf8.count + close.count,
              bytes.starts(with: open), bytes.reversed().starts(with: close.reversed()) else { return false }
        return bytes.dropFirst(open.count).dropLast(close.count).elementsEqual(text.utf8)
    }
}

/// A model value whose `body` is a `TextAndHTML`, read and written as its two strings.
public protocol HasTextAndHTML {
    var body: TextAndHTML { get set }
}

extension HasTextAndHTML {
    /// Plain text: markup removed, whitespace collapsed.
    public var text: String {
        get { body.text }
        set { body = TextAndHTML(text: newValue, html: body.html) }
    }

    /// As cmark renders it (the page's HTML when the document links nowhere within the site).
    public var html: String {
        get { body.html }
        set { body = TextAndHTML(text: body.text, html: newValue) }
    }
}
