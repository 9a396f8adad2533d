import ComparisonExtraction
import ComparisonModel
import Diagnostics
import Foundation
import ParallelWork

/// Reads the content folder into the site model, in the pipeline's first stages: discover, read,
/// extract (on every core), assemble. Each returns values and its diagnostics; `load` composes them.
public struct ModelLoader: Sendable {
    public var contentDirectory: String
    public var limits: InputLimits
    /// The site's `unsafe_html`: raw HTML kept in the pieces' `html`.
    public var allowRawHTML: Bool
    /// The site's `product`: the implied first subject of "Comparison with A, B".
    public var siteProduct: String?
    public var fileSystem: FileSystem
    /// Drafts become pages too (`versus serve --drafts`); a build leaves them out.
    public var includeDrafts = false

    public init(contentDirectory: String, limits: InputLimits = .init(), allowRawHTML: Bool = false, fileSystem: FileSystem = .disk) {
        self.contentDirectory = contentDirectory
        self.limits = limits
        self.allowRawHTML = allowRawHTML
        self.fileSystem = fileSystem
    }

    /// The folder where optional subject profiles live, relative to the content folder.
    public static let profileFolder = "subjects/"

    /// The content folder read into memory: every file once, so the model is a snapshot even if an
    /// editor saves a file during the build.
    public struct Sources: Sendable {
        public var files: [(file: DiscoveredFile, bytes: Result<[UInt8], Diagnostic>)]
        public var diagnostics: [Diagnostic]
        /// The other files of the content folder, not read: published as they are.
        public var contentFiles: [DiscoveredFile] = []
        /// Each content file's stamp (size, times, inode), in the same order, for the build fingerprint:
        /// a large file is not read to know whether it changed.
        public var contentFileStamps: [[UInt8]] = []
        /// For each document of `files`, what is known of it without its bytes (stamp, hash, fence), when
        /// the file system stamps files: taken from the last build's table for a document not read
        /// (`unread`), else made as it was read. `nil` in memory and for a document that failed to read.
        var known: [KnownInput?] = []
        /// The documents not read because the last build's table knew them unchanged (`InputStamps`):
        /// their `bytes` are empty until an extraction reads them (`bytes(of:_:)`).
        var unread: [Bool] = []

        /// The table of what this build knows of its documents, for the next one (`InputStamps`), in the
        /// order of `files`: racy stamps left out.
        func inputStamps(now: (seconds: Int64, nanoseconds: Int64)) -> [UInt8] {
            InputStamps.bytes(known.indices.lazy.compactMap { index in
                guard let known = known[index], unread[index] || !known.stamp.isRacy(now: now) else { return nil }
                return (files[index].file.contentPath, known)
            })
        }
    }

    /// What extraction made of the sources, before the documents are joined into one site.
    public struct Extracted: Sendable {
        public var documents: [ExtractedDocument]
        public var profiles: [SubjectProfile]
        public var diagnostics: [Diagnostic]
        /// Documents whose errors kept them out of the site (by content path), so nothing else reports them again.
        public var unbuiltDocuments: Set<String>
        public var contentFiles: [DiscoveredFile] = []
    }

    /// Stage "discover": the documents of the content folder.
    public func discover() throws -> (files: [DiscoveredFile], diagnostics: [Diagnostic]) {
        guard FolderWalk(fileSystem: fileSystem).isFolder(contentDirectory) else {
            throw UsageError("content folder '\(contentDirectory)' does not exist")
        }
        return try ContentDiscovery.discover(contentDirectory: contentDirectory,
                                             displayPrefix: PathTools.displayPrefix(for: contentDirectory), fileSystem: fileSystem)
    }

    /// Stage "read": every discovered file's bytes, on every core.
    /// With `lastInputs` (the table the last build left, `InputStamps`), a document whose stamp is the one
    /// recorded there is not read: its hash and fence flag are taken from the table.
    public func read(_ discovered: [DiscoveredFile], diagnostics: [Diagnostic] = []) -> Sources {
        read(discovered, diagnostics: diagnostics, lastInputs: nil)
    }

    func read(_ discovered: [DiscoveredFile], diagnostics: [Diagnostic], lastInputs: InputStamps?) -> Sources {
        let found = discovered.filter(\.isDocument)
        let limit = limits.maximumDocumentBytes, fileSystem = self.fileSystem, root = contentDirectory
        let contents = found.parallelMap { file -> (bytes: Result<[UInt8], Diagnostic>, known: KnownInput?, unread: Bool) in
            if let lastInputs, let fileStamp = fileSystem.fileStamp, let recorded = lastInputs[file.contentPath],
               recorded.stamp.size <= limit, fileStamp(root, file.contentPath) == recorded.stamp {
                return (.success([]), recorded, true)
            }
            do throws(ReadFailure) {
                guard let readFileStamped = fileSystem.readFileStamped else {
                    return (.success(try fileSystem.readFile(root, file.contentPath, limit)), nil, false)
                }
                let (bytes, stamp) = try readFileStamped(root, file.contentPath, limit)
                let known = bytes.withUnsafeBytes { KnownInput(stamp: stamp, bytesHash: BuildFingerprint.hash(of: $0), holdsFence: SiteBuild.holdsFence($0)) }
                return (.success(bytes), known, false)
            } catch {
                return (.failure(error.diagnostic(file: file.displayPath, noun: "document")), nil, false)
            }
        }
        let others = discovered.filter { !$0.isDocument }
        let stamps = others.map { fileSystem.stamp(root + "/" + $0.contentPath) ?? [] }
        var sources = Sources(files: zip(found, contents).map { (file: $0.0, bytes: $0.1.bytes) }, diagnostics: diagnostics,
                              contentFiles: others, contentFileStamps: stamps)
        sources.known = contents.map(\.known)
        sources.unread = contents.map(\.unread)
        return sources
    }

    /// A document's bytes for extraction: those read, or for one the table let go unread (`Sources.unread`),
    /// read now. Read now, it may have changed since its stamp was compared; the next build then finds
    /// its stamp changed and reads it again.
    func bytes(of file: DiscoveredFile, _ taken: Result<[UInt8], Diagnostic>, unread: Bool) -> Result<[UInt8], Diagnostic> {
        guard unread else { return taken }
        do throws(ReadFailure) {
            return .success(try fileSystem.readFile(contentDirectory, file.contentPath, limits.maximumDocumentBytes))
        } catch {
            return .failure(error.diagnostic(file: file.displayPath, noun: "document"))
        }
    }

    public func readSources() throws -> Sources {
        let (found, diagnostics) = try discover()
        return read(found, diagnostics: diagnostics)
    }

    public func load() throws -> SiteModel {
        try load(readSources())
    }

    public func load(_ sources: Sources) -> SiteModel {
        assemble(extract(sources))
    }

    /// What extraction makes of one file: a document or a subject profile, and the file's diagnostics.
    typealias FileExtraction = (document: ExtractedDocument?, profile: SubjectProfile?, diagnostics: [Diagnostic])

    /// Stage "extract": each document (or subject profile) parsed and read into the model's terms, on every core.
    /// With a `memo`, a file whose bytes, paths and settings are those of the last build takes that build's result.
    public func extract(_ sources: Sources, memo: ExtractionMemo? = nil) -> Extracted {
        guard let memo else {
            return extract(handingOver: Handover(sources.files.map(\.bytes)), of: sources.files.map(\.file), unread: sources.unread,
                           diagnostics: sources.diagnostics, contentFiles: sources.contentFiles)
        }
        let settings = extractionSettings
        // The memo keeps each file's bytes for the next build to compare.
        let unread = sources.unread
        let outcomes = Array(sources.files.indices).parallelMap { index -> (result: FileExtraction, reused: Bool) in
            let source = sources.files[index]
            switch bytes(of: source.file, source.bytes, unread: index < unread.count && unread[index]) {
            case .success(let bytes):
                if let kept = memo.result(for: source.file, bytes: bytes, settings: settings) { return (kept, true) }
                return (Self.extract(source.file, bytes: bytes, settings: settings), false)
            // A file that turned into a link or a FIFO during the build is skipped, as discovery skips them.
            case .failure(let diagnostic): return ((nil, nil, [diagnostic]), false)
            }
        }
        var entries: [String: ExtractionMemo.Entry] = [:]
        var reused = 0
        for (source, outcome) in zip(sources.files, outcomes) {
            guard case .success(let bytes) = source.bytes else { continue }
            entries[source.file.contentPath] = ExtractionMemo.Entry(displayPath: source.file.displayPath, settings: settings,
                                                                    bytes: bytes, result: outcome.result)
            if outcome.reused { reused += 1 }
        }
        memo.replace(with: entries, reused: reused)
        return join(outcomes.map(\.result), of: sources.files.map(\.file), diagnostics: sources.diagnostics,
                    contentFiles: sources.contentFiles)
    }

    /// The same without a memo, each file's bytes taken from `bytes` (in the order of `files`) and let go
    /// as soon as the file is extracted: at 100,000 documents they are 390 MB, which would otherwise stay
    /// until the last document is done, on top of the model. Freed only when the caller holds no other copy.
    func extract(handingOver bytes: Handover<Result<[UInt8], Diagnostic>>, of files: [DiscoveredFile], unread: [Bool],
                 diagnostics: [Diagnostic], contentFiles: [DiscoveredFile]) -> Extracted {
        let settings = extractionSettings
        let results = Array(files.indices).parallelMap { index -> FileExtraction in
            switch self.bytes(of: files[index], bytes.take(index), unread: index < unread.count && unread[index]) {
            case .success(let read): return Self.extract(files[index], bytes: read, settings: settings)
            case .failure(let diagnostic): return (nil, nil, [diagnostic])
            }
        }
        return join(results, of: files, diagnostics: diagnostics, contentFiles: contentFiles)
    }

    /// The files' extractions gathered into one `Extracted`, in the order of `files`.
    func join(_ extractions: [FileExtraction], of files: [DiscoveredFile], diagnostics: [Diagnostic],
                      contentFiles: [DiscoveredFile]) -> Extracted {
        var results = extractions
        // Moved out of the results, not copied: joining runs on one core, and a copy of 10,000
        // documents (and freeing the originals) is a reference count per field of each.
        var extracted: [ExtractedDocument] = []
        var profiles: [SubjectProfile] = []
        var diagnostics = diagnostics
        var unbuilt: Set<String> = []
        extracted.reserveCapacity(results.count)
        for index in results.indices {
            if let document = results[index].document.take() {
                if document.document == nil && document.diagnostics.hasErrors { unbuilt.insert(files[index].contentPath) }
                extracted.append(document)
            }
            if let profile = results[index].profile.take() { profiles.append(profile) }
            diagnostics += results[index].diagnostics
        }
        return Extracted(documents: extracted, profiles: profiles, diagnostics: diagnostics, unbuiltDocuments: unbuilt,
                         contentFiles: contentFiles)
    }

    /// One file's extraction: a subject profile below `subjects/`, else a document.
    static func extract(_ file: DiscoveredFile, bytes: [UInt8], settings: ExtractionMemo.Settings) -> FileExtraction {
        let content = ContentFile(source: file.displayPath, contentPath: file.contentPath, bytes: bytes)
        if file.contentPath.hasPrefix(ModelLoader.profileFolder) {
            let (profile, diagnostics) = SubjectProfileReader.read(content)
            return (nil, profile, diagnostics)
        }
        let extractor = DocumentExtractor(limits: settings.limits, allowRawHTML: settings.allowRawHTML, siteProduct: settings.siteProduct)
        return (extractor.extract(content), nil, [])
    }

    /// What, beside a file, decides its extraction.
    var extractionSettings: ExtractionMemo.Settings {
        ExtractionMemo.Settings(limits: limits, allowRawHTML: allowRawHTML, siteProduct: siteProduct)
    }

    /// Stage "assemble": the documents joined into one site: subjects merged, pages named, cross-links made.
    public func assemble(_ extracted: consuming Extracted) -> SiteModel {
        let profiles = extracted.profiles, diagnostics = extracted.diagnostics, unbuilt = extracted.unbuiltDocuments
        let files = Set(extracted.contentFiles.map(\.contentPath))
        var model = SiteAssembler.assemble(extracted.documents, profiles: profiles, extraDiagnostics: diagnostics, unbuiltDocuments: unbuilt,
                                           includeDrafts: includeDrafts)
        model.contentFiles = files
        return model
    }
}

extension ModelLoader {
    /// `model.json`, with the documents encoded on every core.
    public static func encodeJSON(_ model: SiteModel) throws -> Data {
        try ModelJSON.encode(model, mapDocuments: encodeOnEveryCore)
    }

    /// `model.json` as bytes, for a caller that makes it when asked (`versus serve`).
    public static func modelJSONBytes(_ model: SiteModel) -> [UInt8] {
        do {
            return [UInt8](try encodeJSON(model))
        } catch {
            // Encoding our own model has no failure to expect; say so rather than serve a wrong file.
            return Array("{\"error\": \"model.json could not be encoded: \(error)\"}".utf8)
        }
    }

    /// `model.json` handed to `emit` a batch of documents at a time, to stream into a file.
    /// Returns where each document's bytes are in the file, by index. `reuse` may give a document's bytes.
    @discardableResult
    static func encodeJSON(_ model: SiteModel, reuse: (@Sendable (Document) -> Data?)? = nil, emit: (Data) throws -> Void) throws -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(model.documents.count)
        try ModelJSON.encode(model, mapDocuments: encodeOnEveryCore, reuse: reuse, placed: { _, range in ranges.append(range) }, emit: emit)
        return ranges
    }

    private static func encodeOnEveryCore(_ documents: [Document], _ encode: @Sendable (Document) throws -> Data) throws -> [Data] {
        try documents.parallelMap { document in Result { try encode(document) } }.map { try $0.get() }
    }
}

/// A problem with how Versus was called (exit status 2), as opposed to a problem in the content.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// Where the problem is, when it is in a file (`site.yml:3:12`): printed compiler-style.
    public var diagnostic: Diagnostic?

    public init(_ description: String) {
        self.description = description
    }

    public init(_ diagnostic: Diagnostic) {
        self.description = diagnostic.message
        self.diagnostic = diagnostic
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
