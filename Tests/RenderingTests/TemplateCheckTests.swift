import Diagnostics
import Foundation
import MustacheTemplates
import Testing

/// A template problem stops the build before anything is written, naming the template file.
@Suite struct TemplateCheckTests {
    func buildFails(with templates: [String: String], previous: Bool = true) throws -> [String] {
        let site = try TestSite(["a-vs-b.md": "# A vs B\n\n## Key Differences\n\n### S\n\n- **A**: x\n- **B**: y\n"], templates: templates)
        defer { site.remove() }
        // An earlier good build must survive a failing one untouched.
        try site.write("<p>previous build</p>", to: "_site/index.html")
        try site.write("", to: "_site/.versus-site")
        let report = try site.build()
        #expect(report.filesWritten == 0)
        #expect(try site.read("index.html") == "<p>previous build</p>")
        #expect(!site.exists("compare/a-vs-b/index.html"))
        return report.diagnostics.filter { $0.severity == .error }.map {
            "\(($0.file as NSString).lastPathComponent):\($0.line ?? 0):\($0.column ?? 0): \($0.message)"
        }
    }

    @Test func syntaxErrorNamesFileLineAndColumn() throws {
        let errors = try buildFails(with: ["page": "line1\n{{#a}}\nline3 {{/b}}"])
        #expect(errors == ["page.mustache:3:10: template syntax error: sectionCloseNameIncorrect"])
    }

    @Test func unknownVariable() throws {
        let errors = try buildFails(with: ["page": "<h1>{{titel}}</h1>"])
        #expect(errors == ["page.mustache:1:5: unknown variable 'titel': the page data has no field 'titel'"])
    }

    @Test func aFieldOfAnotherPageIsUnknownHere() throws {
        // `profileHTML` exists on subject pages, not on the index.
        let errors = try buildFails(with: ["index": "<main>{{{profileHTML}}}</main>"])
        #expect(errors == ["index.mustache:1:7: unknown variable 'profileHTML': the page data has no field 'profileHTML'"])
    }

    @Test func tripleMustacheOnTextIsRefused() throws {
        let errors = try buildFails(with: ["page": "<h1>{{{title}}}</h1>{{{titleHTML}}}"])
        #expect(errors == ["page.mustache:1:5: 'title' is text and must be escaped: use {{title}}; only fields ending in HTML may use {{{ }}}"])
    }

    /// A template the project lacks falls back to the built-in theme's (issue 14.9); a partial no one has is an error.
    @Test func missingPartialAndMissingTemplate() throws {
        let site = try TestSite(["a.md": "# A\n"])
        defer { site.remove() }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("templates/404.mustache"))
        try site.write("{{> nothere}}", to: "templates/page.mustache")
        let report = try site.build()
        let errors = report.diagnostics.map { "\(($0.file as NSString).lastPathComponent):\($0.line ?? 0): \($0.message)" }
        #expect(!errors.contains { $0.contains("template is missing") })
        #expect(errors.contains { $0.hasPrefix("page.mustache:1: partial 'nothere' not found") })
        #expect(report.filesWritten == 0)
    }

    /// A partial with a syntax error is reported for that error alone, not as missing where it is included.
    @Test func aPartialWithASyntaxErrorIsNotAlsoMissing() throws {
        let errors = try buildFails(with: ["page": "{{> broken}}", "broken": "{{#a}}"])
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("broken.mustache:1:") == true)
        #expect(errors.first?.contains("template syntax error") == true)
    }

    /// The engine's own checks, without a site: what a template includes, a missing partial, a cycle.
    @Test func theEngineChecksPartials() throws {
        let sources = ["page": "a\n {{> header}}{{<frame}}{{$body}}{{name}}{{/body}}{{/frame}}", "header": "{{> page}}", "frame": "{{$body}}{{/body}}"]
        var uses: [String: TemplateUses] = [:]
        for (name, text) in sources { uses[name] = TemplateUses(try TemplateParser.parse(text)) }
        #expect(uses["page"]?.partials.map(\.name) == ["header", "frame"])
        #expect(uses["page"]?.tags.map(\.tag.name) == ["name"])
        let problems = TemplateCheck.partials(uses, known: Set(sources.keys).union(["gone"]), displayFolder: "t/")
        #expect(problems.map(\.message) == ["partials include each other in a cycle: header -> page -> header"])
        #expect(problems.first?.position == TemplatePosition(line: 1, column: 1))
        var withoutFrame = uses
        withoutFrame["frame"] = nil
        let missing = TemplateCheck.partials(withoutFrame, known: ["page", "header"], displayFolder: "t/")
        #expect(missing.first?.message == "partial 'frame' not found in t/")
        #expect(missing.first?.template == "page")
    }

    @Test func partialCycleIsAnErrorNotACrash() throws {
        let errors = try buildFails(with: ["page": "{{> loop-a}}", "loop-a": "x{{> loop-b}}", "loop-b": "{{> loop-a}}"])
        #expect(errors == ["loop-a.mustache:1:2: partials include each other in a cycle: loop-a -> loop-b -> loop-a"])
    }

    /// A partial including itself: one error at its tag, and no "unknown variable" in the templates
    /// that include it (the names they use are still known).
    @Test func partialIncludingItselfIsReportedOnceAtItsLine() throws {
        let errors = try buildFails(with: ["site-header": "<header>{{site.title}}</header>\n{{> site-header}}\n"])
        #expect(errors == ["site-header.mustache:2:1: partials include each other in a cycle: site-header -> site-header"])
    }

    /// A chain of partials deeper than the render limit passes the checks (no cycle, none missing) and
    /// stops while rendering the comparison page, with an error: no crash, nothing published.
    @Test func aChainOfPartialsDeeperThanTheRenderLimitIsAnError() throws {
        let depth = TemplateLibrary.maximumRenderDepth + 20
        var templates = ["comparison": "{{> chain-0}}"]
        for level in 0..<depth { templates["chain-\(level)"] = level == depth - 1 ? "end" : "{{> chain-\(level + 1)}}" }
        let site = try TestSite(["a-vs-b.md": "# A vs B\n\n## Key Differences\n\n### S\n\n- **A**: x\n- **B**: y\n"], templates: templates)
        defer { site.remove() }
        let report = try site.build()
        #expect(!report.published)
        #expect(report.filesWritten == 0)
        let errors = report.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(errors.contains { $0.contains("more than \(TemplateLibrary.maximumRenderDepth) levels deep") }, "\(errors)")
        // Below the limit the same chain renders.
        var shallow = ["comparison": "{{> chain-0}}"]
        for level in 0..<20 { shallow["chain-\(level)"] = level == 19 ? "end" : "{{> chain-\(level + 1)}}" }
        let fine = try TestSite(["a-vs-b.md": "# A vs B\n\n## Key Differences\n\n### S\n\n- **A**: x\n- **B**: y\n"], templates: shallow)
        defer { fine.remove() }
        #expect(try fine.build().published)
    }

    /// Nesting beyond the documented depth is an error at the tag, never a crash of the parser.
    @Test func deepSectionsAreAnErrorNotACrash() throws {
        let errors = try buildFails(with: ["page": String(repeating: "{{#site}}", count: 4000)])
        #expect(errors == ["page.mustache:1:\(9 * TemplateParser.maximumDepth + 1): template syntax error: sections, blocks and parents nest deeper than \(TemplateParser.maximumDepth) levels"])
    }

    @Test func deepParentsAreAnErrorNotACrash() throws {
        let errors = try buildFails(with: ["page": String(repeating: "{{<layout}}\n", count: 3000)])
        #expect(errors == ["page.mustache:\(TemplateParser.maximumDepth + 1):1: template syntax error: sections, blocks and parents nest deeper than \(TemplateParser.maximumDepth) levels"])
    }

    /// A block whose override expands the same block would render forever: an error, nothing written.
    @Test func blockExpandingItselfIsAnErrorNotAHang() throws {
        let errors = try buildFails(with: ["comparison": "{{<layout}}{{$content}}{{$content}}x{{/content}}{{/content}}{{/layout}}"])
        #expect(errors.contains { $0.contains("the override of block 'content' expands '{{$content}}' again") })
    }
}
