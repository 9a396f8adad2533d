import Foundation

/// The oracle every built site must pass: no dangerous URL scheme in any href or src,
/// and no `<script` but the default theme's own: the quick find (`assets/search.js`) and, with
/// `search: full`, Pagefind's UI, each loaded from the site by a relative or absolute path, never inline.
public enum SafetyScan {
    static let themeScripts = try! NSRegularExpression(pattern:
        #"<script src="(?:(?:\.\./)*|https?://[^"<>\s]+/)(?:assets/search\.js" defer|assets/full-text\.js"|pagefind/pagefind-ui\.js")></script>"#)

    static func withoutThemeScripts(_ text: String) -> String {
        themeScripts.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
    }

    public static func problems(inSite root: URL) -> [String] {
        var problems: [String] = []
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return ["cannot read \(root.path)"] }
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".html") || relative.hasSuffix(".xml") else { continue }
            guard let data = try? Data(contentsOf: root.appendingPathComponent(relative)) else { continue }
            guard let text = String(data: data, encoding: .utf8) else { problems.append("\(relative): not valid UTF-8"); continue }
            let lowered = withoutThemeScripts(text).lowercased()
            if lowered.contains("<script") { problems.append("\(relative): contains <script") }
            for attribute in ["href=\"", "src=\""] {
                var rest = Substring(lowered)
                while let range = rest.range(of: attribute) {
                    let value = rest[range.upperBound...].prefix { $0 != "\"" }
                    let decoded = value.replacingOccurrences(of: "&#58;", with: ":").replacingOccurrences(of: "&colon;", with: ":")
                        .filter { !$0.isWhitespace }
                    for scheme in ["javascript:", "vbscript:", "file:"] where decoded.hasPrefix(scheme) {
                        problems.append("\(relative): \(attribute)\(value)")
                    }
                    if decoded.hasPrefix("data:") && !["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"].contains(where: { decoded.hasPrefix($0) }) {
                        problems.append("\(relative): \(attribute)\(value)")
                    }
                    rest = rest[range.upperBound...]
                }
            }
        }
        return problems
    }
}
