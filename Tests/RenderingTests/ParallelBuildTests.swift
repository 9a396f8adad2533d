import Foundation
import SiteBuilder
import TestSupport
import Testing

/// Pages, the model and model.json are produced on every core; the site must be byte for byte the
/// one a build on a single thread writes.
@Suite struct ParallelBuildTests {
    @Test func oneThreadAndEveryCoreWriteTheSameSite() throws {
        let subjects = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta"]
        var files: [String: String] = [:]
        for index in 0..<60 {
            let chosen = [subjects[index % 7], subjects[(index * 3 + 1) % 7], subjects[(index * 5 + 2) % 7]]
            let unique = chosen.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let bullets = unique.map { "- **\($0)**: \($0) on dimension \(index) with <b>markup</b> & [a link](https://example.org/\(index))" }
            files["doc-\(index).md"] = """
                # \(unique.joined(separator: " vs "))

                Intro \(index), see [the next one](doc-\((index + 1) % 60).md#speed).

                ## Key Differences

                ### Speed

                \(bullets.joined(separator: "\n"))

                ## Use Cases

                ### \(unique[0])

                1. **Batch \(index)**: nightly jobs
                """
        }
        let site = try TestSite(files)
        defer { site.remove() }
        func build(jobs: Int?, into folder: String) throws -> [String: Data] {
            var options = site.options
            options.outputDirectory = site.root.appendingPathComponent(folder).path
            options.baseURL = "https://example.org/"
            options.jobs = jobs
            let report = try SiteBuild(options: options).run()
            #expect(report.filesWritten > 60 && !report.diagnostics.contains { $0.severity == .error })
            var contents: [String: Data] = [:]
            let root = site.root.appendingPathComponent(folder)
            let enumerator = FileManager.default.enumerator(atPath: root.path)
            while let path = enumerator?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
                // The marker records the build's options; the site itself must be identical.
                if !isDirectory.boolValue && path != ".versus-site" { contents[path] = try Data(contentsOf: root.appendingPathComponent(path)) }
            }
            return contents
        }
        let serial = try build(jobs: 1, into: "serial")
        let parallel = try build(jobs: nil, into: "parallel")
        let two = try build(jobs: 2, into: "two")
        #expect(serial.count > 60)
        #expect(serial.keys.sorted() == parallel.keys.sorted())
        for (path, bytes) in serial where parallel[path] != bytes { Issue.record("\(path) differs between one thread and every core") }
        #expect(two == serial)
    }
}
