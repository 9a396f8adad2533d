import Mustache
import MustacheTemplates
import TestSupport
import Testing
import TextPrimitives

/// Data for a template, written as plain values: Versus's engine reads it through `DictionaryObject`,
/// swift-mustache as `[String: Any]` dictionaries and arrays.
indirect enum PlainValue {
    case text(String)
    case number(Int)
    case flag(Bool)
    case object([String: PlainValue])
    case list([[String: PlainValue]])

    /// The value as swift-mustache reads it.
    var any: Any {
        switch self {
        case .text(let text): text
        case .number(let number): number
        case .flag(let flag): flag
        case .object(let fields): fields.mapValues(\.any)
        case .list(let elements): elements.map { $0.mapValues(\.any) } as [Any]
        }
    }
}

/// A dictionary as the engine reads objects: fields by the numbers the library gave their names.
final class DictionaryObject: TemplateObject {
    let fields: [String: PlainValue]
    let fieldNames: [String]

    init(_ fields: [String: PlainValue], fieldNames: [String]) {
        self.fields = fields
        self.fieldNames = fieldNames
    }

    override func value(field: Int) -> TemplateValue? {
        guard field < fieldNames.count, let value = fields[fieldNames[field]] else { return nil }
        switch value {
        case .text(let text): return .text(text)
        case .number(let number): return .number(number)
        case .flag(let flag): return .flag(flag)
        case .object(let nested): return .object(DictionaryObject(nested, fieldNames: fieldNames))
        case .list(let elements): return .list(TemplateList(elements.map { DictionaryObject($0, fieldNames: fieldNames) }))
        }
    }
}

/// Random templates and data, rendered by Versus's engine and by swift-mustache: the same bytes, or
/// the same syntax error at the same line and column.
@Suite struct RandomTemplateTests {
    /// Each name has one kind wherever it appears, so a variable never prints a view (which
    /// swift-mustache prints as Swift's debug description and Versus as nothing).
    static let textNames = ["t0", "t1", "name"]
    static let numberNames = ["n0", "count"]
    static let flagNames = ["b0", "b1"]
    static let objectNames = ["o0", "o1"]
    static let listNames = ["l0", "l1"]

    struct Generator {
        var random: SeededRandom

        mutating func pick<T>(_ choices: [T]) -> T { choices[random.next(below: choices.count)] }

        mutating func text() -> String {
            random.text(from: ["a", "b c", " ", "  ", "\t", "\n", "\n", "\r\n", "<", "&", "'", "\"", "é", "🙂", "x}", "{"],
                        minimumPieces: 0, maximumPieces: 4)
        }

        mutating func data(depth: Int) -> [String: PlainValue] {
            var fields: [String: PlainValue] = [:]
            for name in RandomTemplateTests.textNames where random.next(below: 4) > 0 { fields[name] = .text(text()) }
            for name in RandomTemplateTests.numberNames where random.next(below: 4) > 0 { fields[name] = .number(random.next(below: 5) - 1) }
            for name in RandomTemplateTests.flagNames where random.next(below: 4) > 0 { fields[name] = .flag(random.next(below: 2) == 0) }
            guard depth < 3 else { return fields }
            for name in RandomTemplateTests.objectNames where random.next(below: 3) > 0 { fields[name] = .object(data(depth: depth + 1)) }
            for name in RandomTemplateTests.listNames where random.next(below: 3) > 0 {
                fields[name] = .list((0..<random.next(below: 4)).map { _ in data(depth: depth + 1) })
            }
            return fields
        }

        mutating func variableName() -> String {
            let scalar = pick(RandomTemplateTests.textNames + RandomTemplateTests.numberNames + RandomTemplateTests.flagNames)
            switch random.next(below: 12) {
            case 0: return "\(pick(RandomTemplateTests.objectNames)).\(scalar)"
            case 1: return "\(pick(RandomTemplateTests.objectNames)).\(pick(RandomTemplateTests.objectNames)).\(scalar)"
            case 2: return ".\(scalar)"
            case 3: return "\(pick(["uppercased", "lowercased", "capitalized", "reversed", "empty"]))(\(pick(RandomTemplateTests.textNames)))"
            case 4: return "\(pick(["plusone", "minusone", "equalzero", "even", "odd"]))(\(pick(RandomTemplateTests.numberNames)))"
            case 5: return "\(pick(["count", "empty"]))(\(pick(RandomTemplateTests.listNames)))"
            case 6: return "\(pick(["first", "last", "index", "even", "odd"]))()"
            case 7: return "plusone(index())"
            default: return scalar
            }
        }

        mutating func sectionName() -> String {
            switch random.next(below: 10) {
            case 0: return "\(pick(["first", "last", "reversed"]))(\(pick(RandomTemplateTests.listNames)))"
            case 1: return "\(pick(["first", "last", "even", "odd"]))()"
            case 2: return "\(pick(["empty"]))(\(pick(RandomTemplateTests.textNames)))"
            case 3: return "\(pick(RandomTemplateTests.objectNames)).\(pick(RandomTemplateTests.listNames + RandomTemplateTests.flagNames))"
            default: return pick(RandomTemplateTests.textNames + RandomTemplateTests.numberNames + RandomTemplateTests.flagNames
                                 + RandomTemplateTests.objectNames + RandomTemplateTests.listNames + RandomTemplateTests.listNames)
            }
        }

        /// A line break with some indentation, so tags often stand alone on their lines.
        mutating func lineBreak() -> String { pick(["\n", "\n  ", "\n\t", "\r\n", "\n    "]) }

        /// A template body; `partials` are the templates it may include.
        mutating func body(depth: Int, partials: [String], blocks: [String]) -> String {
            var out = ""
            for _ in 0..<random.next(below: 7) {
                switch random.next(below: 16) {
                case 0, 1: out += text()
                case 2, 3: out += lineBreak()
                case 4: out += "{{\(variableName())}}"
                case 5: out += "{{{\(variableName())}}}"
                case 6: out += "{{& \(variableName()) }}"
                case 7 where depth < 4, 8 where depth < 4:
                    let name = sectionName()
                    let sigil = random.next(below: 3) == 0 ? "^" : "#"
                    out += "{{\(sigil)\(name)}}\(pick(["", lineBreak()]))\(body(depth: depth + 1, partials: partials, blocks: blocks))\(pick(["", lineBreak()])){{/\(name)}}"
                case 9 where !partials.isEmpty:
                    out += "\(lineBreak()){{> \(pick(partials))}}\(pick(["", lineBreak(), " x"]))"
                case 10 where !partials.isEmpty && depth < 4:
                    let parent = pick(partials)
                    var overrides = ""
                    for _ in 0..<random.next(below: 3) {
                        let block = pick(blocks)
                        overrides += "\(lineBreak()){{$\(block)}}\(body(depth: depth + 1, partials: partials, blocks: blocks)){{/\(block)}}"
                    }
                    out += "\(lineBreak()){{<\(parent)}}\(overrides)\(lineBreak()){{/\(parent)}}\(pick(["", lineBreak()]))"
                case 11 where depth < 4:
                    let block = pick(blocks)
                    out += "\(pick(["", lineBreak()])){{$\(block)}}\(body(depth: depth + 1, partials: partials, blocks: blocks)){{/\(block)}}"
                case 12: out += "{{! a comment }}"
                case 13 where random.next(below: 4) == 0: out += pick(["{{", "}}", "{{#t0}}", "{{/t0}}", "{{ unfinished", "{{{t0}}", "{{a(b}}", "{{$x(y)}}{{/x(y)}}"]) // malformed at times
                default: out += text()
                }
            }
            return out
        }
    }

    struct Outcome: Equatable {
        var output: String?
        var error: String?
    }

    static func renderWithVersus(_ sources: [String: String], data: [String: PlainValue]) -> Outcome {
        var parsed: [String: [TemplateToken]] = [:]
        for name in sources.keys.sorted() {
            do {
                parsed[name] = try TemplateParser.parse(sources[name]!)
            } catch {
                return Outcome(output: nil, error: "\(name):\(error.position.line):\(error.position.column): \(error.reason)")
            }
        }
        let library = TemplateLibrary(parsed)
        var output = ByteBuffer()
        do {
            try library.render(DictionaryObject(data, fieldNames: library.fieldNames), template: "main", into: &output)
        } catch {
            return Outcome(output: nil, error: "\(error)")
        }
        return Outcome(output: output.string, error: nil)
    }

    static func renderWithSwiftMustache(_ sources: [String: String], data: [String: PlainValue]) -> Outcome {
        var parsed: [String: MustacheTemplate] = [:]
        for name in sources.keys.sorted() {
            do {
                parsed[name] = try MustacheTemplate(string: sources[name]!)
            } catch let error as MustacheTemplate.ParserError {
                return Outcome(output: nil, error: "\(name):\(error.context.lineNumber):\(error.context.columnNumber): \(error.error)")
            } catch {
                return Outcome(output: nil, error: "\(name): \(error)")
            }
        }
        return Outcome(output: MustacheLibrary(templates: parsed).render(PlainValue.object(data).any, withTemplate: "main"), error: nil)
    }

    @Test func randomTemplatesRenderAsSwiftMustacheRendersThem() {
        var generator = Generator(random: SeededRandom(seed: 12))
        var rendered = 0
        var failures = 0
        var printedContainers = 0
        var endless = 0
        for round in 0..<3000 {
            // p2 may include nothing, p1 may include p2, p0 both, main all three: never a cycle.
            let names = ["main", "p0", "p1", "p2"]
            var sources: [String: String] = [:]
            for (index, name) in names.enumerated() {
                sources[name] = generator.body(depth: 0, partials: Array(names[(index + 1)...]), blocks: ["b0", "b1"])
            }
            let data = generator.data(depth: 0)
            let versus = Self.renderWithVersus(sources, data: data)
            // A block whose override expands itself: swift-mustache recurses until the stack overflows.
            if versus.error?.contains("never ends") == true {
                endless += 1
                continue
            }
            let reference = Self.renderWithSwiftMustache(sources, data: data)
            // A view or list printed with `{{ }}`: swift-mustache prints Swift's description of the
            // dictionary (text never holds `[`), Versus prints nothing. Not a page anyone writes.
            if reference.output?.contains("[") == true {
                printedContainers += 1
                continue
            }
            if versus.output != nil { rendered += 1 }
            if versus != reference {
                failures += 1
                if failures <= 3 {
                    Issue.record("round \(round): \(sources.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.debugDescription)" }.joined(separator: "\n"))\nVersus:         \(versus)\nswift-mustache: \(reference)")
                }
            }
        }
        #expect(failures == 0)
        // Most templates are well formed, so the renderer (not only the parser) was compared.
        #expect(rendered > 1500)
        #expect(printedContainers < 100)
        #expect(endless < 100)
    }
}
