import Foundation

/// A project held in memory: files, folders (implied by the files' paths) and symbolic links, by
/// path. `fileSystem` builds from it and publishes into `output`, with no disk access at all: the seam
/// the tests run whole builds through, and what a server can feed edited documents into.
public final class MemoryFiles: @unchecked Sendable {
    private enum Node {
        case file([UInt8])
        case link(String)
    }

    private let lock = NSLock()
    private var nodes: [String: Node] = [:]
    public let output = MemoryOutput()

    public init(_ files: [String: String] = [:]) {
        for (path, text) in files { write(text, to: path) }
    }

    public func write(_ text: String, to path: String) {
        write(Array(text.utf8), to: path)
    }

    public func write(_ bytes: [UInt8], to path: String) {
        let key = Self.normalized(path)
        lock.withLock { nodes[key] = .file(bytes) }
    }

    public func remove(_ path: String) {
        let key = Self.normalized(path)
        _ = lock.withLock { nodes.removeValue(forKey: key) }
    }

    public func link(_ path: String, to target: String) {
        let key = Self.normalized(path)
        lock.withLock { nodes[key] = .link(target) }
    }

    /// The paths as the build sees them: `./a//b/.` is `a/b`.
    static func normalized(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    private func kind(_ path: String) -> FileKind? {
        let key = Self.normalized(path)
        return lock.withLock {
            switch nodes[key] {
            case .file?: return .regular
            case .link?: return .symbolicLink
            case nil:
                let prefix = key.isEmpty ? "" : key + "/"
                return nodes.keys.contains { $0.hasPrefix(prefix) } ? .folder : nil
            }
        }
    }

    private func list(_ path: String) throws -> [FolderEntry] {
        guard kind(path) == .folder else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no such folder"])
        }
        let key = Self.normalized(path)
        let prefix = key.isEmpty ? "" : key + "/"
        let children = lock.withLock { nodes.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } }
        var names: Set<String> = []
        var entries: [FolderEntry] = []
        for child in children {
            let name = String(child.prefix { $0 != "/" })
            guard names.insert(name).inserted else { continue }
            entries.append(FolderEntry(name: name, kind: kind(prefix + name)))
        }
        return entries
    }

    /// As on disk: no link below `root` is followed.
    private func read(_ root: String, _ relativePath: String, _ limit: Int) throws(ReadFailure) -> [UInt8] {
        let base = Self.normalized(root)
        var path = base
        for component in relativePath.split(separator: "/") {
            path = path.isEmpty ? String(component) : path + "/" + component
            if kind(path) == .symbolicLink { throw .symbolicLink }
        }
        let node = lock.withLock { nodes[path] }
        guard case .file(let bytes)? = node else { throw kind(path) == nil ? .missing : .notRegularFile }
        if bytes.count > limit { throw .tooLarge(bytes: bytes.count, limit: limit) }
        return bytes
    }

    public var fileSystem: FileSystem {
        FileSystem(listFolder: { try self.list($0) },
                   kind: { self.kind($0) },
                   readFile: { (root, path, limit) throws(ReadFailure) in try self.read(root, path, limit) },
                   output: { _, _, _ in self.output },
                   executableIdentity: { Data("in memory".utf8) })
    }
}
