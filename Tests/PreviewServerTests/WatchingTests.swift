import Foundation
@testable import PreviewServer
import Testing

/// Watching: changes in new folders, editors' save-by-rename, and files no build reads.
@Suite(.serialized) struct WatchingTests {
    /// Reads the event stream until `condition` holds for the served site (each event is a build).
    static func waitForSite(_ server: RunningServer, _ stream: RawClient, until condition: (ServedSite) -> Bool) {
        while !condition(server.session.site), stream.readSome() != nil {}
    }

    static func openStream(_ server: RunningServer) throws -> RawClient {
        let stream = try RawClient(port: server.port)
        stream.send("GET /__versus/events HTTP/1.1\r\nHost: x\r\n\r\n")
        return stream
    }

    @Test func aDocumentInANewFolderAndAVimStyleSaveAreSeen() async throws {
        let project = try Project(["content/alpha-vs-beta.md": Documents.comparison()])
        defer { project.delete() }
        let server = try RunningServer(project, watch: true)
        let stream = try Self.openStream(server)
        defer { stream.close() }
        // A folder made after the server started, then a document in it.
        try FileManager.default.createDirectory(atPath: project.path("content/new/deeper"), withIntermediateDirectories: true)
        try project.write("# Gamma vs Delta\n\n## Key Differences\n\n### Speed\n\n- **Gamma**: fast\n- **Delta**: slow\n",
                          to: "content/new/deeper/gamma-vs-delta.md")
        Self.waitForSite(server, stream) { $0.files["compare/gamma-vs-delta/index.html"] != nil }
        #expect(server.session.site.files["compare/gamma-vs-delta/index.html"] != nil)
        // vim: write a temporary file, rename it over the document.
        try project.write(Documents.comparison(speed: "renamed into place"), to: "content/new/deeper/4913.tmp~")
        try FileManager.default.removeItem(atPath: project.path("content/alpha-vs-beta.md"))
        try FileManager.default.moveItem(atPath: project.path("content/new/deeper/4913.tmp~"), toPath: project.path("content/alpha-vs-beta.md"))
        Self.waitForSite(server, stream) {
            String(decoding: $0.files["compare/alpha-vs-beta/index.html"]?.bytes ?? [], as: UTF8.self).contains("renamed into place")
        }
        let page = String(decoding: server.session.site.files["compare/alpha-vs-beta/index.html"]?.bytes ?? [], as: UTF8.self)
        #expect(page.contains("renamed into place"))
        await server.stop()
    }

    @Test func siteYmlChangesAreSeen() async throws {
        let project = try Project(["content/alpha-vs-beta.md": Documents.comparison(), "site.yml": "title: First title\n"])
        defer { project.delete() }
        let server = try RunningServer(project, watch: true)
        let stream = try Self.openStream(server)
        defer { stream.close() }
        try project.write("title: Second title\n", to: "site.yml")
        let contains: (ServedSite) -> Bool = { String(decoding: $0.files["index.html"]?.bytes ?? [], as: UTF8.self).contains("Second title") }
        Self.waitForSite(server, stream, until: contains)
        #expect(contains(server.session.site))
        await server.stop()
    }
}

/// The pure parts: path decoding and where the script goes.
struct RouterTests {
    @Test func pathsAreDecodedBySegmentAndEscapesThatLeaveASegmentAreRefused() throws {
        let decoded = try SiteRouter.pathSegments(of: "/a/b%20c/?q=1").get()
        #expect(decoded == ["a", "b c", ""])
        for target in ["/a/%2F/b", "/%2e%2e", "/..", "/.", "/a%5Cb", "/a%00", "/%ff", "/%4", "a/b", "/a\\b"] {
            #expect(throws: SiteRouter.Refusal.self, Comment(rawValue: target)) { try SiteRouter.pathSegments(of: target).get() }
        }
    }

    @Test func theScriptGoesBeforeTheLastBodyEndAndOnlyIntoPages() {
        let page = Array("<html><body>x</BODY></html>".utf8)
        let injected = String(decoding: LiveReload.inject(into: page, entityTag: "\"1-2\""), as: UTF8.self)
        #expect(injected == "<html><body>x<script src=\"/__versus/live.js\" data-etag='\"1-2\"'></script></BODY></html>")
        let site = ServedSite(siteFiles: ["a/index.html": page, "assets/a.css": Array("body{}".utf8)], generation: 1)
        #expect(site.files["assets/a.css"]?.bytes == Array("body{}".utf8))
        #expect(site.files["a/index.html"]?.contentType == "text/html; charset=utf-8")
        #expect(site.files["a/index.html"]?.entityTag == EntityTag.of(page))
    }

    /// A rebuild keeps the tags of unchanged files (not hashing them again) and tags changed ones anew;
    /// the draft mark follows the new build, and the script is added when a page is sent.
    @Test func aRebuildTagsOnlyWhatChangedAndKeepsTheTagTrue() {
        let page = Array("<html><body>x</body></html>".utf8), edited = Array("<html><body>y</body></html>".utf8)
        let first = ServedSite(siteFiles: ["a/index.html": page, "b/index.html": page], generation: 1)
        let second = ServedSite(siteFiles: ["a/index.html": page, "b/index.html": edited], generation: 2,
                                draftPages: ["a/index.html"], previous: first)
        for (path, file) in second.files { #expect(file.entityTag == EntityTag.of(file.siteBytes), "\(path)") }
        #expect(second.files["b/index.html"]?.siteBytes == edited)
        #expect(second.files["a/index.html"]?.draft == true)
        let draftPage = String(decoding: second.files["a/index.html"]?.bytes ?? [], as: UTF8.self)
        let otherPage = String(decoding: second.files["b/index.html"]?.bytes ?? [], as: UTF8.self)
        #expect(draftPage.contains("data-draft"))
        #expect(!otherPage.contains("data-draft"))
    }
}
