import Foundation
import MarkdownSyntax
import Mustache

/// The templates in a form that renders pages fast, with swift-mustache's semantics.
///
/// Why this exists: rendering pages through swift-mustache took more than half of a build's
/// instructions (bench/profile.md): every `{{name}}` is split by `Character`, every value passes
/// through several dynamic casts, and every token returns a fresh `String`. swift-mustache still parses
/// and checks every template (syntax errors, standalone lines, partial indentation, inheritance), and
/// the tests render every page through it as well and require byte-identical output. This file only
/// walks the token tree swift-mustache built, against typed views, appending to one byte buffer.
///
/// The token tree is internal to swift-mustache, so it is read with `Mirror`; the version is pinned in
/// Package.swift, and a change of shape fails the build of the template set with a clear message
/// (and the reference-renderer tests) rather than rendering something different.
struct CompiledTemplates: Sendable {
    private let templates: [String: CompiledTemplate]

    init(_ sources: [String: MustacheTemplate]) throws(TemplateShapeError) {
        var compiled: [String: CompiledTemplate] = [:]
        for (name, template) in sources {
            compiled[name] = try CompiledTemplate(reading: template, in: name)
        }
        templates = compiled
    }

    /// Renders `view` with the template `name`, as swift-mustache's `MustacheLibrary.render` would.
    func render(_ view: any TemplateView, template name: String) -> PageBytes? {
        guard let template = templates[name] else { return nil }
        var renderer = Renderer(templates: templates)
        renderer.stack.append(.view(view.boxed))
        renderer.render(template, scope: Scope())
        return PageBytes(renderer.output.take())
    }
}

struct TemplateShapeError: Error, CustomStringConvertible {
    var template: String
    var detail: String
    var description: String {
        "template '\(template)': \(detail) (the installed swift-mustache is not the version Versus was built for)"
    }
}

/// A variable or section name, split once when the template is read. A class so that walking the
/// nodes copies one reference, not two arrays.
final class TemplateName: Sendable {
    enum Root: Sendable {
        /// `.`: the current value.
        case current
        /// `.name`: looked up in the current value only.
        case top
        /// `name`: looked up from the innermost value outwards.
        case stack
        /// `first()` and friends without a name: the position in the list being rendered.
        case sequencePosition
    }

    let root: Root
    /// The dotted name's parts, as `FieldNames` numbers.
    let components: [Int]
    /// Applied last to first, as swift-mustache does.
    let transforms: [String]

    init(_ name: String, transforms: [String]) {
        self.transforms = transforms
        if name == "." {
            root = .current
            components = []
        } else if name.isEmpty && !transforms.isEmpty {
            root = .sequencePosition
            components = []
        } else {
            root = name.hasPrefix(".") ? .top : .stack
            components = name.split(separator: ".").map { FieldNames.id(for: String($0)) }
        }
    }
}

final class CompiledTemplate: Sendable {
    enum Node: Sendable {
        case text([UInt8])
        case variable(TemplateName, escaped: Bool)
        case section(TemplateName, CompiledTemplate, inverted: Bool)
        case partial(String, indentation: String?, overrides: [String: CompiledTemplate]?)
        case block(String, fallback: CompiledTemplate, indentation: String?)
        case contentType(Escaping)
    }

    enum Escaping: @unchecked Sendable {
        case html
        /// Another content type named with `{{% CONTENT_TYPE }}`: its own `escapeText`.
        case other(any MustacheContentType)
    }

    /// What the renderer walks: trivially copyable steps whose payloads index the tables below, so
    /// visiting a step copies no reference (the enum above, walked directly, cost a retain and a
    /// release per node).
    enum Op {
        case text(start: Int, end: Int)
        /// A plain `{{name}}`: one field, looked up the stack, no transforms.
        case field(Int, escaped: Bool)
        case variable(Int, escaped: Bool)
        case section(Int, body: Int, inverted: Bool)
        /// Partials, blocks and content types, rare: the node itself.
        case node(Int)
    }

    let ops: [Op]
    /// Every text of the template, one after another.
    let textBytes: [UInt8]
    let names: [TemplateName]
    let bodies: [CompiledTemplate]
    let nodes: [Node]

    init(reading template: MustacheTemplate, in name: String) throws(TemplateShapeError) {
        func fail(_ detail: String) -> TemplateShapeError { TemplateShapeError(template: name, detail: detail) }
        guard let tokens = Mirror(reflecting: template).descendant("tokens") else { throw fail("no token list") }
        var nodes: [Node] = []
        for token in Mirror(reflecting: tokens).children.map(\.value) {
            guard let kind = Mirror(reflecting: token).children.first, let label = kind.label else {
                throw fail("a token without a kind")
            }
            let payload = Mirror(reflecting: kind.value)
            func field(_ label: String) -> Any? { payload.children.first { $0.label == label }?.value }
            func nameField() throws(TemplateShapeError) -> TemplateName {
                guard let name = field("name") as? String, let transforms = field("transforms") as? [String] else {
                    throw fail("a '\(label)' token without a name")
                }
                return TemplateName(name, transforms: transforms)
            }
            func templateField(_ key: String) throws(TemplateShapeError) -> CompiledTemplate {
                guard let nested = field(key) as? MustacheTemplate else { throw fail("a '\(label)' token without its body") }
                return try CompiledTemplate(reading: nested, in: name)
            }
            switch label {
            case "text":
                guard let text = kind.value as? String else { throw fail("a text token without text") }
                nodes.append(.text(Array(text.utf8)))
            case "variable", "unescapedVariable":
                nodes.append(.variable(try nameField(), escaped: label == "variable"))
            case "section", "invertedSection":
                nodes.append(.section(try nameField(), try templateField("template"), inverted: label == "invertedSection"))
            case "partial":
                guard let partial = field(".0") as? String else { throw fail("a partial without a name") }
                var overrides: [String: CompiledTemplate]?
                if let inherits = field("inherits") as? [String: MustacheTemplate] {
                    overrides = [:]
                    for (block, body) in inherits { overrides?[block] = try CompiledTemplate(reading: body, in: name) }
                }
                nodes.append(.partial(partial, indentation: field("indentation") as? String, overrides: overrides))
            case "blockExpansion":
                guard let block = field("name") as? String else { throw fail("a block without a name") }
                nodes.append(.block(block, fallback: try templateField("default"), indentation: field("indentation") as? String))
            case "contentType":
                guard let contentType = kind.value as? any MustacheContentType else { throw fail("a content type token without its type") }
                nodes.append(.contentType(contentType is HTMLEscaping ? .html : .other(contentType)))
            case "blockDefinition":
                continue // only inside `{{< }}`, where the partial token carries them; never rendered
            default:
                // `{{>*dynamic}}` partials among them: the template checker does not follow them either.
                throw fail("'\(label)' is not supported")
            }
        }
        var ops: [Op] = [], textBytes: [UInt8] = [], names: [TemplateName] = [], bodies: [CompiledTemplate] = [], others: [Node] = []
        for node in nodes {
            switch node {
            case .text(let bytes):
                ops.append(.text(start: textBytes.count, end: textBytes.count + bytes.count))
                textBytes += bytes
            case .variable(let variable, let escaped):
                if variable.root == .stack, variable.components.count == 1, variable.transforms.isEmpty {
                    ops.append(.field(variable.components[0], escaped: escaped))
                } else {
                    ops.append(.variable(names.count, escaped: escaped))
                    names.append(variable)
                }
            case .section(let section, let body, let inverted):
                ops.append(.section(names.count, body: bodies.count, inverted: inverted))
                names.append(section)
                bodies.append(body)
            case .partial, .block, .contentType:
                ops.append(.node(others.count))
                others.append(node)
            }
        }
        self.ops = ops
        self.textBytes = textBytes
        self.names = names
        self.bodies = bodies
        self.nodes = others
    }
}

/// What swift-mustache's `MustacheContext` carries besides the value stack.
private struct Scope {
    var escaping: CompiledTemplate.Escaping = .html
    var sequence: (first: Bool, last: Bool, index: Int)?
    var indentation: String?
    var inherited: [String: CompiledTemplate]?

    func indented(by extra: String?) -> String? {
        guard let extra else { return indentation }
        return (indentation ?? "") + extra
    }
}

private struct Renderer: ~Copyable {
    let templates: [String: CompiledTemplate]
    var output = ByteBuffer(capacity: 32 * 1024)
    /// Innermost value last, as swift-mustache's context stack.
    var stack: [TemplateValue] = []

    init(templates: [String: CompiledTemplate]) {
        self.templates = templates
    }

    mutating func render(_ template: CompiledTemplate, scope: Scope) {
        var scope = scope
        if let indentation = scope.indentation, !indentation.isEmpty {
            // swift-mustache indents a token's output when the template's output so far ends a line.
            let start = output.count
            for op in template.ops {
                let tokenStart = output.count
                render(op, of: template, scope: &scope)
                if output.count > tokenStart, tokenStart > start, output[tokenStart - 1] == 0x0A {
                    var indentation = indentation
                    indentation.withUTF8 { output.insert($0, at: tokenStart) }
                }
            }
        } else {
            for op in template.ops { render(op, of: template, scope: &scope) }
        }
    }

    private mutating func render(_ op: CompiledTemplate.Op, of template: CompiledTemplate, scope: inout Scope) {
        switch op {
        case .text(let start, let end):
            template.textBytes.withUnsafeBufferPointer { output.append(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        case .field(let id, let escaped):
            guard let value = lookUpField(id) else { return }
            appendVariable(value, escaping: escaped ? scope.escaping : nil)
        case .variable(let name, let escaped):
            guard let value = lookUp(template.names[name], scope: scope) else { return }
            appendVariable(value, escaping: escaped ? scope.escaping : nil)
        case .section(let name, let body, let inverted):
            let value = lookUp(template.names[name], scope: scope)
            inverted ? renderInvertedSection(value, template.bodies[body], scope: scope)
                     : renderSection(value, template.bodies[body], scope: scope)
        case .node(let index):
            render(template.nodes[index], scope: &scope)
        }
    }

    /// `{{name}}`: the innermost value that has the field.
    private func lookUpField(_ id: Int) -> TemplateValue? {
        // In place: copying each `TemplateValue` off the stack (an existential) cost more than the read.
        stack.withUnsafeBufferPointer { values in
            var index = values.count - 1
            while index >= 0 {
                if let child = Self.child(of: values[index], id: id) { return child }
                index -= 1
            }
            return nil
        }
    }

    /// A node as it is: the steps send only partials, blocks and content types here, but every kind is
    /// rendered the same way as its step would, so this stays a complete renderer of a node.
    private mutating func render(_ node: CompiledTemplate.Node, scope: inout Scope) {
        switch node {
        case .text(let bytes):
            output.append(bytes)
        case .variable(let name, let escaped):
            guard let value = lookUp(name, scope: scope) else { return }
            appendVariable(value, escaping: escaped ? scope.escaping : nil)
        case .section(let name, let body, let inverted):
            let value = lookUp(name, scope: scope)
            inverted ? renderInvertedSection(value, body, scope: scope) : renderSection(value, body, scope: scope)
        case .partial(let name, let indentation, let overrides):
            guard let template = templates[name] else { return }
            var inherited = scope.inherited
            if let overrides {
                // The outer template's blocks win over the ones this inclusion names, as in swift-mustache.
                inherited = inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            render(template, scope: Scope(escaping: .html, sequence: nil, indentation: scope.indented(by: indentation), inherited: inherited))
        case .block(let name, let fallback, let indentation):
            var inner = scope
            inner.sequence = nil
            inner.indentation = scope.indented(by: indentation)
            render(scope.inherited?[name] ?? fallback, scope: inner)
        case .contentType(let escaping):
            scope.escaping = escaping
        }
    }

    private mutating func renderSection(_ value: TemplateValue?, _ body: CompiledTemplate, scope: Scope) {
        switch value {
        case .list(let list):
            let count = list.count
            for index in 0..<count {
                var inner = scope
                inner.sequence = (first: index == 0, last: index == count - 1, index: index)
                stack.append(.view(list.boxes[index]))
                render(body, scope: inner)
                stack.removeLast()
            }
        case .flag(let flag):
            if flag { render(body, scope: scope) }
        case .some(let value):
            var inner = scope
            inner.sequence = nil
            stack.append(value)
            render(body, scope: inner)
            stack.removeLast()
        case .none:
            return
        }
    }

    private mutating func renderInvertedSection(_ value: TemplateValue?, _ body: CompiledTemplate, scope: Scope) {
        switch value {
        case .list(let list):
            guard list.count == 0 else { return }
            var inner = scope
            inner.sequence = nil
            stack.append(.list(list))
            render(body, scope: inner)
            stack.removeLast()
        case .flag(let flag):
            if !flag { render(body, scope: scope) }
        case .some:
            return
        case .none:
            render(body, scope: scope)
        }
    }

    private func lookUp(_ name: TemplateName, scope: Scope) -> TemplateValue? {
        var value: TemplateValue?
        switch name.root {
        case .current:
            value = stack.last
        case .sequencePosition:
            guard let position = scope.sequence else { return nil }
            // Only the position transforms apply here; the last one named is applied first.
            guard let transform = name.transforms.last else { return nil }
            switch transform {
            case "first": value = .flag(position.first)
            case "last": value = .flag(position.last)
            case "index": value = .number(position.index)
            case "even": value = .flag(position.index & 1 == 0)
            case "odd": value = .flag(position.index & 1 == 1)
            default: return nil
            }
            return Self.apply(name.transforms.dropLast(), to: value)
        case .top:
            guard let top = stack.last else { return nil }
            value = Self.descend(name.components[...], from: top)
        case .stack:
            guard let first = name.components.first else { return nil }
            var index = stack.count - 1
            while index >= 0 {
                if let child = Self.child(of: stack[index], id: first) {
                    value = name.components.count == 1 ? child : Self.descend(name.components.dropFirst(), from: child)
                    break
                }
                index -= 1
            }
        }
        return name.transforms.isEmpty ? value : Self.apply(name.transforms[...], to: value)
    }

    /// A field of a view (text, lists and numbers have none, as in swift-mustache's lookup).
    private static func child(of value: TemplateValue, id: Int) -> TemplateValue? {
        switch value {
        case .view(let reference): reference.value(id: id)
        case .text, .number, .flag, .list: nil
        }
    }

    private static func descend(_ components: ArraySlice<Int>, from value: TemplateValue) -> TemplateValue? {
        var value = value
        for component in components {
            guard let child = child(of: value, id: component) else { return nil }
            value = child
        }
        return value
    }

    /// swift-mustache's transforms for the value types views hold, last named first.
    private static func apply(_ transforms: ArraySlice<String>, to value: TemplateValue?) -> TemplateValue? {
        guard !transforms.isEmpty else { return value }
        guard var value else { return nil }
        for transform in transforms.reversed() {
            switch (value, transform) {
            case (.text(let text), "empty"): value = .flag(text.isEmpty)
            case (.text(let text), "capitalized"): value = .text(text.capitalized)
            case (.text(let text), "lowercased"): value = .text(text.lowercased())
            case (.text(let text), "uppercased"): value = .text(text.uppercased())
            case (.text(let text), "reversed"): value = .text(String(text.reversed()))
            case (.number(let number), "equalzero"): value = .flag(number == 0)
            case (.number(let number), "plusone"): value = .number(number + 1)
            case (.number(let number), "minusone"): value = .number(number - 1)
            case (.number(let number), "even"): value = .flag(number & 1 == 0)
            case (.number(let number), "odd"): value = .flag(number & 1 == 1)
            case (.list(let reference), "first"):
                guard let first = reference.boxes.first else { return nil }
                value = .view(first)
            case (.list(let reference), "last"):
                guard let last = reference.boxes.last else { return nil }
                value = .view(last)
            case (.list(let reference), "reversed"): value = .list(ListReference(reversing: reference))
            case (.list(let reference), "count"): value = .number(reference.count)
            case (.list(let reference), "empty"): value = .flag(reference.count == 0)
            default: return nil
            }
        }
        return value
    }

    /// Takes the value (the caller's last use): its text is moved out, not copied (a copy of an enum's
    /// string payload went through the runtime's generic `Optional` witness).
    private mutating func appendVariable(_ value: consuming TemplateValue, escaping: CompiledTemplate.Escaping?) {
        switch consume value {
        case .text(let text): append(text, escaping: escaping)
        case .number(let number): append(String(number), escaping: escaping)
        // Flags, views and lists print as swift-mustache prints them (String(describing:)).
        case .flag(let flag): append(String(describing: flag), escaping: escaping)
        case .view(let reference): append(String(describing: reference.view), escaping: escaping)
        case .list(let reference): append(String(describing: reference.original), escaping: escaping)
        }
    }

    private mutating func append(_ text: String, escaping: CompiledTemplate.Escaping?) {
        switch escaping {
        case .none: output.append(utf8: text)
        case .html: HTMLEscaping.append(text, to: &output)
        case .other(let contentType): output.append(utf8: contentType.escapeText(text))
        }
    }
}
