/// The template-facing views: what each template receives, kept apart from the domain model.
/// The README's template guide lists these fields; keep the two in step.

struct LinkView: TemplateView {
    var title: String
    var url: String
    var summary: String = ""
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["title": \.title, "url": \.url, "summary": \.summary]
}

struct SiteView: TemplateView {
    var title: String
    var description: String
    /// Relative path from the current page to the site root: `""`, `../` or `../../`.
    var root: String
    /// Link to the home page from the current page (`./` on the home page itself).
    var homeURL: String
    var generator: String
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "title": \.title, "description": \.description, "root": \.root, "homeURL": \.homeURL, "generator": \.generator,
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
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "title": \.title, "description": \.description, "language": \.language, "canonicalURL": \.canonicalURL,
        "hasCanonicalURL": \.hasCanonicalURL,
    ]
}

/// A run of a section's body: either a heading with its id, or Markdown rendered by cmark.
struct BlockView: TemplateView {
    var isHeading: Bool
    var level: Int
    var anchor: String
    var titleHTML: String
    var contentHTML: String
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "isHeading": \.isHeading, "level": \.level, "anchor": \.anchor, "titleHTML": \.titleHTML, "contentHTML": \.contentHTML,
    ]
}

struct SectionView: TemplateView {
    var kind: String
    var anchor: String
    var title: String
    var titleHTML: String
    var hasTitle: Bool
    var blocks: [BlockView]
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "kind": \.kind, "anchor": \.anchor, "title": \.title, "titleHTML": \.titleHTML, "hasTitle": \.hasTitle, "blocks": \.blocks,
    ]
}

struct SubjectColumnView: TemplateView {
    var name: String
    var slug: String
    var url: String
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["name": \.name, "slug": \.slug, "url": \.url]
}

struct CellView: TemplateView {
    var subjectName: String
    var covered: Bool
    var contentHTML: String
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["subjectName": \.subjectName, "covered": \.covered, "contentHTML": \.contentHTML]
}

struct RowView: TemplateView {
    var anchor: String
    var title: String
    var titleHTML: String
    var cells: [CellView]
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["anchor": \.anchor, "title": \.title, "titleHTML": \.titleHTML, "cells": \.cells]
}

struct TableView: TemplateView {
    var anchor: String
    var title: String
    var titleHTML: String
    var caption: String
    var leadHTML: String
    var subjects: [SubjectColumnView]
    var rows: [RowView]
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "anchor": \.anchor, "title": \.title, "titleHTML": \.titleHTML, "caption": \.caption, "leadHTML": \.leadHTML,
        "subjects": \.subjects, "rows": \.rows,
    ]
}

struct UseCaseItemView: TemplateView {
    var anchor: String
    var title: String
    var titleHTML: String
    var hasTitle: Bool
    var descriptionHTML: String
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "anchor": \.anchor, "title": \.title, "titleHTML": \.titleHTML, "hasTitle": \.hasTitle, "descriptionHTML": \.descriptionHTML,
    ]
}

struct UseCaseColumnView: TemplateView {
    var subject: SubjectColumnView
    /// The id of the subject's `###` heading; empty when the document has none for this subject.
    var anchor: String
    var hasAnchor: Bool
    var items: [UseCaseItemView]
    var hasItems: Bool
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "subject": \.subject, "anchor": \.anchor, "hasAnchor": \.hasAnchor, "items": \.items, "hasItems": \.hasItems,
    ]
}

struct UseCasesView: TemplateView {
    var anchor: String
    var title: String
    var titleHTML: String
    var leadHTML: String
    var columns: [UseCaseColumnView]
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "anchor": \.anchor, "title": \.title, "titleHTML": \.titleHTML, "leadHTML": \.leadHTML, "columns": \.columns,
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
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "site": \.site, "head": \.head, "title": \.title, "titleHTML": \.titleHTML, "titleAnchor": \.titleAnchor,
        "subjects": \.subjects, "introduction": \.introduction, "table": \.table, "useCases": \.useCases,
        "sections": \.sections, "related": \.related, "hasRelated": \.hasRelated,
    ]
}

struct SubjectEntryView: TemplateView {
    var dimension: String
    var url: String
    var covered: Bool
    var contentHTML: String
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["dimension": \.dimension, "url": \.url, "covered": \.covered, "contentHTML": \.contentHTML]
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
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "title": \.title, "language": \.language, "url": \.url, "anchor": \.anchor, "summary": \.summary, "others": \.others,
        "entries": \.entries, "useCases": \.useCases, "hasUseCases": \.hasUseCases,
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
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "site": \.site, "head": \.head, "name": \.name, "nameAnchor": \.nameAnchor, "aliases": \.aliases,
        "hasAliases": \.hasAliases, "website": \.website, "hasWebsite": \.hasWebsite, "profileHTML": \.profileHTML, "comparisons": \.comparisons,
        "comparedWith": \.comparedWith, "hasComparedWith": \.hasComparedWith,
    ]
}

struct PlainPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var title: String
    var titleHTML: String
    var titleAnchor: String
    var sections: [SectionView]
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "site": \.site, "head": \.head, "title": \.title, "titleHTML": \.titleHTML, "titleAnchor": \.titleAnchor, "sections": \.sections,
    ]
}

struct IndexComparisonView: TemplateView {
    var title: String
    var url: String
    var summary: String
    var subjects: [LinkView]
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["title": \.title, "url": \.url, "summary": \.summary, "subjects": \.subjects]
}

struct IndexSubjectView: TemplateView {
    var name: String
    var url: String
    var count: Int
    var countLabel: String
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["name": \.name, "url": \.url, "count": \.count, "countLabel": \.countLabel]
}

struct IndexPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var comparisons: [IndexComparisonView]
    var subjects: [IndexSubjectView]
    var pages: [LinkView]
    var hasPages: Bool
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = [
        "site": \.site, "head": \.head, "comparisons": \.comparisons, "subjects": \.subjects, "pages": \.pages, "hasPages": \.hasPages,
    ]
}

struct NotFoundPageView: TemplateView {
    var site: SiteView
    var head: HeadView
    var comparisons: [LinkView]
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["site": \.site, "head": \.head, "comparisons": \.comparisons]
}

struct SitemapEntryView: TemplateView {
    var location: String
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["location": \.location]
}

struct SitemapView: TemplateView {
    var entries: [SitemapEntryView]
    nonisolated(unsafe) static let fields: [String: PartialKeyPath<Self>] = ["entries": \.entries]
}

/// The view each page template renders; partials and the layout may use what any page including them has.
let pageTemplateViews: [String: any TemplateView.Type] = [
    "comparison": ComparisonPageView.self, "subject": SubjectPageView.self, "page": PlainPageView.self,
    "index": IndexPageView.self, "404": NotFoundPageView.self, "sitemap": SitemapView.self,
]
