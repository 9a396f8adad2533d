import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import LinkChecking

/// A tiny HTTP/1.1 server on 127.0.0.1 and a free port, for the external checker's tests. One thread accepts,
/// one thread per connection answers, every connection is closed after one answer. It counts requests per
/// path so tests can assert "one request per distinct URL" and "retried N times".
final class LoopbackServer: Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var body: String = ""
        var delay: Double = 0
    }

    let port: UInt16
    private let listener: Int32
    private let counts = Locked<[String: Int]>([:])

    /// `route` gets the path and how many times it was requested before (0 the first time).
    init(route: @escaping @Sendable (_ path: String, _ previousRequests: Int) -> Response) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = fd
        let counts = self.counts
        Thread.detachNewThread {
            while true {
                let connection = accept(fd, nil, nil)
                if connection < 0 { return }
                Thread.detachNewThread {
                    LoopbackServer.answer(connection, counts: counts, route: route)
                }
            }
        }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    func requests(_ path: String) -> Int { counts.withLock { $0[path] ?? 0 } }
    var totalRequests: Int { counts.withLock { $0.values.reduce(0, +) } }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    private static func answer(_ connection: Int32, counts: Locked<[String: Int]>,
                               route: @Sendable (String, Int) -> Response) {
        defer { close(connection) }
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.isEmpty ? !String(decoding: request, as: UTF8.self).contains("\r\n\r\n") : true {
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { return }
            request += buffer[0..<count]
            if request.count > 65536 { return }
        }
        let firstLine = String(decoding: request, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let parts = firstLine.split(separator: " ")
        guard parts.count >= 2 else { return }
        let method = String(parts[0])
        let path = String(parts[1])
        let previous = counts.withLock { counts -> Int in
            let previous = counts[path] ?? 0
            counts[path] = previous + 1
            return previous
        }
        let response = route(path, previous)
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        var head = "HTTP/1.1 \(response.status) Status\r\nConnection: close\r\nContent-Length: \(response.body.utf8.count)\r\n"
        for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let bytes = Array((method == "HEAD" ? head : head + response.body).utf8)
        _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}
