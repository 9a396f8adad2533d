import ComparisonExtraction
import ComparisonModel
import DefaultTheme
import Diagnostics
import Foundation
import SiteRendering
import TextPrimitives
import Yams

/// Reads the project's non-content inputs: `site.yml`, the templates and their assets.
enum ProjectFiles {
    static let configKeys: Set<String> = ["title", "description", "base_url", "language", "unsafe_html", "max_subjects",
                                          "product", "search", "dimension_synonyms", "stale_after"]

    /// `site.yml` is optional; a broken one is a configuration error (exit status 2).
    /// Returns the file's bytes too (`nil` when there is none), for the build fingerprint.
    static func readConfig(at path: String, fileSystem: FileSystem = .disk) throws -> (SiteConfig, [UInt8]?, [Diagnostic]) {
        var config = SiteConfig()
        switch fileSystem.kind(path) {
        case nil: return (config, nil, [])
        case .symbolicLink?:
            // A link could publish any file of the host through the title or description.
            return (config, nil, [Diagnostic(.warning, file: path, "symbolic link skipped: only regular files and folders are read")])
        default: break
        }
        var diagnostics: [Diagnostic] = []
        let text: String
        let bytes: [UInt8]
        do throws(ReadFailure) {
            let folder = (path as NSString).deletingLastPathComponent
            bytes = try fileSystem.readFile(folder, (path as NSString).lastPathComponent, 1024 * 1024)
            text = String(decoding: bytes, as: UTF8.self)
        } catch {
            throw UsageError("\(path): cannot read the site configuration: \(error.diagnostic(file: path).message)")
        }
        func configurationError(_ mark: Mark?, _ message: String) -> UsageError {
            UsageError(Diagnostic(.error, file: path, position: SourcePosition(line: mark?.line ?? 1, column: mark?.column ?? 1), message))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let yamlError as YamlError {
            switch yamlError {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw configurationError(mark, "not valid YAML: \(problem)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                throw configurationError(context.mark, "the key '\(duplicates.joined(separator: "', '"))' appears twice")
            default:
                throw configurationError(nil, "not valid YAML: \(yamlError)")
            }
        } catch {
            throw configurationError(nil, "not valid YAML: \(error)")
        }
        guard let root else { return (config, bytes, diagnostics) }
        guard let mapping = root.mapping else {
            throw configurationError(root.mark, "must be a mapping of keys to values, like 'title: My site'")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let position = keyNode.mark.map { SourcePosition(line: $0.line, column: $0.column) }
            guard configKeys.contains(key) else {
                let hint = Suggestion.closest(to: key, among: configKeys.sorted()).map { "did you mean '\($0)'?" }
                    ?? "known: \(configKeys.sorted().joined(separator: ", "))"
                diagnostics.append(Diagnostic(.warning, file: path, position: position, "unknown key '\(key)' (\(hint))"))
                continue
            }
            if key == "dimension_synonyms" {
                config.dimensionSynonyms = try dimensionSynonyms(value, file: path, diagnostics: &diagnostics, error: configurationError)
                continue
            }
            guard let scalar = value.scalar?.string else {
                throw configurationError(value.mark ?? keyNode.mark, "'\(key)' must be a single value")
            }
            switch key {
            case "title": config.title = scalar
            case "product": config.product = scalar.trimmingCharacters(in: .whitespaces).isEmpty ? nil : scalar
            case "description": config.description = scalar
            case "language": config.language = scalar
            case "base_url":
                do {
                    config.baseURL = try validatedBaseURL(scalar)
                } catch let error as UsageError {
                    throw configurationError(value.mark, error.description)
                }
            case "unsafe_html":
                guard scalar == "true" || scalar == "false" else {
                    throw configurationError(value.mark, "'unsafe_html' must be true or false")
                }
                config.unsafeHTML = scalar == "true"
            case "max_subjects":
                // Bounded above too: pages and warnings grow with the square of it.
                guard let number = Int(scalar), (2...1000).contains(number) else {
                    throw configurationError(value.mark, "'max_subjects' must be a whole number from 2 to 1000")
                }
                config.maximumSubjects = number
            case "search":
                guard scalar == "quick" || scalar == "full" else {
                    throw configurationError(value.mark, "'search' must be quick or full")
                }
                config.fullTextSearch = scalar == "full"
            case "stale_after":
                guard let days = staleAfterDays(scalar) else {
                    throw configurationError(value.mark, "'stale_after' must be a number of days, weeks or years like 180d, 26w or 1y, not '\(scalar)'")
                }
                config.staleAfterDays = days
            default: break
            }
        }
        return (config, bytes, diagnostics)
    }

    /// `180d`, `26w`, `1y` (365 days) -> days; a plain number is days.
    static func staleAfterDays(_ text: String) -> Int? {
        let unit = text.last.map { $0.isLetter ? $0 : "d" } ?? "d"
        let digits = text.last?.isLetter == true ? text.dropLast() : Substring(text)
        guard let number = Int(digits), number > 0, number <= 100_000, digits.allSatisfy(\.isASCII) else { return nil }
        switch unit {
        case "d": return number
        case "w": return number * 7
        case "y": return number * 365
        default: return nil
        }
    }

    /// `dimension_synonyms`: a mapping of a dimension's name to the other titles that mean it,
    /// `Pricing: [Cost, Price]` (a single title may be written without the brackets).
    /// A title given to two names is a warning at its second mention (the page it goes to is the first
    /// name's in sorting order, as `DimensionCatalog` decides).
    static func dimensionSynonyms(_ node: Yams.Node, file: String, diagnostics: inout [Diagnostic],
                                  error: (Mark?, String) -> UsageError) throws -> [String: [String]] {
        guard let mapping = node.mapping else {
            throw error(node.mark, "'dimension_synonyms' must map a dimension's name to the titles that mean it, like 'Pricing: [Cost, Price]'")
        }
        var result: [String: [String]] = [:]
        var owners: [String: String] = [:] // title's slug -> the name that claimed it first
        func claim(_ title: String, for name: String, at mark: Mark?) {
            let slug = Slug.make(title, fallback: "dimension")
            if let owner = owners[slug], owner != name {
                diagnostics.append(Diagnostic(.warning, file: file, position: mark.map { SourcePosition(line: $0.line, column: $0.column) },
                    "'\(title)' is a synonym of both '\(owner)' and '\(name)'; its rows go to '\(min(owner, name))'"))
            } else {
                owners[slug] = name
            }
        }
        for (key, value) in mapping {
            guard let name = key.scalar?.string, !name.isEmpty else {
                throw error(key.mark, "a dimension's name must be text")
            }
            claim(name, for: name, at: key.mark)
            if let single = value.scalar?.string {
                result[name, default: []].append(single)
                claim(single, for: name, at: value.mark)
            } else if let list = value.sequence {
                for item in list {
                    guard let title = item.scalar?.string else { throw error(item.mark, "synonyms of '\(name)' must be titles") }
                    result[name, default: []].append(title)
                    claim(title, for: name, at: item.mark)
                }
            } else {
                throw error(value.mark, "synonyms of '\(name)' must be a title or a list of titles")
            }
        }
        return result
    }

    static func validatedBaseURL(_ text: String) throws -> String {
        let scheme = URLScheme.of(text)
        guard scheme == "http" || scheme == "https", URL(string: text)?.host != nil else {
            throw UsageError("base URL '\(text)' must be an absolute http(s) URL, like https://example.org/docs/")
        }
        return text.hasSuffix("/") ? text : text + "/"
    }

    /// The built-in theme's templates with every `*.mustache` file at the top of the templates folder
    /// over them, by name, and what was skipped. Without the folder the built-in theme is used alone,
    /// unless the folder was asked for (`required`).
    static func readTemplates(in directory: String, required: Bool = false, fileSystem: FileSystem = .disk) throws -> ([String: String], [Diagnostic]) {
        let walk = FolderWalk(fileSystem: fileSystem)
        guard walk.isFolder(directory) else {
            if required || fileSystem.kind(directory) != nil {
                throw UsageError("templates folder '\(directory)' does not exist")
            }
            return (DefaultTheme.templates, [])
        }
        let (own, diagnostics) = try readOwnTemplates(in: directory, walk: walk, fileSystem: fileSystem)
        return (DefaultTheme.templates.merging(own) { _, project in project }, diagnostics)
    }

    private static func readOwnTemplates(in directory: String, walk: FolderWalk, fileSystem: FileSystem) throws -> ([String: String], [Diagnostic]) {
        let display = PathTools.displayPrefix(for: directory)
        var (names, diagnostics) = try walk.inputFiles(under: directory, displayPrefix: display, recursive: false,
                                                       wanted: { $0.hasSuffix(".mustache") })
        var sources: [String: String] = [:]
        for name in names {
            let bytes: [UInt8]
            do throws(ReadFailure) {
                bytes = try fileSystem.readFile(directory, name, 1024 * 1024)
            } catch {
                let diagnostic = error.diagnostic(file: display + name, noun: "template")
                if diagnostic.severity == .error { throw diagnostic }
                diagnostics.append(diagnostic)
                continue
            }
            // Templates obey the same encoding rules as content: BOM stripped, UTF-16 and invalid UTF-8 refused.
            switch SourceText.decode(bytes, file: display + name) {
            case .success(let text): sources[String(name.dropLast(".mustache".count))] = String(decoding: text.bytes, as: UTF8.self)
            case .failure(let diagnostic): throw diagnostic
            }
        }
        return (sources, diagnostics)
    }

    /// Files under `templates/assets/`, copied to `assets/` in the site as they are, by the same rules
    /// as content: symbolic links (the folder itself included) are skipped with a warning.
    /// The built-in theme's assets, replaced path by path by the project's.
    static func readAssets(in templatesDirectory: String, fileSystem: FileSystem = .disk) throws -> ([OutputFile], [Diagnostic]) {
        let (own, diagnostics) = try readOwnAssets(in: templatesDirectory, fileSystem: fileSystem)
        let ownPaths = Set(own.map(\.path))
        let builtIn = DefaultTheme.assets.filter { !ownPaths.contains($0.path) }.map { OutputFile(path: $0.path, bytes: $0.bytes) }
        return ((builtIn + own).sorted { $0.path < $1.path }, diagnostics)
    }

    private static func readOwnAssets(in templatesDirectory: String, fileSystem: FileSystem) throws -> ([OutputFile], [Diagnostic]) {
        let root = templatesDirectory + "/assets"
        // A link here is reported by the templates folder's walk; only a real folder is read.
        guard fileSystem.kind(root) == .folder else { return ([], []) }
        let display = PathTools.displayPrefix(for: templatesDirectory) + "assets/"
        var (paths, diagnostics) = try FolderWalk(fileSystem: fileSystem).inputFiles(under: root, displayPrefix: display, wanted: { _ in true })
        var files: [OutputFile] = []
        for path in paths {
            do throws(ReadFailure) {
                // From the templates folder, so a link put in place of `assets` after the check is not followed either.
                files.append(OutputFile(path: "assets/" + path, bytes: try fileSystem.readFile(templatesDirectory, "assets/" + path, 64 * 1024 * 1024)))
            } catch {
                let diagnostic = error.diagnostic(file: display + path, noun: "asset")
                if diagnostic.severity == .error { throw diagnostic }
                diagnostics.append(diagnostic)
            }
        }
        return (files, diagnostics)
    }
}

extension ModelLoader {
    /// The loader with the site's settings that change how documents are read; `versus build` and
    /// `versus model` both read through it, so they make the same model.
    func reading(with config: SiteConfig) -> ModelLoader {
        var loader = self
        loader.allowRawHTML = config.unsafeHTML
        loader.limits.maximumSubjects = config.maximumSubjects
        loader.siteProduct = config.product
        return loader
    }

    /// The loader `versus model` uses: `site.yml` read as `versus build` reads it (a broken one throws
    /// the same `UsageError`), with its diagnostics.
    public static func forSite(contentDirectory: String, configFile: String = "site.yml",
                               fileSystem: FileSystem = .disk) throws -> (loader: ModelLoader, diagnostics: [Diagnostic]) {
        let (config, _, diagnostics) = try ProjectFiles.readConfig(at: configFile, fileSystem: fileSystem)
        let loader = ModelLoader(contentDirectory: contentDirectory, fileSystem: fileSystem).reading(with: config)
        return (loader, diagnostics)
    }
}
