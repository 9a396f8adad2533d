import ComparisonModel

/// One line of a page's table of contents: a heading the page already has an id for, and the headings
/// under it (one level: the template cannot recurse, and a third level would not help a reader).
struct TocEntryView: TemplateView {
    var title: String
    var anchor: String
    var children: [TocEntryView]
    var hasChildren: Bool

    init(title: String, anchor: String, children: [TocEntryView] = []) {
        self.title = title
        self.anchor = anchor
        self.children = children
        hasChildren = !children.isEmpty
    }
}

/// The table of contents of comparison and plain pages, built from the headings they show, in the
/// order they show them, with the ids the page already gives them: no anchor is made up here.
enum TableOfContents {
    /// Fewer top-level entries than this make a short page, which gets no table of contents: a reader
    /// sees the whole outline at a glance anyway.
    static let minimumEntries = 3

    /// `[]` for a short page.
    static func shown(_ entries: [TocEntryView]) -> [TocEntryView] {
        entries.count >= minimumEntries ? entries : []
    }

    /// A prose section: its `##` title, and its `###` headings under it. An untitled section (text
    /// before the first `##`) has no line of its own; its `###` headings are top-level entries then.
    static func entries(for section: Section) -> [TocEntryView] {
        let headings = section.blocks.compactMap { block -> Heading? in
            if case .heading(let heading) = block, heading.level <= 3 { return heading }
            return nil
        }
        let children = headings.map { TocEntryView(title: $0.title, anchor: $0.anchor) }
        guard !section.title.isEmpty else { return children }
        return [TocEntryView(title: section.title, anchor: section.anchor, children: children)]
    }

    /// A comparison page: the sections above the table, the table with its dimensions, each use-case
    /// block with the groups it shows, then the sections below.
    static func comparison(_ document: Document, introduction: [Section], differences: Section?, useCases: [UseCasesView],
                           others: [Section]) -> [TocEntryView] {
        var entries = introduction.flatMap(entries(for:))
        if let differences {
            entries.append(TocEntryView(title: differences.title.isEmpty ? "Comparison" : differences.title, anchor: differences.anchor,
                                        children: document.differences.map { TocEntryView(title: $0.title, anchor: $0.slug) }))
        }
        for block in useCases {
            let groups = block.columns.filter(\.hasAnchor).map { TocEntryView(title: $0.subject.name, anchor: $0.anchor) }
            entries.append(TocEntryView(title: block.title.isEmpty ? "Use cases" : block.title, anchor: block.anchor, children: groups))
        }
        return shown(entries + others.flatMap(entries(for:)))
    }

    static func plainPage(_ document: Document) -> [TocEntryView] {
        shown(document.sections.flatMap(entries(for:)))
    }
}
