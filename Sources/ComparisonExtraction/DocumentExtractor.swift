import ComparisonModel
import Diagnostics
import Foundation
import MarkdownSyntax

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
    /// `SubjectKey`s of the name and the aliases, made here on every core rather than while the
    /// site is joined, which runs on one.
    var keys: [String]

    init(name: String, aliases: [String], position: SourcePosition? = nil) {
        self.name = name
        self.aliases = aliases
        self.position = position
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
}

/// Turns one Markdown document into a `Document`, by the authoring rules in the README:
/// structure is recognised by its shape first and by its English (or French) titles second.
public struct DocumentExtractor: Sendable {
    public var limits: InputLimits
    /// Renders raw HTML into the pieces' `html` (site option `unsafe_html`) instead of omitting it.
    public var allowRawHTML: Bool

    public init(limits: InputLimits = .init(), allowRawHTML: Bool = false) {
        self.limits = limits
        self.allowRawHTML = allowRawHTML
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
        let parsed = MarkdownParser.parse(split.body, file: file.source,
                                          options: MarkdownParseOptions(lineOffset: split.bodyLineOffset))
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
        var document = builder.build()
        if !document.linksWithinSite {
            // `html` is final: drop the Markdown the pages would otherwise render again (see `DifferenceEntry.content`).
            for dimension in document.differences.indices {
                for entry in document.differences[dimension].entries.indices { document.differences[dimension].entries[entry].content = [] }
            }
            for useCase in document.useCases.indices { document.useCases[useCase].description = [] }
        }
        // Stable sort: messages read top to bottom through the file.
        diagnostics += builder.diagnostics.enumerated().sorted {
            ($0.element.line ?? 0, $0.element.column ?? 0, $0.offset) < ($1.element.line ?? 0, $1.element.column ?? 0, $1.offset)
        }.map(\.element)
        if builder.diagnostics.hasErrors {
            // Too many subjects: the sections were read without them, so only the error means anything.
            return ExtractedDocument(document: nil, subjects: [], diagnostics: diagnostics.filter { $0.severity == .error })
        }
        return ExtractedDocument(document: document, subjects: builder.subjectMentions, diagnostics: diagnostics,
                                 ignoredFrontMatterKeys: split.frontMatter?.ignoredKeys ?? [])
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
        /// The items of the subsection's lists, in order.
        var items: [ListItem] = []
    }

    struct ListItem {
        var node: MarkdownNode
        var ordered: Bool
        var parsed: LabeledItem
    }

    init(heading: MarkdownNode?, blocks: [MarkdownNode]) {
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
        guard let first = item.children.first, first.kind == .paragraph,
              let strong = first.children.first, strong.isStrong else { return }
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
        while let head = rest.first, head.kind == .softBreak || head.kind == .lineBreak { rest.removeFirst() }
        label = labelText.trimmingWhitespace()
        labelInlines = inlines
        var blocks = Array(item.children.dropFirst())
        if !rest.isEmpty { blocks.insert(MarkdownNode(.paragraph, children: rest, position: first.position), at: 0) }
        content = blocks
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
    }

    private(set) var entries: [Entry] = []
    private var bySubjectKey: [String: Int] = [:]

    @discardableResult
    mutating func add(name: String, aliases: [String] = [], position: SourcePosition? = nil) -> String {
        if let index = bySubjectKey[SubjectKey.make(name)] { return entries[index].slug }
        let slug = Slug.make(name, fallback: "subject")
        entries.append(Entry(slug: slug, name: name, aliases: aliases, position: position))
        for key in [name] + aliases { bySubjectKey[SubjectKey.make(key)] = entries.count - 1 }
        return slug
    }

    func resolve(_ label: String) -> String? {
        bySubjectKey[SubjectKey.make(label)].map { entries[$0].slug }
    }

    var names: String { entries.map(\.name).joined(separator: ", ") }
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
    /// Renders entries and use cases to the model's `html`.
    let fragments: HTMLFragmentRenderer
    /// More subjects than this is an error (`InputLimits.maximumSubjects`).
    var maximumSubjects = Int.max

    init(file: ContentFile, frontMatter: FrontMatter, root: MarkdownNode, links: [DocumentLink],
         fragments: HTMLFragmentRenderer = HTMLFragmentRenderer()) {
        self.file = file
        self.frontMatter = frontMatter
        self.root = root
        self.links = links
        self.fragments = fragments
    }

    var subjectMentions: [SubjectMention] {
        subjects.entries.map { SubjectMention(name: $0.name, aliases: $0.aliases, position: $0.position) }
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
        let rawSections = split.map { RawSection(heading: $0.heading, blocks: $0.blocks) }

        // Subjects: front matter first, then the title, then the labels themselves.
        var subjectsAreDeclared = false
        if let declared = frontMatter.subjects {
            for subject in declared { subjects.add(name: subject.name, aliases: subject.aliases, position: subject.position) }
            subjectsAreDeclared = !declared.isEmpty
        }
        let differencesIndex = findDifferencesSection(rawSections, declared: subjectsAreDeclared)
        let labels = differencesIndex.map { labelsOf(rawSections[$0]) } ?? []
        if !subjectsAreDeclared, let fromTitle = TitleSubjects.parse(title) {
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
            for name in reading { subjects.add(name: name, position: titlePlace) }
            subjectsAreDeclared = !reading.isEmpty
        }
        if !subjectsAreDeclared {
            for label in labels { subjects.add(name: label.label, position: label.position) }
        }

        let useCasesIndex = findUseCasesSection(rawSections, excluding: differencesIndex, declared: subjectsAreDeclared)
        if !subjectsAreDeclared, let useCasesIndex {
            for subsection in rawSections[useCasesIndex].subsections { subjects.add(name: subsection.title, position: subsection.heading.position) }
        }
        // Checked before the sections are built (each dimension warns once per missing subject), and
        // only for what will be a comparison (as `isComparison` below decides): a page keeps no subjects.
        if subjects.entries.count > maximumSubjects && (differencesIndex != nil || (frontMatter.subjects?.count ?? 0) >= 2) {
            diagnostics.append(InputScreen.tooManySubjects(subjects.entries.count, at: subjects.entries[maximumSubjects].position,
                                                           file: file.source, maximum: maximumSubjects))
            subjects = SubjectTable()
        }

        var sections: [Section] = []
        var differences: [DifferenceDimension] = []
        var useCases: [UseCase] = []
        for (index, raw) in rawSections.enumerated() {
            let kind = classify(raw, index: index, of: rawSections, differences: differencesIndex, useCases: useCasesIndex)
            let anchor = anchors.allocate(raw.heading == nil ? "introduction" : raw.title, fallback: "section")
            var sectionBlocks: [SectionBlock]
            switch kind {
            case .differences:
                sectionBlocks = raw.leadBlocks.map { .markdown($0) }
                differences = buildDimensions(raw)
            case .useCases:
                sectionBlocks = raw.leadBlocks.map { .markdown($0) }
                useCases = buildUseCases(raw)
            default:
                sectionBlocks = raw.blocks.map { block in
                    if let level = block.headingLevel {
                        let text = block.plainText
                        return .heading(Heading(level: level, title: text, inlines: block.children,
                                                anchor: anchors.allocate(text), position: block.position))
                    }
                    return .markdown(block)
                }
            }
            sections.append(Section(kind: kind, title: raw.title, titleInlines: raw.heading?.children ?? [],
                                    anchor: anchor, position: raw.heading?.position ?? raw.blocks.first?.position,
                                    blocks: sectionBlocks))
        }

        let isComparison = differencesIndex != nil || (frontMatter.subjects?.count ?? 0) >= 2
        if isComparison && subjects.entries.count < 2 {
            warn(titleHeading?.position ?? SourcePosition(line: 1, column: 1),
                 "a comparison needs at least two subjects; found \(subjects.entries.count)")
        }
        if !isComparison {
            subjects = SubjectTable()
        }
        let summarySource = sections.first { $0.kind == .introduction } ?? sections.first
        let summary = frontMatter.summary ?? summarySource?.blocks.lazy.compactMap { block -> String? in
            if case .markdown(let node) = block, node.kind == .paragraph { return node.plainText }
            return nil
        }.first ?? ""

        let slugSource = frontMatter.slug ?? fileStem
        let slug = Slug.make(slugSource, fallback: "untitled")
        if let declared = frontMatter.slug, declared != slug {
            warn(SourcePosition(line: 1, column: 1), "slug '\(declared)' is not a valid slug; using '\(slug)'")
        }

        return Document(
            slug: slug, source: file.source, contentPath: file.contentPath, title: title, titleInlines: titleInlines,
            titlePosition: titleHeading?.position, kind: isComparison ? .comparison : .page,
            language: frontMatter.language ?? ScriptLanguage.dominant(in: file.bytes), draft: frontMatter.draft, summary: summary,
            subjects: subjects.entries.map { SubjectReference(slug: $0.slug, name: $0.name) },
            sections: sections, differences: differences, useCases: useCases,
            anchors: collectAnchors(sections: sections, differences: differences, useCases: useCases, title: title),
            links: links, useCaseGroups: useCaseGroups, updated: frontMatter.updated)
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
    func findDifferencesSection(_ sections: [RawSection], declared: Bool) -> Int? {
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
        return sections.firstIndex { TitleKeywords.differences.matches($0.title) }
    }

    /// The use cases section by shape: `###` headings that name subjects. Failing that, by title.
    func findUseCasesSection(_ sections: [RawSection], excluding differences: Int?, declared: Bool) -> Int? {
        for (index, section) in sections.enumerated() where index != differences {
            let subsections = section.subsections
            guard !subsections.isEmpty else { continue }
            let naming = subsections.filter { subjects.resolve($0.title) != nil }
            if naming.count * 2 >= subsections.count && !naming.isEmpty { return index }
        }
        return sections.indices.first { $0 != differences && TitleKeywords.useCases.matches(sections[$0].title) }
    }

    func classify(_ section: RawSection, index: Int, of sections: [RawSection], differences: Int?, useCases: Int?) -> SectionKind {
        if index == differences { return .differences }
        if index == useCases { return .useCases }
        if TitleKeywords.introduction.matches(section.title) { return .introduction }
        if TitleKeywords.conclusion.matches(section.title) { return .conclusion }
        let structured = [differences, useCases].compactMap { $0 }
        let hasNoSubsections = section.subsections.isEmpty
        // By position: prose before the structured sections introduces, prose after them concludes.
        if let first = structured.min(), index < first, hasNoSubsections,
           index == 0, !sections.contains(where: { TitleKeywords.introduction.matches($0.title) }) {
            return .introduction
        }
        if let last = structured.max(), index > last, index == sections.count - 1, hasNoSubsections,
           !sections.contains(where: { TitleKeywords.conclusion.matches($0.title) }) {
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
            warnAboutUnshownBlocks(in: subsection, place: "dimension '\(title)'")
            for listItem in subsection.items {
                let item = listItem.node, parsed = listItem.parsed
                guard let label = parsed.label else {
                    warn(item.position, "a difference bullet should start with a bold subject label, like '**Name**: text'")
                    continue
                }
                guard let subject = subjects.resolve(label) else {
                    warn(item.position, "'\(label)' names no subject of this comparison (subjects: \(subjects.names))")
                    continue
                }
                if entries.contains(where: { $0.subject == subject }) {
                    warn(item.position, "dimension '\(title)' has a second entry for '\(label)'; the first one is kept")
                    continue
                }
                let (html, text) = fragments.renderWithPlainText(blocks: parsed.content)
                entries.append(DifferenceEntry(subject: subject, text: text, html: html,
                                               content: parsed.content, position: item.position))
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

    mutating func buildUseCases(_ section: RawSection) -> [UseCase] {
        var useCases: [UseCase] = []
        for subsection in section.subsections {
            let heading = subsection.title
            guard let subject = subjects.resolve(heading) else {
                warn(subsection.heading.position, "use-case heading '\(heading)' names no subject of this comparison (subjects: \(subjects.names))")
                continue
            }
            if !useCaseGroups.contains(where: { $0.subject == subject }) {
                useCaseGroups.append(UseCaseGroup(subject: subject, anchor: anchors.allocate(heading, fallback: "use-cases"),
                                                  position: subsection.heading.position))
            }
            warnAboutUnshownBlocks(in: subsection, place: "the use cases of '\(heading)'")
            for listItem in subsection.items {
                let item = listItem.node, parsed = listItem.parsed
                let anchorText = "\(heading) \(parsed.label ?? "use case")"
                let (html, text) = fragments.renderWithPlainText(blocks: parsed.content)
                useCases.append(UseCase(subject: subject, title: parsed.label, titleInlines: parsed.labelInlines,
                                        text: text, html: html,
                                        description: parsed.content, anchor: anchors.allocate(anchorText, fallback: "use-case"),
                                        position: item.position))
            }
        }
        return useCases
    }

    /// The table and the use-case columns show list items only; say so rather than drop text silently.
    mutating func warnAboutUnshownBlocks(in subsection: RawSection.Subsection, place: String) {
        for block in subsection.blocks where !block.isList {
            warn(block.position, "text under \(place) outside its list is not shown on the page; put it in a bullet or another section")
        }
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

/// Section titles recognised when the shape alone does not tell (English and French).
enum TitleKeywords {
    case differences, useCases, introduction, conclusion

    func matches(_ title: String) -> Bool {
        let key = SubjectKey.make(title)
        guard !key.isEmpty else { return false }
        let words: [String]
        switch self {
        case .differences: words = ["differences", "difference", "comparison", "différences", "comparaison"]
        case .useCases: words = ["use cases", "use case", "when to use", "scenarios", "cas d'utilisation", "cas d’utilisation"]
        case .introduction: words = ["introduction", "overview", "aperçu"]
        case .conclusion: words = ["conclusion", "summary", "verdict", "final thoughts", "résumé"]
        }
        return words.contains { key == $0 || key.hasSuffix(" " + $0) || key.hasPrefix($0 + " ") }
    }
}
