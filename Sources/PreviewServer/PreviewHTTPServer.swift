import FlyingSocks
import Foundation

/// What one client may take of the server.
public struct ServerLimits: Sendable {
    /// Open connections at once; one more gets 503 and is closed.
    public var connections = 64
    /// Open event streams at once (one per open page), within `connections`.
    public var eventStreams = 32
    /// The request line and headers together.
    public var headerBytes = 16 * 1024
    /// A connection that sends no complete request head for this long (idle keep-alive included) is closed.
    public var requestSeconds = 10.0
    /// A client that does not take a response within this long is closed.
    public var writeSeconds = 30.0
    /// Between two heartbeats on an open event stream.
    public var heartbeatSeconds = 15.0

    public init() {}
}

/// HTTP/1.1 over FlyingSocks (FlyingFox's socket layer: non-blocking sockets on epoll), with a request
/// reader of our own: FlyingFox's `HTTPServer` reads header lines without a bound and admits any number
/// of connections, which a server has to refuse. Every connection is its own task, so a slow or
/// stalled client waits alone, until its deadline closes it. Only GET and HEAD, without bodies.
public final class PreviewHTTPServer: Sendable {
    let router: SiteRouter
    let holder: SiteHolder
    let limits: ServerLimits
    private let listener: Socket
    private let counters = Counters()
    private let runTask = LockedTask()

    /// Binds at once, so the port is known (and a taken port reported) before anything runs.
    /// `port` 0 takes any free port.
    init(host: String, port: UInt16, router: SiteRouter, holder: SiteHolder, limits: ServerLimits) throws {
        self.router = router
        self.holder = holder
        self.limits = limits
        let isIPv6 = host.contains(":")
        let socket = try Socket(domain: isIPv6 ? AF_INET6 : AF_INET, type: .stream)
        do {
            try socket.setValue(true, for: .localAddressReuse)
            if isIPv6 {
                try socket.bind(to: sockaddr_in6.inet6(ip6: host, port: port))
            } else {
                try socket.bind(to: sockaddr_in.inet(ip4: host, port: port))
            }
            try socket.listen(maxPendingConnection: 128)
        } catch {
            try? socket.close()
            throw error
        }
        listener = socket
    }

    /// Connections taken and not yet closed (the tests wait for the server to have taken theirs).
    var openConnections: Int { counters.openConnections }

    /// The port the server listens on.
    public var port: UInt16 {
        switch try? listener.sockname() {
        case .ip4(_, let port)?, .ip6(_, let port)?: return port
        default: return 0
        }
    }

    /// Accepts connections until `stop`.
    func run() async throws {
        // On threads of its own, not Swift's shared cooperative pool (one thread per core): work that
        // blocks a pool thread elsewhere in the process (a test waiting on a socket, say) must never
        // leave the server without a thread to answer on.
        let task = Task(executorPreference: ServerExecutor.shared) {
            let pool: some AsyncSocketPool = .make(maxEvents: 64)
            try await pool.prepare()
            let accepting = try AsyncSocket(socket: self.listener, pool: pool)
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await pool.run() }
                group.addTask { try await self.heartbeats() }
                // An accept that fails (out of descriptors, a connection reset before it was taken) costs
                // that one connection, never the server; only `stop` ends the loop.
                while !Task.isCancelled {
                    do {
                        let client = try await accepting.accept()
                        group.addTask { await self.serve(client) }
                    } catch {
                        if Task.isCancelled { break }
                        try await Task.sleep(nanoseconds: 10_000_000)
                    }
                }
                throw CancellationError()
            }
        }
        runTask.set(task)
        _ = await task.result
    }

    /// Closes the listening socket, ends the event streams and every connection.
    func stop() {
        holder.finishAll()
        try? listener.close()
        runTask.cancel()
    }

    private func heartbeats() async throws {
        while true {
            try await Task.sleep(nanoseconds: UInt64(limits.heartbeatSeconds * 1_000_000_000))
            holder.heartbeat()
        }
    }

    // MARK: One connection

    private func serve(_ client: AsyncSocket) async {
        defer { try? client.close() }
        guard counters.open(limit: limits.connections) else {
            await send(Reply.plain(503, "too many connections"), to: client, keepAlive: false)
            return
        }
        defer { counters.close() }
        var reader = RequestReader(limit: limits.headerBytes)
        while !Task.isCancelled {
            let outcome = await withDeadline(limits.requestSeconds, on: client) { try await reader.next(from: client) }
            let head: RequestHead
            switch outcome {
            case .none, .closed?: return
            case .refused(let reply)?:
                await send(reply, to: client, keepAlive: false)
                return
            case .request(let request)?: head = request
            }
            let keepAlive = RequestReader.keepsAlive(head)
            switch router.answer(head, site: holder.current) {
            case .reply(let reply):
                guard await send(reply, to: client, keepAlive: keepAlive), keepAlive else { return }
            case .events:
                await streamEvents(to: client)
                return
            }
        }
    }

    /// Writes one response within the write deadline; `false` when the client is gone.
    @discardableResult
    private func send(_ reply: Reply, to client: AsyncSocket, keepAlive: Bool) async -> Bool {
        var head = "HTTP/1.1 \(reply.status) \(Reply.reasons[reply.status] ?? "Unknown")\r\n"
        for (name, value) in reply.headers { head += "\(name): \(value)\r\n" }
        if reply.header("Content-Length") == nil { head += "Content-Length: \(reply.body.count)\r\n" }
        head += "X-Content-Type-Options: nosniff\r\n"
        head += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        let bytes = Data(head.utf8) + Data(reply.body)
        return await withDeadline(limits.writeSeconds, on: client) { try await client.write(bytes) } != nil
    }

    private func streamEvents(to client: AsyncSocket) async {
        guard counters.openStream(limit: limits.eventStreams) else {
            await send(Reply.plain(503, "too many open pages"), to: client, keepAlive: false)
            return
        }
        defer { counters.closeStream() }
        let (id, events) = holder.subscribe()
        defer { holder.unsubscribe(id) }
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
            + "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n\n"
        guard await withDeadline(limits.writeSeconds, on: client, { try await client.write(Data(head.utf8)) }) != nil else { return }
        for await event in events {
            let bytes: [UInt8]
            switch event {
            case .state(let site): bytes = LiveReload.event(for: site)
            case .heartbeat: bytes = Array(": heartbeat\n\n".utf8)
            }
            guard await withDeadline(limits.writeSeconds, on: client, { try await client.write(Data(bytes)) }) != nil else { return }
        }
    }

    /// Runs `body`; when it takes longer than `seconds`, shuts the socket down, which wakes and fails
    /// whatever waits on it. `nil` when it failed or ran out of time.
    private func withDeadline<T: Sendable>(_ seconds: Double, on client: AsyncSocket,
                                           _ body: () async throws -> T) async -> T? {
        let descriptor = client.socket.file.rawValue
        let watchdog = Task {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
        }
        defer { watchdog.cancel() }
        return try? await body()
    }
}

/// Connections and event streams open now.
private final class Counters: @unchecked Sendable {
    private let lock = NSLock()
    private var connections = 0
    private var streams = 0

    func open(limit: Int) -> Bool {
        lock.withLock {
            guard connections < limit else { return false }
            connections += 1
            return true
        }
    }

    func close() { lock.withLock { connections -= 1 } }

    var openConnections: Int { lock.withLock { connections } }

    func openStream(limit: Int) -> Bool {
        lock.withLock {
            guard streams < limit else { return false }
            streams += 1
            return true
        }
    }

    func closeStream() { lock.withLock { streams -= 1 } }
}

private final class LockedTask: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Error>?
    private var cancelled = false

    func set(_ task: Task<Void, Error>) {
        let cancelNow = lock.withLock {
            self.task = task
            return cancelled
        }
        if cancelNow { task.cancel() }
    }

    func cancel() {
        lock.withLock {
            cancelled = true
            return task
        }?.cancel()
    }
}

/// Reads request heads from one connection, within a byte limit; bytes after a head (a pipelined
/// request) wait for the next call.
struct RequestReader {
    enum Outcome {
        case request(RequestHead)
        /// Answered with this, then the connection is closed.
        case refused(Reply)
        case closed
    }

    let limit: Int
    private var buffer: [UInt8] = []

    init(limit: Int) {
        self.limit = limit
    }

    mutating func next(from client: AsyncSocket) async throws -> Outcome {
        while true {
            if let end = Self.endOfHead(in: buffer) {
                // Without the line end of the last header line.
                let head = Array(buffer[..<(end.head > 0 && buffer[end.head - 1] == 13 ? end.head - 1 : end.head)])
                buffer.removeFirst(end.next)
                return Self.parse(head)
            }
            if buffer.count > limit {
                return .refused(Reply.plain(431, "the request head is over \(limit) bytes"))
            }
            let bytes = try await client.read(atMost: 4096)
            if bytes.isEmpty { return .closed }
            buffer += bytes
        }
    }

    /// Where the head ends (`\r\n\r\n`, or `\n\n` from lax clients) and where the next request starts.
    static func endOfHead(in bytes: [UInt8]) -> (head: Int, next: Int)? {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 10 {
                if index + 1 < bytes.count, bytes[index + 1] == 10 { return (index, index + 2) }
                if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 { return (index, index + 3) }
            }
            index += 1
        }
        return nil
    }

    static func parse(_ head: [UInt8]) -> Outcome {
        guard let text = String(validating: head, as: UTF8.self) else {
            return .refused(Reply.plain(400, "the request head is not UTF-8"))
        }
        // In Swift "\r\n" is one Character.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if lines.contains(where: { $0.contains("\r") }) { return .refused(Reply.plain(400, "a stray carriage return")) }
        // Empty lines before a request are allowed (RFC 9112 2.2).
        while lines.first?.isEmpty == true { lines.removeFirst() }
        guard let requestLine = lines.first else { return .refused(Reply.plain(400, "no request line")) }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter && $0.isASCII }) else {
            return .refused(Reply.plain(400, "the request line must be: METHOD /path HTTP/1.1"))
        }
        guard parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else {
            return .refused(Reply.plain(505, "HTTP/1.1 only"))
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), line.first != " ", line.first != "\t" else {
                return .refused(Reply.plain(400, "a malformed header line"))
            }
            let name = line[..<colon].lowercased()
            guard !name.isEmpty, !name.contains(" ") else { return .refused(Reply.plain(400, "a malformed header name")) }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        // No request here has a body; reading one would only serve to discard it.
        if headers["transfer-encoding"] != nil || (headers["content-length"].map { $0 != "0" } ?? false) {
            return .refused(Reply.plain(413, "requests with a body are not accepted"))
        }
        return .request(RequestHead(method: String(parts[0]), target: String(parts[1]), headers: headers, version: String(parts[2])))
    }

    /// HTTP/1.1 keeps the connection unless asked to close; 1.0 closes unless asked to keep it.
    static func keepsAlive(_ head: RequestHead) -> Bool {
        let connection = head.headers["connection"]?.lowercased() ?? ""
        if head.version == "HTTP/1.0" { return connection.contains("keep-alive") }
        return !connection.contains("close")
    }
}

/// Runs the server's tasks on a Dispatch queue rather than on the cooperative pool (see `run`).
final class ServerExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = ServerExecutor()
    private let queue = DispatchQueue(label: "versus serve: connections", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
