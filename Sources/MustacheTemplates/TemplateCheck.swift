/// What a parsed template uses, and the checks a set of templates must pass before anything renders:
/// the engine's own rules, whatever views render them. (The names a view has, and which fields may be
/// written unescaped, are the caller's rules: `SiteRendering.TemplateLint`.)
public struct TemplateUses: Sendable {
    /// Every variable and section tag, with whether it escapes, in the order of the text.
    public private(set) var tags: [(tag: TemplateTag, escaped: Bool)] = []
    /// Every partial and parent included, with the position of its tag, in the order of the text.
    public private(set) var partials: [(name: String, position: TemplatePosition)] = []

    public init(_ tokens: [TemplateToken]) {
        // With an explicit list of bodies still to read: the parser bounds the depth, this does not rely on it.
        var pending: [[TemplateToken]] = [tokens]
        while let body = pending.popLast() {
            for token in body {
                switch token {
                case .text:
                    break
                case .variable(let tag, let escaped):
                    tags.append((tag, escaped))
                case .section(let tag, let inner, _):
                    tags.append((tag, true))
                    pending.append(inner)
                case .partial(let name, _, let position):
                    partials.append((name, position))
                case .parent(let name, _, let blocks, let position):
                    partials.append((name, position))
                    pending += blocks.keys.sorted().compactMap { blocks[$0] }
                case .block(_, let fallback, _):
                    pending.append(fallback)
                }
            }
        }
        tags.sort { ($0.tag.position.line, $0.tag.position.column) < ($1.tag.position.line, $1.tag.position.column) }
        partials.sort { ($0.position.line, $0.position.column) < ($1.position.line, $1.position.column) }
    }
}

public enum TemplateCheck {
    /// A problem at a tag of a template.
    public struct Problem: Sendable, Equatable {
        public var template: String
        public var position: TemplatePosition?
        public var message: String
    }

    /// Partials and parents that name no template of `known` (they would render as nothing), and partials
    /// that include each other in a cycle (rendering would never end): the cycle once, at the tag of its
    /// first template (in name order) that includes the next one. `uses` are the templates that parsed;
    /// `known` every template there is, those with syntax errors included. `displayFolder` names the
    /// templates' folder in messages, such as `templates/`.
    public static func partials(_ uses: [String: TemplateUses], known: Set<String>, displayFolder: String) -> [Problem] {
        var problems: [Problem] = []
        for (name, used) in uses.sorted(by: { $0.key < $1.key }) {
            for partial in used.partials where !known.contains(partial.name) {
                problems.append(Problem(template: name, position: partial.position,
                                        message: "partial '\(partial.name)' not found in \(displayFolder)"))
            }
        }
        if let cycle = findCycle(uses.mapValues { $0.partials.map(\.name) }) {
            let position = uses[cycle[0]]?.partials.first { $0.name == cycle[1] }?.position
            problems.append(Problem(template: cycle[0], position: position,
                                    message: "partials include each other in a cycle: \(cycle.joined(separator: " -> "))"))
        }
        return problems
    }

    private static func findCycle(_ graph: [String: [String]]) -> [String]? {
        var state: [String: Int] = [:] // 1 visiting, 2 done
        for start in graph.keys.sorted() where state[start] == nil {
            // Iterative depth-first search with an explicit path.
            var stack: [(node: String, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                let edges = graph[top.node] ?? []
                if top.next < edges.count {
                    stack[stack.count - 1].next += 1
                    let child = edges[top.next]
                    if state[child] == 1 {
                        let path = stack.map(\.node)
                        let from = path.firstIndex(of: child) ?? 0
                        return Array(path[from...]) + [child]
                    }
                    if state[child] == nil {
                        state[child] = 1
                        stack.append((child, 0))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        return nil
    }
}
