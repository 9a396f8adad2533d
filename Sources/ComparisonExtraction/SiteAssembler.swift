import ComparisonModel
import Diagnostics
import Foundation
import MarkdownSyntax
import TextPrimitives

/// Optional `content/subjects/<slug>.md`: a subject's name, aliases, website and introduction.
public struct SubjectProfile: Sendable, Hashable {
    public var source: String
    public var name: String
    public var aliases: [String]
    public var website: String?
    public var blocks: [MarkdownNode]
    /// Where the name is given (`name`, `title` or the `#` heading) and where `aliases` is written.
    public var namePosition: SourcePosition?
    public var aliasesPosition: SourcePosition?

    public init(source: String, name: String, aliases: [String], website: String?, blocks: [MarkdownNode],
                namePosition: SourcePosition?, aliasesPosition: SourcePosition?) {
        self.source = source
        self.name = name
        self.aliases = aliases
        self.website = website
        self.blocks = blocks
        self.namePosition = namePosition
        self.aliasesPosition = aliasesPosition
    }
}

public enum SubjectProfileReader {
    public static func read(_ file: ContentFile) -> (SubjectProfile?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let text: SourceText
        switch SourceText.decode(file.bytes, file: file.source) {
        case .success(let decoded): text = decoded
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        guard let split = FrontMatterReader.split(text.bytes, file: file.source, isProfile: true, diagnostics: &diagnostics) else {
            return (nil, diagnostics)
        }
        if let problem = InputScreen.screen(split.body, lineOffset: split.bodyLineOffset, file: file.source, limits: InputLimits()) {
            return (nil, diagnostics + [problem])
        }
        let parsed = MarkdownParser.parse(split.body, file: file.source, options: MarkdownParseOptions(lineOffset: split.bodyLineOffset))
        diagnostics += parsed.diagnostics
        let stem = file.stem
        let heading = parsed.root.children.first { $0.headingLevel == 1 }
        let name = split.frontMatter?.name ?? split.frontMatter?.title ?? heading?.plainText ?? stem
        let keyPositions = split.frontMatter?.keyPositions ?? [:]
        let namePosition = split.frontMatter?.name != nil ? keyPositions["name"]
            : split.frontMatter?.title != nil ? keyPositions["title"] : heading?.position
        var website = split.frontMatter?.website
        if let url = website, let reason = URLSchemeFilter.rejection(of: url, use: .link) {
            diagnostics.append(Diagnostic(.warning, file: file.source, position: SourcePosition(line: 1, column: 1),
                                          "website removed: \(reason)"))
            website = nil
        }
        let blocks = parsed.root.children.filter { $0.headingLevel != 1 }
        return (SubjectProfile(source: file.source, name: name, aliases: split.frontMatter?.aliases ?? [],
                               website: website, blocks: blocks, namePosition: namePosition ?? SourcePosition(line: 1, column: 1),
                               aliasesPosition: keyPositions["aliases"] ?? namePosition), diagnostics)
    }
}

/// Joins the documents into one site: one subject per product across documents (by the rules of
/// `SubjectIdentity`), unique output paths.
public enum SiteAssembler {
    static let windowsReservedNames: Set<String> = Set(["con", "prn", "aux", "nul"]
        + (1...9).map { "com\($0)" } + (1...9).map { "lpt\($0)" })

    /// Runs on one core, after every document is extracted: it moves documents rather than copying
    /// them, and leaves per-document work (subject keys) to extraction. `unbuiltDocuments` are the
    /// content paths of documents whose own errors kept them out (see `SiteModel.unbuiltDocuments`).
    public static func assemble(_ extracted: consuming [ExtractedDocument], profiles: [SubjectProfile] = [],
                                extraDiagnostics: [Diagnostic] = [], unbuiltDocuments: Set<String> = [],
                                includeDrafts: Bool = false) -> SiteModel {
        var diagnostics = extraDiagnostics + extracted.flatMap(\.diagnostics)
        var documents: [Document] = []
        var mentions: [[SubjectMention]] = []
        var outputOwners: [String: String] = [:]
        // Which documents carry which keys of other generators, for one note.
        var ignoredKeys: [String: Int] = [:]
        var firstWithIgnoredKeys: String?
        // By source, read once per document (comparing `document?.source` copied each document).
        let sources = extracted.map { $0.document?.source ?? "" }
        documents.reserveCapacity(extracted.count)
        for position in extracted.indices.sorted(by: { sources[$0] < sources[$1] }) {
            let documentMentions = extracted[position].subjects
            let ignored = extracted[position].ignoredFrontMatterKeys
            guard let document = extracted[position].document.take(), includeDrafts || !document.draft else { continue }
            if !ignored.isEmpty {
                firstWithIgnoredKeys = firstWithIgnoredKeys ?? document.source
                for key in Set(ignored) { ignoredKeys[key, default: 0] += 1 }
            }
            let outputKey = document.url.foldedForComparison
            if let owner = outputOwners[outputKey] {
                diagnostics.append(Diagnostic(.error, file: document.source, position: SourcePosition(line: 1, column: 1),
                    "'\(document.source)' and '\(owner)' both become '\(document.url)'; give one a different 'slug'"))
                continue
            }
            let pairs = extracted[position].pairs
            extracted[position].pairs = []
            if document.kind == .page && SiteLayout.reservedTopLevelNames.contains(document.slug) {
                diagnostics.append(Diagnostic(.error, file: document.source, position: SourcePosition(line: 1, column: 1),
                    "the slug '\(document.slug)' is used by the site itself; choose another 'slug'"))
                continue
            }
            outputOwners[outputKey] = document.source
            if windowsReservedNames.contains(document.slug) {
                diagnostics.append(Diagnostic(.warning, file: document.source, position: SourcePosition(line: 1, column: 1),
                    "the slug '\(document.slug)' is a reserved file name on Windows; the site cannot be checked out there"))
            }
            documents.append(document)
            mentions.append(documentMentions)
            // The comparisons of a document that compares several pairs follow it. One whose page another
            // document already makes is left out, and so is the link to it (the section stays on the page).
            let hubIndex = documents.count - 1
            for pair in pairs {
                let pairKey = pair.document.url.foldedForComparison
                if let owner = outputOwners[pairKey] {
                    diagnostics.append(Diagnostic(.warning, file: document.source, position: pair.document.titlePosition,
                        "the pair '\(pair.document.title)' would become '\(pair.document.url)', which '\(owner)' makes; it is shown only on this document's page (give the document another 'slug')"))
                    if let section = documents[hubIndex].sections.firstIndex(where: { $0.pairComparison == pair.document.slug }) {
                        documents[hubIndex].sections[section].pairComparison = nil
                    }
                    continue
                }
                outputOwners[pairKey] = document.source
                documents.append(pair.document)
                mentions.append(pair.subjects)
            }
        }
        if let file = firstWithIgnoredKeys {
            let listed = ignoredKeys.keys.sorted().map { key in
                ignoredKeys[key] == 1 ? key : "\(key) (\(ignoredKeys[key]!) documents)"
            }
            diagnostics.append(Diagnostic(.note, file: file,
                "front-matter keys of other site generators are ignored: \(listed.joined(separator: ", "))"))
        }

        let identity = SubjectIdentity(profiles: profiles.sorted { $0.source < $1.source }, documents: documents, mentions: mentions)
        diagnostics += identity.diagnostics
        var subjects = identity.subjects
        // Which documents each subject already lists: `documents.contains` per mention was quadratic.
        var documentsOfSubject = [Set<String>](repeating: [], count: subjects.count)
        for index in documents.indices {
            // The site-wide subject of each of the document's own subjects.
            let held = zip(documents[index].subjects, identity.subjectOfMention[index]).map { $1 }
            for subject in held where documentsOfSubject[subject].insert(documents[index].slug).inserted {
                subjects[subject].documents.append(documents[index].slug)
            }
            let assigned = held.map { SubjectReference(slug: subjects[$0].slug, name: subjects[$0].name) }
            assign(assigned, to: &documents[index])
        }
        // Subject pages and comparison pages live in different folders, so only subjects compete among themselves.
        subjects.sort { $0.slug < $1.slug }
        return SiteModel(documents: documents, subjects: subjects, diagnostics: diagnostics.sortedForDisplay(),
                         unbuiltDocuments: unbuiltDocuments)
    }

    /// A document's own subjects (as extraction named them) replaced by the site-wide subjects they
    /// are, in the same order, and every piece that names one by slug rewritten to match. The one
    /// place a document takes its site-wide subjects: assembling does it for every document, and a
    /// rebuild of one edited document (whose subjects are those it had) does it again for that one.
    public static func assign(_ assigned: [SubjectReference], to document: inout Document) {
        var slugMap: [String: String] = [:]
        for (reference, subject) in zip(document.subjects, assigned) { slugMap[reference.slug] = subject.slug }
        if assigned != document.subjects { document.subjects = assigned }
        // Rewrite the pieces only where a slug changed: writing unchanged values would copy every array.
        let renamed = slugMap.filter { $0.key != $0.value }
        if !renamed.isEmpty { rename(renamed, in: &document) }
    }

    private static func rename(_ renamed: [String: String], in document: inout Document) {
        for dimension in document.differences.indices {
            for entry in document.differences[dimension].entries.indices {
                let old = document.differences[dimension].entries[entry].subject
                if let new = renamed[old] { document.differences[dimension].entries[entry].subject = new }
            }
        }
        for group in document.useCaseGroups.indices {
            let old = document.useCaseGroups[group].subject
            if let new = renamed[old] { document.useCaseGroups[group].subject = new }
        }
        for useCase in document.useCases.indices {
            let old = document.useCases[useCase].subject
            if let new = renamed[old] { document.useCases[useCase].subject = new }
        }
    }
}
