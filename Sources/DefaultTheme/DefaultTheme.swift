import Foundation

/// The default theme: every file of the repository's `templates/` folder, embedded in the executable at
/// build time by the EmbedTheme plugin (no list to keep up to date), so a project without a templates
/// folder builds, and one with some templates overrides only those.
public enum DefaultTheme {
    /// Relative path in `templates/` (`layout.mustache`, `assets/style.css`) -> bytes, decoded once.
    public static let files: [String: [UInt8]] = {
        var files: [String: [UInt8]] = [:]
        for (path, base64) in EmbeddedThemeFiles.files {
            // Written by our own tool from files it read: always valid base64.
            files[path] = Data(base64Encoded: base64).map { [UInt8]($0) } ?? []
        }
        return files
    }()

    /// Template name (file name without `.mustache`, top level only, as a project's are read) -> text.
    public static var templates: [String: String] {
        var templates: [String: String] = [:]
        for (path, bytes) in files where !path.contains("/") && path.hasSuffix(".mustache") {
            templates[String(path.dropLast(".mustache".count))] = String(decoding: bytes, as: UTF8.self)
        }
        return templates
    }

    /// Files under `assets/`, by their path in the site (`assets/style.css`), sorted.
    public static var assets: [(path: String, bytes: [UInt8])] {
        files.filter { $0.key.hasPrefix("assets/") }.sorted { $0.key < $1.key }.map { (path: $0.key, bytes: $0.value) }
    }
}
