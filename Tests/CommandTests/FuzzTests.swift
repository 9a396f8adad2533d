import Foundation
import Testing

/// A few hundred seeded random and mutated documents through the whole pipeline on every run:
/// no crash, bounded time, valid UTF-8 and safe output.
@Suite struct FuzzTests {
    /// SplitMix64: a fixed seed gives the same documents on every machine.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    static let alphabet: [String] = ["[", "]", "(", ")", "!", "*", "_", "<", ">", "&", "#", "-", "`", " ", "\n", "\n\n",
                                     ":", "**", "a", "Alpha", "Beta", "###", "## ", "1. ", "- **", "javascript:", "<script>",
                                     "\u{0}", "é", "\u{202E}", "---\n", "\r\n", "\t", "    ", "|", "\\"]

    static func document(_ generator: inout Generator, seedDocument: String) -> [UInt8] {
        if generator.below(2) == 0 {
            // Mutate a well-formed comparison: splice random tokens into random places.
            var bytes = Array(seedDocument.utf8)
            for _ in 0..<(1 + generator.below(12)) {
                let token = Array(alphabet[generator.below(alphabet.count)].utf8)
                let at = generator.below(bytes.count + 1)
                if generator.below(3) == 0 && !bytes.isEmpty {
                    bytes.remove(at: min(at, bytes.count - 1))
                } else {
                    bytes.insert(contentsOf: token, at: at)
                }
            }
            if generator.below(10) == 0 { bytes.insert(0xFF, at: generator.below(bytes.count + 1)) }
            return bytes
        }
        var text = ""
        for _ in 0..<(5 + generator.below(200)) { text += alphabet[generator.below(alphabet.count)] }
        return Array(text.utf8)
    }

    static let seedDocument = """
    # Alpha vs Beta

    ## Introduction

    Intro [link](b.md#x).

    ## Key Differences

    ### Speed

    - **Alpha**: fast `code`
    - **Beta:** slow

    ## Use Cases

    ### Alpha

    1. **Jobs**: small

    ## Conclusion

    End.
    """

    /// The fuzz corpus: 300 documents, the same on every run (the content-preservation test reads it too).
    static func corpus() -> [String: Data] {
        var generator = Generator(state: 20_261_129)
        var files: [String: Data] = [:]
        for index in 0..<300 {
            files["content/f\(index).md"] = Data(Self.document(&generator, seedDocument: seedDocument))
        }
        return files
    }

    @Test func randomDocumentsNeverBreakTheBuild() throws {
        let files = Self.corpus()
        let project = try Project()
        defer { project.remove() }
        for (path, data) in files { try project.write(data, to: path) }
        let outcome = try project.run("build", timeout: 120)
        #expect(!outcome.timedOut)
        // Some documents are invalid (bad UTF-8): the build reports them and writes nothing, without crashing.
        #expect(outcome.status == 0 || outcome.status == 1, "status \(outcome.status): \(outcome.stderr.suffix(500))")
        #expect(outcome.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("content/") || $0.hasPrefix("versus:") || $0.hasPrefix("site.yml") })

        // Drop the files with encoding errors so the rest builds, then check the output.
        for line in outcome.stderr.split(separator: "\n") where line.contains(": error: ") {
            let path = String(line.prefix { $0 != ":" })
            try? FileManager.default.removeItem(at: project.url(path))
        }
        let second = try project.run("build", timeout: 120)
        #expect(second.status == 0, "\(second.stderr.suffix(3000))")
        #expect(SafetyScan.problems(inSite: project.url("_site")).isEmpty)
        let pages = project.snapshot("_site").filter { $0.key.hasSuffix(".html") }
        #expect(pages.count > 100)
    }
}
