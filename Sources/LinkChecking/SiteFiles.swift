import Foundation

/// Every file and folder under the site root, as site-relative `/`-separated paths, and the pages among them.
struct SiteListing: Sendable {
    var files: Set<String> = []
    var folders: Set<String> = []
    /// `.html` and `.htm` files, sorted, so the output order never depends on the file system.
    var htmlFiles: [String] = []
}

func listSite(_ root: String) throws -> SiteListing {
    let rootURL = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL
    let keys: [URLResourceKey] = [.isDirectoryKey]
    guard let enumerator = FileManager.default.enumerator(at: rootURL, includingPropertiesForKeys: keys) else {
        throw LinkCheckError.unreadableDirectory(root)
    }
    let prefixLength = rootURL.path.hasSuffix("/") ? rootURL.path.count : rootURL.path.count + 1
    var listing = SiteListing()
    for case let url as URL in enumerator {
        let path = url.standardizedFileURL.path
        guard path.count > prefixLength else { continue }
        let relative = String(path.dropFirst(prefixLength))
        let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory ?? false
        if isDirectory {
            if url.lastPathComponent == ".git" {
                enumerator.skipDescendants()
                continue
            }
            listing.folders.insert(relative)
        } else {
            listing.files.insert(relative)
            let lowered = url.pathExtension.lowercased()
            if lowered == "html" || lowered == "htm" {
                listing.htmlFiles.append(relative)
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
