/// The one place that decides whether a URL taken out of a document may reach an `href` or `src`.
/// cmark's safe mode only protects cmark's own renderer; URLs copied out of the tree
/// (into templates, JSON or rewritten links) need this filter too.
public enum URLSchemeFilter {
    public enum Use: Sendable { case link, image }

    /// `nil` when the URL is safe to emit; otherwise the reason it was dropped.
    public static func rejection(of url: String, use: Use) -> String? {
        // Browsers ignore ASCII control characters and white space inside a scheme, and match it
        // case-insensitively, so compare on the same normalised form an attacker would rely on.
        var scheme = ""
        for scalar in url.unicodeScalars {
            if scalar == ":" { break }
            if scalar.value <= 0x20 || scalar.value == 0x7F { continue }
            if scalar == "/" || scalar == "?" || scalar == "#" { return nil }
            scheme.unicodeScalars.append(scalar)
            if scheme.count > 32 { return nil }
        }
        guard url.contains(":") else { return nil }
        let lowered = scheme.lowercased()
        switch lowered {
        case "javascript", "vbscript", "file":
            return "the '\(lowered):' scheme is not allowed"
        case "data":
            let body = url.drop { $0 != ":" }.dropFirst().lowercased()
            let safeImage = ["image/png", "image/gif", "image/jpeg", "image/webp"].contains { body.hasPrefix($0) }
            if use == .image && safeImage { return nil }
            return "'data:' URLs are only allowed for PNG, GIF, JPEG and WebP images"
        default:
            return nil
        }
    }

    public static func isSafe(_ url: String, use: Use) -> Bool {
        rejection(of: url, use: use) == nil
    }
}
