import ComparisonModel
import Diagnostics
import Foundation
import MarkdownSyntax
import TextPrimitives

/// One file of the content folder, read into memory once.
public struct ContentFile: Sendable {
    /// Path relative to the project, for messages and `source`.
    public var source: String
    /// Path relative to the content folder, for links between documents.
    public var contentPath: String
    public var bytes: [UInt8]

    public init(source: String, contentPath: String, bytes: [UInt8]) {
        self.source = source
        self.contentPath = contentPath
        self.bytes = bytes
    }

    /// The file's name without its extension (`fr/a-vs-b.md` -> `a-vs-b`), as `NSString`'s
    /// `lastPathComponent` and `deletingPathExtension` give it, without bridging every file name.
    var stem: String {
        // On bytes: `/` and `.` are ASCII, so they never fall inside a multi-byte character.
        guard let name = contentPath.utf8.split(separator: UInt8(ascii: "/")).last else { return "" }
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else {
            return String(decoding: name, as: UTF8.self)
        }
        return String(decoding: name[..<dot], as: UTF8.self)
    }
}

/// A subject as one document names it, before subjects are merged across the site.
public struct SubjectMention: Sendable, Hashable {
    public var name: String
    public var aliases: [String]
    /// Where the document names it (front matter, title or label), for messages about merging.
    public var position: SourcePosition?
    /// Where each alias is written in the front matter (one per alias, or none): an alias refused is
    /// reported there.
    public var aliasPositions: [SourcePosition?]
    /// `SubjectKey`s of the name and the aliases, made here on every core rather than while the
    /// site is joined, which runs on one.
    var keys: [String]

    public init(name: String, aliases: [String], position: SourcePosition? = nil, aliasPositions: [SourcePosition?] = []) {
        self.name = name
        self.aliases = aliases
        self.position = position
        self.aliasPositions = aliasPositions
        keys = ([name] + aliases).map(SubjectKey.make)
    }
}

public struct ExtractedDocument: Sendable {
    /// `nil` when the document has an error that stops it from being built.
    public var document: Document?
    public var subjects: [SubjectMention]
    public var diagnostics: [Diagnostic]
    /// Front-matter keys of other generators the document carries; the site lists them in one note.
    public var ignoredFrontMatterKeys: [String] = []
    /// When the document compares several pairs (`## A vs. B` sections): a comparison per pair, each
    /// read from its section alone (`Document.partOf`), with the subjects it names. Its messages
    /// are in `diagnostics`.
    public var pairs: [ExtractedPair] = []

    public init(document: Document?, subjects: [SubjectMention], diagnostics: [Diagnostic], ignoredFrontMatterKeys: [String] = [],
                pairs: [ExtractedPair] = []) {
        self.document = document
        self.subjects = subjects
        self.diagnostics = diagnostics
        self.ignoredFrontMatterKeys = ignoredFrontMatterKeys
        self.pairs = pairs
    }
}

/// One pair section of a document that compares several pairs, read as a comparison of its own.
public struct ExtractedPair: Sendable {
    public var document: Document
    public var subjects: [SubjectMention]

    public init(document: Document, subjects: [SubjectMention]) {
        self.document = document
        self.subjects = subjects
    }
}

/// Turns one Markdown document into a `Document`, by the authoring rules in the README:
/// structure is recognised by its shape first and by its English (or French) titles second.
public struct DocumentExtractor: Sendable {
    public var limits: InputLimits
    /// Renders raw HTML into the pieces' `html` (site option `unsafe_html`) instead of omitting it.
    public var allowRawHTML: Bool
    /// The site's own product (`product` in `site.yml`): the implied first subject of "Comparison with A, B".
    public var siteProduct: String?

    public init(limits: InputLimits = .init(), allowRawHTML: Bool = false, siteProduct: String? = nil) {
        self.limits = limits
        self.allowRawHTML = allowRawHTML
        self.siteProduct = siteProduct
    }

    public func extract(_ file: ContentFile) -> ExtractedDocument {
        var diagnostics: [Diagnostic] = []
        func failed(_ diagnostic: Diagnostic? = nil) -> ExtractedDocument {
            if let diagnostic { diagnostics.append(diagnostic) }
            return ExtractedDocument(document: nil, subjects: [], diagnostics: diagnostics)
        }
        let text: SourceText
        switch SourceText.decode(file.bytes, file: file.source) {
        case .success(let decoded): text = decoded
        case .failure(let diagnostic): return failed(diagnostic)
        }
        guard let split = FrontMatterReader.split(text.bytes, file: file.source, isProfile: false, diagnostics: &diagnostics) else {
            return failed()
        }
        if let problem = InputScreen.screen(split.body, lineOffset: split.bodyLineOffset, file: file.source, limits: limits) {
            return failed(problem)
        }
        if let declared = split.frontMatter?.subjects, declared.count > limits.maximumSubjects {
            return failed(InputScreen.tooManySubjects(declared.count, at: declared[limits.maximumSubjects].position,
                                                      file: file.source, maximum: limits.maximumSubjects))
        }
        var parseOptions = MarkdownParseOptions(lineOffset: split.bodyLineOffset)
        parseOptions.warnsOfRawHTML = !allowRawHTML
        let parsed = MarkdownParser.parse(split.body, file: file.source, options: parseOptions)
        diagnostics += parsed.diagnostics
        if parsed.root.children.isEmpty && split.frontMatter?.title == nil {
            diagnostics.append(Diagnostic(.warning, file: file.source, position: SourcePosition(line: 1, column: 1),
                                          "document is empty; it is not published"))
            return ExtractedDocument(document: nil, subjects: [], diagnostics: diagnostics)
        }
        var builder = DocumentBuilder(file: file, frontMatter: split.frontMatter ?? FrontMatter(), root: parsed.root,
                                      links: parsed.links,
                                      fragments: HTMLFragmentRenderer(allowRawHTML: allowRawHTML))
        builder.maximumSubjects = limits.maximumSubjects
        builder.siteProduct = siteProduct
        var document = builder.build()
        Self.dropRenderedMarkdown(of: &document)
        Self.dropPlainTitleInlines(of: &document)
        Self.compactArrays(of: &document)
        var pairs = builder.pairs
        for index in pairs.indices {
            Self.dropRenderedMarkdown(of: &pairs[index].document)
            Self.dropPlainTitleInlines(of: &pairs[index].document)
            Self.compactArrays(of: &pairs[index].document)
        }
        // Stable sort: messages read top to bottom through the file.
        diagnostics += (builder.diagnostics + builder.pairDiagnostics).enumerated().sorted {
            ($0.element.line ?? 0, $0.element.column ?? 0, $0.offset) < ($1.element.line ?? 0, $1.element.column ?? 0, $1.offset)
        }.map(\.element)
        if builder.diagnostics.hasErrors {
            // Too many subjects: the sections were read without them, so only the error means anything.
            return ExtractedDocument(document: nil, subjects: [], diagnostics: diagnostics.filter { $0.severity == .error })
        }
        return ExtractedDocument(document: document, subjects: builder.subjectMentions, diagnostics: diagnostics,
                                 ignoredFrontMatterKeys: split.frontMatter?.ignoredKeys ?? [], pairs: pairs)
    }

    /// Without links within the site, `html` is final: drops the Markdown pages would otherwise render
    /// again (see `DifferenceEntry.content`), except where a code block is, which pages render again to highlight it.
    static func dropRenderedMarkdown(of document: inout Document) {
        guard !document.linksWithinSite else { return }
        for dimension in document.differences.indices {
            for entry in document.differences[dimension].entries.indices
            where !MarkdownNode.containsCodeBlock(document.differences[dimension].entries[entry].content) {
                document.differences[dimension].entries[entry].content = []
            }
        }
        for useCase in document.useCases.indices where !MarkdownNode.containsCodeBlock(document.useCases[useCase].description) {
            document.useCases[useCase].description = []
        }
    }
}

extension DocumentExtractor {
    /// The document's arrays in buffers of their size: built by `append`, they keep up to twice the room
    /// they need, and the model holds every document until the last page is written.
    static func compactArrays(of document: inout Document) {
        document.sections.compact()
        document.differences.compact()
        for index in document.differences.indices { document.differences[index].entries.compact() }
        document.useCases.compact()
        document.useCaseGroups.compact()
        document.anchors.compact()
        document.links.compact()
    }

    /// Most titles of sections, headings, dimensions and use cases are one text node holding exactly
    /// the title: those keep no inline Markdown (pages render the title as that node again, see
    /// `HTMLFragmentRenderer.render(title:inlines:)`). A tenth of the model, held until every page is written.
    static func dropPlainTitleInlines(of document: inout Document) {
        func isPlain(_ inlines: [MarkdownNode], _ title: String) -> Bool {
            guard inlines.count == 1, inlines[0].children.isEmpty, case .text(let text) = inlines[0].kind else { return false }
            return text == title
        }
        for index in document.sections.indices {
            if isPlain(document.sections[index].titleInlines, document.sections[index].title) { document.sections[index].titleInlines = [] }
            for block in document.sections[index].blocks.indices {
                guard case .heading(var heading) = document.sections[index].blocks[block], isPlain(heading.inlines, heading.title) else { continue }
                heading.inlines = []
                document.sections[index].blocks[block] = .heading(heading)
            }
        }
        for index in document.differences.indices where isPlain(document.differences[index].titleInlines, document.differences[index].title) {
            document.differences[index].titleInlines = []
        }
        for index in document.useCases.indices {
            if let title = document.useCases[index].title, isPlain(document.useCases[index].titleInlines, title) {
                document.useCases[index].titleInlines = []
            }
        }
    }
}

/// The body of a section split at its `###` headings. Built once the section's blocks are known:
/// the subsections and their list items (each read as a labelled item) are asked for several times
/// while the sections are classified, and reading them once took a third off extraction.
struct RawSection {
    var heading: MarkdownNode?
    var blocks: [MarkdownNode]
    let subsections: [Subsection]

    struct Subsection {
        var heading: MarkdownNode
        /// The heading's plain text, read once: it is compared several times.
        var title: String
        var blocks: [MarkdownNode]
        /// The items of the subsection's lists, in order, and its paragraphs led by a bold subject label.
        var items: [ListItem] = []
        /// Whether it has blocks other than lists and labelled paragraphs (shown as written).
        var hasProse = false
    }

    struct ListItem {
        var node: MarkdownNode
        var ordered: Bool
        var parsed: LabeledItem
    }

    /// `subjectKeys`: the keys of the subjects named before the sections are read (front matter, title);
    /// a paragraph under a `###` led by a bold label naming one (`**Interface:** text`) is an item too.
    init(heading: MarkdownNode?, blocks: [MarkdownNode], subjectKeys: Set<String> = []) {
        self.heading = heading
        self.blocks = blocks
        title = heading.map { $0.plainText } ?? ""
        var result: [Subsection] = []
        for block in blocks {
            if block.headingLevel == 3 {
                result.append(Subsection(heading: block, title: block.plainText, blocks: []))
            } else if !result.isEmpty {
                result[result.count - 1].blocks.append(block)
                if case .list(let style) = block.kind {
                    result[result.count - 1].items += block.children.map { ListItem(node: $0, ordered: style.ordered, parsed: LabeledItem($0)) }
                } else if !subjectKeys.isEmpty, case .paragraph = block.kind, block.children.first?.isStrong == true,
                          case let parsed = LabeledItem(MarkdownNode(.item, children: [block], position: block.position)),
                          let label = parsed.label, SubjectKey.names(label, in: subjectKeys) {
                    result[result.count - 1].items.append(ListItem(node: block, ordered: false, parsed: parsed))
                } else {
                    result[result.count - 1].hasProse = true
                }
            }
        }
        subsections = result
    }

    var leadBlocks: [MarkdownNode] {
        Array(blocks.prefix { $0.headingLevel != 3 })
    }

    /// The heading's plain text, read once: the section is classified by it several times.
    let title: String
}

/// A list item read as `**Label**: content` or `**Label:** content`.
struct LabeledItem {
    /// For text that starts with `:`: what follows it, leading white space removed, as the general
    /// path below computes it with `Character`s. `nil` (take the general path) unless the text starts
    /// with a colon that is a character of its own and the white space ends at an ASCII byte, where
    /// bytes and characters are sure to agree.
    static func textAfterLeadingColon(_ text: String) -> String? {
        var copy = text
        return copy.withUTF8 { bytes -> String? in
            guard bytes.first == UInt8(ascii: ":") else { return nil }
            var index = 1
            while index < bytes.count, bytes[index] == 0x20 || (bytes[index] >= 0x09 && bytes[index] <= 0x0D) { index += 1 }
            if index < bytes.count && bytes[index] >= 0x80 { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self)
        }
    }

    var label: String?
    var labelInlines: [MarkdownNode]
    var content: [MarkdownNode]
    var position: SourcePosition?

    init(_ item: MarkdownNode) {
        position = item.position
        label = nil
        labelInlines = []
        content = item.children
        // Kinds matched by pattern: `==` on `MarkdownNode.Kind` copies both values (they carry strings).
        guard let first = item.children.first, case .paragraph = first.kind,
              let strong = first.children.first, case .strong = strong.kind else { return }
        var rest = Array(first.children.dropFirst())
        var labelText = strong.plainText.trimmingTrailingWhitespace()
        var inlines = strong.children
        var leadingSpaceRemoved = false
        if case .text(let following)? = rest.first?.kind, let afterColon = Self.textAfterLeadingColon(following) {
            // The usual `**Label**: text`, read on bytes: the colon and the white space after it are gone.
            if afterColon.isEmpty { rest.removeFirst() } else { rest[0] = rest[0].with(kind: .text(afterColon)) }
            leadingSpaceRemoved = true
        } else if case .text(let following)? = rest.first?.kind, following.drop(while: { $0 == " " || $0 == "\u{00A0}" }).hasPrefix(":") {
            // French typography puts a space before the colon: `**SQLite** : texte`.
            rest[0] = rest[0].with(kind: .text(String(following.drop(while: { $0 == " " || $0 == "\u{00A0}" }).dropFirst())))
        } else if labelText.hasSuffix(":") {
            labelText.removeLast()
            labelText = labelText.trimmingTrailingWhitespace()
            // Drop the colon from the label's own inlines too, so a rendered title has none.
            if case .text(let last)? = inlines.last?.kind, last.hasSuffix(":") {
                let kept = String(last.dropLast()).trimmingTrailingWhitespace()
                inlines[inlines.count - 1] = inlines[inlines.count - 1].with(kind: .text(kept))
            }
        } else {
            return
        }
        if !leadingSpaceRemoved, case .text(let following)? = rest.first?.kind {
            let trimmed = String(following.drop { $0.isWhitespace })
            if trimmed.isEmpty { rest.removeFirst() } else { rest[0] = rest[0].with(kind: .text(trimmed)) }
        }
        while let head = rest.first, head.isBreak { rest.removeFirst() }
        label = labelText.trimmingWhitespace()
        labelInlines = inlines
        var blocks = Array(item.children.dropFirst())
        if !rest.isEmpty { blocks.insert(MarkdownNode(.paragraph, children: rest, position: first.position), at: 0) }
        content = blocks
    }
}

extension MarkdownNode {
    var isBreak: Bool {
        switch kind {
        case .softBreak, .lineBreak: true
        default: false
        }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        // Text ending in a visible ASCII character has nothing to trim: an ASCII scalar other than a
        // line feed is a character of its own, and that one is not white space.
        if let last = utf8.last, last > 0x20, last < 0x7F { return self }
        var copy = self
        while copy.last?.isWhitespace == true { copy.removeLast() }
        return copy
    }
}

/// Subjects known to one document, matched by name or alias.
struct SubjectTable {
    struct Entry {
        var slug: String
        var name: String
        var aliases: [String]
        var position: SourcePosition?
        var aliasPositions: [SourcePosition?] = []
    }

    private(set) var entries: [Entry] = []
    private var bySubjectKey: [String: Int] = [:]
    /// The keys of every name and alias, in order, for short forms.
    private var allKeys: [String] = []

    @discardableResult
    mutating func add(name: String, aliases: [String] = [], position: SourcePosition? = nil, aliasPositions: [SourcePosition?] = []) -> String {
        if let index = bySubjectKey[SubjectKey.make(name)] { return entries[index].slug }
        let slug = Slug.make(name, fallback: "subject")
        entries.append(Entry(slug: slug, name: name, aliases: aliases, position: position, aliasPositions: aliasPositions))
        for key in [name] + aliases {
            let made = SubjectKey.make(key)
            if bySubjectKey[made] == nil { allKeys.append(made) }
            bySubjectKey[made] = entries.count - 1
        }
        return slug
    }

    func resolve(_ label: String) -> String? {
        if let index = bySubjectKey[SubjectKey.make(label)] { return entries[index].slug }
        // Headings and labels as written in the wild: "✅ Event Hubs", "1. Kafka", "Event Hubs" for
        // "Azure Event Hubs". Only reached when the plain key names nothing.
        let key = SubjectKey.makeUndecorated(label)
        if let index = bySubjectKey[key] { return entries[index].slug }
        // Every name and alias: a short form two of them share (even of one subject) is no match.
        guard let name = SubjectKey.shortFormMatch(key, among: allKeys), let index = bySubjectKey[name] else { return nil }
        return entries[index].slug
    }

    var names: String { entries.map(\.name).joined(separator: ", ") }

    func name(of slug: String) -> String? {
        entries.first { $0.slug == slug }?.name
    }
}

struct DocumentBuilder {
    let file: ContentFile
    let frontMatter: FrontMatter
    let root: MarkdownNode
    /// Every link of `root`, in order (the parser notes them), for rewriting and checking across the site.
    let links: [DocumentLink]
    var diagnostics: [Diagnostic] = []
    var subjects = SubjectTable()
    var anchors = AnchorAllocator()
    var useCaseGroups: [UseCaseGroup] = []
    /// What a differences or use-cases section holds that the model has no place for (text outside the
    /// lists, bullets without a subject), under its `###` heading: shown with the section's text, never dropped.
    var unplaced: [MarkdownNode] = []
    /// Labels taken for typos (`**Postgres:**` where every other dimension says `**PostgreSQL:**`), by
    /// key, with the label meant: warned about at the label, never made a subject.
    var typoLabels: [String: String] = [:]
    /// Renders entries and use cases to the model's `html`.
    let fragments: HTMLFragmentRenderer
    /// More subjects than this is an error (`InputLimits.maximumSubjects`).
    var maximumSubjects = Int.max
    /// `DocumentExtractor.siteProduct`.
    var siteProduct: String?
    /// Set when this builder reads one pair section of a document that compares several pairs: the
    /// section's `A vs. B` heading is the title, and naming two subjects makes it a comparison.
    var hub: HubReference?
    /// The comparisons read from the pair sections, when the document compares several pairs.
    var pairs: [ExtractedPair] = []
    /// Their builders' messages; kept apart so an error in one pair drops that pair, not the document.
    var pairDiagnostics: [Diagnostic] = []

    init(file: ContentFile, frontMatter: FrontMatter, root: MarkdownNode, links: [DocumentLink],
         fragments: HTMLFragmentRenderer = HTMLFragmentRenderer()) {
        self.file = file
        self.frontMatter = frontMatter
        self.root = root
        self.links = links
        self.fragments = fragments
    }

    var subjectMentions: [SubjectMention] {
        subjects.entries.map { SubjectMention(name: $0.name, aliases: $0.aliases, position: $0.position, aliasPositions: $0.aliasPositions) }
    }

    mutating func warn(_ position: SourcePosition?, _ message: String) {
        diagnostics.append(Diagnostic(.warning, file: file.source, position: position, message))
    }

    mutating func build() -> Document {
        let blocks = root.children
        let titleHeading = blocks.first { $0.headingLevel == 1 }
        let stem = file.stem
        let fileStem = stem.isEmpty ? "untitled" : stem
        var title = frontMatter.title ?? titleHeading?.plainText ?? ""
        if title.isEmpty {
            warn(SourcePosition(line: 1, column: 1), "document has no title (add a '# Title' line or a 'title' in front matter)")
            title = fileStem
        }
        let titleInlines = frontMatter.title != nil ? [MarkdownNode(.text(title))] : (titleHeading?.children ?? [MarkdownNode(.text(title))])
        if let declared = frontMatter.title, let heading = titleHeading?.plainText, SubjectKey.make(declared) != SubjectKey.make(heading) {
            diagnostics.append(Diagnostic(.note, file: file.source, position: titleHeading?.position,
                "the front-matter title '\(declared)' differs from the '# \(heading)' heading; the page is titled '\(declared)'"))
        }
        _ = anchors.allocate(title, fallback: "title")

        // Split the body at `#` and `##` headings; text before the first one is an untitled section.
        var split: [(heading: MarkdownNode?, blocks: [MarkdownNode])] = [(nil, [])]
        for block in blocks {
            if let titleHeading, block == titleHeading { continue }
            if let level = block.headingLevel, level <= 2 {
                split.append((block, []))
            } else {
                split[split.count - 1].blocks.append(block)
            }
        }
        if split[0].blocks.isEmpty { split.removeFirst() }

        // Subjects: front matter first, then the title, then the labels themselves.
        var subjectsAreDeclared = false
        if let declared = frontMatter.subjects {
            for subject in declared {
                subjects.add(name: subject.name, aliases: subject.aliases, position: subject.position, aliasPositions: subject.aliasPositions)
            }
            subjectsAreDeclared = !declared.isEmpty
        }
        // Numbering and emoji around the title ("1. Kafka vs. RabbitMQ", a pair section's heading) are no part of the names.
        let titleSubjects = subjectsAreDeclared ? nil : TitleSubjects.parse(SubjectKey.undecorated(title), siteProduct: siteProduct)
        var namedKeys = Set(subjects.entries.flatMap { [$0.name] + $0.aliases }.map(SubjectKey.make))
        for reading in titleSubjects?.readings ?? [] { namedKeys.formUnion(reading.map(SubjectKey.make)) }
        let rawSections = split.map { RawSection(heading: $0.heading, blocks: $0.blocks, subjectKeys: namedKeys) }
        let tables = comparisonTables(rawSections, candidates: namedKeys)
        var differencesIndex = findDifferencesSection(rawSections, declared: subjectsAreDeclared, tables: tables,
                                                      titleKeys: subjectsAreDeclared ? [] : namedKeys)
        // Products as `###` headings with repeated labels, when the differences section found (if any)
        // has no label naming a subject.
        var productShape: ProductSections?
        // Read once: asked here and taken as the subjects below.
        let differencesLabels = differencesIndex.map { labelsOf(rawSections[$0]) }
        if differencesLabels.map({ !$0.contains { SubjectKey.names($0.label, in: namedKeys) } }) ?? true,
           differencesIndex.flatMap({ tables[$0] }) == nil {
            for (index, section) in rawSections.enumerated() {
                if let shape = ProductSections.read(section, subjectKeys: namedKeys) {
                    productShape = shape
                    differencesIndex = index
                    break
                }
            }
        }
        var labels = productShape.map { $0.products.map { Label(label: $0.subsection.title, position: $0.subsection.heading.position) } }
            ?? differencesLabels ?? []
        // A differences section written as a table (when its bullets name no subjects).
        let differencesTable = labels.isEmpty && productShape == nil ? differencesIndex.flatMap { tables[$0] } : nil
        if let differencesTable {
            labels = zip(differencesTable.names, differencesTable.positions).map { Label(label: $0, position: $1) }
        }
        if !subjectsAreDeclared, let fromTitle = titleSubjects {
            let labelKeys = Set(labels.map { SubjectKey.make($0.label) })
            var reading = fromTitle.readings[0]
            if fromTitle.readings.count > 1 {
                if let fitting = fromTitle.readings.first(where: { $0.allSatisfy { labelKeys.contains(SubjectKey.make($0)) } }) {
                    reading = fitting
                } else {
                    reading = []
                    warn(titleHeading?.position ?? SourcePosition(line: 1, column: 1),
                         "the title can be split into subjects in more than one way; list them in front matter 'subjects'")
                }
            }
            let titlePlace = frontMatter.title != nil ? frontMatter.keyPositions["title"] : titleHeading?.position
            for name in fullNames(reading, labels: labels) {
                // "Kafka vs kafka": one subject named twice is no comparison; an error at the title, as
                // front matter listing a subject twice is.
                if let earlier = subjects.entries.first(where: { SubjectKey.make($0.name) == SubjectKey.make(name) }) {
                    diagnostics.append(Diagnostic(.error, file: file.source, position: titlePlace ?? SourcePosition(line: 1, column: 1),
                        "the title names '\(earlier.name)' twice ('\(name)' is the same subject); a comparison needs two different subjects"))
                    continue
                }
                subjects.add(name: name, position: titlePlace)
            }
            subjectsAreDeclared = !reading.isEmpty
        }
        if !subjectsAreDeclared {
            if differencesTable == nil, let differencesIndex { findLabelTypos(rawSections[differencesIndex]) }
            for label in labels where typoLabels[SubjectKey.make(label.label)] == nil { subjects.add(name: label.label, position: label.position) }
        }

        let useCasesIndices = findUseCasesSections(rawSections, excluding: differencesIndex, declared: subjectsAreDeclared)
        if !subjectsAreDeclared, let useCasesIndex = useCasesIndices.first {
            for subsection in rawSections[useCasesIndex].subsections {
                // "### When to choose Kafka" names Kafka; "### ✅ Kafka" too.
                let name = UseCaseTitle.subjectName(in: subsection.title) ?? SubjectKey.undecorated(subsection.title)
                subjects.add(name: name, position: subsection.heading.position)
            }
        }
        // Checked before the sections are built (each dimension warns once per missing subject), and
        // only for what will be a comparison (as `isComparison` below decides): a page keeps no subjects.
        if subjects.entries.count > maximumSubjects && (differencesIndex != nil || (frontMatter.subjects?.count ?? 0) >= 2) {
            diagnostics.append(InputScreen.tooManySubjects(subjects.entries.count, at: subjects.entries[maximumSubjects].position,
                                                           file: file.source, maximum: maximumSubjects))
            subjects = SubjectTable()
        }

        // Built once by shape; built again as plain prose when the document turns out to be a page.
        let beforeSections = self
        var (sections, differences, useCases) = assemble(rawSections, differencesIndex: differencesIndex,
                                                         useCasesIndices: useCasesIndices, differencesTable: differencesTable,
                                                         productShape: productShape)
        // How many subjects have entries: none, one or more (no set needed to tell).
        var firstCovered: String?, coveredCount = 0
        func cover(_ subject: String) {
            if firstCovered == nil { firstCovered = subject; coveredCount = 1 } else if subject != firstCovered { coveredCount = 2 }
        }
        for dimension in differences where coveredCount < 2 { for entry in dimension.entries { cover(entry.subject) } }
        for useCase in useCases where coveredCount < 2 { cover(useCase.subject) }
        let names = frontMatter.subjects.map { $0.map(\.name) } ?? titleSubjects?.readings.first ?? []
        // Subjects listed in front matter say a comparison is meant as plainly as `kind: comparison` does
        // (and their rules, such as aliases, must hold even while its entries are still to be written).
        // A pair section's heading names its two subjects as plainly as front matter would.
        let declaredInFrontMatter = (frontMatter.subjects?.count ?? 0) >= 2 || (hub != nil && names.count >= 2)
        let hasShape = coveredCount >= 2 || (coveredCount == 1 && names.count >= 2) || declaredInFrontMatter
        // Several pairs in one document ("## Prometheus vs. Graphite", "## Prometheus vs. InfluxDB"): a
        // page with every section as written, each pair section also a comparison of its own (see the README).
        let pairSections = frontMatter.subjects == nil && hub == nil
            ? rawSections.indices.filter { index in
                let section = rawSections[index]
                return section.heading != nil && TitleSubjects.mayBeVersus(section.title) && (TitleSubjects.parse(section.title)?.isVersus ?? false)
            } : []
        let isComparison = frontMatter.kind.map { $0 == .comparison } ?? (hasShape && pairSections.count < 2)
        let titlePosition = titleHeading?.position ?? SourcePosition(line: 1, column: 1)
        if isComparison && subjects.entries.count < 2 {
            warn(titlePosition, "a comparison needs at least two subjects; found \(subjects.entries.count)")
        }
        if !isComparison {
            let closeSection = differencesIndex.map { rawSections[$0].title }
            self = beforeSections
            (sections, differences, useCases) = assemble(rawSections, differencesIndex: nil, useCasesIndices: [], differencesTable: nil)
            subjects = SubjectTable()
            useCaseGroups = []
            // A document of several pairs is read into a comparison per pair below: no message.
            if frontMatter.kind == nil && pairSections.count < 2 {
                let found = coveredCount == 1 ? "entries for one subject only" : "no entries for any subject"
                if names.count >= 2 {
                    warn(titlePosition, "'\(title)' names \(names.joined(separator: ", ")) but the document is published as a plain page: it has \(found) (write a differences section with '### Dimension' headings and '- **Name**: text' bullets, or a table whose header names them; 'kind: page' in front matter says a page is meant)")
                } else if let closeSection {
                    diagnostics.append(Diagnostic(.note, file: file.source, position: titlePosition,
                        "published as a plain page: the section '\(closeSection)' looks like a differences section but has \(found); 'kind: comparison' in front matter makes it a comparison"))
                }
            }
        }
        let summarySource = sections.first { $0.kind == .introduction } ?? sections.first
        let summary = frontMatter.summary ?? summarySource?.blocks.lazy.compactMap { block -> String? in
            // Not a table cmark left as a paragraph (a malformed one was warned about): no pipes in summaries.
            if case .markdown(let node) = block, node.kind == .paragraph, !PipeTable.mayHoldTable(node) { return node.plainText }
            return nil
        }.first ?? ""

        let slugSource = frontMatter.slug ?? fileStem
        let slug = Slug.make(slugSource, fallback: "untitled")
        if let declared = frontMatter.slug, declared != slug {
            warn(SourcePosition(line: 1, column: 1), "slug '\(declared)' is not a valid slug; using '\(slug)'")
        }

        var document = Document(
            slug: slug, source: file.source, contentPath: file.contentPath, title: title, titleInlines: titleInlines,
            titlePosition: titleHeading?.position, kind: isComparison ? .comparison : .page,
            language: frontMatter.language ?? ScriptLanguage.dominant(in: file.bytes), draft: frontMatter.draft, summary: summary,
            subjects: subjects.entries.map { SubjectReference(slug: $0.slug, name: $0.name) },
            sections: sections, differences: differences, useCases: useCases,
            anchors: collectAnchors(sections: sections, differences: differences, useCases: useCases, title: title),
            links: links, useCaseGroups: useCaseGroups, updated: frontMatter.updated, reviewed: frontMatter.reviewed)
        if isComparison, let table = differencesTable, table.orientation == .subjectColumns,
           let corner = table.headerCells.first.map(TableComparison.cellText), !corner.isEmpty {
            document.dimensionsHeading = corner
        }
        document.partOf = hub
        if !isComparison && frontMatter.kind == nil && pairSections.count >= 2 {
            readPairs(pairSections.map { rawSections[$0] }, of: &document)
        }
        return document
    }

    /// Reads each `## A vs. B` section of a document that compares several pairs as a comparison of its
    /// own, from the section's blocks alone (its heading as the title), and links it from the section.
    /// The pair's slug is the document's followed by the heading's, so it cannot take another document's.
    mutating func readPairs(_ pairSections: [RawSection], of document: inout Document) {
        var pairFrontMatter = frontMatter
        pairFrontMatter.title = nil
        pairFrontMatter.summary = nil
        pairFrontMatter.keyPositions["title"] = nil
        var taken: Set<String> = []
        for section in pairSections {
            guard let heading = section.heading, let position = heading.position,
                  let sectionIndex = document.sections.firstIndex(where: { $0.position == position }) else { continue }
            // Ends where the next `#` or `##` heading starts: the links noted on those lines are the pair's.
            let endLine = root.children.first { ($0.headingLevel ?? 9) <= 2 && ($0.position?.line ?? 0) > position.line }?.position?.line ?? Int.max
            let pairLinks = links.filter { ($0.position?.line ?? 0) >= position.line && ($0.position?.line ?? 0) < endLine }
            var slug = Slug.make(document.slug + "-" + Slug.make(section.title, fallback: "pair"), fallback: "pair")
            if taken.contains(slug) {
                var counter = 2
                while taken.contains("\(slug)-\(counter)") { counter += 1 }
                slug = "\(slug)-\(counter)"
            }
            taken.insert(slug)
            pairFrontMatter.slug = slug
            let title = MarkdownNode(.heading(level: 1), children: heading.children, position: position)
            var pair = DocumentBuilder(file: file, frontMatter: pairFrontMatter, root: MarkdownNode(.document, children: [title] + section.blocks),
                                       links: pairLinks, fragments: fragments)
            pair.maximumSubjects = maximumSubjects
            pair.siteProduct = siteProduct
            pair.hub = HubReference(slug: document.slug, title: document.title, sectionAnchor: document.sections[sectionIndex].anchor)
            let built = pair.build()
            pairDiagnostics += pair.diagnostics
            guard !pair.diagnostics.hasErrors, built.kind == .comparison else { continue }
            document.sections[sectionIndex].pairComparison = built.slug
            pairs.append(ExtractedPair(document: built, subjects: pair.subjectMentions))
        }
    }

    /// The sections, dimensions and use cases, with the differences and use-cases sections (if any) read by
    /// their shape and every other section kept as written.
    mutating func assemble(_ rawSections: [RawSection], differencesIndex: Int?, useCasesIndices: [Int],
                           differencesTable: TableComparison?, productShape: ProductSections? = nil) -> ([Section], [DifferenceDimension], [UseCase]) {
        var sections: [Section] = []
        var differences: [DifferenceDimension] = []
        var useCases: [UseCase] = []
        for (index, raw) in rawSections.enumerated() {
            let kind = classify(raw, index: index, of: rawSections, differences: differencesIndex, useCases: useCasesIndices)
            let anchor = anchors.allocate(raw.heading == nil ? "introduction" : raw.title, fallback: "section")
            var sectionBlocks: [SectionBlock]
            switch kind {
            case .differences:
                if let table = differencesTable {
                    // The section's text stays as written; the table's cells that name no subject stay as a table.
                    var kept = raw.blocks
                    if let leftover = table.leftover { kept[table.blockIndex] = leftover } else { kept.remove(at: table.blockIndex) }
                    differences = buildDimensions(from: table)
                    sectionBlocks = kept.map { .markdown($0) }
                } else if let productShape {
                    differences = buildDimensions(from: productShape)
                    // `###` sections naming no subject stay as written too.
                    for subsection in raw.subsections
                    where !productShape.products.contains(where: { $0.subsection.heading === subsection.heading }) {
                        unplaced += [subsection.heading] + subsection.blocks
                    }
                    sectionBlocks = (raw.leadBlocks + unplaced).map { .markdown($0) }
                } else {
                    differences = buildDimensions(raw)
                    sectionBlocks = (raw.leadBlocks + unplaced).map { .markdown($0) }
                }
                unplaced = []
            case .useCases:
                let (built, lead) = buildUseCases(raw)
                useCases += built
                sectionBlocks = (lead + unplaced).map { .markdown($0) }
                unplaced = []
            default:
                sectionBlocks = proseBlocks(raw.blocks)
            }
            sections.append(Section(kind: kind, title: raw.title, titleInlines: raw.heading?.children ?? [],
                                    anchor: anchor, position: raw.heading?.position ?? raw.blocks.first?.position,
                                    blocks: sectionBlocks))
        }

        return (sections, differences, useCases)
    }

    /// Blocks shown as written, in order; headings get ids.
    mutating func proseBlocks(_ blocks: [MarkdownNode]) -> [SectionBlock] {
        blocks.map { block in
            if let level = block.headingLevel {
                let text = block.plainText
                return .heading(Heading(level: level, title: text, inlines: block.children,
                                        anchor: anchors.allocate(text), position: block.position))
            }
            return .markdown(block)
        }
    }

    /// When subjects come from labels: a label used in one dimension only, in a dimension that lacks one
    /// of the labels every other dimension uses, is a typo of that label.
    mutating func findLabelTypos(_ section: RawSection) {
        var names: [String: String] = [:]
        let sets = section.subsections.map { subsection in
            Set(subsection.items.filter { !$0.ordered }.compactMap { item -> String? in
                guard let label = item.parsed.label else { return nil }
                let key = SubjectKey.make(label)
                if names[key] == nil { names[key] = label }
                return key
            })
        }.filter { !$0.isEmpty }
        guard sets.count >= 3 else { return }
        var counts: [String: Int] = [:]
        for set in sets { for key in set { counts[key, default: 0] += 1 } }
        // The labels of every dimension but one (a typo leaves its own dimension without the real label).
        let common = Set(counts.filter { $0.value >= sets.count - 1 }.keys)
        guard common.count >= 2 else { return }
        for set in sets {
            let missing = common.subtracting(set)
            let singles = set.filter { counts[$0] == 1 && !common.contains($0) }
            guard missing.count == 1, singles.count == 1, let meant = missing.first, let typo = singles.first else { continue }
            typoLabels[typo] = names[meant] ?? meant
        }
    }

    /// Per section, the first table that reads as a comparison (`TableComparison`), matched against
    /// `candidates`: the keys of the subjects front matter declares and of every name the title may give.
    func comparisonTables(_ sections: [RawSection], candidates: Set<String>) -> [Int: TableComparison] {
        var result: [Int: TableComparison] = [:]
        for (index, section) in sections.enumerated() {
            guard section.blocks.contains(where: { if case .table = $0.kind { true } else { false } }) else { continue }
            if let found = TableComparison.find(in: section, candidates: candidates,
                                                titledDifferences: TitleKeywords.differences.matches(section.title)) {
                result[index] = found
            }
        }
        return result
    }

    /// The title's names, each replaced by the labels' longer form when the labels never use the
    /// title's and exactly one label extends it ("Type vs Interface" with `**Type alias:**` labels
    /// names "Type alias"): the page then shows every word of the labels.
    func fullNames(_ names: [String], labels: [Label]) -> [String] {
        // Each label once (byte for byte): a subject's label recurs in every dimension, and a key costs
        // far more than comparing bytes. Only membership and a set of keys are read below, so repeats add nothing.
        var distinctLabels: [String] = []
        for label in labels where !distinctLabels.contains(where: { Self.sameBytes($0, label.label) }) {
            distinctLabels.append(label.label)
        }
        let labelKeys = distinctLabels.map { SubjectKey.makeUndecorated($0) }
        return names.map { name in
            let key = SubjectKey.make(name)
            guard !labelKeys.contains(key) else { return name }
            let nameWords = key.split(separator: " ").count
            let longer = Set(labelKeys.filter {
                $0.split(separator: " ").count > nameWords && SubjectKey.shortFormMatch($0, among: [key], allowingLonger: true) == key
            })
            guard longer.count == 1, let full = labels.first(where: { SubjectKey.makeUndecorated($0.label) == longer.first }) else { return name }
            return SubjectKey.undecorated(full.label)
        }
    }

    /// Whether two strings hold the same bytes (`==` also equates canonically equivalent text, which
    /// `SubjectKey.undecorated` may not treat alike).
    static func sameBytes(_ first: String, _ second: String) -> Bool {
        guard first.utf8.count == second.utf8.count else { return false }
        var first = first, second = second
        return first.withUTF8 { a in second.withUTF8 { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } }
    }

    // MARK: Recognising sections

    struct Label {
        var label: String
        var position: SourcePosition?
    }

    /// Bold labels of the bullets under each `###` of a section, in document order.
    func labelsOf(_ section: RawSection) -> [Label] {
        section.subsections.flatMap { subsection in
            subsection.items.compactMap { item -> Label? in
                item.parsed.label.map { Label(label: $0, position: item.node.position) }
            }
        }
    }

    /// The differences section by shape: `###` subsections holding bullets led by bold labels that name
    /// subjects (or, before subjects are known, labels that recur from one subsection to the next).
    /// Failing that, by title.
    /// `titleKeys`: keys of the subjects the title names, before they are taken as the document's subjects.
    func findDifferencesSection(_ sections: [RawSection], declared: Bool, tables: [Int: TableComparison] = [:],
                                titleKeys: Set<String> = []) -> Int? {
        for (index, section) in sections.enumerated() {
            let subsections = section.subsections
            guard !subsections.isEmpty else { continue }
            let labelSets = subsections.map { subsection in
                Set(subsection.items.filter { !$0.ordered }.compactMap { $0.parsed.label.map(SubjectKey.make) })
            }
            let labelled = labelSets.filter { !$0.isEmpty }
            guard labelled.count * 2 >= subsections.count, !labelled.isEmpty else { continue }
            if declared {
                let naming = labelSets.filter { !$0.filter { subjects.resolve($0) != nil }.isEmpty }
                if naming.count * 2 >= subsections.count { return index }
            } else {
                // Labels naming the subjects of the title, in half the subsections or more: the same rule
                // as declared subjects ("Kafka vs. Kinesis" with one prose `###` and one with bullets).
                if !titleKeys.isEmpty {
                    let naming = labelSets.filter { $0.contains { SubjectKey.names($0, in: titleKeys) } }
                    if naming.count * 2 >= subsections.count { return index }
                }
                var counts: [String: Int] = [:]
                for set in labelSets { for key in set { counts[key, default: 0] += 1 } }
                // Labels that recur across dimensions, or one dimension whose every bullet is labelled with distinct labels.
                if counts.values.contains(where: { $0 >= 2 }) { return index }
                if subsections.count == 1 {
                    let items = subsections[0].items.filter { !$0.ordered }
                    if items.count >= 2, labelSets[0].count == items.count, items.allSatisfy({ $0.parsed.label != nil }) { return index }
                }
            }
        }
        // Then a table naming the subjects: in a section titled like a differences section, else the first
        // (bullets win, so an "At a glance" table above a Key Differences section stays a table).
        let tableSections = tables.keys.sorted()
        if let titled = tableSections.first(where: { TitleKeywords.differences.matches(sections[$0].title) }) ?? tableSections.first {
            return titled
        }
        return sections.firstIndex { TitleKeywords.differences.matches($0.title) }
    }

    /// The subject a use-case heading names: the heading itself ("Kafka", "✅ Event Hubs") or the name
    /// in a use-case phrase ("When to choose Kafka", "Kafkaを選ぶべき場合").
    func useCaseSubject(_ heading: String) -> String? {
        subjects.resolve(heading) ?? UseCaseTitle.subjectName(in: heading).flatMap { subjects.resolve($0) }
    }

    /// The use-case sections, in order: by shape, the `##` section whose `###` headings name subjects,
    /// and every `##` section whose own title names one in a use-case phrase ("## When to choose Kafka",
    /// one per subject). Failing both, the first section titled like one ("Which to choose").
    func findUseCasesSections(_ sections: [RawSection], excluding differences: Int?, declared: Bool) -> [Int] {
        var found: [Int] = []
        for (index, section) in sections.enumerated() where index != differences {
            let subsections = section.subsections
            guard !subsections.isEmpty else { continue }
            let naming = subsections.filter { useCaseSubject($0.title) != nil }
            if naming.count * 2 >= subsections.count && !naming.isEmpty { found.append(index); break }
        }
        for (index, section) in sections.enumerated() where index != differences && !found.contains(index) && section.heading != nil {
            if let name = UseCaseTitle.subjectName(in: section.title), subjects.resolve(name) != nil { found.append(index) }
        }
        // By title: the first such section when the shape found none; beside per-subject sections, every
        // one without `###` ("## Which to choose" after "## When to choose Kafka").
        for (index, section) in sections.enumerated() where index != differences && !found.contains(index)
            && TitleKeywords.useCases.matches(section.title) {
            if found.isEmpty { found.append(index); break }
            if section.subsections.isEmpty { found.append(index) }
        }
        return found.sorted()
    }

    func classify(_ section: RawSection, index: Int, of sections: [RawSection], differences: Int?, useCases: [Int]) -> SectionKind {
        if index == differences { return .differences }
        if useCases.contains(index) { return .useCases }
        if TitleKeywords.introduction.matches(section.title) { return .introduction }
        if TitleKeywords.conclusion.matches(section.title) { return .conclusion }
        let structured = [differences].compactMap { $0 } + useCases
        let hasNoSubsections = section.subsections.isEmpty
        // By position: prose before the structured sections introduces, prose after them concludes.
        if let first = structured.min(), index < first, hasNoSubsections,
           index == 0, !sections.indices.contains(where: { !structured.contains($0) && TitleKeywords.introduction.matches(sections[$0].title) }) {
            return .introduction
        }
        if let last = structured.max(), index > last, index == sections.count - 1, hasNoSubsections,
           !sections.indices.contains(where: { !structured.contains($0) && TitleKeywords.conclusion.matches(sections[$0].title) }) {
            return .conclusion
        }
        return .other
    }

    // MARK: Building the pieces

    mutating func buildDimensions(_ section: RawSection) -> [DifferenceDimension] {
        let subsections = section.subsections
        var dimensions: [DifferenceDimension] = []
        var firstSeen: [String: SourcePosition?] = [:]
        for subsection in subsections {
            // A dimension written only as prose (no list, no labelled paragraph) has no per-subject
            // split to put in the table: it stays prose, under its heading, without a warning.
            if subsection.items.isEmpty && subsection.hasProse {
                keepUnplaced(of: subsection, keeping: [])
                continue
            }
            let title = subsection.title
            let position = subsection.heading.position
            let key = SubjectKey.make(title)
            if let earlier = firstSeen[key] {
                let place = earlier.map { " (first at line \($0.line))" } ?? ""
                warn(position, "dimension '\(title)' appears twice\(place)")
            } else {
                firstSeen[key] = position
            }
            var entries: [DifferenceEntry] = []
            // Items left out of the table (rare: no allocation unless there is one).
            var skipped: [ObjectIdentifier] = []
            warnAboutUnshownBlocks(in: subsection, place: "dimension '\(title)'")
            for listItem in subsection.items {
                let item = listItem.node, parsed = listItem.parsed
                guard let label = parsed.label else {
                    warn(item.position, "a difference bullet should start with a bold subject label, like '**Name**: text'")
                    skipped.append(ObjectIdentifier(item))
                    continue
                }
                guard let subject = subjects.resolve(label) else {
                    if let meant = typoLabels[SubjectKey.make(label)] {
                        warn(item.position, "'\(label)' is used in this dimension only, where the others have '\(meant)': did you mean '\(meant)'? (the bullet is shown as written, not in the table)")
                    } else {
                        warn(item.position, "'\(label)' names no subject of this comparison (subjects: \(subjects.names))")
                    }
                    skipped.append(ObjectIdentifier(item))
                    continue
                }
                if entries.contains(where: { $0.subject == subject }) {
                    warn(item.position, "dimension '\(title)' has a second entry for '\(label)'; the first one is kept (the second is shown as written)")
                    skipped.append(ObjectIdentifier(item))
                    continue
                }
                let (html, text) = fragments.renderWithPlainText(blocks: parsed.content)
                entries.append(DifferenceEntry(subject: subject, text: text, html: html,
                                               content: parsed.content, position: item.position))
            }
            if !skipped.isEmpty || subsection.hasProse {
                keepUnplaced(of: subsection, keeping: Set(skipped))
            }
            for subject in subjects.entries where !entries.contains(where: { $0.subject == subject.slug }) {
                warn(position, "dimension '\(title)' has no entry for '\(subject.name)'")
            }
            let slug = anchors.allocate(title, fallback: "dimension")
            dimensions.append(DifferenceDimension(slug: slug, title: title, titleInlines: subsection.heading.children,
                                                  position: position, entries: entries))
        }
        if dimensions.allSatisfy({ $0.entries.isEmpty }) {
            warn(section.heading?.position, "the differences section is empty: add '### Dimension' headings with '- **Subject**: text' bullets")
        }
        return dimensions
    }

    /// The use cases of one section, and its lead blocks left to show as written: the lists read into
    /// use cases are not among them.
    mutating func buildUseCases(_ section: RawSection) -> ([UseCase], lead: [MarkdownNode]) {
        var useCases: [UseCase] = []
        var lead = section.leadBlocks
        // A subject has a group (a column, with its id) in each section holding its use cases.
        let sectionGroups = useCaseGroups.count
        // "## When to choose Kafka": the section is one subject's; its lists are the use cases, and
        // its `###` subsections stay as written.
        if let name = UseCaseTitle.subjectName(in: section.title), let subject = subjects.resolve(name), let heading = section.heading {
            if !useCaseGroups[sectionGroups...].contains(where: { $0.subject == subject }) {
                useCaseGroups.append(UseCaseGroup(subject: subject, anchor: anchors.allocate(subjects.name(of: subject) ?? name, fallback: "use-cases"),
                                                  position: heading.position))
            }
            lead = lead.filter { block in
                guard case .list = block.kind else { return true }
                for item in block.children { useCases.append(useCase(LabeledItem(item), subject: subject, anchorText: name, position: item.position)) }
                return false
            }
            for subsection in section.subsections { unplaced += [subsection.heading] + subsection.blocks }
            return (useCases, lead)
        }
        // "## Which to choose" with `- **Kafka**: for replay` bullets: each bullet naming a subject is
        // one of its use cases (without a title); the others stay in the list as written.
        if section.subsections.isEmpty {
            lead = lead.compactMap { block in
                guard case .list = block.kind else { return block }
                let kept = block.children.filter { item in
                    let parsed = LabeledItem(item)
                    guard let label = parsed.label, let subject = subjects.resolve(label) else { return true }
                    if !useCaseGroups[sectionGroups...].contains(where: { $0.subject == subject }) {
                        useCaseGroups.append(UseCaseGroup(subject: subject, anchor: anchors.allocate(label, fallback: "use-cases"),
                                                          position: item.position))
                    }
                    var untitled = parsed
                    untitled.label = nil
                    untitled.labelInlines = []
                    useCases.append(useCase(untitled, subject: subject, anchorText: label, position: item.position))
                    return false
                }
                return kept.isEmpty ? nil : block.with(children: kept)
            }
            return (useCases, lead)
        }
        for subsection in section.subsections {
            let heading = subsection.title
            guard let subject = useCaseSubject(heading) else {
                warn(subsection.heading.position, "use-case heading '\(heading)' names no subject of this comparison (subjects: \(subjects.names)); it is shown as written")
                keepUnplaced(of: subsection, keeping: Set(subsection.items.map { ObjectIdentifier($0.node) }))
                continue
            }
            if !useCaseGroups[sectionGroups...].contains(where: { $0.subject == subject }) {
                useCaseGroups.append(UseCaseGroup(subject: subject, anchor: anchors.allocate(heading, fallback: "use-cases"),
                                                  position: subsection.heading.position,
                                                  heading: subjects.resolve(heading) == nil ? heading : nil))
            }
            warnAboutUnshownBlocks(in: subsection, place: "the use cases of '\(heading)'")
            if subsection.hasProse {
                keepUnplaced(of: subsection, keeping: [])
            }
            for listItem in subsection.items {
                useCases.append(useCase(listItem.parsed, subject: subject, anchorText: heading, position: listItem.node.position))
            }
        }
        return (useCases, lead)
    }

    mutating func useCase(_ parsed: LabeledItem, subject: String, anchorText heading: String, position: SourcePosition?) -> UseCase {
        let anchorText = "\(heading) \(parsed.label ?? "use case")"
        let (html, text) = fragments.renderWithPlainText(blocks: parsed.content)
        return UseCase(subject: subject, title: parsed.label, titleInlines: parsed.labelInlines, text: text, html: html,
                       description: parsed.content, anchor: anchors.allocate(anchorText, fallback: "use-case"), position: position)
    }

    /// The table and the use-case columns show list items only; say so (the text is kept as written).
    mutating func warnAboutUnshownBlocks(in subsection: RawSection.Subsection, place: String) {
        guard subsection.hasProse else { return }
        for block in subsection.blocks where !block.isList && !subsection.items.contains(where: { $0.node === block }) {
            warn(block.position, "text under \(place) outside its list is not in the table; it is shown as written with the section's text")
        }
    }

    /// Keeps the blocks of `subsection` outside its lists and the list items in `keeping` on the page,
    /// under the subsection's heading.
    mutating func keepUnplaced(of subsection: RawSection.Subsection, keeping: Set<ObjectIdentifier>) {
        var kept: [MarkdownNode] = []
        for block in subsection.blocks {
            if block.isList {
                let items = block.children.filter { keeping.contains(ObjectIdentifier($0)) }
                if !items.isEmpty { kept.append(block.with(children: items)) }
            } else if !subsection.items.contains(where: { $0.node === block }) || keeping.contains(ObjectIdentifier(block)) {
                kept.append(block)
            }
        }
        if !kept.isEmpty { unplaced += [subsection.heading] + kept }
    }

    func plainText(of blocks: [MarkdownNode]) -> String {
        MarkdownNode(.document, children: blocks).plainText
    }

    func collectAnchors(sections: [Section], differences: [DifferenceDimension], useCases: [UseCase], title: String) -> [String] {
        var result = [Slug.make(title, fallback: "title")]
        for section in sections {
            result.append(section.anchor)
            for case .heading(let heading) in section.blocks { result.append(heading.anchor) }
        }
        result += differences.map(\.slug)
        result += useCases.map(\.anchor)
        result += useCaseGroups.map(\.anchor)
        return result
    }
}

/// Section titles recognised when the shape alone does not tell (English, French, German, Japanese, Korean).
enum TitleKeywords {
    case differences, useCases, introduction, conclusion

    private static let differencesWords = ["differences", "difference", "comparison", "différences", "comparaison", "unterschiede",
                                           "vergleich", "違い", "比較", "차이점", "비교"]
    private static let useCasesWords = ["use cases", "use case", "when to use", "when to choose", "which to choose", "use case recommendations",
                                        "scenarios", "cas d'utilisation", "cas d’utilisation", "cas d'usage", "cas d’usage", "quand choisir", "lequel choisir", "anwendungsfälle",
                                        "einsatzszenarien", "ユースケース", "使い分け", "사용 사례", "활용 사례"]
    private static let introductionWords = ["introduction", "overview", "aperçu", "einleitung", "überblick", "概要", "はじめに", "개요", "소개"]
    private static let conclusionWords = ["conclusion", "summary", "verdict", "final thoughts", "résumé", "fazit", "zusammenfassung",
                                          "まとめ", "結論", "결론", "요약"]
    private static let differencesASCII = asciiBytes(differencesWords)
    private static let useCasesASCII = asciiBytes(useCasesWords)
    private static let introductionASCII = asciiBytes(introductionWords)
    private static let conclusionASCII = asciiBytes(conclusionWords)

    var words: [String] {
        switch self {
        case .differences: Self.differencesWords
        case .useCases: Self.useCasesWords
        case .introduction: Self.introductionWords
        case .conclusion: Self.conclusionWords
        }
    }

    /// The ASCII words only, as bytes: an ASCII key can equal (or end or start with) no other, since no
    /// word here is canonically equivalent to ASCII text.
    var asciiWords: [[UInt8]] {
        switch self {
        case .differences: Self.differencesASCII
        case .useCases: Self.useCasesASCII
        case .introduction: Self.introductionASCII
        case .conclusion: Self.conclusionASCII
        }
    }

    static func asciiBytes(_ words: [String]) -> [[UInt8]] {
        words.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.map { Array($0.utf8) }
    }

    func matches(_ title: String) -> Bool {
        let key = SubjectKey.makeUndecorated(title)
        guard !key.isEmpty else { return false }
        return keyMatches(key)
    }

    /// The rule: the key is a word, or ends or starts with one as a word of its own.
    func keyMatchesPlain(_ key: String) -> Bool {
        words.contains { key == $0 || key.hasSuffix(" " + $0) || key.hasPrefix($0 + " ") }
    }

    /// `keyMatchesPlain`, on bytes when the key is ASCII (almost every title): the plain rule compares
    /// `Character`s against every word, the Japanese and Korean ones too, at tens of thousands of
    /// instructions a title. In ASCII the only character of two scalars is CR LF, and no word holds
    /// either, so bytes and characters agree.
    func keyMatches(_ key: String) -> Bool {
        var copy = key
        let fast = copy.withUTF8 { bytes -> Bool? in
            for byte in bytes where byte >= 0x80 { return nil }
            for word in asciiWords {
                let count = word.count
                if bytes.count == count {
                    if bytes.elementsEqual(word) { return true }
                } else if bytes.count > count {
                    if bytes[bytes.count - count - 1] == 0x20, bytes[(bytes.count - count)...].elementsEqual(word) { return true }
                    if bytes[count] == 0x20, bytes[..<count].elementsEqual(word) { return true }
                }
            }
            return false
        }
        return fast ?? keyMatchesPlain(key)
    }
}

extension Array {
    /// The same elements in a buffer of their count, when the one they are in has room to spare.
    mutating func compact() {
        guard capacity > count else { return }
        let source = self
        self = Array(unsafeUninitializedCapacity: source.count) { buffer, initialized in
            _ = buffer.initialize(fromContentsOf: source)
            initialized = source.count
        }
    }
}
