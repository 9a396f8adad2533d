import Diagnostics
import Mustache

/// The compiled templates, checked before any page is rendered: swift-mustache renders missing
/// variables and partials as empty strings and recurses forever on a partial cycle, so each of those
/// is caught here, with the template's file, line and column.
public struct TemplateSet: Sendable {
    /// One template per page kind. Partials and the layout are found through these.
    public static let pageTemplates = ["comparison", "subject", "page", "index", "404", "sitemap"]

    /// swift-mustache's parsed templates: the reference renderer.
    let library: MustacheLibrary
    /// The same templates, read into the form pages are rendered with (CompiledTemplates.swift).
    let compiled: CompiledTemplates

    /// - Parameters:
    ///   - sources: template name (file name without `.mustache`) -> text.
    ///   - displayPrefix: how messages name the folder, e.g. `templates/`.
    public static func compile(sources: [String: String], displayPrefix: String) -> Result<TemplateSet, TemplateErrors> {
        HTMLEscaping.registered
        var diagnostics: [Diagnostic] = []
        var templates: [String: MustacheTemplate] = [:]
        for name in pageTemplates where sources[name] == nil {
            diagnostics.append(Diagnostic(.error, file: "\(displayPrefix)\(name).mustache", "template is missing"))
        }
        var references: [String: [(name: String, position: SourcePosition)]] = [:]
        var scans: [String: TemplateLint.Scan] = [:]
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            let file = "\(displayPrefix)\(name).mustache"
            do {
                templates[name] = try MustacheTemplate(string: HTMLEscaping.pragma + text)
            } catch let error as MustacheTemplate.ParserError {
                // The pragma shares line 1 with the template's text; take it out of the column there.
                let line = error.context.lineNumber
                let column = line == 1 ? max(1, error.context.columnNumber - HTMLEscaping.pragma.count) : error.context.columnNumber
                diagnostics.append(Diagnostic(.error, file: file, position: SourcePosition(line: line, column: column),
                    "template syntax error: \(error.error)"))
                continue
            } catch {
                diagnostics.append(Diagnostic(.error, file: file, "template syntax error: \(error)"))
                continue
            }
            scans[name] = TemplateLint.scan(text, file: file)
            references[name] = scans[name]?.partials
        }
        // The names a template may use: those of the page views that include it, directly or through partials.
        var allowed: [String: Set<String>] = [:]
        for (page, view) in pageTemplateViews {
            let fields = ViewSchema.reachableFields(from: view)
            var pending = [page]
            var visited: Set<String> = []
            while let name = pending.popLast(), visited.insert(name).inserted {
                allowed[name, default: []].formUnion(fields)
                pending += references[name]?.map(\.name) ?? []
            }
        }
        for (name, scan) in scans.sorted(by: { $0.key < $1.key }) {
            diagnostics += TemplateLint.check(scan, allowed: allowed[name] ?? [], file: "\(displayPrefix)\(name).mustache")
        }
        // Partials must exist and must not include themselves, directly or through others.
        for (name, used) in references.sorted(by: { $0.key < $1.key }) {
            for partial in used where sources[partial.name] == nil {
                diagnostics.append(Diagnostic(.error, file: "\(displayPrefix)\(name).mustache", position: partial.position,
                                              "partial '\(partial.name)' not found in \(displayPrefix)"))
            }
        }
        if let cycle = findCycle(references.mapValues { $0.map(\.name) }) {
            diagnostics.append(Diagnostic(.error, file: "\(displayPrefix)\(cycle[0]).mustache",
                "partials include each other in a cycle: \(cycle.joined(separator: " -> "))"))
        }
        if !diagnostics.isEmpty { return .failure(TemplateErrors(diagnostics: diagnostics.sortedForDisplay())) }
        do {
            return .success(TemplateSet(library: MustacheLibrary(templates: templates), compiled: try CompiledTemplates(templates)))
        } catch {
            return .failure(TemplateErrors(diagnostics: [Diagnostic(.error, file: "\(displayPrefix)\(error.template).mustache", error.description)]))
        }
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

    /// How a page is turned into bytes: `compiled` for builds, `reference` (swift-mustache's own
    /// renderer) for the tests that require both to agree byte for byte.
    enum Engine: Sendable {
        case compiled, reference
    }

    func render(_ view: any TemplateView, template: String, engine: Engine = .compiled) -> PageBytes? {
        switch engine {
        case .compiled: compiled.render(view, template: template)
        case .reference: library.render(view, withTemplate: template).map { PageBytes(copying: Array($0.utf8)) }
        }
    }
}

public struct TemplateErrors: Error, Sendable {
    public var diagnostics: [Diagnostic]
}

/// Reads the tags of a template (not its HTML) to check the names it uses against the views.
enum TemplateLint {
    struct Tag {
        var sigil: Character?
        var name: String
        var triple: Bool
        var position: SourcePosition
    }

    struct Scan {
        var tags: [Tag] = []
        var partials: [(name: String, position: SourcePosition)] = []
        var diagnostics: [Diagnostic] = []
    }

    /// Names Mustache itself provides inside sections.
    static let builtInNames: Set<String> = ["."]

    static func scan(_ text: String, file: String) -> Scan {
        var result = Scan()
        let bytes = Array(text.utf8)
        var index = 0
        var line = 1
        var lineStart = 0
        while index < bytes.count {
            if bytes[index] == 0x0A { line += 1; lineStart = index + 1; index += 1; continue }
            guard bytes[index] == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1; continue
            }
            let start = index
            let triple = index + 2 < bytes.count && bytes[index + 2] == UInt8(ascii: "{")
            let open = triple ? 3 : 2
            let close: [UInt8] = triple ? Array("}}}".utf8) : Array("}}".utf8)
            var end = index + open
            while end + close.count <= bytes.count && !bytes[end..<(end + close.count)].elementsEqual(close) { end += 1 }
            guard end + close.count <= bytes.count else { break }
            let inner = String(decoding: bytes[(index + open)..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let tagPosition = SourcePosition(line: line, column: start - lineStart + 1)
            index = end + close.count
            // Keep line counting right across multi-line tags.
            for offset in start..<index where bytes[offset] == 0x0A { line += 1; lineStart = offset + 1 }

            var sigil: Character? = inner.first
            var name = inner
            if let first = sigil, "#^/>!<$&=".contains(first) {
                name = String(inner.dropFirst()).trimmingCharacters(in: .whitespaces)
            } else {
                sigil = nil
            }
            switch sigil {
            case "=":
                result.diagnostics.append(Diagnostic(.error, file: file, position: tagPosition,
                    "changing the Mustache delimiters is not supported by the template checker"))
            case ">", "<":
                result.partials.append((name, tagPosition))
            case "!", "/", "$":
                continue
            default:
                result.tags.append(Tag(sigil: sigil, name: name, triple: triple, position: tagPosition))
            }
        }
        return result
    }

    static func check(_ scan: Scan, allowed: Set<String>, file: String) -> [Diagnostic] {
        var diagnostics = scan.diagnostics
        for tag in scan.tags {
            var name = tag.name
            // Transforms are written `transform(name)`; `first()`, `last()` and friends name no field.
            if let open = name.firstIndex(of: "("), let closeParen = name.lastIndex(of: ")"), open < closeParen {
                name = String(name[name.index(after: open)..<closeParen])
            }
            let components = name.split(separator: ".").map(String.init)
            for component in components where !allowed.contains(component) && !builtInNames.contains(component) {
                diagnostics.append(Diagnostic(.error, file: file, position: tag.position,
                    "unknown variable '\(name)': the page data has no field '\(component)'"))
            }
            if (tag.triple || tag.sigil == "&") && !(components.last ?? "").hasSuffix("HTML") {
                diagnostics.append(Diagnostic(.error, file: file, position: tag.position,
                    "'\(name)' is text and must be escaped: use {{\(name)}}; only fields ending in HTML may use {{{ }}}"))
            }
        }
        return diagnostics
    }
}
