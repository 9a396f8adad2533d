/// The one reading of a URL's scheme, for every place that judges one: which links the site rewrites
/// (`DocumentLink.pointsWithinSite`), which URLs may reach an `href` or `src` (`URLSchemeFilter`), what
/// the link checker fetches, skips or refuses, where a redirect may go, and what `--base-url` may be.
///
/// The scheme is the URL standard's: an ASCII letter, then ASCII letters, digits, `+`, `-` or `.`,
/// ended by `:`. Anything else before the first `:` (or no `:`) makes the URL a relative reference.
/// Callers trim the white space their context allows around a URL (HTML attributes: ASCII white space)
/// before asking.
public enum URLScheme {
    /// How characters a scheme may not hold are read.
    public enum Reading: Sendable {
        /// As the URL standard reads an already trimmed URL: they end the scheme, so the URL is relative.
        case standard
        /// Control characters, spaces and DEL are skipped, as some browsers did and would still be
        /// entitled to do with a URL they are handed: `java\tscript:` is `javascript:`. For the safety
        /// filter only, where reading too much as a scheme errs on the safe side.
        case skippingBlanks
    }

    /// The scheme of `url`, lower-cased (`https`), or `nil` for a relative reference.
    public static func of(_ url: String, reading: Reading = .standard) -> String? {
        switch scan(url, reading: reading) {
        case .relative:
            return nil
        case .contiguous(let length):
            let scheme = String(decoding: url.utf8.prefix(length), as: UTF8.self)
            return asciiLowercased(scheme)
        case .withBlanks:
            let kept = url.utf8.prefix { $0 != UInt8(ascii: ":") }.filter { !isBlank($0) }
            return asciiLowercased(String(decoding: kept, as: UTF8.self))
        }
    }

    /// Whether `url` has a scheme; the same answer as `of(url) != nil`, without making the string.
    public static func isPresent(in url: String) -> Bool {
        if case .relative = scan(url, reading: .standard) { return false }
        return true
    }

    private enum Scan { case relative, contiguous(length: Int), withBlanks }

    /// Bytes, not `Character`s: this runs for every link of every document and every reference the
    /// checker reads.
    private static func scan(_ url: String, reading: Reading) -> Scan {
        var length = 0
        var sawBlank = false
        for byte in url.utf8 {
            if byte == UInt8(ascii: ":") {
                guard length > 0 else { return .relative }
                return sawBlank ? .withBlanks : .contiguous(length: length)
            }
            if reading == .skippingBlanks && isBlank(byte) {
                sawBlank = true
                continue
            }
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let isOther = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            if length == 0 ? !isLetter : !(isLetter || isOther) { return .relative }
            length += 1
        }
        return .relative
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x7F
    }

    /// The scheme holds only ASCII, so this is `lowercased()` without its Unicode tables.
    private static func asciiLowercased(_ scheme: String) -> String {
        guard scheme.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return scheme }
        return String(decoding: scheme.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 },
                      as: UTF8.self)
    }
}

/// The one place that decides whether a URL taken out of a document may reach an `href` or `src`.
/// cmark's safe mode only protects cmark's own renderer; URLs copied out of the tree
/// (into templates, JSON or rewritten links) need this filter too.
public enum URLSchemeFilter {
    public enum Use: Sendable { case link, image }

    /// `nil` when the URL is safe to emit; otherwise the reason it was dropped.
    public static func rejection(of url: String, use: Use) -> String? {
        // Browsers ignore ASCII control characters and white space around and inside a scheme, and
        // match it case-insensitively, so judge the form an attacker would rely on.
        guard let scheme = URLScheme.of(url, reading: .skippingBlanks) else { return nil }
        switch scheme {
        case "javascript", "vbscript", "file":
            return "the '\(scheme):' scheme is not allowed"
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
