import Foundation
import Testing

/// Issue 14 point 1: files beside the documents (images, PDFs) are published, and links to them work
/// from the page.
@Suite struct PublishedFilesTests {
    static let withImage = """
    # Alpha vs Beta

    ![Scheduler](images/scheduler.png)

    ## Key Differences

    ### Speed

    - **Alpha**: fast, see [the guide](docs/guide.pdf#page=2)
    - **Beta**: slow
    """

    @Test func imageAndFileBesideADocumentArePublishedAndLinkedFromThePage() throws {
        let project = try Project(["content/a.md": Self.withImage, "content/docs/guide.pdf": "%PDF-1.4 guide"])
        defer { project.remove() }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 1, 2, 255]
        try project.write(Data(png), to: "content/images/scheduler.png")
        let outcome = try project.run("build")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("warning"), "\(outcome.stderr)")
        #expect(try Data(contentsOf: project.url("_site/images/scheduler.png")) == Data(png))
        #expect(try String(contentsOf: project.url("_site/docs/guide.pdf"), encoding: .utf8) == "%PDF-1.4 guide")
        let page = try String(contentsOf: project.url("_site/compare/a/index.html"), encoding: .utf8)
        #expect(page.contains("src=\"../../images/scheduler.png\""))
        #expect(page.contains("alt=\"Scheduler\""))
        #expect(page.contains("href=\"../../docs/guide.pdf#page=2\""))
        // The whole site's links hold: the checker finds the copied files.
        let check = try project.run("check", "_site")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func linksAreResolvedFromTheDocumentsOwnFolder() throws {
        let document = """
        # Gamma vs Delta

        ![Diagram](diagram.svg) and ![Up](../shared/logo.png)

        ## Key Differences

        ### Speed

        - **Gamma**: fast
        - **Delta**: slow
        """
        let project = try Project(["content/guides/g.md": document, "content/guides/diagram.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
                                   "content/shared/logo.png": "png"])
        defer { project.remove() }
        let outcome = try project.run("build")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let page = try String(contentsOf: project.url("_site/compare/g/index.html"), encoding: .utf8)
        #expect(page.contains("src=\"../../guides/diagram.svg\""))
        #expect(page.contains("src=\"../../shared/logo.png\""))
        #expect(project.exists("_site/guides/diagram.svg"))
    }

    @Test func missingImageIsAWarningAtTheMarkdownsPosition() throws {
        let document = """
        # Alpha vs Beta

        Intro with ![Scheduler](images/sheduler.png) inline.

        ## Key Differences

        ### Speed

        - **Alpha**: see [spec](missing.pdf)
        - **Beta**: slow
        """
        let project = try Project(["content/a.md": document, "content/images/scheduler.png": "png"])
        defer { project.remove() }
        let outcome = try project.run("build")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(
            "content/a.md:3:12: warning: image 'images/sheduler.png' names no file ('images/sheduler.png' is not in the content folder) (did you mean 'images/scheduler.png'?)"),
            "\(outcome.stderr)")
        #expect(outcome.stderr.contains("content/a.md:9:18: warning: link 'missing.pdf' names no file"), "\(outcome.stderr)")
        let strict = try project.run("build", "--strict")
        #expect(strict.status == 1)
    }

    @Test func hiddenFilesAndSymbolicLinksAreNotPublished() throws {
        let project = try Project(["content/a.md": Self.withImage, "content/images/scheduler.png": "png",
                                   "content/images/.secret.png": "secret", "content/docs/guide.pdf": "pdf"])
        defer { project.remove() }
        try FileManager.default.createSymbolicLink(atPath: project.url("content/images/passwd.png").path, withDestinationPath: "/etc/passwd")
        let outcome = try project.run("build")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("content/images/passwd.png: warning: symbolic link skipped"))
        #expect(!project.exists("_site/images/.secret.png"))
        #expect(!project.exists("_site/images/passwd.png"))
        #expect(project.exists("_site/images/scheduler.png"))
    }

    @Test func aFileWhereTheSiteMakesAPageIsAnError() throws {
        let project = try Project(["content/a.md": Self.withImage, "content/images/scheduler.png": "png",
                                   "content/docs/guide.pdf": "pdf", "content/index.html": "<p>mine</p>"])
        defer { project.remove() }
        let outcome = try project.run("build")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("content/index.html: error: not published: the site makes 'index.html' itself"), "\(outcome.stderr)")
        #expect(!project.exists("_site"))
    }

    /// A large file goes through the kernel (or 1 MiB chunks), never whole into memory; the bytes arrive intact.
    @Test func largeFileIsCopiedIntact() throws {
        let project = try Project(["content/a.md": Self.withImage, "content/images/scheduler.png": "png", "content/docs/guide.pdf": "pdf"])
        defer { project.remove() }
        var bytes = [UInt8](repeating: 0, count: 5 * 1024 * 1024 + 17)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 11) }
        try project.write(Data(bytes), to: "content/video.bin")
        let outcome = try project.run("build")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try Data(contentsOf: project.url("_site/video.bin")) == Data(bytes))
    }

    /// Replacing an image changes the build: it is not "up to date" with the old bytes.
    @Test func changedFileRebuilds() throws {
        let project = try Project(["content/a.md": Self.withImage, "content/images/scheduler.png": "one", "content/docs/guide.pdf": "pdf"])
        defer { project.remove() }
        #expect(try project.run("build").status == 0)
        #expect(try project.run("build").stdout.contains("up to date"))
        try project.write("two!", to: "content/images/scheduler.png")
        let again = try project.run("build")
        #expect(!again.stdout.contains("up to date"))
        #expect(try String(contentsOf: project.url("_site/images/scheduler.png"), encoding: .utf8) == "two!")
    }
}
