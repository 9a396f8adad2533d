import Diagnostics
import Foundation

/// A Markdown file found under the content folder.
public struct DiscoveredFile: Sendable, Hashable {
    /// Absolute path, for reading.
    public var absolutePath: String
    /// Path relative to the content folder, with `/` separators.
    public var contentPath: String
    /// Path as messages show it (relative to the working directory when inside it).
    public var displayPath: String
}

/// Finds the documents to build. Only regular files are read: a FIFO named `x.md` would block forever.
public enum ContentDiscovery {
    /// Editor and system leftovers that are never content: `.hidden.md`, `~x.md`, `#x.md#`, `x.md~`, `.x.md.swp`.
    static func isIgnoredName(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasPrefix("~") || name.hasPrefix("#") || name.hasSuffix("~") || name.hasSuffix("#")
    }

    public static func discover(contentDirectory: String, displayPrefix: String) throws -> (files: [DiscoveredFile], diagnostics: [Diagnostic]) {
        var files: [DiscoveredFile] = []
        var diagnostics: [Diagnostic] = []
        var pending: [String] = [""]
        while let relativeFolder = pending.popLast() {
            let folder = relativeFolder.isEmpty ? contentDirectory : contentDirectory + "/" + relativeFolder
            let entries: [FolderEntry]
            do {
                entries = try listFolder(folder)
            } catch {
                throw Diagnostic(.error, file: displayPrefix + relativeFolder, "cannot read the folder: \(error.localizedDescription)")
            }
            for entry in entries.sorted(by: { $0.name < $1.name }) where !isIgnoredName(entry.name) {
                let name = entry.name
                let relative = relativeFolder.isEmpty ? name : relativeFolder + "/" + name
                let absolute = folder + "/" + name
                let display = displayPrefix + relative
                let type: mode_t
                if let listedType = entry.type {
                    type = listedType
                } else {
                    var info = stat()
                    guard lstat(absolute, &info) == 0 else { continue }
                    type = info.st_mode & S_IFMT
                }
                guard entry.isValidUTF8 else {
                    // Paths are UTF-8 everywhere else (URLs, messages, model.json): such a name cannot be published.
                    if type == S_IFDIR || name.lowercased().hasSuffix(".md") {
                        diagnostics.append(Diagnostic(.warning, file: display, "the name is not valid UTF-8; skipped (rename it)"))
                    }
                    continue
                }
                switch type {
                case S_IFDIR:
                    pending.append(relative)
                case S_IFREG:
                    if name.lowercased().hasSuffix(".md") {
                        files.append(DiscoveredFile(absolutePath: absolute, contentPath: relative, displayPath: display))
                    }
                case S_IFLNK:
                    // Links could lead outside the content folder or into a loop; they are never followed.
                    diagnostics.append(Diagnostic(.warning, file: display, "symbolic link skipped: only regular files and folders are read"))
                default:
                    if name.lowercased().hasSuffix(".md") {
                        diagnostics.append(Diagnostic(.warning, file: display, "not a regular file (a FIFO, socket or device); skipped"))
                    }
                }
            }
        }
        files.sort { $0.contentPath < $1.contentPath }
        return (files, diagnostics)
    }

    /// A folder's entries with their types as the directory itself records them (`d_type`), so a
    /// folder of 10,000 documents costs one listing rather than a `stat` per file; `nil` where the
    /// file system does not say, and the caller asks `lstat`.
    struct FolderEntry {
        /// Invalid UTF-8 repaired with U+FFFD, for messages.
        var name: String
        var type: mode_t?
        var isValidUTF8: Bool
    }

    static func listFolder(_ path: String) throws -> [FolderEntry] {
        guard let directory = opendir(path) else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
        defer { closedir(directory) }
        var entries: [FolderEntry] = []
        while true {
            errno = 0 // readdir signals an error only through errno
            guard let entry = readdir(directory) else {
                if errno != 0 {
                    throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
                }
                break
            }
            let (name, isValidUTF8) = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.prefix { $0 != 0 }
                let name = String(decoding: bytes, as: UTF8.self)
                return (name, name.utf8.elementsEqual(bytes))
            }
            if name == "." || name == ".." { continue }
            let type: mode_t?
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): type = S_IFREG
            case Int32(DT_DIR): type = S_IFDIR
            case Int32(DT_LNK): type = S_IFLNK
            case Int32(DT_FIFO): type = S_IFIFO
            case Int32(DT_SOCK): type = S_IFSOCK
            case Int32(DT_CHR): type = S_IFCHR
            case Int32(DT_BLK): type = S_IFBLK
            default: type = nil
            }
            entries.append(FolderEntry(name: name, type: type, isValidUTF8: isValidUTF8))
        }
        return entries
    }
}
