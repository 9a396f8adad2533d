import ComparisonExtraction
import ComparisonModel
import Diagnostics
import Foundation

/// Reads the content folder into the site model: discover, read, extract (on every core), assemble.
public struct ModelLoader: Sendable {
    public var contentDirectory: String
    public var limits: InputLimits
    /// The site's `unsafe_html`: raw HTML kept in the pieces' `html`.
    public var allowRawHTML: Bool

    public init(contentDirectory: String, limits: InputLimits = .init(), allowRawHTML: Bool = false) {
        self.contentDirectory = contentDirectory
        self.limits = limits
        self.allowRawHTML = allowRawHTML
    }

    /// The folder where optional subject profiles live, relative to the content folder.
    public static let profileFolder = "subjects/"

    /// The content folder read into memory: every file once, so the model is a snapshot even if an
    /// editor saves a file during the build.
    public struct Sources: Sendable {
        public var files: [(file: DiscoveredFile, bytes: Result<[UInt8], Diagnostic>)]
        public var diagnostics: [Diagnostic]
    }

    public func readSources() throws -> Sources {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: contentDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("content folder '\(contentDirectory)' does not exist")
        }
        let absolute = PathTools.absolute(contentDirectory)
        let (found, discoveryDiagnostics) = try ContentDiscovery.discover(
            contentDirectory: absolute, displayPrefix: PathTools.displayPrefix(for: contentDirectory))
        let limits = self.limits
        let contents = found.parallelMap { file -> Result<[UInt8], Diagnostic> in
            do {
                return .success(try FileReading.read(file.absolutePath, limit: limits.maximumDocumentBytes))
            } catch let diagnostic as Diagnostic {
                return .failure(Diagnostic(diagnostic.severity, file: file.displayPath, diagnostic.message))
            } catch {
                return .failure(Diagnostic(.error, file: file.displayPath, "cannot read the file: \(error)"))
            }
        }
        return Sources(files: Array(zip(found, contents)).map { (file: $0.0, bytes: $0.1) }, diagnostics: discoveryDiagnostics)
    }

    public func load() throws -> SiteModel {
        try load(readSources())
    }

    public func load(_ sources: Sources) -> SiteModel {
        let limits = self.limits, allowRawHTML = self.allowRawHTML
        var results = sources.files.parallelMap { source -> (ExtractedDocument?, SubjectProfile?, [Diagnostic]) in
            let file = source.file
            let bytes: [UInt8]
            switch source.bytes {
            case .success(let read): bytes = read
            case .failure(let diagnostic): return (nil, nil, [diagnostic])
            }
            let content = ContentFile(source: file.displayPath, contentPath: file.contentPath, bytes: bytes)
            if file.contentPath.hasPrefix(ModelLoader.profileFolder) {
                let (profile, diagnostics) = SubjectProfileReader.read(content)
                return (nil, profile, diagnostics)
            }
            let extracted = DocumentExtractor(limits: limits, allowRawHTML: allowRawHTML).extract(content)
            return (extracted, nil, [])
        }
        // Moved out of the results, not copied: joining runs on one core, and a copy of 10,000
        // documents (and freeing the originals) is a reference count per field of each.
        var extracted: [ExtractedDocument] = []
        var profiles: [SubjectProfile] = []
        var diagnostics = sources.diagnostics
        var unbuilt: Set<String> = []
        extracted.reserveCapacity(results.count)
        for index in results.indices {
            if let document = results[index].0.take() {
                if document.document == nil && document.diagnostics.hasErrors { unbuilt.insert(sources.files[index].file.contentPath) }
                extracted.append(document)
            }
            if let profile = results[index].1.take() { profiles.append(profile) }
            diagnostics += results[index].2
        }
        return SiteAssembler.assemble(consume extracted, profiles: profiles, extraDiagnostics: diagnostics, unbuiltDocuments: unbuilt)
    }
}

extension ModelLoader {
    /// `model.json`, with the documents encoded on every core.
    public static func encodeJSON(_ model: SiteModel) throws -> Data {
        try ModelJSON.encode(model, mapDocuments: encodeOnEveryCore)
    }

    /// `model.json` handed to `emit` a batch of documents at a time, to stream into a file.
    static func encodeJSON(_ model: SiteModel, emit: (Data) throws -> Void) throws {
        try ModelJSON.encode(model, mapDocuments: encodeOnEveryCore, emit: emit)
    }

    private static func encodeOnEveryCore(_ documents: [Document], _ encode: @Sendable (Document) throws -> Data) throws -> [Data] {
        try documents.parallelMap { document in Result { try encode(document) } }.map { try $0.get() }
    }
}

/// A problem with how Versus was called (exit status 2), as opposed to a problem in the content.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

enum FileReading {
    /// Reads a whole file with one open and a bounded read, so a 100 MB file costs nothing to refuse.
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { throw Diagnostic(.error, file: path, "cannot open the file: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw Diagnostic(.error, file: path, "not a regular file")
        }
        let size = Int(info.st_size)
        if size > limit {
            throw Diagnostic(.error, file: path, "document is \(size / 1024) KiB; the limit is \(limit / 1024) KiB")
        }
        // Read straight into the array's storage: no zero-filling, no second copy.
        var failure: Int32?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var total = 0
            while total < size {
                let count = Glibc.read(descriptor, buffer.baseAddress! + total, size - total)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if count == 0 { break } // the file shrank while being read: keep what is there
                total += count
            }
            initialized = total
        }
        if let failure {
            throw Diagnostic(.error, file: path, "cannot read the file: \(String(cString: strerror(failure)))")
        }
        return bytes
    }
}

enum PathTools {
    static func absolute(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.standardizedFileURL.path
    }

    /// How a file under `folder` is named in messages: relative when the folder is, so messages read `content/x.md`.
    static func displayPrefix(for folder: String) -> String {
        var prefix = folder
        while prefix.hasSuffix("/") && prefix.count > 1 { prefix.removeLast() }
        if prefix == "." { return "" }
        return prefix + "/"
    }
}
