import Diagnostics
import Foundation
import MarkdownSyntax
import SiteBuilder
import Testing

/// Issue 14 point 3: code blocks are highlighted at build time through the `CodeHighlighter` seam
/// (Pygments by default), each distinct block once; what cannot be highlighted stays plain with one note.
@Suite struct CodeHighlightingTests {
    static let guide = """
    # Setup guide

    ## Install

    ```python
    print("hi")
    ```

    ```Python title="same code, other info"
    print("hi")
    ```

    ```nosuchlang
    x
    ```

    ```
    plain one
    ```

    ```
    plain two
    ```
    """

    static let comparison = """
    # Alpha vs Beta

    ## Key Differences

    ### Install

    - **Alpha**: with pip:

      ```python
      print("hi")
      ```
    - **Beta**: by hand
    """

    /// Answers every known language with a marker span, and records what it was asked.
    final class Recorder: @unchecked Sendable {
        let lock = NSLock()
        var asked: [[CodeSample]] = []
        var highlighter: CodeHighlighter {
            CodeHighlighter(highlight: { samples in
                self.lock.withLock { self.asked.append(samples) }
                return .highlighted(samples.map { $0.language == "nosuchlang" ? nil : "<span class=\"k\">\($0.language)</span>" }, stopped: nil)
            })
        }
    }

    static func build(_ content: [String: String], highlighter: CodeHighlighter) throws -> (site: [String: [UInt8]], diagnostics: [Diagnostic]) {
        let files = try PipelineTests.memoryProject(content)
        let report = try SiteBuild(options: PipelineTests.options, fileSystem: files.fileSystem, highlighter: highlighter).run()
        #expect(report.published, "\(report.diagnostics.map(\.formatted))")
        return (try #require(files.output.files), report.diagnostics)
    }

    static func page(_ site: [String: [UInt8]], _ path: String) throws -> String {
        String(decoding: try #require(site[path]), as: UTF8.self)
    }

    @Test func eachDistinctBlockIsHighlightedOnceAndTheRestStaysPlainWithOneNoteEach() throws {
        let recorder = Recorder()
        let (site, diagnostics) = try Self.build(["setup.md": Self.guide, "a-vs-b.md": Self.comparison], highlighter: recorder.highlighter)
        // One call for the whole build, each language and code once: the Python block appears three times.
        #expect(recorder.asked.count == 1)
        #expect(recorder.asked.first == [CodeSample(language: "python", code: "print(\"hi\")\n"),
                                         CodeSample(language: "nosuchlang", code: "x\n")]
                || recorder.asked.first == [CodeSample(language: "nosuchlang", code: "x\n"),
                                            CodeSample(language: "python", code: "print(\"hi\")\n")])
        let guide = try Self.page(site, "setup/index.html")
        #expect(guide.components(separatedBy: "<pre class=\"highlight\"><code class=\"language-python\"><span class=\"k\">python</span></code></pre>").count == 3)
        #expect(guide.contains("<pre><code class=\"language-nosuchlang\">x\n</code></pre>"))
        #expect(guide.contains("<pre><code>plain one\n</code></pre>"))
        // A code block inside a comparison entry is highlighted too.
        let comparison = try Self.page(site, "compare/a-vs-b/index.html")
        #expect(comparison.contains("<pre class=\"highlight\"><code class=\"language-python\"><span class=\"k\">python</span>"))
        let notes = diagnostics.filter { $0.severity == .note && $0.file.hasSuffix("setup.md") }.map { "\($0.line ?? 0): \($0.message)" }
        #expect(notes == ["13: no highlighter knows the language 'nosuchlang' (1 block); shown plain",
                          "17: 2 code blocks name no language (write ```python, or ```text for none); shown plain"])
    }

    @Test func withoutPygmentsEveryBlockIsPlainWithOneNote() throws {
        let unavailable = CodeHighlighter(highlight: { _ in .unavailable("Pygments is not installed (apt-get install python3-pygments)") })
        let (site, diagnostics) = try Self.build(["setup.md": Self.guide], highlighter: unavailable)
        let guide = try Self.page(site, "setup/index.html")
        #expect(!guide.contains("class=\"highlight\""))
        #expect(guide.contains("<pre><code class=\"language-python\">print(&quot;hi&quot;)\n</code></pre>"))
        let notes = diagnostics.filter { $0.message.contains("not highlighted") }
        #expect(notes.count == 1)
        #expect(notes.first?.message == "code is not highlighted: Pygments is not installed (apt-get install python3-pygments); 2 code blocks are shown plain")
        #expect(notes.first?.line == 5)
    }

    @Test func turnedOffEveryBlockIsPlainWithoutANote() throws {
        let (site, diagnostics) = try Self.build(["setup.md": Self.guide], highlighter: .off)
        #expect(!(try Self.page(site, "setup/index.html")).contains("class=\"highlight\""))
        #expect(!diagnostics.contains { $0.message.contains("language") || $0.message.contains("highlight") })
    }

    @Test func aMissingPythonIsTheSameAsAMissingPygments() throws {
        let (_, diagnostics) = try Self.build(["setup.md": Self.guide], highlighter: .pygments(python: "/nonexistent/python3"))
        #expect(diagnostics.contains { $0.message.hasPrefix("code is not highlighted: '/nonexistent/python3' is not there") })
    }

    @Test func highlighterOutputWithOtherMarkupIsRefused() throws {
        let hostile = CodeHighlighter(highlight: { samples in .highlighted(samples.map { _ in "<img src=x onerror=alert(1)>" }, stopped: nil) })
        let (site, _) = try Self.build(["setup.md": Self.guide], highlighter: hostile)
        let guide = try Self.page(site, "setup/index.html")
        #expect(!guide.contains("<img"))
        #expect(guide.contains("<pre><code class=\"language-python\">print(&quot;hi&quot;)\n</code></pre>"))
    }

    @Test func highlightedHTMLCheck() {
        #expect(HighlightedHTML.isSafe("<span class=\"k\">def</span> x &lt;b&gt; &amp; <span class=\"c1 hll\">#</span>"))
        #expect(HighlightedHTML.isSafe("plain text > not a tag"))
        #expect(!HighlightedHTML.isSafe("<span class=\"k\" onclick=\"x\">def</span>"))
        #expect(!HighlightedHTML.isSafe("<b>bold</b>"))
        #expect(!HighlightedHTML.isSafe("<span class=\"k\">a\u{0}b</span>"))
        #expect(!HighlightedHTML.isSafe("</pre><script>alert(1)</script>"))
    }

    /// A worker stuck on hostile input stops the highlighting, not the build.
    @Test func aStuckWorkerStopsHighlightingNotTheBuild() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("versus-stuck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fake = folder.appendingPathComponent("python3")
        // Greets like the worker, then never answers a batch.
        try Data("#!/bin/sh\necho '{\"pygments\": \"fake\"}'\nexec sleep 8\n".utf8).write(to: fake)
        chmod(fake.path, 0o755)
        let (site, diagnostics) = try Self.build(["setup.md": Self.guide], highlighter: .pygments(python: fake.path, batchTimeout: 0.5))
        #expect(!(try Self.page(site, "setup/index.html")).contains("class=\"highlight\""))
        #expect(diagnostics.contains { $0.severity == .warning && $0.message.hasPrefix("highlighting stopped: Pygments gave no answer within 0.5 s") })
    }

    static let pygmentsInstalled: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-I", "-c", "import pygments"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    @Test(.enabled(if: pygmentsInstalled, "python3-pygments is not installed"))
    func pygmentsHighlightsPythonInOneWorker() throws {
        let (site, diagnostics) = try Self.build(["setup.md": Self.guide], highlighter: .pygments())
        let guide = try Self.page(site, "setup/index.html")
        #expect(guide.contains("<pre class=\"highlight\"><code class=\"language-python\"><span class=\"nb\">print</span><span class=\"p\">(</span><span class=\"s2\">&quot;hi&quot;</span><span class=\"p\">)</span>\n</code></pre>"),
                "\(guide)")
        #expect(diagnostics.contains { $0.message.contains("'nosuchlang'") })
    }
    /// `versus serve` keeps highlighted code between builds: the highlighter is asked only for new
    /// samples, its answers (a language it does not know included) come back unchanged, and nothing is
    /// kept from a highlighter that stopped part way.
    @Test func theHighlightMemoAsksOnlyForNewSamples() {
        final class Calls: @unchecked Sendable {
            let lock = NSLock()
            var asked: [[CodeSample]] = []
            var stop = false
        }
        let calls = Calls()
        let inner = CodeHighlighter(highlight: { samples in
            calls.lock.withLock {
                calls.asked.append(samples)
                if calls.stop { return .highlighted(samples.map { _ in nil }, stopped: "timeout") }
                return .highlighted(samples.map { $0.language == "nope" ? nil : "<b>\($0.code)</b>" }, stopped: nil)
            }
        })
        let memo = HighlightMemo()
        let a = CodeSample(language: "swift", code: "a"), b = CodeSample(language: "nope", code: "b")
        let c = CodeSample(language: "swift", code: "c")
        #expect(memo.remembering(inner).highlight([a, b]) == .highlighted(["<b>a</b>", nil], stopped: nil))
        #expect(memo.remembering(inner).highlight([b, c, a]) == .highlighted([nil, "<b>c</b>", "<b>a</b>"], stopped: nil))
        #expect(memo.remembering(inner).highlight([c, a, b]) == .highlighted(["<b>c</b>", "<b>a</b>", nil], stopped: nil))
        #expect(calls.asked == [[a, b], [c]])
        calls.stop = true
        let d = CodeSample(language: "swift", code: "d")
        #expect(memo.remembering(inner).highlight([a, d]) == .highlighted(["<b>a</b>", nil], stopped: "timeout"))
        calls.stop = false
        #expect(memo.remembering(inner).highlight([d]) == .highlighted(["<b>d</b>"], stopped: nil))
        #expect(calls.asked == [[a, b], [c], [d], [d]])
        // Another highlighter (a new Pygments) is asked again for everything.
        var upgraded = inner
        upgraded.identity = { Array("upgraded".utf8) }
        #expect(memo.remembering(upgraded).highlight([a]) == .highlighted(["<b>a</b>"], stopped: nil))
        #expect(calls.asked.last == [a])
    }
}
