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
    /// A field of the view in `box`, by number. Called from `ViewBox`, whose methods are generic.
    static func value(in box: ViewBox<Self>, id: Int) -> TemplateValue?
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
struct FieldTable<View: TemplateView>: ExpressibleByDictionaryLiteral {
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

    /// The value as swift-mustache expects it (the reference renderer).
    var asAny: Any {
        switch self {
        case .text(let text): text
        case .number(let number): number
        case .flag(let flag): flag
        case .view(let reference): reference.view
        case .list(let reference): reference.original
        }
    }
}

/// A view behind a class reference, as the renderer holds every view it reads.
///
/// Why: a view is a struct of strings, and the field readers are closures stored generically, which
/// take the view indirectly. Handed a struct, each read first copied the whole view into memory (a
/// reference count per field of it) and destroyed the copy afterwards; that cost more than the read.
/// A field of a box's `let` is read in place. Copying or dropping a `TemplateValue` that holds a box
/// is one reference count too, where an existential went through the runtime's value witnesses.
class ViewReference {
    var view: any TemplateView { fatalError("abstract") }
    func value(id: Int) -> TemplateValue? { fatalError("abstract") }
}

final class ViewBox<View: TemplateView>: ViewReference {
    let value: View

    init(_ value: View) {
        self.value = value
    }

    override var view: any TemplateView { value }

    override func value(id: Int) -> TemplateValue? {
        View.value(in: self, id: id)
    }
}

/// A list of views, each in its box (made when the list is read, once per section).
final class ListReference {
    let boxes: [ViewReference]
    /// The list as the view holds it, for swift-mustache (the reference renderer).
    let original: Any

    init<View: TemplateView>(_ views: [View]) {
        boxes = views.map { ViewBox($0) }
        original = views
    }

    /// The `reversed` transform.
    init(reversing list: ListReference) {
        boxes = list.boxes.reversed()
        original = list.boxes.reversed().map(\.view)
    }

    var count: Int { boxes.count }
}

extension TemplateView {
    /// The view in a box, its concrete type kept (an `any TemplateView` is opened here).
    var boxed: ViewReference { ViewBox(self) }
}

/// One entry of a view's field table: how to read the field, and its Swift type for the linter.
/// Tables are written with key-path literals (`.field(\.title)`), which Swift turns into plain
/// closures: a `KeyPath` object applied at run time cost about a thousand instructions per lookup.
struct TemplateField<View: TemplateView> {
    let valueType: Any.Type
    let read: (ViewBox<View>) -> TemplateValue

    static func field(_ read: @escaping (View) -> String) -> Self {
        Self(valueType: String.self) { .text(read($0.value)) }
    }

    static func field(_ read: @escaping (View) -> Int) -> Self {
        Self(valueType: Int.self) { .number(read($0.value)) }
    }

    static func field(_ read: @escaping (View) -> Bool) -> Self {
        Self(valueType: Bool.self) { .flag(read($0.value)) }
    }

    static func field<Nested: TemplateView>(_ read: @escaping (View) -> Nested) -> Self {
        Self(valueType: Nested.self) { .view(ViewBox(read($0.value))) }
    }

    static func field<Nested: TemplateView>(_ read: @escaping (View) -> [Nested]) -> Self {
        Self(valueType: [Nested].self) { .list(ListReference(read($0.value))) }
    }
}

extension TemplateView {
    func value(named name: String) -> TemplateValue? {
        Self.fields.byName[name]?.read(ViewBox(self))
    }

    static func value(in box: ViewBox<Self>, id: Int) -> TemplateValue? {
        let table = fields.byID
        guard id < table.count, let field = table[id] else { return nil }
        return field.read(box)
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
