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
/// through `FileSystem.disk`), the link checker's listing of a built site, and the removal of a
/// replaced site (`SiteBuilder.FolderRemoval`, by raw names).
public enum FolderListing {
    /// A folder's entries with their types as the directory itself records them (`d_type`), so a
    /// folder of 10,000 documents costs one listing rather than a `stat` per file. The folder is
    /// opened with `O_NOFOLLOW`: a folder swapped for a link after it was found is not listed.
    public static func entries(of path: String) throws -> [FolderEntry] {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: reason])
        }
        defer { close(descriptor) }
        return try read(descriptor) { bytes, kind in
            let name = String(decoding: bytes, as: UTF8.self)
            return FolderEntry(name: name, kind: kind, isValidUTF8: name.utf8.elementsEqual(bytes))
        }
    }

    /// The entries of the folder open as `descriptor` (left open), each name as its bytes with a closing
    /// NUL, ready for `openat` and `unlinkat`: what removing a site needs, where a name that is not
    /// UTF-8 must still be named exactly.
    public static func rawEntries(ofOpenFolder descriptor: Int32) throws -> [(name: [CChar], kind: FileKind?)] {
        try read(descriptor) { bytes, kind in (bytes.map { CChar(bitPattern: $0) } + [0], kind) }
    }

    /// Every entry but `.` and `..` of the folder open as `descriptor` (left open), made by `make` from
    /// the name's bytes and the type the directory records (`d_type`).
    private static func read<Entry>(_ descriptor: Int32, _ make: (UnsafeRawBufferPointer.SubSequence, FileKind?) -> Entry) throws -> [Entry] {
        let copy = dup(descriptor)
        guard copy >= 0, let directory = fdopendir(copy) else {
            let reason = String(cString: strerror(errno))
            if copy >= 0 { close(copy) }
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: reason])
        }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while true {
            errno = 0 // readdir signals an error only through errno
            guard let entry = readdir(directory) else {
                if errno != 0 {
                    throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
                }
                break
            }
            let kind: FileKind?
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .regular
            case Int32(DT_DIR): kind = .folder
            case Int32(DT_LNK): kind = .symbolicLink
            case Int32(DT_FIFO), Int32(DT_SOCK), Int32(DT_CHR), Int32(DT_BLK): kind = .other
            default: kind = nil
            }
            let made = withUnsafeBytes(of: entry.pointee.d_name) { raw -> Entry? in
                let bytes = raw.prefix { $0 != 0 }
                if bytes.count <= 2, bytes.allSatisfy({ $0 == UInt8(ascii: ".") }) { return nil } // `.` and `..`
                return make(bytes, kind)
            }
            if let made { entries.append(made) }
        }
        return entries
    }
}
