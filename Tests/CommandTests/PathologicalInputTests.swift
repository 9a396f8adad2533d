import Foundation
import Testing

/// Inputs known to make Debian's libcmark 0.30.2 (or a naive Swift walker, or Yams) run for minutes
/// or crash. Each runs through the real binary in a child process with a time limit; generated here,
/// never committed.
@Suite struct PathologicalInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        /// `nil` when the document must build; otherwise the message the error must carry.
        var expectedError: String?
        var testDescription: String { name }
    }

    static func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

    static let cases: [Case] = [
        Case(name: "MD-01 image openers 960 KB (CVE-2023-22486)", bytes: Array(repeated("![[]()", 160_000).utf8),
             expectedError: "content/slow.md: error: document is 937 KiB; the limit is 512 KiB"),
        Case(name: "MD-01 image openers under the size cap", bytes: Array(repeated("![[]()", 87_381).utf8),
             expectedError: "content/slow.md:1:1: error: more than 50000 '[' link or image openers in one document"),
        Case(name: "MD-02 nested list markers (GHSA-66g8)", bytes: Array((repeated("- ", 21_845) + "x" + repeated("\n", 21_845)).utf8),
             expectedError: "content/slow.md:1:1: error: lists and block quotes nest more than 32 levels deep on one line"),
        Case(name: "MD-03 emphasis in deep block quote", bytes: Array((repeated(">", 87_381) + repeated("a*", 87_381)).utf8),
             expectedError: "content/slow.md:1:1: error: lists and block quotes nest more than 32 levels deep on one line"),
        Case(name: "MD-04 100,000 nested quotes", bytes: Array((repeated("> ", 100_000) + "a").utf8),
             expectedError: "content/slow.md:1:1: error: lists and block quotes nest more than 32 levels deep on one line"),
        Case(name: "MD-05 100,000 backticks", bytes: Array((repeated("`", 100_000) + "a").utf8), expectedError: nil),
        Case(name: "MD-05 unclosed code spans", bytes: Array(repeated("`a", 100_000).utf8), expectedError: nil),
        Case(name: "MD-06 nested brackets", bytes: Array((repeated("[", 25_000) + "a" + repeated("]", 25_000)).utf8), expectedError: nil),
        Case(name: "MD-07 nested strong emphasis", bytes: Array((repeated("*a **a ", 32_500) + "b" + repeated(" a** a*", 32_500)).utf8),
             expectedError: nil),
        Case(name: "quotes nested over many lines", bytes: Array((1...2_000).map { repeated(">", $0 % 30) + " line\n" }.joined().utf8),
             expectedError: nil),
        Case(name: "FM-01 billion laughs", bytes: Array(("---\n" + laughs() + "---\n# A\n").utf8), expectedError: nil),
        Case(name: "FM-02 100,000 brackets in front matter", bytes: Array(("---\nx: " + repeated("[", 100_000) + "\n---\n# A\n").utf8),
             expectedError: "content/slow.md:1:1: error: front matter is not closed by a '---' line within 64 KiB"),
        Case(name: "FM-02 deeply nested flow sequence", bytes: Array(("---\nx: " + repeated("[", 10_000) + "\n---\n# A\n").utf8),
             expectedError: "content/slow.md:2:68: error: front matter nests brackets deeper than 64 levels"),
    ]

    /// Nine anchors per level, ten levels: a few hundred bytes that expand to billions of nodes if loaded.
    static func laughs() -> String {
        var yaml = "lol0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
        for level in 1...10 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            yaml += "lol\(level): &a\(level) [\(refs)]\n"
        }
        return yaml
    }

    @Test(arguments: cases)
    func finishesQuicklyWithAClearOutcome(_ input: Case) throws {
        let project = try Project(["content/good.md": Documents.good])
        defer { project.remove() }
        try project.write(Data(input.bytes), to: "content/slow.md")
        let outcome = try project.run("build", timeout: 15)
        #expect(!outcome.timedOut, "\(input.name) took over 15 s")
        #expect(outcome.status == 0 || outcome.status == 1, "\(input.name): status \(outcome.status) \(outcome.stderr.suffix(300))")
        if let expected = input.expectedError {
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains(expected), "\(input.name): \(outcome.stderr.prefix(400))")
            #expect(!project.exists("_site"))
        } else {
            #expect(outcome.status == 0, "\(input.name): \(outcome.stderr.prefix(400))")
            #expect(SafetyScan.problems(inSite: project.url("_site")).isEmpty)
        }
    }

    @Test func nulBytesReachCmarkWithTheirLength() throws {
        let project = try Project()
        defer { project.remove() }
        try project.write(Data("# Before\u{0}After vs Other\n\ntext\u{0}more\n\n## Tail\n\nend\n".utf8), to: "content/nul.md")
        let outcome = try project.run("model")
        #expect(outcome.status == 0)
        // cmark turns NUL into U+FFFD; the text after it is still there.
        #expect(outcome.stdout.contains("Before\u{FFFD}After"))
        #expect(outcome.stdout.contains("\"title\":\"Tail\""))
    }
}
