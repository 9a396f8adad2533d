import Diagnostics
import Foundation

/// A Markdown file found under the content folder.
public struct DiscoveredFile: Sendable, Hashable {
    /// Path relative to the content folder, with `/` separators.
    public var contentPath: String
    /// Path as messages show it (relative to the working directory when inside it).
    public var displayPath: String
}

/// Finds the documents to build: regular `*.md` files below the content folder, by the input rules of `FolderWalk`.
public enum ContentDiscovery {
    public static func discover(contentDirectory: String, displayPrefix: String,
                                fileSystem: FileSystem = .disk) throws -> (files: [DiscoveredFile], diagnostics: [Diagnostic]) {
        let (paths, diagnostics) = try FolderWalk(fileSystem: fileSystem).inputFiles(
            under: contentDirectory, displayPrefix: displayPrefix, wanted: { $0.lowercased().hasSuffix(".md") })
        return (paths.map { DiscoveredFile(contentPath: $0, displayPath: displayPrefix + $0) }, diagnostics)
    }
}
