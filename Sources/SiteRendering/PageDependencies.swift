import ComparisonModel
import MarkdownSyntax

/// Which pages a rebuild must render again, given the pages of the last build (`versus serve`). Two
/// rules, one per path: `pagesShowingContent` for an edit of documents' text (`SiteBuild.edit`, when
/// `showsElsewhereAsBefore` holds), `jobsToRender` for a full build that may keep pages.
///
/// The full build's rule: when every site-wide fact is what it was — each document's `siteWideFacts` (its title,
/// url, kind, language, dates, summary, subjects, anchors, dimension titles: what other pages show
/// of it), the subjects, the dimension catalog, the content files, `site.yml`, the templates and the
/// highlighted code other documents use — a document whose own content changed alters only its own
/// page, the pages of its subjects and the pages of its dimensions: when which subjects have an entry
/// in each of its dimensions stayed too (`showsElsewhereAsBefore`), only the one page of each that
/// lists it (`pagesShowingContent`, the rule of `SiteBuild.edit`); otherwise every page number of
/// them, and every page that lists or sums up documents (home, browse lists, search, sitemap, feed,
/// dimensions index, coverage, 404, robots.txt), which are cheap. Anything else renders every page.
public enum PageDependencies {
    /// What other pages read of a document: all of it but what its own page alone shows (its sections,
    /// links, use cases, entries, and the Markdown of its title and dimension titles, whose text stays).
    /// Positions go too (a dimension's, the title's): an edit above them moves them, and no page shows one.
    public static func siteWideFacts(of document: Document) -> Document {
        var facts = document
        // Its title's Markdown (positions inside) is rendered on its own page only, others show the
        // text; where the title is written shows nowhere (a pair's, moved by an edit above it).
        facts.titleInlines = []
        facts.titlePosition = nil
        facts.sections = []
        facts.links = []
        facts.useCases = []
        facts.useCaseGroups = []
        facts.differences = document.differences.map { dimension in
            var title = dimension
            title.entries = []
            title.position = nil
            // Only the document's own page renders the title's Markdown (with positions inside); other
            // pages show its text.
            title.titleInlines = []
            return title
        }
        return facts
    }

    /// Which subjects have an entry in each of the document's dimensions: of its entries, the one fact
    /// pages other than its own sum up (the dimension catalog's subjects covered, the coverage gaps).
    static func entrySubjects(of document: Document) -> [[String]] {
        document.differences.map { $0.entries.map(\.subject) }
    }

    /// What the quick find's index reads of a document beyond its site-wide facts: its titled use cases.
    static func searchIndexFacts(of document: Document) -> [[String?]] {
        document.useCases.map { [$0.title, $0.subject, $0.anchor] }
    }

    /// Whether `new` may take `old`'s place with every page kept but those showing the document's own
    /// content (`pagesShowingContent`): nothing other pages read of it changed.
    public static func showsElsewhereAsBefore(_ old: Document, _ new: Document) -> Bool {
        siteWideFacts(of: old) == siteWideFacts(of: new) && entrySubjects(of: old) == entrySubjects(of: new)
    }

    /// Whether the quick find's index stays the same when `new` takes `old`'s place (given `showsElsewhereAsBefore`).
    public static func searchIndexAsBefore(_ old: Document, _ new: Document) -> Bool {
        searchIndexFacts(of: old) == searchIndexFacts(of: new)
    }

    /// The pages that show document `index`'s own content: its page, the page of each of its subjects
    /// that lists it, the page of each of its dimensions that holds its row.
    public static func pagesShowingContent(of index: Int, in renderer: SiteRenderer) -> [PageJob] {
        let model = renderer.model, document = model.documents[index]
        var jobs: [PageJob] = [document.kind == .comparison ? .comparison(index) : .page(index)]
        for reference in document.subjects {
            guard let subject = renderer.subjectsBySlug[reference.slug],
                  let position = model.subjects[subject].documents.firstIndex(of: document.slug) else { continue }
            let number = position / SiteRenderer.subjectPageSize + 1
            jobs.append(number == 1 ? .subject(subject) : .subjectPage(subject, number: number))
        }
        let hasDimensionPages = renderer.dimensionPages != nil
        for dimension in index < renderer.catalog.membership.count ? renderer.catalog.membership[index] : [] {
            guard hasDimensionPages, renderer.catalog.dimensions[dimension].hasPage else { continue }
            let numbers = renderer.catalog.dimensions[dimension].occurrences.indices
                .filter { renderer.catalog.dimensions[dimension].occurrences[$0].document == index }
                .map { $0 / SiteRenderer.dimensionPageSize + 1 }
            for number in Set(numbers).sorted() { jobs.append(.dimension(dimension, page: number)) }
        }
        return jobs
    }

    /// The jobs of `new` that must be rendered; the others may keep the bytes `old` made. `nil`: render
    /// every page. `oldTemplates`/`newTemplates` are the templates' sources by name.
    public static func jobsToRender(old: SiteRenderer, oldTemplates: [String: String],
                                    new: SiteRenderer, newTemplates: [String: String]) -> Set<PageJob>? {
        guard let changed = changedDocuments(old: old, oldTemplates: oldTemplates, new: new, newTemplates: newTemplates) else { return nil }
        let before = old.model, after = new.model
        let jobs = new.jobs
        guard jobs == old.jobs else { return nil }
        // Nothing other pages show of the changed documents changed either (which subjects have an entry
        // where): only the pages showing their content differ, the rule of `SiteBuild.edit`.
        if changed.allSatisfy({ showsElsewhereAsBefore(before.documents[$0], after.documents[$0]) }) {
            return Set(changed.flatMap { pagesShowingContent(of: $0, in: new) })
        }
        let touchedSubjects = Set(changed.flatMap { before.documents[$0].subjects.map(\.slug) + after.documents[$0].subjects.map(\.slug) })
        let touchedDimensions = Set(new.catalog.dimensions.indices.filter { index in
            new.catalog.dimensions[index].occurrences.contains { changed.contains($0.document) }
        })
        return Set(jobs.filter { job in
            switch job {
            case .comparison(let index), .page(let index): return changed.contains(index)
            case .subject(let index), .subjectPage(let index, _): return touchedSubjects.contains(after.subjects[index].slug)
            case .dimension(let index, _): return touchedDimensions.contains(index)
            default: return true
            }
        })
    }

    /// Whether the quick find's index (`search/*.json`) of `new` is that of `old`, byte for byte: it
    /// reads the site-wide facts, and of the documents' own content only their titled use cases
    /// (title, subject, anchor).
    public static func searchIndexUnchanged(old: SiteRenderer, oldTemplates: [String: String],
                                            new: SiteRenderer, newTemplates: [String: String]) -> Bool {
        guard let changed = changedDocuments(old: old, oldTemplates: oldTemplates, new: new, newTemplates: newTemplates) else { return false }
        return changed.allSatisfy { searchIndexAsBefore(old.model.documents[$0], new.model.documents[$0]) }
    }

    /// The documents whose content changed while every site-wide fact stayed; `nil` when some fact changed.
    static func changedDocuments(old: SiteRenderer, oldTemplates: [String: String],
                                 new: SiteRenderer, newTemplates: [String: String]) -> Set<Int>? {
        let before = old.model, after = new.model
        guard old.config == new.config, oldTemplates == newTemplates,
              before.documents.count == after.documents.count,
              before.subjects == after.subjects,
              before.unbuiltDocuments == after.unbuiltDocuments,
              before.contentFiles == after.contentFiles else { return nil }
        var changed: Set<Int> = []
        for index in after.documents.indices where before.documents[index] != after.documents[index] {
            guard before.documents[index].contentPath == after.documents[index].contentPath,
                  siteWideFacts(of: before.documents[index]) == siteWideFacts(of: after.documents[index]) else { return nil }
            changed.insert(index)
        }
        guard old.catalog.dimensions == new.catalog.dimensions else { return nil }
        // Highlighted code that changed may be used only by the changed documents.
        let oldCode = old.highlightedCode, newCode = new.highlightedCode
        if oldCode != newCode {
            let differing = Set(oldCode.keys).union(newCode.keys).filter { oldCode[$0] != newCode[$0] }
            let unchanged = SiteModel(documents: after.documents.indices.filter { !changed.contains($0) }.map { after.documents[$0] },
                                      subjects: after.subjects, diagnostics: [])
            if CodeBlocks.occurrences(in: unchanged).contains(where: { $0.sample.map(differing.contains) ?? false }) { return nil }
        }
        return changed
    }
}

extension SiteRenderer {

    /// This renderer with the documents at the given indices replaced, when each replacement shows
    /// elsewhere as the document it replaces did (`PageDependencies.showsElsewhereAsBefore`): every
    /// table made from the model (subjects, orders, dimension catalog, link targets) then stays true
    /// as it is. `nil` otherwise: a new renderer must be made from the new model.
    public func replacingContent(_ replacements: [Int: Document]) -> SiteRenderer? {
        var renderer = self
        for (index, document) in replacements {
            guard model.documents.indices.contains(index),
                  PageDependencies.showsElsewhereAsBefore(model.documents[index], document) else { return nil }
            renderer.model.documents[index] = document
        }
        return renderer
    }
}
