import Foundation

/// The head of one HTTP request, as read from the connection.
public struct RequestHead: Sendable {
    public var method: String
    /// As sent: `/a/b.html?x=1`.
    public var target: String
    /// Names lowercased.
    public var headers: [String: String]
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String

    public init(method: String, target: String, headers: [String: String] = [:], version: String = "HTTP/1.1") {
        self.method = method
        self.target = target
        self.headers = headers
        self.version = version
    }
}

/// A complete answer (the event stream is the one answer that is not: see `SiteRouter.Answer`).
public struct Reply: Sendable, Equatable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public static func == (lhs: Reply, rhs: Reply) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.headers.map { $0.0 + ":" + $0.1 } == rhs.headers.map { $0.0 + ":" + $0.1 }
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    static let reasons: [Int: String] = [
        200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified", 400: "Bad Request", 404: "Not Found",
        405: "Method Not Allowed", 408: "Request Timeout", 413: "Content Too Large", 414: "URI Too Long",
        431: "Request Header Fields Too Large", 503: "Service Unavailable", 505: "HTTP Version Not Supported",
    ]

    static func plain(_ status: Int, _ text: String, extra: [(String, String)] = []) -> Reply {
        Reply(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + extra, body: Array((text + "\n").utf8))
    }
}

/// Maps a request to an answer from the site in memory. No I/O: the site is a dictionary, so no request
/// can reach a file outside it; paths that try (`..`, `%2e%2e`, an encoded `/` or `\`, NUL) are refused
/// before the lookup anyway, so that they are never reinterpreted by anything later.
public struct SiteRouter: Sendable {
    /// The segments every page's path starts with (`--base-path /docs/` -> `["docs"]`).
    public var basePath: [String]

    public init(basePath: String) {
        self.basePath = basePath.split(separator: "/").map(String.init)
    }

    /// `/`, or `/docs/`.
    public var basePathString: String { basePath.isEmpty ? "/" : "/" + basePath.joined(separator: "/") + "/" }

    public enum Answer: Sendable, Equatable {
        case reply(Reply)
        /// The server-sent-event stream of the site's state.
        case events
    }

    public func answer(_ request: RequestHead, site: ServedSite) -> Answer {
        let isHead = request.method == "HEAD"
        guard request.method == "GET" || isHead else {
            return .reply(Reply.plain(405, "only GET and HEAD", extra: [("Allow", "GET, HEAD")]))
        }
        let segments: [String]
        switch Self.pathSegments(of: request.target) {
        case .failure(let refusal): return .reply(withoutBody(Reply.plain(400, refusal.message), if: isHead))
        case .success(let decoded): segments = decoded
        }
        let joined = "/" + segments.joined(separator: "/")
        if joined == LiveReload.eventsPath { return isHead ? .reply(Reply(status: 200, headers: [("Content-Type", "text/event-stream")], body: [])) : .events }
        if joined == LiveReload.scriptPath {
            let script = Array(LiveReload.script.utf8)
            return .reply(fileReply(ServedFile(bytes: script, contentType: "text/javascript; charset=utf-8", entityTag: EntityTag.of(script)),
                                    request: request, status: 200))
        }
        guard segments.starts(with: basePath) else {
            if segments.isEmpty || segments == [""] {
                return .reply(Reply.plain(302, "the site is at \(basePathString)", extra: [("Location", basePathString)]))
            }
            return .reply(notFound(request, site: site))
        }
        var inside = Array(segments.dropFirst(basePath.count))
        let wantsFolder = inside.isEmpty || inside.last == ""
        if wantsFolder {
            inside.removeAll { $0.isEmpty }
            inside.append("index.html")
        }
        if inside.contains(where: \.isEmpty) { return .reply(notFound(request, site: site)) }
        let key = inside.joined(separator: "/")
        if let file = site.files[key] { return .reply(fileReply(file, request: request, status: 200)) }
        // A folder asked for without its slash: relative links in its index only work with it.
        if !wantsFolder, site.files[key + "/index.html"] != nil {
            let location = basePathString + key + "/"
            return .reply(withoutBody(Reply.plain(301, "moved to \(location)", extra: [("Location", location)]), if: isHead))
        }
        return .reply(notFound(request, site: site))
    }

    /// The site's `404.html` with status 404, or a line of text when it has none.
    func notFound(_ request: RequestHead, site: ServedSite) -> Reply {
        guard let page = site.files["404.html"] else {
            return withoutBody(Reply.plain(404, "not found"), if: request.method == "HEAD")
        }
        var reply = fileReply(page, request: RequestHead(method: request.method, target: request.target), status: 404)
        reply.headers.removeAll { $0.0 == "ETag" }
        return reply
    }

    func fileReply(_ file: ServedFile, request: RequestHead, status: Int) -> Reply {
        // Every answer is revalidated: a preview must never show a stale page from the browser's cache.
        let common = [("ETag", file.entityTag), ("Cache-Control", "no-cache")]
        if status == 200, let tags = request.headers["if-none-match"], Self.matches(tags, file.entityTag) {
            return Reply(status: 304, headers: common, body: [])
        }
        let reply = Reply(status: status, headers: [("Content-Type", file.contentType)] + common, body: file.bytes)
        return withoutBody(reply, if: request.method == "HEAD")
    }

    /// HEAD: the same headers, the length of the body it would have had, no body.
    func withoutBody(_ reply: Reply, if isHead: Bool) -> Reply {
        guard isHead else { return reply }
        return Reply(status: reply.status, headers: reply.headers + [("Content-Length", String(reply.body.count))], body: [])
    }

    /// `If-None-Match`: `*` or a list of tags, weak ones compared weakly (RFC 9110 13.1.2).
    static func matches(_ header: String, _ tag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || trimmed == tag || trimmed == "W/" + tag
        }
    }

    public struct Refusal: Error, Equatable {
        public var message: String
    }

    /// The decoded segments of a request target's path. Refuses what has no business in a URL path of a
    /// static site: no leading `/`, a bad `%` escape, invalid UTF-8, control characters (NUL included),
    /// `\`, a `/` that was encoded, and `.` or `..` segments, however spelled.
    public static func pathSegments(of target: String) -> Result<[String], Refusal> {
        var path = Substring(target)
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<end] }
        guard path.first == "/" else { return .failure(Refusal(message: "the request target must start with /")) }
        var segments: [String] = []
        for raw in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let bytes = percentDecoded(raw) else { return .failure(Refusal(message: "bad percent escape in the path")) }
            guard let segment = String(validating: bytes, as: UTF8.self) else {
                return .failure(Refusal(message: "the path is not UTF-8"))
            }
            if bytes.contains(where: { $0 < 0x20 || $0 == 0x7f }) {
                return .failure(Refusal(message: "control characters in the path"))
            }
            if bytes.contains(UInt8(ascii: "/")) || bytes.contains(UInt8(ascii: "\\")) {
                return .failure(Refusal(message: "a slash or backslash inside a path segment"))
            }
            if segment == "." || segment == ".." { return .failure(Refusal(message: "dot segments in the path")) }
            segments.append(segment)
        }
        return .success(segments)
    }

    static func percentDecoded(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
