import Diagnostics
import Foundation
import SiteRendering

/// Where a build puts the site: `OutputFolder` on disk, `MemoryOutput` in memory (tests), and
/// `versus serve`'s `ServedOutput`. The build stages write through these and nothing else.
public protocol SiteOutput: Sendable {
    /// Refuses an output that could destroy user files. Runs before anything is read.
    func validate() throws
    /// A non-empty output without the Versus marker: only `--force` lets a build replace it.
    var holdsForeignFiles: Bool { get }
    /// Takes the build lock and removes what killed builds left behind. Every build claims the
    /// output first, an up-to-date one included.
    func claim() throws -> any ClaimedOutput
    /// The table of known inputs the last build left beside the output (`InputStamps`), `nil` if none or
    /// in memory. Read before the lock is taken: every entry is checked against the file it names.
    func knownInputs() -> [UInt8]?
}

extension SiteOutput {
    public func knownInputs() -> [UInt8]? { nil }
}

/// An output this build holds the lock of.
public protocol ClaimedOutput: Sendable {
    /// The last build's marker, when the output still holds exactly the files that build wrote and
    /// none of them was changed, replaced or joined by another.
    func intactMarker() -> SiteMarker?
    /// An empty staging area beside the output; the lock passes to it.
    func stage() throws -> any StagedOutput
    func release()
    /// What the last build that published here left for the next one (`BuildState`), open for reading
    /// (a regular file), `nil` if nothing.
    func openLastBuildState() -> Int32?
    /// An empty file for the next build's state, open for writing, which `StagedOutput.publish` puts in
    /// the last one's place; `nil` where the output keeps none (in memory).
    func createBuildState() -> Int32?
    /// Replaces the table of known inputs beside the output (written whole, then renamed into place).
    func recordKnownInputs(_ table: [UInt8])
}

extension ClaimedOutput {
    public func openLastBuildState() -> Int32? { nil }
    public func createBuildState() -> Int32? { nil }
    public func recordKnownInputs(_ table: [UInt8]) {}
}

/// A new site being written. Writes may come from several threads at once, each for its own file.
public protocol StagedOutput: Sendable {
    /// The staging folder on disk, so the new site's links can be checked before it is published;
    /// `nil` in memory.
    var directory: String? { get }
    func write(path: String, contents: UnsafeRawBufferPointer) throws
    /// A file from the chunks `produce` hands over one after another, without holding them all.
    func write(path: String, produce: ((Data) throws -> Void) throws -> Void) throws
    /// A content file published as it is (an image beside a document), without holding it in memory.
    func copy(path: String, from source: FileSource) throws
    /// A page the renderer made for `job`. An output may keep less than the bytes: the renderer
    /// makes the same page again from the same job (`versus serve` renders pages when asked for).
    func write(_ page: RenderedFile, of job: PageJob) throws
    /// The page of `job` at `path` as `previous` published it, which this build would make byte for byte
    /// the same (`PageDependencies`); `false` when this output cannot take it from there, and the page
    /// is rendered. By default its bytes are copied from `previous.files`.
    func keep(_ job: PageJob, at path: String, from previous: RenderedSite) throws -> Bool
    /// The files at `paths` as `previous` published them, all of them or none (`false`). By default
    /// their bytes are copied from `previous.files`.
    func keepFiles(at paths: [String], from previous: RenderedSite) throws -> Bool
    /// The file at `path` of the output `previous` describes, open for reading, when it is the one that
    /// output's manifest recorded (`previous.pagesInOutput`); `nil` otherwise, and in memory.
    func openKept(_ path: String, from previous: RenderedSite) -> Int32?
    /// Swaps the staged site in for the output, with its marker, and releases the lock.
    func publish(marker: SiteMarker) throws
    /// Drops the staged site and releases the lock: the previous output stays as it was.
    func abandon()
}

extension StagedOutput {
    public func write(_ page: RenderedFile, of job: PageJob) throws {
        try page.content.withUnsafeBytes { try write(path: page.path, contents: $0) }
    }

    public func keep(_ job: PageJob, at path: String, from previous: RenderedSite) throws -> Bool {
        try keepFiles(at: [path], from: previous)
    }

    public func openKept(_ path: String, from previous: RenderedSite) -> Int32? { nil }

    public func keepFiles(at paths: [String], from previous: RenderedSite) throws -> Bool {
        try copyFiles(at: paths, from: previous)
    }

    /// The files at `paths` written with the bytes `previous.files` holds, all or none.
    func copyFiles(at paths: [String], from previous: RenderedSite) throws -> Bool {
        let files = paths.compactMap { path in previous.files[path].map { (path, $0) } }
        guard files.count == paths.count else { return false }
        for (path, bytes) in files { try bytes.withUnsafeBytes { try write(path: path, contents: $0) } }
        return true
    }


    public func write(_ file: OutputFile) throws {
        try file.bytes.withUnsafeBytes { try write(path: file.path, contents: UnsafeRawBufferPointer($0)) }
    }

    /// A content file published as it is. This default streams a descriptor through `write(path:produce:)`
    /// a chunk at a time; the disk output copies inside the kernel instead.
    public func copy(path: String, from source: FileSource) throws {
        switch source {
        case .bytes(let bytes):
            try bytes.withUnsafeBytes { try write(path: path, contents: $0) }
        case .descriptor(let descriptor, _):
            try write(path: path) { emit in
                var chunk = Data(count: 1 << 20)
                while true {
                    let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0 && errno == EINTR { continue }
                    if count < 0 { throw OutputError("cannot read '\(path)': \(String(cString: strerror(errno)))") }
                    if count == 0 { break }
                    try emit(chunk.prefix(count))
                }
            }
        }
    }
}

/// What a successful build leaves in its output: who made the folder, from what inputs, and the
/// diagnostics the build printed (replayed when the next build finds nothing changed).
public struct SiteMarker: Codable, Sendable {
    public var fingerprint: String
    public var diagnostics: [Diagnostic]

    public init(fingerprint: String, diagnostics: [Diagnostic]) {
        self.fingerprint = fingerprint
        self.diagnostics = diagnostics
    }

    static let heading = "Built by Versus; this folder is replaced on every build.\n"

    /// The heading, then the marker as one JSON line.
    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return SiteMarker.heading + json + "\n"
    }

    /// The marker, if `text` is one Versus wrote.
    static func parse(_ text: Substring) -> SiteMarker? {
        guard text.hasPrefix(heading) else { return nil }
        return try? JSONDecoder().decode(SiteMarker.self, from: Data(text.dropFirst(heading.count).utf8))
    }
}

/// A site held in memory, published as a dictionary of paths to bytes (see `MemoryFiles`).
public final class MemoryOutput: SiteOutput, ClaimedOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var published: [String: [UInt8]]?
    private var marker: SiteMarker?

    public init() {}

    /// The files of the last published build, by path.
    public var files: [String: [UInt8]]? { lock.withLock { published } }

    public func validate() throws {}
    public var holdsForeignFiles: Bool { false }
    public func claim() throws -> any ClaimedOutput { self }
    public func intactMarker() -> SiteMarker? { lock.withLock { published == nil ? nil : marker } }
    public func release() {}
    public func stage() throws -> any StagedOutput { Staged(owner: self) }

    private final class Staged: StagedOutput, @unchecked Sendable {
        let owner: MemoryOutput
        private let lock = NSLock()
        private var files: [String: [UInt8]] = [:]

        init(owner: MemoryOutput) { self.owner = owner }

        var directory: String? { nil }

        func write(path: String, contents: UnsafeRawBufferPointer) throws {
            let bytes = [UInt8](contents)
            lock.withLock { files[path] = bytes }
        }

        func write(path: String, produce: ((Data) throws -> Void) throws -> Void) throws {
            var bytes: [UInt8] = []
            try produce { bytes += $0 }
            lock.withLock { files[path] = bytes }
        }

        func publish(marker: SiteMarker) throws {
            let files = lock.withLock { self.files }
            owner.lock.withLock {
                owner.published = files
                owner.marker = marker
            }
        }

        func abandon() {}
    }
}
