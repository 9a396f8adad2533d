import Foundation

/// Every file of a built site with what `lstat` says of it, written into the marker by the build and
/// checked by the next one: a file missing, added, resized, rewritten (its change time moves, and
/// that cannot be set back), or replaced (a new inode, or a link) means the output is not the one the
/// last build left, so it is built again. One `lstat` per file and one listing per folder: a small
/// fraction of a build.
struct OutputManifest: Equatable {
    struct Stamp: Equatable {
        var inode: UInt64
        var size: Int64
        var changed: timespec
        var modified: timespec

        init(_ info: stat) {
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            changed = info.st_ctim
            modified = info.st_mtim
        }

        init(inode: UInt64, size: Int64, changed: timespec, modified: timespec) {
            self.inode = inode
            self.size = size
            self.changed = changed
            self.modified = modified
        }

        static func == (lhs: Stamp, rhs: Stamp) -> Bool {
            lhs.inode == rhs.inode && lhs.size == rhs.size
                && lhs.changed.tv_sec == rhs.changed.tv_sec && lhs.changed.tv_nsec == rhs.changed.tv_nsec
                && lhs.modified.tv_sec == rhs.modified.tv_sec && lhs.modified.tv_nsec == rhs.modified.tv_nsec
        }
    }

    var files: [String: Stamp]

    /// The files below `folder`, except `excluded` at its top (the marker itself); `nil` when
    /// something there is neither a regular file nor a folder, which no build writes.
    static func of(folder: String, excluding excluded: String) -> OutputManifest? {
        guard let entries = try? FolderWalk(fileSystem: .disk).entries(under: folder) else { return nil }
        var files: [String: Stamp] = [:]
        files.reserveCapacity(entries.count)
        for entry in entries where entry.path != excluded {
            switch entry.kind {
            case .folder: continue
            case .regular:
                var info = stat()
                guard lstat(folder + "/" + entry.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
                files[entry.path] = Stamp(info)
            case .symbolicLink, .other: return nil
            }
        }
        return OutputManifest(files: files)
    }

    /// One line per file, sorted: inode, size, change and modification times, then the path with
    /// `%` and line breaks percent-encoded.
    var text: String {
        var text = ""
        for (path, stamp) in files.sorted(by: { $0.key < $1.key }) {
            text += "\(stamp.inode) \(stamp.size) \(stamp.changed.tv_sec).\(stamp.changed.tv_nsec) \(stamp.modified.tv_sec).\(stamp.modified.tv_nsec) "
            text += OutputManifest.encode(path) + "\n"
        }
        return text
    }

    static func parse(_ text: Substring) -> OutputManifest? {
        var files: [String: Stamp] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count == 5, let inode = UInt64(fields[0]), let size = Int64(fields[1]),
                  let changed = time(fields[2]), let modified = time(fields[3]) else { return nil }
            files[decode(fields[4])] = Stamp(inode: inode, size: size, changed: changed, modified: modified)
        }
        return OutputManifest(files: files)
    }

    private static func time(_ text: Substring) -> timespec? {
        let parts = text.split(separator: ".")
        guard parts.count == 2, let seconds = Int(parts[0]), let nanoseconds = Int(parts[1]) else { return nil }
        return timespec(tv_sec: seconds, tv_nsec: nanoseconds)
    }

    private static func encode(_ path: String) -> String {
        guard path.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == 10 || $0 == 13 }) else { return path }
        return path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\n", with: "%0A")
            .replacingOccurrences(of: "\r", with: "%0D")
    }

    private static func decode(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        return text.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r")
            .replacingOccurrences(of: "%25", with: "%")
    }
}
