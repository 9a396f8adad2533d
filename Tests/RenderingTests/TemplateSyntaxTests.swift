import MustacheTemplates
import Testing

/// The engine's public token tree: what a template parses into, with positions.
@Suite struct TemplateSyntaxTests {
    @Test func standaloneTagsDropTheirLineAndPartialsKeepTheirIndentation() throws {
        let tokens = try TemplateParser.parse("<ul>\n{{#items}}\n  {{> item}}\n{{/items}}\n{{{bodyHTML}}} {{! note }}\n")
        let items = TemplateTag(name: "items", transforms: [], position: TemplatePosition(line: 2, column: 1))
        let body = TemplateTag(name: "bodyHTML", transforms: [], position: TemplatePosition(line: 5, column: 1))
        #expect(tokens == [
            .text("<ul>\n"),
            // The indentation is text in front of the partial's first line, and the partial's own
            // indentation for the lines after it (as swift-mustache parses it).
            .section(items, body: [.text("  "), .partial(name: "item", indentation: "  ", position: TemplatePosition(line: 3, column: 3))], inverted: false),
            .variable(body, escaped: false),
            .text(" "),
            .text("\n"),
        ])
    }

    @Test func parentsCarryTheirBlocksAndTransformsAreKeptOutermostFirst() throws {
        let tokens = try TemplateParser.parse("{{<layout}}\n{{$content}}\n{{uppercased(first(title))}}\n{{/content}}\n{{/layout}}\n")
        let title = TemplateTag(name: "title", transforms: ["uppercased", "first"], position: TemplatePosition(line: 3, column: 1))
        #expect(tokens == [
            .parent(name: "layout", indentation: "", blocks: ["content": [.variable(title, escaped: true), .text("\n")]],
                    position: TemplatePosition(line: 1, column: 1)),
        ])
    }

    @Test func nestingBeyondTheLimitIsAnErrorAtTheTag() {
        let text = String(repeating: "{{#a}}", count: TemplateParser.maximumDepth) + "\n  {{^b}}" + String(repeating: "{{/a}}", count: 200)
        #expect(throws: TemplateSyntaxError(position: TemplatePosition(line: 2, column: 3),
                                            reason: "sections, blocks and parents nest deeper than \(TemplateParser.maximumDepth) levels")) {
            try TemplateParser.parse(text)
        }
        // At the limit itself, it parses.
        #expect(throws: Never.self) {
            try TemplateParser.parse(String(repeating: "{{#a}}", count: TemplateParser.maximumDepth) + String(repeating: "{{/a}}", count: TemplateParser.maximumDepth))
        }
    }

    @Test func unsupportedTagsAreSyntaxErrors() {
        for (text, reason) in [("x {{=<% %>=}}", "changing the delimiters ({{=<% %>=}}) is not supported"),
                               ("x {{% CONTENT_TYPE: TEXT }}", "pragmas ({{% ... }}) are not supported"),
                               ("x {{>*dynamic}}", "dynamic partials ({{>*name}}) are not supported")] {
            #expect(throws: TemplateSyntaxError(position: TemplatePosition(line: 1, column: 3), reason: reason)) { try TemplateParser.parse(text) }
        }
    }
}
