import ComparisonModel
import Diagnostics
import MarkdownSyntax

/// A pipe table of a section read as a comparison: the second way to write the differences section.
///
/// - Subjects as columns (`| Dimension | PostgreSQL | SQLite | Notes |`): each body row is a dimension
///   (its first cell the title), each subject column's cell an entry.
/// - Subjects as rows (transposed: `| Product | Licence | Storage |`, one row per subject): each header
///   cell after the first is a dimension, each subject row's cell an entry.
///
/// The orientation is decided by matching the header cells and the first column's cells against the
/// subjects the document names elsewhere (front matter `subjects`, the title); without any, a table in a
/// section titled like a differences section takes its header cells (minus the first, and minus columns
/// named like "Notes") as the subjects. Cells of columns (or rows) that name no subject are not
/// dropped: they stay on the page as a smaller table in the table's place.
struct TableComparison {
    enum Orientation { case subjectColumns, subjectRows }

    /// Index of the table in the section's blocks.
    var blockIndex: Int
    var table: MarkdownNode
    var orientation: Orientation
    /// Column indexes (subject columns) or body-row indexes (subject rows) that hold subjects.
    var subjectIndexes: [Int]
    /// The subjects' names as the table writes them, in the same order.
    var names: [String]
    var positions: [SourcePosition?]

    var headerCells: [MarkdownNode] { table.children.first?.children.first?.children ?? [] }
    var bodyRows: [MarkdownNode] { table.children.count > 1 ? table.children[1].children : [] }

    /// Header cells that head a column of notes, not a subject (English, German, French, Japanese, Korean).
    static let nonSubjectHeaders: Set<String> = [
        "", "notes", "note", "comments", "comment", "remarks", "details", "feature", "features", "dimension", "aspect",
        "criteria", "criterion", "category", "capability", "description", "anmerkungen", "hinweise", "merkmal", "funktion",
        "kriterium", "remarques", "fonctionnalité", "critère", "備考", "機能", "項目", "비고", "기능", "항목",
    ]

    /// The first table of `section` that reads as a comparison of `candidates` (subject keys).
    static func find(in section: RawSection, candidates: Set<String>, titledDifferences: Bool) -> TableComparison? {
        for (index, block) in section.blocks.enumerated() {
            guard case .table = block.kind, let found = read(block, at: index, candidates: candidates,
                                                              titledDifferences: titledDifferences) else { continue }
            return found
        }
        return nil
    }

    static func cellText(_ cell: MarkdownNode) -> String {
        MarkdownNode(.paragraph, children: cell.children).plainText
    }

    /// More subjects than this in one table is no comparison (it stays a table): it bounds the work
    /// on a hostile document, whose table could otherwise make tens of thousands of subjects.
    static let maximumSubjects = 32

    /// The indexes whose names are subjects: the first of each name only, at most `maximumSubjects`.
    static func distinct(_ indexes: [Int], names: [String]) -> [Int]? {
        var seen = Set<String>()
        let kept = indexes.filter { seen.insert(SubjectKey.make(names[$0])).inserted }
        return kept.count <= maximumSubjects ? kept : nil
    }

    static func read(_ table: MarkdownNode, at index: Int, candidates: Set<String>, titledDifferences: Bool) -> TableComparison? {
        let header = table.children.first?.children.first?.children ?? []
        let rows = table.children.count > 1 ? table.children[1].children : []
        guard header.count >= 2 else { return nil }
        let headerNames = header.map(cellText)
        let firstColumn = rows.map { $0.children.first.map(cellText) ?? "" }
        if !candidates.isEmpty {
            let columns = distinct((1..<header.count).filter { SubjectKey.names(headerNames[$0], in: candidates) }, names: headerNames) ?? []
            let subjectRows = distinct(rows.indices.filter { SubjectKey.names(firstColumn[$0], in: candidates) }, names: firstColumn) ?? []
            if columns.count >= 2 && columns.count >= subjectRows.count {
                return TableComparison(blockIndex: index, table: table, orientation: .subjectColumns, subjectIndexes: columns,
                                       names: columns.map { headerNames[$0] }, positions: columns.map { header[$0].position })
            }
            if subjectRows.count >= 2 {
                return TableComparison(blockIndex: index, table: table, orientation: .subjectRows, subjectIndexes: subjectRows,
                                       names: subjectRows.map { firstColumn[$0] }, positions: subjectRows.map { rows[$0].position })
            }
            return nil
        }
        guard titledDifferences, !rows.isEmpty else { return nil }
        guard header.count <= maximumSubjects * 2,
              let columns = distinct((1..<header.count).filter { !nonSubjectHeaders.contains(SubjectKey.make(headerNames[$0])) },
                                     names: headerNames), columns.count >= 2 else { return nil }
        return TableComparison(blockIndex: index, table: table, orientation: .subjectColumns, subjectIndexes: columns,
                               names: columns.map { headerNames[$0] }, positions: columns.map { header[$0].position })
    }

    /// What of the table is not placed in the model (the first column with the non-subject columns, or
    /// the header with the non-subject rows), as a table of its own; `nil` when everything was placed.
    var leftover: MarkdownNode? {
        guard case .table(let style) = table.kind else { return nil }
        switch orientation {
        case .subjectColumns:
            let placed = Set(subjectIndexes)
            let kept = [0] + (1..<headerCells.count).filter { !placed.contains($0) }
            guard kept.count > 1 else { return nil }
            let sections = table.children.map { section in
                section.with(children: section.children.map { row in
                    row.with(children: kept.compactMap { $0 < row.children.count ? row.children[$0] : nil })
                })
            }
            return MarkdownNode(.table(TableStyle(label: style.label, columns: kept.count)), children: sections, position: table.position)
        case .subjectRows:
            let placed = Set(subjectIndexes)
            let rows = bodyRows.indices.filter { !placed.contains($0) }.map { bodyRows[$0] }
            guard !rows.isEmpty, table.children.count > 1 else { return nil }
            return MarkdownNode(table.kind, children: [table.children[0], table.children[1].with(children: rows)], position: table.position)
        }
    }
}

extension MarkdownNode {
    func with(children: [MarkdownNode]) -> MarkdownNode {
        MarkdownNode(kind, children: children, position: position)
    }
}

extension DocumentBuilder {
    /// The dimensions a comparison table gives, with the usual warnings (duplicate dimension, unknown
    /// subject, missing entry).
    mutating func buildDimensions(from comparison: TableComparison) -> [DifferenceDimension] {
        struct Cell { var subject: String?; var name: String; var content: [MarkdownNode]; var position: SourcePosition? }
        var raw: [(title: String, inlines: [MarkdownNode], position: SourcePosition?, cells: [Cell])] = []
        let header = comparison.headerCells, rows = comparison.bodyRows
        switch comparison.orientation {
        case .subjectColumns:
            for row in rows {
                let cells = comparison.subjectIndexes.enumerated().map { offset, column in
                    Cell(subject: subjects.resolve(comparison.names[offset]), name: comparison.names[offset],
                         content: column < row.children.count ? row.children[column].children : [], position: row.position)
                }
                let first = row.children.first
                raw.append((first.map(TableComparison.cellText) ?? "", first?.children ?? [], row.position, cells))
            }
        case .subjectRows:
            for column in 1..<header.count {
                let cells = comparison.subjectIndexes.enumerated().map { offset, rowIndex in
                    let row = rows[rowIndex]
                    return Cell(subject: subjects.resolve(comparison.names[offset]), name: comparison.names[offset],
                                content: column < row.children.count ? row.children[column].children : [], position: row.position)
                }
                raw.append((TableComparison.cellText(header[column]), header[column].children, header[column].position, cells))
            }
        }
        var dimensions: [DifferenceDimension] = []
        var firstSeen: [String: SourcePosition?] = [:]
        for dimension in raw {
            let key = SubjectKey.make(dimension.title)
            if let earlier = firstSeen[key] {
                let place = earlier.map { " (first at line \($0.line))" } ?? ""
                warn(dimension.position, "dimension '\(dimension.title)' appears twice\(place)")
            } else {
                firstSeen[key] = dimension.position
            }
            var entries: [DifferenceEntry] = []
            for cell in dimension.cells where !cell.content.isEmpty {
                guard let subject = cell.subject else {
                    warn(cell.position, "'\(cell.name)' names no subject of this comparison (subjects: \(subjects.names))")
                    continue
                }
                let content = [MarkdownNode(.paragraph, children: cell.content, position: cell.position)]
                let (html, text) = fragments.renderWithPlainText(blocks: content)
                let mark = TableMarks.mark(of: cell.content).flatMap { EntryMark(rawValue: $0.value.rawValue) }
                entries.append(DifferenceEntry(subject: subject, text: text, html: html, content: content,
                                               position: cell.position, mark: mark))
            }
            for subject in subjects.entries where !entries.contains(where: { $0.subject == subject.slug }) {
                warn(dimension.position, "dimension '\(dimension.title)' has no entry for '\(subject.name)'")
            }
            let slug = anchors.allocate(dimension.title, fallback: "dimension")
            dimensions.append(DifferenceDimension(slug: slug, title: dimension.title, titleInlines: dimension.inlines,
                                                  position: dimension.position, entries: entries))
        }
        return dimensions
    }
}
