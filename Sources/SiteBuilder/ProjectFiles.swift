import ComparisonExtraction
import Diagnostics
import Foundation
import SiteRendering
import Yams

/// Reads the project's non-content inputs: `site.yml`, the templates and their assets.
enum ProjectFiles {
    static let configKeys: Set<String> = ["title", "description", "base_url", "language", "unsafe_html", "max_subjects"]

    /// `site.yml` is optional; a broken one is a configuration error (exit status 2).
    static func readConfig(at path: String) throws -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig()
        guard FileManager.default.fileExists(atPath: path) else { return (config, []) }
        var diagnostics: [Diagnostic] = []
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw UsageError("\(path): cannot read the site configuration: \(error.localizedDescription)")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw UsageError("\(path): not valid YAML: \(error)")
        }
        guard let mapping = root?.mapping else { return (config, diagnostics) }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let position = keyNode.mark.map { SourcePosition(line: $0.line, column: $0.column) }
            guard configKeys.contains(key) else {
                let hint = Suggestion.closest(to: key, among: configKeys.sorted()).map { "did you mean '\($0)'?" }
                    ?? "known: \(configKeys.sorted().joined(separator: ", "))"
                diagnostics.append(Diagnostic(.warning, file: path, position: position, "unknown key '\(key)' (\(hint))"))
                continue
            }
            guard let scalar = value.scalar?.string else {
                throw UsageError("\(path):\(position?.line ?? 1): '\(key)' must be a single value")
            }
            switch key {
            case "title": config.title = scalar
            case "description": config.description = scalar
            case "language": config.language = scalar
            case "base_url": config.baseURL = try validatedBaseURL(scalar)
            case "unsafe_html":
                guard scalar == "true" || scalar == "false" else {
                    throw UsageError("\(path):\(position?.line ?? 1): 'unsafe_html' must be true or false")
                }
                config.unsafeHTML = scalar == "true"
            case "max_subjects":
                // Bounded above too: pages and warnings grow with the square of it.
                guard let number = Int(scalar), (2...1000).contains(number) else {
                    throw UsageError("\(path):\(position?.line ?? 1): 'max_subjects' must be a whole number from 2 to 1000")
                }
                config.maximumSubjects = number
            default: break
            }
        }
        return (config, diagnostics)
    }

    static func validatedBaseURL(_ text: String) throws -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host != nil else {
            throw UsageError("base URL '\(text)' must be an absolute http(s) URL, like https://example.org/docs/")
        }
        return text.hasSuffix("/") ? text : text + "/"
    }

    /// Every `*.mustache` file at the top of the templates folder, by name.
    static func readTemplates(in directory: String) throws -> [String: String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("templates folder '\(directory)' does not exist")
        }
        var sources: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where name.hasSuffix(".mustache") {
            let path = directory + "/" + name
            let bytes = try FileReading.read(path, limit: 1024 * 1024)
            // Templates obey the same encoding rules as content: BOM stripped, UTF-16 and invalid UTF-8 refused.
            switch SourceText.decode(bytes, file: PathTools.displayPrefix(for: directory) + name) {
            case .success(let text): sources[String(name.dropLast(".mustache".count))] = String(decoding: text.bytes, as: UTF8.self)
            case .failure(let diagnostic): throw diagnostic
            }
        }
        return sources
    }

    /// Files under `templates/assets/`, copied to `assets/` in the site as they are.
    static func readAssets(in templatesDirectory: String) throws -> [OutputFile] {
        let root = templatesDirectory + "/assets"
        guard FileManager.default.fileExists(atPath: root) else { return [] }
        var files: [OutputFile] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where !name.hasPrefix(".") {
                let path = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(folder + "/" + name, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: pending.append(path)
                case S_IFREG: files.append(OutputFile(path: "assets/" + path, bytes: try FileReading.read(folder + "/" + name, limit: 64 * 1024 * 1024)))
                default: continue
                }
            }
        }
        return files
    }
}

