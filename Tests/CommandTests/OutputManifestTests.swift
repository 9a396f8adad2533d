import Foundation
@testable import SiteBuilder
import Testing

/// The manifest's lines are written to bytes; their contract is the plain interpolated form the
/// up-to-date check (`OutputManifest.matches`) reads back.
@Suite struct OutputManifestTests {
    @Test func stampTextIsTheInterpolatedForm() throws {
        for (inode, size, seconds, nanoseconds) in [(UInt64(0), Int64(0), 0, 0), (1234567, 98765, 1_764_000_000, 999_999_999),
                                                     (UInt64.max, Int64.max, Int.max, 5)] {
            var info = stat()
            info.st_mode = S_IFREG | 0o644
            info.st_ino = UInt(inode)
            info.st_size = Int(size)
            info.st_ctim = timespec(tv_sec: seconds, tv_nsec: nanoseconds)
            info.st_mtim = timespec(tv_sec: nanoseconds, tv_nsec: 7)
            let stamp = try #require(OutputManifest.Stamp(info))
            #expect(stamp.text == "f \(inode) \(size) \(seconds).\(nanoseconds) \(nanoseconds).7")
        }
        var folder = stat()
        folder.st_mode = S_IFDIR | 0o755
        #expect(OutputManifest.Stamp(folder)?.text == "d 0 0 0.0 0.0")
    }

    @Test func aManifestReadsBackAsUpToDate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/a b", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/a b/100%.html"))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let entries: [(path: String, stamp: OutputManifest.Stamp)] = try ["", "a b", "a b/100%.html"].map {
            ($0, try #require(OutputManifest.Stamp(path: $0.isEmpty ? folder : folder + "/" + $0)))
        }
        let manifest = OutputManifest(entries: entries)
        #expect(OutputManifest.matches(Substring(manifest.text), folder: folder))
        // Read back by path (what keeping a page checks a link against), every stamp as recorded.
        let stamps = OutputManifest.stamps(in: Substring(manifest.text))
        #expect(stamps.count == entries.count)
        for (path, stamp) in entries { #expect(stamps[path] == stamp, "\(path)") }
        try Data("changed".utf8).write(to: URL(fileURLWithPath: folder + "/a b/100%.html"))
        #expect(!OutputManifest.matches(Substring(manifest.text), folder: folder))
    }

    /// The check reads blocks of lines on every core: a change in any block, and the folder's own line
    /// missing from every block but one, are still seen.
    @Test func everyBlockOfALargeManifestIsChecked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = (0..<3_000).map { String(format: "page-%04d.html", $0) }
        for name in names { try Data(name.utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        var entries: [(path: String, stamp: OutputManifest.Stamp)] = try names.map {
            ($0, try #require(OutputManifest.Stamp(path: folder + "/" + $0)))
        }
        entries.insert(("", try #require(OutputManifest.Stamp(path: folder))), at: 0)
        let text = OutputManifest(entries: entries).text
        #expect(OutputManifest.matches(Substring(text), folder: folder))
        // The folder's line is in the first block only; without it, the rest matching is not enough.
        let withoutRoot = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        #expect(!OutputManifest.matches(Substring(withoutRoot), folder: folder))
        // A file of the last block rewritten (its change time moves).
        try Data("changed".utf8).write(to: URL(fileURLWithPath: folder + "/" + names[2_990]))
        #expect(!OutputManifest.matches(Substring(text), folder: folder))
    }
}
