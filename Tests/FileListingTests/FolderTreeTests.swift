import FileListing
import Foundation
import Testing
import TestSupport

/// `FolderTree.walk` against a plain recursive listing of the same random trees (folders, files, links to
/// folders and to files, a link cycle): every folder reached once, links never followed unless `visit`
/// returns them, and the same result whether a level is listed in order or on every core.
@Suite struct FolderTreeTests {
    /// A random tree under a new temporary folder; returns its path.
    static func randomTree(seed: UInt64) throws -> String {
        var random = SeededRandom(seed: seed)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("folder-tree-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var folders = [""]
        for index in 0..<300 {
            let parent = folders[random.next(below: folders.count)]
            let path = parent.isEmpty ? "n\(index)" : parent + "/n\(index)"
            switch random.next(below: 10) {
            case 0..<4:
                try FileManager.default.createDirectory(atPath: root + "/" + path, withIntermediateDirectories: false)
                folders.append(path)
            case 4..<8:
                try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/" + path))
            case 8:
                // A link to a folder above it: a cycle if it were followed.
                try FileManager.default.createSymbolicLink(atPath: root + "/" + path, withDestinationPath: root)
            default:
                try FileManager.default.createSymbolicLink(atPath: root + "/" + path, withDestinationPath: "/etc/hostname")
            }
        }
        return root
    }

    /// The plain definition: every path below `root`, links listed but not entered.
    static func plainListing(_ root: String, _ folder: String = "") -> [String: FileKind] {
        var found: [String: FileKind] = [:]
        let absolute = folder.isEmpty ? root : root + "/" + folder
        for name in (try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? [] {
            let path = folder.isEmpty ? name : folder + "/" + name
            var info = stat()
            guard lstat(root + "/" + path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                found[path] = .folder
                found.merge(plainListing(root, path)) { first, _ in first }
            case S_IFLNK: found[path] = .symbolicLink
            case S_IFREG: found[path] = .regular
            default: found[path] = .other
            }
        }
        return found
    }

    static func walked(_ root: String, _ listing: FolderTree.Listing) -> (entries: [String: FileKind?], visited: [String]) {
        var entries: [String: FileKind?] = [:]
        var visited: [String] = []
        FolderTree.walk(listing: listing, list: { folder in
            Result { try FolderListing.entries(of: folder.isEmpty ? root : root + "/" + folder) }
        }, visit: { folder, listed in
            visited.append(folder)
            let listedEntries = (try? listed.get()) ?? []
            for entry in listedEntries { entries[FolderTree.child(entry.name, of: folder)] = entry.kind }
            return listedEntries.filter { $0.kind == .folder }.map { FolderTree.child($0.name, of: folder) }
        })
        return (entries, visited)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func walksEveryFolderOnceWithoutFollowingLinks(seed: UInt64) throws {
        let root = try Self.randomTree(seed: seed)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let expected = Self.plainListing(root)
        #expect(expected.values.contains(.symbolicLink))
        #expect(expected.count > 250)
        for listing in [FolderTree.Listing.inOrder, .onEveryCore] {
            let (entries, visited) = Self.walked(root, listing)
            #expect(entries.count == expected.count, "\(listing)")
            for (path, kind) in expected { #expect(entries[path] == kind, "\(listing): \(path)") }
            // Each folder once, parents before children (levels in order).
            #expect(Set(visited).count == visited.count)
            #expect(Set(visited) == Set([""] + expected.filter { $0.value == .folder }.map(\.key)))
            let depths = visited.map { $0.isEmpty ? 0 : $0.split(separator: "/").count }
            #expect(depths == depths.sorted(), "\(listing): levels out of order")
        }
        #expect(Self.walked(root, .inOrder).visited == Self.walked(root, .onEveryCore).visited)
    }

    @Test func aFolderThatCannotBeListedIsHandedToVisitAsAFailure() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("folder-tree-\(UUID().uuidString)").path
        var failures: [String] = []
        FolderTree.walk(list: { folder in
            Result { try FolderListing.entries(of: root + "/" + folder) }
        }, visit: { folder, listed in
            if case .failure = listed { failures.append(folder) }
            return []
        })
        #expect(failures == [""])
    }
}
