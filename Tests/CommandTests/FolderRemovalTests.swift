import Foundation
@testable import SiteBuilder
import Testing

/// Removing a replaced site (`FolderRemoval`) goes through folder descriptors and the names' bytes:
/// everything below goes, a link is removed and never followed, a name that is not UTF-8 is still found.
@Suite struct FolderRemovalTests {
    @Test func removesEverythingAndFollowsNoLink() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("removal-\(UUID().uuidString)").path
        let site = base + "/site", outside = base + "/outside"
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: outside + "/kept", withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: URL(fileURLWithPath: outside + "/kept/file.txt"))
        for folder in ["compare/a", "compare/b/deeper/still", "subjects/x"] {
            try FileManager.default.createDirectory(atPath: site + "/" + folder, withIntermediateDirectories: true)
            try Data("page".utf8).write(to: URL(fileURLWithPath: site + "/" + folder + "/index.html"))
        }
        try Data("top".utf8).write(to: URL(fileURLWithPath: site + "/index.html"))
        // Links to a folder and a file outside, at the top and two levels down.
        try FileManager.default.createSymbolicLink(atPath: site + "/linked", withDestinationPath: outside + "/kept")
        try FileManager.default.createSymbolicLink(atPath: site + "/compare/b/link", withDestinationPath: outside + "/kept")
        try FileManager.default.createSymbolicLink(atPath: site + "/compare/a/file", withDestinationPath: outside + "/kept/file.txt")
        // A name that is not UTF-8.
        var name: [CChar] = Array((site + "/compare/a/caf").utf8CString.dropLast()) + [CChar(bitPattern: 0xE9), 0]
        let descriptor = open(&name, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(descriptor >= 0)
        close(descriptor)

        FolderRemoval.remove(site)

        #expect(!FileManager.default.fileExists(atPath: site))
        #expect(FileManager.default.contents(atPath: outside + "/kept/file.txt") == Data("secret".utf8))
    }
}
