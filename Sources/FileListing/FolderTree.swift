import Foundation
import ParallelWork

/// The one walk of a folder tree in Versus: the build's inputs (`SiteBuilder.FolderWalk`, over the
/// build's file-system seam), the link checker's listing of a built site, and the folders `versus serve`
/// watches. It lists folders one level at a time and never decides what to follow: `visit` says which
/// entries of a folder are folders to walk, so nothing is followed that the caller did not return (a
/// link, a name it ignores). Removing a replaced site is not a listing and has its own walk by folder
/// descriptors (`SiteBuilder.FolderRemoval`).
public enum FolderTree {
    /// How the folders of one level are listed.
    public enum Listing: Sendable {
        /// One after another on the calling thread, in the order `visit` returned them.
        case inOrder
        /// On every core: for `list` functions safe to call from several threads at once (the disk).
        /// A generated site has a folder per page, and 10,000 folders read one after another kept a
        /// core idle for a tenth of a link check.
        case onEveryCore
    }

    /// Lists the root (the relative folder `""`) and every folder `visit` returns below it, level by level.
    /// `list` gets a folder's path relative to the root (`/`-separated) and returns its entries or why
    /// they cannot be read; `visit` gets each folder's path and listing, always on the calling thread and
    /// in order (a level's folders in the order they were returned), and returns the relative paths of
    /// the folders to walk next. What `visit` throws ends the walk.
    public static func walk(listing: Listing = .inOrder,
                            list: @Sendable (String) -> Result<[FolderEntry], Error>,
                            visit: (String, Result<[FolderEntry], Error>) throws -> [String]) rethrows {
        var level = [""]
        while !level.isEmpty {
            let listed = listing == .onEveryCore ? level.parallelMap(list) : level.map(list)
            var next: [String] = []
            for (folder, entries) in zip(level, listed) {
                next += try visit(folder, entries)
            }
            level = next
        }
    }

    /// `path` under `folder` (relative, `""` for the root).
    public static func child(_ name: String, of folder: String) -> String {
        folder.isEmpty ? name : folder + "/" + name
    }
}
