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
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder)
            } catch {
                throw Diagnostic(.error, file: displayPrefix + relativeFolder, "cannot read the folder: \(error.localizedDescription)")
            }
            for name in names.sorted() where !isIgnoredName(name) {
                let relative = relativeFolder.isEmpty ? name : relativeFolder + "/" + name
                let absolute = folder + "/" + name
                let display = displayPrefix + relative
                var info = stat()
                guard lstat(absolute, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
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
}
