import Foundation
import ParallelWork
import TextPrimitives

/// Every file and folder of a built site with what `lstat` says of it, recorded by the build and
/// checked by the next one. A file missing, resized, rewritten (its change time moves, and that cannot
/// be set back), or replaced (a new inode, or a link), and a file added or removed anywhere (its
/// folder's change time moves), all mean the output is not the one the last build left, so it is
/// built again. Checking is one `lstat` per recorded path and no folder listing: a small fraction of a
/// build.
struct OutputManifest {
    struct Stamp: Equatable {
        var isFolder: Bool
        var inode: UInt64
        var size: Int64
        var changed: timespec
        var modified: timespec

        init?(_ info: stat) {
            switch info.st_mode & S_IFMT {
            case S_IFREG: isFolder = false
            case S_IFDIR: isFolder = true
            default: return nil // no build writes anything else
            }
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            changed = info.st_ctim
            modified = info.st_mtim
        }

        init?(path: String) {
            var info = stat()
            guard lstat(path, &info) == 0 else { return nil }
            self.init(info)
        }

        /// The stamp of each of `paths` (relative to `root`), taken on every core: a build stamps 10,000
        /// folders or 11,000 linked pages at a time. `nil` if one of them is gone.
        static func of(_ paths: [String], under root: String) -> [(path: String, stamp: Stamp)]? {
            let stamps = paths.parallelMap { Stamp(path: root + "/" + $0) }
            var found: [(path: String, stamp: Stamp)] = []
            found.reserveCapacity(paths.count)
            for (path, stamp) in zip(paths, stamps) {
                guard let stamp else { return nil }
                found.append((path, stamp))
            }
            return found
        }

        static func == (lhs: Stamp, rhs: Stamp) -> Bool {
            lhs.isFolder == rhs.isFolder && lhs.inode == rhs.inode && lhs.size == rhs.size
                && lhs.changed.tv_sec == rhs.changed.tv_sec && lhs.changed.tv_nsec == rhs.changed.tv_nsec
                && lhs.modified.tv_sec == rhs.modified.tv_sec && lhs.modified.tv_nsec == rhs.modified.tv_nsec
        }

        /// The same file, not a folder, as far as a new name for it can tell: the same inode, size and
        /// modification time (a link moves the change time).
        func sameFile(as recorded: Stamp) -> Bool {
            !isFolder && !recorded.isFolder && inode == recorded.inode && size == recorded.size
                && modified.tv_sec == recorded.modified.tv_sec && modified.tv_nsec == recorded.modified.tv_nsec
        }

        /// `f` or `d`, inode, size, change and modification times.
        var text: String {
            var bytes = ByteBuffer(capacity: 80)
            append(to: &bytes)
            return bytes.string
        }

        /// `text`, written straight to bytes: string interpolation of six numbers cost 7,000
        /// instructions a file, and the manifest has a line for every file of the site.
        func append(to bytes: inout ByteBuffer) {
            func number<Value: BinaryInteger>(_ value: Value) {
                if value >= 0, value <= Int.max { JSONText.appendNumber(Int(value), to: &bytes) } else { bytes.append(utf8: "\(value)") }
            }
            bytes.append(isFolder ? UInt8(ascii: "d") : UInt8(ascii: "f"))
            bytes.append(UInt8(ascii: " "))
            number(inode)
            bytes.append(UInt8(ascii: " "))
            number(size)
            bytes.append(UInt8(ascii: " "))
            number(changed.tv_sec)
            bytes.append(UInt8(ascii: "."))
            number(changed.tv_nsec)
            bytes.append(UInt8(ascii: " "))
            number(modified.tv_sec)
            bytes.append(UInt8(ascii: "."))
            number(modified.tv_nsec)
        }
    }

    /// Paths relative to the site folder (`""` is the folder itself), in walk order.
    var entries: [(path: String, stamp: Stamp)]

    /// One line per path: the stamp, then the path with `%` and line breaks percent-encoded.
    var text: String {
        var bytes = ByteBuffer(capacity: entries.count * 100)
        for (path, stamp) in entries {
            stamp.append(to: &bytes)
            bytes.append(UInt8(ascii: " "))
            bytes.append(utf8: OutputManifest.encode(path))
            bytes.append(0x0A)
        }
        return bytes.string
    }

    /// Whether every path recorded in `text` is still as recorded below `folder`. On every core, a
    /// block of lines each: one `lstat` per path (21,000 at 10,000 documents) on one core was most of a
    /// no-op build's time and a sixth of an edit's.
    static func matches(_ text: Substring, folder: String) -> Bool {
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"))
        let blockSize = 1_024
        let blocks = stride(from: 0, to: lines.count, by: blockSize).map { $0..<min($0 + blockSize, lines.count) }
        let outcomes = blocks.parallelMap { block -> (matched: Bool, sawRoot: Bool) in
            var sawRoot = false
            for line in lines[block] {
                // The stamp is the first five fields; the path is the rest of the line (it may hold spaces).
                var spaces = 0
                guard let end = line.firstIndex(where: { byte in
                    if byte == UInt8(ascii: " ") { spaces += 1 }
                    return spaces == 5
                }) else { return (false, false) }
                let path = decode(Substring(line[line.index(after: end)...]))
                guard let stamp = Stamp(path: path.isEmpty ? folder : folder + "/" + path),
                      stamp.text.utf8.elementsEqual(line[..<end]) else { return (false, false) }
                if path.isEmpty { sawRoot = true }
            }
            return (true, sawRoot)
        }
        // Without the folder's own stamp a file added at the top would go unnoticed.
        return outcomes.allSatisfy(\.matched) && outcomes.contains(where: \.sawRoot)
    }

    /// The stamps recorded in `text`, by path; lines that do not parse are left out. Read over the bytes:
    /// a manifest has a line for every file of the site.
    static func stamps(in text: Substring) -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        var text = String(text)
        text.withUTF8 { bytes in
            var index = 0
            func number() -> Int? {
                var value = 0, digits = 0
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, digits < 18 {
                    value = value * 10 + Int(bytes[index] - 0x30)
                    index += 1
                    digits += 1
                }
                return digits > 0 ? value : nil
            }
            func skip(_ byte: UInt8) -> Bool {
                guard index < bytes.count, bytes[index] == byte else { return false }
                index += 1
                return true
            }
            func time() -> timespec? {
                guard let seconds = number(), skip(UInt8(ascii: ".")), let nanoseconds = number() else { return nil }
                return timespec(tv_sec: seconds, tv_nsec: nanoseconds)
            }
            while index < bytes.count {
                let start = index
                var lineEnd = start
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                defer { index = lineEnd + 1 }
                guard lineEnd - start > 2, bytes[start] == UInt8(ascii: "f") || bytes[start] == UInt8(ascii: "d") else { continue }
                let isFolder = bytes[start] == UInt8(ascii: "d")
                index = start + 1
                guard skip(0x20), let inode = number(), skip(0x20), let size = number(), skip(0x20), let changed = time(), skip(0x20),
                      let modified = time(), skip(0x20), index <= lineEnd else { continue }
                var info = stat()
                info.st_mode = isFolder ? S_IFDIR : S_IFREG
                info.st_ino = UInt(inode)
                info.st_size = size
                info.st_ctim = changed
                info.st_mtim = modified
                guard let stamp = Stamp(info) else { continue }
                let path = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<lineEnd]), as: UTF8.self)
                stamps[decode(Substring(path))] = stamp
            }
        }
        return stamps
    }

    private static func encode(_ path: String) -> String {
        guard path.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == 10 || $0 == 13 }) else { return path }
        return path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\n", with: "%0A")
            .replacingOccurrences(of: "\r", with: "%0D")
    }

    private static func decode(_ text: Substring) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        return text.replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r")
            .replacingOccurrences(of: "%25", with: "%")
    }
}
