import MustacheTemplates

/// A value the templates can read: its stored properties, every one under its own name. That is the
/// only declaration of a field: the build makes each view's `fields` table from them (the ViewFields
/// plugin, `Plugins/ViewFieldsGenerator`), so adding a field is adding a property. The renderer reads
/// the fields through that table (typed closures, no reflection or casts) and the template checker
/// learns from it which names exist and which views they lead to. Keep a view's layout plain: declared
/// at the start of a line, one stored property per line indented four spaces, no computed properties.
///
/// Naming rule: a field holding trusted HTML (made by cmark) ends in `HTML`; only those may be used
/// with `{{{ }}}`. Everything else is text and goes through escaping `{{ }}`.
protocol TemplateView: Sendable {
    static var fields: [TemplateField<Self>] { get }
}

/// One field a template may read: its name, what kind of value it holds, and how to read it. Written
/// with key-path literals (`.field("title", \.title)`), which Swift turns into plain closures: a
/// `KeyPath` object applied at run time cost about a thousand instructions per lookup.
struct TemplateField<View: TemplateView>: Sendable {
    enum Kind {
        case text, number, flag
        case view(any TemplateView.Type)
        case list(any TemplateView.Type)
    }

    let name: String
    let kind: Kind
    let read: @Sendable (ViewObject<View>) -> TemplateValue

    static func field(_ name: String, _ read: @escaping @Sendable (View) -> String) -> Self {
        Self(name: name, kind: .text) { .text(read($0.view)) }
    }

    static func field(_ name: String, _ read: @escaping @Sendable (View) -> Int) -> Self {
        Self(name: name, kind: .number) { .number(read($0.view)) }
    }

    static func field(_ name: String, _ read: @escaping @Sendable (View) -> Bool) -> Self {
        Self(name: name, kind: .flag) { .flag(read($0.view)) }
    }

    static func field<Nested: TemplateView>(_ name: String, _ read: @escaping @Sendable (View) -> Nested) -> Self {
        Self(name: name, kind: .view(Nested.self)) { object in
            .object(object.index.object(read(object.view)))
        }
    }

    static func field<Nested: TemplateView>(_ name: String, _ read: @escaping @Sendable (View) -> [Nested]) -> Self {
        Self(name: name, kind: .list(Nested.self)) { object in
            let fields = object.index.fields(of: Nested.self)
            return .list(TemplateList(read(object.view).map { ViewObject($0, fields: fields, index: object.index) }))
        }
    }
}

extension TemplateField.Kind: @unchecked Sendable {}

/// A view's fields by the numbers one template library gave their names.
///
/// The readers are stored type-erased: `ViewObject.value(field:)` is reached through the class's
/// dispatch and runs as unspecialised generic code, where copying a `TemplateField<View>` out of an
/// array went through the runtime's value witnesses on every lookup.
final class NumberedFields: Sendable {
    typealias Reader = @Sendable (TemplateObject) -> TemplateValue
    let byNumber: ContiguousArray<Reader?>

    init<View: TemplateView>(_: View.Type, numbers: [String: Int], count: Int) {
        var table = ContiguousArray<Reader?>(repeating: nil, count: count)
        for field in View.fields {
            guard let number = numbers[field.name] else { continue }
            let read = field.read
            // Only `ViewObject<View>`s are given these readers (`ViewFieldIndex.fields(of:)`).
            switch field.kind {
            case .view, .list:
                table[number] = { object in
                    let object = unsafeDowncast(object, to: ViewObject<View>.self)
                    return object.held(number) { read(object) }
                }
            case .text, .number, .flag:
                table[number] = { read(unsafeDowncast($0, to: ViewObject<View>.self)) }
            }
        }
        byNumber = table
    }
}

/// A view as the engine reads it: the view and its numbered fields. A field of a class's `let` is read
/// in place; handed a struct, each read first copied the whole view (a reference count per string).
final class ViewObject<View: TemplateView>: TemplateObject {
    let view: View
    let fields: NumberedFields
    /// Where the fields of the views this one holds are found.
    let index: ViewFieldIndex

    /// The views and lists this one holds, each wrapped on its first read. Templates read `site` and
    /// `head` on every line that links or names the page: wrapping them on each read copied the view
    /// (a reference count per string) about 700 times a page. Views are values, so a wrapped one
    /// stays right; a `ViewObject` lives for one page, rendered on one thread.
    private var wrapped: [(field: Int, value: TemplateValue)] = []

    init(_ view: View, fields: NumberedFields, index: ViewFieldIndex) {
        self.view = view
        self.fields = fields
        self.index = index
    }

    func held(_ field: Int, wrap: () -> TemplateValue) -> TemplateValue {
        for entry in wrapped where entry.field == field { return entry.value }
        let value = wrap()
        wrapped.append((field, value))
        return value
    }

    override func value(field: Int) -> TemplateValue? {
        let table = fields.byNumber
        guard field < table.count, let read = table[field] else { return nil }
        return read(self)
    }
}

/// The numbered fields of every view a page can reach, made once per template library (after it
/// numbered the names its templates use) and only read afterwards.
final class ViewFieldIndex: Sendable {
    private let numbers: [String: Int]
    private let count: Int
    /// The numbered fields of each view, by the view's type.
    private let tables: [ObjectIdentifier: NumberedFields]

    init(fieldNames: [String], views: [any TemplateView.Type]) {
        var numbers: [String: Int] = [:]
        for (number, name) in fieldNames.enumerated() { numbers[name] = number }
        self.numbers = numbers
        count = fieldNames.count
        var tables: [ObjectIdentifier: NumberedFields] = [:]
        for view in ViewSchema.reachableViews(from: views) {
            func add<View: TemplateView>(_: View.Type) {
                tables[ObjectIdentifier(View.self)] = NumberedFields(View.self, numbers: numbers, count: fieldNames.count)
            }
            add(view)
        }
        self.tables = tables
    }

    func fields<View: TemplateView>(of _: View.Type) -> NumberedFields {
        // A view no page reaches has its fields numbered here (never the case for `pageTemplateViews`).
        tables[ObjectIdentifier(View.self)] ?? NumberedFields(View.self, numbers: numbers, count: count)
    }

    func object<View: TemplateView>(_ view: View) -> ViewObject<View> {
        ViewObject(view, fields: fields(of: View.self), index: self)
    }
}

enum ViewSchema {
    /// Every view reachable from `roots` through their fields.
    static func reachableViews(from roots: [any TemplateView.Type]) -> [any TemplateView.Type] {
        var seen: Set<ObjectIdentifier> = []
        var found: [any TemplateView.Type] = []
        var pending = roots
        while let view = pending.popLast() {
            guard seen.insert(ObjectIdentifier(view)).inserted else { continue }
            found.append(view)
            pending += view.nestedViews
        }
        return found
    }

    /// Every field name a template rendering `root` can reach, at any depth.
    static func reachableFields(from root: any TemplateView.Type) -> Set<String> {
        var names: Set<String> = []
        for view in reachableViews(from: [root]) { names.formUnion(view.fieldNames) }
        return names
    }
}

extension TemplateView {
    static var fieldNames: [String] { fields.map(\.name) }

    static var nestedViews: [any TemplateView.Type] {
        fields.compactMap {
            switch $0.kind {
            case .view(let nested), .list(let nested): nested
            case .text, .number, .flag: nil
            }
        }
    }
}
