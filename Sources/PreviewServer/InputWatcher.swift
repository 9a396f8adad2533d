import FileListing
import Foundation
import Glibc
import SiteBuilder

/// Watches the inputs of a build with Linux inotify: the content and templates folders (recursively,
/// with folders that appear later added as they appear) and `site.yml`. Reports a change once a burst
/// of events has settled (`git checkout` of 500 files is one change), and only for events that finish
/// a change: a file closed after writing, moved in or out, created (a folder, a link), deleted; not
/// every write. Names no build reads (hidden, swap, backup and autosave files) are ignored.
final class InputWatcher: @unchecked Sendable {
    /// A burst ends after this long without an event...
    static let quietMilliseconds: Int32 = 25
    /// ... or this long after it began, whichever comes first, so a stream of writes still shows.
    static let longestBurstMilliseconds = 400.0

    private let descriptor: Int32
    /// Watched folders by watch descriptor, as paths.
    private var folders: [Int32: String] = [:]
    private let recursiveRoots: [String]
    /// The folder holding `site.yml` (watched alone, not recursively) and the name of the file.
    private let configFolder: String
    private let configName: String
    private var stopped = false
    private let stopLock = NSLock()

    private static let fileEvents = UInt32(IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | IN_CREATE)
    private static let folderEvents = fileEvents | UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    init(folders: [String], configFile: String) throws {
        descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { throw WatchError("inotify: \(String(cString: strerror(errno)))") }
        recursiveRoots = folders
        let config = URL(fileURLWithPath: configFile)
        configFolder = config.deletingLastPathComponent().path
        configName = config.lastPathComponent
        for folder in folders { addTree(folder) }
        add(configFolder, mask: UInt32(IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | IN_CREATE | IN_ONLYDIR), isRoot: true)
    }

    struct WatchError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Links below a root are not followed (a build does not either); a root may be one (the user chose it).
    private func add(_ path: String, mask: UInt32 = folderEvents, isRoot: Bool = false) {
        let watch = inotify_add_watch(descriptor, path, mask | (isRoot ? 0 : UInt32(IN_DONT_FOLLOW)))
        if watch >= 0 { folders[watch] = path }
    }

    /// A folder and every folder below it, not following links (a build does not either). Each folder is
    /// watched before it is listed, so a folder made inside it meanwhile still shows as an event.
    private func addTree(_ root: String) {
        add(root, isRoot: recursiveRoots.contains(root))
        FolderTree.walk(list: { folder in
            // The root may be a link the user gave ("root/." follows it); below it, nothing is followed.
            Result { try FolderListing.entries(of: folder.isEmpty ? root + "/." : root + "/" + folder) }
        }, visit: { folder, listed in
            guard case .success(let entries) = listed else { return [] }
            let path = folder.isEmpty ? root : root + "/" + folder
            var subfolders: [String] = []
            for entry in entries where !isIgnoredInputName(entry.name) {
                var isFolder = entry.kind == .folder
                if entry.kind == nil {
                    var info = stat()
                    isFolder = lstat(path + "/" + entry.name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
                }
                guard isFolder else { continue }
                add(path + "/" + entry.name)
                subfolders.append(FolderTree.child(entry.name, of: folder))
            }
            return subfolders
        })
    }

    /// What a settled burst changed: the paths its events named (`folder/name`, folders as given), or
    /// `nil` when that cannot be known (events were lost, a watched folder itself went away).
    typealias Changes = Set<String>?

    /// Blocks, calling `changed` once per settled burst of changes, until `stop`.
    func run(_ changed: (Changes) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !isStopped {
            // Wait for the first event of a burst (waking now and then to notice `stop`).
            guard wait(milliseconds: 250) else { continue }
            var paths: Changes = []
            drain(&buffer, into: &paths)
            let start = Date()
            while Date().timeIntervalSince(start) * 1000 < Self.longestBurstMilliseconds,
                  wait(milliseconds: Self.quietMilliseconds) {
                drain(&buffer, into: &paths)
            }
            if paths != [] && !isStopped { changed(paths) }
        }
        close(descriptor)
    }

    func stop() { stopLock.withLock { stopped = true } }
    private var isStopped: Bool { stopLock.withLock { stopped } }

    private func wait(milliseconds: Int32) -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, milliseconds) > 0
    }

    /// Reads the events waiting and adds the paths of those that can change the site to `paths`
    /// (which becomes `nil` when what changed cannot be known).
    private func drain(_ buffer: inout [UInt8], into paths: inout Changes) {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return }
        var offset = 0
        while offset + MemoryLayout<inotify_event>.size <= count {
            let (watch, mask, length) = buffer.withUnsafeBytes { raw in
                let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                return (event.wd, event.mask, Int(event.len))
            }
            let nameStart = offset + MemoryLayout<inotify_event>.size
            let name = String(decoding: buffer[nameStart..<(nameStart + length)].prefix { $0 != 0 }, as: UTF8.self)
            offset = nameStart + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                // Events were lost: watch every folder again and rebuild.
                paths = nil
                for root in recursiveRoots { addTree(root) }
                continue
            }
            if mask & UInt32(IN_IGNORED) != 0 {
                folders.removeValue(forKey: watch)
                continue
            }
            guard let folder = folders[watch] else { continue }
            if folder == configFolder && !recursiveRoots.contains(folder) {
                if name == configName { paths?.insert(folder + "/" + name) }
                continue
            }
            if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                paths = nil
                continue
            }
            if name.isEmpty || isIgnoredInputName(name) { continue }
            if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                addTree(folder + "/" + name)
            }
            paths?.insert(folder + "/" + name)
        }
    }
}
