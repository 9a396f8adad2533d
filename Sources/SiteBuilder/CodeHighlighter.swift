import ComparisonModel
import Diagnostics
import Foundation
import MarkdownSyntax
import ParallelWork
import SiteRendering

/// Highlights code blocks at build time: a named seam, like `FileSystem`, so the build does not care
/// what does it and tests can give their own. `pygments()` is the real one.
public struct CodeHighlighter: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The highlighter cannot run (Pygments is not installed): why, for the one note.
        case unavailable(String)
        /// One result per sample, in order: the HTML (`<span class>` runs), or `nil` for a language it
        /// does not know. `stopped` says why it gave up part way (the rest are `nil`).
        case highlighted([String?], stopped: String?)
    }

    public var highlight: @Sendable ([CodeSample]) -> Outcome
    /// Called as soon as the build knows it has code blocks, before parsing: the highlighter may start
    /// (Python and Pygments take about a quarter of a second to load) while the documents are parsed.
    public var prepare: @Sendable () -> Void = {}
    /// Highlighting was turned off (`--no-highlight`): blocks stay plain and nothing is noted.
    public var isOff = false
    /// What identifies the highlighter's version, for the build fingerprint (a new Pygments may colour
    /// differently, and installing it must not leave an "up to date" site plain).
    public var identity: @Sendable () -> [UInt8]

    public init(highlight: @escaping @Sendable ([CodeSample]) -> Outcome, identity: @escaping @Sendable () -> [UInt8] = { [] }) {
        self.highlight = highlight
        self.identity = identity
    }

    /// No highlighting: every block as cmark writes it, and no note.
    public static let off: CodeHighlighter = {
        var off = CodeHighlighter(highlight: { .highlighted(Array(repeating: nil, count: $0.count), stopped: nil) })
        off.isOff = true
        return off
    }()

    /// Pygments (Debian's `python3-pygments`) in one long-lived `python3 -I` process per build, fed in
    /// batches over a pipe; a batch that takes longer than `batchTimeout` seconds (a lexer stuck on
    /// hostile input) stops the worker and leaves the rest plain.
    public static func pygments(python: String = "/usr/bin/python3", batchTimeout: Double = 20, batchSize: Int = 256) -> CodeHighlighter {
        // The worker `prepare` starts, handed to `highlight`: one per highlighter, so one per build.
        let started = StartedWorker()
        var highlighter = CodeHighlighter(
            highlight: { samples in
                PygmentsWorker.highlight(samples, python: python, started: started.take(), batchTimeout: batchTimeout, batchSize: batchSize)
            },
            identity: {
                // Debian's paths; elsewhere a missing stamp simply counts as one state.
                var identity: [UInt8] = []
                for path in [python, "/usr/lib/python3/dist-packages/pygments/__init__.py"] {
                    identity += Array(path.utf8) + (DiskFiles.stamp(path) ?? Array("<none>".utf8))
                }
                return identity
            })
        highlighter.prepare = {
            guard FileManager.default.isExecutableFile(atPath: python) else { return }
            started.put(Result { try PygmentsWorker(python: python) })
        }
        return highlighter
    }
}

/// The highlighting stage: every distinct code sample of the site highlighted once, and at most a
/// few notes (Pygments missing; each unknown language once; blocks without a language once).
enum CodeHighlighting {
    static func run(_ model: SiteModel, with highlighter: CodeHighlighter) -> (highlighted: [CodeSample: String], diagnostics: [Diagnostic]) {
        if highlighter.isOff { return ([:], []) }
        // Each document's blocks on every core: walking every tree on one was 30 ms of a 10,000 build.
        let occurrences = CodeBlocks.occurrences(in: model, byDocument: model.documents.parallelMap { CodeBlocks.occurrences(in: $0) })
        guard !occurrences.isEmpty else { return ([:], []) }
        var diagnostics: [Diagnostic] = []
        let unlabelled = occurrences.filter { $0.sample == nil }
        if let first = unlabelled.first {
            diagnostics.append(Diagnostic(.note, file: first.file, position: first.position,
                "\(unlabelled.count) code block\(unlabelled.count == 1 ? " names" : "s name") no language (write ```python, or ```text for none); shown plain"))
        }
        // Distinct samples in first-seen order: the cache by language and code, and a stable order for the worker.
        var seen: Set<CodeSample> = []
        let samples = occurrences.compactMap(\.sample).filter { seen.insert($0).inserted }
        guard !samples.isEmpty else { return ([:], diagnostics) }
        var highlighted: [CodeSample: String] = [:]
        switch highlighter.highlight(samples) {
        case .unavailable(let reason):
            let first = occurrences.first { $0.sample != nil }
            diagnostics.append(Diagnostic(.note, file: first?.file ?? "", position: first?.position,
                "code is not highlighted: \(reason); \(samples.count) code block\(samples.count == 1 ? " is" : "s are") shown plain"))
        case .highlighted(let results, let stopped):
            var unknown: [String: Int] = [:]
            for (sample, result) in zip(samples, results) {
                if let result { highlighted[sample] = result } else if stopped == nil { unknown[sample.language, default: 0] += 1 }
            }
            for (language, _) in unknown.sorted(by: { $0.key < $1.key }) {
                let blocks = occurrences.filter { $0.sample?.language == language }
                let first = blocks[0]
                diagnostics.append(Diagnostic(.note, file: first.file, position: first.position,
                    "no highlighter knows the language '\(language)' (\(blocks.count) block\(blocks.count == 1 ? "" : "s")); shown plain"))
            }
            if let stopped {
                diagnostics.append(Diagnostic(.warning, file: occurrences[0].file, position: occurrences[0].position,
                    "highlighting stopped: \(stopped); the remaining code blocks are shown plain"))
            }
        }
        return (highlighted, diagnostics)
    }
}

/// A worker started ahead of its first batch, or the reason it could not start.
final class StartedWorker: @unchecked Sendable {
    // `@unchecked`: the one field is only touched under the lock.
    private let lock = NSLock()
    private var worker: Result<PygmentsWorker, Error>?

    func put(_ started: Result<PygmentsWorker, Error>) { lock.withLock { worker = started } }

    func take() -> Result<PygmentsWorker, Error>? {
        lock.withLock {
            defer { worker = nil }
            return worker
        }
    }
}

/// One `python3` running Pygments for one build. A class only because it owns the process and its pipes.
final class PygmentsWorker {
    /// Reads batches (a JSON array of [language, code] pairs, one per line) and answers each with a JSON
    /// array of HTML strings or nulls. Bytes in and out, so the locale does not matter.
    static let script = #"""
import json, sys
try:
    import pygments
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound
except ImportError as error:
    sys.stdout.buffer.write(json.dumps({"error": "Pygments is not installed (apt-get install python3-pygments)"}).encode() + b"\n")
    sys.stdout.flush()
    sys.exit(0)
sys.stdout.buffer.write(json.dumps({"pygments": pygments.__version__}).encode() + b"\n")
sys.stdout.flush()
from pygments.token import STANDARD_TYPES

def spans(code, lexer):
    # HtmlFormatter's classes, without its per-line bookkeeping (a third of the time); white space and
    # plain text stay bare; a run of tokens of one class is one span, as HtmlFormatter writes it.
    out = []
    run_css, run = None, []
    def flush():
        if run:
            text = "".join(run).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")
            out.append('<span class="%s">%s</span>' % (run_css, text) if run_css and run_css != "w" else text)
    for kind, value in lexer.get_tokens(code):
        css = STANDARD_TYPES.get(kind)
        while css is None:
            kind = kind.parent
            css = STANDARD_TYPES.get(kind)
        if css != run_css:
            flush()
            run_css, run = css, []
        run.append(value)
    flush()
    return "".join(out)

lexers = {}
for line in sys.stdin.buffer:
    answers = []
    for language, code in json.loads(line):
        lexer = lexers.get(language, False)
        if lexer is False:
            try:
                lexer = get_lexer_by_name(language, stripnl=False)
            except ClassNotFound:
                lexer = None
            lexers[language] = lexer
        answers.append(None if lexer is None else spans(code, lexer))
    sys.stdout.buffer.write(json.dumps(answers).encode() + b"\n")
    sys.stdout.flush()
"""#

    let process = Process()
    let input = Pipe()
    let output = Pipe()
    private var buffered: [UInt8] = []

    init(python: String) throws {
        process.executableURL = URL(fileURLWithPath: python)
        // -I: isolated, so no PYTHON* variable, user site or module in the current folder (the project) is loaded.
        process.arguments = ["-I", "-c", Self.script]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        try? input.fileHandleForWriting.close()
        // Closing its input ends the worker's loop; one that does not end is killed, never waited for.
        if process.isRunning { usleep(1000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    static func highlight(_ samples: [CodeSample], python: String, started: Result<PygmentsWorker, Error>?, batchTimeout: Double,
                          batchSize: Int) -> CodeHighlighter.Outcome {
        // A worker that dies must be an error to handle, not a SIGPIPE that ends Versus.
        signal(SIGPIPE, SIG_IGN)
        guard FileManager.default.isExecutableFile(atPath: python) else { return .unavailable("'\(python)' is not there") }
        let worker: PygmentsWorker
        do {
            worker = try started?.get() ?? PygmentsWorker(python: python)
        } catch {
            return .unavailable("cannot start '\(python)': \(error.localizedDescription)")
        }
        guard let hello = worker.readLine(timeout: batchTimeout),
              let greeting = try? JSONSerialization.jsonObject(with: Data(hello)) as? [String: String] else {
            return .unavailable("'\(python)' did not start Pygments")
        }
        if let error = greeting["error"] { return .unavailable(error) }
        var results: [String?] = []
        results.reserveCapacity(samples.count)
        var start = 0
        while start < samples.count {
            let batch = samples[start..<min(start + batchSize, samples.count)]
            guard let answers = worker.ask(Array(batch), timeout: batchTimeout) else {
                let reason = "Pygments gave no answer within \(String(format: "%g", batchTimeout)) s for the code blocks from the \(start + 1)th distinct one on"
                return .highlighted(results + Array(repeating: nil, count: samples.count - results.count), stopped: reason)
            }
            results += answers
            start += batch.count
        }
        return .highlighted(results, stopped: nil)
    }

    /// One batch out, its answers back; `nil` when the worker died, answered nonsense or took too long.
    func ask(_ batch: [CodeSample], timeout: Double) -> [String?]? {
        guard var request = try? JSONEncoder().encode(batch.map { [$0.language, $0.code] }) else { return nil }
        request.append(UInt8(ascii: "\n"))
        let written = request.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let count = write(input.fileHandleForWriting.fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        guard written, let line = readLine(timeout: timeout),
              let answers = try? JSONDecoder().decode([String?].self, from: Data(line)), answers.count == batch.count else { return nil }
        return answers
    }

    /// The next line the worker writes, without its newline; `nil` at its end or after `timeout` seconds
    /// without one (the worker is then stopped).
    func readLine(timeout: Double) -> [UInt8]? {
        let descriptor = output.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffered[..<newline])
                buffered.removeSubrange(...newline)
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = remaining > 0 ? poll(&poller, 1, Int32(min(remaining * 1000, 1000)) + 1) : 0
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 {
                if Date() < deadline { continue }
                // SIGKILL: a lexer stuck in a regular expression may not get to handle SIGTERM.
                kill(process.processIdentifier, SIGKILL)
                return nil
            }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffered += chunk[..<count]
        }
    }
}
