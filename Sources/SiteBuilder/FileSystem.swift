import Diagnostics
import FileListing
import Foundation

// `FileKind` and `FolderEntry` live in `FileListing`, which the link checker shares; these names keep
// them reachable as SiteBuilder's, as they were.
public typealias FileKind = FileListing.FileKind
public typealias FolderEntry = FileListing.FolderEntry

/// Why a file could not be read.
public enum ReadFailure: Error, Sendable, Equatable {
    /// The path, or a folder on the way to it below the root, is a symbolic link (now: it may have
    /// been replaced since it was listed).
    case symbolicLink
    case notRegularFile
    case tooLarge(bytes: Int, limit: Int)
    case missing
    case system(String)
}

/// A content file handed over to be published as it is: an open descriptor on disk (copied without
/// being read into memory), its bytes in memory.
public enum FileSource {
    case descriptor(Int32, size: Int)
    case bytes([UInt8])
}

/// Every file-system access of a build's inputs, as closures: the build reads through this seam only,
/// so a test (and later `versus serve`) can run it over files held in memory. `disk` is the real one.
public struct FileSystem: Sendable {
    /// The entries of the folder at `path`, `.` and `..` excluded, in no particular order.
    public var listFolder: @Sendable (_ path: String) throws -> [FolderEntry]
    /// What `path` names, not following a final symbolic link; `nil` when nothing is there.
    public var kind: @Sendable (_ path: String) -> FileKind?
    /// The bytes of the regular file `relativePath` below the folder `root`, refusing to follow a
    /// symbolic link anywhere below `root` and checking what was opened, not the path: a file swapped
    /// for a link between discovery and reading is refused, never read.
    public var readFile: @Sendable (_ root: String, _ relativePath: String, _ limit: Int) throws(ReadFailure) -> [UInt8]
    /// Opens the regular file `relativePath` below `root` as `readFile` does (no link followed, the
    /// descriptor checked) and hands it to `body` without reading it: files beside the documents may be
    /// large, and are copied from the descriptor.
    public var withFile: @Sendable (_ root: String, _ relativePath: String, _ body: (FileSource) throws -> Void) throws -> Void
    /// What identifies a file's version without reading it (size, times, inode on disk), for the build
    /// fingerprint; `nil` when nothing is there.
    public var stamp: @Sendable (_ path: String) -> [UInt8]?
    /// Where the site goes.
    public var output: @Sendable (_ path: String, _ force: Bool, _ protectedFolders: [String]) -> any SiteOutput
    /// Identifies the running Versus for the build fingerprint (a different build may render differently).
    public var executableIdentity: @Sendable () -> Data?
    /// `readFile` with the stamp of what it read (`fstat` of the opened file before reading), so the next
    /// build can tell the file unchanged without reading it (`InputStamps`); `nil` where files have no
    /// stamps (in memory), and documents are then always read.
    var readFileStamped: (@Sendable (_ root: String, _ relativePath: String, _ limit: Int) throws(ReadFailure) -> ([UInt8], InputStamp))?
    /// The stamp of the regular file `relativePath` below `root` (`lstat`: a link is not followed, and
    /// is no regular file), `nil` for anything else.
    var fileStamp: (@Sendable (_ root: String, _ relativePath: String) -> InputStamp?)?

    public init(listFolder: @escaping @Sendable (String) throws -> [FolderEntry],
                kind: @escaping @Sendable (String) -> FileKind?,
                readFile: @escaping @Sendable (String, String, Int) throws(ReadFailure) -> [UInt8],
                output: @escaping @Sendable (String, Bool, [String]) -> any SiteOutput,
                executableIdentity: @escaping @Sendable () -> Data?,
                withFile: (@Sendable (String, String, (FileSource) throws -> Void) throws -> Void)? = nil,
                stamp: (@Sendable (String) -> [UInt8]?)? = nil) {
        self.listFolder = listFolder
        self.kind = kind
        self.readFile = readFile
        // By default through `readFile`: whole files in memory, which is what an in-memory project holds anyway.
        self.withFile = withFile ?? { root, path, body in
            try body(.bytes(try readFile(root, path, Int.max)))
        }
        self.stamp = stamp ?? { path in
            let folder = (path as NSString).deletingLastPathComponent
            return try? readFile(folder, (path as NSString).lastPathComponent, Int.max)
        }
        self.output = output
        self.executableIdentity = executableIdentity
    }
}

extension FileSystem {
    /// The real file system.
    public static let disk: FileSystem = {
        var disk = diskWithoutStamps
        disk.readFileStamped = DiskFiles.readStamped
        disk.fileStamp = DiskFiles.fileStamp
        return disk
    }()

    private static let diskWithoutStamps = FileSystem(
        listFolder: DiskFiles.listFolder,
        kind: DiskFiles.kind,
        readFile: DiskFiles.read,
        output: { path, force, protected in OutputFolder(path: path, force: force, protectedFolders: protected) },
        executableIdentity: {
            // The running executable's file by its stamp (device, inode, size, times), as inputs are known
            // (`InputStamp`): building or installing Versus again makes a new file or new times. Hashing its
            // 21 MB was a quarter of a no-op build's own work at 10,000 documents.
            var info = stat()
            guard stat("/proc/self/exe", &info) == 0 else { return nil }
            let stamp = InputStamp(info)
            return Data("\(stamp.device) \(stamp.inode) \(stamp.size) \(stamp.modified) \(stamp.changed)".utf8)
        },
        withFile: { root, path, body in
            let descriptor = try DiskFiles.openFile(root, path)
            defer { close(descriptor) }
            var info = stat()
            fstat(descriptor, &info)
            try body(.descriptor(descriptor, size: Int(info.st_size)))
        },
        stamp: DiskFiles.stamp)
}

/// The system calls behind `FileSystem.disk`.
enum DiskFiles {
    static func kind(of mode: mode_t) -> FileKind {
        switch mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .folder
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    @Sendable static func kind(_ path: String) -> FileKind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return kind(of: info.st_mode)
    }

    @Sendable static func listFolder(_ path: String) throws -> [FolderEntry] {
        try FolderListing.entries(of: path)
    }

    /// Opens every folder below `root` and then the file with `O_NOFOLLOW`, so no symbolic link below
    /// the root is followed even if one replaces a file or folder after discovery; then checks the
    /// opened descriptor (`fstat`), not the path, and reads with one bounded read. The root itself is
    /// the user's choice and may be a link.
    @Sendable static func read(_ root: String, _ relativePath: String, _ limit: Int) throws(ReadFailure) -> [UInt8] {
        try readStamped(root, relativePath, limit).0
    }

    /// `read`, with the stamp of the opened file as `fstat` gave it before reading.
    @Sendable static func readStamped(_ root: String, _ relativePath: String, _ limit: Int) throws(ReadFailure) -> ([UInt8], InputStamp) {
        let descriptor = try openBelow(root, relativePath)
        defer { close(descriptor) }
        return try read(descriptor, limit: limit)
    }

    @Sendable static func fileStamp(_ root: String, _ relativePath: String) -> InputStamp? {
        var info = stat()
        guard lstat((root.isEmpty ? "." : root) + "/" + relativePath, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return InputStamp(info)
    }

    /// The regular file `relativePath` below `root`, opened as `read` describes, checked with `fstat`.
    static func openFile(_ root: String, _ relativePath: String) throws(ReadFailure) -> Int32 {
        let descriptor = try openBelow(root, relativePath)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = errno
            close(descriptor)
            throw failure(reason)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .notRegularFile
        }
        return descriptor
    }

    /// Size, modification and change times and inode, as `lstat` gives them: a file edited, replaced or
    /// touched changes its stamp, and nothing is read.
    @Sendable static func stamp(_ path: String) -> [UInt8]? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let fields = [Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec),
                      Int(info.st_ctim.tv_sec), Int(info.st_ctim.tv_nsec), Int(info.st_ino), Int(info.st_mode)]
        return Array(fields.map(String.init).joined(separator: ":").utf8)
    }

    private static func openBelow(_ root: String, _ relativePath: String) throws(ReadFailure) -> Int32 {
        // A file directly in the root (most documents) needs one open: only its last component is below the root.
        if !relativePath.contains("/") {
            // O_NONBLOCK: opening a FIFO that replaced the file must not wait for a writer.
            let descriptor = Glibc.open((root.isEmpty ? "." : root) + "/" + relativePath, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
            guard descriptor >= 0 else { throw failure(errno) }
            return descriptor
        }
        var folder = Glibc.open(root.isEmpty ? "." : root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw failure(errno) }
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let fileName = components.last else {
            close(folder)
            throw .notRegularFile
        }
        for component in components.dropLast() {
            let next = openat(folder, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let reason = errno
            close(folder)
            guard next >= 0 else { throw failure(reason) }
            folder = next
        }
        // O_NONBLOCK: opening a FIFO that replaced the file must not wait for a writer.
        let descriptor = openat(folder, fileName, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        let reason = errno
        close(folder)
        guard descriptor >= 0 else { throw failure(reason) }
        return descriptor
    }

    /// Checks what was opened (`fstat`: a regular file within the limit) and reads it with one bounded read.
    private static func read(_ descriptor: Int32, limit: Int) throws(ReadFailure) -> ([UInt8], InputStamp) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile }
        let size = Int(info.st_size)
        if size > limit { throw .tooLarge(bytes: size, limit: limit) }
        // Read straight into the array's storage: no zero-filling, no second copy.
        var readError: Int32?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var total = 0
            while total < size {
                let count = Glibc.read(descriptor, buffer.baseAddress! + total, size - total)
                if count < 0 {
                    if errno == EINTR { continue }
                    readError = errno
                    break
                }
                if count == 0 { break } // the file shrank while being read: keep what is there
                total += count
            }
            initialized = total
        }
        if let readError { throw failure(readError) }
        return (bytes, InputStamp(info))
    }

    private static func failure(_ code: Int32) -> ReadFailure {
        switch code {
        // O_NOFOLLOW on a link gives ELOOP; O_DIRECTORY|O_NOFOLLOW on a link to a folder gives ENOTDIR.
        case ELOOP, ENOTDIR: return .symbolicLink
        case ENOENT: return .missing
        default: return .system(String(cString: strerror(code)))
        }
    }
}
