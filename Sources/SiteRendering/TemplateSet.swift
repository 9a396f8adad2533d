import Diagnostics
import Mustache

/// The compiled templates, checked before any page is rendered: swift-mustache renders missing
/// variables and partials as empty strings and recurses forever on a partial cycle, so each of those
/// is caught here, with the template's file, line and column.
public struct TemplateSet: Sendable {
    /// One template per page kind. Partials and the layout are found through these.
    public static let pageTemplates = ["comparison", "subject", "page", "index", "404", "sitemap"]

    let library: MustacheLibrary

    /// - Parameters:
    ///   - sources: template name (file name without `.mustache`) -> text.
    ///   - displayPrefix: how messages name the folder, e.g. `templates/`.
    public static func compile(sources: [String: String], displayPrefix: String) -> Result<TemplateSet, TemplateErrors> {
        var diagnostics: [Diagnostic] = []
        var templates: [String: MustacheTemplate] = [:]
        for name in pageTemplates where sources[name] == nil {
            diagnostics.append(Diagnostic(.error, file: "\(displayPrefix)\(name).mustache", "template is missing"))
        }
        var references: [String: [(name: String, position: SourcePosition)]] = [:]
        for (name, text) in sources.sorted(by: { $0.key < $1.key }) {
            let file = "\(displayPrefix)\(name).mustache"
            do {
                templates[name] = try MustacheTemplate(string: text)
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(Diagnostic(.error, file: file,
                    position: SourcePosition(line: error.context.lineNumber, column: error.context.columnNumber),
                    "template syntax error: \(error.error)"))
                continue
            } catch {
                diagnostics.append(Diagnostic(.error, file: file, "template syntax error: \(error)"))
                continue
            }
            let lint = TemplateLint.check(text, file: file)
            diagnostics += lint.diagnostics
            references[name] = lint.partials
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
        return .success(TemplateSet(library: MustacheLibrary(templates: templates)))
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

    func render(_ view: Any, template: String) -> String? {
        library.render(view, withTemplate: template)
    }
}

public struct TemplateErrors: Error, Sendable {
    public var diagnostics: [Diagnostic]
}

/// Reads the tags of a template (not its HTML) to check the names it uses against the views.
enum TemplateLint {
    struct Result {
        var diagnostics: [Diagnostic] = []
        var partials: [(name: String, position: SourcePosition)] = []
    }

    /// Names Mustache itself provides inside sections.
    static let builtInNames: Set<String> = [".", "first", "last", "index", "even", "odd"]

    static func check(_ text: String, file: String) -> Result {
        var result = Result()
        let bytes = Array(text.utf8)
        var index = 0
        var line = 1
        var lineStart = 0
        func position(_ offset: Int) -> SourcePosition { SourcePosition(line: line, column: offset - lineStart + 1) }
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
            let tagPosition = position(start)
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
            if sigil == "=" {
                result.diagnostics.append(Diagnostic(.error, file: file, position: tagPosition,
                    "changing the Mustache delimiters is not supported by the template checker"))
                continue
            }
            if sigil == "!" || sigil == "/" { continue }
            if sigil == ">" || sigil == "<" {
                result.partials.append((name, tagPosition))
                continue
            }
            if sigil == "$" { continue }
            // Transforms are written `transform(name)`; check the name inside.
            if let open = name.firstIndex(of: "("), let closeParen = name.lastIndex(of: ")"), open < closeParen {
                name = String(name[name.index(after: open)..<closeParen])
            }
            let components = name.split(separator: ".").map(String.init)
            for component in components where !allTemplateViewFields.contains(component) && !builtInNames.contains(component) {
                result.diagnostics.append(Diagnostic(.error, file: file, position: tagPosition,
                    "unknown variable '\(name)': no page view has a field '\(component)'"))
            }
            if (triple || sigil == "&") && !(components.last ?? "").hasSuffix("HTML") {
                result.diagnostics.append(Diagnostic(.error, file: file, position: tagPosition,
                    "'\(name)' is text and must be escaped: use {{\(name)}}; only fields ending in HTML may use {{{ }}}"))
            }
        }
        return result
    }
}
