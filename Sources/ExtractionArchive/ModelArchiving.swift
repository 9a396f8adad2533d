import ComparisonExtraction
import ComparisonModel
import Diagnostics
import MarkdownSyntax

// Each model value written field by field in declaration order, and read back in the same order. The
// round-trip test (`ExtractionArchiveTests`) reads back every fixture document and profile and compares
// with `==`, which covers every stored field: a field this file forgets fails it.

extension ArchiveWriter {
    mutating func position(_ value: SourcePosition?) {
        optional(value) { writer, position in
            writer.int(position.line)
            writer.int(position.column)
        }
    }

    mutating func diagnostic(_ value: Diagnostic) {
        byte(value.severity == .note ? 0 : value.severity == .warning ? 1 : 2)
        string(value.file)
        optional(value.line) { $0.int($1) }
        optional(value.column) { $0.int($1) }
        string(value.message)
    }

    public mutating func diagnostics(_ values: [Diagnostic]) { array(values) { $0.diagnostic($1) } }

    mutating func nodes(_ values: [MarkdownNode]) { array(values) { $0.node($1) } }

    mutating func node(_ value: MarkdownNode) {
        switch value.kind {
        case .document: byte(0)
        case .blockQuote: byte(1)
        case .list(let style):
            byte(2)
            bool(style.ordered)
            int(style.start)
            bool(style.tight)
            string(String(style.delimiter))
        case .item: byte(3)
        case .codeBlock(let info, let literal):
            byte(4)
            string(info)
            string(literal)
        case .htmlBlock(let literal):
            byte(5)
            string(literal)
        case .paragraph: byte(6)
        case .heading(let level):
            byte(7)
            int(level)
        case .thematicBreak: byte(8)
        case .text(let text):
            byte(9)
            string(text)
        case .softBreak: byte(10)
        case .lineBreak: byte(11)
        case .code(let text):
            byte(12)
            string(text)
        case .htmlInline(let literal):
            byte(13)
            string(literal)
        case .emphasis: byte(14)
        case .strong: byte(15)
        case .link(let url, let title):
            byte(16)
            string(url)
            string(title)
        case .image(let url, let title):
            byte(17)
            string(url)
            string(title)
        case .table(let style):
            byte(18)
            string(style.label)
            int(style.columns)
        case .tableSection(let header):
            byte(19)
            bool(header)
        case .tableRow: byte(20)
        case .tableCell(let style):
            byte(21)
            byte(style.scope == .column ? 0 : style.scope == .row ? 1 : 2)
            string(style.alignment.rawValue)
        case .mark(let mark):
            byte(22)
            string(mark.value.rawValue)
            bool(mark.isWord)
        case .callout(let kind):
            byte(23)
            string(kind.rawValue)
        }
        position(value.position)
        nodes(value.children)
    }

    mutating func textAndHTML(_ value: TextAndHTML) {
        string(value.html)
        optional(value.distinctTextIfStored) { $0.string($1) }
    }

    mutating func date(_ value: DocumentDate?) {
        optional(value) { writer, date in
            writer.string(date.text)
            writer.position(date.position)
        }
    }

    mutating func document(_ value: Document) {
        string(value.slug)
        string(value.source)
        string(value.contentPath)
        string(value.title)
        nodes(value.titleInlines)
        position(value.titlePosition)
        bool(value.kind == .page)
        optional(value.language) { $0.string($1) }
        bool(value.draft)
        string(value.summary)
        date(value.updatedDate)
        date(value.reviewed)
        array(value.subjects) { writer, subject in
            writer.string(subject.slug)
            writer.string(subject.name)
        }
        array(value.sections) { $0.section($1) }
        array(value.differences) { writer, dimension in
            writer.string(dimension.slug)
            writer.string(dimension.title)
            writer.nodes(dimension.titleInlines)
            writer.position(dimension.position)
            writer.array(dimension.entries) { writer, entry in
                writer.string(entry.subject)
                writer.textAndHTML(entry.body)
                writer.nodes(entry.content)
                writer.position(entry.position)
                writer.optional(entry.mark) { $0.string($1.rawValue) }
            }
        }
        array(value.useCases) { writer, useCase in
            writer.string(useCase.subject)
            writer.optional(useCase.title) { $0.string($1) }
            writer.nodes(useCase.titleInlines)
            writer.textAndHTML(useCase.body)
            writer.nodes(useCase.description)
            writer.string(useCase.anchor)
            writer.position(useCase.position)
        }
        array(value.useCaseGroups) { writer, group in
            writer.string(group.subject)
            writer.string(group.anchor)
            writer.position(group.position)
            writer.optional(group.heading) { $0.string($1) }
        }
        strings(value.anchors)
        array(value.links) { writer, link in
            writer.string(link.url)
            writer.position(link.position)
            writer.bool(link.isImage)
        }
        optional(value.dimensionsHeading) { $0.string($1) }
        optional(value.partOf) { writer, hub in
            writer.string(hub.slug)
            writer.string(hub.title)
            writer.string(hub.sectionAnchor)
        }
    }

    mutating func section(_ value: Section) {
        string(value.kind.rawValue)
        string(value.title)
        nodes(value.titleInlines)
        string(value.anchor)
        position(value.position)
        array(value.blocks) { writer, block in
            switch block {
            case .heading(let heading):
                writer.byte(0)
                writer.int(heading.level)
                writer.string(heading.title)
                writer.nodes(heading.inlines)
                writer.string(heading.anchor)
                writer.position(heading.position)
            case .markdown(let node):
                writer.byte(1)
                writer.node(node)
            }
        }
        optional(value.pairComparison) { $0.string($1) }
    }

    mutating func mentions(_ values: [SubjectMention]) {
        array(values) { writer, mention in
            writer.string(mention.name)
            writer.strings(mention.aliases)
            writer.position(mention.position)
            writer.array(mention.aliasPositions) { $0.position($1) }
        }
    }

    /// One content file's extraction: a document, a subject profile, and the file's diagnostics.
    public mutating func extraction(document: ExtractedDocument?, profile: SubjectProfile?, diagnostics: [Diagnostic]) {
        optional(document) { writer, extracted in
            writer.optional(extracted.document) { $0.document($1) }
            writer.mentions(extracted.subjects)
            writer.diagnostics(extracted.diagnostics)
            writer.strings(extracted.ignoredFrontMatterKeys)
            writer.array(extracted.pairs) { writer, pair in
                writer.document(pair.document)
                writer.mentions(pair.subjects)
            }
        }
        optional(profile) { writer, profile in
            writer.string(profile.source)
            writer.string(profile.name)
            writer.strings(profile.aliases)
            writer.optional(profile.website) { $0.string($1) }
            writer.nodes(profile.blocks)
            writer.position(profile.namePosition)
            writer.position(profile.aliasesPosition)
        }
        self.diagnostics(diagnostics)
    }
}

extension ArchiveReader {
    /// Deeper than any tree extraction makes (documents nest 32 containers at most, `InputLimits`):
    /// a damaged archive cannot recurse the stack away.
    static let maximumNodeDepth = 1_000

    mutating func position() throws -> SourcePosition? {
        try optional { reader in SourcePosition(line: try reader.int(), column: try reader.int()) }
    }

    mutating func diagnostic() throws -> Diagnostic {
        let severity: Severity
        switch try byte() {
        case 0: severity = .note
        case 1: severity = .warning
        case 2: severity = .error
        default: throw damaged()
        }
        var diagnostic = Diagnostic(severity, file: try string(), "")
        diagnostic.line = try optional { try $0.int() }
        diagnostic.column = try optional { try $0.int() }
        diagnostic.message = try string()
        return diagnostic
    }

    public mutating func diagnostics() throws -> [Diagnostic] { try array { try $0.diagnostic() } }

    mutating func nodes(depth: Int = 0) throws -> [MarkdownNode] {
        guard depth < Self.maximumNodeDepth else { throw damaged() }
        return try array { try $0.node(depth: depth) }
    }

    /// A raw value one of `Value`'s cases has.
    mutating func rawValue<Value: RawRepresentable>(_: Value.Type) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: try string()) else { throw damaged() }
        return value
    }

    mutating func node(depth: Int) throws -> MarkdownNode {
        let kind: MarkdownNode.Kind
        switch try byte() {
        case 0: kind = .document
        case 1: kind = .blockQuote
        case 2:
            let ordered = try bool(), start = try int(), tight = try bool(), delimiter = try string()
            guard delimiter.count == 1, let character = delimiter.first else { throw damaged() }
            kind = .list(MarkdownNode.ListStyle(ordered: ordered, start: start, tight: tight, delimiter: character))
        case 3: kind = .item
        case 4: kind = .codeBlock(info: try string(), literal: try string())
        case 5: kind = .htmlBlock(literal: try string())
        case 6: kind = .paragraph
        case 7: kind = .heading(level: try int())
        case 8: kind = .thematicBreak
        case 9: kind = .text(try string())
        case 10: kind = .softBreak
        case 11: kind = .lineBreak
        case 12: kind = .code(try string())
        case 13: kind = .htmlInline(literal: try string())
        case 14: kind = .emphasis
        case 15: kind = .strong
        case 16: kind = .link(url: try string(), title: try string())
        case 17: kind = .image(url: try string(), title: try string())
        case 18: kind = .table(TableStyle(label: try string(), columns: try int()))
        case 19: kind = .tableSection(header: try bool())
        case 20: kind = .tableRow
        case 21:
            let scope: TableCellStyle.Scope
            switch try byte() {
            case 0: scope = .column
            case 1: scope = .row
            case 2: scope = .none
            default: throw damaged()
            }
            kind = .tableCell(TableCellStyle(scope: scope, alignment: try rawValue(TableAlignment.self)))
        case 22: kind = .mark(TableMark(value: try rawValue(TableMark.Value.self), isWord: try bool()))
        case 23: kind = .callout(try rawValue(CalloutKind.self))
        default: throw damaged()
        }
        let position = try position()
        return MarkdownNode(kind, children: try nodes(depth: depth + 1), position: position)
    }

    mutating func textAndHTML() throws -> TextAndHTML {
        let html = try string()
        guard let value = TextAndHTML(html: html, distinctTextIfStored: try optional { try $0.string() }) else { throw damaged() }
        return value
    }

    mutating func date() throws -> DocumentDate? {
        try optional { reader in
            let text = try reader.string()
            guard let date = DocumentDate(text, position: try reader.position()) else { throw reader.damaged() }
            return date
        }
    }

    mutating func document() throws -> Document {
        let slug = try string(), source = try string(), contentPath = try string(), title = try string()
        let titleInlines = try nodes(), titlePosition = try position()
        let kind: DocumentKind = try bool() ? .page : .comparison
        let language = try optional { try $0.string() }
        let draft = try bool(), summary = try string()
        let updated = try date(), reviewed = try date()
        let subjects = try array { reader in SubjectReference(slug: try reader.string(), name: try reader.string()) }
        let sections = try array { try $0.section() }
        let differences = try array { reader in
            DifferenceDimension(slug: try reader.string(), title: try reader.string(), titleInlines: try reader.nodes(),
                                position: try reader.position(), entries: try reader.array { reader in
                let subject = try reader.string(), body = try reader.textAndHTML()
                var entry = DifferenceEntry(subject: subject, text: "", html: "", content: try reader.nodes(), position: try reader.position(),
                                            mark: try reader.optional { try $0.rawValue(EntryMark.self) })
                entry.body = body
                return entry
            })
        }
        let useCases = try array { reader in
            let subject = try reader.string(), title = try reader.optional { try $0.string() }, titleInlines = try reader.nodes()
            let body = try reader.textAndHTML()
            var useCase = UseCase(subject: subject, title: title, titleInlines: titleInlines, text: "", html: "",
                                  description: try reader.nodes(), anchor: try reader.string(), position: try reader.position())
            useCase.body = body
            return useCase
        }
        let groups = try array { reader in
            UseCaseGroup(subject: try reader.string(), anchor: try reader.string(), position: try reader.position(),
                         heading: try reader.optional { try $0.string() })
        }
        let anchors = try strings()
        let links = try array { reader in
            DocumentLink(url: try reader.string(), position: try reader.position(), isImage: try reader.bool())
        }
        var document = Document(slug: slug, source: source, contentPath: contentPath, title: title, titleInlines: titleInlines,
                                titlePosition: titlePosition, kind: kind, language: language, draft: draft, summary: summary,
                                subjects: subjects, sections: sections, differences: differences, useCases: useCases,
                                anchors: anchors, links: links, useCaseGroups: groups, updated: updated, reviewed: reviewed)
        document.dimensionsHeading = try optional { try $0.string() }
        document.partOf = try optional { reader in
            HubReference(slug: try reader.string(), title: try reader.string(), sectionAnchor: try reader.string())
        }
        return document
    }

    mutating func section() throws -> Section {
        Section(kind: try rawValue(SectionKind.self), title: try string(), titleInlines: try nodes(), anchor: try string(),
                position: try position(), blocks: try array { reader in
            switch try reader.byte() {
            case 0:
                return .heading(Heading(level: try reader.int(), title: try reader.string(), inlines: try reader.nodes(),
                                        anchor: try reader.string(), position: try reader.position()))
            case 1:
                return .markdown(try reader.node(depth: 0))
            default:
                throw reader.damaged()
            }
        }, pairComparison: try optional { try $0.string() })
    }

    mutating func mentions() throws -> [SubjectMention] {
        try array { reader in
            SubjectMention(name: try reader.string(), aliases: try reader.strings(), position: try reader.position(),
                           aliasPositions: try reader.array { try $0.position() })
        }
    }

    /// What `ArchiveWriter.extraction` wrote.
    public mutating func extraction() throws -> (document: ExtractedDocument?, profile: SubjectProfile?, diagnostics: [Diagnostic]) {
        let document = try optional { reader in
            ExtractedDocument(document: try reader.optional { try $0.document() }, subjects: try reader.mentions(),
                              diagnostics: try reader.diagnostics(), ignoredFrontMatterKeys: try reader.strings(),
                              pairs: try reader.array { reader in ExtractedPair(document: try reader.document(), subjects: try reader.mentions()) })
        }
        let profile = try optional { reader in
            SubjectProfile(source: try reader.string(), name: try reader.string(), aliases: try reader.strings(),
                           website: try reader.optional { try $0.string() }, blocks: try reader.nodes(),
                           namePosition: try reader.position(), aliasesPosition: try reader.position())
        }
        return (document, profile, try diagnostics())
    }
}
