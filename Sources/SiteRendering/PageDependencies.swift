import ComparisonModel
import MarkdownSyntax

/// Which pages a rebuild must render again, given the pages of the last build (`versus serve`).
///
/// The rule: when every site-wide fact is what it was — each document's `siteWideFacts` (its title,
/// url, kind, language, dates, summary, subjects, anchors, dimension titles: what other pages show
/// of it), the subjects, the dimension catalog, the content files, `site.yml`, the templates and the
/// highlighted code other documents use — a document whose own content changed alters only its own
/// page, the pages of its subjects (every page number) and the pages of its dimensions. Every other
/// page that lists or sums up documents (home, browse lists, search, sitemap, feed, dimensions index,
/// coverage, 404, robots.txt) is cheap and rendered again anyway. Anything else renders every page.
public enum PageDependencies {
    /// What a document's own page alone shows: its sections, links, use cases and entries. Other
    /// pages read the rest. Dimension positions go too: an edit above a dimension moves it, and no page
    /// shows a position.
    public static func siteWideFacts(of document: Document) -> Document {
        var facts = document
        facts.sections = []
        facts.links = []
        facts.useCases = []
        facts.useCaseGroups = []
        facts.differences = document.differences.map { dimension in
            var title = dimension
            title.entries = []
            title.position = nil
            return title
        }
        return facts
    }

    /// The jobs of `new` that must be rendered; the others may keep the bytes `old` made. `nil`: render
    /// every page. `oldTemplates`/`newTemplates` are the templates' sources by name.
    public static func jobsToRender(old: SiteRenderer, oldTemplates: [String: String],
                                    new: SiteRenderer, newTemplates: [String: String]) -> Set<PageJob>? {
        guard let changed = changedDocuments(old: old, oldTemplates: oldTemplates, new: new, newTemplates: newTemplates) else { return nil }
        let before = old.model, after = new.model
        let jobs = new.jobs
        guard jobs == old.jobs else { return nil }
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
        func titledUseCases(_ document: Document) -> [[String?]] {
            document.useCases.map { [$0.title, $0.subject, $0.anchor] }
        }
        return changed.allSatisfy { titledUseCases(old.model.documents[$0]) == titledUseCases(new.model.documents[$0]) }
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
    /// Where a page of a document, subject or dimension is written, without making its view: what a
    /// page kept from the last build is found by.
    public func path(of job: PageJob) -> String? {
        switch job {
        case .comparison(let index), .page(let index): return model.documents[index].url + "index.html"
        case .subject(let index): return model.subjects[index].url + "index.html"
        case .subjectPage(let index, let number): return Self.subjectPagePath(model.subjects[index], number: number) + "index.html"
        case .dimension(let index, let page): return Self.dimensionPagePath(catalog.dimensions[index].slug, page: page) + "index.html"
        default: return nil
        }
    }
}
