import ComparisonModel
import Foundation
@testable import LinkChecking
import Mustache
import SiteBuilder
@testable import SiteRendering
import Testing

/// Pages are rendered by Versus's own template engine (MustacheTemplates), reading each view through
/// the fields it declares (`TemplateView.fields`). These tests render every page of several sites a
/// second time with swift-mustache, which reads the same view structs by their stored properties
/// (its own reflection, nothing of ours), and require the same bytes. So a field declared with the
/// wrong key path, a field missing from a declaration, or a renderer that drifts from Mustache's
/// semantics all fail here.
@Suite struct TemplateOracleTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func repositoryTemplates() throws -> [String: String] {
        let folder = repository.appendingPathComponent("templates")
        var sources: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            sources[String(name.dropLast(".mustache".count))] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return sources
    }

    /// Renders every page of the site with both engines; returns the pages by path.
    @discardableResult
    func expectEnginesAgree(content: String, templates: [String: String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: String] {
        let model = try ModelLoader(contentDirectory: content).load()
        let templateSet: TemplateSet
        switch TemplateSet.compile(sources: templates, displayPrefix: "templates/") {
        case .success(let compiled): templateSet = compiled
        case .failure(let errors):
            Issue.record("templates do not compile: \(errors.diagnostics)", sourceLocation: sourceLocation)
            return [:]
        }
        let oracle = MustacheLibrary(templates: try templates.mapValues { try MustacheTemplate(string: $0) })
        var config = SiteConfig()
        config.baseURL = "https://example.org/docs/" // so the sitemap is rendered too
        let renderer = SiteRenderer(model: model, templates: templateSet, config: config)
        var pages: [String: String] = [:]
        // robots.txt is plain text made without a template.
        for job in renderer.jobs where job != .robots {
            let rendered = try renderer.render(job).get()
            let page = renderer.page(job)
            let reference = try #require(oracle.render(page.view, withTemplate: page.template), sourceLocation: sourceLocation)
            let expected = Array(reference.utf8)
            #expect(rendered.path == page.path, sourceLocation: sourceLocation)
            if rendered.bytes != expected {
                let first = zip(rendered.bytes, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(rendered.bytes.count, expected.count)
                Issue.record("\(rendered.path): the engines differ from byte \(first): Versus \(String(decoding: rendered.bytes[first...].prefix(80), as: UTF8.self).debugDescription), swift-mustache \(String(decoding: expected[first...].prefix(80), as: UTF8.self).debugDescription)", sourceLocation: sourceLocation)
            }
            pages[rendered.path] = rendered.text
        }
        return pages
    }

    @Test func defaultSiteIsIdenticalWithBothEngines() throws {
        let pages = try expectEnginesAgree(content: Self.repository.appendingPathComponent("content").path, templates: try Self.repositoryTemplates())
        // Every kind of page was compared: comparisons, a plain page, subjects, index, 404 and the sitemap.
        #expect(pages.count >= 14)
        #expect(pages["compare/azure-ml-vs-cognitive-services/index.html"]?.contains("<table class=\"comparison-table\">") == true)
        #expect(pages["sitemap.xml"]?.contains("https://example.org/docs/") == true)
        #expect(pages.keys.contains("404.html") && pages.keys.contains("index.html"))
    }

    @Test func testSitesAreIdenticalWithBothEngines() throws {
        let site = try TestSite(["alpha-vs-beta.md": Samples.alphaBeta, "beta-vs-gamma.md": Samples.betaGamma])
        defer { site.remove() }
        let pages = try expectEnginesAgree(content: site.root.appendingPathComponent("content").path, templates: try Self.repositoryTemplates())
        #expect(pages.count >= 6)
    }

    /// Mustache features the default theme does not use: indented partials (two levels), position and
    /// value transforms, dotted and anchored names, `.`, inverted sections over empty lists, a block
    /// overridden through the layout.
    @Test func templateFeaturesAgreeWithSwiftMustache() throws {
        var templates = try Self.repositoryTemplates()
        templates["index"] = """
            {{! a comment }}
            <ul>
              {{#comparisons}}
              <li>{{index()}}{{#first()}} first{{/first()}}{{#last()}} last{{/last()}}{{^last()}},{{/last()}} {{title}} {{uppercased(title)}} {{lowercased(summary)}}
                {{> item}}
              {{#subjects}}[{{url}} {{site.title}} {{index()}}]{{/subjects}}</li>
              {{/comparisons}}
            </ul>
            {{#subjects}}{{count}} {{plusone(count)}} {{minusone(count)}}{{#even(count)}} even{{/even(count)}}{{#odd(count)}} odd{{/odd(count)}}{{#equalzero(count)}} zero{{/equalzero(count)}} {{name}}{{#name}}({{.}}){{/name}}
            {{/subjects}}
            {{^pages}}no pages{{/pages}}{{#pages}}{{title}}{{/pages}}
            {{#hasPages}}has pages{{/hasPages}}{{^hasPages}}no pages{{/hasPages}}
            {{count(comparisons)}} {{#empty(pages)}}empty{{/empty(pages)}}{{^empty(comparisons)}} not empty{{/empty(comparisons)}}
            {{#first(comparisons)}}first: {{title}}{{/first(comparisons)}} {{#last(comparisons)}}last: {{title}}{{/last(comparisons)}}
            {{#reversed(comparisons)}}{{title}};{{/reversed(comparisons)}}
            {{head.title}} {{.site.title}} {{#head}}{{title}} {{description}}{{/head}} {{#site}}{{.title}}{{/site}} {{site.title.root}}{{first()}}
            {{<layout}}
            {{$content}}
              <p>overridden {{head.title}}</p>
            {{/content}}
            {{/layout}}
            """
        templates["item"] = "<b>{{title}}</b>\n  {{> deeper}}\n<em>{{url}}</em>\n"
        templates["deeper"] = "<i>{{summary}}</i>\n<i>{{capitalized(title)}} {{reversed(title)}}</i>\n"
        let site = try TestSite(["alpha-vs-beta.md": Samples.alphaBeta, "beta-vs-gamma.md": Samples.betaGamma,
                                 "a-vs-b.md": "# A vs B <&>\n\nIntro's \"quoted\".\n"])
        defer { site.remove() }
        let pages = try expectEnginesAgree(content: site.root.appendingPathComponent("content").path, templates: templates)
        // The features were exercised, not skipped.
        let index = try #require(pages["index.html"])
        #expect(index.contains(" first"))
        #expect(index.contains("\n      <i>")) // the nested partial, indented twice
        #expect(index.contains("overridden"))
        #expect(index.contains("&lt;&amp;&gt;"))
    }
}

/// The link checker reads plainly well-formed pages with its own scanner, not gumbo. The pages Versus
/// writes are the ones that matter most: every page of the default site must take the scanner and give
/// what gumbo gives.
@Suite struct BuiltPagesScanTests {
    @Test func defaultSitePagesTakeTheScannerAndMatchGumbo() throws {
        let pages = try TemplateOracleTests().expectEnginesAgree(
            content: TemplateOracleTests.repository.appendingPathComponent("content").path,
            templates: try TemplateOracleTests.repositoryTemplates())
        let htmlPages = pages.filter { $0.key.hasSuffix(".html") }
        #expect(htmlPages.count >= 13)
        for (path, text) in htmlPages {
            let bytes = Array(text.utf8)
            let scanned = bytes.withUnsafeBufferPointer { scanWellFormedPage($0, page: path) }
            #expect(scanned != nil, "\(path) is left to gumbo")
            #expect(scanned == nil || scanned == parsePage(bytes, page: path, scanningWellFormed: false), "\(path)")
        }
    }
}
