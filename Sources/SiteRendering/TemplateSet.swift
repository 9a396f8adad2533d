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
        let references = uses.mapValues(\.partials)
        // The names a template may use: those of the page views that include it, directly or through partials.
        var allowed: [String: Set<String>] = [:]
        for (page, view) in pageTemplateViews {
            let fields = ViewSchema.reachableFields(from: view)
            var pending = [page]
            var visited: Set<String> = []
            while let name = pending.popLast() {
                guard visited.insert(name).inserted else { continue }
                allowed[name, default: []].formUnion(fields)
                pending += references[name]?.map(\.name) ?? []
            }
        }
        // A template no page includes (yet) may use what any page has, rather than flagging every name it uses.
        let anyPage = allowed.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        for (name, used) in uses.sorted(by: { $0.key < $1.key }) {
            diagnostics += TemplateLint.check(used.tags, allowed: allowed[name] ?? anyPage, file: "\(displayPrefix)\(name).mustache")
        }
        // Partials must exist and must not include themselves, directly or through others.
        for (name, used) in references.sorted(by: { $0.key < $1.key }) {
            for partial in used where sources[partial.name] == nil {
                diagnostics.append(Diagnostic(.error, file: "\(displayPrefix)\(name).mustache", position: partial.position,
                                              "partial '\(partial.name)' not found in \(displayPrefix)"))
            }
        }
        if let cycle = findCycle(references.mapValues { $0.map(\.name) }) {
            // Reported once, at the tag of the first template of the cycle that includes the next one.
            let position = references[cycle[0]]?.first { $0.name == cycle[1] }?.position
            diagnostics.append(Diagnostic(.error, file: "\(displayPrefix)\(cycle[0]).mustache", position: position,
                "partials include each other in a cycle: \(cycle.joined(separator: " -> "))"))
        }
        if !diagnostics.isEmpty { return .failure(TemplateErrors(diagnostics: diagnostics.sortedForDisplay())) }
        let library = TemplateLibrary(templates)
        return .success(TemplateSet(library: library, views: ViewFieldIndex(fieldNames: library.fieldNames, views: Array(pageTemplateViews.values)),
                                      names: Set(templates.keys)))
    }

    private static func findCycle(_ graph: [String: [String]]) -> [String]? {
        var state: [String: Int] = [:] // 1 visiting, 2 done
        for start in graph.keys.sorted() where state[start] == nil {
            // Iterative depth-first search with an explicit path.
            var stack: [(node: String, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                let edges = graph[top.node] ?? []
                if top.next < edges.count {
                    stack[stack.count - 1].next += 1
                    let child = edges[top.next]
                    if state[child] == 1 {
                        let path = stack.map(\.node)
                        let from = path.firstIndex(of: child) ?? 0
                        return Array(path[from...]) + [child]
                    }
                    if state[child] == nil {
                        state[child] = 1
                        stack.append((child, 0))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        return nil
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

/// What a template uses: the names of its variables and sections, and the partials and parents it
/// includes, each with its position.
struct TemplateUses {
    var tags: [(tag: TemplateTag, escaped: Bool)] = []
    var partials: [(name: String, position: SourcePosition)] = []

    init(_ tokens: [TemplateToken]) {
        // With an explicit list of bodies still to read: the parser bounds the depth, this does not rely on it.
        var pending: [[TemplateToken]] = [tokens]
        while let body = pending.popLast() {
            for token in body {
                switch token {
                case .text:
                    break
                case .variable(let tag, let escaped):
                    tags.append((tag, escaped))
                case .section(let tag, let inner, _):
                    tags.append((tag, true))
                    pending.append(inner)
                case .partial(let name, _, let position):
                    partials.append((name, SourcePosition(line: position.line, column: position.column)))
                case .parent(let name, _, let blocks, let position):
                    partials.append((name, SourcePosition(line: position.line, column: position.column)))
                    pending += blocks.keys.sorted().compactMap { blocks[$0] }
                case .block(_, let fallback, _):
                    pending.append(fallback)
                }
            }
        }
        tags.sort { ($0.tag.position.line, $0.tag.position.column) < ($1.tag.position.line, $1.tag.position.column) }
        partials.sort { ($0.position.line, $0.position.column) < ($1.position.line, $1.position.column) }
    }
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
