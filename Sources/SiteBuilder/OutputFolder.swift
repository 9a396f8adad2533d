import CFileExchange
import Diagnostics
import FileListing
import Foundation
import ParallelWork

/// One file of the built site, relative to the output folder.
public struct OutputFile: Sendable {
    public var path: String
    public var bytes: Data

    public init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, bytes: [UInt8]) {
        self.init(path: path, bytes: Data(bytes))
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Data(text.utf8))
    }
}

/// An I/O failure while writing the site (exit status 3).
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Writes a whole site so that the output folder only ever holds a complete build: files go into a
/// staging folder beside the output, which is then swapped in with `rename(2)` (same parent, same file system).
public struct OutputFolder: SiteOutput {
    /// Marks a folder as built by Versus, so a rebuild may replace it.
    public static let markerName = ".versus-site"

    public var path: String
    /// Replace a non-empty folder that Versus did not create.
    public var force: Bool
    /// Folders the output must neither be nor contain (content, templates), compared by real path.
    public var protectedFolders: [String]

    public init(path: String, force: Bool = false, protectedFolders: [String] = []) {
        self.path = path
        self.force = force
        self.protectedFolders = protectedFolders
    }

    /// Refuses outputs that could destroy user files. Runs before anything is touched.
    public func validate() throws {
        let fileManager = FileManager.default
        let absolute = PathTools.absolute(path)
        var info = stat()
        if lstat(absolute, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK {
            throw UsageError("output '\(path)' is a symbolic link; refusing to build through it")
        }
        guard absolute != "/", !absolute.isEmpty else {
            throw UsageError("output '\(path)' is the root folder; choose a folder of its own such as _site")
        }
        let parent = (absolute as NSString).deletingLastPathComponent
        let realParent = realPath(parent) ?? parent
        let realOutput = realParent == "/" ? "/" + (absolute as NSString).lastPathComponent
            : realParent + "/" + (absolute as NSString).lastPathComponent
        let home = realPath(NSHomeDirectory()) ?? NSHomeDirectory()
        let workingDirectory = realPath(fileManager.currentDirectoryPath) ?? fileManager.currentDirectoryPath
        if realOutput == "/" || realOutput == home || home.hasPrefix(realOutput + "/") {
            throw UsageError("output '\(path)' is \(realOutput == "/" ? "the root folder" : "the home folder or holds it"); choose a folder of its own such as _site")
        }
        if realOutput == workingDirectory || workingDirectory.hasPrefix(realOutput + "/") {
            throw UsageError("output '\(path)' is or contains the project folder; choose a folder of its own such as _site")
        }
        // /tmp, /usr, /var and their siblings are shared system folders, never a site's own.
        if realOutput.split(separator: "/").count <= 1 {
            throw UsageError("output '\(path)' is a top-level system folder; choose a folder of its own such as _site")
        }
        for protected in protectedFolders {
            guard let realProtected = realPath(protected) else { continue }
            if realOutput == realProtected || realProtected.hasPrefix(realOutput + "/") {
                throw UsageError("output '\(path)' is or contains '\(protected)'; refusing to replace it")
            }
            if realOutput.hasPrefix(realProtected + "/") {
                throw UsageError("output '\(path)' is inside '\(protected)'; it would be read back as input")
            }
        }
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: realOutput, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw UsageError("output '\(path)' exists and is not a folder") }
            if OutputFolder.isMountPoint(realOutput) {
                // The folder is swapped for the new build with rename(2), which a mount point refuses
                // (EBUSY); emptying and refilling it in place would break the promise that the output
                // always holds one complete build.
                throw UsageError("output '\(path)' is a mount point, and Versus replaces the output folder as a whole; " +
                    "build into a folder inside it (--output \(path)/site) or mount its parent folder instead")
            }
            if fileManager.fileExists(atPath: realOutput + "/.git") {
                throw UsageError("output '\(path)' holds a .git folder; refusing to replace it")
            }
            let contents = (try? fileManager.contentsOfDirectory(atPath: realOutput)) ?? []
            if !contents.isEmpty && !contents.contains(OutputFolder.markerName) && !force {
                throw UsageError("output '\(path)' is not empty and was not built by Versus; use --force to replace it")
            }
        }
    }

    /// Whether the folder at `realPath` (symbolic links resolved) is where a file system is mounted:
    /// on another device than its parent, or listed in `/proc/self/mountinfo` (a bind mount of a folder
    /// of the same file system is only seen there).
    static func isMountPoint(_ realPath: String) -> Bool {
        var own = stat(), parent = stat()
        if lstat(realPath, &own) == 0, lstat((realPath as NSString).deletingLastPathComponent, &parent) == 0,
           own.st_dev != parent.st_dev {
            return true
        }
        let mountInfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return mountPoints(inMountInfo: mountInfo).contains(realPath)
    }

    /// The mount points of a `/proc/self/mountinfo` text: the fifth field of each line, with the
    /// kernel's octal escapes (`\040` for a space) decoded.
    static func mountPoints(inMountInfo text: String) -> Set<String> {
        var points: Set<String> = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 4 else { continue }
            var bytes: [UInt8] = []
            var field = Array(fields[4].utf8)[...]
            while let byte = field.popFirst() {
                if byte == UInt8(ascii: "\\"), field.count >= 3,
                   let value = UInt8(String(decoding: field.prefix(3), as: UTF8.self), radix: 8) {
                    bytes.append(value)
                    field = field.dropFirst(3)
                } else {
                    bytes.append(byte)
                }
            }
            points.insert(String(decoding: bytes, as: UTF8.self))
        }
        return points
    }

    public func knownInputs() -> [UInt8]? {
        let absolute = PathTools.absolute(path)
        let parent = (absolute as NSString).deletingLastPathComponent, name = (absolute as NSString).lastPathComponent
        let descriptor = open(ClaimedFolder.knownInputsPath(parent: parent, name: name), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 1 << 30 else { return nil }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while initialized < size {
                let count = read(descriptor, buffer.baseAddress! + initialized, size - initialized)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { complete = false; break }
                initialized += count
            }
        }
        return complete ? bytes : nil
    }

    /// A non-empty folder without the Versus marker: only `--force` lets a build replace it.
    public var holdsForeignFiles: Bool {
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return !contents.isEmpty && !contents.contains(OutputFolder.markerName)
    }

    /// Validates the output, takes the build lock beside it and removes what killed builds left there.
    public func claim() throws -> any ClaimedOutput {
        try validate()
        let absolute = PathTools.absolute(path)
        let parent = (absolute as NSString).deletingLastPathComponent
        let name = (absolute as NSString).lastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError("cannot create '\(parent)': \(error.localizedDescription)")
        }
        let lock = try BuildLock(path: parent + "/.\(name).versus-lock")
        removeLeftovers(parent: parent, name: name)
        return ClaimedFolder(output: absolute, displayPath: path, parent: parent, name: name, lock: lock)
    }

    static func writeFile(_ path: String, _ bytes: Data) throws {
        _ = try bytes.withUnsafeBytes { try writeFile(path, UnsafeRawBufferPointer($0)) }
    }

    @discardableResult
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws -> stat {
        try bytes.withUnsafeBytes { try writeFile(path, $0) }
    }

    /// Returns what `fstat` says of the file once written, for the output's manifest.
    @discardableResult
    static func writeFile(_ path: String, _ bytes: UnsafeRawBufferPointer) throws -> stat {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw OutputError("cannot create '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        try writeAll(descriptor, bytes, path: path)
        var info = stat()
        fstat(descriptor, &info)
        return info
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var written = 0
        while written < bytes.count {
            guard let base = bytes.baseAddress else { break }
            let count = Glibc.write(descriptor, base + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                throw OutputError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            written += count
        }
    }

    /// A build killed mid-way leaves its staging or retired folder behind; the next build reclaims them.
    private func removeLeftovers(parent: String, name: String) {
        let prefixes = [".\(name).versus-staging-", ".\(name).versus-old-", ".\(name).versus-manifest.tmp-", ".\(name).versus-state.tmp-",
                        ".\(name).versus-inputs.tmp-"]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        where prefixes.contains(where: { entry.hasPrefix($0) }) {
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }

    private func realPath(_ path: String) -> String? {
        guard let resolved = Glibc.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// The output folder while this build holds its lock.
struct ClaimedFolder: ClaimedOutput {
    let output: String
    let displayPath: String
    let parent: String
    let name: String
    let lock: BuildLock

    /// The manifest lives beside the output, not in it, so the site itself stays byte-identical
    /// from one build to the next; it is written after the swap, so a build killed in between leaves
    /// an old manifest that no longer matches, and the next build builds again.
    var manifestPath: String { parent + "/.\(name).versus-manifest" }
    /// Beside the output too: tens of megabytes nobody should deploy (`BuildState`).
    var statePath: String { parent + "/.\(name).versus-state" }

    /// Where this build's state is written until the site is published.
    var stagedStatePath: String { statePath + ".tmp-\(getpid())" }

    /// The table of known inputs (`InputStamps`): facts about files (this stamp, these bytes), true
    /// whichever build wrote them, so it is replaced on its own, not with the site.
    static func knownInputsPath(parent: String, name: String) -> String { parent + "/.\(name).versus-inputs" }

    func recordKnownInputs(_ table: [UInt8]) {
        let path = Self.knownInputsPath(parent: parent, name: name), temporary = path + ".tmp-\(getpid())"
        if (try? OutputFolder.writeFile(temporary, table)) != nil {
            rename(temporary, path)
        } else {
            unlink(temporary)
        }
    }

    /// `nil` for a first build, into a folder that holds no Versus site yet: a build from a clean
    /// checkout (CI) would write 70 MB at 10,000 documents (a few percent of the build) that nothing reads.
    /// The next build into the same folder writes it, and the one after reads it.
    func createBuildState() -> Int32? {
        var info = stat()
        guard lstat(output + "/" + OutputFolder.markerName, &info) == 0 else { return nil }
        let descriptor = open(stagedStatePath, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
        return descriptor >= 0 ? descriptor : nil
    }

    func openLastBuildState() -> Int32? {
        let descriptor = open(statePath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    func intactMarker() -> SiteMarker? {
        guard let data = FileManager.default.contents(atPath: output + "/" + OutputFolder.markerName),
              let marker = SiteMarker.parse(Substring(decoding: data, as: UTF8.self)),
              let manifest = FileManager.default.contents(atPath: manifestPath),
              OutputManifest.matches(Substring(decoding: manifest, as: UTF8.self), folder: output) else { return nil }
        return marker
    }

    /// An empty staging folder beside the output.
    func stage() throws -> any StagedOutput {
        let staging = parent + "/.\(name).versus-staging-\(getpid())"
        guard mkdir(staging, 0o755) == 0 else {
            let reason = String(cString: strerror(errno))
            // Nothing staged: the state begun for this build goes too, with the lock.
            release()
            throw OutputError("cannot create the staging folder '\(staging)': \(reason)")
        }
        return StagedSite(output: output, displayPath: displayPath, staging: staging,
                          retired: parent + "/.\(name).versus-old-\(getpid())", manifestPath: manifestPath, statePath: statePath,
                          stagedStatePath: stagedStatePath, lock: lock, published: PublishedFiles(manifestPath: manifestPath))
    }

    /// Nothing published: no state for it either.
    func release() {
        unlink(stagedStatePath)
        lock.release()
    }
}

/// A build being written: a staging folder beside the output, swapped in by `commit`.
struct StagedSite: StagedOutput {
    let output: String
    let displayPath: String
    let staging: String
    let retired: String
    let manifestPath: String
    let statePath: String
    /// The next build's state until the site is published (`ClaimedFolder.createBuildState`).
    let stagedStatePath: String
    let lock: BuildLock
    /// The output's files as its manifest recorded them, for keeping pages.
    let published: PublishedFiles
    /// What was written, for the manifest: stamped as it is written, so publishing lists no folder.
    let written = WrittenPaths()

    func openKept(_ path: String, from previous: RenderedSite) -> Int32? {
        guard previous.pagesInOutput, let recorded = published.stamp(of: path) else { return nil }
        let descriptor = open(output + "/" + path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, let stamp = OutputManifest.Stamp(info), stamp.sameFile(as: recorded) else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// Linked from the output this build replaces (a second name for the same file, nothing copied),
    /// when `previous.pagesInOutput`: that output was checked intact before the build read its state,
    /// and each link is checked again to be the very file its manifest recorded (same inode, size and
    /// modification time; a file swapped for a link or another file since is never taken).
    func keepFiles(at paths: [String], from previous: RenderedSite) throws -> Bool {
        guard previous.pagesInOutput else { return try copyFiles(at: paths, from: previous) }
        let recorded = paths.map { published.stamp(of: $0) }
        guard !recorded.contains(where: { $0 == nil }) else { return false }
        var linked: [String] = []
        /// All or none: the links made so far go again.
        func undo() -> Bool {
            for path in linked { unlink(staging + "/" + path) }
            return false
        }
        for (path, stamp) in zip(paths, recorded) {
            try makeFolders(containing: path)
            let target = staging + "/" + path
            // A file system without hard links (or a file gone since) renders the page instead.
            guard link(output + "/" + path, target) == 0 else { return undo() }
            linked.append(path)
            guard let now = OutputManifest.Stamp(path: target), let stamp, now.sameFile(as: stamp) else { return undo() }
        }
        for path in linked { written.linked(path) }
        return true
    }

    var directory: String? { staging }

    func write(path: String, produce: ((Data) throws -> Void) throws -> Void) throws {
        try makeFolders(containing: path)
        let full = staging + "/" + path
        let descriptor = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw OutputError("cannot create '\(full)': \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        try produce { chunk in
            try chunk.withUnsafeBytes { try OutputFolder.writeAll(descriptor, $0, path: full) }
        }
        var info = stat()
        fstat(descriptor, &info)
        written.file(path, info)
    }

    /// Copied inside the kernel (`copy_file_range`: no byte passes through Versus, and Btrfs or XFS share
    /// the blocks), falling back to 1 MiB reads and writes where the file system cannot; never a hard
    /// link, which would let a later edit of the published file change the content folder. Created
    /// exclusively: a file the site already has (a page at the same path) is an error, not overwritten.
    func copy(path: String, from source: FileSource) throws {
        guard case .descriptor(let input, _) = source else {
            if case .bytes(let bytes) = source { try bytes.withUnsafeBytes { try write(path: path, contents: $0) } }
            return
        }
        try makeFolders(containing: path)
        let full = staging + "/" + path
        let descriptor = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw OutputError("cannot publish '\(path)': the site already has a file there") }
            throw OutputError("cannot create '\(full)': \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var inKernel = true
        var buffer: [UInt8] = []
        while true {
            if inKernel {
                let count = versus_copy_file_range(input, descriptor, 1 << 30)
                if count > 0 { continue }
                if count == 0 { break }
                if errno == EINTR { continue }
                guard [ENOSYS, EXDEV, EINVAL, EOPNOTSUPP, EBADF].contains(errno) else {
                    throw OutputError("cannot copy to '\(full)': \(String(cString: strerror(errno)))")
                }
                inKernel = false // nothing was copied by the failed call: the offsets are where they were
                buffer = [UInt8](repeating: 0, count: 1 << 20)
            }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw OutputError("cannot read the source of '\(path)': \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            try buffer.withUnsafeBytes { try OutputFolder.writeAll(descriptor, UnsafeRawBufferPointer(rebasing: $0[..<count]), path: full) }
        }
        var info = stat()
        fstat(descriptor, &info)
        written.file(path, info)
    }

    func write(path: String, contents: UnsafeRawBufferPointer) throws {
        try makeFolders(containing: path)
        written.file(path, try OutputFolder.writeFile(staging + "/" + path, contents))
    }

    private func makeFolders(containing path: String) throws {
        guard let slash = path.lastIndex(of: "/") else { return }
        try makeFolders(String(path[..<slash]))
    }

    /// `mkdir -p` inside the staging folder; another thread creating the same folder is fine.
    private func makeFolders(_ relative: String) throws {
        // Usually only the page's own folder is missing: one mkdir, and the ancestors only when needed.
        // Whoever creates a folder records it.
        if mkdir(staging + "/" + relative, 0o755) == 0 {
            written.folder(relative)
            return
        }
        if errno == EEXIST { return }
        var path = staging
        var relativePath = ""
        for component in relative.utf8.split(separator: UInt8(ascii: "/")) {
            let name = String(decoding: component, as: UTF8.self)
            path += "/" + name
            relativePath += relativePath.isEmpty ? name : "/" + name
            if mkdir(path, 0o755) == 0 {
                written.folder(relativePath)
            } else if errno != EEXIST {
                throw OutputError("cannot create '\(path)': \(String(cString: strerror(errno)))")
            }
        }
    }

    func abandon() {
        try? FileManager.default.removeItem(atPath: staging)
        unlink(stagedStatePath)
        lock.release()
    }

    /// Marks the staging folder as a Versus site and swaps it in; then records what it holds beside it.
    func publish(marker: SiteMarker) throws {
        defer { lock.release() }
        // No manifest while the swap happens: a build killed in between is never taken as up to date.
        unlink(manifestPath)
        do {
            written.file(OutputFolder.markerName, try OutputFolder.writeFile(staging + "/" + OutputFolder.markerName, Array(marker.text.utf8)))
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        // Folders are stamped once every file is in them.
        guard var manifest = written.manifest(folder: staging) else {
            try? FileManager.default.removeItem(atPath: staging)
            throw OutputError("the staged site in '\(staging)' changed while it was written")
        }
        // The state of the output being replaced describes it no more.
        unlink(statePath)
        try swapIn()
        // The folder's own stamp after the swap (renaming it moved its change time).
        guard let root = OutputManifest.Stamp(path: output) else { return }
        manifest.entries.insert(("", root), at: 0)
        // Linked files are stamped now: their change time moved when the old site's names went.
        let linked = written.linkedPaths
        if !linked.isEmpty {
            guard let stamps = OutputManifest.Stamp.of(linked, under: output) else { return }
            manifest.entries += stamps
            manifest.entries.sort { $0.path < $1.path }
        }
        rename(stagedStatePath, statePath)
        let temporary = manifestPath + ".tmp-\(getpid())"
        if (try? OutputFolder.writeFile(temporary, Array(manifest.text.utf8))) != nil {
            rename(temporary, manifestPath)
        }
    }

    /// Called with the lock held; `publish` releases it.
    private func swapIn() throws {
        let fileManager = FileManager.default
        // Preferred: one atomic exchange, so the output path always holds a complete site.
        if fileManager.fileExists(atPath: output), versus_exchange_paths(staging, output) == 0 {
            FolderRemoval.remove(staging)
            return
        }
        if fileManager.fileExists(atPath: output) {
            guard rename(output, retired) == 0 else {
                let reason = String(cString: strerror(errno))
                try? fileManager.removeItem(atPath: staging)
                throw OutputError("cannot replace '\(displayPath)': \(reason)")
            }
        }
        guard rename(staging, output) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(retired, output)
            try? fileManager.removeItem(atPath: staging)
            throw OutputError("cannot move the new site into '\(displayPath)': \(reason)")
        }
        FolderRemoval.remove(retired)
    }
}

/// The files and folders a build wrote into its staging folder, from several threads.
final class WrittenPaths: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [(String, OutputManifest.Stamp)] = []
    private var folders: [String] = []
    private var links: [String] = []

    func file(_ path: String, _ info: stat) {
        guard let stamp = OutputManifest.Stamp(info) else { return }
        lock.withLock { files.append((path, stamp)) }
    }

    func folder(_ path: String) {
        lock.withLock { folders.append(path) }
    }

    /// A file linked from the last site: stamped once that site is gone (`StagedSite.publish`).
    func linked(_ path: String) {
        lock.withLock { links.append(path) }
    }

    var linkedPaths: [String] { lock.withLock { links } }

    /// Sorted by path; `nil` if a folder is gone.
    func manifest(folder root: String) -> OutputManifest? {
        var entries = lock.withLock { files }
        guard let stamps = OutputManifest.Stamp.of(lock.withLock { folders }, under: root) else { return nil }
        entries += stamps.map { ($0.path, $0.stamp) }
        entries.sort { $0.0 < $1.0 }
        return OutputManifest(entries: entries.map { (path: $0.0, stamp: $0.1) })
    }
}

/// An exclusive `flock` beside the output, so two builds never interleave their writes.
struct BuildLock: Sendable {
    let descriptor: Int32

    init(path: String, timeoutSeconds: Double = 30) throws {
        descriptor = open(path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw OutputError("cannot create the lock file '\(path)': \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if Date() > deadline {
                close(descriptor)
                throw OutputError("another build holds '\(path)'; gave up after \(Int(timeoutSeconds)) s")
            }
            usleep(50_000)
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// The files of the output a build replaces, as its manifest recorded them: read once, when the build
/// first keeps a page (`StagedSite.keepFiles`).
final class PublishedFiles: @unchecked Sendable {
    let manifestPath: String
    private let lock = NSLock()
    private var stamps: [String: OutputManifest.Stamp]?

    init(manifestPath: String) {
        self.manifestPath = manifestPath
    }

    func stamp(of path: String) -> OutputManifest.Stamp? {
        lock.withLock {
            if stamps == nil {
                let text = FileManager.default.contents(atPath: manifestPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
                stamps = OutputManifest.stamps(in: Substring(text))
            }
            return stamps?[path]
        }
    }
}

/// Removes a whole built site (the one a swap retired, a killed build's staging folder) on every core:
/// at 10,000 documents that is 11,000 folders of a page or two, 0.3-0.5 s of system calls on one core.
/// Works on the names' bytes through folder descriptors, never following a link: a link is removed, not
/// what it points to.
enum FolderRemoval {
    /// A folder below which to remove everything, named by its parent's descriptor.
    private struct Subtree: @unchecked Sendable {
        var parent: Int32
        var name: [CChar]
    }

    static func remove(_ path: String) {
        let root = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard root >= 0 else {
            unlink(path)
            return
        }
        // The first two levels listed here, what lies below them removed subtree by subtree on every core.
        var folders: [(descriptor: Int32, name: [CChar])] = []
        var subtrees: [Subtree] = []
        for (name, isFolder) in entries(root) {
            guard isFolder, case let descriptor = openat(root, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), descriptor >= 0 else {
                unlinkat(root, name, 0)
                continue
            }
            folders.append((descriptor, name))
            for (inner, innerIsFolder) in entries(descriptor) {
                if innerIsFolder { subtrees.append(Subtree(parent: descriptor, name: inner)) } else { unlinkat(descriptor, inner, 0) }
            }
        }
        _ = subtrees.parallelMap { subtree in removeBelow(subtree.parent, subtree.name) }
        for folder in folders {
            close(folder.descriptor)
            unlinkat(root, folder.name, AT_REMOVEDIR)
        }
        close(root)
        rmdir(path)
    }

    /// Removes `name` in the folder `parent`, with everything below it.
    @discardableResult
    private static func removeBelow(_ parent: Int32, _ name: [CChar]) -> Bool {
        let descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return unlinkat(parent, name, 0) == 0 }
        for (inner, isFolder) in entries(descriptor) {
            if isFolder { removeBelow(descriptor, inner) } else { unlinkat(descriptor, inner, 0) }
        }
        close(descriptor)
        return unlinkat(parent, name, AT_REMOVEDIR) == 0
    }

    /// The names in the folder open as `descriptor` (left open), each with whether it may be a folder
    /// (`DT_DIR`, or a type the listing does not say: opening it without following a link tells).
    private static func entries(_ descriptor: Int32) -> [(name: [CChar], isFolder: Bool)] {
        ((try? FolderListing.rawEntries(ofOpenFolder: descriptor)) ?? []).map { ($0.name, $0.kind == .folder || $0.kind == nil) }
    }
}
