import Foundation
@testable import PreviewServer
import Testing

/// `versus serve` over a real loopback socket: pages, assets, 404, HEAD, 304, paths that try to leave
/// the site, limits, and the event stream.
@Suite(.serialized) struct ServerHTTPTests {
    static func project() throws -> Project {
        try Project(["content/alpha-vs-beta.md": Documents.comparison(), "secret.txt": "TOP-SECRET-OUTSIDE-THE-SITE"])
    }

    @Test func servesPagesAndAssetsWithTheirTypesAndTheScriptOnlyInPages() async throws {
        let project = try Self.project()
        defer { project.delete() }
        let server = try RunningServer(project, watch: false)
        let page = try RawClient.request(server.port, "/compare/alpha-vs-beta/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.text.contains("Alpha vs Beta"))
        #expect(page.text.contains("<script src=\"/__versus/live.js\""))
        let index = try RawClient.request(server.port, "/")
        #expect(index.status == 200 && index.text.contains("alpha-vs-beta"))
        let css = try RawClient.request(server.port, "/assets/style.css")
        #expect(css.status == 200)
        #expect(css.headers["content-type"] == "text/css; charset=utf-8")
        #expect(!css.text.contains("__versus"))
        let script = try RawClient.request(server.port, "/__versus/live.js")
        #expect(script.status == 200 && script.text.contains("EventSource"))
        // A folder without its slash moves to it, so the page's relative links work.
        let bare = try RawClient.request(server.port, "/compare/alpha-vs-beta")
        #expect(bare.status == 301 && bare.headers["location"] == "/compare/alpha-vs-beta/")
        await server.stop()
    }

    @Test func missingPathsGetTheSites404PageWithStatus404() async throws {
        let project = try Self.project()
        defer { project.delete() }
        let server = try RunningServer(project, watch: false)
        let missing = try RawClient.request(server.port, "/no/such/page.html")
        #expect(missing.status == 404)
        let notFoundPage = try #require(server.session.site.files["404.html"])
        #expect(missing.body == notFoundPage.bytes)
        await server.stop()
    }

    @Test func headAndConditionalRequests() async throws {
        let project = try Self.project()
        defer { project.delete() }
        let server = try RunningServer(project, watch: false)
        let get = try RawClient.request(server.port, "/compare/alpha-vs-beta/")
        let head = try RawClient.request(server.port, "/compare/alpha-vs-beta/", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers["content-length"] == String(get.body.count))
        #expect(head.headers["etag"] == get.headers["etag"])
        let tag = try #require(get.headers["etag"])
        let revalidated = try RawClient.request(server.port, "/compare/alpha-vs-beta/", headers: ["If-None-Match: \(tag)"])
        #expect(revalidated.status == 304)
        #expect(revalidated.body.isEmpty)
        let stale = try RawClient.request(server.port, "/compare/alpha-vs-beta/", headers: ["If-None-Match: \"0-0\""])
        #expect(stale.status == 200 && stale.body == get.body)
        let post = try RawClient.request(server.port, "/compare/alpha-vs-beta/", method: "POST")
        #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD")
        await server.stop()
    }

    @Test(arguments: [
        "/../secret.txt", "/../../../../etc/passwd", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/etc/passwd",
        "/assets/..%2fsecret.txt", "/assets%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/assets\\..\\..\\secret.txt",
        "/alpha-vs-beta/%00", "/secret.txt%00.html", "/./secret.txt", "/assets/./style.css", "/%252e%252e/secret.txt",
        "secret.txt", "//etc/passwd", "/%", "/%zz", "/%c0%ae%c0%ae/secret.txt", "/secret.txt",
    ])
    func noPathReachesAFileOutsideTheSite(_ target: String) async throws {
        let project = try Self.project()
        defer { project.delete() }
        let server = try RunningServer(project, watch: false)
        let response = try RawClient.request(server.port, target)
        #expect([400, 404].contains(response.status), "\(target) -> \(response.status)")
        #expect(!response.text.contains("TOP-SECRET"))
        #expect(!response.text.contains("root:"))
        await server.stop()
    }

    @Test func oversizedHeadsAndBodiesAreRefusedAndOthersStillServed() async throws {
        let project = try Self.project()
        defer { project.delete() }
        let server = try RunningServer(project, watch: false)
        let huge = try RawClient.request(server.port, "/", headers: ["X-Padding: " + String(repeating: "a", count: 40_000)])
        #expect(huge.status == 431)
        let withBody = try RawClient.request(server.port, "/", method: "GET", headers: ["Content-Length: 5"])
        #expect(withBody.status == 413)
        let garbage = try RawClient(port: server.port)
        garbage.send("GARBAGE\r\n\r\n")
        #expect(try RawClient.parse(garbage.readToEnd()).status == 400)
        garbage.close()
        #expect(try RawClient.request(server.port, "/").status == 200)
        await server.stop()
    }

    @Test func connectionsBeyondTheLimitAreTurnedAwayWhileAStalledClientWaitsAlone() async throws {
        let project = try Self.project()
        defer { project.delete() }
        var limits = ServerLimits()
        limits.connections = 2
        let server = try RunningServer(project, watch: false, limits: limits)
        // Two clients that connect and send half a request hold both places...
        let stalled = try (0..<2).map { _ in try RawClient(port: server.port) }
        for client in stalled { client.send("GET / HT") }
        // ...once the server has taken them: a connection still in the listen queue holds no place, so
        // the third could otherwise be taken first.
        let deadline = Date().addingTimeInterval(10)
        while server.session.server.openConnections < 2 && Date() < deadline { try await Task.sleep(nanoseconds: 5_000_000) }
        #expect(server.session.server.openConnections == 2)
        let third = try RawClient.request(server.port, "/")
        #expect(third.status == 503)
        for client in stalled {
            client.send("TP/1.1\r\nConnection: close\r\n\r\n")
            #expect(try RawClient.parse(client.readToEnd()).status == 200)
            client.close()
        }
        await server.stop()
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        let project = try Self.project()
        defer { project.delete() }
        let server = try RunningServer(project, watch: false)
        let client = try RawClient(port: server.port)
        defer { client.close() }
        client.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET /assets/style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = String(decoding: client.readToEnd(), as: UTF8.self)
        #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
        #expect(text.contains("text/css"))
        await server.stop()
    }

    @Test func theBasePathHoldsTheSite() async throws {
        let project = try Self.project()
        defer { project.delete() }
        let server = try RunningServer(project, watch: false, basePath: "/docs/")
        #expect(server.session.url.hasSuffix("/docs/"))
        #expect(try RawClient.request(server.port, "/docs/compare/alpha-vs-beta/").status == 200)
        #expect(try RawClient.request(server.port, "/compare/alpha-vs-beta/").status == 404)
        let root = try RawClient.request(server.port, "/")
        #expect(root.status == 302 && root.headers["location"] == "/docs/")
        await server.stop()
    }

    @Test func theEventStreamReportsAnEditAndTheServedPageChanges() async throws {
        let project = try Self.project()
        defer { project.delete() }
        let server = try RunningServer(project, watch: true)
        let stream = try RawClient(port: server.port)
        defer { stream.close() }
        stream.send("GET /__versus/events HTTP/1.1\r\nHost: x\r\n\r\n")
        var received = ""
        func waitFor(_ text: String) {
            while !received.contains(text), let chunk = stream.readSome() { received += String(decoding: chunk, as: UTF8.self) }
        }
        waitFor("\"generation\":1}")
        #expect(received.contains("text/event-stream"))
        try project.write(Documents.comparison(speed: "blazing quick"), to: "content/alpha-vs-beta.md")
        waitFor("\"generation\":2}")
        #expect(received.contains("{\"errors\":[],\"generation\":2}"))
        #expect(try RawClient.request(server.port, "/compare/alpha-vs-beta/").text.contains("blazing quick"))
        // A broken document: the errors with their place, and the last good page still served.
        try project.write("---\ntitle: [broken\n---\n# x\n", to: "content/broken.md")
        waitFor("error:")
        #expect(received.contains("content/broken.md:3:1: error:"))
        #expect(try RawClient.request(server.port, "/compare/alpha-vs-beta/").text.contains("blazing quick"))
        try project.remove("content/broken.md")
        waitFor("\"generation\":3}")
        #expect(received.hasSuffix("{\"errors\":[],\"generation\":3}\n\n"))
        await server.stop()
    }
}
