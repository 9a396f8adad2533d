import TextPrimitives

/// The HTML cmark writes for the commonest fragments, written without cmark: one paragraph (or one
/// title) of text, emphasis, strong emphasis, code spans and breaks. cmark's markup for those is fixed,
/// so building, rendering and freeing a C tree for each would only escape the text. Everything else is
/// `nil`, left to `HTMLFragmentRenderer`'s cmark path. The contract is byte equality with that path,
/// which `FragmentFastPathTests` and `InlineFastPathTests` check on random trees and awkward text.
enum CmarkShortcut {
    /// `<p>…</p>\n` for one paragraph of simple inlines, else `nil`.
    static func html(blocks: [MarkdownNode]) -> String? {
        // One paragraph of plain text (most entries and use cases): cmark would only escape it.
        if let text = plainTextParagraph(blocks), let escaped = escapedPlainText(text) {
            return "<p>" + escaped + "</p>\n"
        }
        // One paragraph of text with emphasis and code spans (most of the rest).
        guard blocks.count == 1, blocks[0].kind == .paragraph else { return nil }
        var output = ByteBuffer(capacity: 256)
        output.append("<p>")
        guard appendSimpleInlines(blocks[0].children, to: &output) else { return nil }
        output.append("</p>\n")
        return output.string
    }

    /// `html(blocks:)` and the blocks' plain text (`MarkdownNode.plainText`) from one walk, else `nil`.
    static func htmlWithPlainText(blocks: [MarkdownNode]) -> (html: String, text: String)? {
        if let text = plainTextParagraph(blocks), let escaped = escapedPlainText(text) {
            return ("<p>" + escaped + "</p>\n", text.collapsingWhitespace())
        }
        guard blocks.count == 1, blocks[0].kind == .paragraph else { return nil }
        var output = ByteBuffer(capacity: 256)
        var text = CollapsedText()
        output.append("<p>")
        guard appendSimpleInlines(blocks[0].children, to: &output, text: &text, collectingText: true) else { return nil }
        output.append("</p>\n")
        return (output.string, text.string)
    }

    /// The HTML of inline nodes without a paragraph, for one run of plain text (most titles), else `nil`.
    static func html(inlines: [MarkdownNode]) -> String? {
        guard inlines.count == 1, case .text(let text) = inlines[0].kind else { return nil }
        return escapedPlainText(text)
    }

    /// The text of `blocks` when they are one paragraph holding one run of text, else `nil`.
    private static func plainTextParagraph(_ blocks: [MarkdownNode]) -> String? {
        guard blocks.count == 1, blocks[0].kind == .paragraph, blocks[0].children.count == 1,
              case .text(let text) = blocks[0].children[0].kind, blocks[0].children[0].children.isEmpty else { return nil }
        return text
    }

    static func appendSimpleInlines(_ nodes: [MarkdownNode], to output: inout ByteBuffer) -> Bool {
        var unused = CollapsedText(capacity: 0)
        return appendSimpleInlines(nodes, to: &output, text: &unused, collectingText: false)
    }

    /// cmark's HTML for text, emphasis, strong emphasis, code spans and breaks, exactly as
    /// `cmark_render_html` writes them; `false` (output unusable) for any other node, or for text
    /// with control characters, which cmark's C strings would treat differently.
    /// With `collectingText`, the plain text goes to `text` on the way, as `MarkdownNode.plainText` reads it.
    static func appendSimpleInlines(_ nodes: [MarkdownNode], to output: inout ByteBuffer, text plain: inout CollapsedText,
                                    collectingText: Bool) -> Bool {
        for node in nodes {
            switch node.kind {
            case .text(let text):
                guard node.children.isEmpty, !Self.hasControlCharacters(text) else { return false }
                HTMLText.appendEscaped(text, to: &output, apostrophe: false)
                if collectingText { plain.append(text) }
            case .code(let text):
                guard node.children.isEmpty, !Self.hasControlCharacters(text) else { return false }
                output.append("<code>")
                HTMLText.appendEscaped(text, to: &output, apostrophe: false)
                output.append("</code>")
                if collectingText { plain.append(text) }
            case .emphasis:
                output.append("<em>")
                guard appendSimpleInlines(node.children, to: &output, text: &plain, collectingText: collectingText) else { return false }
                output.append("</em>")
            case .strong:
                output.append("<strong>")
                guard appendSimpleInlines(node.children, to: &output, text: &plain, collectingText: collectingText) else { return false }
                output.append("</strong>")
            case .softBreak:
                output.append("\n")
                if collectingText { plain.appendSpace() }
            case .lineBreak:
                output.append("<br />\n")
                if collectingText { plain.appendSpace() }
            default:
                return false
            }
        }
        return true
    }

    private static func hasControlCharacters(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }

    /// cmark's escaping of a text node; `nil` for text it might treat differently (control
    /// characters, leading or trailing white space, which a paragraph would trim), left to cmark.
    static func escapedPlainText(_ text: String) -> String? {
        enum Scan { case leftToCmark, clean, needsEscaping }
        var copy = text
        let scan = copy.withUTF8 { bytes -> Scan in
            guard let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20 else { return .leftToCmark }
            var result = Scan.clean
            var index = 0
            // Eight bytes at a time while none is a control character or needs escaping.
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if ByteScan.containsByte(word, below: 0x20) || ByteScan.contains(word, 0x7F) || ByteScan.contains(word, 0x26)
                    || ByteScan.contains(word, 0x3C) || ByteScan.contains(word, 0x3E) || ByteScan.contains(word, 0x22) {
                    break
                }
                index += 8
            }
            for byte in bytes[index...] {
                if byte < 0x20 || byte == 0x7F { return .leftToCmark }
                if byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 { result = .needsEscaping }
            }
            return result
        }
        switch scan {
        case .leftToCmark: return nil
        case .clean: return text
        case .needsEscaping:
            var output = ByteBuffer(capacity: text.utf8.count + 32)
            HTMLText.appendEscaped(text, to: &output, apostrophe: false)
            return output.string
        }
    }
}
