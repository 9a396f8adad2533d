import ComparisonExtraction
import ComparisonModel
import Diagnostics
import ExtractionArchive
import Foundation
import MarkdownSyntax
import ParallelWork

/// What a published build that replaced an earlier one leaves beside its output (`.NAME.versus-state`;
/// a first build into an empty folder leaves none) so that the next build on disk does only what an edit needs: each content file's extraction (`ExtractionArchive`) under the
/// fingerprint of the file's paths and bytes, and what decides whether that build's pages may be kept.
///
/// Contract: a build with a state makes byte for byte the site a build without one makes. A recorded
/// extraction is taken only when the file's fingerprint, the Versus executable and the loader's
/// settings are those that made it (`extractionKey`); the state is read only when it belongs to the
/// site in the output (`site` is the fingerprint in that site's marker) and that site is intact (its
/// manifest matches, `ClaimedOutput.intactMarker`). Pages are kept only when everything but the content
/// (`pagesKey`: templates, assets, `site.yml`, options) is what made them, and then only those
/// `PageDependencies.jobsToRender` allows, judged against the model this state's extractions assemble
/// into, which is the last build's model; `model.json` takes the JSON of each document equal to one of
/// the last model's from the output's file (`KeptModelJSON`). Anything damaged, missing or different
/// means a full build.
/// (`CommandTests.IncrementalBuildTests` compares incremental builds with full builds after random edits.)
struct BuildState {
    static let magic = Array("versus build state 4\n".utf8)

    struct File {
        var file: DiscoveredFile
        /// `BuildFingerprint` of the file's two paths and bytes.
        var digest: UInt64
        /// Where its extraction's archive is in `bytes`, and the archive's `BuildFingerprint`: a damaged
        /// archive can read as another value, so it is checked before it is read.
        var archive: Range<Int>
        var check: UInt64
    }

    /// The fingerprint in the marker of the site this state describes.
    var site: String
    /// The executable's fingerprint and the loader's settings: what, beside a file, decides its extraction.
    var extractionKey: UInt64
    /// The fingerprint of everything the build read but the content.
    var pagesKey: UInt64
    /// What discovery and reading said, and the content folder's other files: the rest of what the
    /// last build's model was assembled from.
    var readDiagnostics: [Diagnostic]
    var contentFiles: [DiscoveredFile]
    /// The documents read, in the order the build took them.
    var files: [File]
    var highlightedCode: [CodeSample: String]
    /// The quick find's index files the site holds.
    var searchIndexPaths: [String]
    /// Where each document's JSON is in the site's `model.json`, by index in the model.
    var modelJSONRanges: [Range<Int>]
    /// The state file, from which each archive is read when asked for: at 100,000 documents the file
    /// is 700 MB, which is not held in memory.
    var source: StateSource

    static func extractionKey(executable: BuildFingerprint, settings: ExtractionMemo.Settings) -> UInt64 {
        var key = BuildFingerprint()
        key.add(executable)
        // The executable is in the key, so the settings' description is as stable as needed.
        key.add(String(reflecting: settings))
        return key.value
    }

    /// The state `source` holds (`StateFile` wrote it): its table, the extractions left in the file until
    /// asked for; `nil` when the file is not a whole state this version wrote (a build killed before its
    /// end leaves no table).
    static func read(_ source: StateSource) -> BuildState? {
        let footer = 16 + magic.count, size = source.size
        guard size >= magic.count + footer, source.read(0..<magic.count) == magic,
              let end = source.read((size - footer)..<size), end.suffix(magic.count).elementsEqual(magic) else { return nil }
        let tableOffset = Int(clamping: end.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
        let tableCheck = end.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
        guard tableOffset >= magic.count, tableOffset <= size - footer, let table = source.read(tableOffset..<(size - footer)),
              table.withUnsafeBytes({ checksum($0) }) == tableCheck else { return nil }
        return try? table.withUnsafeBytes { buffer -> BuildState in
            var reader = ArchiveReader(buffer)
            let site = try reader.string(), extractionKey = try reader.unsigned(), pagesKey = try reader.unsigned()
            let diagnostics = try reader.diagnostics()
            let contentFiles = try reader.array { reader in
                DiscoveredFile(contentPath: try reader.string(), displayPath: try reader.string(), isDocument: false)
            }
            var code: [CodeSample: String] = [:]
            for _ in 0..<(try reader.count()) {
                code[CodeSample(language: try reader.string(), code: try reader.string())] = try reader.string()
            }
            // Linked from the output into the staging folder: a path that is not plainly inside them (a
            // state someone wrote by hand) makes the state worthless, not a link elsewhere.
            let searchIndexPaths = try reader.strings()
            guard searchIndexPaths.allSatisfy(isPlainRelativePath) else { throw reader.damaged() }
            var position = 0
            let modelJSONRanges = try reader.array { reader -> Range<Int> in
                // Each range as its gap from the last one and its length.
                let gap = try reader.unsigned(), length = try reader.unsigned()
                guard gap <= UInt64(Int32.max), length <= UInt64(Int32.max) else { throw reader.damaged() }
                position += Int(gap)
                defer { position += Int(length) }
                return position..<(position + Int(length))
            }
            let files = try reader.array { reader -> File in
                let file = DiscoveredFile(contentPath: try reader.string(), displayPath: try reader.string())
                // Offsets into the archives before the table, not counts of what follows.
                let digest = try reader.unsigned(), start = try reader.unsigned(), length = try reader.unsigned(), check = try reader.unsigned()
                guard start >= UInt64(magic.count), length <= UInt64(tableOffset), start <= UInt64(tableOffset) - length else {
                    throw reader.damaged()
                }
                return File(file: file, digest: digest, archive: Int(start)..<Int(start + length), check: check)
            }
            guard reader.isAtEnd else { throw reader.damaged() }
            return BuildState(site: site, extractionKey: extractionKey, pagesKey: pagesKey, readDiagnostics: diagnostics,
                              contentFiles: contentFiles, files: files, highlightedCode: code, searchIndexPaths: searchIndexPaths,
                              modelJSONRanges: modelJSONRanges, source: source)
        }
    }

    /// `a/b.json`: no leading `/`, no empty, `.` or `..` component.
    static func isPlainRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/")
            && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var fingerprint = BuildFingerprint()
        fingerprint.add(bytes)
        return fingerprint.value
    }

    /// `files[index]`'s archive, read and checked; `nil` if it cannot be read or is damaged.
    func archive(of index: Int) -> [UInt8]? {
        guard let bytes = source.read(files[index].archive), bytes.withUnsafeBytes({ Self.checksum($0) }) == files[index].check else { return nil }
        return bytes
    }

    /// The extraction an archive holds; `nil` if it holds none.
    static func extraction(from archive: [UInt8]) -> ModelLoader.FileExtraction? {
        archive.withUnsafeBytes { buffer in
            var reader = ArchiveReader(buffer)
            guard let extraction = try? reader.extraction(), reader.isAtEnd else { return nil }
            return extraction
        }
    }

    /// `files[index]`'s extraction; `nil` if it cannot be read or is damaged.
    func extraction(of index: Int) -> ModelLoader.FileExtraction? {
        archive(of: index).flatMap(Self.extraction(from:))
    }
}

/// The last build's state file, open for reading.
final class StateSource: @unchecked Sendable {
    private let descriptor: Int32
    let size: Int

    /// Takes `descriptor` (a regular file) and closes it when done.
    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// The bytes at `range`; `nil` if the file holds fewer.
    func read(_ range: Range<Int>) -> [UInt8]? {
        guard range.lowerBound >= 0, range.upperBound <= size else { return nil }
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, $0.count - done, off_t(range.lowerBound + done)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            done += count
        }
        return bytes
    }
}

/// What a build on disk needs to use the last build's state and to record the next: the keys the state
/// must match (`BuildState.extractionKey`, and the fingerprint of everything but the content), each
/// content file's fingerprint in the order read, the state when it describes the intact output, and
/// the file the next state goes to.
struct StateRecording {
    var keys: (extraction: UInt64, pages: UInt64)
    var digests: [UInt64]
    var state: BuildState?
    /// Where the next state is written.
    var next: StateFile
}

/// `model.json` of the site this build replaces (checked to be the file its manifest recorded), from which
/// each document equal to one of that site's takes its JSON instead of being encoded again: its JSON is a
/// function of the document alone. At 10,000 documents the file is 40 MB, and one edit changes a document.
final class KeptModelJSON: @unchecked Sendable {
    private let descriptor: Int32
    private let ranges: [Range<Int>]
    private let documents: [Document]
    private let indexBySlug: [String: Int]

    init?(of previous: RenderedSite, from staged: any StagedOutput) {
        guard let ranges = previous.modelJSONRanges, ranges.count == previous.renderer.model.documents.count,
              let descriptor = staged.openKept("model.json", from: previous) else { return nil }
        self.descriptor = descriptor
        self.ranges = ranges
        documents = previous.renderer.model.documents
        var indexBySlug: [String: Int] = [:]
        for (index, document) in documents.enumerated() { indexBySlug[document.slug] = index }
        self.indexBySlug = indexBySlug
    }

    deinit { close(descriptor) }

    /// The JSON the replaced site holds for a document equal to `document`; `nil` if it holds none.
    @Sendable func bytes(_ document: Document) -> Data? {
        guard let index = indexBySlug[document.slug], documents[index] == document else { return nil }
        let range = ranges[index]
        var data = Data(count: range.count)
        let read = data.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, range.count, off_t(range.lowerBound)) }
        return read == range.count ? data : nil
    }
}

/// The next `BuildState`, written while the build runs, so that no archive is held in memory (at 100,000
/// documents they are 700 MB): the magic, the archives as workers finish them (in any order), the table
/// (`finish`), then the table's offset and checksum and the magic again. A state without its end is no state.
final class StateFile: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var end = 0
    private var failed = false

    /// Takes `descriptor` (an empty file, open for writing) and closes it when done.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        _ = BuildState.magic.withUnsafeBytes { append($0) }
    }

    deinit { close(descriptor) }

    /// Where `bytes` went; `nil` once a write failed (the state is then never finished).
    func append(_ bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        let start: Int? = lock.withLock {
            guard !failed else { return nil }
            defer { end += bytes.count }
            return end
        }
        guard let start else { return nil }
        var done = 0
        while done < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(start + done))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                lock.withLock { failed = true }
                return nil
            }
            done += count
        }
        return start..<(start + bytes.count)
    }

    /// Writes the table and the end; `false` when the state could not be written whole.
    @discardableResult
    func finish(site: String, extractionKey: UInt64, pagesKey: UInt64, readDiagnostics: [Diagnostic],
                contentFiles: [DiscoveredFile], files: [(file: DiscoveredFile, digest: UInt64, archive: Range<Int>, check: UInt64)],
                highlightedCode: [CodeSample: String], searchIndexPaths: [String], modelJSONRanges: [Range<Int>]) -> Bool {
        var writer = ArchiveWriter(capacity: files.count * 100 + 1024)
        writer.string(site)
        writer.unsigned(extractionKey)
        writer.unsigned(pagesKey)
        writer.diagnostics(readDiagnostics)
        writer.array(contentFiles) { writer, file in
            writer.string(file.contentPath)
            writer.string(file.displayPath)
        }
        let code = highlightedCode.sorted { ($0.key.language, $0.key.code) < ($1.key.language, $1.key.code) }
        writer.array(code) { writer, entry in
            writer.string(entry.key.language)
            writer.string(entry.key.code)
            writer.string(entry.value)
        }
        writer.strings(searchIndexPaths)
        var position = 0
        writer.array(modelJSONRanges) { writer, range in
            writer.unsigned(UInt64(max(0, range.lowerBound - position)))
            writer.unsigned(UInt64(range.count))
            position = range.upperBound
        }
        writer.array(files) { writer, entry in
            writer.string(entry.file.contentPath)
            writer.string(entry.file.displayPath)
            writer.unsigned(entry.digest)
            writer.unsigned(UInt64(entry.archive.lowerBound))
            writer.unsigned(UInt64(entry.archive.count))
            writer.unsigned(entry.check)
        }
        guard let table = writer.bytes.withUnsafeBytes({ append($0) }) else { return false }
        var footer = withUnsafeBytes(of: UInt64(table.lowerBound).littleEndian) { Array($0) }
        footer += withUnsafeBytes(of: writer.bytes.withUnsafeBytes { BuildState.checksum($0) }.littleEndian) { Array($0) }
        footer += BuildState.magic
        return footer.withUnsafeBytes { append($0) } != nil
    }
}

extension ModelLoader {
    /// Stage "extract" on disk, with the last build's state: what `extract(handingOver:...)` makes, where
    /// a file the state recorded with the same fingerprint is read back from its archive instead of
    /// parsed; each file's archive goes to the next state as it is made.
    struct StatefulExtraction {
        var extracted: Extracted
        /// The last build's extraction, made from the state alone (the state's files in its order), for
        /// the last build's model; `nil` without a usable state.
        var previous: Extracted?
        /// The files read, with their fingerprints and where their extractions' archives are in `next`.
        var recorded: [(file: DiscoveredFile, digest: UInt64, archive: Range<Int>, check: UInt64)]
    }

    func extract(handingOver bytes: Handover<Result<[UInt8], Diagnostic>>, of files: [DiscoveredFile], unread: [Bool], digests: [UInt64],
                 diagnostics: [Diagnostic], contentFiles: [DiscoveredFile], state: BuildState?, next: StateFile?) -> StatefulExtraction {
        let settings = extractionSettings
        var recordedAt: [String: Int] = [:]
        for (index, recorded) in (state?.files ?? []).enumerated() { recordedAt[recorded.file.contentPath] = index }
        let lookup = recordedAt
        let outcomes = Array(files.indices).parallelMap { index -> (result: FileExtraction, archive: (range: Range<Int>, check: UInt64)?, reusedFrom: Int?) in
            let taken = bytes.take(index)
            if case .failure(let diagnostic) = taken { return ((nil, nil, [diagnostic]), nil, nil) }
            if let state, let recorded = lookup[files[index].contentPath], state.files[recorded].digest == digests[index],
               state.files[recorded].file.displayPath == files[index].displayPath, let archive = state.archive(of: recorded),
               let result = BuildState.extraction(from: archive) {
                let copied = next.flatMap { next in archive.withUnsafeBytes { next.append($0) }.map { ($0, state.files[recorded].check) } }
                return (result, copied, recorded)
            }
            // Parsed: a document the table let go unread is read now.
            let read: [UInt8]
            switch self.bytes(of: files[index], taken, unread: index < unread.count && unread[index]) {
            case .success(let bytes): read = bytes
            case .failure(let diagnostic): return ((nil, nil, [diagnostic]), nil, nil)
            }
            let result = Self.extract(files[index], bytes: read, settings: settings)
            guard let next else { return (result, nil, nil) }
            var writer = ArchiveWriter()
            writer.extraction(document: result.document, profile: result.profile, diagnostics: result.diagnostics)
            let archive = writer.bytes.withUnsafeBytes { bytes in next.append(bytes).map { ($0, BuildState.checksum(bytes)) } }
            return (result, archive, nil)
        }
        // The last build's extractions: those taken over as they are, the others read back.
        var previous: Extracted?
        if let state {
            var results = [FileExtraction?](repeating: nil, count: state.files.count)
            for outcome in outcomes { if let index = outcome.reusedFrom { results[index] = outcome.result } }
            let missing = results.indices.filter { results[$0] == nil }
            for (index, result) in zip(missing, missing.parallelMap { state.extraction(of: $0) }) { results[index] = result }
            if results.allSatisfy({ $0 != nil }) {
                previous = join(results.map { $0! }, of: state.files.map(\.file), diagnostics: state.readDiagnostics,
                                contentFiles: state.contentFiles)
            }
        }
        var recorded: [(file: DiscoveredFile, digest: UInt64, archive: Range<Int>, check: UInt64)] = []
        for (index, outcome) in outcomes.enumerated() {
            guard let archive = outcome.archive else { continue }
            recorded.append((files[index], digests[index], archive.range, archive.check))
        }
        let extracted = join(outcomes.map(\.result), of: files, diagnostics: diagnostics, contentFiles: contentFiles)
        return StatefulExtraction(extracted: extracted, previous: previous, recorded: recorded)
    }
}
