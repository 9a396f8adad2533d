import Mustache

/// A value the templates can read. Each view lists its fields once, as key paths: the same table
/// answers Mustache's lookups (no reflection per lookup) and tells the template linter which names exist.
///
/// Naming rule: a field holding trusted HTML (made by cmark) ends in `HTML`; only those may be used
/// with `{{{ }}}`. Everything else is text and goes through escaping `{{ }}`.
///
/// The tables are `nonisolated(unsafe)` only because key paths are not marked `Sendable`; they are
/// immutable constants, never written after initialisation.
protocol TemplateView: MustacheParent, Sendable {
    static var fields: [String: PartialKeyPath<Self>] { get }
}

extension TemplateView {
    func child(named name: String) -> Any? {
        guard let keyPath = Self.fields[name] else { return nil }
        return flattenOptional(self[keyPath: keyPath])
    }
}

/// Key paths to optional fields hand back `Optional` boxed in `Any`; Mustache must see "missing" instead.
private protocol OptionalValue {
    var wrappedAny: Any? { get }
}

extension Optional: OptionalValue {
    var wrappedAny: Any? {
        switch self {
        case .some(let value): flattenOptional(value)
        case .none: nil
        }
    }
}

func flattenOptional(_ value: Any) -> Any? {
    if let optional = value as? OptionalValue { return optional.wrappedAny }
    return value
}

/// Lets the template checker follow a field into the view it holds, through arrays and optionals.
protocol ViewContainer {
    static var containedView: any TemplateView.Type { get }
}

extension Array: ViewContainer where Element: TemplateView {
    static var containedView: any TemplateView.Type { Element.self }
}

extension Optional: ViewContainer where Wrapped: TemplateView {
    static var containedView: any TemplateView.Type { Wrapped.self }
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
        fields.map { ($0.key, type(of: $0.value).valueType) }
    }
}
