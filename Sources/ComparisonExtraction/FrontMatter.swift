import ComparisonModel
import Diagnostics
import TextPrimitives
import Yams

/// A subject as front matter names it.
public struct DeclaredSubject: Sendable, Hashable {
    public var name: String
    public var aliases: [String]
    public var position: SourcePosition?
    /// Where each alias is written (one per alias), for messages about that alias.
    public var aliasPositions: [SourcePosition?] = []
}

/// The keys Versus reads from a document's YAML front matter. Front matter wins over inference.
public struct FrontMatter: Sendable, Hashable {
    public var title: String?
    public var slug: String?
    public var subjects: [DeclaredSubject]?
    public var language: String?
    public var draft: Bool = false
    /// `kind: comparison` or `kind: page`: overrides the shape (`nil`: decided by the shape).
    public var kind: DocumentKind?
    /// Subject profiles (`content/subjects/<slug>.md`) use these.
    public var name: String?
    public var aliases: [String] = []
    public var website: String?
    public var position: SourcePosition?
    /// `summary`, or else `description` (Hugo, Docusaurus, MkDocs, Microsoft Learn): the document's summary.
    public var summary: String?
    /// `updated`, or else `lastmod`, or else `date` (Hugo): when the document was last updated.
    public var updated: DocumentDate?
    /// `reviewed`: when someone last checked the document still holds.
    public var reviewed: DocumentDate?
    /// Which key gave `updated` (0 `date`, 1 `lastmod`, 2 `updated`).
    var updatedRank: Int?
    /// Keys other generators define that Versus has no use for (`sidebar_position`, `ms.topic`, ...),
    /// accepted silently here and listed once per site by the assembler.
    public var ignoredKeys: [String] = []
    /// Where each key is written, for messages about its value (a profile's `aliases`, the document's `subjects`).
    public var keyPositions: [String: SourcePosition] = [:]
}

/// The document split into its front matter and the Markdown after it.
struct SplitDocument {
    var frontMatter: FrontMatter?
    var body: [UInt8]
    /// Lines taken by the front matter, added to cmark's line numbers.
    var bodyLineOffset: Int
}

enum FrontMatterReader {
    static let maximumBytes = 64 * 1024
    /// Deeper flow nesting than this crashes libyaml's recursive composer.
    static let maximumNesting = 64
    static let documentKeys: Set<String> = ["title", "slug", "subjects", "lang", "draft", "summary", "description",
                                            "date", "lastmod", "kind", "updated", "reviewed"]
    static let profileKeys: Set<String> = ["name", "aliases", "website", "title", "slug", "lang", "draft"]
    /// Keys of other generators' front matter (Docusaurus, Hugo, Jekyll, MkDocs, Microsoft Learn) that
    /// mean nothing to Versus: accepted so documents can move between tools, with one note per site.
    /// Keys starting with `ms.` (Microsoft Learn) are accepted too.
    static let otherGeneratorKeys: Set<String> = [
        "id", "sidebar_position", "sidebar_label", "sidebar_class_name", "displayed_sidebar", "hide_title",
        "hide_table_of_contents", "pagination_label", "pagination_next", "pagination_prev", "custom_edit_url",
        "keywords", "image", "tags", "categories", "series", "weight", "publishDate", "expiryDate", "linkTitle",
        "url", "aliases", "type", "layout", "menu", "toc", "author", "authors", "page_title", "template", "hide",
        "search", "status", "nav_order", "parent", "has_children", "permalink", "redirect_from", "excerpt",
        "published", "last_update", "comments", "canonical", "robots", "audience", "product", "topic",
        "contributors", "icon", "sidebar", "versions", "hide_toc", "og_title", "og_description",
    ]

    static func isOtherGeneratorKey(_ key: String) -> Bool {
        otherGeneratorKeys.contains(key) || key.hasPrefix("ms.")
    }

    /// Front matter only starts when line 1 is exactly `---`; a document that wants a leading rule uses `***`.
    static func split(_ bytes: [UInt8], file: String, isProfile: Bool, diagnostics: inout [Diagnostic]) -> SplitDocument? {
        // Most documents have no front matter: decide from the first line before splitting any.
        let opensWithRule = bytes.starts(with: "---".utf8) && (bytes.count == 3 || bytes[3] == 0x0A || bytes[3] == 0x0D)
        guard opensWithRule else { return SplitDocument(frontMatter: nil, body: bytes, bodyLineOffset: 0) }
        let lines = LineScanner.lines(of: bytes, limit: maximumBytes + 4)
        guard let first = lines.first, bytes[first.start..<first.end].elementsEqual("---".utf8) else {
            return SplitDocument(frontMatter: nil, body: bytes, bodyLineOffset: 0)
        }
        var closing: Int?
        for (index, line) in lines.enumerated().dropFirst() {
            let text = bytes[line.start..<line.end]
            if text.elementsEqual("---".utf8) || text.elementsEqual("...".utf8) {
                closing = index
                break
            }
        }
        guard let closing else {
            let reason = bytes.count > maximumBytes
                ? "front matter is not closed by a '---' line within \(maximumBytes / 1024) KiB"
                : "front matter is not closed by a '---' line"
            diagnostics.append(Diagnostic(.error, file: file, position: SourcePosition(line: 1, column: 1), reason))
            return nil
        }
        let yamlBytes = Array(bytes[lines[1].start..<lines[closing].start])
        let bodyStart = lines[closing].next
        let body = Array(bytes[bodyStart...])
        let yaml = String(decoding: yamlBytes, as: UTF8.self)
        guard let frontMatter = parse(yaml, firstLine: 2, file: file, isProfile: isProfile, diagnostics: &diagnostics) else {
            return nil
        }
        return SplitDocument(frontMatter: frontMatter, body: body, bodyLineOffset: closing + 1)
    }

    static func parse(_ yaml: String, firstLine: Int, file: String, isProfile: Bool,
                      diagnostics: inout [Diagnostic]) -> FrontMatter? {
        func position(_ mark: Mark?) -> SourcePosition? {
            mark.map { SourcePosition(line: $0.line + firstLine - 1, column: $0.column) }
        }
        func error(_ mark: Mark?, _ message: String) {
            diagnostics.append(Diagnostic(.error, file: file, position: position(mark) ?? SourcePosition(line: firstLine, column: 1), message))
        }
        if let place = flowNestingDepthExceeding(maximumNesting, in: yaml) {
            diagnostics.append(Diagnostic(.error, file: file,
                position: SourcePosition(line: place.line + firstLine - 1, column: place.column),
                "front matter nests brackets deeper than \(maximumNesting) levels"))
            return nil
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let yamlError as YamlError {
            switch yamlError {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                error(mark, "front matter is not valid YAML: \(problem)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                // Yams points at the mapping; point at the repeated key instead.
                let line = secondOccurrenceLine(of: duplicates.first ?? "", in: yaml)
                diagnostics.append(Diagnostic(.error, file: file,
                    position: SourcePosition(line: (line ?? context.mark.line) + firstLine - 1, column: 1),
                    "front matter repeats the key '\(duplicates.joined(separator: "', '"))'"))
            default:
                error(nil, "front matter is not valid YAML: \(yamlError)")
            }
            return nil
        } catch {
            diagnostics.append(Diagnostic(.error, file: file, position: SourcePosition(line: firstLine, column: 1),
                                          "front matter is not valid YAML: \(error)"))
            return nil
        }
        var result = FrontMatter()
        result.position = SourcePosition(line: 1, column: 1)
        guard let root else { return result }
        guard let mapping = root.mapping else {
            error(root.mark, "front matter must be a mapping of keys to values")
            return nil
        }
        var seen: [String: Mark?] = [:]
        let known = isProfile ? profileKeys : documentKeys
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if seen[key] != nil {
                error(keyNode.mark, "front matter repeats the key '\(key)'")
                return nil
            }
            seen[key] = keyNode.mark
            if let place = position(keyNode.mark) { result.keyPositions[key] = place }
            guard known.contains(key) else {
                if !isProfile && isOtherGeneratorKey(key) {
                    result.ignoredKeys.append(key)
                    continue
                }
                let hint = Suggestion.closest(to: key, among: known.sorted()).map { "did you mean '\($0)'?" }
                    ?? "known: \(known.sorted().joined(separator: ", "))"
                diagnostics.append(Diagnostic(.warning, file: file, position: position(keyNode.mark),
                    "unknown front matter key '\(key)' (\(hint))"))
                continue
            }
            switch key {
            case "title": result.title = scalar(value, key: key, error: error)
            case "slug": result.slug = scalar(value, key: key, error: error)
            case "lang": result.language = scalar(value, key: key, error: error)
            case "name": result.name = scalar(value, key: key, error: error)
            case "website": result.website = scalar(value, key: key, error: error)
            case "aliases": result.aliases = stringList(value, key: key, error: error).map(\.text)
            case "kind":
                switch value.scalar?.string {
                case "comparison": result.kind = .comparison
                case "page": result.kind = .page
                default: error(value.mark, "'kind' must be comparison or page")
                }
            case "draft":
                switch value.scalar?.string {
                case "true": result.draft = true
                case "false": result.draft = false
                default: error(value.mark, "'draft' must be true or false")
                }
            case "subjects":
                guard let sequence = value.sequence else {
                    error(value.mark, "'subjects' must be a list of names, or of mappings with 'name' and 'aliases'")
                    continue
                }
                var subjects: [DeclaredSubject] = []
                for item in sequence {
                    if let name = item.scalar?.string {
                        subjects.append(DeclaredSubject(name: name, aliases: [], position: position(item.mark)))
                    } else if let itemMapping = item.mapping, let name = itemMapping["name"]?.scalar?.string {
                        for (subKey, _) in itemMapping where !["name", "aliases"].contains(subKey.string ?? "") {
                            let hint = Suggestion.closest(to: subKey.string ?? "", among: ["aliases", "name"])
                                .map { "did you mean '\($0)'?" } ?? "known: aliases, name"
                            diagnostics.append(Diagnostic(.warning, file: file, position: position(subKey.mark),
                                "unknown subject key '\(subKey.string ?? "")' (\(hint))"))
                        }
                        let aliases = itemMapping["aliases"].map { stringList($0, key: "aliases", error: error) } ?? []
                        subjects.append(DeclaredSubject(name: name, aliases: aliases.map(\.text), position: position(item.mark),
                                                        aliasPositions: aliases.map { position($0.mark) }))
                    } else {
                        error(item.mark, "each subject needs a name")
                    }
                }
                checkDistinct(subjects, file: file, diagnostics: &diagnostics)
                result.subjects = subjects
            case "summary", "description":
                // `summary` is Versus's own and wins over `description`, whichever is written first.
                if let text = scalar(value, key: key, error: error), key == "summary" || result.summary == nil {
                    result.summary = text.collapsingWhitespace()
                }
            case "date", "lastmod", "updated", "reviewed":
                guard let text = scalar(value, key: key, error: error) else { continue }
                guard let date = DocumentDate(text, position: position(keyNode.mark)) else {
                    error(value.mark, "'\(key)' must be an ISO 8601 date like 2025-03-01 or 2025-03-01T09:30:00Z, not '\(text)'")
                    continue
                }
                // `updated` wins over `lastmod`, which wins over `date`, whatever order they are written in.
                let rank = ["date": 0, "lastmod": 1, "updated": 2]
                if key == "reviewed" {
                    result.reviewed = date
                } else if (rank[key] ?? 0) >= (result.updatedRank ?? -1) {
                    result.updated = date
                    result.updatedRank = rank[key]
                }
            default:
                break
            }
        }
        return result
    }

    /// One comparison cannot list one subject twice: a name or alias of one declared subject that is
    /// the name or an alias of another is an error at the later one, naming the earlier one's line.
    private static func checkDistinct(_ subjects: [DeclaredSubject], file: String, diagnostics: inout [Diagnostic]) {
        var owners: [String: (name: String, line: Int?)] = [:]
        for subject in subjects {
            var ownKeys: Set<String> = []
            for (index, text) in ([subject.name] + subject.aliases).enumerated() {
                let key = SubjectKey.make(text)
                guard ownKeys.insert(key).inserted else { continue }
                if let owner = owners[key] {
                    let place = owner.line.map { " on line \($0)" } ?? ""
                    let what = index == 0 ? "subject '\(text)'" : "alias '\(text)' of subject '\(subject.name)'"
                    diagnostics.append(Diagnostic(.error, file: file, position: subject.position,
                        "\(what) names the same subject as '\(owner.name)'\(place); one comparison cannot list a subject twice"))
                } else {
                    owners[key] = (subject.name, subject.position?.line)
                }
            }
        }
    }

    /// The line (1-based, within the YAML) where `key:` is written for the second time.
    private static func secondOccurrenceLine(of key: String, in yaml: String) -> Int? {
        var seen = 0
        for (index, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix(key) && trimmed.dropFirst(key.count).drop(while: { $0 == " " }).hasPrefix(":") {
                seen += 1
                if seen == 2 { return index + 1 }
            }
        }
        return nil
    }

    private static func scalar(_ node: Node, key: String, error: (Mark?, String) -> Void) -> String? {
        guard let text = node.scalar?.string else {
            error(node.mark, "'\(key)' must be a single value")
            return nil
        }
        return text
    }

    private static func stringList(_ node: Node, key: String, error: (Mark?, String) -> Void) -> [(text: String, mark: Mark?)] {
        if let text = node.scalar?.string { return [(text, node.mark)] }
        guard let sequence = node.sequence else {
            error(node.mark, "'\(key)' must be a list of names")
            return []
        }
        return sequence.compactMap { item in
            guard let text = item.scalar?.string else {
                error(item.mark, "'\(key)' entries must be names")
                return nil
            }
            return (text, item.mark)
        }
    }

    /// libyaml composes flow collections recursively; reject absurd nesting before it sees them.
    private static func flowNestingDepthExceeding(_ limit: Int, in yaml: String) -> (line: Int, column: Int)? {
        var depth = 0
        var line = 1
        var column = 0
        for scalar in yaml.unicodeScalars {
            column += 1
            switch scalar {
            case "[", "{":
                depth += 1
                if depth > limit { return (line, column) }
            case "]", "}":
                depth = max(0, depth - 1)
            case "\n":
                line += 1
                column = 0
            default:
                break
            }
        }
        return nil
    }
}

/// Line boundaries of a byte buffer, with `\n`, `\r\n` and `\r` all ending a line as in cmark.
enum LineScanner {
    struct Line {
        var start: Int
        /// Excludes the line ending.
        var end: Int
        /// Where the next line starts.
        var next: Int
    }

    static func lines(of bytes: [UInt8], limit: Int) -> [Line] {
        var result: [Line] = []
        var start = 0
        var index = 0
        let count = min(bytes.count, limit)
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                var next = index + 1
                if byte == 0x0D && next < bytes.count && bytes[next] == 0x0A { next += 1 }
                result.append(Line(start: start, end: index, next: next))
                start = next
                index = next
            } else {
                index += 1
            }
        }
        if start < count { result.append(Line(start: start, end: count, next: count)) }
        return result
    }
}
