import Foundation
import Glibc
@testable import PreviewServer
import Diagnostics
import SiteBuilder
import Testing

/// A project folder in /tmp with a copy of the default templates.
struct Project {
    let root: URL

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("versus-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates")
        try FileManager.default.copyItem(at: templates, to: root.appendingPathComponent("templates"))
        for (path, text) in files { try write(text, to: path) }
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func write(_ text: String, to relative: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ relative: String) throws { try FileManager.default.removeItem(atPath: path(relative)) }

    func read(_ relative: String) -> String? { try? String(contentsOfFile: path(relative), encoding: .utf8) }

    func delete() { try? FileManager.default.removeItem(at: root) }

    /// Every file of the project by path (relative), with its bytes.
    func snapshot() -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let relative = enumerator?.nextObject() as? String {
            if let bytes = FileManager.default.contents(atPath: path(relative)) { files[relative] = Array(bytes) }
        }
        return files
    }

    /// The paths, as the watcher names them, of the files added, removed or changed between two snapshots.
    func changedPaths(from before: [String: [UInt8]], to after: [String: [UInt8]]) -> Set<String> {
        Set(Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.map(path))
    }

    var buildOptions: BuildOptions {
        var options = BuildOptions()
        options.contentDirectory = path("content")
        options.templatesDirectory = path("templates")
        options.configFile = path("site.yml")
        return options
    }

    /// A fresh `versus build` of the project, to disk, read back: the reference the server must match.
    /// `nil` when the build fails.
    func freshBuild() throws -> [String: [UInt8]]? {
        var options = buildOptions
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("versus-serve-out-\(UUID().uuidString)")
        options.outputDirectory = output.path
        defer { try? FileManager.default.removeItem(at: output) }
        let report: BuildReport
        do {
            report = try SiteBuild(options: options).run()
        } catch is UsageError {
            return nil // a broken site.yml: `versus build` exits 2 and writes nothing
        } catch is Diagnostic {
            return nil
        }
        guard report.published else { return nil }
        var files: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: output.path)
        while let relative = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            let full = output.appendingPathComponent(relative).path
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isFolder)
            if isFolder.boolValue || relative == OutputFolder.markerName { continue }
            files[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: full)))
        }
        return files
    }
}

enum Documents {
    static func comparison(_ title: String = "Alpha vs Beta", speed: String = "fast") -> String {
        """
        # \(title)

        ## Key Differences

        ### Speed

        - **Alpha**: \(speed)
        - **Beta**: slow

        ### Price

        - **Alpha**: free
        - **Beta**: paid
        """
    }
}

/// A running preview server over a project, stopped by `stop`.
final class RunningServer: @unchecked Sendable {
    let session: PreviewSession
    private let task: Task<Void, Error>

    init(_ project: Project, watch: Bool = true, basePath: String = "/", limits: ServerLimits = ServerLimits()) throws {
        var options = ServeOptions()
        options.build = project.buildOptions
        options.port = 0
        options.watch = watch
        options.basePath = basePath
        options.limits = limits
        let session = try PreviewSession(options: options) { _, _ in }
        session.rebuild()
        self.session = session
        task = session.start()
    }

    var port: UInt16 { session.server.port }

    func stop() async {
        session.stop()
        _ = await task.result
    }
}

/// A response as read off the wire.
struct RawResponse {
    var status: Int
    /// Names lowercased.
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking HTTP client over a plain socket, so that tests send exactly the bytes they mean
/// (URL libraries would clean up `..` and escapes before sending). Reads are bounded (10 s) so a bug
/// fails the test instead of hanging it.
struct RawClient {
    let descriptor: Int32

    init(port: UInt16) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { Glibc.close(descriptor); throw ClientError("connect failed") }
    }

    struct ClientError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return }
            sent += count
        }
    }

    /// Bytes until the server closes (or the read bound passes).
    func readToEnd() -> [UInt8] {
        var all: [UInt8] = []
        while let chunk = readSome() { all += chunk }
        return all
    }

    func readSome() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer[..<count]) : nil
    }

    func close() { Glibc.close(descriptor) }

    /// One request on a new connection, closed after.
    static func request(_ port: UInt16, _ target: String, method: String = "GET", headers: [String] = []) throws -> RawResponse {
        let client = try RawClient(port: port)
        defer { client.close() }
        client.send("\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n" + headers.map { $0 + "\r\n" }.joined() + "Connection: close\r\n\r\n")
        return try parse(client.readToEnd())
    }

    static func parse(_ bytes: [UInt8]) throws -> RawResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0...max(0, bytes.count - 4)).first(where: { Array(bytes[$0..<min($0 + 4, bytes.count)]) == separator }) else {
            throw ClientError("no response head in \(bytes.count) bytes")
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return RawResponse(status: status, headers: headers, body: Array(bytes[(end + 4)...]))
    }
}

/// The served bytes of a page without the live-reload script: what `versus build` wrote.
func withoutReloadScript(_ bytes: [UInt8]) -> [UInt8] {
    let text = String(decoding: bytes, as: UTF8.self)
    guard let start = text.range(of: "<script src=\"\(LiveReload.scriptPath)\""),
          let end = text.range(of: "</script>", range: start.upperBound..<text.endIndex) else { return bytes }
    return Array((text[..<start.lowerBound] + text[end.upperBound...]).utf8)
}
