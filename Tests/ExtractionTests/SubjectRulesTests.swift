@testable import ComparisonExtraction
import Foundation
import ComparisonModel
import Testing
import TestSupport

@Suite struct SubjectRulesTests {
    static let body = """

    ## Key Differences

    ### Speed

    - **Alpha**: fast
    - **Beta**: slow

    """

    @Test(arguments: [
        ("# Alpha vs Beta", ["Alpha", "Beta"]),
        ("# Alpha vs. Beta", ["Alpha", "Beta"]),
        ("# Alpha versus Beta", ["Alpha", "Beta"]),
        ("# Key Differences Between Alpha and Beta", ["Alpha", "Beta"]),
        ("# Alpha VS Beta: which one to pick", ["Alpha", "Beta"]),
    ])
    func titlePatterns(title: String, expected: [String]) throws {
        let doc = try document(title + "\n" + Self.body)
        #expect(doc.subjects.map(\.name) == expected)
    }

    @Test func threeSubjectsFromTitle() throws {
        let doc = try document("# Alpha vs. Beta vs Gamma\n\n## Key Differences\n\n### Speed\n\n- **Alpha**: a\n- **Beta**: b\n- **Gamma**: c\n")
        #expect(doc.subjects.map(\.name) == ["Alpha", "Beta", "Gamma"])
        let list = try document("# Key Differences Between Alpha, Beta, and Gamma\n\n## Key Differences\n\n### Speed\n\n- **Alpha**: a\n- **Beta**: b\n- **Gamma**: c\n")
        #expect(list.subjects.map(\.name) == ["Alpha", "Beta", "Gamma"])
    }

    @Test func ambiguousTitleIsSettledByLabels() throws {
        let doc = try document("""
        # Key Differences Between Research and Development and Sales

        ## Key Differences

        ### Budget

        - **Research and Development**: large
        - **Sales**: small
        """)
        #expect(doc.subjects.map(\.name) == ["Research and Development", "Sales"])
    }

    @Test func subjectsFromLabelsWithoutTitlePattern() throws {
        let doc = try document("""
        # Choosing a queue

        ## Key Differences

        ### Ordering

        - **Kafka**: per partition
        - **RabbitMQ**: per queue

        ### Delivery

        - **Kafka**: at least once
        - **RabbitMQ**: at most or at least once

        ## Use Cases

        ### Kafka

        1. **Event sourcing**: keeps the log.

        ### NATS

        1. **Edge messaging**: tiny footprint.
        """)
        #expect(doc.kind == .comparison)
        #expect(doc.subjects.map(\.name) == ["Kafka", "RabbitMQ", "NATS"])
        #expect(doc.useCases.map(\.subject) == ["kafka", "nats"])
    }

    @Test func labelNamingNoSubjectIsAWarningNotASubject() {
        let result = extract("""
        # Alpha vs Beta

        ## Key Differences

        ### Speed

        - **Alpha**: fast
        - **Gamma**: who?
        - **Beta**: slow
        """)
        #expect(result.document?.subjects.map(\.name) == ["Alpha", "Beta"])
        #expect(result.diagnostics.located == ["8:1: warning: 'Gamma' names no subject of this comparison (subjects: Alpha, Beta)"])
        #expect(result.diagnostics.allSatisfy { $0.file == "content/doc.md" })
    }

    @Test func labelFormsAndAliasesResolve() throws {
        let doc = try document("""
        ---
        subjects:
          - name: Amazon SageMaker
            aliases: [SageMaker]
          - name: Azure Machine Learning
            aliases: [Azure ML]
        ---
        # Two platforms

        ## Key Differences

        ### Notebooks

        - **SageMaker:** Studio
        - **Azure ML**: studio

        ### Pricing

        - **amazon  sagemaker**: per second
        - **AZURE MACHINE LEARNING:** per minute
        """)
        #expect(doc.subjects.map(\.name) == ["Amazon SageMaker", "Azure Machine Learning"])
        for dimension in doc.differences {
            #expect(dimension.entries.map(\.subject) == ["amazon-sagemaker", "azure-machine-learning"])
        }
        #expect(doc.differences[0].entries.map(\.text) == ["Studio", "studio"])
        #expect(doc.differences[1].entries.map(\.text) == ["per second", "per minute"])
    }

    @Test func entryKeepsInlineMarkupAndNestedBlocks() throws {
        let doc = try document("""
        # Alpha vs Beta

        ## Key Differences

        ### Setup

        - **Alpha**: Run `alpha init` and read [the guide](https://example.org/guide) *first*.

          A second paragraph.

          - nested one
          - nested two
        - **Beta**: Nothing to do.
        """)
        let entry = try #require(doc.differences.first?.entries.first)
        #expect(entry.html.contains("<code>alpha init</code>"))
        #expect(entry.html.contains("<a href=\"https://example.org/guide\">the guide</a>"))
        #expect(entry.html.contains("<em>first</em>"))
        #expect(entry.html.contains("<p>A second paragraph.</p>"))
        #expect(entry.html.contains("<li>nested one</li>"))
        #expect(!entry.html.contains("<strong>Alpha"))
        #expect(entry.text == "Run alpha init and read the guide first. A second paragraph. nested one nested two")
    }

    @Test func sameSubjectInTwoDocumentsIsOneSubject() throws {
        let first = extract("# Alpha vs Beta\n" + Self.body, path: "a.md")
        let second = extract("""
        ---
        subjects:
          - name: Gamma
          - name: Alpha Platform
            aliases: [Alpha]
        ---
        # Gamma or Alpha

        ## Key Differences

        ### Speed

        - **Gamma**: fast
        - **Alpha**: fast too
        """, path: "b.md")
        let model = SiteAssembler.assemble([second, first])
        #expect(model.documents.map(\.slug) == ["a", "b"])
        #expect(model.subjects.map(\.slug) == ["alpha", "beta", "gamma"])
        let alpha = try #require(model.subject("alpha"))
        #expect(alpha.documents == ["a", "b"])
        #expect(alpha.aliases == ["Alpha Platform"])
        #expect(model.documents[1].differences[0].entries.map(\.subject) == ["gamma", "alpha"])
        #expect(model.documents[1].subjects.map(\.slug) == ["gamma", "alpha"])
    }
}

@Suite struct TitleSplitTests {
    @Test func byteSplitMatchesFoundation() {
        for text in ["A and B", "A and B and C", " and A", "A and ", "and", "A andB and C", "A  and  B", "Éa and ü and 😀",
                     "A and and B", "", "A and B, C", "R&D and Sales and Marketing"] {
            for separator in [" and ", " et "] {
                #expect(TitleSubjects.split(text, on: separator) == text.components(separatedBy: separator), "\(text) / \(separator)")
            }
        }
    }
}

@Suite struct LabelColonTests {
    @Test func byteReadingAgreesWithTheCharacterRule() {
        let samples = [":", ": x", ":x", ":\tx", ":  \n y", ": é", ":\u{301} x", ": \u{301}x", ":\u{00A0}x", ": \u{00A0}x",
                       ": \r\nx", "x: y", " : y", "", ":😀", ": 😀", ":::"]
        for text in samples {
            guard let fast = LabeledItem.textAfterLeadingColon(text) else {
                #expect(!text.hasPrefix(":") || text.utf8.dropFirst().first(where: { $0 != 0x20 && !(0x09...0x0D).contains($0) }).map { $0 >= 0x80 } == true,
                        "left to the general path without a reason: \(text.debugDescription)")
                continue
            }
            let reference = String(String(text.drop(while: { $0 == " " || $0 == "\u{00A0}" }).dropFirst()).drop { $0.isWhitespace })
            #expect(text.hasPrefix(":"))
            #expect(fast == reference, "\(text.debugDescription)")
        }
    }
}

/// Subject keys of ASCII text are made in one pass; they must equal the general rule's.
@Suite struct SubjectKeyFastPathTests {
    @Test func asciiKeysMatchTheGeneralRule() {
        let pieces = ["Azure", "ML", " ", "  ", "\t", "\n", ":", ".", "vs", "C++", "A/B", "x", "\r\n", "Ω", "é"]
        var random = SeededRandom(seed: 3)
        for _ in 0..<3_000 {
            let text = random.text(from: pieces, maximumPieces: 10)
            let general = SubjectKey.makeGeneral(text)
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                #expect(SubjectKey.makeASCII(text) == general, "\(text.debugDescription)")
            } else {
                #expect(SubjectKey.makeASCII(text) == nil, "\(text.debugDescription)")
            }
            #expect(SubjectKey.make(text) == general)
        }
    }
}

/// Trailing white space: the short cut for text ending in visible ASCII agrees with trimming by `Character`.
@Suite struct TrailingWhitespaceTests {
    @Test func matchesTrimmingByCharacter() {
        let pieces = ["a", " ", "\t", "\r\n", "\u{00A0}", "é", " \u{301}", "\u{0600}x", ":", "\n"]
        var random = SeededRandom(seed: 5)
        for _ in 0..<2_000 {
            let text = random.text(from: pieces, maximumPieces: 8)
            var reference = text
            while reference.last?.isWhitespace == true { reference.removeLast() }
            #expect(text.trimmingTrailingWhitespace() == reference, "\(text.debugDescription)")
        }
    }
}

/// The input screen skips eight bytes at a time; the line it names for too many `[` must be the
/// line a byte-by-byte count names.
@Suite struct InputScreenTests {
    @Test func openerLimitNamesTheRightLine() {
        let pieces = ["[", "abcdefgh", "x", "\n", "\r\n", "\r", "![", "> ", "ijklmnopqrstu", " "]
        var limits = InputLimits()
        limits.maximumLinkOpeners = 6
        limits.maximumContainerDepth = 10_000
        var random = SeededRandom(seed: 9)
        var failures = 0
        for _ in 0..<2_000 {
            let text = random.text(from: pieces, minimumPieces: 10, maximumPieces: 70)
            // Byte by byte: lines end at \n, \r\n or \r.
            var line = 1, openers = 0, expected: Int?
            let bytes = Array(text.utf8)
            var index = 0
            while index < bytes.count, expected == nil {
                switch bytes[index] {
                case UInt8(ascii: "["):
                    openers += 1
                    if openers > limits.maximumLinkOpeners { expected = line }
                case 0x0D:
                    if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                    line += 1
                case 0x0A:
                    line += 1
                default:
                    break
                }
                index += 1
            }
            let found = InputScreen.screen(bytes, lineOffset: 0, file: "x.md", limits: limits)
            #expect(found?.line == expected, "\(text.debugDescription)")
            if expected != nil { failures += 1 }
        }
        #expect(failures > 100)
    }
}
