import Diagnostics
import Foundation

/// One file as the server sends it: the bytes (with the reload script in pages), their type and tag.
public struct ServedFile: Sendable, Equatable {
    public var bytes: [UInt8]
    public var contentType: String
    /// A strong tag of the site's bytes (before the script is added): the script carries it too, so an
    /// open page can tell whether it changed.
    public var entityTag: String
}

/// What the server holds: the last site that built, and the errors of the last build when it failed.
/// Immutable; a rebuild makes a new one and swaps it in.
public struct ServedSite: Sendable {
    /// By path inside the site, `a/b.html`, as the build wrote them.
    public var files: [String: ServedFile]
    /// Counts successful builds: a page compares it with the one it was served with.
    public var generation: Int
    /// Errors of the latest build when it failed (the files are then the last good build's); empty after a good one.
    public var errors: [Diagnostic]

    public static let empty = ServedSite(files: [:], generation: 0, errors: [])

    /// The site's files as built; HTML pages get the live-reload script, and nothing else changes.
    public init(siteFiles: [String: [UInt8]], generation: Int, draftPages: Set<String> = []) {
        var files: [String: ServedFile] = [:]
        files.reserveCapacity(siteFiles.count)
        for (path, bytes) in siteFiles {
            let type = ContentTypes.type(forPath: path)
            let tag = EntityTag.of(bytes)
            let served = type.hasPrefix("text/html") ? LiveReload.inject(into: bytes, entityTag: tag, draft: draftPages.contains(path)) : bytes
            files[path] = ServedFile(bytes: served, contentType: type, entityTag: tag)
        }
        self.init(files: files, generation: generation, errors: [])
    }

    init(files: [String: ServedFile], generation: Int, errors: [Diagnostic]) {
        self.files = files
        self.generation = generation
        self.errors = errors
    }

    /// The same site, with the errors of a build that failed.
    func failed(with errors: [Diagnostic]) -> ServedSite {
        ServedSite(files: files, generation: generation, errors: errors)
    }
}

/// Strong entity tags: FNV-1a (64 bits) of the bytes and their length. Not cryptographic: it only has to
/// change when a file does, and nobody gains by forging one against their own preview server.
enum EntityTag {
    static func of(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return "\"" + String(hash, radix: 16) + "-" + String(bytes.count, radix: 16) + "\""
    }
}

/// Content types by extension, for what a Versus site holds (pages, styles, scripts, images, fonts).
public enum ContentTypes {
    static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "json": "application/json", "xml": "application/xml", "txt": "text/plain; charset=utf-8",
        "md": "text/plain; charset=utf-8", "map": "application/json",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "avif": "image/avif", "ico": "image/x-icon",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "pdf": "application/pdf", "mp4": "video/mp4", "webm": "video/webm", "wasm": "application/wasm",
    ]

    public static func type(forPath path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
