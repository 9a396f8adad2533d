import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a path names, as the file system reports it without following a symbolic link.
public enum FileKind: Sendable, Equatable {
    case regular, folder, symbolicLink
    /// A FIFO, socket or device: never read (a FIFO named `x.md` would block forever).
    case other
}

/// One entry of a folder listing.
public struct FolderEntry: Sendable {
    /// Invalid UTF-8 repaired with U+FFFD, for messages.
    public var name: String
    /// `nil` where the listing does not say (the file system does not fill `d_type`); callers then `lstat`.
    public var kind: FileKind?
    public var isValidUTF8: Bool

    public init(name: String, kind: FileKind?, isValidUTF8: Bool = true) {
        self.name = name
        self.kind = kind
        self.isValidUTF8 = isValidUTF8
    }
}

/// The one reading of a folder from the disk, for the build's folder walk (`SiteBuilder.FolderWalk`,
/// through `FileSystem.disk`) and the link checker's listing of a built site.
public enum FolderListing {
    /// A folder's entries with their types as the directory itself records them (`d_type`), so a
    /// folder of 10,000 documents costs one listing rather than a `stat` per file. The folder is
    /// opened with `O_NOFOLLOW`: a folder swapped for a link after it was found is not listed.
    public static func entries(of path: String) throws -> [FolderEntry] {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0, let directory = fdopendir(descriptor) else {
            let reason = errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: reason])
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
            let kind: FileKind?
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .regular
            case Int32(DT_DIR): kind = .folder
            case Int32(DT_LNK): kind = .symbolicLink
            case Int32(DT_FIFO), Int32(DT_SOCK), Int32(DT_CHR), Int32(DT_BLK): kind = .other
            default: kind = nil
            }
            entries.append(FolderEntry(name: name, kind: kind, isValidUTF8: isValidUTF8))
        }
        return entries
    }
}
