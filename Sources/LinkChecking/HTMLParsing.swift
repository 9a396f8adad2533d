import CGumbo
import Diagnostics
import Foundation

// The only file that sees gumbo. It copies what the checker needs (ids, references, <base>) out of the C tree
// into Swift values, and the tree is freed when `GumboDocument` goes away, before `parsePage` returns.

/// Parses one page and returns its anchors and references. `page` is the site-relative path used in reports.
func parsePage(_ bytes: [UInt8], page: String) -> PageLinks {
    if bytes.contains(0) {
        return PageLinks(page: page, unreadableReason: "holds NUL bytes, so it is binary, not HTML")
    }
    guard String(validating: bytes, as: UTF8.self) != nil else {
        return PageLinks(page: page, unreadableReason: "is not valid UTF-8")
    }
    return bytes.withUnsafeBufferPointer { buffer in
        // Screened before gumbo, whose tree construction is quadratic in depth: a page nested too deep is
        // parsed only up to the start tag that goes too deep, and reported there.
        guard let tooDeep = excessiveNestingOffset(buffer, limit: maximumNestingDepth) else {
            return GumboDocument(input: buffer).extractLinks(page: page)
        }
        var result = GumboDocument(input: UnsafeBufferPointer(rebasing: buffer[..<tooDeep])).extractLinks(page: page)
        result.tooDeep = sourcePosition(ofOffset: tooDeep, in: buffer)
        return result
    }
}

/// Line and column of a byte offset, from 1. The column counts UTF-8 bytes, as the project's diagnostics do;
/// gumbo's own attribute columns count characters, so the two differ on lines with non-ASCII text before them.
private func sourcePosition(ofOffset offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
    var line = 1
    var lineStart = 0
    for index in 0..<offset where bytes[index] == 0x0A {
        line += 1
        lineStart = index + 1
    }
    return SourcePosition(line: line, column: offset - lineStart + 1)
}

/// Every `id` and `a[name]` of an HTML document, for checking fragments of external pages.
func anchorNames(inHTML bytes: [UInt8]) -> Set<String> {
    bytes.withUnsafeBufferPointer { buffer in
        // Screened like a page of the site: a hostile server must not stall the check with deep nesting.
        let end = excessiveNestingOffset(buffer, limit: maximumNestingDepth) ?? buffer.count
        return Set(GumboDocument(input: UnsafeBufferPointer(rebasing: buffer[..<end])).extractLinks(page: "")
            .anchors.map(\.name))
    }
}

/// Owns one `GumboOutput` and frees it exactly once, in `deinit`. Never leaves this file, so no C pointer
/// outlives it. Gumbo's `original_*` string pieces point into the input, so callers create it inside
/// `withUnsafeBufferPointer` and drop it before the closure returns.
private final class GumboDocument {
    private var options: GumboOptions
    private let output: UnsafeMutablePointer<GumboOutput>?
    private let arena: UnsafeMutablePointer<Arena>

    init(input: UnsafeBufferPointer<UInt8>) {
        arena = UnsafeMutablePointer<Arena>.allocate(capacity: 1)
        arena.initialize(to: Arena())
        var options = kGumboDefaultOptions
        // Parse errors are never reported by the checker; not recording them saves time and memory.
        options.max_errors = 0
        // Gumbo makes many small allocations; a bump allocator per document, freed in one sweep, removed a
        // quarter of the run time (malloc and free, and their lock contention between the two parsing threads).
        options.allocator = { userdata, size in
            guard let userdata else { return malloc(size) }
            return userdata.assumingMemoryBound(to: Arena.self).pointee.allocate(size)
        }
        options.deallocator = { _, _ in }
        options.userdata = UnsafeMutableRawPointer(arena)
        self.options = options
        let count = input.count
        output = input.withMemoryRebound(to: CChar.self) { chars in
            gumbo_parse_with_options(&options, chars.baseAddress, count)
        }
    }

    deinit {
        if let output {
            gumbo_destroy_output(&options, output)
        }
        arena.pointee.freeAll()
        arena.deinitialize(count: 1)
        arena.deallocate()
    }

    func extractLinks(page: String) -> PageLinks {
        var result = PageLinks(page: page)
        guard let output, let root = output.pointee.document else { return result }
        // An explicit stack, not recursion: deep nesting must not overflow the thread's stack. Each entry carries
        // whether an ancestor has an ignore attribute.
        var stack: [(node: UnsafeMutablePointer<GumboNode>, ignored: Bool)] = [(root, false)]
        var maps: [String] = []
        while let (node, inheritedIgnore) = stack.popLast() {
            let type = node.pointee.type
            let children: GumboVector
            var ignored = inheritedIgnore
            switch type {
            case GUMBO_NODE_DOCUMENT:
                children = node.pointee.v.document.children
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                ignored = visitElement(node, ignored: inheritedIgnore, maps: &maps, into: &result)
                children = node.pointee.v.element.children
            default:
                // Text, comments, CDATA: a URL written there is not a link.
                continue
            }
            // Reversed so the stack pops children in document order.
            var index = Int(children.length) - 1
            while index >= 0 {
                if let child = children.data[index] {
                    stack.append((child.assumingMemoryBound(to: GumboNode.self), ignored))
                }
                index -= 1
            }
        }
        result.mapNames = Set(maps)
        return result
    }

    /// Records the element's ids and references; returns whether it and its descendants are ignored.
    private func visitElement(_ node: UnsafeMutablePointer<GumboNode>, ignored inheritedIgnore: Bool,
                              maps: inout [String], into result: inout PageLinks) -> Bool {
        let element = node.pointee.v.element
        let tag = element.tag
        let attributes = element.attributes
        let isHTML = element.tag_namespace == GUMBO_NAMESPACE_HTML

        var linkAttributes: [(name: String, value: String, line: Int, column: Int)] = []
        var relValue: String?
        var httpEquiv: String?
        var inputType: String?
        var ignored = inheritedIgnore
        for index in 0..<Int(attributes.length) {
            guard let raw = attributes.data[index] else { continue }
            let attribute = raw.assumingMemoryBound(to: GumboAttribute.self).pointee
            guard let cName = attribute.name, let cValue = attribute.value else { continue }
            let name = String(cString: cName)
            // The line of the value, where the URL is. Gumbo sets `value_start` only when a value is written: for
            // `<audio src>` it leaves it as it found the memory, and its `original_value` is then the name's text.
            let hasValue = attribute.original_value.data != attribute.original_name.data
            let position = hasValue ? attribute.value_start : attribute.name_start
            let line = Int(position.line)
            let column = Int(position.column)
            switch name {
            case "id":
                result.anchors.append(AnchorDefinition(
                    name: String(cString: cValue), line: line, column: column, isNameAttribute: false))
                if tag == GUMBO_TAG_MAP { maps.append(String(cString: cValue)) }
            case "name" where tag == GUMBO_TAG_A:
                result.anchors.append(AnchorDefinition(
                    name: String(cString: cValue), line: line, column: column, isNameAttribute: true))
            case "name" where tag == GUMBO_TAG_MAP:
                maps.append(String(cString: cValue))
            case "rel":
                relValue = String(cString: cValue).lowercased()
            case "http-equiv":
                httpEquiv = String(cString: cValue).lowercased()
            case "type" where tag == GUMBO_TAG_INPUT:
                inputType = String(cString: cValue).trimmingASCIIWhitespace().lowercased()
            case "data-versus-ignore", "data-proofer-ignore":
                ignored = true
            case "href", "src", "srcset", "poster", "content", "data", "usemap", "action", "formaction":
                linkAttributes.append((name, String(cString: cValue), line, column))
            default:
                break
            }
        }
        if linkAttributes.isEmpty { return ignored }

        func reference(_ attribute: (name: String, value: String, line: Int, column: Int), target: String? = nil,
                       line: Int? = nil, element elementName: String) -> Reference {
            Reference(page: result.page, line: line ?? attribute.line, column: attribute.column,
                      element: elementName, attribute: attribute.name, target: target ?? attribute.value)
        }

        // `a` counts in any namespace (SVG has links too); the rest are HTML elements only.
        let elementName: String
        let wanted: Set<String>
        switch tag {
        case GUMBO_TAG_A: elementName = "a"; wanted = ["href"]
        case GUMBO_TAG_AREA where isHTML: elementName = "area"; wanted = ["href"]
        case GUMBO_TAG_LINK where isHTML:
            elementName = "link"
            // Hints to open a connection name a host, not a document.
            let rels = Set((relValue ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }))
            wanted = rels.contains("preconnect") || rels.contains("dns-prefetch") ? [] : ["href"]
        case GUMBO_TAG_IMG where isHTML: elementName = "img"; wanted = ["src", "srcset", "usemap"]
        case GUMBO_TAG_SOURCE where isHTML: elementName = "source"; wanted = ["src", "srcset"]
        case GUMBO_TAG_SCRIPT where isHTML: elementName = "script"; wanted = ["src"]
        case GUMBO_TAG_IFRAME where isHTML: elementName = "iframe"; wanted = ["src"]
        case GUMBO_TAG_EMBED where isHTML: elementName = "embed"; wanted = ["src"]
        case GUMBO_TAG_OBJECT where isHTML: elementName = "object"; wanted = ["data"]
        case GUMBO_TAG_VIDEO where isHTML: elementName = "video"; wanted = ["src", "poster"]
        case GUMBO_TAG_AUDIO where isHTML: elementName = "audio"; wanted = ["src"]
        case GUMBO_TAG_TRACK where isHTML: elementName = "track"; wanted = ["src"]
        case GUMBO_TAG_FORM where isHTML: elementName = "form"; wanted = ["action"]
        case GUMBO_TAG_BUTTON where isHTML: elementName = "button"; wanted = ["formaction"]
        case GUMBO_TAG_INPUT where isHTML:
            // Only an image button loads its `src`; `formaction` counts on every input, as browsers submit with it.
            elementName = "input"; wanted = inputType == "image" ? ["src", "formaction"] : ["formaction"]
        case GUMBO_TAG_META where isHTML && httpEquiv == "refresh": elementName = "meta"; wanted = ["content"]
        case GUMBO_TAG_BASE where isHTML:
            // Only the first <base href> counts, as in browsers. An ignore attribute does not remove it: it still
            // decides where the page's links go.
            if result.base == nil, let href = linkAttributes.first(where: { $0.name == "href" }) {
                result.base = reference(href, element: "base")
            }
            return ignored
        default:
            return ignored
        }

        // Ignored references are counted, not kept.
        func emit(_ found: Reference) {
            if ignored { result.ignoredReferenceCount += 1 } else { result.references.append(found) }
        }
        for attribute in linkAttributes where wanted.contains(attribute.name) {
            switch attribute.name {
            case "srcset":
                for candidate in splitSrcset(attribute.value) {
                    // A srcset may span lines; report the line the candidate is on.
                    emit(reference(attribute, target: candidate.url, line: attribute.line + candidate.lineOffset,
                                   element: elementName))
                }
            case "content":
                if let url = metaRefreshURL(attribute.value) {
                    emit(reference(attribute, target: url, element: elementName))
                }
            default:
                emit(reference(attribute, element: elementName))
            }
        }
        return ignored
    }
}

/// A bump allocator: gumbo's frees are no-ops and every chunk goes at once when the document is dropped.
/// Each chunk starts with a pointer to the previous one, so freeing needs no other bookkeeping.
private struct Arena {
    private static let chunkSize = 256 * 1024
    private static let header = 16
    private var current: UnsafeMutableRawPointer?
    private var remaining = 0
    private var lastChunk: UnsafeMutableRawPointer?

    mutating func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        // 16-byte alignment, as malloc gives.
        let aligned = (max(size, 1) + 15) & ~15
        if aligned <= remaining, let current {
            self.current = current + aligned
            remaining -= aligned
            return current
        }
        let isLarge = aligned > Arena.chunkSize / 4
        let chunkBytes = isLarge ? aligned + Arena.header : Arena.chunkSize
        guard let chunk = malloc(chunkBytes) else { return nil }
        chunk.storeBytes(of: lastChunk, as: UnsafeMutableRawPointer?.self)
        lastChunk = chunk
        let block = chunk + Arena.header
        // A large block gets a chunk of its own and leaves the current chunk's free space for later.
        if !isLarge {
            current = block + aligned
            remaining = chunkBytes - Arena.header - aligned
        }
        return block
    }

    mutating func freeAll() {
        while let chunk = lastChunk {
            lastChunk = chunk.load(as: UnsafeMutableRawPointer?.self)
            free(chunk)
        }
        current = nil
        remaining = 0
    }
}
