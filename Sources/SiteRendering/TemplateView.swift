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
    /// Views hold no optionals (an absent table is an empty list, an absent URL an empty string with a
    /// `has...` flag), so a lookup is one dictionary probe and one key path, with no casts.
    func child(named name: String) -> Any? {
        guard let keyPath = Self.fields[name] else { return nil }
        return self[keyPath: keyPath]
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
        fields.map { ($0.key, type(of: $0.value).valueType) }
    }
}
