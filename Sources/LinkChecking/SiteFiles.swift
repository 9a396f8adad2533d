import FileListing
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every file and folder under the site root, as site-relative `/`-separated paths, and the pages among them.
struct SiteListing: Sendable {
    var files: Set<String> = []
    var folders: Set<String> = []
    /// `.html` and `.htm` files, sorted, so the output order never depends on the file system.
    var htmlFiles: [String] = []
}

func listSite(_ root: String) throws -> SiteListing {
    // The folders' own entry types (d_type), not FileManager's enumerator: on 10,000 pages the enumerator's
    // resource values cost as much as resolving every link. Symbolic links to folders are listed but not
    // followed, so a link cycle cannot trap the walk.
    let rootPath = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    var listing = SiteListing()
    var pendingFolders: [String] = [""]
    while let folder = pendingFolders.popLast() {
        let absoluteFolder = folder.isEmpty ? rootPath : rootPath + "/" + folder
        let entries: [FolderEntry]
        do {
            // The root may be a link the user gave ("root/." follows it); below it, folders are real ones.
            entries = try FolderListing.entries(of: folder.isEmpty ? absoluteFolder + "/." : absoluteFolder)
        } catch {
            if folder.isEmpty { throw LinkCheckError.unreadableDirectory(root) }
            continue
        }
        for entry in entries {
            let name = entry.name
            let relative = folder.isEmpty ? name : folder + "/" + name
            var isDirectory = entry.kind == .folder
            if entry.kind != .folder, entry.kind != .regular {
                // A symbolic link, a special file, or a file system that does not fill d_type: ask stat,
                // which follows links.
                var info = stat()
                if stat(absoluteFolder + "/" + name, &info) == 0 {
                    isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
                }
                if isDirectory, entry.kind == .symbolicLink {
                    listing.folders.insert(relative)
                    continue
                }
            }
            if isDirectory {
                if name == ".git" { continue }
                listing.folders.insert(relative)
                pendingFolders.append(relative)
            } else {
                listing.files.insert(relative)
                let lowered = name.lowercased()
                if lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") {
                    listing.htmlFiles.append(relative)
                }
            }
        }
    }
    listing.htmlFiles.sort()
    return listing
}

/// Reads and parses every page on all cores; results are stored by index, so their order is the input order.
func parsePages(_ relativePaths: [String], root: String) -> [PageLinks] {
    let results = Locked<[PageLinks?]>(Array(repeating: nil, count: relativePaths.count))
    let rootPath = root.hasSuffix("/") ? root : root + "/"
    DispatchQueue.concurrentPerform(iterations: relativePaths.count) { index in
        let page = relativePaths[index]
        let parsed: PageLinks
        if let data = FileManager.default.contents(atPath: rootPath + page) {
            parsed = parsePage([UInt8](data), page: page)
        } else {
            parsed = PageLinks(page: page, unreadableReason: "cannot be read")
        }
        results.withLock { $0[index] = parsed }
    }
    return results.withLock { $0 }.enumerated().map { index, page in
        page ?? PageLinks(page: relativePaths[index], unreadableReason: "was not parsed")
    }
}
