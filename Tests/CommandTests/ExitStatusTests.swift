import Foundation
import Testing

/// The documented exit statuses: 0 success, 1 content or template errors (warnings under --strict),
/// 2 usage or configuration errors, 3 I/O errors.
@Suite struct ExitStatusTests {
    @Test func successBuildsTheSiteAndModelMatchesModelJSON() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        let build = try project.run("build")
        #expect(build.status == 0, "\(build.stderr)")
        #expect(project.exists("_site/compare/a/index.html"))
        let model = try project.run("model")
        #expect(model.status == 0)
        // The same model; model.json adds the diagnostics only a build makes (here the sitemap note).
        func withoutDiagnostics(_ data: Data) throws -> NSDictionary {
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object.removeValue(forKey: "diagnostics") != nil)
            #expect(object["documents"] != nil)
            return NSDictionary(dictionary: object)
        }
        let built = try Data(contentsOf: project.url("_site/model.json"))
        #expect(try withoutDiagnostics(Data(model.stdout.utf8)) == withoutDiagnostics(built))
        #expect(String(decoding: built, as: UTF8.self).contains("no base URL"))
        #expect(SafetyScan.problems(inSite: project.url("_site")).isEmpty)
    }

    @Test func jobsLimitsThreadsAndRefusesZero() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        let refused = try project.run("build", "--jobs", "0")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--jobs must be 1 or more"))
        #expect(!project.exists("_site"))
        let one = try project.run("build", "--jobs", "1")
        #expect(one.status == 0, "\(one.stderr)")
        #expect(project.exists("_site/compare/a/index.html"))
    }

    @Test func warningsPassUnlessStrict() throws {
        let project = try Project(["content/a.md": Documents.withWarning])
        defer { project.remove() }
        let relaxed = try project.run("build")
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("content/a.md:5:1: warning: dimension 'Speed' has no entry for 'Beta'"))
        let strict = try project.run("build", "--strict")
        #expect(strict.status == 1)
        #expect(try project.run("model", "--strict").status == 1)
    }

    @Test func contentErrorIsStatusOneAndKeepsThePreviousSite() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        #expect(try project.run("build").status == 0)
        let before = project.snapshot("_site")
        try project.write(Data([0x23, 0x20, 0xFF, 0x0A]), to: "content/b.md")
        let failed = try project.run("build")
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("content/b.md:1:3: error: invalid UTF-8 byte sequence"))
        #expect(project.snapshot("_site") == before)
    }

    @Test func usageErrorsAreStatusTwo() throws {
        let project = try Project()
        defer { project.remove() }
        let missing = try project.run("build", "--content", "nope")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("content folder 'nope' does not exist"))
        #expect(try project.run("build", "--templates", "nope").status == 2)
        #expect(try project.run("build", "--base-url", "not a url").status == 2)
        #expect(try project.run("build", "--no-such-flag").status != 0)
    }

    @Test func buildCheckFailsOnABrokenLinkInTheTemplates() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        #expect(try project.run("build", "--check").status == 0)
        let header = try String(contentsOf: project.url("templates/site-header.mustache"), encoding: .utf8)
        try project.write(header.replacingOccurrences(of: "browse/subjects/\"", with: "browse/subjects/#no-such-id\""), to: "templates/site-header.mustache")
        let broken = try project.run("build", "--check")
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("compare/a/index.html:"))
        #expect(broken.stdout.contains("broken link '../../browse/subjects/#no-such-id': no id 'no-such-id' in browse/subjects/index.html"))
    }

    @Test func versionNamesLibcmark() throws {
        let project = try Project()
        defer { project.remove() }
        let version = try project.run("--version")
        #expect(version.status == 0)
        #expect(version.stdout.contains("libcmark 0.30"))
    }
}

/// The executable allocates with mimalloc (README, architecture): if the link were dropped, the
/// build would silently fall back to glibc's allocator and lose its speed.
@Suite struct AllocatorTests {
    @Test func theExecutableRunsOnMimalloc() throws {
        let process = Process()
        process.executableURL = Versus.binary
        process.arguments = ["--version"]
        var environment = ProcessInfo.processInfo.environment
        environment["MIMALLOC_SHOW_STATS"] = "1" // mimalloc prints its statistics at exit
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let printed = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(printed.contains("heap stats"), "\(printed)")
    }
}
