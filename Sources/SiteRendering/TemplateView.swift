import Foundation
import Mustache

/// A value the templates can read. Each view lists its fields once: the same table answers the
/// page renderer's lookups (typed values, no reflection or casts), swift-mustache's lookups (the
/// reference renderer the tests compare against) and tells the template linter which names exist.
///
/// Naming rule: a field holding trusted HTML (made by cmark) ends in `HTML`; only those may be used
/// with `{{{ }}}`. Everything else is text and goes through escaping `{{ }}`.
///
/// The tables are `nonisolated(unsafe)` only because their closures are not marked `Sendable`; they
/// are immutable constants, never written after initialisation.
protocol TemplateView: MustacheParent, Sendable {
    static var fields: FieldTable<Self> { get }
    /// Requirements (with the defaults below) rather than only extension methods, so that each
    /// view's witness is specialised: called through `any TemplateView`, the generic version looked
    /// up `TemplateField<Self>`'s metadata on every call.
    func value(named name: String) -> TemplateValue?
    func value(id: Int) -> TemplateValue?
    /// `list[index].value(id: id)`, read in place. A requirement for the same reason: a list reaches
    /// the renderer as `any TemplateList`, and `Array`'s conformance is generic, so without this every
    /// element read went through unspecialised code that copied the element out and destroyed it again.
    static func value(in list: [Self], at index: Int, id: Int) -> TemplateValue?
}

/// Field names as small integers, given out once per name: templates store the numbers of the
/// names they use, and a lookup is an array index instead of hashing a string for every view
/// on the way up the stack.
enum FieldNames {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var ids: [String: Int] = [:]

    static func id(for name: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[name] { return id }
        ids[name] = ids.count
        return ids.count - 1
    }
}

/// A view's fields by name and by number. Every name gets its number when the table is built,
/// so a number beyond the table, or an empty slot, means the view has no such field.
struct FieldTable<View>: ExpressibleByDictionaryLiteral {
    let byName: [String: TemplateField<View>]
    let byID: [TemplateField<View>?]

    init(dictionaryLiteral elements: (String, TemplateField<View>)...) {
        byName = Dictionary(uniqueKeysWithValues: elements)
        let ids = elements.map { FieldNames.id(for: $0.0) }
        var table = [TemplateField<View>?](repeating: nil, count: (ids.max() ?? -1) + 1)
        for (id, element) in zip(ids, elements) { table[id] = element.1 }
        byID = table
    }
}

/// What a field holds, with its type known: rendering switches over this instead of casting `Any`.
/// Views hold no optionals (an absent table is an empty list, an absent URL an empty string with a
/// `has...` flag).
enum TemplateValue {
    case text(String)
    case number(Int)
    case flag(Bool)
    case view(ViewReference)
    case list(ListReference)
    /// One element of a list being rendered: read in place, so no element is copied into an
    /// existential box on every iteration.
    case element(ListReference, Int)

    /// The value as swift-mustache expects it (the reference renderer).
    var asAny: Any {
        switch self {
        case .text(let text): text
        case .number(let number): number
        case .flag(let flag): flag
        case .view(let reference): reference.view
        case .list(let reference): reference.list.asAny
        case .element(let reference, let index): reference.list.view(at: index)
        }
    }
}

/// A view or a list behind one reference. Why: the renderer copies and drops a `TemplateValue` for
/// every `{{name}}`, and with an existential inside, each copy and drop went through the runtime's
/// generic value witnesses (more instructions than reading the field); a class reference is one
/// reference count.
final class ViewReference {
    let view: any TemplateView
    init(_ view: any TemplateView) { self.view = view }
}

final class ListReference {
    let list: any TemplateList
    init(_ list: any TemplateList) { self.list = list }
}

/// A list of views, read by index so that no `[any TemplateView]` copy is made per lookup.
protocol TemplateList {
    var count: Int { get }
    func view(at index: Int) -> any TemplateView
    /// `view(at: index).value(id: id)` without boxing the element.
    func value(at index: Int, id: Int) -> TemplateValue?
    var asAny: Any { get }
}

extension Array: TemplateList where Element: TemplateView {
    func view(at index: Int) -> any TemplateView { self[index] }
    func value(at index: Int, id: Int) -> TemplateValue? { Element.value(in: self, at: index, id: id) }
    var asAny: Any { self }
}

/// The `reversed` transform of a list.
struct ReversedTemplateList: TemplateList {
    let base: any TemplateList
    var count: Int { base.count }
    func view(at index: Int) -> any TemplateView { base.view(at: base.count - 1 - index) }
    func value(at index: Int, id: Int) -> TemplateValue? { base.value(at: base.count - 1 - index, id: id) }
    var asAny: Any { (0..<count).map { view(at: $0) } }
}

/// One entry of a view's field table: how to read the field, and its Swift type for the linter.
/// Tables are written with key-path literals (`.field(\.title)`), which Swift turns into plain
/// closures: a `KeyPath` object applied at run time cost about a thousand instructions per lookup.
struct TemplateField<View> {
    let valueType: Any.Type
    let read: (View) -> TemplateValue

    static func field(_ read: @escaping (View) -> String) -> Self {
        Self(valueType: String.self) { .text(read($0)) }
    }

    static func field(_ read: @escaping (View) -> Int) -> Self {
        Self(valueType: Int.self) { .number(read($0)) }
    }

    static func field(_ read: @escaping (View) -> Bool) -> Self {
        Self(valueType: Bool.self) { .flag(read($0)) }
    }

    static func field<Nested: TemplateView>(_ read: @escaping (View) -> Nested) -> Self {
        Self(valueType: Nested.self) { .view(ViewReference(read($0))) }
    }

    static func field<Nested: TemplateView>(_ read: @escaping (View) -> [Nested]) -> Self {
        Self(valueType: [Nested].self) { .list(ListReference(read($0))) }
    }
}

extension TemplateView {
    func value(named name: String) -> TemplateValue? {
        Self.fields.byName[name]?.read(self)
    }

    func value(id: Int) -> TemplateValue? {
        let table = Self.fields.byID
        guard id < table.count, let field = table[id] else { return nil }
        return field.read(self)
    }

    static func value(in list: [Self], at index: Int, id: Int) -> TemplateValue? {
        let table = fields.byID
        guard id < table.count, let field = table[id] else { return nil }
        return list.withUnsafeBufferPointer { field.read($0[index]) }
    }

    /// swift-mustache's lookup, used by the reference renderer.
    func child(named name: String) -> Any? {
        value(named: name)?.asAny
    }
}

/// Lets the template checker follow a field into the views a list holds.
protocol ViewContainer {
    static var containedView: any TemplateView.Type { get }
}

extension Array: ViewContainer where Element: TemplateView {
    static var containedView: any TemplateView.Type { Element.self }
}


enum ViewSchema {
    /// Every field name a template rendering `root` can reach, at any depth.
    static func reachableFields(from root: any TemplateView.Type) -> Set<String> {
        var names: Set<String> = []
        var seen: Set<ObjectIdentifier> = []
        var pending: [any TemplateView.Type] = [root]
        while let view = pending.popLast() {
            guard seen.insert(ObjectIdentifier(view)).inserted else { continue }
            for (name, valueType) in view.fieldTypes {
                names.insert(name)
                if let nested = valueType as? any TemplateView.Type {
                    pending.append(nested)
                } else if let container = valueType as? any ViewContainer.Type {
                    pending.append(container.containedView)
                }
            }
        }
        return names
    }
}

extension TemplateView {
    static var fieldTypes: [(String, Any.Type)] {
        fields.byName.map { ($0.key, $0.value.valueType) }
    }
}
