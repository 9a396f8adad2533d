import Foundation
import TextPrimitives

// Pure functions from "a URL written in a page" to "what it points at". No file system access here:
// the checker looks the result up in its map of the site. The rules are documented in docs/link-checking.md.

/// Where a reference points, before the site map is consulted.
enum ResolvedTarget: Sendable, Hashable {
    /// A file or folder of the site. `path` is site-relative, `/`-separated, percent-decoded, NFC, without a
    /// leading slash; `""` is the site root.
    case local(path: String, isFolderForm: Bool, fragment: String?)
    /// An absolute `http`/`https` URL (protocol-relative links are given `https:`).
    case external(url: String)
    /// A scheme the checker does not fetch (`data:`, `tel:`, `mailto:` with an address, `ftp:`...).
    case skipped(scheme: String)
    case problem(ProblemKind, String)
}

/// What relative references resolve against: the page itself, or its `<base href>`.
enum BaseDocument: Sendable, Hashable {
    /// Site-relative path of the document (for a page, the page; for `<base href="/docs/">`, `docs/`).
    case local(path: String)
    /// An absolute `http(s)` base: every relative reference of the page becomes external.
    case external(URL)
}

/// Decodes `%XX` escapes as UTF-8. `nil` when an escape is malformed or the bytes are not UTF-8, so the
/// caller can fall back to the raw text.
func percentDecode(_ text: Substring) -> String? {
    // `utf8.contains`, not `contains("%")`: the latter is Foundation's string search, slow on hot paths.
    guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
        guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
        guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
            return nil
        }
        bytes.append(high << 4 | low)
    }
    return String(validating: bytes, as: UTF8.self)
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}

/// `/docs/` form of a `--base-path` value (`docs`, `/docs`, `/docs/` all mean the same); `nil` for the root.
func normalizedBasePath(_ basePath: String?) -> String? {
    guard let basePath else { return nil }
    let trimmed = basePath.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    return trimmed.isEmpty ? nil : "/\(trimmed)/"
}

/// Resolves one reference as written in a page.
/// - Parameters:
///   - target: the attribute value (one `srcset` candidate), HTML character references already decoded.
///   - base: the page itself, or what its `<base href>` resolved to.
///   - basePath: a normalized `--base-path` (`/docs/`) or `nil`.
func resolveReference(_ target: String, base: BaseDocument, basePath: String?) -> ResolvedTarget {
    resolveReference(target, base: base, folder: base.folderSegments, basePath: basePath)
}

extension BaseDocument {
    var isLocal: Bool {
        if case .local = self { return true }
        return false
    }

    /// The folders relative links start from: everything before the document's last `/`.
    var folderSegments: [String] {
        guard case .local(let path) = self else { return [] }
        var folder = splitPath(Substring(path))
        folder.removeLast()
        return folder.filter { !$0.isEmpty }.map(String.init)
    }
}

/// As above, with the base's folder split once per page rather than once per reference.
func resolveReference(_ target: String, base: BaseDocument, folder: [String], basePath: String?) -> ResolvedTarget {
    var trimmed = target.trimmingASCIIWhitespace()
    // The URL parser drops tabs and newlines anywhere in the URL, so `a<newline>b.html` is `ab.html`.
    // Searched through `withUTF8`: `utf8.contains(where:)` cost 2,000 instructions a target.
    if trimmed.withUTF8({ $0.contains { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } }) {
        trimmed.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    }
    if trimmed.isEmpty {
        return .problem(.emptyLink, "empty link (it reloads the page; write '#' or the page name)")
    }
    if let scheme = URLScheme.of(trimmed) {
        return classifyAbsolute(trimmed, scheme: scheme)
    }
    // Browsers read `\` as `/` in http(s) URLs, so `\\host\x` and `/\host` start like `//host`: another host,
    // not a file of this site.
    let lead = Array(trimmed.utf8.prefix(2))
    if lead.count == 2, lead.allSatisfy({ $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\") }) {
        return .external(url: "https:" + backslashesAsSlashes(trimmed))
    }
    switch base {
    case .external(let baseURL):
        guard let url = URL(string: trimmed, relativeTo: baseURL)?.absoluteURL else {
            return .problem(.missingFile, "not a valid URL relative to <base href='\(baseURL.absoluteString)'>")
        }
        return .external(url: url.absoluteString)
    case .local(let documentPath):
        return resolveLocal(trimmed, documentPath: documentPath, folder: folder, basePath: basePath)
    }
}

private func classifyAbsolute(_ target: String, scheme: String) -> ResolvedTarget {
    let rest = target.dropFirst(scheme.count + 1)
    switch scheme {
    case "http", "https":
        return .external(url: backslashesAsSlashes(target))
    case "mailto":
        return mailtoProblem(rest).map { .problem($0.kind, $0.reason) } ?? .skipped(scheme: scheme)
    case "tel":
        let number = rest.prefix(while: { $0 != "?" && $0 != ";" }).trimmingCharacters(in: .whitespaces)
        return number.isEmpty ? .problem(.emptyTel, "tel: without a number") : .skipped(scheme: scheme)
    case "javascript", "vbscript":
        // A generated site must not depend on script URLs; they are also the classic injection vector.
        return .problem(.forbiddenScheme, "\(scheme): URLs are not allowed in a generated site")
    case "file":
        return .problem(.forbiddenScheme, "file: URLs point into the author's computer, not the site")
    default:
        return .skipped(scheme: scheme)
    }
}

/// `\` as `/` before the query and fragment, as browsers read http(s) URLs.
private func backslashesAsSlashes(_ url: String) -> String {
    guard url.utf8.contains(UInt8(ascii: "\\")) else { return url }
    let end = url.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? url.endIndex
    return url[..<end].replacingOccurrences(of: "\\", with: "/") + url[end...]
}

/// A `mailto:` that no mail program can use (RFC 6068): no address, a malformed `%` escape, or an address
/// without a local part and a domain around its `@`.
private func mailtoProblem(_ rest: Substring) -> LinkProblemDetail? {
    let addresses = rest.prefix(while: { $0 != "?" })
    if addresses.trimmingCharacters(in: .whitespaces).isEmpty {
        return LinkProblemDetail(kind: .emptyMailto, reason: "mailto: without an address")
    }
    guard !hasMalformedPercentEscape(rest), let decoded = percentDecode(addresses) else {
        return LinkProblemDetail(kind: .invalidMailto, reason: "mailto: with a malformed %-escape")
    }
    for address in decoded.split(separator: ",", omittingEmptySubsequences: false) {
        let address = address.trimmingCharacters(in: .whitespaces)
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
              address.index(after: at) != address.endIndex else {
            return LinkProblemDetail(kind: .invalidMailto, reason: "'\(address)' is not an e-mail address")
        }
    }
    return nil
}

/// `%` not followed by two hexadecimal digits.
private func hasMalformedPercentEscape(_ text: Substring) -> Bool {
    let bytes = Array(text.utf8)
    var index = 0
    while index < bytes.count {
        if bytes[index] == UInt8(ascii: "%") {
            guard index + 2 < bytes.count, hexValue(bytes[index + 1]) != nil, hexValue(bytes[index + 2]) != nil else {
                return true
            }
            index += 3
        } else {
            index += 1
        }
    }
    return false
}

/// Resolves a target without a scheme against the document's folder.
///
/// Most targets of a generated site are plain (`../../compare/a-vs-b/#pricing`: ASCII, no `%`, no `\\`, a
/// relative path): those are split over their bytes in one pass (`resolvePlainRelative`). The general
/// path (`resolveLocalGeneral`) cost 24,000 instructions a target through `Substring` views, and a site of
/// 10,000 documents has a quarter of a million distinct targets. A differential test holds the two equal.
func resolveLocal(_ target: String, documentPath: String, folder: [String], basePath: String?) -> ResolvedTarget {
    var target = target
    if let resolved = target.withUTF8({ resolvePlainRelative($0, folder: folder) }) {
        return resolved
    }
    return resolveLocalGeneral(target, documentPath: documentPath, folder: folder, basePath: basePath)
}

/// The plain case of `resolveLocal`, or `nil` for any other target (which the general path resolves).
func resolvePlainRelative(_ bytes: UnsafeBufferPointer<UInt8>, folder: [String]) -> ResolvedTarget? {
    let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
    var pathEnd = bytes.count
    var fragment: String?
    for index in bytes.indices {
        let byte = bytes[index]
        guard byte < 0x80, byte != UInt8(ascii: "%"), byte != UInt8(ascii: "\\") else { return nil }
        if byte == UInt8(ascii: "#") {
            if pathEnd == bytes.count { pathEnd = index }
            fragment = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)...]), as: UTF8.self)
            break
        }
        if byte == UInt8(ascii: "?"), pathEnd == bytes.count { pathEnd = index }
    }
    // An empty path stays in the document and a root-absolute one depends on the base path: the general path.
    guard pathEnd > 0, bytes[0] != slash else { return nil }
    var segments = folder
    var partStart = 0
    var lastPart = 0..<0
    while partStart <= pathEnd {
        var partEnd = partStart
        while partEnd < pathEnd, bytes[partEnd] != slash { partEnd += 1 }
        lastPart = partStart..<partEnd
        switch partEnd - partStart {
        case 0:
            // `a//b` or a trailing slash: an empty segment names nothing.
            break
        case 1 where bytes[partStart] == dot:
            break
        case 2 where bytes[partStart] == dot && bytes[partStart + 1] == dot:
            if segments.isEmpty { return .problem(.leavesSiteRoot, "goes above the site root") }
            segments.removeLast()
        default:
            segments.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[partStart..<partEnd]), as: UTF8.self))
        }
        partStart = partEnd + 1
    }
    let lastIsDots = lastPart.allSatisfy { bytes[$0] == dot } && lastPart.count <= 2
    let isFolderForm = segments.isEmpty || lastIsDots
    return .local(path: segments.joined(separator: "/"), isFolderForm: isFolderForm, fragment: fragment)
}

/// `resolveLocal` for every target: percent-encoding, non-ASCII names, `\\`, root-absolute paths.
func resolveLocalGeneral(_ target: String, documentPath: String, folder: [String], basePath: String?)
    -> ResolvedTarget {
    // Searched as bytes: Character-by-Character search costs a third of the resolver's time on a big site.
    var pathPart = Substring(target)
    var fragment: String?
    if let hash = pathPart.utf8.firstIndex(of: UInt8(ascii: "#")) {
        fragment = String(pathPart[pathPart.utf8.index(after: hash)...])
        pathPart = pathPart[..<hash]
    }
    // The query never selects a different file on a static host.
    if let question = pathPart.utf8.firstIndex(of: UInt8(ascii: "?")) {
        pathPart = pathPart[..<question]
    }
    // Browsers treat `\` as `/` in http URLs; authors who write it still mean a path separator.
    let path = pathPart.utf8.contains(UInt8(ascii: "\\"))
        ? Substring(pathPart.replacingOccurrences(of: "\\", with: "/")) : pathPart

    let startSegments: [String]
    let relative: Substring
    if path.isEmpty {
        // `#frag` and `?q` stay in the document (the page, or what <base> names).
        let isFolder = documentPath.isEmpty || documentPath.hasSuffix("/")
        return .local(path: isFolder ? String(documentPath.dropLast(documentPath.isEmpty ? 0 : 1)) : documentPath,
                      isFolderForm: isFolder, fragment: fragment)
    } else if path.hasPrefix("/") {
        startSegments = []
        if let basePath {
            let withoutSlash = basePath.dropLast()
            if path == withoutSlash {
                relative = ""
            } else if path.hasPrefix(basePath) {
                relative = path.dropFirst(basePath.count)
            } else {
                return .problem(.outsideBasePath, "root-absolute link outside the base path \(basePath)")
            }
        } else {
            relative = path.dropFirst()
        }
    } else {
        // Relative to the folder of the document: everything up to its last `/`.
        startSegments = folder
        relative = path
    }

    var segments = startSegments
    let parts = splitPath(relative)
    for part in parts {
        switch part {
        case ".":
            continue
        case "..":
            if segments.isEmpty {
                return .problem(.leavesSiteRoot, "goes above the site root")
            }
            segments.removeLast()
        case "":
            // `a//b` or a trailing slash: an empty segment names nothing.
            continue
        default:
            let decoded = percentDecode(part) ?? String(part)
            if decoded == ".." || decoded == "." {
                // `%2E%2E` is `..` to a server; refuse to let it climb.
                if decoded == "..", segments.isEmpty { return .problem(.leavesSiteRoot, "goes above the site root") }
                if decoded == ".." { segments.removeLast() }
                continue
            }
            segments.append(decoded.canonicalComposition)
        }
    }
    let lastPart = parts.last ?? ""
    let isFolderForm = segments.isEmpty || lastPart.isEmpty || lastPart == "." || lastPart == ".."
    return .local(path: segments.joined(separator: "/"), isFolderForm: isFolderForm, fragment: fragment)
}

/// Splits at `/`, keeping empty pieces (`a//b`, a trailing slash), comparing bytes rather than Characters.
private func splitPath(_ path: Substring) -> [Substring] {
    path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { Substring($0) }
}

/// Resolves `<base href>` itself (against the page) into what the page's relative references use.
func resolveBase(_ href: String, page: String, basePath: String?) -> Result<BaseDocument, LinkProblemDetail> {
    switch resolveReference(href, base: .local(path: page), basePath: basePath) {
    case .local(let path, let isFolderForm, _):
        return .success(.local(path: isFolderForm && !path.isEmpty ? path + "/" : path))
    case .external(let url):
        guard let parsed = URL(string: url) else {
            return .failure(LinkProblemDetail(kind: .badBase, reason: "not a valid URL"))
        }
        return .success(.external(parsed))
    case .skipped(let scheme):
        return .failure(LinkProblemDetail(kind: .badBase, reason: "\(scheme): cannot be a base URL"))
    case .problem(let kind, let reason):
        return .failure(LinkProblemDetail(kind: kind, reason: reason))
    }
}

struct LinkProblemDetail: Error, Sendable, Hashable {
    var kind: ProblemKind
    var reason: String
}
