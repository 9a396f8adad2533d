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
    static func read(_ section: RawSection, subjectKeys: Set<String>) -> ProductSections? {
        guard !subjectKeys.isEmpty, section.subsections.count >= 2 else { return nil }
        let naming = section.subsections.filter { subjectKeys.contains(SubjectKey.make($0.title)) }
        guard naming.count >= 2 else { return nil }
        // Counted first from what the section already read (list items' labels, sub-headings): the use
        // cases section has this shape too, and its titles do not repeat.
        var counts: [String: Int] = [:]
        for subsection in naming {
            var keys = Set<String>()
            for item in subsection.items {
                if let label = item.parsed.label, case let key = SubjectKey.make(label), !subjectKeys.contains(key) { keys.insert(key) }
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
                    if let field = labelled(item, position: item.position) { fields.append(field) } else { unlabelled.append(item) }
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
