import FileListing
import Foundation
import Testing
import TestSupport
@testable import SiteBuilder

/// `FolderWalk.entries` reads folders level by level (`FolderTree`) and then puts the entries in the order
/// the build has always used: each folder's entries together, sorted by name, folders depth first. The
/// plain definition below is that order written as a depth-first walk.
@Suite struct FolderWalkOrderTests {
    static func depthFirst(_ fileSystem: FileSystem, _ root: String, skip: (String) -> Bool) throws -> [String] {
        var found: [String] = []
        var pending: [String] = [""]
        while let relativeFolder = pending.popLast() {
            let folder = relativeFolder.isEmpty ? root + "/." : root + "/" + relativeFolder
            var subfolders: [String] = []
            for listed in try fileSystem.listFolder(folder).sorted(by: { $0.name < $1.name }) where !skip(listed.name) {
                let path = relativeFolder.isEmpty ? listed.name : relativeFolder + "/" + listed.name
                guard let kind = listed.kind ?? fileSystem.kind(root + "/" + path) else { continue }
                found.append(path)
                if kind == .folder && listed.isValidUTF8 { subfolders.append(path) }
            }
            pending += subfolders.reversed()
        }
        return found
    }

    @Test(arguments: [7, 8] as [UInt64])
    func entriesComeInTheDepthFirstOrder(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("folder-walk-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var folders = [""]
        for index in 0..<200 {
            let parent = folders[random.next(below: folders.count)]
            // Names that sort differently as strings and as numbers, and hidden ones the walk skips.
            let name = ["b\(index)", "a\(index % 7)x\(index)", ".hidden\(index)", "Z\(index)"][random.next(below: 4)]
            let path = parent.isEmpty ? name : parent + "/" + name
            if random.next(below: 3) == 0 {
                try FileManager.default.createDirectory(atPath: root + "/" + path, withIntermediateDirectories: false)
                folders.append(path)
            } else {
                try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/" + path))
            }
        }
        #expect(folders.count > 30)
        let walk = FolderWalk(fileSystem: .disk)
        let walked = try walk.entries(under: root, skip: FolderWalk.isIgnoredName).map(\.path)
        let expected = try Self.depthFirst(.disk, root, skip: FolderWalk.isIgnoredName)
        #expect(walked == expected)
        #expect(walked.count > 50)
        // Not recursive: the root's own entries, in name order.
        let top = try walk.entries(under: root, recursive: false).map(\.path)
        #expect(top == (try FileManager.default.contentsOfDirectory(atPath: root)).sorted())
    }

    /// `café` in NFC and in NFD are two folders on disk; each keeps its own entries (Swift would take the
    /// two names for one string).
    @Test func canonicallyEquivalentFoldersStayTwo() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("folder-walk-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        for (folder, file) in [(composed, "one.md"), (decomposed, "two.md")] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/" + folder + "/" + file))
        }
        let walked = try FolderWalk(fileSystem: .disk).entries(under: root).map { Array($0.path.utf8) }
        let expected = try Self.depthFirst(.disk, root, skip: { _ in false }).map { Array($0.utf8) }
        #expect(walked == expected)
        #expect(walked.count == 4)
        #expect(walked.contains(Array((composed + "/one.md").utf8)))
        #expect(walked.contains(Array((decomposed + "/two.md").utf8)))
    }
}
