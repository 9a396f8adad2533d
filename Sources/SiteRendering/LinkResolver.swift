import ComparisonModel
import Diagnostics
import Foundation
import TextPrimitives

/// Decides where a Markdown link points once the site is built. Links between documents are written
/// as relative `.md` paths (browsable on GitHub and in editors) and become page URLs here.
struct LinkResolver: Sendable {
    enum Resolution: Equatable {
        /// Leave the URL as written: external, mailto, or a file that is not a document.
        case untouched
        /// A page of this site, relative to the site root, with the fragment as written.
        case page(sitePath: String, fragment: String?)
        /// A file of the content folder published beside the pages (an image), at this site path.
        case file(sitePath: String, fragment: String?)
        case broken(String)
    }

    private let documentsByPath: [String: Document]
    /// Documents that exist but whose own errors kept them out: a link to one is not reported again.
    private let unbuiltPaths: Set<String>
    /// Document file names by folder, sorted, for "did you mean": a broken link is compared with the
    /// documents of the folder it points into only.
    private let namesByFolder: [String: [String]]
    /// The content folder's other files (images, PDFs), published at their content path.
    private let files: Set<String>
    private let fileNamesByFolder: [String: [String]]

    init(documents: [Document], unbuilt: Set<String> = [], files: Set<String> = []) {
        let normalisedFiles = Set(files.map(Self.normalise))
        self.files = normalisedFiles
        var fileNames: [String: [String]] = [:]
        for file in normalisedFiles { fileNames[Self.folder(of: file), default: []].append(Self.name(of: file)) }
        fileNamesByFolder = fileNames.mapValues { $0.sorted() }
        var byPath: [String: Document] = [:]
        var byFolder: [String: [String]] = [:]
        // A comparison read from a pair section shares its document's file: links to the file name the document.
        for document in documents where document.partOf == nil {
            let path = Self.normalise(document.contentPath)
            byPath[path] = document
            byFolder[Self.folder(of: path), default: []].append(Self.name(of: path))
        }
        documentsByPath = byPath
        namesByFolder = byFolder.mapValues { $0.sorted() }
        unbuiltPaths = Set(unbuilt.map(Self.normalise))
    }

    func resolve(_ url: String, from document: Document, isImage: Bool = false) -> Resolution {
        if url.isEmpty || !DocumentLink.pointsWithinSite(url) { return .untouched }
        var rest = Substring(url)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") { rest = rest[..<question] }
        if rest.isEmpty {
            guard let fragment else { return .untouched }
            let own = check(fragment: fragment, in: document, written: url, samePage: true)
            // A pair's comparison is one section of a document comparing several pairs: an anchor
            // elsewhere in that document ("see the introduction") is on the document's page.
            if case .broken = own, document.partOf != nil, let hub = documentsByPath[Self.normalise(document.contentPath)],
               case .page = check(fragment: fragment, in: hub, written: url, samePage: false) {
                return .page(sitePath: hub.url, fragment: fragment)
            }
            return own
        }
        let decodedPath = String(rest).removingPercentEncoding ?? String(rest)
        guard decodedPath.lowercased().hasSuffix(".md") else { return resolveFile(decodedPath, written: url, fragment: fragment, from: document, isImage: isImage) }
        guard let resolvedPath = Self.join(base: document.contentPath, relative: decodedPath) else {
            return .broken("link '\(url)' leaves the content folder")
        }
        guard let target = documentsByPath[Self.normalise(resolvedPath)] else {
            // The document is there but broken: its own error says so, once.
            if unbuiltPaths.contains(Self.normalise(resolvedPath)) { return .untouched }
            return .broken("link '\(url)' names no document ('\(resolvedPath)' does not exist or is a draft)"
                           + suggestion(forPath: resolvedPath, written: decodedPath))
        }
        if let fragment, !fragment.isEmpty {
            if case .broken(let reason) = check(fragment: fragment, in: target, written: url, samePage: false) {
                return .broken(reason)
            }
        }
        return .page(sitePath: target.url, fragment: fragment)
    }

    /// A link or image naming a file that is not a document: resolved from the document's own folder
    /// to a file of the content folder. A missing image is broken; so is a missing link whose last
    /// component has an extension (`guide.pdf`), unless it names what the site itself makes
    /// (`../subjects/x/`, `assets/style.css`), which is left as written.
    private func resolveFile(_ decodedPath: String, written url: String, fragment: String?, from document: Document, isImage: Bool) -> Resolution {
        guard let resolvedPath = Self.join(base: document.contentPath, relative: decodedPath) else {
            return .broken("link '\(url)' leaves the content folder")
        }
        let path = Self.normalise(resolvedPath)
        if files.contains(path) { return .file(sitePath: path, fragment: fragment) }
        let firstComponent = path.split(separator: "/").first.map(String.init) ?? ""
        let namesAFile = Self.name(of: path).contains(".") && !decodedPath.hasSuffix("/")
        guard isImage || namesAFile, !SiteLayout.reservedTopLevelNames.contains(firstComponent) else { return .untouched }
        let name = Self.name(of: path)
        var hint = ""
        if let names = fileNamesByFolder[Self.folder(of: path)],
           let closest = Suggestion.closest(to: name, among: Self.neighbours(of: name, in: names)) {
            let writtenFolder = decodedPath.lastIndex(of: "/").map { String(decodedPath[...$0]) } ?? ""
            hint = " (did you mean '\(writtenFolder)\(closest)'?)"
        }
        return .broken("\(isImage ? "image" : "link") '\(url)' names no file ('\(resolvedPath)' is not in the content folder)" + hint)
    }

    private func check(fragment: String, in target: Document, written: String, samePage: Bool) -> Resolution {
        let decoded = fragment.removingPercentEncoding ?? fragment
        if fragment.isEmpty || decoded == "top" || target.anchors.contains(decoded) || target.anchors.contains(fragment) {
            return samePage ? .untouched : .page(sitePath: target.url, fragment: fragment)
        }
        let owner = samePage ? "this document" : "'\(target.contentPath)'"
        // The first `suggestionWindow` ids only: a page of thousands of headings linked thousands of
        // times with typos would otherwise cost their product.
        let hint = Suggestion.closest(to: decoded, among: target.anchors.prefix(Self.suggestionWindow))
            .map { " (did you mean '#\($0)'?)" } ?? ""
        return .broken("link '\(written)': \(owner) has no heading or anchor '#\(decoded)'\(hint)")
    }

    /// " (did you mean 'other.md'?)" for a missing document: the closest file name in the folder the
    /// link points into, written as the link was.
    private func suggestion(forPath resolvedPath: String, written: String) -> String {
        let path = Self.normalise(resolvedPath)
        let name = Self.name(of: path)
        guard let names = namesByFolder[Self.folder(of: path)],
              let closest = Suggestion.closest(to: name, among: Self.neighbours(of: name, in: names)) else { return "" }
        let writtenFolder = written.lastIndex(of: "/").map { String(written[...$0]) } ?? ""
        return " (did you mean '\(writtenFolder)\(closest)'?)"
    }

    /// At most `suggestionWindow` names around where `name` would sort: every name of a usual folder,
    /// and in a folder of thousands the ones sharing the typo's first letters, so that a site with a
    /// broken link in every document still costs a bounded amount per link.
    static func neighbours(of name: String, in sorted: [String]) -> ArraySlice<String> {
        guard sorted.count > suggestionWindow else { return sorted[...] }
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < name { low = middle + 1 } else { high = middle }
        }
        let start = max(0, min(low - suggestionWindow / 2, sorted.count - suggestionWindow))
        return sorted[start..<(start + suggestionWindow)]
    }

    static let suggestionWindow = 200

    static func name(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// `a/b` for `a/b/c.md`, `` for `c.md`.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Resolves `relative` against the folder of `base` (both content-relative); `nil` when it climbs out.
    static func join(base: String, relative: String) -> String? {
        var parts: [Substring] = relative.hasPrefix("/") ? [] : base.split(separator: "/").dropLast()
        for component in relative.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default:
                parts.append(component)
            }
        }
        return parts.joined(separator: "/")
    }

    static func normalise(_ path: String) -> String {
        path.canonicalComposition
    }
}

/// Relative URLs between pages, so the site works at a domain root and under any sub-path.
enum SiteURL {
    /// `../../` for `compare/x/index.html`, `` for `index.html`.
    static func root(forPageAt outputPath: String) -> String {
        String(repeating: "../", count: outputPath.utf8.split(separator: UInt8(ascii: "/")).count - 1)
    }

    /// A site-root-relative path (`compare/x/`) as an href from a page whose root is `root`,
    /// percent-encoding what is not plain ASCII.
    static func href(_ sitePath: String, root: String, fragment: String? = nil) -> String {
        var href = root + percentEncoded(sitePath)
        if href.isEmpty { href = "./" }
        if let fragment, !fragment.isEmpty { href += "#" + fragment }
        return href
    }

    static func absolute(_ sitePath: String, base: String) -> String {
        (base.hasSuffix("/") ? base : base + "/") + percentEncoded(sitePath)
    }

    /// Percent-encodes every byte outside the unreserved and sub-delimiter characters of a URL path.
    /// Slugs are usually plain ASCII, so the common case returns the path untouched.
    static func percentEncoded(_ path: String) -> String {
        var copy = path
        // The table read once, not once per byte (a static costs an initialisation check per access).
        let clean = allowedBytes.withUnsafeBufferPointer { allowed in
            copy.withUTF8 { bytes in !bytes.contains { !allowed[Int($0)] } }
        }
        guard !clean else { return path }
        var output: [UInt8] = []
        output.reserveCapacity(path.utf8.count * 3)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in path.utf8 {
            if isAllowed(byte) {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `isAllowed` for every byte value, so the common check is one load per byte.
    private static let allowedBytes: [Bool] = (0...255).map { isAllowed(UInt8($0)) }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"),
             UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: ":"),
             UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }
}
