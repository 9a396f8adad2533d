import Diagnostics
import MustacheTemplates
import TextPrimitives

/// The templates, parsed and checked before any page is rendered: a missing variable or partial would
/// render as nothing and a partial cycle would never end, so each is an error here, with the
/// template's file, line and column.
public struct TemplateSet: Sendable {
    /// One template per page kind. Partials and the layout are found through these.
    public static let pageTemplates = ["comparison", "subject", "page", "index", "404", "sitemap", "list", "search"]
    /// Pages a theme may leave out (themes written before they existed): without the template the
    /// pages are not made, and nothing links to them (the links come from the same theme).
    public static let optionalPageTemplates = ["dimension", "dimensions", "coverage", "feed", "sitemap-index"]

    let library: TemplateLibrary
    /// The views' fields by the numbers `library` gave their names.
    let views: ViewFieldIndex
    /// Every template the set holds, page templates and partials.
    let names: Set<String>

    func has(_ template: String) -> Bool { names.contains(template) }

    /// - Parameters:
    ///   - sources: template name (file name without `.mustache`) -> text.
    ///   - displayPrefix: how messages name the folder, e.g. `templates/`.
    public static func compile(sources: [String: String], displayPrefix: String) -> Result<TemplateSet, TemplateErrors> {
        var diagnostics: [Diagnostic] = []
        var templates: [String: [TemplateToken]] = [:]
        for name in pageTemplates where sources[name] == nil {
            diagnostics.append(Diagnostic(.error, file: "\(displayPrefix)\(name).mustache", "template is missing"))
        }
        var uses: [String: TemplateUses] = [:]
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            do {
                let tokens = try TemplateParser.parse(text)
                templates[name] = tokens
                uses[name] = TemplateUses(tokens)
            } catch {
                diagnostics.append(Diagnostic(.error, file: "\(displayPrefix)\(name).mustache",
                    position: SourcePosition(line: error.position.line, column: error.position.column),
                    "template syntax error: \(error.reason)"))
            }
        }
        let references = uses.mapValues { $0.partials.map(\.name) }
        // The names a template may use: those of the page views that include it, directly or through partials.
        var allowed: [String: Set<String>] = [:]
        for (page, view) in pageTemplateViews {
            let fields = ViewSchema.reachableFields(from: view)
            var pending = [page]
            var visited: Set<String> = []
            while let name = pending.popLast() {
                guard visited.insert(name).inserted else { continue }
                allowed[name, default: []].formUnion(fields)
                pending += references[name] ?? []
            }
        }
        // A template no page includes (yet) may use what any page has, rather than flagging every name it uses.
        let anyPage = allowed.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        for (name, used) in uses.sorted(by: { $0.key < $1.key }) {
            diagnostics += TemplateLint.check(used.tags, allowed: allowed[name] ?? anyPage, file: "\(displayPrefix)\(name).mustache")
        }
        // Partials must exist and must not include themselves, directly or through others (the engine's checks).
        for problem in TemplateCheck.partials(uses, known: Set(sources.keys), displayFolder: displayPrefix) {
            diagnostics.append(Diagnostic(.error, file: "\(displayPrefix)\(problem.template).mustache",
                                          position: problem.position.map { SourcePosition(line: $0.line, column: $0.column) },
                                          problem.message))
        }
        if !diagnostics.isEmpty { return .failure(TemplateErrors(diagnostics: diagnostics.sortedForDisplay())) }
        let library = TemplateLibrary(templates)
        return .success(TemplateSet(library: library, views: ViewFieldIndex(fieldNames: library.fieldNames, views: Array(pageTemplateViews.values)),
                                      names: Set(templates.keys)))
    }

    /// The page `template` makes of `view`.
    func render(_ view: some TemplateView, template: String) throws(TemplateRenderError) -> PageBytes {
        var output = ByteBuffer(capacity: 32 * 1024)
        try library.render(views.object(view), template: template, into: &output)
        return PageBytes(output)
    }
}

public struct TemplateErrors: Error, Sendable {
    public var diagnostics: [Diagnostic]
}

/// Checks the names a template uses against the views that may render it.
enum TemplateLint {
    /// Names Mustache itself provides inside sections.
    static let builtInNames: Set<String> = ["."]

    static func check(_ tags: [(tag: TemplateTag, escaped: Bool)], allowed: Set<String>, file: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (tag, escaped) in tags {
            let name = tag.name
            let position = SourcePosition(line: tag.position.line, column: tag.position.column)
            let components = name.split(separator: ".").map(String.init)
            for component in components where !allowed.contains(component) && !builtInNames.contains(component) {
                diagnostics.append(Diagnostic(.error, file: file, position: position,
                    "unknown variable '\(name)': the page data has no field '\(component)'"))
            }
            if !escaped && !(components.last ?? "").hasSuffix("HTML") {
                diagnostics.append(Diagnostic(.error, file: file, position: position,
                    "'\(name)' is text and must be escaped: use {{\(name)}}; only fields ending in HTML may use {{{ }}}"))
            }
        }
        return diagnostics
    }
}
