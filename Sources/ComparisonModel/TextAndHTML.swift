#if canImport(Glibc)
import Glibc
#endif
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

    /// The value an archive wrote as `html` and `distinctTextIfStored`; `nil` when those cannot be one
    /// (no text, and HTML that is not one paragraph: a damaged archive).
    public init?(html: String, distinctTextIfStored: String?) {
        if let text = distinctTextIfStored {
            self.init(text: text, html: html)
            return
        }
        guard html.utf8.count >= Self.open.count + Self.close.count, html.hasPrefix("<p>"), html.hasSuffix("</p>\n") else { return nil }
        self.init(paragraph: html)
    }

    private init(paragraph html: String) {
        self.html = html
        distinctText = nil
    }

    public var text: String {
        if let distinctText { return distinctText }
        var html = html
        return html.withUTF8 { bytes in
            String(decoding: UnsafeBufferPointer(rebasing: bytes[Self.open.count..<(bytes.count - Self.close.count)]), as: UTF8.self)
        }
    }

    private static let open = Array("<p>".utf8), close = Array("</p>\n".utf8)

    /// Whether `html` is `<p>`, the bytes of `text`, `</p>\n` (compared as bytes: the same bytes read back).
    /// Read through `withUTF8` and compared with `memcmp`: the generic `elementsEqual` over two UTF-8
    /// views cost 2 % of a build's CPU, a call per entry and use case.
    static func isParagraph(of text: String, html: String) -> Bool {
        var html = html, text = text
        return html.withUTF8 { html in
            text.withUTF8 { text in
                guard html.count == open.count + text.count + close.count else { return false }
                let base = html.baseAddress!
                return memcmp(base, open, open.count) == 0
                    && memcmp(base + html.count - close.count, close, close.count) == 0
                    && (text.isEmpty || memcmp(base + open.count, text.baseAddress!, text.count) == 0)
            }
        }
    }
}

extension TextAndHTML {
    /// The text, when it is not the HTML's one paragraph (when it is, only the HTML is stored): with
    /// `html`, what an archive of the model writes (`ExtractionArchive`).
    public var distinctTextIfStored: String? { distinctText }

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
