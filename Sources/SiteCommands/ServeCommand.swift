import ArgumentParser
import Dispatch
import Foundation
import PreviewServer
import SiteBuilder

public struct ServeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Builds the site in memory, serves it, and rebuilds and reloads open pages on every change.")

    @Option(help: "The folder of Markdown documents.")
    var content = "content"

    @Option(help: "The folder of Mustache templates and assets.")
    var templates = "templates"

    @Option(help: "The port to listen on (0: any free port).")
    var port: UInt16 = 8000

    @Option(help: "The address to listen on; another than 127.0.0.1 shows the site to the network.")
    var bind = "127.0.0.1"

    @Option(help: "The URL path the site is served under, as where it will be published (like /docs/).")
    var basePath = "/"

    @Flag(help: "Show documents marked 'draft: true' too, with a banner saying so.")
    var drafts = false

    @Flag(help: "Print each rebuild's stages with their wall-clock and CPU seconds.")
    var timings = false

    public init() {}

    public func run() throws {
        var options = ServeOptions()
        options.build.contentDirectory = content
        options.build.templatesDirectory = templates
        options.build.includeDrafts = drafts
        options.host = bind
        options.port = port
        options.basePath = basePath
        options.timings = timings
        guard basePath.hasPrefix("/"), !basePath.contains("?"), !basePath.contains("#"),
              !basePath.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) else {
            Console.printError("versus: error: --base-path must be a URL path like /docs/")
            throw ExitCode(ExitStatus.usage)
        }
        for folder in [content, templates] where !FileManager.default.fileExists(atPath: folder) {
            Console.printError("versus: error: folder '\(folder)' does not exist")
            throw ExitCode(ExitStatus.usage)
        }
        let session: PreviewSession
        do {
            session = try PreviewSession(options: options) { line, isDiagnostic in
                if isDiagnostic { Console.printError(line) } else { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
            }
        } catch {
            Console.printError("versus: error: cannot listen on \(bind):\(port): \(error)")
            throw ExitCode(ExitStatus.io)
        }
        // SIGINT and SIGTERM stop the server; nothing was written to disk, so nothing is left behind.
        StopSignals.install { session.stop() }
        let stopped = DispatchSemaphore(value: 0)
        signal(SIGPIPE, SIG_IGN)
        // The first build before the address is shown: a page opened at once finds the site.
        session.rebuild()
        let failure = FailureBox()
        let task = session.start()
        Task.detached {
            if case .failure(let error) = await task.result { failure.error = error }
            stopped.signal()
        }
        FileHandle.standardOutput.write(Data("versus: serving \(session.url) (Ctrl-C stops)\n".utf8))
        stopped.wait()
        if let error = failure.error {
            Console.printError("versus: error: the server stopped: \(error)")
            throw ExitCode(ExitStatus.io)
        }
        print("versus: stopped")
    }
}

/// The server task's error, handed to the main thread after the task ended (the semaphore orders them).
private final class FailureBox: @unchecked Sendable {
    var error: Error?
}

/// SIGINT and SIGTERM through a pipe: the handler only writes a byte (all a signal handler may safely
/// do), a thread reads it and stops the server. A handler, not a dispatch source, because a shell
/// starts background jobs with SIGINT ignored, and an ignored signal never reaches a dispatch source.
enum StopSignals {
    nonisolated(unsafe) private static var pipeEnds: [Int32] = [-1, -1]

    static func install(_ stop: @escaping @Sendable () -> Void) {
        guard pipe(&pipeEnds) == 0 else { return }
        let readEnd = pipeEnds[0]
        let handler: @convention(c) (Int32) -> Void = { _ in
            var byte: UInt8 = 1
            _ = write(StopSignals.pipeEnds[1], &byte, 1)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        let thread = Thread {
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) < 0 && errno == EINTR {}
            stop()
        }
        thread.name = "versus serve: signals"
        thread.start()
    }
}
