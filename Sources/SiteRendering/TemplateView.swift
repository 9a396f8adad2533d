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
