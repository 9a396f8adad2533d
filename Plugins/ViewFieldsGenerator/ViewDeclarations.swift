/// Reads the template views of Swift source text: every top-level `struct` or `final class` whose
/// conformances name `TemplateView`, and its stored properties, in the order written.
///
/// A view's fields are its stored properties, all of them, under their own names (`TemplateView`):
/// this is what lets a field be added with one edit. The reading is deliberately narrow, line by line
/// over the layout the repository's views keep (declaration at column 0, properties indented four
/// spaces, the closing brace at column 0). Anything else in a view's body that could be a field, a
/// computed property or a `fields` table written by hand, is an error rather than a guess. A name this
/// misreads does not compile (the key path `\.name` must exist), and a property it missed is an
/// unknown variable to the template check of every template that uses it.
///
/// swift-syntax would read any layout, but building it added 1 m 46 s to a debug build and 8 m 46 s to
/// a release build on the project's 2-core machines, for 44 views that all follow this one layout.
struct ViewDeclaration: Equatable {
    var name: String
    var properties: [String]
    /// 1-based, for messages.
    var line: Int
}

struct ViewDeclarationError: Error, Equatable, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "\(line): \(message)" }
}

enum ViewDeclarations {
    static func read(_ source: String) throws(ViewDeclarationError) -> [ViewDeclaration] {
        var views: [ViewDeclaration] = []
        var open: ViewDeclaration?
        for (offset, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            if var view = open {
                if line == "}" || line.hasPrefix("} ") {
                    views.append(view)
                    open = nil
                    continue
                }
                guard let property = try storedProperty(line, at: number) else { continue }
                view.properties.append(property)
                open = view
                continue
            }
            if let name = viewName(line) {
                guard line.hasSuffix("{") else {
                    throw ViewDeclarationError(line: number, message: "a view's declaration must end its line with '{'")
                }
                open = ViewDeclaration(name: name, properties: [], line: number)
            }
        }
        if let open { throw ViewDeclarationError(line: open.line, message: "view '\(open.name)' has no closing '}' at the start of a line") }
        return views
    }

    /// `struct Name: A, TemplateView {` or `final class Name: TemplateView {` at column 0.
    static func viewName(_ line: Substring) -> String? {
        var rest = line
        for modifier in ["public ", "internal ", "fileprivate ", "private "] where rest.hasPrefix(modifier) {
            rest = rest.dropFirst(modifier.count)
        }
        if rest.hasPrefix("final class ") {
            rest = rest.dropFirst("final class ".count)
        } else if rest.hasPrefix("struct ") {
            rest = rest.dropFirst("struct ".count)
        } else {
            return nil
        }
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let name = rest[..<colon]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        let conformances = rest[rest.index(after: colon)...].prefix { $0 != "{" && $0 != "<" }
        let named = conformances.split(separator: ",").map { $0.trimmingSpaces() }
        return named.contains("TemplateView") ? String(name) : nil
    }

    /// The name of a stored property declared at the view's own level (four spaces in), or `nil` for any
    /// other line. Throws for what would be a field but cannot be read as one.
    static func storedProperty(_ line: Substring, at number: Int) throws(ViewDeclarationError) -> String? {
        guard line.hasPrefix("    "), !line.hasPrefix("     ") else { return nil }
        var rest = line.dropFirst(4)
        if rest.hasPrefix("static ") {
            if rest.contains(" fields") {
                throw ViewDeclarationError(line: number, message: "a view's 'fields' are made from its stored properties; remove this table")
            }
            return nil
        }
        for modifier in ["private(set) ", "internal "] where rest.hasPrefix(modifier) {
            rest = rest.dropFirst(modifier.count)
        }
        guard rest.hasPrefix("var ") || rest.hasPrefix("let ") else { return nil }
        rest = rest.dropFirst(4)
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        let after = rest.dropFirst(name.count)
        guard !name.isEmpty, after.hasPrefix(":") || after.hasPrefix(" =") || after.hasPrefix(" :") else {
            throw ViewDeclarationError(line: number, message: "cannot read a stored property here: one 'var name: Type' or 'var name = value' per line")
        }
        if containsBraceOutsideStrings(after) {
            throw ViewDeclarationError(line: number, message: "'\(name)' is computed or observed: a view holds stored values only (compute them where the view is made)")
        }
        return String(name)
    }

    /// A `{` opens a getter, observers or a closure; one inside a string literal does not.
    static func containsBraceOutsideStrings(_ text: Substring) -> Bool {
        var inString = false, escaped = false
        for character in text {
            if escaped { escaped = false; continue }
            switch character {
            case "\\" where inString: escaped = true
            case "\"": inString.toggle()
            case "{" where !inString: return true
            default: continue
            }
        }
        return false
    }

    /// The extension giving each view its `fields`, one `.field("name", \.name)` per stored property.
    static func fieldsSource(_ views: [ViewDeclaration]) -> String {
        var text = "// Generated by the ViewFields plugin (Plugins/ViewFieldsGenerator) from the stored properties of\n"
        text += "// every TemplateView of this target. Do not edit: add or remove the property instead.\n"
        for view in views {
            text += "\nextension \(view.name) {\n"
            if view.properties.isEmpty {
                text += "    static let fields: [TemplateField<Self>] = []\n"
            } else {
                text += "    static let fields: [TemplateField<Self>] = [\n"
                for property in view.properties { text += "        .field(\"\(property)\", \\.\(property)),\n" }
                text += "    ]\n"
            }
            text += "}\n"
        }
        return text
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
