import ComparisonExtraction
import Foundation

/// The seam between the stages "read" and "extract" for a process that builds the same site again and
/// again (`versus serve`): each content file's extraction result, kept from one build to the next.
///
/// Contract: extracting a file is a pure function of its bytes, its two paths (content and display)
/// and the loader's settings from `site.yml` (`unsafe_html`, `product`, the input limits). A result
/// is reused only when all of these are equal to what made it, bytes compared in full (no hash that
/// could collide); anything else is extracted again. So a build with a memo makes exactly the model
/// of a build without one, and after one edit only the edited file is parsed. A template change
/// reuses every result. The memo holds the results of the last build only (deleted files drop out).
///
/// A class because it is the one thing shared between builds; the lock guards every access.
public final class ExtractionMemo: @unchecked Sendable {
    /// What, beside the file, decides its extraction.
    struct Settings: Equatable {
        var limits: InputLimits
        var allowRawHTML: Bool
        var siteProduct: String?
    }

    struct Entry {
        var displayPath: String
        var settings: Settings
        var bytes: [UInt8]
        var result: ModelLoader.FileExtraction
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var counts = (reused: 0, extracted: 0)

    public init() {}

    /// Of the last build: files whose result was reused, and files extracted.
    public var lastBuild: (reused: Int, extracted: Int) { lock.withLock { counts } }

    func result(for file: DiscoveredFile, bytes: [UInt8], settings: Settings) -> ModelLoader.FileExtraction? {
        guard let entry = lock.withLock({ entries[file.contentPath] }),
              entry.displayPath == file.displayPath, entry.settings == settings, Self.same(entry.bytes, bytes) else { return nil }
        return entry.result
    }

    /// What the last build made of the file at `contentPath`, with the bytes it read.
    func entry(at contentPath: String) -> Entry? {
        lock.withLock { entries[contentPath] }
    }

    /// Files extracted again on their own, by content path (an edit `versus serve` rebuilt without a full build).
    func update(_ changed: [String: Entry]) {
        lock.withLock {
            entries.merge(changed) { $1 }
            counts = (entries.count - changed.count, changed.count)
        }
    }

    /// The results of the build that just extracted, replacing the previous build's.
    func replace(with newEntries: [String: Entry], reused: Int) {
        lock.withLock {
            entries = newEntries
            counts = (reused, newEntries.count - reused)
        }
    }

    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }
}
