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
            return .init(status: 200, headers: html, body: "<p>late</p>", delay: 2)
        default:
            return .init(status: 404)
        }
    }

    func check(_ server: LoopbackServer, links: [String], external: Bool = true,
               exclude: [String] = []) throws -> LinkCheckReport {
        let body = links.map { "<a href='\($0)'>x</a>" }.joined(separator: "\n")
        let site = try TemporarySite([
            "index.html": body + "\n<a href='b.html'>b</a>",
            // A second page repeating a URL: still one request for it.
            "b.html": "<a href='\(server.url("/ok"))'>again</a>",
        ])
        let options = LinkCheckOptions(checkExternal: external, excludePatterns: exclude, timeout: 0.5, retries: 1,
                                       retryBaseDelay: 0.05, maxConcurrentRequests: 4)
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
        let report = try check(server, links: links)
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
}
