import ComparisonExtraction
import ComparisonModel
import Diagnostics
import Foundation
import ParallelWork
import SearchIndex
import SiteRendering

/// The fast path of a process that builds the same site again and again (`versus serve`), for the edit
/// writers make most: the text of some documents changed, and nothing the other pages show of them did
/// (title, subjects, dates, summary, anchors, dimension titles, which subjects have an entry: the rule
/// is `PageDependencies.showsElsewhereAsBefore`). Only those documents are read and extracted again;
/// they take their places in the last build's model, keeping the site-wide subjects assembly gave
/// them (`SiteAssembler.assign`); only the pages that show their content are rendered again
/// (`PageDependencies.pagesShowingContent`); every other file is the last build's.
///
/// Contract: the outcome is byte for byte what a full build of the same files makes. Whatever this
/// path cannot show it handles (a new, deleted or renamed file, a profile, a changed title or subject,
/// a new error, moved code blocks, ...) makes it return `nil`, and the caller runs the full build. The
/// differential test of `versus serve` (`DifferentialRebuildTests`) holds it to that after random edits.
public struct ContentEdit: Sendable {
    /// The files whose bytes the edit changed, by path (pages, and the quick find's index when it changed).
    public var changedFiles: [String: [UInt8]]
    /// Of those, the pages, with the job that renders each.
    public var changedPages: [String: PageJob]
    /// Files of the last build the site no longer has (index shards the quick find no longer needs).
    public var removedFiles: Set<String>
    /// `model.json`, encoded when first asked for: 40 MB at 10,000 documents, which an edit would
    /// otherwise re-encode every time while nobody reads it.
    public var modelJSON: @Sendable () -> [UInt8]
    /// Every diagnostic of the build, sorted for display, as a full build reports them.
    public var diagnostics: [Diagnostic]
    /// What to hand the next build as `previousSite`.
    public var rendered: RenderedSite
    /// How many documents were read with new bytes and extracted again.
    public var documentsEdited: Int
}

extension SiteBuild {
    /// The site after the documents at `contentPaths` (relative to the content folder) changed, made
    /// from `previous` (the last build, whose extraction `extractionMemo` holds) without a full build;
    /// `nil` when the change is not one this path handles.
    public func edit(_ contentPaths: Set<String>, of previous: RenderedSite) -> ContentEdit? {
        guard !options.strict, let memo = extractionMemo, !contentPaths.isEmpty else { return nil }
        let settings = loader(for: previous.renderer.config).extractionSettings
        let model = previous.renderer.model
        var replacements: [Int: Document] = [:]
        var entries: [String: ExtractionMemo.Entry] = [:]
        // Extraction's diagnostics of the documents replaced, and of their replacements.
        var removedDiagnostics: [Diagnostic] = [], addedDiagnostics: [Diagnostic] = []
        var searchIndexChanged = false
        for path in contentPaths.sorted() {
            // A file that came and went between two builds (an editor's or `sed -i`'s temporary file,
            // renamed onto a document) is no part of either site.
            let entry = memo.entry(at: path)
            if entry == nil, !model.contentFiles.contains(path), fileSystem.kind(options.contentDirectory + "/" + path) == nil {
                continue
            }
            guard let entry, entry.settings == settings,
                  let old = entry.result.document, let oldDocument = old.document else { return nil }
            let bytes: [UInt8]
            do { bytes = try fileSystem.readFile(options.contentDirectory, path, settings.limits.maximumDocumentBytes) } catch { return nil }
            if ExtractionMemo.same(bytes, entry.bytes) { continue }
            let result = ModelLoader.extract(DiscoveredFile(contentPath: path, displayPath: entry.displayPath), bytes: bytes, settings: settings)
            // Subjects are merged across the site by their names and aliases; where the document names
            // them only shows in merging's messages, which are errors, and the last build had none.
            guard let new = result.document, let newDocument = new.document, result.diagnostics.isEmpty, !new.diagnostics.hasErrors,
                  Self.placeless(new.subjects) == Self.placeless(old.subjects), new.ignoredFrontMatterKeys == old.ignoredFrontMatterKeys,
                  new.pairs.count == old.pairs.count,
                  zip(new.pairs, old.pairs).allSatisfy({ Self.placeless($0.subjects) == Self.placeless($1.subjects) }),
                  let hub = model.documents.firstIndex(where: { $0.slug == oldDocument.slug }) else { return nil }
            // The document, then the comparisons of its pair sections, which assembly placed right after it.
            let pieces = zip([oldDocument] + old.pairs.map(\.document), [newDocument] + new.pairs.map(\.document))
            for (offset, (before, after)) in pieces.enumerated() {
                let index = hub + offset
                guard index < model.documents.count, model.documents[index].slug == before.slug,
                      model.documents[index].source == before.source, (offset == 0) == (model.documents[index].partOf == nil),
                      before.subjects == after.subjects,
                      Self.sameCode(before, after, notes: previous.modelDiagnostics) else { return nil }
                var placed = after
                SiteAssembler.assign(model.documents[index].subjects, to: &placed)
                if !PageDependencies.searchIndexAsBefore(model.documents[index], placed) { searchIndexChanged = true }
                replacements[index] = placed
            }
            removedDiagnostics += old.diagnostics
            addedDiagnostics += new.diagnostics
            entries[path] = ExtractionMemo.Entry(displayPath: entry.displayPath, settings: settings, bytes: bytes, result: result)
        }
        guard !replacements.isEmpty else { return entries.isEmpty ? unchanged(previous) : nil }
        guard let renderer = previous.renderer.replacingContent(replacements) else { return nil }
        // Broken links are the other diagnostics a document's content makes; links from other
        // documents into it read its anchors, which stayed.
        for index in replacements.keys {
            removedDiagnostics += previous.renderer.linkDiagnostics(of: model.documents[index])
            addedDiagnostics += renderer.linkDiagnostics(of: renderer.model.documents[index])
        }
        guard let kept = previous.modelDiagnostics.removingEach(of: removedDiagnostics) else { return nil }
        let modelDiagnostics = (kept + addedDiagnostics).sortedForDisplay()

        var jobs: [PageJob] = []
        var listed: Set<PageJob> = []
        for index in replacements.keys.sorted() {
            for job in PageDependencies.pagesShowingContent(of: index, in: renderer) where listed.insert(job).inserted { jobs.append(job) }
        }
        var changedFiles: [String: [UInt8]] = [:]
        var changedPages: [String: PageJob] = [:]
        for (job, outcome) in zip(jobs, jobs.parallelMap({ renderer.render($0) })) {
            // A page that fails to render is the full build's to report.
            guard case .success(let page) = outcome else { return nil }
            changedFiles[page.path] = page.bytes
            changedPages[page.path] = job
        }
        var modelForJSON = renderer.model
        modelForJSON.diagnostics = modelDiagnostics
        var removedFiles: Set<String> = []
        var searchIndexPaths = previous.searchIndexPaths
        if searchIndexChanged {
            let index = SearchIndex.files(for: modelForJSON, dimensionPages: renderer.dimensionPages)
            for file in index where previous.files[file.path] != file.bytes { changedFiles[file.path] = file.bytes }
            removedFiles = Set(previous.searchIndexPaths).subtracting(index.map(\.path))
            searchIndexPaths = index.map(\.path)
        }

        // The pages stay out: a process that keeps the site renders pages again from their jobs.
        var files = previous.files
        for (path, bytes) in changedFiles where changedPages[path] == nil { files[path] = bytes }
        for path in changedPages.keys { files[path] = nil }
        for path in removedFiles { files[path] = nil }
        // Made on demand from now on (`modelJSON`); a later full build writes it anew.
        files["model.json"] = nil
        var rendered = RenderedSite(renderer: renderer, templates: previous.templates, files: files,
                                    pagesKept: renderer.jobs.count - jobs.count, searchIndexPaths: searchIndexPaths)
        rendered.modelDiagnostics = modelDiagnostics
        rendered.writeDiagnostics = previous.writeDiagnostics
        memo.update(entries)
        return ContentEdit(changedFiles: changedFiles, changedPages: changedPages, removedFiles: removedFiles,
                           modelJSON: { [modelForJSON] in ModelLoader.modelJSONBytes(modelForJSON) },
                           diagnostics: (modelDiagnostics + previous.writeDiagnostics).sortedForDisplay(), rendered: rendered,
                           documentsEdited: entries.count)
    }

    static func placeless(_ mentions: [SubjectMention]) -> [SubjectMention] {
        mentions.map { mention in
            var placeless = mention
            placeless.position = nil
            return placeless
        }
    }

    /// Whether `after` has the code blocks of `before`, in the same order (so the same highlighted code,
    /// and the same blocks first in the site's code notes), and no note of the last build points at one
    /// of them: then a block that moved moves no note.
    static func sameCode(_ before: Document, _ after: Document, notes: [Diagnostic]) -> Bool {
        let old = CodeBlocks.occurrences(in: before), new = CodeBlocks.occurrences(in: after)
        if old == new { return true }
        guard old.map(\.sample) == new.map(\.sample) else { return false }
        let places = Set(old.compactMap { $0.position.map { [$0.line, $0.column] } })
        return !notes.contains { $0.file == before.source && places.contains([$0.line ?? 0, $0.column ?? 0]) }
    }

    /// Files were written with the bytes they had: the site as it was.
    private func unchanged(_ previous: RenderedSite) -> ContentEdit {
        var model = previous.renderer.model
        model.diagnostics = previous.modelDiagnostics
        var rendered = previous
        rendered.pagesKept = previous.renderer.jobs.count
        return ContentEdit(changedFiles: [:], changedPages: [:], removedFiles: [], modelJSON: { [model] in ModelLoader.modelJSONBytes(model) },
                           diagnostics: (previous.modelDiagnostics + previous.writeDiagnostics).sortedForDisplay(), rendered: rendered,
                           documentsEdited: 0)
    }
}

extension Array where Element == Diagnostic {
    /// The list without one occurrence of each of `removed`; `nil` when one is not in it.
    func removingEach(of removed: [Diagnostic]) -> [Diagnostic]? {
        var pending: [Diagnostic: Int] = [:]
        for diagnostic in removed { pending[diagnostic, default: 0] += 1 }
        var kept: [Diagnostic] = []
        kept.reserveCapacity(count)
        for diagnostic in self {
            if let left = pending[diagnostic], left > 0 {
                pending[diagnostic] = left - 1
            } else {
                kept.append(diagnostic)
            }
        }
        return pending.values.allSatisfy { $0 == 0 } ? kept : nil
    }
}
