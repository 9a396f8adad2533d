import ComparisonModel
import Diagnostics
import MarkdownSyntax

/// Products as headings, the transposed bullet form: one `###` per subject, each holding the same bold
/// labels (`- **Purpose:** ...`, `**Best for:** ...`) or the same sub-headings (`#### Pros`,
/// `#### Cons`, in any language). The labels and sub-headings that repeat become the dimensions, one
/// entry per product; the labels are never taken for subjects. Only read when the `###` headings name
/// subjects the title or front matter gives: without them the shape cannot be told from the usual one
/// (dimensions as headings, subjects as labels).
struct ProductSections {
    struct Field {
        var key: String
        var title: String
        var inlines: [MarkdownNode]
        var content: [MarkdownNode]
        var position: SourcePosition?
    }

    struct Product {
        var subsection: RawSection.Subsection
        var fields: [Field]
        /// Blocks that are no field (prose before the first one), shown as written.
        var leftover: [MarkdownNode]
    }

    var products: [Product]

    /// The shape, when at least two `###` headings name `subjectKeys` and at least two fields recur.
    /// Without named subjects, the shape is still read when at least two `###` hold "Good, because"
    /// bullets (an architecture decision record's options): nothing else is written that way, so
    /// their headings are the subjects.
    static func read(_ section: RawSection, subjectKeys: Set<String>) -> ProductSections? {
        guard section.subsections.count >= 2 else { return nil }
        let naming: [RawSection.Subsection]
        if subjectKeys.isEmpty {
            naming = section.subsections.filter { $0.items.contains { Verdict($0.node) != nil } }
        } else {
            naming = section.subsections.filter { SubjectKey.names($0.title, in: subjectKeys) }
        }
        guard naming.count >= 2 else { return nil }
        // Counted first from what the section already read (list items' labels, sub-headings): the use
        // cases section has this shape too, and its titles do not repeat.
        var counts: [String: Int] = [:]
        for subsection in naming {
            var keys = Set<String>()
            for item in subsection.items {
                if let label = item.parsed.label, case let key = SubjectKey.make(label), !subjectKeys.contains(key) { keys.insert(key) }
                if let verdict = Verdict(item.node) { keys.insert(verdict.key) }
            }
            for block in subsection.blocks {
                if let level = block.headingLevel, level >= 4 {
                    keys.insert(SubjectKey.make(block.plainText))
                } else if block.kind == .paragraph, block.children.first?.isStrong == true,
                          let label = LabeledItem(MarkdownNode(.item, children: [block])).label {
                    keys.insert(SubjectKey.make(label))
                }
            }
            for key in keys { counts[key, default: 0] += 1 }
        }
        guard counts.values.filter({ $0 >= 2 }).count >= 2 else { return nil }
        return ProductSections(products: naming.map { product($0, subjectKeys: subjectKeys) })
    }

    static func product(_ subsection: RawSection.Subsection, subjectKeys: Set<String>) -> Product {
        var fields: [Field] = []
        var leftover: [MarkdownNode] = []
        var openHeading: Int?
        func labelled(_ item: MarkdownNode, position: SourcePosition?) -> Field? {
            let parsed = LabeledItem(item)
            guard let label = parsed.label, !subjectKeys.contains(SubjectKey.make(label)) else { return nil }
            return Field(key: SubjectKey.make(label), title: label, inlines: parsed.labelInlines, content: parsed.content, position: position)
        }
        for block in subsection.blocks {
            if let level = block.headingLevel, level >= 4 {
                let title = block.plainText
                fields.append(Field(key: SubjectKey.make(title), title: title, inlines: block.children, content: [], position: block.position))
                openHeading = level
                continue
            }
            if openHeading != nil {
                fields[fields.count - 1].content.append(block)
                continue
            }
            if block.isList {
                var unlabelled: [MarkdownNode] = []
                for item in block.children {
                    if let verdict = Verdict(item) {
                        // "Good, because ..." bullets gather into one list per verdict.
                        if let index = fields.firstIndex(where: { $0.key == verdict.key }), case .list? = fields[index].content.first?.kind {
                            fields[index].content[0] = fields[index].content[0].with(children: fields[index].content[0].children + [verdict.item])
                        } else {
                            fields.append(Field(key: verdict.key, title: verdict.title, inlines: [MarkdownNode(.text(verdict.title))],
                                                content: [block.with(children: [verdict.item])], position: item.position))
                        }
                    } else if let field = labelled(item, position: item.position) { fields.append(field) } else { unlabelled.append(item) }
                }
                if !unlabelled.isEmpty { leftover.append(block.with(children: unlabelled)) }
            } else if block.kind == .paragraph, block.children.first?.isStrong == true,
                      let field = labelled(MarkdownNode(.item, children: [block], position: block.position), position: block.position) {
                fields.append(field)
            } else {
                leftover.append(block)
            }
        }
        return Product(subsection: subsection, fields: fields, leftover: leftover)
    }
}

/// A bullet of an architecture decision record's option: "Good, because it is fast" (also "Bad",
/// "Neutral"; German "Gut, weil", French "Bon, car"). The verdict is the dimension, the reason the entry.
struct Verdict {
    var key: String
    var title: String
    /// The item without its "Good," (the reason starts at "because").
    var item: MarkdownNode

    static let leads: [(word: String, joiner: String)] = [
        ("good", "because"), ("bad", "because"), ("neutral", "because"),
        ("gut", "weil"), ("schlecht", "weil"), ("neutral", "weil"), ("bon", "car"), ("mauvais", "car"), ("neutre", "car"),
    ]

    init?(_ item: MarkdownNode) {
        guard let paragraph = item.children.first, paragraph.kind == .paragraph,
              case .text(let text)? = paragraph.children.first?.kind else { return nil }
        let words = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard words.count >= 2, words[0].hasSuffix(",") else { return nil }
        let word = words[0].dropLast().lowercased(), joiner = words[1].lowercased()
        guard Self.leads.contains(where: { $0.word == word && $0.joiner == joiner }) else { return nil }
        title = String(words[0].dropLast())
        key = SubjectKey.make(title)
        // The reason keeps its "because": the page shows every word the author wrote.
        let rest = String(words[1]) + (words.count > 2 ? " " + words[2] : "")
        var inlines = Array(paragraph.children.dropFirst())
        inlines.insert(paragraph.children[0].with(kind: .text(rest)), at: 0)
        var children = item.children
        children[0] = paragraph.with(children: inlines)
        self.item = item.with(children: children)
    }
}

extension DocumentBuilder {
    mutating func buildDimensions(from shape: ProductSections) -> [DifferenceDimension] {
        var order: [ProductSections.Field] = []
        var seen = Set<String>()
        for product in shape.products {
            for field in product.fields where seen.insert(field.key).inserted { order.append(field) }
        }
        var dimensions: [DifferenceDimension] = []
        for dimension in order {
            var entries: [DifferenceEntry] = []
            for product in shape.products {
                guard let subject = subjects.resolve(product.subsection.title) else { continue }
                let fields = product.fields.filter { $0.key == dimension.key }
                guard let field = fields.first else { continue }
                if fields.count > 1 {
                    warn(fields[1].position, "'\(product.subsection.title)' has '\(dimension.title)' twice; the entry joins both")
                }
                let content = fields.flatMap(\.content)
                let (html, text) = fragments.renderWithPlainText(blocks: content)
                entries.append(DifferenceEntry(subject: subject, text: text, html: html, content: content, position: field.position))
            }
            for subject in subjects.entries where !entries.contains(where: { $0.subject == subject.slug }) {
                warn(dimension.position, "dimension '\(dimension.title)' has no entry for '\(subject.name)'")
            }
            dimensions.append(DifferenceDimension(slug: anchors.allocate(dimension.title, fallback: "dimension"), title: dimension.title,
                                                  titleInlines: dimension.inlines, position: dimension.position, entries: entries))
        }
        for product in shape.products where !product.leftover.isEmpty {
            unplaced += [product.subsection.heading] + product.leftover
        }
        return dimensions
    }
}
