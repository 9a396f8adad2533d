import ArgumentParser
import Foundation
import Testing
@testable import SiteCommands

/// `versus check` parses its arguments and maps the report to exit codes, without spawning a process.
@Suite struct CheckCommandTests {
    /// A two-page site in a fresh temporary folder; `broken` adds a link to a missing page.
    func makeSite(broken: Bool) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("versus-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let link = broken ? "<a href='gone.html'>g</a>" : ""
        try Data("<a href='about.html#team'>a</a>\n\(link)".utf8).write(to: root.appendingPathComponent("index.html"))
        try Data("<h1 id=team>t</h1>".utf8).write(to: root.appendingPathComponent("about.html"))
        return root.path
    }

    func run(_ arguments: [String]) throws -> (output: String, error: String) {
        let command = try CheckCommand.parse(arguments)
        var output = ""
        var error = ""
        try command.run(writeOutput: { output += $0 }, writeError: { error += $0 })
        return (output, error)
    }

    @Test func cleanSiteExitsZero() throws {
        let site = try makeSite(broken: false)
        defer { try? FileManager.default.removeItem(atPath: site) }
        let result = try run([site])
        #expect(result.output == "2 pages, 1 links, 0 broken (0 external skipped)\n")
    }

    @Test func brokenSiteExitsOneAfterPrintingTheReport() throws {
        let site = try makeSite(broken: true)
        defer { try? FileManager.default.removeItem(atPath: site) }
        let command = try CheckCommand.parse([site])
        var output = ""
        #expect(throws: ExitCode(1)) {
            try command.run(writeOutput: { output += $0 }, writeError: { _ in })
        }
        #expect(output.hasPrefix("index.html:2: broken link 'gone.html': file 'gone.html' not found\n"))
    }

    @Test func jsonFormat() throws {
        let site = try makeSite(broken: false)
        defer { try? FileManager.default.removeItem(atPath: site) }
        let result = try run([site, "--format", "json", "--base-path", "/docs/", "--exclude", "example\\.com"])
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect(object?["broken"] as? Int == 0)
        #expect(object?["pages"] as? Int == 2)
    }

    @Test func missingFolderIsAUsageError() throws {
        let command = try CheckCommand.parse(["/nonexistent/versus-site"])
        var error = ""
        #expect(throws: ExitCode(2)) {
            try command.run(writeOutput: { _ in }, writeError: { error += $0 })
        }
        #expect(error.contains("/nonexistent/versus-site"))
    }

    @Test func badPatternOrTimeoutIsAUsageError() throws {
        let site = try makeSite(broken: false)
        defer { try? FileManager.default.removeItem(atPath: site) }
        for arguments in [[site, "--exclude", "("], [site, "--timeout", "0"]] {
            let command = try CheckCommand.parse(arguments)
            #expect(throws: ExitCode(2)) {
                try command.run(writeOutput: { _ in }, writeError: { _ in })
            }
        }
    }

    @Test func directoryIndexOption() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("versus-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try Data("<a href='docs/'>d</a>".utf8).write(to: root.appendingPathComponent("index.htm"))
        try Data("<p>docs</p>".utf8).write(to: root.appendingPathComponent("docs/index.htm"))
        #expect(try run([root.path, "--directory-index", "index.htm"]).output
            == "2 pages, 1 links, 0 broken (0 external skipped)\n")
        #expect(throws: ExitCode(1)) { try run([root.path]) }
        var error = ""
        #expect(throws: ExitCode(2)) {
            try CheckCommand.parse([root.path, "--directory-index", "a/b.html"])
                .run(writeOutput: { _ in }, writeError: { error += $0 })
        }
        #expect(error == "error: --directory-index 'a/b.html' must be a file name (not empty, no '/', not '.' or '..')")
    }

    @Test func defaultsAndNames() throws {
        let command = try CheckCommand.parse([])
        #expect(command.siteDirectory == "_site")
        #expect(command.format == .text)
        #expect(!command.external)
        #expect(CheckCommand.configuration.commandName == "check")
        #expect(throws: (any Error).self) { try CheckCommand.parse(["--format", "xml"]) }
    }
}
