import ArgumentParser
import ComparisonModel
import Diagnostics
import Foundation
import LinkChecking
import MarkdownSyntax
import SiteBuilder

/// Exit statuses, documented in the README and stable:
/// 0 success, 1 content or template errors (warnings too under --strict), 2 usage or configuration errors, 3 I/O errors.
public enum ExitStatus {
    public static let contentErrors: Int32 = 1
    public static let usage: Int32 = 2
    public static let io: Int32 = 3
}

public struct VersusCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "versus",
        abstract: "Builds a cross-linked static site from Markdown documents that compare products.",
        version: "versus \(version) (libcmark \(MarkdownParser.libraryVersion))",
        subcommands: [BuildCommand.self, ModelCommand.self, CheckCommand.self, ServeCommand.self, NewCommand.self],
        defaultSubcommand: BuildCommand.self)

    public init() {}
}

/// Prints diagnostics compiler-style on stderr. Only the command line prints.
enum Console {
    /// How `versus build` prints diagnostics: compiler-style on stderr, or GitHub Actions
    /// annotations on stdout (where the runner reads workflow commands).
    enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text, github
    }

    static func printDiagnostics(_ diagnostics: [Diagnostic], format: DiagnosticFormat = .text) {
        switch format {
        case .text: for diagnostic in diagnostics { printError(diagnostic.formatted) }
        case .github: for diagnostic in diagnostics { print(diagnostic.githubAnnotation) }
        }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    /// Runs a stage, turning its typed errors into the documented exit statuses.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as UsageError {
            printError(error.diagnostic?.formatted ?? "versus: error: \(error.description)")
            throw ExitCode(ExitStatus.usage)
        } catch let error as OutputError {
            printError("versus: error: \(error.description)")
            throw ExitCode(ExitStatus.io)
        } catch let diagnostic as Diagnostic {
            printError(diagnostic.formatted)
            throw ExitCode(ExitStatus.contentErrors)
        }
    }
}

public struct ModelCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Prints the model of every document as JSON on stdout.")

    @Option(help: "The folder of Markdown documents.")
    var content = "content"

    @Flag(help: "Exit with status 1 when there is any warning.")
    var strict = false

    public init() {}

    public func run() throws {
        // `site.yml` as `versus build` reads it: the same settings give the same model.
        let (model, configDiagnostics) = try Console.run { () throws -> (SiteModel, [Diagnostic]) in
            let (loader, diagnostics) = try ModelLoader.forSite(contentDirectory: content,
                                                                configFile: BuildOptions.configFile(forContent: content))
            return (try loader.load(), diagnostics)
        }
        let diagnostics = configDiagnostics + model.diagnostics
        Console.printDiagnostics(diagnostics)
        FileHandle.standardOutput.write(try ModelLoader.encodeJSON(model))
        if diagnostics.hasErrors || (strict && diagnostics.hasWarnings) {
            throw ExitCode(ExitStatus.contentErrors)
        }
    }
}

public struct BuildCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Builds the site into the output folder.")

    @Option(help: "The folder of Markdown documents.")
    var content = "content"

    @Option(help: "The folder of Mustache templates and assets overriding the built-in theme's (default: templates, if there is one).")
    var templates: String?

    @Option(help: "The site configuration (default: site.yml beside the content folder, else in the current folder).")
    var config: String?

    @Option(help: "The folder the site is written to; replaced as a whole on every build.")
    var output = "_site"

    @Option(help: "The absolute URL the site is published at, for the sitemap.")
    var baseURL: String?

    @Flag(help: "Exit with status 1 when there is any warning.")
    var strict = false

    @Flag(help: "Replace a non-empty output folder that Versus did not create.")
    var force = false

    @Flag(help: "Print how long each stage took, on stderr.")
    var timings = false

    @Option(help: "Use at most this many threads (default: every core). The site is the same either way.")
    var jobs: Int?

    @Flag(help: "Check every link of the built site afterwards, as `versus check` does; exit 1 when one is broken.")
    var check = false

    @Option(help: "How diagnostics are printed: text (compiler-style, on stderr) or github (GitHub Actions annotations, on stdout).")
    var format: Console.DiagnosticFormat = .text
    @Flag(help: "Leave code blocks as they are, without Pygments highlighting.")
    var noHighlight = false

    public init() {}

    public func run() throws {
        _ = try build()
    }

    /// Builds and prints; throws the exit status on failure. Returns the report, model included, so
    /// the entry point can keep it until the process exits (see `VersusCommand.runAndExit`).
    public func build() throws -> BuildReport {
        var options = BuildOptions()
        options.contentDirectory = content
        options.templatesDirectory = templates ?? "templates"
        options.templatesRequired = templates != nil
        if let config {
            guard FileManager.default.fileExists(atPath: config) else {
                Console.printError("versus: error: configuration file '\(config)' does not exist")
                throw ExitCode(ExitStatus.usage)
            }
            options.configFile = config
        } else {
            options.configFile = BuildOptions.configFile(forContent: content)
        }
        options.outputDirectory = output
        options.baseURL = baseURL
        options.force = force
        options.strict = strict
        options.checkLinks = check
        if let jobs, jobs < 1 {
            Console.printError("versus: error: --jobs must be 1 or more")
            throw ExitCode(ExitStatus.usage)
        }
        options.jobs = jobs
        options.buildDay = try Self.buildDay(from: ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"])
        let report = try Console.run { try SiteBuild(options: options, highlighter: noHighlight ? .off : .pygments()).run() }
        Console.printDiagnostics(report.diagnostics, format: format)
        if timings {
            for (stage, seconds, cpuSeconds) in report.timings {
                Console.printError("versus: timing: \(stage): \(String(format: "%.3f", seconds)) s (CPU \(String(format: "%.3f", cpuSeconds)) s)")
            }
            let known = report.documentsKnown
            Console.printError("versus: timing: \(known.unread) of \(known.of) documents known unchanged since the last build, not read")
        }
        if let links = report.linkReport {
            print(format == .github ? links.formattedGitHub(siteDirectory: output) : links.formattedText(), terminator: "")
        }
        if !report.published {
            let reason = report.linkReport?.hasErrors == true ? "broken links" : Console.summary(report.diagnostics)
            Console.printError("versus: build failed (\(reason)); '\(output)' was not changed")
            throw ExitCode(ExitStatus.contentErrors)
        }
        if report.upToDate {
            print("versus: \(output) is up to date: nothing changed since the last build")
        } else {
            print("versus: built \(report.model.documents.count) documents, \(report.model.subjects.count) subjects into \(output) (\(Console.summary(report.diagnostics)))")
            if let kept = report.rendered?.pagesKept, kept > 0 {
                print("versus: \(kept) unchanged pages kept from the last build")
            }
        }
        return report
    }

    /// `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention) as a day for
    /// `stale_after`; unset or empty: `nil`. Anything else is a usage error.
    static func buildDay(from environment: String?) throws -> Int? {
        guard let text = environment, !text.isEmpty else { return nil }
        guard let seconds = Int(text), seconds >= 0 else {
            Console.printError("versus: error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, not '\(text)'")
            throw ExitCode(ExitStatus.usage)
        }
        return seconds / 86_400
    }
}

extension VersusCommand {
    /// The entry point: parses, runs and exits with the documented statuses (a bad argument is a usage
    /// error, 2, not argument-parser's 64). A build's report is held until `exit`, so the model's
    /// millions of small objects are never freed one by one (a quarter of a second at 10,000 documents,
    /// on one core) just before the process ends and frees them all at once.
    public static func runAndExit(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if let build = command as? BuildCommand {
                let report = try build.build()
                withExtendedLifetime(report) { Glibc.exit(0) }
            }
            try command.run()
            Glibc.exit(0)
        } catch {
            Glibc.exit(status(for: error))
        }
    }

    /// Prints what argument-parser has to say about `error` and returns the exit status for it.
    static func status(for error: Error) -> Int32 {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if !message.isEmpty {
            if code == .success { print(message) } else { Console.printError(message) }
        }
        return code == .validationFailure ? ExitStatus.usage : code.rawValue
    }
}
