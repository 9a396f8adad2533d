import Foundation
@testable import PreviewServer
import Testing
import TestSupport

/// The correctness contract of `versus serve`: after any sequence of changes, the site it serves is
/// byte for byte what a fresh `versus build` of the same files writes (the reload script aside), and
/// after a change that breaks the build it keeps serving the last good site and reports the errors.
@Suite(.serialized) struct DifferentialRebuildTests {
    static let subjects = ["Alpha", "Beta", "Gamma", "Delta"]
    static let words = ["fast", "slow", "cheap", "costly", "simple", "**bold** claim", "plain words", "`code`"]

    /// One random change to the project; returns what it did, for the failure message.
    /// Half the time after a change broke the build, a repair (rewriting what broke) instead of a new change,
    /// so a sequence keeps going from good to broken and back.
    static func step(_ project: Project, _ random: inout SeededRandom, documents: inout [String], broken: inout [String]) throws -> String {
        if !broken.isEmpty, random.next(below: 2) == 0 {
            let path = broken.removeLast()
            switch path {
            case "site.yml": try project.write("title: Repaired\n", to: path)
            case "templates/site-footer.mustache":
                let footer = project.read(path) ?? ""
                try project.write(footer.replacingOccurrences(of: "{{#unclosed}}", with: ""), to: path)
            default:
                guard project.read(path) != nil else { return "nothing to repair" }
                try project.write(Documents.comparison("Repaired vs Beta"), to: path)
            }
            return "repair \(path)"
        }
        let done = try change(project, &random, documents: &documents)
        if done.hasPrefix("break ") {
            let what = String(done.dropFirst("break ".count))
            broken.append(what == "footer template" ? "templates/site-footer.mustache" : what == "site.yml" ? "site.yml" : "content/" + what)
        }
        return done
    }

    static func change(_ project: Project, _ random: inout SeededRandom, documents: inout [String]) throws -> String {
        func comparison() -> String {
            let first = subjects[random.next(below: subjects.count)]
            var second = subjects[random.next(below: subjects.count)]
            if second == first { second = first == "Alpha" ? "Beta" : "Alpha" }
            let speed = random.text(from: words, minimumPieces: 1, maximumPieces: 3)
            // One time in three, a document comparing several pairs: a page plus a comparison per pair.
            if random.next(below: 3) == 0, let third = subjects.first(where: { $0 != first && $0 != second }) {
                return """
                # How \(first) compares

                ## \(first) vs \(second)

                ### Speed

                - **\(first)**: \(speed)
                - **\(second)**: \(random.text(from: words, minimumPieces: 1, maximumPieces: 2))

                ## \(first) vs \(third)

                ### Speed

                - **\(first)**: \(random.text(from: words, minimumPieces: 1, maximumPieces: 2))
                - **\(third)**: \(random.text(from: words, minimumPieces: 1, maximumPieces: 2))
                """
            }
            return """
            # \(first) vs \(second)

            \(first) and \(second), side by side.

            ## Key Differences

            ### Speed

            - **\(first)**: \(speed)
            - **\(second)**: \(random.text(from: words, minimumPieces: 1, maximumPieces: 2))
            """
        }
        switch random.next(below: 15) {
        case 0, 1:
            let name = "doc\(random.next(below: 1000)).md"
            try project.write(comparison(), to: "content/" + name)
            if !documents.contains(name) { documents.append(name) }
            return "add \(name)"
        case 2, 3:
            guard let name = documents.randomElement(using: &random) else { return "nothing" }
            try project.write(comparison(), to: "content/" + name)
            return "edit \(name)"
        case 4:
            guard documents.count > 1, let name = documents.randomElement(using: &random) else { return "nothing" }
            try project.remove("content/" + name)
            documents.removeAll { $0 == name }
            return "delete \(name)"
        case 5:
            guard let name = documents.randomElement(using: &random) else { return "nothing" }
            let target = (random.next(below: 2) == 0 ? "moved/" : "") + "renamed\(random.next(below: 1000)).md"
            try FileManager.default.createDirectory(atPath: project.path("content/moved"), withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: project.path("content/" + name), toPath: project.path("content/" + target))
            documents.removeAll { $0 == name }
            documents.removeAll { $0 == target }
            documents.append(target)
            return "rename \(name) -> \(target)"
        case 6:
            let subject = subjects[random.next(below: subjects.count)]
            let path = "content/subjects/\(subject.lowercased()).md"
            if random.next(below: 3) == 0, project.read(path) != nil {
                try project.remove(path)
                return "delete profile \(subject)"
            }
            try project.write("---\nname: \(subject)\nwebsite: https://example.org/\(random.next(below: 100))\n---\n\n\(subject) is \(random.text(from: words, minimumPieces: 1, maximumPieces: 3)).\n", to: path)
            return "write profile \(subject)"
        case 7:
            let layout = project.read("templates/layout.mustache") ?? ""
            let edited = layout.replacingOccurrences(of: "</body>", with: "<!-- edit \(random.next(below: 1000)) --></body>")
            try project.write(edited, to: "templates/layout.mustache")
            return "edit layout template"
        case 8:
            // A template that does not parse, or the same one fixed.
            let path = "templates/site-footer.mustache"
            let footer = project.read(path) ?? ""
            if footer.hasSuffix("{{#unclosed}}") {
                try project.write(String(footer.dropLast("{{#unclosed}}".count)), to: path)
                return "fix footer template"
            }
            try project.write(footer + "{{#unclosed}}", to: path)
            return "break footer template"
        case 9:
            switch random.next(below: 3) {
            case 0:
                try project.write("title: Site \(random.next(below: 100))\nbase_url: https://example.org/docs/\n", to: "site.yml")
                return "write site.yml"
            case 1:
                try project.write("title: [unclosed\n", to: "site.yml")
                return "break site.yml"
            default:
                try? project.remove("site.yml")
                return "delete site.yml"
            }
        case 10:
            guard let name = documents.randomElement(using: &random) else { return "nothing" }
            try project.write("---\ntitle: [broken\n---\n# Broken\n", to: "content/" + name)
            return "break \(name)"
        case 13, 14:
            // A paragraph at the end, with a link that may be broken (a warning the edit must add or
            // take away): the document's text alone changes, no heading, the edit the server renders
            // only a few pages for.
            guard let name = documents.randomElement(using: &random), let text = project.read("content/" + name) else { return "nothing" }
            let targets = ["second.md", "missing.md", "first.md#no-such-anchor", "https://example.org/", "#speed"]
            let target = targets[random.next(below: targets.count)]
            try project.write(text + "\n\n\(random.text(from: words, minimumPieces: 1, maximumPieces: 4)) [see](\(target)).\n", to: "content/" + name)
            return "append a paragraph linking \(target) to \(name)"
        default:
            // The entries alone, title and subjects kept: the edit the server renders only a few pages for.
            guard let name = documents.randomElement(using: &random),
                  let title = project.read("content/" + name)?.split(separator: "\n").first(where: { $0.hasPrefix("# ") && $0.contains(" vs ") })
            else { return "nothing" }
            let names = title.dropFirst(2).components(separatedBy: " vs ")
            guard names.count == 2 else { return "nothing" }
            try project.write("""
            \(title)

            \(names[0]) and \(names[1]), side by side.

            ## Key Differences

            ### Speed

            - **\(names[0])**: \(random.text(from: words, minimumPieces: 1, maximumPieces: 3))
            - **\(names[1])**: \(random.text(from: words, minimumPieces: 1, maximumPieces: 2))
            """, to: "content/" + name)
            return "edit entries of \(name)"
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func everyStepServesWhatAFreshBuildWrites(seed: UInt64) async throws {
        let project = try Project(["content/first.md": Documents.comparison(), "content/second.md": Documents.comparison("Gamma vs Delta")])
        defer { project.delete() }
        let server = try RunningServer(project, watch: false)
        var random = SeededRandom(seed: seed)
        var documents = ["first.md", "second.md"]
        var broken: [String] = []
        var lastGood = try #require(try project.freshBuild())
        var steps: [String] = []
        var good = 0, failed = 0, partial = 0, withPairs = 0, edits = 0, keptInFull = 0
        for _ in 0..<40 {
            let before = project.snapshot()
            steps.append(try Self.step(project, &random, documents: &documents, broken: &broken))
            // What the watcher would report: the paths of the files the step added, removed or changed.
            let built = server.session.rebuild(changed: project.changedPaths(from: before, to: project.snapshot()))
            let fresh = try project.freshBuild()
            let site = server.session.site
            let served = site.files.mapValues { withoutReloadScript($0.bytes) }
            if let fresh {
                #expect(built, "\(steps)")
                #expect(site.errors.isEmpty, "\(steps)")
                #expect(served.keys.sorted() == fresh.keys.sorted(), "\(steps)")
                for (path, bytes) in fresh where served[path] != bytes {
                    Issue.record("\(path) differs from a fresh build after \(steps)")
                }
                #expect(!fresh.values.contains { String(decoding: $0, as: UTF8.self).contains("__versus") })
                lastGood = fresh
                good += 1
                // A comparison read from a pair section: `compare/<document>-<first>-vs-<second>/`.
                if fresh.keys.contains(where: { path in
                    path.hasPrefix("compare/") && Self.subjects.contains { path.contains("-\($0.lowercased())-vs-") }
                }) { withPairs += 1 }
                if server.session.pagesKeptByLastBuild > 0 { partial += 1 }
                if server.session.lastBuildWasEdit { edits += 1 }
                if server.session.pagesKeptByLastBuild > 0 && !server.session.lastBuildWasEdit { keptInFull += 1 }
            } else {
                #expect(!built, "\(steps)")
                #expect(!site.errors.isEmpty, "\(steps)")
                #expect(served == lastGood, "the last good site stays served after \(steps)")
                failed += 1
            }
        }
        // The sequence went through both kinds of state, or it proved less than it claims.
        #expect(good >= 5 && failed >= 3, "\(good) good, \(failed) failed steps")
        // And some good steps kept pages from the build before, or the incremental path went untested.
        #expect(partial >= 1, "\(partial) steps kept pages")
        // And some took the fast path of an edit (`SiteBuild.edit`), or it went untested.
        #expect(edits >= 1, "\(edits) steps were rebuilt as edits")
        // And some full builds took pages from the one before (`PageDependencies.jobsToRender`).
        #expect(keptInFull >= 1, "\(keptInFull) full builds kept pages")
        // And documents comparing several pairs were among the steps.
        #expect(withPairs >= 1, "\(withPairs) good steps had pair comparisons")
        await server.stop()
    }
}

extension Array {
    func randomElement(using random: inout SeededRandom) -> Element? {
        isEmpty ? nil : self[random.next(below: count)]
    }
}
