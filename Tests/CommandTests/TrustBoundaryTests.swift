import Diagnostics
import Foundation
@testable import SiteBuilder
import Testing

/// Issue 11's reproductions: no symbolic link publishes a host file, no race between discovery and
/// reading, a failed build publishes nothing, "up to date" means up to date, and the smaller ones.
@Suite struct TrustBoundaryTests {
    /// A file outside the project that must never reach the site.
    static func secretFile() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("versus-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data("root:x:0:0:TOPSECRET\n".utf8).write(to: url.appendingPathComponent("shadow"))
        return url
    }

    static func siteContains(_ project: Project, _ needle: String) -> Bool {
        project.snapshot("_site").values.contains { String(decoding: $0, as: UTF8.self).contains(needle) }
    }

    // MARK: Symbolic links (3)

    @Test func linkedAssetsFolderIsSkippedWithAWarning() throws {
        let project = try Project(["content/a.md": Documents.good])
        let secret = try Self.secretFile()
        defer { project.remove(); try? FileManager.default.removeItem(at: secret) }
        try FileManager.default.removeItem(at: project.url("templates/assets"))
        try FileManager.default.createSymbolicLink(atPath: project.url("templates/assets").path, withDestinationPath: secret.path)
        let outcome = try project.run("build")
        #expect(outcome.stderr.contains("templates/assets: warning: symbolic link skipped"), "\(outcome.stderr)")
        #expect(!project.exists("_site/assets/shadow"))
        #expect(!Self.siteContains(project, "TOPSECRET"))
    }

    @Test func linkInsideAssetsIsSkippedWithAWarning() throws {
        let project = try Project(["content/a.md": Documents.good])
        let secret = try Self.secretFile()
        defer { project.remove(); try? FileManager.default.removeItem(at: secret) }
        try FileManager.default.createSymbolicLink(atPath: project.url("templates/assets/shadow.txt").path,
                                                   withDestinationPath: secret.appendingPathComponent("shadow").path)
        let outcome = try project.run("build")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("templates/assets/shadow.txt: warning: symbolic link skipped"), "\(outcome.stderr)")
        #expect(!project.exists("_site/assets/shadow.txt"))
    }

    @Test func linkedTemplateIsNotRendered() throws {
        let project = try Project(["content/a.md": Documents.good])
        let secret = try Self.secretFile()
        defer { project.remove(); try? FileManager.default.removeItem(at: secret) }
        try FileManager.default.removeItem(at: project.url("templates/site-footer.mustache"))
        try FileManager.default.createSymbolicLink(atPath: project.url("templates/site-footer.mustache").path,
                                                   withDestinationPath: secret.appendingPathComponent("shadow").path)
        let outcome = try project.run("build")
        #expect(outcome.stderr.contains("templates/site-footer.mustache: warning: symbolic link skipped"), "\(outcome.stderr)")
        #expect(!Self.siteContains(project, "TOPSECRET"))
    }

    @Test func linkedSiteConfigurationIsNotRead() throws {
        let project = try Project(["content/a.md": Documents.good])
        let secret = try Self.secretFile()
        defer { project.remove(); try? FileManager.default.removeItem(at: secret) }
        try Data("title: TOPSECRET\n".utf8).write(to: secret.appendingPathComponent("site.yml"))
        try FileManager.default.createSymbolicLink(atPath: project.url("site.yml").path,
                                                   withDestinationPath: secret.appendingPathComponent("site.yml").path)
        let outcome = try project.run("build")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("site.yml: warning: symbolic link skipped"), "\(outcome.stderr)")
        #expect(!Self.siteContains(project, "TOPSECRET"))
    }

    // MARK: The race between discovery and reading (4)

    /// Keeps swapping `content/victim.md` and `templates/assets/victim.css` between a regular file and
    /// a link to a secret (`rename(2)` over them, as `os.replace` does) while builds run, in process,
    /// into an output held in memory; no build may publish the secret.
    @Test func replacingAFileWithALinkDuringBuildsNeverPublishesIt() throws {
        let project = try Project(["content/a.md": Documents.good, "content/victim.md": Documents.good,
                                   "templates/assets/victim.css": "body {}"])
        let secret = try Self.secretFile()
        defer { project.remove(); try? FileManager.default.removeItem(at: secret) }
        let secretPath = secret.appendingPathComponent("shadow").path
        let victims = [project.url("content/victim.md").path, project.url("templates/assets/victim.css").path]
        let stop = ManagedAtomicFlag()
        let swapper = Thread {
            var round = 0
            while !stop.isSet {
                for victim in victims {
                    // Hidden, so the walk never lists the temporary file itself.
                    let temporary = (victim as NSString).deletingLastPathComponent + "/.swap-" + (victim as NSString).lastPathComponent
                    if round % 2 == 0 {
                        symlink(secretPath, temporary)
                    } else {
                        _ = FileManager.default.createFile(atPath: temporary, contents: Data(Documents.good.utf8))
                    }
                    rename(temporary, victim)
                }
                round += 1
            }
            stop.finished()
        }
        swapper.start()
        let output = MemoryOutput()
        var fileSystem = FileSystem.disk
        fileSystem.output = { _, _, _ in output }
        var options = BuildOptions()
        options.contentDirectory = project.url("content").path
        options.templatesDirectory = project.url("templates").path
        options.configFile = project.url("site.yml").path
        options.outputDirectory = project.url("_site").path
        options.force = true
        options.jobs = 1
        func leaks(_ bytes: [UInt8]) -> Bool { String(decoding: bytes, as: UTF8.self).contains("TOPSECRET") }
        // The stages where the race is (discover, then read) 300 times, then 30 whole builds.
        var leaked = 0, read = 0, skipped = 0, published = 0
        let build = SiteBuild(options: options, fileSystem: fileSystem)
        for _ in 0..<300 {
            let inputs = try build.read(build.discover())
            let sources = inputs.sources.files.compactMap { try? $0.bytes.get() }
            if sources.contains(where: leaks) || inputs.assets.contains(where: { leaks([UInt8]($0.bytes)) }) { leaked += 1 }
            if sources.count == 2 { read += 1 }
            if (inputs.sources.diagnostics + inputs.sources.files.compactMap { $0.bytes.failure } + inputs.diagnostics)
                .contains(where: { $0.message.contains("symbolic link skipped") }) { skipped += 1 }
        }
        for _ in 0..<30 {
            let report = try build.run()
            if report.published { published += 1 }
            if output.files?.values.contains(where: leaks) == true { leaked += 1 }
        }
        stop.set()
        stop.waitUntilFinished()
        #expect(leaked == 0, "the secret was read by \(leaked) of 330 rounds")
        #expect(read > 0 && skipped > 0 && published > 0, "the race did not happen: \(read) read, \(skipped) saw a link, \(published) published")
    }

    // MARK: A failed build publishes nothing (5)

    @Test func strictWithWarningsPrintsErrorsAndPublishesNothing() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        #expect(try project.run("build").status == 0)
        let before = project.snapshot("_site")
        try project.write(Documents.withWarning.replacingOccurrences(of: "Alpha", with: "Gamma"), to: "content/b.md")
        let strict = try project.run("build", "--strict")
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("content/b.md:5:1: error: dimension 'Speed' has no entry for 'Beta'"), "\(strict.stderr)")
        #expect(strict.stderr.contains("was not changed"))
        #expect(project.snapshot("_site") == before)
        // The same build without --strict publishes; then an unchanged --strict build still fails.
        #expect(try project.run("build").status == 0)
        let replayed = try project.run("build", "--strict")
        #expect(replayed.status == 1)
        #expect(replayed.stderr.contains("content/b.md:5:1: error:"))
    }

    @Test func brokenLinksUnderCheckPublishNothing() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        #expect(try project.run("build").status == 0)
        let before = project.snapshot("_site")
        let footer = try String(contentsOf: project.url("templates/site-footer.mustache"), encoding: .utf8)
        try project.write(footer + "<a href=\"{{root}}nowhere.html\">x</a>\n", to: "templates/site-footer.mustache")
        let checked = try project.run("build", "--check")
        #expect(checked.status == 1)
        #expect(checked.stdout.contains("broken link"), "\(checked.stdout)")
        #expect(checked.stderr.contains("was not changed"))
        #expect(project.snapshot("_site") == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.root.path).filter { $0.contains("versus-staging") }
        #expect(leftovers.isEmpty)
    }

    // MARK: Up to date means up to date (6)

    /// Each way of changing a built site is noticed by the next build, which rebuilds it as it was.
    @Test(arguments: ["removed", "added", "added deep", "truncated", "appended", "rewritten", "linked", "emptied folder"])
    func anyChangeToTheOutputIsNoticed(_ change: String) throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        #expect(try project.run("build").status == 0)
        let built = project.snapshot("_site")
        let page = project.url("_site/index.html").path
        let original = try Data(contentsOf: URL(fileURLWithPath: page))
        switch change {
        case "removed": try FileManager.default.removeItem(atPath: page)
        case "added": try project.write("x", to: "_site/stray.txt")
        case "added deep": try project.write("x", to: "_site/compare/a/stray.html")
        case "truncated": try original.prefix(10).write(to: URL(fileURLWithPath: page))
        case "appended":
            let handle = try FileHandle(forWritingTo: project.url("_site/404.html"))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("<script>alert(1)</script>".utf8))
            try handle.close()
        case "rewritten":
            // Same size, same modification time: only the change time and the bytes differ.
            var info = stat()
            lstat(page, &info)
            var bytes = [UInt8](original)
            bytes[bytes.count - 2] = bytes[bytes.count - 2] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            try Data(bytes).write(to: URL(fileURLWithPath: page))
            var times = [info.st_atim, info.st_mtim]
            utimensat(AT_FDCWD, page, &times, AT_SYMLINK_NOFOLLOW)
        case "linked":
            try FileManager.default.removeItem(atPath: page)
            try FileManager.default.createSymbolicLink(atPath: page, withDestinationPath: "/etc/hostname")
        default:
            try FileManager.default.removeItem(at: project.url("_site/compare"))
            try FileManager.default.createDirectory(at: project.url("_site/compare"), withIntermediateDirectories: false)
        }
        let rebuilt = try project.run("build")
        #expect(rebuilt.status == 0)
        #expect(rebuilt.stdout.contains("built 1 documents"), "\(change): \(rebuilt.stdout)")
        #expect(project.snapshot("_site") == built, "\(change)")
        #expect(try project.run("build").stdout.contains("up to date"))
    }

    @Test func anUpToDateBuildRemovesAKilledBuildsLeftovers() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        #expect(try project.run("build").status == 0)
        try project.write("partial", to: "._site.versus-staging-999999/compare/x/index.html")
        try project.write("old", to: "._site.versus-old-999998/index.html")
        let again = try project.run("build")
        #expect(again.stdout.contains("up to date"))
        #expect(!project.exists("._site.versus-staging-999999"))
        #expect(!project.exists("._site.versus-old-999998"))
    }

    // MARK: Smaller ones (9)

    @Test func mountPointsAreFoundInMountInfo() {
        let text = """
        22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
        42 27 0:39 / /srv/my\\040site rw,relatime - tmpfs none rw
        43 27 8:1 /data /work/_site rw,relatime - ext4 /dev/sda1 rw
        """
        #expect(OutputFolder.mountPoints(inMountInfo: text) == ["/", "/srv/my site", "/work/_site"])
    }

    @Test func mountPointOutputIsRefusedBeforeBuilding() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        let mounted = project.url("_site").path
        try FileManager.default.createDirectory(atPath: mounted, withIntermediateDirectories: true)
        // Only root may mount (CI and this machine run the tests as root); the message is what matters.
        let mount = try Versus.run(["-c", "mount -t tmpfs versus-test '\(mounted)'"], in: project.root, executable: "/bin/sh")
        try #require(mount.status == 0, "cannot mount a tmpfs here: \(mount.stderr)")
        defer { _ = try? Versus.run(["-c", "umount '\(mounted)'"], in: project.root, executable: "/bin/sh") }
        let outcome = try project.run("build")
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("output '_site' is a mount point"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("--output _site/site"))
        #expect(try project.run("build", "--output", "_site/site").status == 0)
    }

    @Test func usageErrorsExitTwo() throws {
        let project = try Project(["content/a.md": Documents.good])
        defer { project.remove() }
        for arguments in [["build", "--bogus"], ["--nope"], ["build", "--jobs", "many"], ["check", "--format", "xml"], ["frobnicate", "x"]] {
            let outcome = try Versus.run(arguments, in: project.root)
            #expect(outcome.status == 2, "\(arguments): \(outcome.status) \(outcome.stderr)")
            #expect(!outcome.stderr.isEmpty)
        }
        let help = try project.run("build", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("--strict"))
    }

    @Test(arguments: [
        ("title: [unclosed\n", "site.yml:2:1: error: not valid YAML"),
        ("title: Versus\ntitle: Again\n", "site.yml:1:1: error: the key 'title' appears twice"),
        ("title: [a, b]\n", "site.yml:1:8: error: 'title' must be a single value"),
        ("unsafe_html: maybe\n", "site.yml:1:14: error: 'unsafe_html' must be true or false"),
        ("base_url: ftp://example.org/\n", "site.yml:1:11: error: base URL 'ftp://example.org/' must be an absolute http(s) URL"),
        ("- a\n- b\n", "site.yml:1:1: error: must be a mapping"),
    ])
    func siteConfigurationErrorsHaveLineAndColumn(_ yaml: String, _ expected: String) throws {
        let project = try Project(["content/a.md": Documents.good, "site.yml": yaml])
        defer { project.remove() }
        let outcome = try project.run("build")
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(expected), "\(outcome.stderr)")
        #expect(!project.exists("_site"))
    }

    @Test func bidirectionalOverridesInFileNamesAreEscaped() throws {
        let project = try Project(["content/a\u{202E}dm.gpj.md": Documents.withWarning])
        defer { project.remove() }
        let outcome = try project.run("build")
        #expect(outcome.stderr.contains("content/a\\u{202e}dm.gpj.md:5:1: warning:"), "\(outcome.stderr)")
        #expect(!outcome.stderr.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })
        #expect(Diagnostic.escapeControlCharacters("x\u{2067}y\u{200F}z\u{061C}") == "x\\u{2067}y\\u{200f}z\\u{61c}")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// A flag one thread sets and another polls, and a signal that the polling thread has stopped.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    private let done = DispatchSemaphore(value: 0)

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
    func finished() { done.signal() }
    func waitUntilFinished() { done.wait() }
}
