/// The template-facing views: what each template receives, kept apart from the domain model.
/// The README's template guide lists these fields; keep the two in step.

struct LinkView: TemplateView {
    var title: String
    var url: String
    var summary: String = ""
    nonisolated(unsafe) static let fields: FieldTable<Self> = ["title": .field(\.title), "url": .field(\.url), "summary": .field(\.summary)]
}

struct SiteView: TemplateView {
    var title: String
    var description: String
    /// Relative path from the current page to the site root: `""`, `../` or `../../`.
    var root: String
    /// Link to the home page from the current page (`./` on the home page itself).
    var homeURL: String
    var generator: String
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "title": .field(\.title), "description": .field(\.description), "root": .field(\.root), "homeURL": .field(\.homeURL), "generator": .field(\.generator),
    ]
}

/// What goes into `<head>`: every page has a title and a description.
struct HeadView: TemplateView {
    var title: String
    var description: String
    var language: String
    /// Absolute URL when the site's base URL is known, else empty.
    var canonicalURL: String
    var hasCanonicalURL: Bool
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "title": .field(\.title), "description": .field(\.description), "language": .field(\.language), "canonicalURL": .field(\.canonicalURL),
        "hasCanonicalURL": .field(\.hasCanonicalURL),
    ]
}

/// A run of a section's body: either a heading with its id, or Markdown rendered by cmark.
struct BlockView: TemplateView {
    var isHeading: Bool
    var level: Int
    var anchor: String
    var titleHTML: String
    var contentHTML: String
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "isHeading": .field(\.isHeading), "level": .field(\.level), "anchor": .field(\.anchor), "titleHTML": .field(\.titleHTML), "contentHTML": .field(\.contentHTML),
    ]
}

struct SectionView: TemplateView {
    var kind: String
    var anchor: String
    var title: String
    var titleHTML: String
    var hasTitle: Bool
    var blocks: [BlockView]
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "kind": .field(\.kind), "anchor": .field(\.anchor), "title": .field(\.title), "titleHTML": .field(\.titleHTML), "hasTitle": .field(\.hasTitle), "blocks": .field(\.blocks),
    ]
}

struct SubjectColumnView: TemplateView {
    var name: String
    var slug: String
    var url: String
    nonisolated(unsafe) static let fields: FieldTable<Self> = ["name": .field(\.name), "slug": .field(\.slug), "url": .field(\.url)]
}

struct CellView: TemplateView {
    var subjectName: String
    var covered: Bool
    var contentHTML: String
    nonisolated(unsafe) static let fields: FieldTable<Self> = ["subjectName": .field(\.subjectName), "covered": .field(\.covered), "contentHTML": .field(\.contentHTML)]
}

struct RowView: TemplateView {
    var anchor: String
    var title: String
    var titleHTML: String
    var cells: [CellView]
    nonisolated(unsafe) static let fields: FieldTable<Self> = ["anchor": .field(\.anchor), "title": .field(\.title), "titleHTML": .field(\.titleHTML), "cells": .field(\.cells)]
}

struct TableView: TemplateView {
    var anchor: String
    var title: String
    var titleHTML: String
    var caption: String
    var leadHTML: String
    var subjects: [SubjectColumnView]
    var rows: [RowView]
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "anchor": .field(\.anchor), "title": .field(\.title), "titleHTML": .field(\.titleHTML), "caption": .field(\.caption), "leadHTML": .field(\.leadHTML),
        "subjects": .field(\.subjects), "rows": .field(\.rows),
    ]
}

struct UseCaseItemView: TemplateView {
    var anchor: String
    var title: String
    var titleHTML: String
    var hasTitle: Bool
    var descriptionHTML: String
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "anchor": .field(\.anchor), "title": .field(\.title), "titleHTML": .field(\.titleHTML), "hasTitle": .field(\.hasTitle), "descriptionHTML": .field(\.descriptionHTML),
    ]
}

struct UseCaseColumnView: TemplateView {
    var subject: SubjectColumnView
    /// The id of the subject's `###` heading; empty when the document has none for this subject.
    var anchor: String
    var hasAnchor: Bool
    var items: [UseCaseItemView]
    var hasItems: Bool
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "subject": .field(\.subject), "anchor": .field(\.anchor), "hasAnchor": .field(\.hasAnchor), "items": .field(\.items), "hasItems": .field(\.hasItems),
    ]
}

struct UseCasesView: TemplateView {
    var anchor: String
    var title: String
    var titleHTML: String
    var leadHTML: String
    var columns: [UseCaseColumnView]
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "anchor": .field(\.anchor), "title": .field(\.title), "titleHTML": .field(\.titleHTML), "leadHTML": .field(\.leadHTML), "columns": .field(\.columns),
    ]
}

struct ComparisonPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var title: String
    var titleHTML: String
    var titleAnchor: String
    var subjects: [SubjectColumnView]
    var introduction: [SectionView]
    /// Empty or one table: a list renders its section once per element, and no optional needs unwrapping.
    var table: [TableView]
    var useCases: [UseCasesView]
    var sections: [SectionView]
    var related: [LinkView]
    var hasRelated: Bool
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "site": .field(\.site), "head": .field(\.head), "title": .field(\.title), "titleHTML": .field(\.titleHTML), "titleAnchor": .field(\.titleAnchor),
        "subjects": .field(\.subjects), "introduction": .field(\.introduction), "table": .field(\.table), "useCases": .field(\.useCases),
        "sections": .field(\.sections), "related": .field(\.related), "hasRelated": .field(\.hasRelated),
    ]
}

struct SubjectEntryView: TemplateView {
    var dimension: String
    var url: String
    var covered: Bool
    var contentHTML: String
    nonisolated(unsafe) static let fields: FieldTable<Self> = ["dimension": .field(\.dimension), "url": .field(\.url), "covered": .field(\.covered), "contentHTML": .field(\.contentHTML)]
}

struct SubjectComparisonView: TemplateView {
    var title: String
    /// The comparison's own language, which may differ from the site's.
    var language: String
    var url: String
    var anchor: String
    var summary: String
    var others: [LinkView]
    var entries: [SubjectEntryView]
    var useCases: [UseCaseItemView]
    var hasUseCases: Bool
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "title": .field(\.title), "language": .field(\.language), "url": .field(\.url), "anchor": .field(\.anchor), "summary": .field(\.summary), "others": .field(\.others),
        "entries": .field(\.entries), "useCases": .field(\.useCases), "hasUseCases": .field(\.hasUseCases),
    ]
}

struct SubjectPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var name: String
    var nameAnchor: String
    var aliases: String
    var hasAliases: Bool
    var website: String
    var hasWebsite: Bool
    var profileHTML: String
    var comparisons: [SubjectComparisonView]
    var comparedWith: [LinkView]
    var hasComparedWith: Bool
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "site": .field(\.site), "head": .field(\.head), "name": .field(\.name), "nameAnchor": .field(\.nameAnchor), "aliases": .field(\.aliases),
        "hasAliases": .field(\.hasAliases), "website": .field(\.website), "hasWebsite": .field(\.hasWebsite), "profileHTML": .field(\.profileHTML), "comparisons": .field(\.comparisons),
        "comparedWith": .field(\.comparedWith), "hasComparedWith": .field(\.hasComparedWith),
    ]
}

struct PlainPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var title: String
    var titleHTML: String
    var titleAnchor: String
    var sections: [SectionView]
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "site": .field(\.site), "head": .field(\.head), "title": .field(\.title), "titleHTML": .field(\.titleHTML), "titleAnchor": .field(\.titleAnchor), "sections": .field(\.sections),
    ]
}

struct IndexComparisonView: TemplateView {
    var title: String
    var url: String
    var summary: String
    var subjects: [LinkView]
    nonisolated(unsafe) static let fields: FieldTable<Self> = ["title": .field(\.title), "url": .field(\.url), "summary": .field(\.summary), "subjects": .field(\.subjects)]
}

struct IndexSubjectView: TemplateView {
    var name: String
    var url: String
    var count: Int
    var countLabel: String
    nonisolated(unsafe) static let fields: FieldTable<Self> = ["name": .field(\.name), "url": .field(\.url), "count": .field(\.count), "countLabel": .field(\.countLabel)]
}

struct IndexPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var comparisons: [IndexComparisonView]
    var subjects: [IndexSubjectView]
    var pages: [LinkView]
    var hasPages: Bool
    nonisolated(unsafe) static let fields: FieldTable<Self> = [
        "site": .field(\.site), "head": .field(\.head), "comparisons": .field(\.comparisons), "subjects": .field(\.subjects), "pages": .field(\.pages), "hasPages": .field(\.hasPages),
    ]
}

struct NotFoundPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var comparisons: [LinkView]
    nonisolated(unsafe) static let fields: FieldTable<Self> = ["site": .field(\.site), "head": .field(\.head), "comparisons": .field(\.comparisons)]
}

struct SitemapEntryView: TemplateView {
    var location: String
    nonisolated(unsafe) static let fields: FieldTable<Self> = ["location": .field(\.location)]
}

struct SitemapView: TemplateView {
    var entries: [SitemapEntryView]
    nonisolated(unsafe) static let fields: FieldTable<Self> = ["entries": .field(\.entries)]
}

/// The view each page template renders; partials and the layout may use what any page including them has.
let pageTemplateViews: [String: any TemplateView.Type] = [
    "comparison": ComparisonPageView.self, "subject": SubjectPageView.self, "page": PlainPageView.self,
    "index": IndexPageView.self, "404": NotFoundPageView.self, "sitemap": SitemapView.self,
]
