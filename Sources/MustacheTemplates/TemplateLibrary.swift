import Foundation
import TextPrimitives

/// What a template reads. Views are objects (their fields answered by number, see
/// `TemplateLibrary.fieldNames`) and lists of objects; leaves are text, numbers and flags.
public enum TemplateValue {
    case text(String)
    case number(Int)
    case flag(Bool)
    case object(TemplateObject)
    case list(TemplateList)
}

/// A value with fields, behind a reference: rendering pushes and pops these on its context stack, and
/// copying a reference is one count where copying a view struct copied every string in it.
open class TemplateObject {
    public init() {}

    /// The field numbered `field` in the library being rendered (`TemplateLibrary.fieldNames`), or
    /// `nil` when this object has no such field (the lookup then goes on up the context stack).
    open func value(field: Int) -> TemplateValue? { nil }
}

public final class TemplateList {
    public let elements: [TemplateObject]

    public init(_ elements: [TemplateObject]) {
        self.elements = elements
    }
}

/// Parsed templates ready to render: partials and parents are found by name among them.
///
/// Every name a template uses is given a number when the library is built (`fieldNames`), so a lookup
/// is an array index instead of hashing a string for every object on the way up the stack. The
/// numbers belong to this library alone: no table outlives it or is shared between threads for writing.
public struct TemplateLibrary: Sendable {
    /// Field names by number.
    public let fieldNames: [String]
    private let templates: [String: CompiledTemplate]

    public init(_ templates: [String: [TemplateToken]]) {
        var numbers = FieldNumbering()
        var compiled: [String: CompiledTemplate] = [:]
        for (name, tokens) in templates.sorted(by: { $0.key < $1.key }) {
            compiled[name] = CompiledTemplate(tokens, numbering: &numbers)
        }
        self.templates = compiled
        fieldNames = numbers.names
    }

    /// How many templates, sections, partials and blocks may be open at once while rendering. Parsing
    /// bounds each template's nesting; this bounds what only rendering shows, such as a block whose
    /// override expands the same block again (`{{$a}}{{$a}}{{/a}}{{/a}}` inside a parent).
    public static let maximumRenderDepth = 200

    /// Renders `template` with `root` at the bottom of the context stack, appending to `output`.
    public func render(_ root: TemplateObject, template name: String, into output: inout ByteBuffer) throws(TemplateRenderError) {
        guard let template = templates[name] else { throw .missingTemplate(name) }
        var renderer = Renderer(templates: templates, output: output.take())
        renderer.stack.append(.object(root))
        renderer.render(template, scope: Scope())
        output = renderer.output.take()
        if let block = renderer.endlessBlock { throw .endlessBlock(template: name, block: block) }
        if renderer.tooDeep { throw .tooDeep(template: name) }
    }
}

public enum TemplateRenderError: Error, Equatable, CustomStringConvertible {
    case missingTemplate(String)
    case tooDeep(template: String)
    /// A block whose override expands the same block again, directly or through partials: it would
    /// never end (each round renders the same override again).
    case endlessBlock(template: String, block: String)

    public var description: String {
        switch self {
        case .missingTemplate(let name):
            "template '\(name)' is missing"
        case .tooDeep(let name):
            "rendering '\(name)' nests templates, sections and blocks more than \(TemplateLibrary.maximumRenderDepth) levels deep"
        case .endlessBlock(let name, let block):
            "rendering '\(name)': the override of block '\(block)' expands '{{$\(block)}}' again, which never ends"
        }
    }
}

struct FieldNumbering {
    var names: [String] = []
    var numbers: [String: Int] = [:]

    mutating func number(_ name: String) -> Int {
        if let number = numbers[name] { return number }
        numbers[name] = names.count
        names.append(name)
        return names.count - 1
    }
}

/// A variable or section name, split once when the template is compiled. A class so that walking the
/// steps copies one reference, not two arrays.
final class CompiledName: Sendable {
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
    /// The dotted name's parts, as field numbers.
    let components: [Int]
    /// Applied last to first, as written outside in.
    let transforms: [String]

    init(_ tag: TemplateTag, numbering: inout FieldNumbering) {
        transforms = tag.transforms
        if tag.name == "." {
            root = .current
            components = []
        } else if tag.name.isEmpty && !tag.transforms.isEmpty {
            root = .sequencePosition
            components = []
        } else {
            root = tag.name.hasPrefix(".") ? .top : .stack
            components = tag.name.split(separator: ".").map { numbering.number(String($0)) }
        }
    }
}

final class CompiledTemplate: Sendable {
    /// What the renderer walks: trivially copyable steps whose payloads index the tables below, so
    /// visiting a step copies no reference.
    enum Step: Sendable {
        case text(start: Int, end: Int)
        /// A plain `{{name}}`: one field, looked up the stack, no transforms.
        case field(Int, escaped: Bool)
        case variable(Int, escaped: Bool)
        case section(Int, body: Int, inverted: Bool)
        /// `{{> name}}` and `{{< name}}`: `partials[index]`.
        case partial(Int)
        /// `{{$ name}}`: `blocks[index]`.
        case block(Int)
    }

    struct Partial: Sendable {
        var name: String
        var indentation: String?
        var overrides: [String: CompiledTemplate]?
    }

    struct Block: Sendable {
        var name: String
        var fallback: CompiledTemplate
        var indentation: String?
    }

    let steps: [Step]
    /// Every text of the template, one after another.
    let textBytes: [UInt8]
    let names: [CompiledName]
    let bodies: [CompiledTemplate]
    let partials: [Partial]
    let blocks: [Block]

    init(_ tokens: [TemplateToken], numbering: inout FieldNumbering) {
        var steps: [Step] = [], textBytes: [UInt8] = [], names: [CompiledName] = [], bodies: [CompiledTemplate] = []
        var partials: [Partial] = [], blocks: [Block] = []
        for token in tokens {
            switch token {
            case .text(let text):
                steps.append(.text(start: textBytes.count, end: textBytes.count + text.utf8.count))
                textBytes += text.utf8
            case .variable(let tag, let escaped):
                let name = CompiledName(tag, numbering: &numbering)
                if name.root == .stack, name.components.count == 1, name.transforms.isEmpty {
                    steps.append(.field(name.components[0], escaped: escaped))
                } else {
                    steps.append(.variable(names.count, escaped: escaped))
                    names.append(name)
                }
            case .section(let tag, let body, let inverted):
                steps.append(.section(names.count, body: bodies.count, inverted: inverted))
                names.append(CompiledName(tag, numbering: &numbering))
                bodies.append(CompiledTemplate(body, numbering: &numbering))
            case .partial(let name, let indentation, _):
                steps.append(.partial(partials.count))
                partials.append(Partial(name: name, indentation: indentation, overrides: nil))
            case .parent(let name, let indentation, let overrides, _):
                steps.append(.partial(partials.count))
                var compiled: [String: CompiledTemplate] = [:]
                for (block, body) in overrides.sorted(by: { $0.key < $1.key }) {
                    compiled[block] = CompiledTemplate(body, numbering: &numbering)
                }
                partials.append(Partial(name: name, indentation: indentation, overrides: compiled))
            case .block(let name, let fallback, let indentation):
                steps.append(.block(blocks.count))
                blocks.append(Block(name: name, fallback: CompiledTemplate(fallback, numbering: &numbering), indentation: indentation))
            }
        }
        self.steps = steps
        self.textBytes = textBytes
        self.names = names
        self.bodies = bodies
        self.partials = partials
        self.blocks = blocks
    }
}

/// What the renderer carries besides the value stack.
private struct Scope {
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
    var output: ByteBuffer
    /// Innermost value last.
    var stack: [TemplateValue] = []
    var depth = 0
    /// Set when a render went beyond `maximumRenderDepth` and was cut short.
    var tooDeep = false
    /// The block overrides being rendered, innermost last: one met again would repeat forever.
    var openOverrides: [ObjectIdentifier] = []
    /// Set when a block's override expanded that block again; rendering stopped there.
    var endlessBlock: String?

    init(templates: [String: CompiledTemplate], output: consuming ByteBuffer) {
        self.templates = templates
        self.output = output
    }

    mutating func render(_ template: CompiledTemplate, scope: Scope) {
        guard depth < TemplateLibrary.maximumRenderDepth, endlessBlock == nil else {
            tooDeep = tooDeep || endlessBlock == nil
            return
        }
        depth += 1
        defer { depth -= 1 }
        if let indentation = scope.indentation, !indentation.isEmpty {
            // A standalone partial's indentation goes in front of every line of its output: before a
            // step's output when the output of this template so far ends a line. A line ends with
            // `\n` alone; `\r\n` is one character and does not count, as in swift-mustache.
            let start = output.count
            for step in template.steps {
                let stepStart = output.count
                render(step, of: template, scope: scope)
                if output.count > stepStart, stepStart > start, output[stepStart - 1] == 0x0A,
                   !(stepStart - 2 >= start && output[stepStart - 2] == 0x0D) {
                    var indentation = indentation
                    indentation.withUTF8 { output.insert($0, at: stepStart) }
                }
            }
        } else {
            for step in template.steps { render(step, of: template, scope: scope) }
        }
    }

    private mutating func render(_ step: CompiledTemplate.Step, of template: CompiledTemplate, scope: Scope) {
        switch step {
        case .text(let start, let end):
            template.textBytes.withUnsafeBufferPointer { output.append(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        case .field(let id, let escaped):
            guard let value = lookUpField(id) else { return }
            appendVariable(value, escaped: escaped)
        case .variable(let name, let escaped):
            guard let value = lookUp(template.names[name], scope: scope) else { return }
            appendVariable(value, escaped: escaped)
        case .section(let name, let body, let inverted):
            let value = lookUp(template.names[name], scope: scope)
            inverted ? renderInvertedSection(value, template.bodies[body], scope: scope)
                     : renderSection(value, template.bodies[body], scope: scope)
        case .partial(let index):
            let partial = template.partials[index]
            // A missing partial renders as nothing; the template checker reports it before any page.
            guard let included = templates[partial.name] else { return }
            var inherited = scope.inherited
            if let overrides = partial.overrides {
                // The outer template's blocks win over the ones this inclusion names.
                inherited = inherited.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            render(included, scope: Scope(sequence: nil, indentation: scope.indented(by: partial.indentation), inherited: inherited))
        case .block(let index):
            let block = template.blocks[index]
            var inner = scope
            inner.sequence = nil
            inner.indentation = scope.indented(by: block.indentation)
            guard let override = scope.inherited?[block.name] else {
                render(block.fallback, scope: inner)
                return
            }
            // The outer override wins at every level, so expanding the block again inside it
            // always finds this same override.
            guard !openOverrides.contains(ObjectIdentifier(override)) else {
                endlessBlock = endlessBlock ?? block.name
                return
            }
            openOverrides.append(ObjectIdentifier(override))
            render(override, scope: inner)
            openOverrides.removeLast()
        }
    }

    /// `{{name}}`: the innermost value that has the field.
    private func lookUpField(_ id: Int) -> TemplateValue? {
        stack.withUnsafeBufferPointer { values in
            var index = values.count - 1
            while index >= 0 {
                if case .object(let object) = values[index], let child = object.value(field: id) { return child }
                index -= 1
            }
            return nil
        }
    }

    private mutating func renderSection(_ value: TemplateValue?, _ body: CompiledTemplate, scope: Scope) {
        switch value {
        case .list(let list):
            let count = list.elements.count
            for index in 0..<count {
                var inner = scope
                inner.sequence = (first: index == 0, last: index == count - 1, index: index)
                stack.append(.object(list.elements[index]))
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
            guard list.elements.isEmpty else { return }
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

    private func lookUp(_ name: CompiledName, scope: Scope) -> TemplateValue? {
        var value: TemplateValue?
        switch name.root {
        case .current:
            value = stack.last
        case .sequencePosition:
            guard let position = scope.sequence else { return nil }
            // Only the position transforms apply here; the innermost one is applied first.
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
            // `{{}}` and `{{..}}` name no field: the current value, as `.` does.
            guard let first = name.components.first else { value = stack.last; break }
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

    /// A field of an object (text, lists and numbers have none).
    private static func child(of value: TemplateValue, id: Int) -> TemplateValue? {
        if case .object(let object) = value { object.value(field: id) } else { nil }
    }

    private static func descend(_ components: ArraySlice<Int>, from value: TemplateValue) -> TemplateValue? {
        var value = value
        for component in components {
            guard let child = child(of: value, id: component) else { return nil }
            value = child
        }
        return value
    }

    /// The value transforms, innermost first; one that does not apply to the value makes it absent.
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
            case (.list(let list), "first"):
                guard let first = list.elements.first else { return nil }
                value = .object(first)
            case (.list(let list), "last"):
                guard let last = list.elements.last else { return nil }
                value = .object(last)
            case (.list(let list), "reversed"): value = .list(TemplateList(list.elements.reversed()))
            case (.list(let list), "count"): value = .number(list.elements.count)
            case (.list(let list), "empty"): value = .flag(list.elements.isEmpty)
            default: return nil
            }
        }
        return value
    }

    /// Objects and lists print nothing: a template prints text, numbers and flags.
    private mutating func appendVariable(_ value: consuming TemplateValue, escaped: Bool) {
        switch consume value {
        case .text(let text): append(text, escaped: escaped)
        case .number(let number): append(String(number), escaped: escaped)
        case .flag(let flag): output.append(flag ? "true" : "false")
        case .object, .list: return
        }
    }

    private mutating func append(_ text: String, escaped: Bool) {
        if escaped {
            HTMLText.appendEscaped(text, to: &output, apostrophe: true)
        } else {
            output.append(utf8: text)
        }
    }
}
