import ArgumentParser
import ComparisonExtraction
import ComparisonModel
import Foundation

/// `versus new site DIR` and `versus new comparison "A vs B"`: a working start, in one command.
public struct NewCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Creates a project or a document from a skeleton.",
        subcommands: [NewSiteCommand.self, NewComparisonCommand.self])

    public init() {}
}

/// Writes files that must not exist yet: nothing is overwritten, and nothing is written when one exists.
enum Scaffold {
    static func write(_ files: [(path: String, text: String)]) throws {
        for file in files where FileManager.default.fileExists(atPath: file.path) {
            Console.printError("versus: error: '\(file.path)' already exists; nothing was written")
            throw ExitCode(ExitStatus.usage)
        }
        for file in files {
            let folder = (file.path as NSString).deletingLastPathComponent
            do {
                if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                try Data(file.text.utf8).write(to: URL(fileURLWithPath: file.path), options: .withoutOverwriting)
            } catch {
                Console.printError("versus: error: cannot write '\(file.path)': \(error.localizedDescription)")
                throw ExitCode(ExitStatus.io)
            }
        }
    }

    /// A comparison skeleton for `title`: the sections Versus recognises, one dimension, each subject labelled.
    static func comparison(title: String, subjects: [String]) -> String {
        let entries = subjects.map { "- **\($0)**: what \($0) offers here." }.joined(separator: "\n")
        let useCases = subjects.map { "### \($0)\n\n1. **A use case**: when \($0) is the better choice." }.joined(separator: "\n\n")
        return """
        # \(title)

        ## Introduction

        One or two paragraphs: what is compared, and for whom.

        ## Key Differences

        ### A first dimension

        \(entries)

        ## Use Cases

        \(useCases)

        ## Conclusion

        Which to pick, in a paragraph.

        """
    }
}

public struct NewSiteCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "site", abstract: "Creates a project folder that `versus build` turns into a site.")

    @Argument(help: "The folder to create (it must not exist, or be empty).")
    var directory: String

    public init() {}

    public func run() throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            guard isFolder.boolValue, entries.isEmpty else {
                Console.printError("versus: error: '\(directory)' already exists and is not an empty folder; nothing was written")
                throw ExitCode(ExitStatus.usage)
            }
        }
        let name = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        try Scaffold.write([
            (prefix + "site.yml", """
            # Versus site settings; every key is optional (see the README's "site.yml" section).
            title: \(Self.yamlQuoted(name))
            description: Side-by-side comparisons.
            language: en
            # base_url: https://example.org/   # needed for sitemap.xml and canonical links

            """),
            (prefix + ".gitignore", """
            # The built site, and what Versus keeps beside it (lock, manifest, staging, the state of the last build).
            /_site/
            /._site.versus-*

            """),
            (prefix + "content/markdown-vs-asciidoc.md", Self.example),
        ])
        print("versus: created \(prefix) with site.yml, .gitignore and content/markdown-vs-asciidoc.md")
        print("next: cd \(directory) && versus build   (the built-in theme is used; add templates/ to override any file of it)")
    }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The example comparison: every shape the authoring guide describes, small.
    static let example = """
    ---
    summary: Two lightweight markup languages for documentation, side by side.
    ---
    # Markdown vs AsciiDoc

    ## Introduction

    Both turn plain text into documents. This page is an example: edit it, or replace it with your own
    comparisons (`versus new comparison "A vs B"` writes a skeleton).

    > [!TIP]
    > Each `###` under "Key Differences" is one row of the table; each bold label is a product.

    ## At a glance

    | Feature       | Markdown | AsciiDoc |
    |---------------|:--------:|:--------:|
    | Includes      | No       | Yes      |
    | GitHub render | Yes      | Yes      |

    ## Key Differences

    ### Syntax

    - **Markdown**: small; headings with `#`, emphasis with `*`.
    - **AsciiDoc**: larger; headings with `=`, attributes and conditionals built in.

    ### Tables

    - **Markdown**: pipe tables in most flavours.
    - **AsciiDoc**: rich tables with spans and formats.

    ## Use Cases

    ### Markdown

    1. **READMEs and notes**: read everywhere, learned in minutes.

    ### AsciiDoc

    1. **Books and manuals**: includes, cross-references and conditionals.

    ## Conclusion

    Start with Markdown; reach for AsciiDoc when a document outgrows it.

    """
}

public struct NewComparisonCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "comparison", abstract: "Writes a comparison skeleton into the content folder.")

    @Argument(help: "The title, naming the products: \"A vs B\", \"A vs B vs C\".")
    var title: String

    @Option(help: "The folder of Markdown documents.")
    var content = "content"

    public init() {}

    public func run() throws {
        guard let subjects = subjectsNamed(byTitle: title) else {
            Console.printError("versus: error: the title '\(title)' names no two products; write it as \"A vs B\" (or \"A vs B vs C\")")
            throw ExitCode(ExitStatus.usage)
        }
        let path = (content.hasSuffix("/") ? content : content + "/") + Slug.make(title, fallback: "comparison") + ".md"
        try Scaffold.write([(path, Scaffold.comparison(title: title, subjects: subjects))])
        print("versus: wrote \(path) comparing \(subjects.joined(separator: ", "))")
    }
}
