import CGumbo
import Diagnostics
import Foundation
import TextPrimitives

// The only file that sees gumbo. It copies what the checker needs (ids, references, <base>) out of the C tree
// into Swift values, and the tree is freed when `GumboDocument` goes away, before `parsePage` returns.

/// Parses one page and returns its anchors and references. `page` is the site-relative path used in reports.
func parsePage(_ bytes: [UInt8], page: String) -> PageLinks {
    parsePage(bytes, page: page, scanningWellFormed: true)
}

/// `scanningWellFormed: false` parses with gumbo always: the reference the scanner is compared with.
func parsePage(_ bytes: [UInt8], page: String, scanningWellFormed: Bool) -> PageLinks {
    return bytes.withUnsafeBufferPointer { buffer in
        switch TextScreen.screen(buffer) {
        case .hasNUL: return PageLinks(page: page, unreadableReason: "holds NUL bytes, so it is binary, not HTML")
        case .notUTF8: return PageLinks(page: page, unreadableReason: "is not valid UTF-8")
        case .text: break
        }
        // Most pages are plainly well formed and need no tree. The scanner gives up on a page nested deeper
        // than `maximumNestingDepth` (as it does on anything not plain), so what it accepts needs no screen.
        if scanningWellFormed, let scanned = scanWellFormedPage(buffer, page: page) { return scanned }
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

    /// Hands the element's attributes that matter to `recordElement`; returns whether it and its
    /// descendants are ignored.
    private func visitElement(_ node: UnsafeMutablePointer<GumboNode>, ignored inheritedIgnore: Bool,
                              maps: inout [String], into result: inout PageLinks) -> Bool {
        let element = node.pointee.v.element
        let attributes = element.attributes
        var recorded: [ElementAttribute] = []
        for index in 0..<Int(attributes.length) {
            guard let raw = attributes.data[index] else { continue }
            let attribute = raw.assumingMemoryBound(to: GumboAttribute.self).pointee
            guard let cName = attribute.name, let cValue = attribute.value else { continue }
            guard let kind = RecordedAttribute(name: String(cString: cName)) else { continue }
            // The line of the value, where the URL is. Gumbo sets `value_start` only when a value is written: for
            // `<audio src>` it leaves it as it found the memory, and its `original_value` is then the name's text.
            let hasValue = attribute.original_value.data != attribute.original_name.data
            let position = hasValue ? attribute.value_start : attribute.name_start
            recorded.append(ElementAttribute(kind: kind, value: String(cString: cValue),
                                             line: Int(position.line), column: Int(position.column)))
        }
        return recordElement(LinkElement(element.tag), isHTML: element.tag_namespace == GUMBO_NAMESPACE_HTML,
                             attributes: recorded, ignored: inheritedIgnore, maps: &maps, into: &result)
    }
}

extension LinkElement {
    init(_ tag: GumboTag) {
        switch tag {
        case GUMBO_TAG_A: self = .a
        case GUMBO_TAG_AREA: self = .area
        case GUMBO_TAG_LINK: self = .link
        case GUMBO_TAG_IMG: self = .img
        case GUMBO_TAG_SOURCE: self = .source
        case GUMBO_TAG_SCRIPT: self = .script
        case GUMBO_TAG_IFRAME: self = .iframe
        case GUMBO_TAG_EMBED: self = .embed
        case GUMBO_TAG_OBJECT: self = .object
        case GUMBO_TAG_VIDEO: self = .video
        case GUMBO_TAG_AUDIO: self = .audio
        case GUMBO_TAG_TRACK: self = .track
        case GUMBO_TAG_FORM: self = .form
        case GUMBO_TAG_BUTTON: self = .button
        case GUMBO_TAG_INPUT: self = .input
        case GUMBO_TAG_META: self = .meta
        case GUMBO_TAG_BASE: self = .base
        case GUMBO_TAG_MAP: self = .map
        default: self = .other
        }
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
