import Foundation

/// Pages nested deeper than this are reported and parsed only up to the element that goes too deep.
/// Chromium's parser stops nesting at 512 elements (deeper elements become siblings), so a page past it does
/// not render as written anyway; and gumbo's tree construction is quadratic in depth (its scope checks walk the
/// stack of open elements): 100,000 nested `<div>`s took 66 s.
public let maximumNestingDepth = 512

/// Where a page first nests deeper than `limit`: the byte offset of the `<` of the start tag that does it.
///
/// A cheap, linear approximation of the tree builder, run before gumbo: start tags push, end tags pop to the
/// matching open element. It never counts more than gumbo would build: void elements, `/>` inside SVG and
/// MathML, and the elements whose end tags are optional (`p`, `li`, `td`...) are not counted, so a long list of
/// unclosed paragraphs is not deep. Comments, raw-text elements (`script`, `style`, `textarea`...) and quoted
/// attribute values are skipped as the tokenizer skips them, so a `<div>` written there is not counted.
func excessiveNestingOffset(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let count = bytes.count
    // Open counted elements: where their name starts, how long it is, and whether it is an SVG or MathML
    // element (`/>` closes those) that is not an integration point (HTML content goes on inside those).
    var open: [(start: Int, length: Int, isForeign: Bool, isIntegrationPoint: Bool)] = []
    open.reserveCapacity(64)
    // Globals are read through a lazy-initialisation check on every access; read them once per page.
    let (rawTextElements, uncountedElements, breakoutElements, integrationPoints)
        = (rawTextElements, uncountedElements, breakoutElements, integrationPoints)
    var index = 0

    func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }
    func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    func find(_ byte: UInt8, from: Int) -> Int? {
        guard from < count, let hit = memchr(base + from, Int32(byte), count - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
    /// The tag name at `start`, packed into 8 bytes when it is that short (exact, so no collisions), else 0.
    func packedName(_ start: Int, _ length: Int) -> UInt64 {
        guard length <= 8 else { return 0 }
        var packed: UInt64 = 0
        for offset in 0..<length { packed = packed << 8 | UInt64(lower(base[start + offset])) }
        return packed
    }
    func sameName(_ a: (start: Int, length: Int, isForeign: Bool, isIntegrationPoint: Bool), _ bStart: Int,
                  _ bLength: Int) -> Bool {
        guard a.length == bLength else { return false }
        for offset in 0..<bLength where lower(base[a.start + offset]) != lower(base[bStart + offset]) { return false }
        return true
    }
    /// Skips the attributes of a tag from `from`; returns the index after `>` (or `count`) and whether the tag
    /// ended with `/>`.
    func skipAttributes(from: Int) -> (end: Int, selfClosing: Bool) {
        var position = from
        var lastSignificant: UInt8 = 0
        while position < count {
            let byte = base[position]
            if byte == UInt8(ascii: ">") { return (position + 1, lastSignificant == UInt8(ascii: "/")) }
            if byte == UInt8(ascii: "=") {
                position += 1
                while position < count, isSpace(base[position]) { position += 1 }
                guard position < count else { break }
                let quote = base[position]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    guard let close = find(quote, from: position + 1) else { return (count, false) }
                    position = close + 1
                    lastSignificant = quote
                    continue
                }
                lastSignificant = UInt8(ascii: "=")
                continue
            }
            if !isSpace(byte) { lastSignificant = byte }
            position += 1
        }
        return (count, false)
    }
    /// The index after `</name ...>` for a raw-text element, or `count`.
    func skipRawText(nameStart: Int, nameLength: Int, from: Int) -> Int {
        var position = from
        while let lt = find(UInt8(ascii: "<"), from: position) {
            let nameAt = lt + 2
            if nameAt + nameLength <= count, base[lt + 1] == UInt8(ascii: "/"),
               sameName((nameStart, nameLength, false, false), nameAt, nameLength),
               nameAt + nameLength == count || !isLetter(base[nameAt + nameLength]) {
                return skipAttributes(from: nameAt + nameLength).end
            }
            position = lt + 1
        }
        return count
    }

    while let lt = find(UInt8(ascii: "<"), from: index) {
        index = lt + 1
        guard index < count else { break }
        let next = base[index]
        if next == UInt8(ascii: "!") {
            if index + 2 < count, base[index + 1] == UInt8(ascii: "-"), base[index + 2] == UInt8(ascii: "-") {
                // A comment ends at `-->` or `--!>`; `<!-->` is an empty comment.
                var position = index + 1
                var closed = false
                while let gt = find(UInt8(ascii: ">"), from: position) {
                    let dashes = gt >= 2 && base[gt - 1] == UInt8(ascii: "-") && base[gt - 2] == UInt8(ascii: "-")
                    let bang = gt >= 3 && base[gt - 1] == UInt8(ascii: "!") && base[gt - 2] == UInt8(ascii: "-")
                        && base[gt - 3] == UInt8(ascii: "-")
                    if (dashes || bang) && gt - (bang ? 3 : 2) >= index + 1 {
                        index = gt + 1
                        closed = true
                        break
                    }
                    position = gt + 1
                }
                if !closed { return nil }
            } else {
                index = (find(UInt8(ascii: ">"), from: index) ?? count - 1) + 1
            }
            continue
        }
        if next == UInt8(ascii: "?") {
            index = (find(UInt8(ascii: ">"), from: index) ?? count - 1) + 1
            continue
        }
        let isEnd = next == UInt8(ascii: "/")
        let nameStart = isEnd ? index + 1 : index
        guard nameStart < count, isLetter(base[nameStart]) else {
            if isEnd { index = (find(UInt8(ascii: ">"), from: index) ?? count - 1) + 1 }
            continue
        }
        var nameEnd = nameStart
        while nameEnd < count {
            let byte = base[nameEnd]
            if isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") { break }
            nameEnd += 1
        }
        let nameLength = nameEnd - nameStart
        let (tagEnd, selfClosing) = skipAttributes(from: nameEnd)
        index = tagEnd
        if isEnd {
            // Pops to the nearest open element of that name, as the tree builder's generic end-tag steps do.
            var depth = open.count - 1
            while depth >= 0, !sameName(open[depth], nameStart, nameLength) { depth -= 1 }
            if depth >= 0 { open.removeSubrange(depth...) }
            continue
        }
        let packed = packedName(nameStart, nameLength)
        if let current = open.last, current.isForeign, !current.isIntegrationPoint {
            // Inside SVG or MathML. An HTML tag such as <div> or <p> breaks out: the tree builder pops to the
            // nearest HTML element or integration point and goes on with HTML rules.
            if packed != 0, breakoutElements.contains(packed) {
                while let top = open.last, top.isForeign, !top.isIntegrationPoint { open.removeLast() }
            } else {
                if !selfClosing {
                    let isIntegrationPoint = (packed != 0 && integrationPoints.contains(packed))
                        || (nameLength == 13 && (0..<13).allSatisfy({ lower(base[nameStart + $0]) == foreignObjectBytes[$0] }))
                        || (nameLength == 14 && (0..<14).allSatisfy({ lower(base[nameStart + $0]) == annotationXMLBytes[$0] }))
                    open.append((nameStart, nameLength, true, isIntegrationPoint))
                    if open.count > limit { return lt }
                }
                continue
            }
        }
        // HTML rules from here: `/>` means nothing except on <svg/> and <math/>.
        if isForeignRoot(packed) {
            if !selfClosing {
                open.append((nameStart, nameLength, true, false))
                if open.count > limit { return lt }
            }
            continue
        }
        if packed != 0, rawTextElements.contains(packed) {
            index = skipRawText(nameStart: nameStart, nameLength: nameLength, from: tagEnd)
            continue
        }
        if nameLength == 9, (0..<9).allSatisfy({ lower(base[nameStart + $0]) == plaintextBytes[$0] }) {
            // Everything after <plaintext> is text.
            return nil
        }
        if packed != 0, uncountedElements.contains(packed) { continue }
        open.append((nameStart, nameLength, false, false))
        if open.count > limit { return lt }
    }
    return nil
}

/// The special names longer than 8 bytes.
private let plaintextBytes: [UInt8] = Array("plaintext".utf8)
private let foreignObjectBytes: [UInt8] = Array("foreignobject".utf8)
private let annotationXMLBytes: [UInt8] = Array("annotation-xml".utf8)

/// Start tags that end SVG or MathML content (HTML standard, "in foreign content").
private let breakoutElements = NameSet([
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2",
    "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre",
    "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
])

/// SVG and MathML elements whose content is HTML again (with foreignObject and annotation-xml, above).
private let integrationPoints = NameSet(["desc", "title", "mi", "mo", "mn", "ms", "mtext"])

private func pack(_ name: String) -> UInt64 { name.utf8.reduce(0) { $0 << 8 | UInt64($1) } }

private func isForeignRoot(_ packed: UInt64) -> Bool { packed == svgName || packed == mathName }
private let svgName = pack("svg")
private let mathName = pack("math")

/// The content of these is text up to their end tag.
private let rawTextElements = NameSet(
    ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"])

/// Void elements never hold children; the others close themselves when a sibling starts or their parent ends,
/// so counting them could only over-count.
private let uncountedElements = NameSet([
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "param", "keygen", "basefont", "bgsound", "frame", "image",
    "p", "li", "dt", "dd", "option", "optgroup", "rb", "rt", "rtc", "rp", "tr", "td", "th", "tbody", "thead",
    "tfoot", "colgroup", "caption", "html", "head", "body",
])

/// A fixed set of packed tag names, searched by bisection: this runs for every tag of every page, and a `Set`
/// hashes each lookup with SipHash.
private struct NameSet: Sendable {
    private let sorted: [UInt64]

    init(_ names: [String]) {
        sorted = names.map(pack).sorted()
    }

    func contains(_ packed: UInt64) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < packed { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == packed
    }
}
