import Foundation

/// A file's identity and times as `lstat` or `fstat` give them. While a file keeps all of them, its bytes
/// are the ones it had: writing it moves its modification and change times, replacing it changes its
/// inode, and a change time cannot be set back (the rule of git's index).
struct InputStamp: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: (seconds: Int64, nanoseconds: Int64)
    var changed: (seconds: Int64, nanoseconds: Int64)

    init(device: UInt64, inode: UInt64, size: Int64, modified: (Int64, Int64), changed: (Int64, Int64)) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    init(_ info: stat) {
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                  modified: (Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec)),
                  changed: (Int64(info.st_ctim.tv_sec), Int64(info.st_ctim.tv_nsec)))
    }

    static func == (a: Self, b: Self) -> Bool {
        a.device == b.device && a.inode == b.inode && a.size == b.size && a.modified == b.modified && a.changed == b.changed
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(inode)
        hasher.combine(size)
        hasher.combine(modified.nanoseconds)
    }

    /// Written or changed so close to `now` that a write in the same clock tick after it was read could
    /// leave the same times: such a file is read again by the next build, not trusted by its stamp.
    /// Two seconds covers the coarsest file times in use (FAT's) and the kernel's coarse clock.
    func isRacy(now: (seconds: Int64, nanoseconds: Int64)) -> Bool {
        let threshold = (now.seconds - 2, now.nanoseconds)
        return modified >= threshold || changed >= threshold
    }
}

/// What a build knew of a document it read: its stamp, a hash of its bytes and whether they hold a
/// code fence (so Pygments starts early). With the table of the last build (`InputStamps`) a build that
/// finds a document's stamp unchanged takes these instead of reading it: the up-to-date check and the
/// state's extractions need only the hash.
struct KnownInput: Sendable, Equatable {
    var stamp: InputStamp
    var bytesHash: UInt64
    var holdsFence: Bool
}

/// The last build's `KnownInput` of each document, by content path, kept beside the output as
/// `.NAME.versus-inputs`. Paths are compared as bytes: two names that differ only in Unicode
/// normalization are two files.
///
/// It is only a way not to read: a document is taken from it when its `lstat` now gives exactly the
/// recorded stamp (a regular file, same device, inode, size and times) and its size is within the
/// document limit; any other document is read as if there were no table. A table that does not parse
/// is no table.
///
/// Read and written on the main thread of every build on disk (10,000 lines at 10,000 documents), so
/// it is parsed from bytes by hand and looked up by a hash of the path, not a dictionary of arrays.
struct InputStamps: Sendable {
    static let header = Array("versus input stamps 1\n".utf8)

    private let table: [UInt8]
    private var entries: [(known: KnownInput, path: Range<Int>)] = []
    /// Entry by the hash of its path; -1 where two paths share a hash (those are read).
    private var byPathHash: [UInt64: Int] = [:]

    var count: Int { entries.count }

    subscript(contentPath: String) -> KnownInput? {
        var path = contentPath
        return path.withUTF8 { bytes -> KnownInput? in
            guard let index = byPathHash[BuildFingerprint.hash(of: UnsafeRawBufferPointer(bytes))], index >= 0 else { return nil }
            let entry = entries[index]
            return table[entry.path].elementsEqual(bytes) ? entry.known : nil
        }
    }

    /// One line per document, in the order given: `hash fence device inode size mtime mtime-ns ctime
    /// ctime-ns path-length path`, numbers in decimal (the hash in hex); the path's bytes are counted, so
    /// any name reads back.
    static func bytes(_ entries: some Sequence<(contentPath: String, known: KnownInput)>) -> [UInt8] {
        var text = header
        func append<Number: BinaryInteger>(_ number: Number, radix: Int = 10) {
            text += String(number, radix: radix).utf8
            text.append(UInt8(ascii: " "))
        }
        for (contentPath, known) in entries {
            let stamp = known.stamp
            append(known.bytesHash, radix: 16)
            append(known.holdsFence ? 1 : 0)
            append(stamp.device)
            append(stamp.inode)
            append(stamp.size)
            append(stamp.modified.seconds)
            append(stamp.modified.nanoseconds)
            append(stamp.changed.seconds)
            append(stamp.changed.nanoseconds)
            append(contentPath.utf8.count)
            text += contentPath.utf8
            text.append(UInt8(ascii: "\n"))
        }
        return text
    }

    init?(parsing bytes: [UInt8]) {
        guard bytes.starts(with: Self.header) else { return nil }
        table = bytes
        var index = Self.header.count
        /// A number ended by a space, in `radix`; `nil` for anything else.
        func number(radix: UInt64 = 10) -> UInt64? {
            var value: UInt64 = 0
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: " ") {
                let byte = bytes[index]
                let digit: UInt64
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(byte - UInt8(ascii: "a") + 10)
                default: return nil
                }
                let (times, overflowed) = value.multipliedReportingOverflow(by: radix)
                guard !overflowed, index - start < 20 else { return nil }
                value = times &+ digit
                index += 1
            }
            guard index < bytes.count, index > start else { return nil }
            index += 1
            return value
        }
        func signed() -> Int64? { number().flatMap { Int64(exactly: $0) } }
        while index < bytes.count {
            guard let hash = number(radix: 16), let fence = number(), fence <= 1, let device = number(), let inode = number(),
                  let size = signed(), let modified = signed(), let modifiedNanoseconds = signed(), let changed = signed(),
                  let changedNanoseconds = signed(), let length = number().flatMap({ Int(exactly: $0) }),
                  length > 0, length < bytes.count - index, bytes[index + length] == UInt8(ascii: "\n") else { return nil }
            let path = index..<(index + length)
            index += length + 1
            let known = KnownInput(stamp: InputStamp(device: device, inode: inode, size: size, modified: (modified, modifiedNanoseconds),
                                                     changed: (changed, changedNanoseconds)),
                                   bytesHash: hash, holdsFence: fence == 1)
            let pathHash = bytes.withUnsafeBytes { BuildFingerprint.hash(of: UnsafeRawBufferPointer(rebasing: $0[path])) }
            byPathHash[pathHash] = byPathHash[pathHash] == nil ? entries.count : -1
            entries.append((known, path))
        }
    }

    /// The wall clock now, to tell racy stamps (`InputStamp.isRacy`).
    static func now() -> (seconds: Int64, nanoseconds: Int64) {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return (Int64(time.tv_sec), Int64(time.tv_nsec))
    }
}
