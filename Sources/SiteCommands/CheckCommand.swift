import ArgumentParser
import Foundation
import LinkChecking

/// `versus check [SITE_DIR]`: checks every link of a built site. Exit status 0 when nothing is broken, 1 when
/// something is, 2 for a usage error (missing folder, bad pattern, bad timeout).
public struct CheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every link, image and fragment of a built site.",
        discussion: """
        Reads every .html file under SITE_DIR and reports, one line per problem, \
        'page.html:LINE: broken link 'target': reason', then a summary. Local links must name a file of \
        the site (a folder means its index.html); fragments must name an id (or a[name]) of the target \
        page; '#' and '#top' are always valid. External links are counted and skipped unless --external \
        is given. References inside an element with data-versus-ignore (or data-proofer-ignore) are \
        counted as ignored, not checked. The rules are described in docs/link-checking.md.
        """)

    public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text, json, github
    }

    @Argument(help: ArgumentHelp("The built site.", valueName: "SITE_DIR"))
    public var siteDirectory: String = "_site"

    @Option(help: "Output format: text (one line per problem), json, or github (GitHub Actions annotations).")
    public var format: OutputFormat = .text

    @Flag(help: "Also check http(s) links over the network (one request per distinct URL).")
    public var external = false

    @Option(help: ArgumentHelp("Skip external URLs matching this regular expression (repeatable).",
                               valueName: "REGEX"))
    public var exclude: [String] = []

    @Option(help: "Seconds before an external request times out.")
    public var timeout: Double = 10

    @Option(help: ArgumentHelp(
        "The path the site is served under, such as /docs/. Root-absolute links must start with it; it is stripped before the file lookup.",
        valueName: "PATH"))
    public var basePath: String?

    @Option(help: ArgumentHelp(
        "The file a host serves for a folder URL such as dir/ (index.htm on some hosts).", valueName: "NAME"))
    public var directoryIndex: String = "index.html"

    public init() {}

    public func run() throws {
        try run(writeOutput: { print($0, terminator: "") },
                writeError: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
    }

    /// The command with its output streams passed in, so tests need not spawn a process.
    public func run(writeOutput: (String) -> Void, writeError: (String) -> Void) throws {
        guard timeout > 0, timeout.isFinite else {
            writeError("error: --timeout must be a positive number of seconds")
            throw ExitCode(2)
        }
        let options = LinkCheckOptions(basePath: basePath, checkExternal: external, excludePatterns: exclude,
                                       timeout: timeout, directoryIndex: directoryIndex)
        let report: LinkCheckReport
        do {
            report = try LinkChecker(options: options).check(siteDirectory: siteDirectory)
        } catch let error as LinkCheckError {
            writeError("error: \(error.description)")
            throw ExitCode(2)
        }
        switch format {
        case .text: writeOutput(report.formattedText())
        case .json: writeOutput(report.formattedJSON())
        case .github: writeOutput(report.formattedGitHub(siteDirectory: siteDirectory))
        }
        if report.hasErrors {
            throw ExitCode(1)
        }
    }
}
