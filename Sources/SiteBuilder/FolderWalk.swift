import Diagnostics
import FileListing
import Foundation

/// The build's walk of its input folders (content, templates, assets) through the `FileSystem` seam, on
/// the one walk of a folder tree (`FolderTree`).
/// Symbolic links are reported, never followed: a link could lead outside the project or into a loop.
struct FolderWalk {
    struct Entry: Sendable {
        /// Relative to the walked root, `/`-separated.
        var path: String
        var name: String
        var kind: FileKind
        var isValidUTF8: Bool
    }

    var fileSystem: FileSystem

    /// Every entry below `root` in a stable order (each folder's entries together, sorted by name; the
    /// folders depth first, parents before children), descending into folders when `recursive`, except
    /// those `skip` names. Folders are read level by level (`FolderTree`), then put in that order.
    func entries(under root: String, recursive: Bool = true, skip: (String) -> Bool = { _ in false }) throws -> [Entry] {
        let fileSystem = self.fileSystem
        // By the path's bytes: Swift's `String` equality is canonical equivalence, and `café` in NFC and
        // in NFD are two folders on disk (two files there fail the build later, naming both).
        var byFolder: [[UInt8]: [Entry]] = [:]
        try FolderTree.walk(list: { relativeFolder in
            // The root is the user's choice and may be a link ("root/." follows it); below it, nothing is followed.
            Result { try fileSystem.listFolder(relativeFolder.isEmpty ? FolderWalk.followingLink(root) : root + "/" + relativeFolder) }
        }, visit: { relativeFolder, listed in
            let folder = relativeFolder.isEmpty ? root : root + "/" + relativeFolder
            var entries: [Entry] = []
            var subfolders: [String] = []
            for listed in try listed.get().sorted(by: { $0.name < $1.name }) where !skip(listed.name) {
                let path = FolderTree.child(listed.name, of: relativeFolder)
                guard let kind = listed.kind ?? fileSystem.kind(folder + "/" + listed.name) else { continue }
                entries.append(Entry(path: path, name: listed.name, kind: kind, isValidUTF8: listed.isValidUTF8))
                if kind == .folder && recursive && listed.isValidUTF8 { subfolders.append(path) }
            }
            byFolder[Array(relativeFolder.utf8)] = entries
            return subfolders
        })
        // Each folder's entries as one block, its subfolders after it in name order, depth first.
        var found: [Entry] = []
        var pending = [""]
        while let folder = pending.popLast() {
            let block = byFolder[Array(folder.utf8)] ?? []
            found += block
            pending += block.filter { $0.kind == .folder && $0.isValidUTF8 && byFolder[Array($0.path.utf8)] != nil }.map(\.path).reversed()
        }
        return found
    }

    /// The regular files below `root` that `wanted` accepts, with the project's rules for inputs:
    /// hidden and editor files are ignored; symbolic links are skipped with a warning naming them;
    /// FIFOs, sockets, devices and names that are not UTF-8 are skipped with a warning when wanted.
    func inputFiles(under root: String, displayPrefix: String, recursive: Bool = true,
                    wanted: (String) -> Bool) throws -> (paths: [String], diagnostics: [Diagnostic]) {
        let entries: [Entry]
        do {
            entries = try self.entries(under: root, recursive: recursive, skip: FolderWalk.isIgnoredName)
        } catch {
            throw Diagnostic(.error, file: displayPrefix.isEmpty ? "." : String(displayPrefix.dropLast()),
                             "cannot read the folder: \(error.localizedDescription)")
        }
        var paths: [String] = []
        var diagnostics: [Diagnostic] = []
        for entry in entries {
            let display = displayPrefix + entry.path
            guard entry.isValidUTF8 else {
                // Paths are UTF-8 everywhere else (URLs, messages, model.json): such a name cannot be published.
                if entry.kind == .folder || wanted(entry.name) {
                    diagnostics.append(Diagnostic(.warning, file: display, "the name is not valid UTF-8; skipped (rename it)"))
                }
                continue
            }
            switch entry.kind {
            case .folder: continue
            case .regular: if wanted(entry.name) { paths.append(entry.path) }
            case .symbolicLink:
                diagnostics.append(Diagnostic(.warning, file: display, "symbolic link skipped: only regular files and folders are read"))
            case .other:
                if wanted(entry.name) {
                    diagnostics.append(Diagnostic(.warning, file: display, "not a regular file (a FIFO, socket or device); skipped"))
                }
            }
        }
        return (paths.sorted(), diagnostics)
    }

    /// `path` such that opening it follows a final symbolic link even with `O_NOFOLLOW`.
    static func followingLink(_ path: String) -> String {
        path.isEmpty ? "." : path + "/."
    }

    /// Whether `path` is a folder, following a link the user gave.
    func isFolder(_ path: String) -> Bool {
        fileSystem.kind(FolderWalk.followingLink(path)) == .folder
    }

    /// Editor and system leftovers that are never input: `.hidden.md`, `~x.md`, `#x.md#`, `x.md~`, `.x.md.swp`.
    static func isIgnoredName(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasPrefix("~") || name.hasPrefix("#") || name.hasSuffix("~") || name.hasSuffix("#")
    }
}

extension ReadFailure {
    /// The message for a file that could not be read, at `display`; `noun` names what it is ("document").
    func diagnostic(file display: String, noun: String = "file") -> Diagnostic {
        switch self {
        case .symbolicLink:
            return Diagnostic(.warning, file: display, "symbolic link skipped: only regular files and folders are read (it replaced the file during the build)")
        case .notRegularFile:
            return Diagnostic(.warning, file: display, "not a regular file (a FIFO, socket or device); skipped")
        case .tooLarge(let bytes, let limit):
            return Diagnostic(.error, file: display, "\(noun) is \(bytes / 1024) KiB; the limit is \(limit / 1024) KiB")
        case .missing:
            return Diagnostic(.error, file: display, "cannot open the file: it was removed during the build")
        case .system(let reason):
            return Diagnostic(.error, file: display, "cannot read the file: \(reason)")
        }
    }
}

/// Names no stage reads (hidden files, editor backups and autosaves): `versus serve` ignores their changes too.
public func isIgnoredInputName(_ name: String) -> Bool { FolderWalk.isIgnoredName(name) }
