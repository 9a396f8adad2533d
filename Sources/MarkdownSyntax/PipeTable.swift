import Diagnostics
import TextPrimitives

// GFM pipe tables on top of libcmark 0.30, which has no table extension (a table comes out of it as one
// paragraph of literal pipes). This file is the one place where Versus reads Markdown syntax itself
// (the README's authoring guide says so): it follows the "Tables (extension)" section of the GFM spec
// (examples 198-205) and nothing else.
//
// - It only looks at paragraphs cmark produced, through their source lines: a table is broken by a blank
//   line or by the start of another block exactly where cmark ends the paragraph, so cmark decides
//   where a table ends, as GFM says it should.
// - The delimiter row is the first line (after the first) whose cells are all `-` runs with optional
//   colons; the line above it is the header, lines before the header stay a paragraph (their inline
//   nodes as cmark parsed them). Header and delimiter rows must have the same number of cells, or there
//   is no table (a warning at the delimiter row's line). Body rows are padded or cut to that number.
// - Cells are split at every `|` not preceded by a backslash (also inside code spans, as GFM says);
//   `\|` becomes `|`; each cell's text is parsed by cmark as a paragraph, so inline Markdown in cells is
//   cmark's. Known limit: reference-style links (`[text][ref]`) do not resolve inside cells.
//
// Why a cmark tree rather than view data for a template: a table can stand anywhere Markdown is
// rendered (a section, a plain page, a subject profile, a callout), and every one of those goes through
// `HTMLFragmentRenderer`. As nodes of the tree (`MarkdownNode.Kind.table` and friends), tables are
// rendered by cmark as custom blocks whose `on_enter`/`on_exit` are the fixed strings of `TableMarkup`
// below, and cells' inline content by cmark itself; no template or view needed to change.

/// How a table is shown: the label of its scrolling region (the nearest heading before it, so a
/// screen reader can tell tables apart) and whether its first column labels the rows.
public struct TableStyle: Sendable, Hashable {
    public var label: String
    public var columns: Int

    public init(label: String, columns: Int) {
        self.label = label
        self.columns = columns
    }
}

public enum TableAlignment: String, Sendable, Hashable {
    case none, left, center, right
}

public struct TableCellStyle: Sendable, Hashable {
    public enum Scope: Sendable, Hashable { case column, row, none }
    public var scope: Scope
    public var alignment: TableAlignment

    public init(scope: Scope, alignment: TableAlignment) {
        self.scope = scope
        self.alignment = alignment
    }

    /// Header cells: the header row's, and the first column's when it labels the rows.
    public var isHeader: Bool { scope != .none }
}

/// A yes/no/partial mark that leads a table cell.
public struct TableMark: Sendable, Hashable {
    public enum Value: String, Sendable, Hashable { case yes, no, partial }
    public var value: Value
    /// `true` for a word (`Yes`, `Nein`), shown as written after a symbol; `false` for a symbol
    /// (`✓`, `:x:`), shown with its meaning in words for screen readers.
    public var isWord: Bool

    public init(value: Value, isWord: Bool) {
        self.value = value
        self.isWord = isWord
    }
}

public enum PipeTable {
    /// The blocks that replace `paragraph` (lines before the table stay a paragraph), or `nil` when it
    /// holds no table. `lines` are the paragraph's source lines, container prefixes removed; `firstLine`
    /// is the file line of the first, `column` the paragraph's column.
    static func recognise(paragraph: MarkdownNode, lines: [ArraySlice<UInt8>], firstLine: Int, column: Int,
                          label: String, file: String, diagnostics: inout [Diagnostic],
                          links: inout [LinkOccurrence]) -> [MarkdownNode]? {
        guard lines.count >= 2 else { return nil }
        var delimiterIndex: Int?
        var alignments: [TableAlignment] = []
        for index in 1..<lines.count {
            if let found = delimiterRow(lines[index]) {
                delimiterIndex = index
                alignments = found
                break
            }
        }
        guard let delimiterIndex else { return nil }
        let headerIndex = delimiterIndex - 1
        let header = cells(of: lines[headerIndex])
        guard header.count == alignments.count else {
            diagnostics.append(Diagnostic(.warning, file: file,
                position: SourcePosition(line: firstLine + delimiterIndex, column: column),
                "table not recognised: the header row has \(header.count) cell\(header.count == 1 ? "" : "s") but the delimiter row has \(alignments.count); it is shown as a paragraph"))
            return nil
        }
        // The paragraph's top-level line breaks must line up with the source lines, or the lines
        // before the header cannot be kept as cmark parsed them.
        var breaks: [Int] = []
        for (index, child) in paragraph.children.enumerated() where child.kind == .softBreak || child.kind == .lineBreak {
            breaks.append(index)
        }
        guard breaks.count == lines.count - 1 else { return nil }

        var blocks: [MarkdownNode] = []
        if headerIndex > 0 {
            let kept = Array(paragraph.children[..<breaks[headerIndex - 1]])
            blocks.append(MarkdownNode(.paragraph, children: kept, position: paragraph.position))
        }
        let headerLine = firstLine + headerIndex
        let bodyRows = lines[(delimiterIndex + 1)...].enumerated().map { offset, line in
            (cells: cells(of: line), line: firstLine + delimiterIndex + 1 + offset)
        }
        var requests = header.map { (cell: $0, line: headerLine) }
        for row in bodyRows {
            if row.cells.count > alignments.count, row.cells[alignments.count...].contains(where: { !$0.isEmpty }) {
                diagnostics.append(Diagnostic(.warning, file: file, position: SourcePosition(line: row.line, column: column),
                    "this row has \(row.cells.count) cells, beyond the header's \(alignments.count); the extra cells are not shown (GFM drops them)"))
            }
            for index in 0..<alignments.count {
                requests.append((cell: index < row.cells.count ? row.cells[index] : [], line: row.line))
            }
        }
        let parsed = parseCells(requests, column: column, file: file, diagnostics: &diagnostics, links: &links)
        let parsedHeader = Array(parsed[..<header.count])
        let parsedBody = bodyRows.indices.map { row in
            Array(parsed[(header.count + row * alignments.count)..<(header.count + (row + 1) * alignments.count)])
        }
        // The first column labels the rows when every row has a distinct, non-empty first cell.
        let firstColumn = parsedBody.map { MarkdownNode(.paragraph, children: $0[0]).plainText }
        let rowHeaders = alignments.count >= 2 && !parsedBody.isEmpty && !firstColumn.contains("")
            && Set(firstColumn).count == firstColumn.count

        let headerRow = MarkdownNode(.tableRow, children: parsedHeader.enumerated().map { index, content in
            MarkdownNode(.tableCell(TableCellStyle(scope: .column, alignment: alignments[index])), children: content,
                         position: SourcePosition(line: headerLine, column: column))
        }, position: SourcePosition(line: headerLine, column: column))
        var sections = [MarkdownNode(.tableSection(header: true), children: [headerRow], position: headerRow.position)]
        if !parsedBody.isEmpty {
            let rows = zip(parsedBody, bodyRows).map { cells, row in
                let position = SourcePosition(line: row.line, column: column)
                return MarkdownNode(.tableRow, children: cells.enumerated().map { index, content in
                    let scope: TableCellStyle.Scope = index == 0 && rowHeaders ? .row : .none
                    return MarkdownNode(.tableCell(TableCellStyle(scope: scope, alignment: alignments[index])),
                                        children: content, position: position)
                }, position: position)
            }
            sections.append(MarkdownNode(.tableSection(header: false), children: rows, position: rows.first?.position))
        }
        let tableLabel = label.isEmpty ? parsedHeader.map { MarkdownNode(.paragraph, children: $0).plainText }.joined(separator: ", ") : label
        blocks.append(MarkdownNode(.table(TableStyle(label: tableLabel, columns: alignments.count)), children: sections,
                                   position: SourcePosition(line: headerLine, column: column)))
        return blocks
    }

    /// Quick test on a converted paragraph: more than one line and a pipe somewhere in its text.
    public static func mayHoldTable(_ paragraph: MarkdownNode) -> Bool {
        // Line breaks first: most paragraphs are one line, and their text is then never scanned.
        guard paragraph.children.contains(where: { $0.kind == .softBreak || $0.kind == .lineBreak }) else { return false }
        return paragraph.children.contains { child in
            if case .text(let text) = child.kind { return text.utf8.contains(UInt8(ascii: "|")) }
            return false
        }
    }

    // MARK: Rows

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) || last == 0x0D { slice = slice.dropLast() }
        return slice
    }

    /// A row's cells: outer pipes optional, split at unescaped pipes, `\|` unescaped, spaces trimmed.
    static func cells(of line: ArraySlice<UInt8>) -> [[UInt8]] {
        let pipe = UInt8(ascii: "|"), backslash = UInt8(ascii: "\\")
        var row = trimmed(line)
        if row.first == pipe { row = row.dropFirst() }
        if row.last == pipe, !(row.count >= 2 && row[row.endIndex - 2] == backslash) {
            row = row.dropLast()
        }
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        var index = row.startIndex
        while index < row.endIndex {
            let byte = row[index]
            if byte == backslash, index + 1 < row.endIndex, row[index + 1] == pipe {
                current.append(pipe)
                index += 2
                continue
            }
            if byte == pipe {
                result.append(Array(trimmed(current[...])))
                current = []
            } else {
                current.append(byte)
            }
            index += 1
        }
        result.append(Array(trimmed(current[...])))
        return result
    }

    /// The alignments of a delimiter row (`| :--- | ---: |`), or `nil` when the line is not one. A row
    /// without any pipe is not taken (`---` under text is cmark's setext heading, `:-` is text).
    static func delimiterRow(_ line: ArraySlice<UInt8>) -> [TableAlignment]? {
        guard line.contains(UInt8(ascii: "|")) else { return nil }
        var alignments: [TableAlignment] = []
        for cell in cells(of: line) {
            guard !cell.isEmpty else { return nil }
            let left = cell.first == UInt8(ascii: ":"), right = cell.count > 1 && cell.last == UInt8(ascii: ":")
            let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == UInt8(ascii: "-") }) else { return nil }
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return alignments
    }

    // MARK: Cells

    /// The inline content of every cell, from one cmark parse of all of them (one paragraph each) when
    /// that gives one paragraph per cell; else cell by cell (a cell that would open another block).
    static func parseCells(_ requests: [(cell: [UInt8], line: Int)], column: Int, file: String,
                           diagnostics: inout [Diagnostic], links: inout [LinkOccurrence]) -> [[MarkdownNode]] {
        var batch: [UInt8] = []
        var placement: [SourcePosition] = []
        var filled = 0
        for request in requests where !request.cell.isEmpty {
            if filled > 0 { batch.append(0x0A); placement.append(SourcePosition(line: request.line, column: 0)) }
            batch += request.cell
            batch.append(0x0A)
            placement.append(SourcePosition(line: request.line, column: column - 1))
            filled += 1
        }
        var options = MarkdownParseOptions()
        options.placement = placement
        let parsed = MarkdownParser.parse(batch, file: file, options: options)
        if parsed.root.children.count == filled, parsed.root.children.allSatisfy({ $0.kind == .paragraph }) {
            diagnostics += parsed.diagnostics
            links += parsed.links
            var paragraphs = parsed.root.children.makeIterator()
            return requests.map { request in
                request.cell.isEmpty ? [] : TableMarks.lead(paragraphs.next()?.children ?? [])
            }
        }
        return requests.map { inlines($0.cell, line: $0.line, column: column, file: file, diagnostics: &diagnostics, links: &links) }
    }

    /// A cell's inline content as cmark parses it in a paragraph. Text that would start another block
    /// (`- x`, `# x`, `1. x`) gets its marker escaped first, since a cell holds inlines only.
    static func inlines(_ cell: [UInt8], line: Int, column: Int, file: String,
                        diagnostics: inout [Diagnostic], links: inout [LinkOccurrence]) -> [MarkdownNode] {
        guard !cell.isEmpty else { return [] }
        let options = MarkdownParseOptions(lineOffset: line - 1, columnOffset: column - 1)
        var parsed = MarkdownParser.parse(cell, file: file, options: options)
        if !(parsed.root.children.count == 1 && parsed.root.children[0].kind == .paragraph) {
            var escaped = cell
            if let marker = escaped.firstIndex(where: { !($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }),
               isASCIIPunctuation(escaped[marker]) {
                escaped.insert(UInt8(ascii: "\\"), at: marker)
            }
            parsed = MarkdownParser.parse(escaped, file: file, options: options)
        }
        guard parsed.root.children.count == 1, parsed.root.children[0].kind == .paragraph else {
            return [MarkdownNode(.text(String(decoding: cell, as: UTF8.self)))]
        }
        diagnostics += parsed.diagnostics
        links += parsed.links
        return TableMarks.lead(parsed.root.children[0].children)
    }

    static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }
}

/// Yes/no/partial marks at the start of a table cell, as feature matrices write them.
public enum TableMarks {
    /// Symbols and `:emoji:` codes, with what they show; longest first where one is a prefix of another.
    static let symbols: [(written: String, shown: String, value: TableMark.Value)] = [
        (":white_check_mark:", "✅", .yes), (":heavy_check_mark:", "✔️", .yes), (":ballot_box_with_check:", "☑️", .yes),
        (":x:", "❌", .no), (":negative_squared_cross_mark:", "❎", .no), (":heavy_multiplication_x:", "✖️", .no),
        (":warning:", "⚠️", .partial), (":large_orange_diamond:", "🔶", .partial),
        ("✅", "✅", .yes), ("✔️", "✔️", .yes), ("✔", "✔", .yes), ("✓", "✓", .yes), ("☑️", "☑️", .yes), ("☑", "☑", .yes),
        ("○", "○", .yes), ("◯", "◯", .yes),
        ("❌", "❌", .no), ("❎", "❎", .no), ("✖️", "✖️", .no), ("✖", "✖", .no), ("✗", "✗", .no), ("✘", "✘", .no), ("×", "×", .no),
        ("⚠️", "⚠️", .partial), ("⚠", "⚠", .partial), ("◐", "◐", .partial), ("△", "△", .partial), ("🟡", "🟡", .partial),
        ("🔶", "🔶", .partial),
    ]

    /// Words that are a mark only when they are the cell's whole first sentence (`Yes`, `No (planned)`),
    /// never at the start of a longer phrase (`No support for X` is text).
    static let words: [String: TableMark.Value] = [
        "yes": .yes, "no": .no, "partial": .partial, "partially": .partial, "partly": .partial, "limited": .partial,
        "ja": .yes, "nein": .no, "teilweise": .partial, "eingeschränkt": .partial,
        "oui": .yes, "non": .no, "partiel": .partial, "partielle": .partial, "partiellement": .partial,
        "はい": .yes, "いいえ": .no, "一部": .partial, "예": .yes, "아니요": .no, "부분": .partial, "일부": .partial,
    ]

    /// The mark a cell starts with, if any; the same cell with the mark as a `.mark` node otherwise.
    /// On UTF-8 bytes: every cell of every table passes here, and `String` comparison normalises.
    static func lead(_ inlines: [MarkdownNode]) -> [MarkdownNode] {
        guard let first = inlines.first, case .text(let text) = first.kind, let firstByte = text.utf8.first else { return inlines }
        let rest = Array(inlines.dropFirst())
        func marked(_ value: TableMark.Value, isWord: Bool, shown: String, after: Substring.UTF8View) -> [MarkdownNode] {
            let markNode = MarkdownNode(.mark(TableMark(value: value, isWord: isWord)),
                                        children: [MarkdownNode(.text(shown))], position: first.position)
            let following = String(Substring(after))
            return [markNode] + (following.isEmpty ? [] : [MarkdownNode(.text(following), position: first.position)]) + rest
        }
        let bytes = text.utf8
        if firstByte == UInt8(ascii: ":") || firstByte >= 0x80 {
            for symbol in symbols where bytes.starts(with: symbol.written.utf8) {
                return marked(symbol.value, isWord: false, shown: symbol.shown,
                              after: bytes.dropFirst(symbol.written.utf8.count))
            }
        }
        // A word: the whole text, or followed by punctuation that ends it (`,` `;` `(` `.` `:` `—` `–` `、` `（`).
        var end = bytes.startIndex, delimited = false, length = 0
        while end < bytes.endIndex, length <= 24 {
            let byte = bytes[end]
            if byte == 0x2C || byte == 0x3B || byte == 0x28 || byte == 0x2E || byte == 0x3A { delimited = true; break }
            if byte == 0xE2 || byte == 0xE3 || byte == 0xEF {
                let next = bytes[end...].prefix(3)
                if next.elementsEqual([0xE2, 0x80, 0x94]) || next.elementsEqual([0xE2, 0x80, 0x93])
                    || next.elementsEqual([0xE3, 0x80, 0x81]) || next.elementsEqual([0xEF, 0xBC, 0x88]) { delimited = true; break }
            }
            end = bytes.index(after: end)
            length += 1
        }
        guard length <= 24, delimited || (end == bytes.endIndex && rest.isEmpty) else { return inlines }
        var wordStart = bytes.startIndex, wordEnd = end
        while wordStart < wordEnd, bytes[wordStart] == 0x20 { wordStart = bytes.index(after: wordStart) }
        while wordEnd > wordStart, bytes[bytes.index(before: wordEnd)] == 0x20 { wordEnd = bytes.index(before: wordEnd) }
        let word = String(Substring(bytes[wordStart..<wordEnd]))
        guard !word.isEmpty, let value = words[word.lowercased()] else { return inlines }
        return marked(value, isWord: true, shown: word, after: bytes[wordEnd...])
    }

    /// The mark leading a table cell's content, if any.
    public static func mark(of inlines: [MarkdownNode]) -> TableMark? {
        if case .mark(let mark)? = inlines.first?.kind { return mark }
        return nil
    }
}

/// The fixed HTML that cmark prints around the table, callout and mark nodes (`on_enter`/`on_exit` of
/// its custom nodes). Only the table's label is text from the document, escaped as cmark escapes.
enum TableMarkup {
    static func enter(_ kind: MarkdownNode.Kind) -> (enter: String, exit: String)? {
        switch kind {
        case .table(let style):
            var label = ByteBuffer(capacity: style.label.utf8.count + 16)
            HTMLText.appendEscaped(style.label.isEmpty ? "Table" : style.label, to: &label, apostrophe: false)
            return ("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"\(label.string)\">\n<table class=\"content-table\">",
                    "</table>\n</div>")
        case .tableSection(let header):
            return header ? ("<thead>", "</thead>") : ("<tbody>", "</tbody>")
        case .tableRow:
            return ("<tr>", "</tr>")
        case .tableCell(let style):
            let alignment = style.alignment == .none ? "" : " class=\"align-\(style.alignment.rawValue)\""
            switch style.scope {
            case .column: return ("<th scope=\"col\"\(alignment)>", "</th>")
            case .row: return ("<th scope=\"row\"\(alignment)>", "</th>")
            case .none: return ("<td\(alignment)>", "</td>")
            }
        case .mark(let mark):
            let symbol: String
            switch mark.value {
            case .yes: symbol = "✓"
            case .no: symbol = "✗"
            case .partial: symbol = "◐"
            }
            let words = ["yes": "Yes", "no": "No", "partial": "Partial"][mark.value.rawValue] ?? ""
            if mark.isWord {
                return ("<span class=\"mark mark-\(mark.value.rawValue)\"><span class=\"mark-symbol\" aria-hidden=\"true\">\(symbol)</span> ",
                        "</span>")
            }
            return ("<span class=\"mark mark-\(mark.value.rawValue)\"><span class=\"mark-symbol\" aria-hidden=\"true\">",
                    "</span><span class=\"visually-hidden\">\(words)</span></span>")
        case .callout(let kind):
            return ("<div class=\"callout callout-\(kind.rawValue)\" role=\"note\">\n<p class=\"callout-title\">\(kind.title)</p>",
                    "</div>")
        default:
            return nil
        }
    }
}
