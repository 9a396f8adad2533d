import MarkdownSyntax
import Mustache

/// HTML escaping for `{{ }}`, with the same replacements as swift-mustache's own (`< > & " '`) but
/// over UTF-8 bytes: the library's per-`Character` dictionary lookup took a quarter of the build time.
struct HTMLEscaping: MustacheContentType {
    static let name = "VERSUS_HTML"
    /// Put in front of every template so its `{{ }}` use this escaper. It sits on line 1 without a
    /// line break, so the template's own line numbers do not move.
    static let pragma = "{{% CONTENT_TYPE: \(name) }}"

    /// Registers the content type with swift-mustache; templates name it when they are parsed.
    static let registered: Void = {
        MustacheContentTypes.register(HTMLEscaping(), named: name)
    }()

    func escapeText(_ text: String) -> String {
        HTMLEscaping.escape(text)
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var output = ByteBuffer(capacity: text.utf8.count + 32)
        append(text, to: &output)
        return output.string
    }

    /// The same escaping, appended straight to a page being rendered.
    static func append(_ text: String, to output: inout ByteBuffer) {
        HTMLText.appendEscaped(text, to: &output, apostrophe: true)
    }
}

/// swift-mustache prints a value it does not know through `String(describing:)` after several dynamic
/// casts; declaring the plain values our views hold as renderable lets it take the short path.
/// The text is still escaped by the content type, exactly as before.
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { false }
}

extension Int: @retroactive MustacheCustomRenderable {
    public var renderText: String { String(self) }
    public var isNull: Bool { false }
}
