import ComparisonModel
import Diagnostics

/// Decides which names across the site are one subject, so that no document or profile can take over
/// another's subject. The rules (the README's "Subjects and aliases"):
///
/// 1. Names that are equal as `SubjectKey`s are one subject.
/// 2. A profile (`content/subjects/*.md`) is the authority for its subject: its name and aliases
///    belong to it. Two profiles claiming one name or alias is an error naming both.
/// 3. An alias joins its holder (a profile, or a subject in a document's front matter) to the subject
///    that the alias names elsewhere, only when that is unambiguous: the holder's aliases name at most
///    one other subject, no comparison lists the two side by side, and a document never joins a
///    profiled subject under a name its profile does not list, nor adds to a profiled subject an
///    alias that names another subject. Anything else is an error at the alias, naming where the
///    other subject is named.
/// 4. An alias that names no subject belongs to its holder; another subject claiming it is an error.
/// 5. Two subjects of one comparison that still end up as one subject is an error at the document.
/// 6. A document's alias adds the document's own name to the subject the alias names, which keeps its
///    name: the alias is refused when another document also gives the holder's name (the document
///    would join two subjects that others name; only a profile may). So no document renames or merges
///    the subjects of other documents; a profile's name always wins.
///
/// Everything is decided from the whole site at once (names first, then aliases), so the outcome never
/// depends on which file sorts first, except the spelling of a name written in different cases or
/// spacing (the first file's).
struct SubjectIdentity {
    private(set) var subjects: [Subject] = []
    /// For each document, the index in `subjects` of each of its mentions.
    private(set) var subjectOfMention: [[Int]] = []
    private(set) var diagnostics: [Diagnostic] = []

    /// Something that names a subject: a profile or one subject of one document.
    private struct Holder {
        var source: String
        var name: String
        var aliases: [String]
        /// `SubjectKey`s of the name, then of each alias.
        var keys: [String]
        var position: SourcePosition?
        var aliasesPosition: SourcePosition?
        /// Where each alias is written, when known (a document's front matter); else `aliasesPosition`.
        var aliasPositions: [SourcePosition?] = []

        func position(ofAlias number: Int) -> SourcePosition? {
            (number < aliasPositions.count ? aliasPositions[number] : nil) ?? aliasesPosition
        }
        var profile: Int?
        var document: Int?

        var place: String { position.map { "\(source):\($0.line)" } ?? source }
    }

    private var holders: [Holder] = []
    /// Alias indices (1-based, into `keys`) refused by a rule: they join nothing and are not listed.
    private var refused: [Set<Int>] = []
    /// Profiles whose name another profile already has: left out entirely.
    private var dropped: Set<Int> = []
    private var parent: [Int] = []
    /// The holder that first gave each group's name, for messages.
    private var firstHolderOfNode: [Int] = []
    private var nodeOfHolder: [Int] = []
    /// Documents naming each group (by root), to know which subjects are compared with each other.
    private var documentsOfRoot: [Int: Set<Int>] = [:]
    /// The profile holder of each group that has one, by root.
    private var profileOfRoot: [Int: Int] = [:]
    private var documentSources: [String] = []
    /// Why two names became one subject, by root, for the error when that puts one subject twice in a comparison.
    private var mergeReason: [Int: String] = [:]
    /// Name groups an alias named (rule 6: one of them names the subject), and groups whose holder's alias
    /// joined them to another.
    private var namedByAlias: Set<Int> = []
    private var joinedByOwnAlias: Set<Int> = []
    /// The documents giving each name group's name (not as an alias), by node.
    private var documentsOfNode: [Set<Int>] = []

    init(profiles: [SubjectProfile], documents: [Document], mentions: [[SubjectMention]]) {
        for (index, profile) in profiles.enumerated() {
            holders.append(Holder(source: profile.source, name: profile.name, aliases: profile.aliases,
                                  keys: ([profile.name] + profile.aliases).map(SubjectKey.make),
                                  position: profile.namePosition, aliasesPosition: profile.aliasesPosition,
                                  profile: index, document: nil))
        }
        var holderOfMention: [[Int]] = []
        for (document, list) in mentions.enumerated() {
            holderOfMention.append(list.map { mention in
                holders.append(Holder(source: documents[document].source, name: mention.name, aliases: mention.aliases,
                                      keys: mention.keys, position: mention.position, aliasesPosition: mention.position,
                                      aliasPositions: mention.aliasPositions,
                                      profile: nil, document: document))
                return holders.count - 1
            })
        }
        refused = Array(repeating: [], count: holders.count)
        documentSources = documents.map(\.source)

        let profileOwner = claimProfileNames()
        let nameNode = groupByName()
        joinByAlias(nameNode: nameNode, profileOwner: profileOwner)
        claimRemainingAliases(nameNode: nameNode, profileOwner: profileOwner)
        makeSubjects(profiles: profiles)
        subjectOfMention = holderOfMention.map { $0.map { subjectOfHolder[$0] } }
        checkComparisons(documents: documents, holderOfMention: holderOfMention)
    }

    // MARK: The steps

    /// Rule 2: each key of a profile belongs to the first profile (in file order) that gives it.
    private mutating func claimProfileNames() -> [String: Int] {
        var owner: [String: Int] = [:]
        for index in holders.indices where holders[index].profile != nil {
            let holder = holders[index]
            for (position, key) in holder.keys.enumerated() {
                guard let other = owner[key], other != index else {
                    owner[key] = index
                    continue
                }
                let text = position == 0 ? holder.name : holder.aliases[position - 1]
                let role = position == 0 ? "the name '\(text)'" : "the alias '\(text)'"
                error(at: position == 0 ? holder.position : holder.aliasesPosition, in: holder.source,
                      "\(role) already belongs to the subject '\(holders[other].name)' (\(holders[other].place)); a name belongs to one profile")
                if position == 0 {
                    dropped.insert(index)
                    break
                }
                refused[index].insert(position)
            }
        }
        return owner
    }

    /// Rule 1: one group per distinct name; profiles first.
    private mutating func groupByName() -> [String: Int] {
        var nameNode: [String: Int] = [:]
        nodeOfHolder = Array(repeating: -1, count: holders.count)
        for index in holders.indices where !dropped.contains(index) {
            let key = holders[index].keys[0]
            let node: Int
            if let existing = nameNode[key] {
                node = existing
            } else {
                node = parent.count
                parent.append(node)
                firstHolderOfNode.append(index)
                documentsOfNode.append([])
                nameNode[key] = node
            }
            nodeOfHolder[index] = node
            if holders[index].profile != nil { profileOfRoot[node] = index }
            if let document = holders[index].document {
                documentsOfRoot[node, default: []].insert(document)
                documentsOfNode[node].insert(document)
            }
        }
        return nameNode
    }

    /// Rule 3.
    private mutating func joinByAlias(nameNode: [String: Int], profileOwner: [String: Int]) {
        for index in holders.indices where !dropped.contains(index) {
            let holder = holders[index]
            let own = nodeOfHolder[index]
            var targets: [(node: Int, alias: Int)] = []
            for position in holder.keys.indices.dropFirst() where !refused[index].contains(position) {
                let key = holder.keys[position]
                if holder.document != nil, let owner = profileOwner[key], !dropped.contains(owner),
                   find(nodeOfHolder[owner]) != find(own) {
                    refuse(index, position, "is a name of the subject '\(holders[owner].name)' (\(holders[owner].place)), whose profile does not list '\(holder.name)'; add it to that profile's aliases to make them one subject")
                    continue
                }
                if let node = nameNode[key], node != own, !targets.contains(where: { $0.node == node }) {
                    targets.append((node, position))
                }
            }
            if targets.count >= 2 {
                let named = targets.map { "'\(holder.aliases[$0.alias - 1])' (\(holders[firstHolderOfNode[$0.node]].place))" }
                error(at: holder.aliasesPosition, in: holder.source,
                      "the aliases of '\(holder.name)' name \(targets.count) different subjects: \(named.joined(separator: ", ")); an alias may join a subject with at most one other")
                for target in targets { refused[index].insert(target.alias) }
                continue
            }
            guard let target = targets.first else { continue }
            let ownRoot = find(own), targetRoot = find(target.node)
            guard ownRoot != targetRoot else {
                // Already one subject (aliases naming each other): the alias still names that group.
                namedByAlias.insert(target.node)
                joinedByOwnAlias.insert(own)
                continue
            }
            let alias = holder.aliases[target.alias - 1]
            let namedAt = holders[firstHolderOfNode[target.node]].place
            if holder.document != nil, let profiled = profileOfRoot[ownRoot] ?? profileOfRoot[targetRoot] {
                refuse(index, target.alias, "names the subject '\(alias)' (\(namedAt)); '\(holders[profiled].name)' has a profile (\(holders[profiled].place)), which alone decides its aliases")
                continue
            }
            if let together = firstSharedDocument(ownRoot, targetRoot) {
                let comparison = documentSources[together]
                refuse(index, target.alias, "names the subject '\(alias)' (\(namedAt)), which \(comparison) compares with '\(holder.name)'; they cannot be one subject")
                continue
            }
            if let document = holder.document, let other = documentsOfNode[own].filter({ $0 != document }).min() {
                refuse(index, target.alias, "names the subject '\(alias)' (\(namedAt)), but \(documentSources[other]) names '\(holder.name)' too: an alias adds a document's own name to a subject and cannot join two subjects other documents name (a profile can)")
                continue
            }
            namedByAlias.insert(target.node)
            joinedByOwnAlias.insert(own)
            let root = union(ownRoot, targetRoot)
            mergeReason[root] = mergeReason[root] ?? "the alias '\(alias)' of '\(holder.name)' (\(holder.source):\(holder.position(ofAlias: target.alias - 1)?.line ?? 1)) makes them one"
        }
    }

    /// Rule 4: aliases that name no subject, each owned by the first holder giving it.
    private mutating func claimRemainingAliases(nameNode: [String: Int], profileOwner: [String: Int]) {
        var claims: [String: Int] = [:]
        for index in holders.indices where !dropped.contains(index) {
            let holder = holders[index]
            for position in holder.keys.indices.dropFirst() where !refused[index].contains(position) {
                let key = holder.keys[position]
                guard nameNode[key] == nil else { continue }
                if let other = claims[key] ?? profileOwner[key].flatMap({ dropped.contains($0) ? nil : $0 }),
                   find(nodeOfHolder[other]) != find(nodeOfHolder[index]) {
                    refuse(index, position, "is already an alias of '\(holders[other].name)' (\(holders[other].place))")
                } else if claims[key] == nil {
                    claims[key] = index
                }
            }
        }
    }

    private var subjectOfHolder: [Int] = []

    /// The name group whose name a joined subject takes (rule 6): its profile's; else a group an alias
    /// named and whose own holders' aliases joined nothing to it; else any group an alias named (aliases
    /// naming each other). Among several, the one most documents name, then the least key: never the
    /// order of the files.
    private mutating func namingGroups() -> [Int: Int] {
        var groupsOfRoot: [Int: [Int]] = [:]
        for node in parent.indices { groupsOfRoot[find(node), default: []].append(node) }
        var naming: [Int: Int] = [:]
        for (root, groups) in groupsOfRoot where groups.count > 1 && profileOfRoot[root] == nil {
            let named = groups.filter { namedByAlias.contains($0) }
            let candidates = named.filter { !joinedByOwnAlias.contains($0) }
            naming[root] = (candidates.isEmpty ? (named.isEmpty ? groups : named) : candidates).min { first, second in
                let firstCount = documentsOfNode[first].count, secondCount = documentsOfNode[second].count
                if firstCount != secondCount { return firstCount > secondCount }
                return holders[firstHolderOfNode[first]].keys[0] < holders[firstHolderOfNode[second]].keys[0]
            }
        }
        return naming
    }

    /// One subject per group, created in file order (profiles first) so slugs come out as before: the
    /// first name given is the subject's name, the others its aliases, except where an alias joined
    /// groups (rule 6).
    private mutating func makeSubjects(profiles: [SubjectProfile]) {
        let naming = namingGroups()
        var subjectOfRoot: [Int: Int] = [:]
        var usedSlugs: Set<String> = []
        // Each subject's name and aliases as a set: a subject named with a new alias in each of
        // thousands of documents would make `aliases.contains` quadratic.
        var listed: [Set<String>] = []
        subjectOfHolder = Array(repeating: 0, count: holders.count)
        for index in holders.indices {
            let holder = holders[index]
            let aliases = holder.aliases.indices.filter { !refused[index].contains($0 + 1) }.map { holder.aliases[$0] }
            if dropped.contains(index) {
                subjectOfHolder[index] = -1
                continue
            }
            let root = find(nodeOfHolder[index])
            if let found = subjectOfRoot[root] {
                for alias in [holder.name] + aliases where listed[found].insert(alias).inserted {
                    subjects[found].aliases.append(alias)
                }
                subjectOfHolder[index] = found
                continue
            }
            var name = holder.name, subjectAliases = aliases
            if let group = naming[root], group != nodeOfHolder[index] {
                name = holders[firstHolderOfNode[group]].name
                subjectAliases = []
                var seen: Set<String> = [name]
                for alias in [holder.name] + aliases where seen.insert(alias).inserted { subjectAliases.append(alias) }
            }
            // Different names can slug alike ("C" and "C++"); keep URLs unique, deterministically.
            let base = Slug.make(name, fallback: "subject")
            var slug = base
            var counter = 2
            while usedSlugs.contains(slug) { slug = "\(base)-\(counter)"; counter += 1 }
            usedSlugs.insert(slug)
            var subject = Subject(slug: slug, name: name, aliases: subjectAliases, documents: [])
            if let profile = holder.profile.map({ profiles[$0] }) {
                subject.website = profile.website
                subject.profileSource = profile.source
                subject.profileBlocks = profile.blocks
            }
            subjects.append(subject)
            listed.append(Set([name, holder.name] + aliases))
            subjectOfRoot[root] = subjects.count - 1
            subjectOfHolder[index] = subjects.count - 1
        }
    }

    /// Rule 5.
    private mutating func checkComparisons(documents: [Document], holderOfMention: [[Int]]) {
        for (document, list) in holderOfMention.enumerated() {
            var seen: [Int: Int] = [:]
            for index in list {
                let subject = subjectOfHolder[index]
                guard let earlier = seen[subject] else {
                    seen[subject] = index
                    continue
                }
                let reason = mergeReason[find(nodeOfHolder[index])].map { ": \($0)" } ?? ""
                let line = holders[earlier].position.map { " (line \($0.line))" } ?? ""
                error(at: holders[index].position, in: documents[document].source,
                      "'\(holders[index].name)' and '\(holders[earlier].name)'\(line) are the same subject\(reason); a comparison needs different subjects")
            }
        }
    }

    // MARK: Helpers

    /// The first document (in site order) that names both groups, if any: proof they differ.
    private func firstSharedDocument(_ a: Int, _ b: Int) -> Int? {
        let first = documentsOfRoot[a] ?? [], second = documentsOfRoot[b] ?? []
        let (small, large) = first.count <= second.count ? (first, second) : (second, first)
        return small.filter { large.contains($0) }.min()
    }

    /// With path halving, so long chains of aliases stay cheap.
    private mutating func find(_ node: Int) -> Int {
        var node = node
        while parent[node] != node {
            parent[node] = parent[parent[node]]
            node = parent[node]
        }
        return node
    }

    /// Joins two roots; the older (smaller) stays the root.
    private mutating func union(_ a: Int, _ b: Int) -> Int {
        let (root, child) = a < b ? (a, b) : (b, a)
        parent[child] = root
        // The smaller set goes into the larger: a popular subject joined many times stays linear.
        var large = documentsOfRoot.removeValue(forKey: root) ?? [], small = documentsOfRoot.removeValue(forKey: child) ?? []
        if large.count < small.count { swap(&large, &small) }
        large.formUnion(small)
        documentsOfRoot[root] = large
        if profileOfRoot[root] == nil { profileOfRoot[root] = profileOfRoot[child] }
        if mergeReason[root] == nil { mergeReason[root] = mergeReason[child] }
        return root
    }

    private mutating func refuse(_ holder: Int, _ position: Int, _ reason: String) {
        refused[holder].insert(position)
        let subject = holders[holder]
        error(at: subject.position(ofAlias: position - 1), in: subject.source,
              "the alias '\(subject.aliases[position - 1])' of '\(subject.name)' \(reason)")
    }

    private mutating func error(at position: SourcePosition?, in file: String, _ message: String) {
        diagnostics.append(Diagnostic(.error, file: file, position: position ?? SourcePosition(line: 1, column: 1), message))
    }
}
