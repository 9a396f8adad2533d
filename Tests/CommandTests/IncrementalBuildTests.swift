import Foundation
import Testing
import TestSupport
@testable import SiteBuilder

/// A build on disk after an edit reads the last build's state and keeps the pages the edit cannot have
/// changed (`BuildState`); whatever it does, its output is byte for byte that of a full build of the
/// same files into an empty folder.
@Suite struct IncrementalBuildTests {
    static let subjects = ["Alpha", "Beta", "Gamma", "Delta"]
    static let dimensions = ["Speed", "Cost", "Support", "Scale"]

    /// Enough documents that every subject and the common dimensions fill more than one page.
    static func document(_ number: Int) -> String {
        let first = subjects[number % 4], second = subjects[(number / 4 + number % 4 + 1) % 4]
        var text = "# \(first) vs \(second), round \(number)\n\nHow \(first) and \(second) compare, part \(number).\n\n## Key Differences\n\n"
        for dimension in [dimensions[0], dimensions[1 + number % 3]] {
            text += "### \(dimension)\n\n- **\(first)**: \(first) on \(dimension.lowercased()), \(number)\n"
            text += "- **\(second)**: \(second) on \(dimension.lowercased()), \(number)\n\n"
        }
        text += "## Use Cases\n\n### \(first)\n\n1. **Batch \(number)**: jobs of \(first).\n\n## Conclusion\n\nEither, \(number).\n"
        return text
    }

    static func project() throws -> Project {
        var files: [String: String] = ["site.yml": "title: Increments\nbase_url: https://example.org/\n"]
        for number in 0..<110 { files["content/d\(number).md"] = document(number) }
        return try Project(files)
    }

    /// Builds `_site` (with the state of the last build) and a fresh folder (without), and requires the
    /// same files with the same bytes; returns how many pages the first kept.
    @discardableResult
    static func buildBoth(_ project: Project, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let incremental = try project.run("build", "--output", "_site", timeout: 60)
        #expect(incremental.status == 0, "\(label): \(incremental.stderr)", sourceLocation: sourceLocation)
        let fresh = "fresh-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(at: project.url(fresh))
            for suffix in ["versus-state", "versus-manifest", "versus-lock", "versus-inputs"] { try? FileManager.default.removeItem(at: project.url(".\(fresh).\(suffix)")) }
        }
        let full = try project.run("build", "--output", fresh, timeout: 60)
        #expect(full.status == 0, "\(label): \(full.stderr)", sourceLocation: sourceLocation)
        #expect(!full.stdout.contains("kept from the last build"), sourceLocation: sourceLocation)
        let built = project.snapshot("_site"), expected = project.snapshot(fresh)
        #expect(built.count == expected.count, "\(label): file count", sourceLocation: sourceLocation)
        for (path, bytes) in expected where built[path] != bytes {
            Issue.record("\(label): \(path) differs from a full build", sourceLocation: sourceLocation)
        }
        #expect(incremental.stderr == full.stderr.replacingOccurrences(of: fresh, with: "_site"), "\(label)", sourceLocation: sourceLocation)
        let kept = incremental.stdout.split(separator: "\n").first { $0.hasSuffix("unchanged pages kept from the last build") }
        return kept.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
    }

    @Test func randomEditsGiveTheFullBuildsBytes() throws {
        let project = try Self.project()
        defer { project.remove() }
        try Self.buildBoth(project, "first build")
        var random = SeededRandom(seed: 16)
        var keptAfterTextEdits = 0, count = 110
        for step in 0..<16 {
            let number = random.next(below: count)
            let path = "content/d\(number).md"
            var text = (try? String(contentsOf: project.url(path), encoding: .utf8)) ?? Self.document(number)
            let kind = step < 6 ? step % 3 : random.next(below: 8)
            let label = "step \(step), edit \(kind) of \(path)"
            switch kind {
            case 0: text = text.replacingOccurrences(of: "on speed, \(number)", with: "on speed, now \(step)")
            case 1: text = text.replacingOccurrences(of: "jobs of", with: "jobs \(step) of")
            case 2: text = text.replacingOccurrences(of: "Either, \(number).", with: "Either, \(number), step \(step).")
            case 3: text = text.replacingOccurrences(of: ", round \(number)", with: ", round \(number) renamed")
            case 4:
                // An entry removed: which subjects have an entry changes.
                text = text.replacingOccurrences(of: "on cost, \(number)\n", with: "").replacingOccurrences(of: "on support, \(number)\n", with: "")
            case 5:
                try Self.document(count).write(to: project.url("content/d\(count).md"), atomically: true, encoding: .utf8)
                count += 1
            case 6:
                let footer = try String(contentsOf: project.url("templates/site-footer.mustache"), encoding: .utf8)
                try project.write(footer + "<!-- \(step) -->\n", to: "templates/site-footer.mustache")
            default:
                try? FileManager.default.removeItem(at: project.url(path))
            }
            if kind <= 4, project.exists(path) { try project.write(text, to: path) }
            let kept = try Self.buildBoth(project, label)
            if kind <= 2 { keptAfterTextEdits += kept }
        }
        // The state was used: edits of text kept pages (a site of 110 documents has about 250; the first
        // edit finds no state, as the first build writes none).
        #expect(keptAfterTextEdits > 6 * 150)
    }

    /// A state that is damaged, or belongs to another output, is ignored: the build is a full one.
    /// A first build into an empty folder leaves no state (nothing would read it in CI); a rebuild does.
    static func builtTwice() throws -> Project {
        let project = try Self.project()
        try Self.buildBoth(project, "first build")
        #expect(!project.exists("._site.versus-state"))
        try project.write(Self.document(1).replacingOccurrences(of: "Either", with: "Any"), to: "content/d1.md")
        #expect(try Self.buildBoth(project, "second build") == 0)
        #expect(project.exists("._site.versus-state"))
        return project
    }

    @Test func aDamagedStateIsIgnored() throws {
        let project = try Self.builtTwice()
        defer { project.remove() }
        let state = project.url("._site.versus-state")
        var bytes = try Data(contentsOf: state)
        #expect(bytes.count > 10_000)
        for offset in stride(from: 40, to: bytes.count, by: bytes.count / 7) { bytes[offset] ^= 0x5A }
        try bytes.write(to: state)
        try project.write(Self.document(3).replacingOccurrences(of: "Either", with: "Both"), to: "content/d3.md")
        try Self.buildBoth(project, "damaged state")
        try Data(try Data(contentsOf: state).prefix(5_000)).write(to: state)
        try project.write(Self.document(3).replacingOccurrences(of: "Either", with: "Neither"), to: "content/d3.md")
        #expect(try Self.buildBoth(project, "truncated state") == 0)
    }

    /// A page of the output swapped for a link to a host file, or rewritten in place with its old time,
    /// is never kept: the output is not the one the state describes, and the build is a full one.
    @Test func aTamperedOutputIsNeverKept() throws {
        let project = try Self.builtTwice()
        defer { project.remove() }
        let page = project.url("_site/compare/d5/index.html")
        try FileManager.default.removeItem(at: page)
        try FileManager.default.createSymbolicLink(atPath: page.path, withDestinationPath: "/etc/hostname")
        // A link to a folder outside: removing the replaced site removes the link, not what it points to.
        let outside = project.url("outside")
        try project.write("keep me", to: "outside/file.txt")
        try FileManager.default.createSymbolicLink(atPath: project.url("_site/compare/d6/outside").path, withDestinationPath: outside.path)
        try project.write(Self.document(7).replacingOccurrences(of: "Either", with: "Both"), to: "content/d7.md")
        #expect(try Self.buildBoth(project, "page swapped for a link") == 0)
        var info = stat()
        #expect(lstat(page.path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG)
        #expect(project.exists("outside/file.txt") && !project.exists("_site/compare/d6/outside"))

        // Same size, same modification time: only the change time tells.
        let original = try Data(contentsOf: page)
        let modified = try FileManager.default.attributesOfItem(atPath: page.path)[.modificationDate] as? Date
        try Data(original.map { $0 == UInt8(ascii: "e") ? UInt8(ascii: "E") : $0 }).write(to: page)
        try FileManager.default.setAttributes([.modificationDate: modified as Any], ofItemAtPath: page.path)
        try project.write(Self.document(7).replacingOccurrences(of: "Either", with: "Neither"), to: "content/d7.md")
        #expect(try Self.buildBoth(project, "page rewritten in place") == 0)
        #expect(try Data(contentsOf: page) == original)
    }
}

/// A state names files of the output to link into the new site: only plain paths inside it count.
@Suite struct BuildStatePathTests {
    @Test func onlyPlainRelativePathsAreTaken() {
        for path in ["search/index.json", "search/a/b.json", "x"] { #expect(BuildState.isPlainRelativePath(path), "\(path)") }
        for path in ["", "/etc/shadow", "../x", "search/../../x", "a//b", "./a", "a/.", "a/"] {
            #expect(!BuildState.isPlainRelativePath(path), "\(path)")
        }
    }
}
