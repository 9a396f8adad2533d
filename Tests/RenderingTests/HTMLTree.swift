import CGumbo

/// A parsed HTML page for structural assertions: elements with attributes, children and text.
/// Built with gumbo (a real HTML5 parser), so tests see the page as a browser would.
final class HTMLElement {
    let tag: String
    let attributes: [String: String]
    var children: [HTMLElement] = []
    /// Text directly inside, in order, interleaved with children's text by `text`.
    fileprivate var pieces: [Piece] = []

    fileprivate enum Piece {
        case text(String)
        case child(HTMLElement)
    }

    init(tag: String, attributes: [String: String]) {
        self.tag = tag
        self.attributes = attributes
    }

    subscript(attribute: String) -> String? { attributes[attribute] }

    /// All text inside, whitespace collapsed.
    var text: String {
        var raw = ""
        var stack: [Piece] = pieces.reversed()
        while let piece = stack.popLast() {
            switch piece {
            case .text(let text): raw += text
            case .child(let child): stack.append(contentsOf: child.pieces.reversed())
            }
        }
        return raw.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Descendants in document order.
    var descendants: [HTMLElement] {
        var result: [HTMLElement] = []
        var stack: [HTMLElement] = children.reversed()
        while let element = stack.popLast() {
            result.append(element)
            stack.append(contentsOf: element.children.reversed())
        }
        return result
    }

    /// Descendants matching a tag, and optionally an attribute value (`class` matches one class name).
    func all(_ tag: String, _ attribute: String? = nil, _ value: String? = nil) -> [HTMLElement] {
        descendants.filter { element in
            guard element.tag == tag else { return false }
            guard let attribute else { return true }
            guard let actual = element[attribute] else { return false }
            guard let value else { return true }
            return attribute == "class" ? actual.split(separator: " ").contains(Substring(value)) : actual == value
        }
    }

    func first(_ tag: String, _ attribute: String? = nil, _ value: String? = nil) -> HTMLElement? {
        all(tag, attribute, value).first
    }

    static func parse(_ html: String) -> HTMLElement {
        let root = HTMLElement(tag: "#document", attributes: [:])
        html.withCString { pointer in
            guard let output = gumbo_parse(pointer) else { return }
            var options = kGumboDefaultOptions
            defer { gumbo_destroy_output(&options, output) }
            var stack: [(UnsafeMutablePointer<GumboNode>, HTMLElement)] = [(output.pointee.document, root)]
            while let (node, element) = stack.popLast() {
                let children: GumboVector
                if node.pointee.type == GUMBO_NODE_DOCUMENT {
                    children = node.pointee.v.document.children
                } else {
                    children = node.pointee.v.element.children
                }
                for index in 0..<Int(children.length) {
                    guard let raw = children.data[index] else { continue }
                    let child = raw.assumingMemoryBound(to: GumboNode.self)
                    switch child.pointee.type {
                    case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                        let gumboElement = child.pointee.v.element
                        var attributes: [String: String] = [:]
                        for attributeIndex in 0..<Int(gumboElement.attributes.length) {
                            guard let rawAttribute = gumboElement.attributes.data[attributeIndex] else { continue }
                            let attribute = rawAttribute.assumingMemoryBound(to: GumboAttribute.self).pointee
                            attributes[String(cString: attribute.name)] = String(cString: attribute.value)
                        }
                        let tagName = gumboElement.tag == GUMBO_TAG_UNKNOWN
                            ? "unknown" : String(cString: gumbo_normalized_tagname(gumboElement.tag))
                        let created = HTMLElement(tag: tagName, attributes: attributes)
                        element.children.append(created)
                        element.pieces.append(.child(created))
                        stack.append((child, created))
                    case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
                        element.pieces.append(.text(String(cString: child.pointee.v.text.text)))
                    default:
                        continue
                    }
                }
            }
        }
        return root
    }
}
