import ComparisonModel
import Diagnostics
import Foundation
import MarkdownSyntax

/// Optional `content/subjects/<slug>.md`: a subject's name, aliases, website and introduction.
public struct SubjectProfile: Sendable, Hashable {
    public var source: String
    public var name: String
    public var aliases: [String]
    public var website: String?
    public var blocks: [MarkdownNode]
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
        let name = split.frontMatter?.name ?? split.frontMatter?.title
            ?? parsed.root.children.first { $0.headingLevel == 1 }?.plainText ?? stem
        var website = split.frontMatter?.website
        if let url = website, let reason = URLSchemeFilter.rejection(of: url, use: .link) {
            diagnostics.append(Diagnostic(.warning, file: file.source, position: SourcePosition(line: 1, column: 1),
                                          "website removed: \(reason)"))
            website = nil
        }
        let blocks = parsed.root.children.filter { $0.headingLevel != 1 }
        return (SubjectProfile(source: file.source, name: name, aliases: split.frontMatter?.aliases ?? [],
                               website: website, blocks: blocks), diagnostics)
    }
}

/// Joins the documents into one site: one subject per product across documents, unique output paths.
public enum SiteAssembler {
    static let windowsReservedNames: Set<String> = Set(["con", "prn", "aux", "nul"]
        + (1...9).map { "com\($0)" } + (1...9).map { "lpt\($0)" })

    /// Runs on one core, after every document is extracted: it moves documents rather than copying
    /// them, and leaves per-document work (subject keys) to extraction.
    public static func assemble(_ extracted: consuming [ExtractedDocument], profiles: [SubjectProfile] = [],
                                extraDiagnostics: [Diagnostic] = []) -> SiteModel {
        var diagnostics = extraDiagnostics + extracted.flatMap(\.diagnostics)
        var subjects: [Subject] = []
        // Which documents each subject already lists: `documents.contains` per mention was quadratic.
        var documentsOfSubject: [Set<String>] = []
        var subjectIndexByKey: [String: Int] = [:]
        var subjectIndexBySlug: [String: Int] = [:]
        var usedSubjectSlugs: Set<String> = []

        func subjectIndex(name: String, aliases: [String], keys: [String]) -> Int {
            if let found = keys.lazy.compactMap({ subjectIndexByKey[$0] }).first {
                for alias in [name] + aliases where !subjects[found].aliases.contains(alias) && alias != subjects[found].name {
                    subjects[found].aliases.append(alias)
                }
                for key in keys where subjectIndexByKey[key] == nil { subjectIndexByKey[key] = found }
                return found
            }
            // Different names can slug alike ("C" and "C++"); keep URLs unique, deterministically.
            let base = Slug.make(name, fallback: "subject")
            var slug = base
            var counter = 2
            while usedSubjectSlugs.contains(slug) { slug = "\(base)-\(counter)"; counter += 1 }
            usedSubjectSlugs.insert(slug)
            subjects.append(Subject(slug: slug, name: name, aliases: aliases, documents: []))
            documentsOfSubject.append([])
            subjectIndexBySlug[slug] = subjects.count - 1
            for key in keys where subjectIndexByKey[key] == nil { subjectIndexByKey[key] = subjects.count - 1 }
            return subjects.count - 1
        }

        // Profiles come first so their names and aliases define the subject.
        for profile in profiles.sorted(by: { $0.source < $1.source }) {
            let index = subjectIndex(name: profile.name, aliases: profile.aliases,
                                     keys: ([profile.name] + profile.aliases).map(SubjectKey.make))
            subjects[index].website = profile.website
            subjects[index].profileSource = profile.source
            subjects[index].profileBlocks = profile.blocks
        }

        var documents: [Document] = []
        var outputOwners: [String: String] = [:]
        // By source, read once per document (comparing `document?.source` copied each document).
        let sources = extracted.map { $0.document?.source ?? "" }
        documents.reserveCapacity(extracted.count)
        for position in extracted.indices.sorted(by: { sources[$0] < sources[$1] }) {
            let mentions = extracted[position].subjects
            guard var document = extracted[position].document.take(), !document.draft else { continue }
            let outputKey = document.url.foldedForComparison
            if let owner = outputOwners[outputKey] {
                diagnostics.append(Diagnostic(.error, file: document.source, position: SourcePosition(line: 1, column: 1),
                    "'\(document.source)' and '\(owner)' both become '\(document.url)'; give one a different 'slug'"))
                continue
            }
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
            // Map the document's own subject slugs onto the site-wide subjects.
            var slugMap: [String: String] = [:]
            for (reference, mention) in zip(document.subjects, mentions) {
                let index = subjectIndex(name: mention.name, aliases: mention.aliases, keys: mention.keys)
                slugMap[reference.slug] = subjects[index].slug
                if documentsOfSubject[index].insert(document.slug).inserted { subjects[index].documents.append(document.slug) }
            }
            let mapped = document.subjects.map { reference in
                let slug = slugMap[reference.slug] ?? reference.slug
                return SubjectReference(slug: slug, name: subjectIndexBySlug[slug].map { subjects[$0].name } ?? reference.name)
            }
            if mapped != document.subjects { document.subjects = mapped }
            // Rewrite the pieces only where a slug changed: writing unchanged values would copy every array.
            let renamed = slugMap.filter { $0.key != $0.value }
            if !renamed.isEmpty {
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
            documents.append(document)
        }
        // Subject pages and comparison pages live in different folders, so only subjects compete among themselves.
        subjects.sort { $0.slug < $1.slug }
        return SiteModel(documents: documents, subjects: subjects, diagnostics: diagnostics.sortedForDisplay())
    }
}
