import ComparisonExtraction
import ComparisonModel
import Diagnostics
import ExtractionArchive
import Foundation
import MarkdownSyntax
import TestSupport
import XCTest

final class ExtractionArchiveTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every shape the archive must carry: tables with marks, a callout, code, raw HTML, images, hard
    /// breaks, a list with `)`, a date, a draft, pair sections, an error and a warning.
    static let shapes = """
    ---
    title: "Kafka vs. Pulsar: **a** table"
    updated: 2026-03-04T10:20:00+02:00
    reviewed: 2026-03-05
    draft: true
    language: en
    summary: Two brokers.
    ---

    Intro with <span>raw</span> HTML, an ![image](a.png "t"), `code` and a [link](b.md#x "title").\\
    Hard break above, *emphasis*, **strong**.

    <div>block</div>

    > [!WARNING]
    > Careful.

    ## Key Differences

    | Criterion | Kafka | Pulsar |
    |:--|:-:|--:|
    | Storage | ✓ log | No |
    | Geo | Partial | :x: |

    ### Latency

    - **Kafka**: low
    - **Pulsar**: lower

    ```python
    print("x")
    ```

    ---

    1) one
    2) two

    ## Use Cases

    ### Kafka

    1. **Logs**: keep them.

    ## Kafka vs. Pulsar

    ### Throughput

    - **Kafka**: high
    - **Pulsar**: high

    ## Conclusion

    [broken](

    Done.
    """

    static let profile = """
    ---
    name: Apache Kafka
    aliases: [Kafka]
    website: https://kafka.apache.org
    ---

    # Apache Kafka

    A log.
    """

    /// Every Markdown file the repository carries (the default site and the extraction fixtures), and the shapes above.
    static func corpus() throws -> [ContentFile] {
        var files: [ContentFile] = [
            ContentFile(source: "content/shapes.md", contentPath: "shapes.md", bytes: Array(shapes.utf8)),
            ContentFile(source: "content/subjects/kafka.md", contentPath: "subjects/kafka.md", bytes: Array(profile.utf8)),
        ]
        for folder in ["content", "Tests/ExtractionTests/Fixtures"] {
            let root = repository.appendingPathComponent(folder)
            let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            while let url = walker?.nextObject() as? URL {
                guard url.pathExtension == "md" else { continue }
                let path = String(url.path.dropFirst(root.path.count + 1))
                files.append(ContentFile(source: folder + "/" + path, contentPath: path, bytes: Array(try Data(contentsOf: url))))
            }
        }
        return files
    }

    typealias Extraction = (document: ExtractedDocument?, profile: SubjectProfile?, diagnostics: [Diagnostic])

    static func extract(_ file: ContentFile) -> Extraction {
        if file.contentPath.hasPrefix("subjects/") {
            let (profile, diagnostics) = SubjectProfileReader.read(file)
            return (nil, profile, diagnostics)
        }
        let document = DocumentExtractor().extract(file)
        return (document, nil, [])
    }

    static func archive(_ extraction: Extraction) -> [UInt8] {
        var writer = ArchiveWriter()
        writer.extraction(document: extraction.document, profile: extraction.profile, diagnostics: extraction.diagnostics)
        return writer.bytes
    }

    static func read(_ bytes: [UInt8]) throws -> Extraction {
        try bytes.withUnsafeBytes { buffer in
            var reader = ArchiveReader(buffer)
            let extraction = try reader.extraction()
            guard reader.isAtEnd else { throw reader.damaged() }
            return extraction
        }
    }

    func assertSame(_ a: Extraction, _ b: Extraction, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.document?.document, b.document?.document, name, file: file, line: line)
        XCTAssertEqual(a.document?.subjects, b.document?.subjects, name, file: file, line: line)
        XCTAssertEqual(a.document?.diagnostics, b.document?.diagnostics, name, file: file, line: line)
        XCTAssertEqual(a.document?.ignoredFrontMatterKeys, b.document?.ignoredFrontMatterKeys, name, file: file, line: line)
        XCTAssertEqual(a.document?.pairs.map(\.document), b.document?.pairs.map(\.document), name, file: file, line: line)
        XCTAssertEqual(a.document?.pairs.map(\.subjects), b.document?.pairs.map(\.subjects), name, file: file, line: line)
        XCTAssertEqual(a.document == nil, b.document == nil, name, file: file, line: line)
        XCTAssertEqual(a.profile, b.profile, name, file: file, line: line)
        XCTAssertEqual(a.diagnostics, b.diagnostics, name, file: file, line: line)
    }

    /// Every file read back is what extraction made of it, `==` over every stored field. The corpus holds
    /// every kind of Markdown node, else a kind the archive got wrong could go unnoticed.
    func testEveryFixtureReadsBackAsExtracted() throws {
        var kinds: Set<String> = []
        func collect(_ node: MarkdownNode) {
            kinds.insert(String(describing: node.kind).prefix { $0 != "(" }.description)
            node.children.forEach(collect)
        }
        var sawPairs = false, sawProfile = false, sawDates = false, sawMarks = false
        let corpus = try Self.corpus()
        XCTAssertGreaterThan(corpus.count, 30)
        for file in corpus {
            let extracted = Self.extract(file)
            let bytes = Self.archive(extracted)
            assertSame(try Self.read(bytes), extracted, file.source)
            // Written twice, the same bytes: the archive is a function of the value.
            XCTAssertEqual(Self.archive(try Self.read(bytes)), bytes, file.source)
            for document in [extracted.document?.document].compactMap({ $0 }) + (extracted.document?.pairs.map(\.document) ?? []) {
                for section in document.sections {
                    for block in section.blocks { if case .markdown(let node) = block { collect(node) } }
                    section.titleInlines.forEach(collect)
                }
                document.titleInlines.forEach(collect)
                for dimension in document.differences {
                    dimension.entries.forEach { $0.content.forEach(collect) }
                    sawMarks = sawMarks || dimension.entries.contains { $0.mark != nil }
                }
                sawDates = sawDates || (document.updatedDate != nil && document.reviewed != nil)
            }
            sawPairs = sawPairs || !(extracted.document?.pairs.isEmpty ?? true)
            if let profile = extracted.profile {
                sawProfile = true
                profile.blocks.forEach(collect)
            }
        }
        // Every kind but `document`: the model keeps no tree's root.
        XCTAssertEqual(kinds, ["blockQuote", "list", "item", "codeBlock", "htmlBlock", "paragraph", "heading",
                               "thematicBreak", "text", "softBreak", "lineBreak", "code", "htmlInline", "emphasis", "strong",
                               "link", "image", "table", "tableSection", "tableRow", "tableCell", "mark", "callout"])
        XCTAssertTrue(sawPairs && sawProfile && sawDates && sawMarks)
    }

    /// A file cut short anywhere, or with a byte changed, throws or reads as some value: never a crash,
    /// never a read past the end.
    func testDamagedBytesThrowInsteadOfCrashing() throws {
        let bytes = Self.archive(Self.extract(try Self.corpus()[0]))
        var thrown = 0
        for length in 0..<bytes.count {
            do { _ = try Self.read(Array(bytes[..<length])) } catch is ArchiveDamaged { thrown += 1 }
        }
        XCTAssertEqual(thrown, bytes.count, "every strict prefix is damaged")
        var random = SeededRandom(seed: 7)
        for _ in 0..<2_000 {
            var damaged = bytes
            for _ in 0...random.next(below: 3) { damaged[random.next(below: damaged.count)] = UInt8(random.next(below: 256)) }
            _ = try? Self.read(damaged)
        }
        // A count no file could hold is refused before anything is allocated.
        var writer = ArchiveWriter()
        writer.unsigned(1) // a document
        writer.unsigned(1) // with its Document
        writer.unsigned(UInt64.max >> 1) // slug length
        XCTAssertThrowsError(try Self.read(writer.bytes))
    }
}
