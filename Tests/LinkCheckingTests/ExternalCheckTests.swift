import Foundation
import Testing
@testable import LinkChecking

/// `--external` against a server on 127.0.0.1 that the test starts: no request leaves the machine.
@Suite(.serialized) struct ExternalCheckTests {
    static func route(_ path: String, _ previous: Int) -> LoopbackServer.Response {
        let html = ["Content-Type": "text/html; charset=utf-8"]
        switch path {
        case "/ok", "/other":
            return .init(status: 200, headers: html, body: "<h1 id='present'>here</h1>")
        case "/image.png":
            return .init(status: 200, headers: ["Content-Type": "image/png"], body: "PNG")
        case let path where path.hasPrefix("/redirect/"):
            // /redirect/3 -> /redirect/2 -> /redirect/1 -> /ok
            let step = Int(path.dropFirst("/redirect/".count)) ?? 0
            return .init(status: 301, headers: ["Location": step > 1 ? "/redirect/\(step - 1)" : "/ok"])
        case "/missing":
            return .init(status: 404, body: "no")
        case "/error":
            return .init(status: 500, body: "boom")
        case "/flaky":
            return previous == 0 ? .init(status: 503) : .init(status: 200, headers: html, body: "<p>ok</p>")
        case "/slow":
            // Later than the session's own backstop (3 s for a 1.5 s timeout) too: on a loaded machine the
            // checker's timer can fire late, and an answer at 2 s once came before it (a CI run).
            return .init(status: 200, headers: html, body: "<p>late</p>", delay: 6)
        case "/slow-error":
            return .init(status: 503, delay: 0.6)
        case "/huge":
            // The second id sits past the 64 KiB the test lets the checker read.
            return .init(status: 200, headers: html, body: "<h1 id='early'>e</h1>"
                         + String(repeating: "<p>filler</p>\n", count: 20_000) + "<h1 id='late'>l</h1>")
        case "/no-head":
            // Refuses the first request (the HEAD), answers the GET that follows with a body nobody needs.
            return previous == 0 ? .init(status: 405)
                : .init(status: 200, headers: html, body: String(repeating: "<p>unread</p>\n", count: 50_000))
        case "/to-file":
            return .init(status: 302, headers: ["Location": "file:///etc/hostname"])
        case "/to-ftp":
            return .init(status: 301, headers: ["Location": "ftp://127.0.0.1/x"])
        default:
            return .init(status: 404)
        }
    }

    func check(_ server: LoopbackServer, links: [String], external: Bool = true, exclude: [String] = [],
               timeout: Double = 0.5, retries: Int = 1) throws -> LinkCheckReport {
        let body = links.map { "<a href='\($0)'>x</a>" }.joined(separator: "\n")
        let site = try TemporarySite([
            "index.html": body + "\n<a href='b.html'>b</a>",
            // A second page repeating a URL: still one request for it.
            "b.html": "<a href='\(server.url("/ok"))'>again</a>",
        ])
        let options = LinkCheckOptions(checkExternal: external, excludePatterns: exclude, timeout: timeout,
                                       retries: retries, retryBaseDelay: 0.05, maxConcurrentRequests: 4,
                                       maximumExternalBodyBytes: 64 << 10)
        return try LinkChecker(options: options).check(siteDirectory: site.path)
    }

    @Test func statusesRedirectsTimeoutsAndFragments() throws {
        let server = try LoopbackServer(route: Self.route)
        defer { server.stop() }
        let links = [
            server.url("/ok"), server.url("/ok#present"), server.url("/ok#absent"),
            server.url("/redirect/3"), server.url("/redirect/3#present"), server.url("/image.png#anything"),
            server.url("/missing"), server.url("/error"), server.url("/slow"), server.url("/flaky"),
            "//127.0.0.1:\(server.port)/other#top",
        ]
        // 1.5 s for each URL, retries included: room for one quick retry on a loaded machine, not for /slow's 6 s.
        let report = try check(server, links: links, timeout: 1.5)
        let problems = Dictionary(uniqueKeysWithValues: report.problems.map { ($0.target, $0) })
        let protocolRelative = "//127.0.0.1:\(server.port)/other#top"
        #expect(Set(problems.keys) == [server.url("/ok#absent"), server.url("/missing"), server.url("/error"),
                                       server.url("/slow"), protocolRelative])
        // A protocol-relative link is fetched over https (sites are served over https), which this plain HTTP
        // server cannot speak: proof that `//host` was not read as a local path or as http.
        #expect(problems[protocolRelative]?.kind == .externalFailure)
        #expect(problems[server.url("/ok#absent")]?.kind == .externalMissingFragment)
        #expect(problems[server.url("/missing")]?.reason == "HTTP 404")
        #expect(problems[server.url("/error")]?.reason == "HTTP 500")
        #expect(problems[server.url("/slow")]?.kind == .externalFailure)
        #expect(problems[server.url("/slow")]?.reason.contains("timed out") == true)
        #expect(problems[server.url("/missing")]?.line == 7)

        // One request per distinct URL, whatever the fragments and the pages; retries only where they help.
        #expect(server.requests("/ok") == 2, "/ok directly and at the end of the redirect chain")
        #expect(server.requests("/redirect/3") == 1)
        #expect(server.requests("/missing") == 1, "a 404 is not retried")
        #expect(server.requests("/error") == 2, "a 500 is retried once")
        #expect(server.requests("/flaky") == 2, "the second attempt succeeds")
        #expect(report.skippedExternalCount == 0)
    }

    @Test func excludedURLsAreNotRequested() throws {
        let server = try LoopbackServer(route: Self.route)
        defer { server.stop() }
        let report = try check(server, links: [server.url("/missing"), server.url("/error")],
                               exclude: ["/miss", "e[r]{2}or$"])
        #expect(report.problems.isEmpty)
        #expect(report.skippedExternalCount == 2)
        #expect(server.requests("/missing") == 0)
        #expect(server.requests("/error") == 0)
        #expect(server.requests("/ok") == 1)
    }

    @Test func withoutTheFlagNothingIsRequested() throws {
        let server = try LoopbackServer(route: Self.route)
        defer { server.stop() }
        let report = try check(server, links: [server.url("/missing"), server.url("/ok")], external: false)
        #expect(report.problems.isEmpty)
        #expect(report.skippedExternalCount == 3)
        #expect(server.totalRequests == 0)
    }

    /// Only the first bytes of a body are read: a fragment past them is reported as not found, and says why.
    @Test func responseBodiesAreCapped() throws {
        let server = try LoopbackServer(route: Self.route)
        defer { server.stop() }
        let report = try check(server, links: [server.url("/huge#early"), server.url("/huge#late")])
        #expect(report.problems.map(\.target) == [server.url("/huge#late")])
        #expect(report.problems.first?.kind == .externalMissingFragment)
        #expect(report.problems.first?.reason == "no id 'late' in the page (only its first 65536 bytes were read)")
    }

    /// `--timeout` bounds a URL, retries included: a server that answers 503 after 0.6 s leaves no time for a
    /// second answer within 1 s, so of the three retries allowed at most one is started (all four were before).
    @Test func theTimeoutBoundsTheRetriesToo() throws {
        let server = try LoopbackServer(route: Self.route)
        defer { server.stop() }
        let report = try check(server, links: [server.url("/slow-error")], timeout: 1, retries: 3)
        #expect(report.problems.map(\.target) == [server.url("/slow-error")])
        #expect(server.requests("/slow-error") <= 2)
        #expect(server.requests("/slow-error") >= 1)
    }

    /// A redirect to `file:` (or any scheme but http and https) is broken: a browser will not follow it from a
    /// web page, and the checker must never read a local file because a server said so.
    @Test func redirectsToOtherSchemesAreBroken() throws {
        let server = try LoopbackServer(route: Self.route)
        defer { server.stop() }
        let report = try check(server, links: [server.url("/to-file"), server.url("/to-ftp")])
        let reasons = Dictionary(uniqueKeysWithValues: report.problems.map { ($0.target, $0.reason) })
        #expect(reasons[server.url("/to-file")]
            == "redirects to a file: URL, which a browser will not follow from a web page")
        #expect(reasons[server.url("/to-ftp")]
            == "redirects to a ftp: URL, which a browser will not follow from a web page")
        #expect(report.problems.allSatisfy { $0.kind == .externalFailure })
        // FoundationNetworking would have asked this server for `/etc/hostname` instead.
        #expect(server.requests("/etc/hostname") == 0)
    }

    /// A server that refuses HEAD is asked with GET; the status is enough, so the body is not read.
    @Test func headRefusedFallsBackToGet() throws {
        let server = try LoopbackServer(route: Self.route)
        defer { server.stop() }
        let report = try check(server, links: [server.url("/no-head")])
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(server.requests("/no-head") == 2)
    }
}
