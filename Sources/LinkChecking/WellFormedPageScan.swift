// The fast path of page parsing. gumbo builds the whole tree of every page, which made checking a site
// take nearly three times as long as building it. But a page whose tree is exactly its tags (every
// element closed by its own end tag, nothing the HTML parser would move, clone, reopen or drop) needs
// no tree construction: its elements and attributes can be read in one pass over the bytes.
//
// This scanner reads such pages and gives up (`nil`) at the first thing that is not plainly one: an
// element it does not know, an optional end tag left out, a block inside `<p>`, text the parser would
// move out of a table, a character reference other than the five escapes, a tab or carriage return
// (gumbo's columns for those are its own), foreign content, templates, forms, and more. Those pages go
// to gumbo. The contract is that whatever it returns equals gumbo's result for the same bytes
// (`WellFormedScanTests`: random well-formed and broken pages, and every page of a built site).

import Foundation
import TextPrimitives

/// `PageLinks` for a page that is plainly well formed, or `nil` when gumbo must parse it.
func scanWellFormedPage(_ bytes: UnsafeBufferPointer<UInt8>, page: String) -> PageLinks? {
    var scanner = WellFormedPageScanner(bytes: bytes, page: page)
    return scanner.scan()
}

private struct OpenElement {
    var name: ScannedTag
    /// The element's index in `KnownNames.tags`: end tags are matched by it, not by comparing names.
    var id: Int
    var ignored: Bool
}

/// A name of at most 24 ASCII bytes, lower-cased and packed into three words, so tags and attribute
/// names are looked up without making a `String` (that was a fifth of the scanner's time).
private struct PackedName: Comparable {
    var first: UInt64 = 0
    var second: UInt64 = 0
    var third: UInt64 = 0

    init?<Bytes: Collection>(_ name: Bytes) where Bytes.Element == UInt8 {
        guard !name.isEmpty, name.count <= 24 else { return nil }
        for (offset, byte) in name.enumerated() {
            let shifted = UInt64(asciiLowercased(byte)) << UInt64(8 * (7 - offset % 8))
            switch offset / 8 {
            case 0: first |= shifted
            case 1: second |= shifted
            default: third |= shifted
            }
        }
    }

    static func < (left: PackedName, right: PackedName) -> Bool {
        (left.first, left.second, left.third) < (right.first, right.second, right.third)
    }
}

/// Sorted tables of the names the scanner knows, searched by bisection.
private enum KnownNames {
    static let tagNames = [
        "html", "head", "body", "title", "meta", "link", "base", "style", "script", "p", "pre", "a", "map", "table",
        "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
        "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure",
        "footer", "header", "hgroup", "main", "nav", "ol", "section", "summary", "ul",
        "b", "big", "code", "em", "font", "i", "s", "small", "strike", "strong", "tt", "u",
        "abbr", "bdi", "bdo", "cite", "data", "del", "dfn", "ins", "kbd", "label", "mark", "picture", "q", "samp",
        "span", "sub", "sup", "time", "var", "video", "audio",
        "br", "img", "hr", "wbr", "area", "source", "embed", "track",
        "form", "button", "input",
    ]
    static let tags: [(key: PackedName, name: String, tag: ScannedTag)] = tagNames
        .map { (PackedName($0.utf8)!, $0, ScannedTag($0)!) }
        .sorted { $0.key < $1.key }
    static let attributes: [(key: PackedName, kind: RecordedAttribute)] = RecordedAttribute.allCases
        .map { (PackedName($0.name.utf8)!, $0) }
        .sorted { $0.key < $1.key }

    static func index<Entry>(of key: PackedName, in table: [Entry], by entryKey: (Entry) -> PackedName) -> Int? {
        var low = 0, high = table.count
        while low < high {
            let middle = (low + high) / 2
            let found = entryKey(table[middle])
            if found == key { return middle }
            if found < key { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    static func tag(_ key: PackedName) -> Int? { index(of: key, in: tags, by: \.key) }
    static func attribute(_ key: PackedName) -> RecordedAttribute? { index(of: key, in: attributes, by: \.key).map { attributes[$0].kind } }
}

/// The elements the scanner accepts, with what the tree construction rules say of each.
private enum ScannedTag: Equatable {
    case html, head, body, title, meta, link, base, style, script
    case block(String) // address, article, div, ul, h1...: close an open <p> (so none may be open)
    case heading(String)
    case listItem(String) // li, dd, dt
    case paragraph
    case pre
    case phrasing(String) // span, em, code...: no rule of their own
    case formatting(String) // b, em, code...: on the list of active formatting elements
    case anchor
    case void(String) // br, img, hr...: no end tag
    case table, caption, tableSection(String), tableRow, tableCell(String)
    case map
    case form, button // each with a rule of its own: never nested (a second is dropped or closes the first)

    var linkElement: LinkElement {
        switch self {
        case .meta: .meta
        case .link: .link
        case .base: .base
        case .script: .script
        case .anchor: .a
        case .map: .map
        case .form: .form
        case .button: .button
        case .void(let name):
            switch name {
            case "img": .img
            case "area": .area
            case "source": .source
            case "embed": .embed
            case "track": .track
            case "input": .input
            default: .other
            }
        case .phrasing(let name):
            switch name {
            case "video": .video
            case "audio": .audio
            default: .other
            }
        default: .other
        }
    }

    var isVoid: Bool {
        switch self {
        case .meta, .link, .base, .void: true
        default: false
        }
    }

    /// Whether a start tag of this element closes an open `<p>` (the HTML standard's "in body" rules).
    var closesParagraph: Bool {
        switch self {
        case .block, .heading, .listItem, .paragraph, .pre, .table, .form: true
        case .void(let name): name == "hr"
        default: false
        }
    }

    /// The standard's "special" category, which stops the search for an open list item.
    var isSpecial: Bool {
        switch self {
        case .phrasing, .formatting, .anchor, .map: false
        default: true
        }
    }

    var tableRole: Bool {
        switch self {
        case .table, .tableSection, .tableRow: true
        default: false
        }
    }

    init?(_ name: String) {
        switch name {
        case "html": self = .html
        case "head": self = .head
        case "body": self = .body
        case "title": self = .title
        case "meta": self = .meta
        case "link": self = .link
        case "base": self = .base
        case "style": self = .style
        case "script": self = .script
        case "p": self = .paragraph
        case "pre": self = .pre
        case "a": self = .anchor
        case "map": self = .map
        case "table": self = .table
        case "caption": self = .caption
        case "thead", "tbody", "tfoot": self = .tableSection(name)
        case "tr": self = .tableRow
        case "td", "th": self = .tableCell(name)
        case "li", "dd", "dt": self = .listItem(name)
        case "h1", "h2", "h3", "h4", "h5", "h6": self = .heading(name)
        case "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure",
             "footer", "header", "hgroup", "main", "nav", "ol", "section", "summary", "ul":
            self = .block(name)
        case "b", "big", "code", "em", "font", "i", "s", "small", "strike", "strong", "tt", "u":
            self = .formatting(name)
        case "abbr", "bdi", "bdo", "cite", "data", "del", "dfn", "ins", "kbd", "label", "mark", "picture", "q", "samp",
             "span", "sub", "sup", "time", "var", "video", "audio":
            self = .phrasing(name)
        case "br", "img", "hr", "wbr", "area", "source", "embed", "track", "input":
            self = .void(name)
        case "form": self = .form
        case "button": self = .button
        default:
            return nil
        }
    }
}

private struct WellFormedPageScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var result: PageLinks
    var index = 0
    var stack: [OpenElement] = []
    var maps: [String] = []
    /// The attribute names of the tag being read, for dropping repeats; kept between tags for its storage.
    var seenNames: [PackedName] = []
    /// Where the document is: before `<html>`, in `<head>`, between `</head>` and `<body>`, in the body,
    /// after `</body>`, after `</html>`.
    enum Phase { case beforeHTML, beforeHead, inHead, afterHead, inBody, afterBody, afterHTML }
    var phase = Phase.beforeHTML
    // Line and column of `cursor`, moved forward only: positions are asked for in document order.
    var cursor = 0
    var line = 1
    var column = 1

    init(bytes: UnsafeBufferPointer<UInt8>, page: String) {
        self.bytes = bytes
        result = PageLinks(page: page)
    }

    mutating func scan() -> PageLinks? {
        // Carriage returns are normalised by the parser and tabs move gumbo's column to a tab stop; other
        // control characters and a byte-order mark are rare enough to leave to gumbo.
        if hasControlCharacterOtherThanNewline() { return nil }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return nil }
        guard scanDoctype() else { return nil }
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                guard index + 1 < count else { return nil }
                let next = bytes[index + 1]
                if next == UInt8(ascii: "!") {
                    guard skipComment() else { return nil }
                } else if next == UInt8(ascii: "/") {
                    guard endTag() else { return nil }
                } else if isASCIILetter(next) {
                    guard startTag() else { return nil }
                } else if next == UInt8(ascii: "?") {
                    // `<?` opens a bogus comment that runs to the next `>`, tags inside it included.
                    return nil
                } else {
                    // `<` then anything else is text.
                    guard text(from: index, to: index + 1) else { return nil }
                    index += 1
                }
            } else {
                let end = nextLessThan(from: index + 1)
                guard text(from: index, to: end) else { return nil }
                index = end
            }
        }
        // Every element closed, the document ended where a parser would end it.
        guard phase == .afterHTML || phase == .afterBody, stack.isEmpty else { return nil }
        result.mapNames = Set(maps)
        return result
    }

    // MARK: Document structure

    mutating func scanDoctype() -> Bool {
        let doctype = Array("<!doctype html>".utf8)
        guard bytes.count >= doctype.count else { return false }
        for offset in 0..<doctype.count where asciiLowercased(bytes[offset]) != doctype[offset] { return false }
        index = doctype.count
        return true
    }

    /// Text is only white space outside the body and directly in table structure (where the parser
    /// would move anything else out of the table).
    mutating func text(from start: Int, to end: Int) -> Bool {
        if phase == .inBody && !(stack.last?.name.tableRole ?? false) { return true }
        for offset in start..<end where !isHTMLWhitespace(bytes[offset]) { return false }
        return true
    }

    mutating func skipComment() -> Bool {
        // `<!--` and a comment that is not `<!-->` or `<!--->`, ended by the first `-->` with no `--!>` before it.
        guard bytes.count - index >= 4, bytes[index + 2] == UInt8(ascii: "-"), bytes[index + 3] == UInt8(ascii: "-") else {
            return false
        }
        var position = index + 4
        if matches(">", at: position) || matches("->", at: position) { return false }
        while position + 2 < bytes.count {
            if bytes[position] == UInt8(ascii: "-") && bytes[position + 1] == UInt8(ascii: "-") {
                if bytes[position + 2] == UInt8(ascii: ">") {
                    index = position + 3
                    return true
                }
                if bytes[position + 2] == UInt8(ascii: "!") { return false }
            }
            position += 1
        }
        return false
    }

    // MARK: Tags

    mutating func startTag() -> Bool {
        let nameStart = index + 1
        var position = nameStart
        while position < bytes.count, !isHTMLWhitespace(bytes[position]), bytes[position] != UInt8(ascii: "/"),
              bytes[position] != UInt8(ascii: ">") {
            position += 1
        }
        guard let key = PackedName(UnsafeBufferPointer(rebasing: bytes[nameStart..<position])),
              let id = KnownNames.tag(key) else { return false }
        let (name, tag) = (KnownNames.tags[id].name, KnownNames.tags[id].tag)
        index = position
        guard let (attributes, selfClosing) = readAttributes() else { return false }
        if selfClosing && !tag.isVoid { return false }
        guard place(tag) else { return false }
        // Deeper than the checker's limit: the nesting screen and gumbo take the page (and report it). A page
        // this scanner accepts is thereby never deeper than the screen counts, so the screen need not run first.
        if !tag.isVoid && stack.count >= maximumNestingDepth { return false }

        let inheritedIgnore = stack.last?.ignored ?? false
        var ignored = inheritedIgnore
        let element = tag.linkElement
        if element != .other || !attributes.isEmpty {
            ignored = recordElement(element, isHTML: true, attributes: attributes, ignored: inheritedIgnore,
                                    maps: &maps, into: &result)
        }
        if !tag.isVoid { stack.append(OpenElement(name: tag, id: id, ignored: ignored)) }

        // Raw text: the element's content is text up to its end tag.
        switch tag {
        case .title, .style: return skipRawText(until: name)
        case .script: return skipRawText(until: name, refusingCommentOpeners: true)
        default: return true
        }
    }

    /// Checks that the element goes where the parser would put it, unchanged, and moves the phase on.
    mutating func place(_ tag: ScannedTag) -> Bool {
        switch phase {
        case .beforeHTML:
            guard tag == .html else { return false }
            phase = .beforeHead
            return true
        case .beforeHead:
            guard tag == .head else { return false }
            phase = .inHead
            return true
        case .inHead:
            switch tag {
            case .title, .meta, .link, .base, .style, .script: return stack.last?.name == .head
            default: return false
            }
        case .afterHead:
            guard tag == .body else { return false }
            phase = .inBody
            return true
        case .afterBody, .afterHTML:
            return false
        case .inBody:
            break
        }
        switch tag {
        case .html, .head, .body: return false
        default: break
        }
        guard let current = stack.last?.name else { return false }
        // Table structure: each part directly in the one above it, and nothing else directly in them.
        switch tag {
        case .caption, .tableSection: return current == .table
        case .tableRow:
            switch current {
            case .table, .tableSection: return true
            default: return false
            }
        case .tableCell: return current == .tableRow
        default:
            if current.tableRole { return false }
        }
        if tag.closesParagraph && stack.contains(where: { $0.name == .paragraph }) { return false }
        switch tag {
        case .listItem(let name):
            // An open item of the same kind would be closed; look down to the nearest special element.
            for open in stack.reversed() {
                if case .listItem(let other) = open.name {
                    if other == name || (name != "li" && other != "li") { return false }
                    break
                }
                if open.name.isSpecial && open.name != .block("address") && open.name != .block("div") { break }
            }
        case .heading:
            if case .heading = current { return false }
        case .anchor:
            // A second `<a>` runs the adoption agency: the first is closed and may be cloned.
            if stack.contains(where: { $0.name == .anchor }) { return false }
        case .form, .button:
            // A form inside a form is dropped (the form element pointer is set); a button inside a button
            // closes the first. Neither is a page's tree as written.
            if stack.contains(where: { $0.name == tag }) { return false }
        default:
            break
        }
        return true
    }

    mutating func endTag() -> Bool {
        let nameStart = index + 2
        guard nameStart < bytes.count, isASCIILetter(bytes[nameStart]) else { return false }
        var position = nameStart
        while position < bytes.count, !isHTMLWhitespace(bytes[position]), bytes[position] != UInt8(ascii: "/"),
              bytes[position] != UInt8(ascii: ">") {
            position += 1
        }
        // Only `</name>`: an end tag with attributes or white space is left to gumbo.
        guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else { return false }
        index = position + 1
        guard let key = PackedName(UnsafeBufferPointer(rebasing: bytes[nameStart..<position])),
              let id = KnownNames.tag(key) else { return false }
        let tag = KnownNames.tags[id].tag
        guard !tag.isVoid else { return false }
        switch phase {
        case .inHead:
            guard stack.last?.id == id else { return false }
            stack.removeLast()
            if tag == .head { phase = .afterHead }
            return true
        case .inBody:
            guard stack.last?.id == id else { return false }
            stack.removeLast()
            if tag == .body { phase = .afterBody }
            return true
        case .afterBody:
            guard tag == .html, stack.last?.name == .html else { return false }
            stack.removeLast()
            phase = .afterHTML
            return true
        default:
            return false
        }
    }

    /// Attributes up to the tag's `>`: the recorded ones with their positions, whether the tag ends `/>`.
    mutating func readAttributes() -> (attributes: [ElementAttribute], selfClosing: Bool)? {
        var attributes: [ElementAttribute] = []
        seenNames.removeAll(keepingCapacity: true)
        var seenLongNames: [String] = []
        let count = bytes.count
        while true {
            while index < count && isHTMLWhitespace(bytes[index]) { index += 1 }
            guard index < count else { return nil }
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                index += 1
                return (attributes, false)
            }
            if byte == UInt8(ascii: "/") {
                guard index + 1 < count, bytes[index + 1] == UInt8(ascii: ">") else { return nil }
                index += 2
                return (attributes, true)
            }
            // The name: up to white space, `/`, `>` or `=`; characters the standard calls errors are left to gumbo.
            let nameStart = index
            while index < count {
                let byte = bytes[index]
                if isHTMLWhitespace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "=") { break }
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "<") || byte >= 0x80 { return nil }
                index += 1
            }
            guard index > nameStart else { return nil }
            let nameBytes = UnsafeBufferPointer(rebasing: bytes[nameStart..<index])
            while index < count && isHTMLWhitespace(bytes[index]) { index += 1 }
            guard index < count else { return nil }
            var value: String?
            var valueStart = nameStart
            if bytes[index] == UInt8(ascii: "=") {
                index += 1
                while index < count && isHTMLWhitespace(bytes[index]) { index += 1 }
                guard index < count else { return nil }
                let quote = bytes[index]
                guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
                valueStart = index
                let contentStart = index + 1
                var end = contentStart
                while end < count && bytes[end] != quote { end += 1 }
                guard end < count else { return nil }
                guard let decoded = decodeAttributeValue(contentStart, end) else { return nil }
                value = decoded
                index = end + 1
                // A quoted value is followed by white space, `/` or `>`.
                guard index < count, isHTMLWhitespace(bytes[index]) || bytes[index] == UInt8(ascii: "/")
                        || bytes[index] == UInt8(ascii: ">") else { return nil }
            }
            // A repeated attribute is dropped by the parser; the first stays.
            guard let key = PackedName(nameBytes) else {
                // Longer than any name the checker reads: only repeats matter.
                let name = String(decoding: nameBytes.map(asciiLowercased), as: UTF8.self)
                if !seenLongNames.contains(name) { seenLongNames.append(name) }
                continue
            }
            if seenNames.contains(key) { continue }
            seenNames.append(key)
            if let kind = KnownNames.attribute(key) {
                let (line, column) = position(of: valueStart)
                attributes.append(ElementAttribute(kind: kind, value: value ?? "", line: line, column: column))
            }
        }
    }

    /// The value with the five escapes the templates write decoded; `nil` for any other `&`.
    func decodeAttributeValue(_ start: Int, _ end: Int) -> String? {
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(slice.count)
        var position = start
        while position < end {
            let byte = bytes[position]
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                position += 1
                continue
            }
            let escapes: [(String, UInt8)] = [("&amp;", 0x26), ("&lt;", 0x3C), ("&gt;", 0x3E), ("&quot;", 0x22), ("&#39;", 0x27)]
            guard let (escape, replacement) = escapes.first(where: { matches($0.0, at: position) && position + $0.0.utf8.count <= end }) else {
                return nil
            }
            output.append(replacement)
            position += escape.utf8.count
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Skips the content of `<title>`, `<style>` or `<script>` to its end tag, which it consumes.
    /// A script holding `<!--` is left to gumbo: the standard's escaped states then decide where it ends.
    mutating func skipRawText(until name: String, refusingCommentOpeners: Bool = false) -> Bool {
        let closing = Array("</\(name)".utf8)
        var position = index
        while position + closing.count < bytes.count {
            if bytes[position] == UInt8(ascii: "<") {
                if refusingCommentOpeners && matches("<!--", at: position) { return false }
                var isEnd = true
                for offset in 0..<closing.count where asciiLowercased(bytes[position + offset]) != closing[offset] {
                    isEnd = false
                    break
                }
                if isEnd {
                    // Only `</name>` exactly, as `endTag` reads it.
                    guard bytes[position + closing.count] == UInt8(ascii: ">") else { return false }
                    index = position
                    return endTag()
                }
            }
            position += 1
        }
        return false
    }

    // MARK: Bytes

    /// Line and column of a byte offset, as gumbo counts them: lines from 1, columns from 1 in characters.
    /// Eight bytes at a time where they are ASCII without a newline (most of a page): each is a column.
    mutating func position(of offset: Int) -> (Int, Int) {
        while cursor < offset {
            if cursor + 8 <= offset, let base = bytes.baseAddress {
                let word = UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 && !ByteScan.contains(word, 0x0A) {
                    column += 8
                    cursor += 8
                    continue
                }
            }
            let byte = bytes[cursor]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            cursor += 1
        }
        return (line, column)
    }

    func matches(_ text: StaticString, at position: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let pointer = text.utf8Start
        for offset in 0..<count where bytes[position + offset] != pointer[offset] { return false }
        return true
    }

    func matches(_ text: String, at position: Int) -> Bool {
        var offset = position
        for byte in text.utf8 {
            guard offset < bytes.count, bytes[offset] == byte else { return false }
            offset += 1
        }
        return true
    }

    /// The offset of the next `<` from `start`, or the end.
    func nextLessThan(from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress else { return bytes.count }
        guard let found = memchr(base + start, Int32(UInt8(ascii: "<")), bytes.count - start) else { return bytes.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Eight bytes at a time: most words hold no control character, and newlines are checked one by one.
    func hasControlCharacterOtherThanNewline() -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            if ByteScan.containsByte(word, below: 0x20) {
                for byte in bytes[offset..<offset + 8] where byte < 0x20 && byte != 0x0A { return true }
            }
            offset += 8
        }
        for byte in bytes[offset...] where byte < 0x20 && byte != 0x0A { return true }
        return false
    }
}

private func isASCIILetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
}

private func asciiLowercased(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
}

private func isHTMLWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0C || byte == 0x0D
}
