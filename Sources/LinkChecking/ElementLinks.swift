// What the checker reads from one element, whichever parser found it (gumbo, or the scanner for
// well-formed pages): its ids, its references and whether it is ignored. One function, so the two
// parsers cannot disagree on the rules, only on the tree.

/// The elements whose attributes mean something to the checker.
enum LinkElement: Sendable {
    case a, area, link, img, source, script, iframe, embed, object, video, audio, track, form, button, input, meta, base, map
    case other
}

/// The attributes the checker reads (the parsers copy no other out of a page), by kind: `recordElement`
/// switches on these instead of comparing each attribute's name with sixteen strings.
enum RecordedAttribute: UInt8, CaseIterable, Sendable {
    case id, name, rel, httpEquiv, type, versusIgnore, prooferIgnore
    case href, src, srcset, poster, content, data, usemap, action, formaction

    /// The attribute's name as HTML writes it (lower case).
    var name: String {
        switch self {
        case .id: "id"
        case .name: "name"
        case .rel: "rel"
        case .httpEquiv: "http-equiv"
        case .type: "type"
        case .versusIgnore: "data-versus-ignore"
        case .prooferIgnore: "data-proofer-ignore"
        case .href: "href"
        case .src: "src"
        case .srcset: "srcset"
        case .poster: "poster"
        case .content: "content"
        case .data: "data"
        case .usemap: "usemap"
        case .action: "action"
        case .formaction: "formaction"
        }
    }

    private static let byName = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })

    /// The kind of a lower-case attribute name; `nil` for a name the checker does not read.
    init?(name: String) {
        guard let kind = Self.byName[name] else { return nil }
        self = kind
    }
}

/// Attribute kinds as a set of bits, one per `RecordedAttribute`: made for every link element of a site (a
/// million at 10,000 documents), where a `Set<String>` was an allocation and a hash each time.
struct LinkAttributes: OptionSet {
    let rawValue: UInt32
    static let href = Self(.href), src = Self(.src), srcset = Self(.srcset), poster = Self(.poster)
    static let content = Self(.content), data = Self(.data), usemap = Self(.usemap), action = Self(.action)
    static let formaction = Self(.formaction)

    init(rawValue: UInt32) { self.rawValue = rawValue }

    init(_ kind: RecordedAttribute) { rawValue = 1 << UInt32(kind.rawValue) }
}

/// One attribute as written, with the position reported for it: the value's, or the name's when no
/// value is written.
struct ElementAttribute: Sendable, Equatable {
    var kind: RecordedAttribute
    var value: String
    var line: Int
    var column: Int

    var name: String { kind.name }
}

/// Records the element's ids and references; returns whether it and its descendants are ignored.
/// `isHTML` is `false` for SVG and MathML elements: only `a` counts there.
func recordElement(_ element: LinkElement, isHTML: Bool, attributes: [ElementAttribute], ignored inheritedIgnore: Bool,
                   maps: inout [String], into result: inout PageLinks) -> Bool {
    var linkAttributes: [ElementAttribute] = []
    var relValue: String?
    var httpEquiv: String?
    var inputType: String?
    var ignored = inheritedIgnore
    for attribute in attributes {
        switch attribute.kind {
        case .id:
            result.anchors.append(AnchorDefinition(
                name: attribute.value, line: attribute.line, column: attribute.column, isNameAttribute: false))
            if element == .map { maps.append(attribute.value) }
        case .name where element == .a:
            result.anchors.append(AnchorDefinition(
                name: attribute.value, line: attribute.line, column: attribute.column, isNameAttribute: true))
        case .name where element == .map:
            maps.append(attribute.value)
        case .name:
            break
        case .rel:
            relValue = attribute.value.lowercased()
        case .httpEquiv:
            httpEquiv = attribute.value.lowercased()
        case .type where element == .input:
            inputType = attribute.value.trimmingASCIIWhitespace().lowercased()
        case .type:
            break
        case .versusIgnore, .prooferIgnore:
            ignored = true
        case .href, .src, .srcset, .poster, .content, .data, .usemap, .action, .formaction:
            linkAttributes.append(attribute)
        }
    }
    if linkAttributes.isEmpty { return ignored }

    func reference(_ attribute: ElementAttribute, target: String? = nil, line: Int? = nil, element elementName: String) -> Reference {
        Reference(page: result.page, line: line ?? attribute.line, column: attribute.column,
                  element: elementName, attribute: attribute.name, target: target ?? attribute.value)
    }

    // `a` counts in any namespace (SVG has links too); the rest are HTML elements only.
    let elementName: String
    let wanted: LinkAttributes
    switch element {
    case .a: elementName = "a"; wanted = [.href]
    case .area where isHTML: elementName = "area"; wanted = [.href]
    case .link where isHTML:
        elementName = "link"
        // Hints to open a connection name a host, not a document.
        let rels = Set((relValue ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }))
        wanted = rels.contains("preconnect") || rels.contains("dns-prefetch") ? [] : .href
    case .img where isHTML: elementName = "img"; wanted = [.src, .srcset, .usemap]
    case .source where isHTML: elementName = "source"; wanted = [.src, .srcset]
    case .script where isHTML: elementName = "script"; wanted = [.src]
    case .iframe where isHTML: elementName = "iframe"; wanted = [.src]
    case .embed where isHTML: elementName = "embed"; wanted = [.src]
    case .object where isHTML: elementName = "object"; wanted = [.data]
    case .video where isHTML: elementName = "video"; wanted = [.src, .poster]
    case .audio where isHTML: elementName = "audio"; wanted = [.src]
    case .track where isHTML: elementName = "track"; wanted = [.src]
    case .form where isHTML: elementName = "form"; wanted = [.action]
    case .button where isHTML: elementName = "button"; wanted = [.formaction]
    case .input where isHTML:
        // Only an image button loads its `src`; `formaction` counts on every input, as browsers submit with it.
        elementName = "input"; wanted = inputType == "image" ? [.src, .formaction] : .formaction
    case .meta where isHTML && httpEquiv == "refresh": elementName = "meta"; wanted = [.content]
    case .base where isHTML:
        // Only the first <base href> counts, as in browsers. An ignore attribute does not remove it: it still
        // decides where the page's links go.
        if result.base == nil, let href = linkAttributes.first(where: { $0.kind == .href }) {
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
    for attribute in linkAttributes where wanted.contains(LinkAttributes(attribute.kind)) {
        switch attribute.kind {
        case .srcset:
            for candidate in splitSrcset(attribute.value) {
                // A srcset may span lines; report the line the candidate is on.
                emit(reference(attribute, target: candidate.url, line: attribute.line + candidate.lineOffset,
                               element: elementName))
            }
        case .content:
            if let url = metaRefreshURL(attribute.value) {
                emit(reference(attribute, target: url, element: elementName))
            }
        default:
            emit(reference(attribute, element: elementName))
        }
    }
    return ignored
}
