import Diagnostics
import Foundation

/// A Markdown file found under the content folder.
public struct DiscoveredFile: Sendable, Hashable {
    /// Path relative to the content folder, with `/` separators.
    public var contentPath: String
    /// Path as messages show it (relative to the working directory when inside it).
    public var displayPath: String
    /// A Markdown document; otherwise a file published beside the pages as it is (an image, a PDF).
    public var isDocument: Bool = true

    public init(contentPath: String, displayPath: String, isDocument: Bool = true) {
        self.contentPath = contentPath
        self.displayPath = displayPath
        self.isDocument = isDocument
    }
}

/// Finds what the content folder holds, by the input rules of `FolderWalk` (no hidden or editor files,
/// no symbolic links): the documents (regular `*.md` files) and every other file, published as it is.
public enum ContentDiscovery {
    public static func discover(contentDirectory: String, displayPrefix: String,
                                fileSystem: FileSystem = .disk) throws -> (files: [DiscoveredFile], diagnostics: [Diagnostic]) {
        let (paths, diagnostics) = try FolderWalk(fileSystem: fileSystem).inputFiles(
            under: contentDirectory, displayPrefix: displayPrefix, wanted: { _ in true })
        return (paths.map { DiscoveredFile(contentPath: $0, displayPath: displayPrefix + $0, isDocument: isDocument($0)) }, diagnostics)
    }

    static func isDocument(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".md")
    }
}
