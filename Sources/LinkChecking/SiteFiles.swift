import FileListing
import Foundation
import ParallelWork
import Glibc

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
    // followed, so a link cycle cannot trap the walk. Each level's folders are read on every core.
    let rootPath = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    var listing = SiteListing()
    try FolderTree.walk(listing: .onEveryCore, list: { folder in
        // The root may be a link the user gave ("root/." follows it); below it, folders are real ones.
        Result { try FolderListing.entries(of: folder.isEmpty ? rootPath + "/." : rootPath + "/" + folder) }
    }, visit: { folder, listed in
        guard case .success(let entries) = listed else {
            if folder.isEmpty { throw LinkCheckError.unreadableDirectory(root) }
            return []
        }
        let absoluteFolder = folder.isEmpty ? rootPath : rootPath + "/" + folder
        var subfolders: [String] = []
        for entry in entries {
            let name = entry.name
            let relative = FolderTree.child(name, of: folder)
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
                subfolders.append(relative)
            } else {
                listing.files.insert(relative)
                let lowered = name.lowercased()
                if lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") {
                    listing.htmlFiles.append(relative)
                }
            }
        }
        return subfolders
    })
    listing.htmlFiles.sort()
    return listing
}

/// Reads and parses every page on all cores, in the order given.
func parsePages(_ relativePaths: [String], root: String) -> [PageLinks] {
    let rootPath = root.hasSuffix("/") ? root : root + "/"
    return relativePaths.parallelMap { page in
        guard let data = FileManager.default.contents(atPath: rootPath + page) else {
            return PageLinks(page: page, unreadableReason: "cannot be read")
        }
        return parsePage([UInt8](data), page: page)
    }
}
