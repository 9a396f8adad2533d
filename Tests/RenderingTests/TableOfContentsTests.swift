import Foundation
import Testing

/// Issue 14 point 5: comparison and plain pages get a table of contents from their headings, with the
/// ids the page already has; short pages get none.
@Suite struct TableOfContentsTests {
    static let comparison = """
    # Alpha vs Beta

    ## Introduction

    Two tools.

    ## Key Differences

    ### Speed

    - **Alpha**: fast
    - **Beta**: slow

    ### Price

    - **Alpha**: free
    - **Beta**: paid

    ## Use Cases

    ### Alpha

    1. **Scripts**: small jobs

    ### Beta

    1. **Services**: long jobs

    ## Conclusion

    Pick one.
    """

    /// The links of the sidebar list: (href, text, depth).
    static func entries(_ page: HTMLElement) throws -> [String] {
        let sidebar = try #require(page.first("nav", "class", "toc-sidebar"))
        let top = try #require(sidebar.first("ol"))
        return top.children.flatMap { item -> [String] in
            let links = item.all("a")
            return links.enumerated().map { index, link in (index == 0 ? "" : "  ") + "\(link["href"] ?? "") \(link.text)" }
        }
    }

    @Test func comparisonPageListsItsSectionsDimensionsAndUseCaseGroups() throws {
        let site = try TestSite(["a-vs-b.md": Self.comparison])
        defer { site.remove() }
        _ = try site.build()
        let page = HTMLElement.parse(try site.read("compare/a-vs-b/index.html"))
        #expect(try Self.entries(page) == [
            "#introduction Introduction",
            "#key-differences Key Differences", "  #speed Speed", "  #price Price",
            "#use-cases Use Cases", "  #alpha Alpha", "  #beta Beta",
            "#conclusion Conclusion",
        ])
        // Every entry names an id the page has.
        let ids = Set(page.descendants.compactMap { $0["id"] })
        for link in try #require(page.first("nav", "class", "toc-sidebar")).all("a") {
            #expect(ids.contains(String((link["href"] ?? "").dropFirst())), "\(link["href"] ?? "")")
        }
        // The same list, collapsed, for phones.
        let collapsible = try #require(page.first("details", "class", "toc-collapsible"))
        #expect(collapsible["open"] == nil)
        #expect(collapsible.first("summary")?.text == "On this page")
        #expect(collapsible.all("a").count == 8)
        #expect(page.first("article", "class", "has-toc") != nil)
    }

    @Test func plainPageListsItsHeadings() throws {
        let site = try TestSite(["guide.md": """
        # Getting started

        Read this first.

        ## Install

        ### On Linux

        Use apt.

        ## Configure

        Edit site.yml.

        ## Build

        Run it.
        """])
        defer { site.remove() }
        _ = try site.build()
        let page = HTMLElement.parse(try site.read("guide/index.html"))
        #expect(try Self.entries(page) == ["#install Install", "  #on-linux On Linux", "#configure Configure", "#build Build"])
    }

    @Test func shortPagesHaveNone() throws {
        let site = try TestSite(["a-vs-b.md": """
        # Alpha vs Beta

        ## Key Differences

        ### Speed

        - **Alpha**: fast
        - **Beta**: slow

        ## Conclusion

        Pick one.
        """, "about.md": "# About\n\nOne paragraph.\n\n## Contact\n\nMail us.\n"])
        defer { site.remove() }
        _ = try site.build()
        for path in ["compare/a-vs-b/index.html", "about/index.html"] {
            let page = HTMLElement.parse(try site.read(path))
            #expect(page.first("nav", "class", "toc") == nil, "\(path)")
            #expect(page.first("details", "class", "toc") == nil, "\(path)")
            #expect(page.first("article", "class", "has-toc") == nil, "\(path)")
        }
    }
}
