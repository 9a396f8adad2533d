import ComparisonExtraction
import ComparisonModel
import MarkdownSyntax
@testable import SiteRendering
import Testing

/// Extraction keeps no inline Markdown for a title that is plain text (`dropPlainTitleInlines`); pages
/// render the title again. Each title's HTML must be what cmark makes of the title as written (the
/// oracle: the heading parsed and rendered on its own), whether its inlines were kept or dropped.
@Suite struct PlainTitleTests {
    /// Title as written -> whether it is plain text (its inlines dropped).
    static let titles: [(written: String, plain: Bool)] = [
        ("Speed", true),
        ("A &amp; B", true),
        ("A & B < C > D", true),
        ("Tom's \"quoted\" title", true),
        ("Ünïcödé 東京 🦊", true),
        ("Price  and   cost", false),
        ("*Fast* start", false),
        ("Uses `timeout_ms`", false),
        // Backslash escapes are read into the text: plain, and rendered as cmark renders them.
        ("Escaped \\*star\\*", true),
        ("Raw <b>bold</b>", false),
    ]

    static func markdown() -> String {
        var text = "# Alpha vs Beta\n\n"
        for (index, title) in titles.enumerated() {
            text += "## \(title.written) section \(index)\n\nSome prose.\n\n#### \(title.written)\n\nMore prose.\n\n"
        }
        text += "## Key Differences\n\n"
        for title in titles { text += "### \(title.written)\n\n- **Alpha**: one.\n- **Beta**: two.\n\n" }
        text += "## Use Cases\n\n### Alpha\n\n"
        for (index, title) in titles.enumerated() { text += "\(index + 1). **\(title.written)**: a description.\n" }
        return text
    }

    /// cmark's HTML of a heading's content, `#### written` rendered and its tags taken off.
    static func oracle(_ written: String) -> String {
        let parsed = MarkdownParser.parse("#### \(written)", file: "title.md")
        let html = HTMLFragmentRenderer().render(blocks: parsed.root.children)
        return String(html.dropFirst("<h4>".count).dropLast("</h4>\n".count))
    }

    @Test func everyTitleRendersAsCmarkWritesIt() throws {
        let extracted = DocumentExtractor().extract(ContentFile(source: "content/alpha-vs-beta.md", contentPath: "alpha-vs-beta.md",
                                                                bytes: Array(Self.markdown().utf8)))
        let document = try #require(extracted.document)
        let renderer = HTMLFragmentRenderer()
        let dimensions = document.differences
        let headings = document.sections.flatMap(\.blocks).compactMap { block -> Heading? in
            if case .heading(let heading) = block { return heading }
            return nil
        }
        let useCases = document.useCases
        try #require(dimensions.count == Self.titles.count && headings.count == Self.titles.count && useCases.count == Self.titles.count)
        for (index, title) in Self.titles.enumerated() {
            let expected = Self.oracle(title.written)
            #expect(renderer.render(title: dimensions[index].title, inlines: dimensions[index].titleInlines) == expected, "dimension \(title.written)")
            #expect(renderer.render(title: headings[index].title, inlines: headings[index].inlines) == expected, "heading \(title.written)")
            #expect(renderer.render(title: useCases[index].title ?? "", inlines: useCases[index].titleInlines) == expected, "use case \(title.written)")
            #expect(dimensions[index].titleInlines.isEmpty == title.plain, "dimension \(title.written): inlines dropped only when plain")
            #expect(headings[index].inlines.isEmpty == title.plain, "heading \(title.written)")
            #expect(useCases[index].titleInlines.isEmpty == title.plain, "use case \(title.written)")
            let section = try #require(document.sections.first { $0.title.hasSuffix(" section \(index)") })
            #expect(renderer.render(title: section.title, inlines: section.titleInlines) == Self.oracle("\(title.written) section \(index)"))
        }
    }
}
