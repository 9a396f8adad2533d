@testable import ComparisonExtraction
import Testing
import TestSupport

/// Fast paths of the extraction held to the plain rules they stand for, on seeded random input.
@Suite struct ExtractionFastPathTests {
    /// Words of every list, pieces of them, white space (CR LF is the one ASCII character of two
    /// scalars) and non-ASCII text that must take the plain path.
    static let titlePieces = [
        "use", "cases", "use cases", "case", " ", " ", "when to ", "choose", "which", "scenarios", "x", "s", "-",
        "differences", "difference", "comparison", "vergleich", "introduction", "overview", "summary", "verdict",
        "final", "thoughts", "conclusion", "fazit", "cas d'usage", "cas d’usage", "aperçu", "résumé", "e\u{301}",
        "\r\n", "\r", "\n", "比較", "まとめ", "사용 사례", "\u{301}",
    ]

    @Test func titleKeywordsOnBytesAgreeWithTheRule() {
        var random = SeededRandom(seed: 17)
        var matched = 0
        for _ in 0..<20_000 {
            let key = random.text(from: Self.titlePieces, minimumPieces: 1, maximumPieces: 5)
            for keywords in [TitleKeywords.differences, .useCases, .introduction, .conclusion] {
                let plain = keywords.keyMatchesPlain(key)
                #expect(keywords.keyMatches(key) == plain, "\(keywords) \(key.debugDescription)")
                if plain { matched += 1 }
            }
        }
        // The inputs reach both answers.
        #expect(matched > 1_000)
    }

    /// Openings and endings of use-case phrases, names, decorations and characters whose case or
    /// clusters change bytes (the Kelvin sign lower-cases to `k`, U+0600 joins the letter after it).
    static let phrasePieces = [
        "When to choose ", "Use ", "use cases", "Choose ", " when", " if", "Kafka", "Event Hubs", " is best for", " IS BEST FOR",
        "for", "FoR", "wenn", " wählen, wenn", " Wählen wenn", "Wann ", " nutzen", "Quand choisir ", "Introduction", "Conclusion",
        "を選ぶ場合", "를 선택하는 경우", "?", ":", "：", " ", "  ", "\t", "✅ ", "3. ", "\u{212A}", "\u{0600}", "\u{301}", "n", "r", "x",
    ]

    @Test func useCaseTitlesRefusedEarlyAgreeWithTheRule() {
        var random = SeededRandom(seed: 29)
        var named = 0
        for _ in 0..<20_000 {
            let title = random.text(from: Self.phrasePieces, minimumPieces: 1, maximumPieces: 5)
            let plain = UseCaseTitle.subjectNamePlain(in: title)
            #expect(UseCaseTitle.subjectName(in: title) == plain, "\(title.debugDescription)")
            if plain != nil { named += 1 }
        }
        #expect(named > 100)
        #expect(UseCaseTitle.suffixOnlyEndings == [Array("for".utf8), Array("wenn".utf8)])
    }
}

@Suite struct LabelBytesTests {
    /// Labels are told apart byte for byte: text `==` calls equal may undecorate differently.
    @Test func canonicallyEquivalentLabelsAreNotTheSame() {
        #expect("\u{2260} Kafka" == "=\u{338} Kafka")
        #expect(!DocumentBuilder.sameBytes("\u{2260} Kafka", "=\u{338} Kafka"))
        #expect(SubjectKey.makeUndecorated("\u{2260} Kafka") != SubjectKey.makeUndecorated("=\u{338} Kafka"))
        #expect(DocumentBuilder.sameBytes("Kafka", "Kafka"))
        #expect(DocumentBuilder.sameBytes("", ""))
        #expect(!DocumentBuilder.sameBytes("Kafka", "Kafkb"))
        #expect(!DocumentBuilder.sameBytes("Kafka", "kafka"))
    }
}

@Suite struct ScriptScanTests {
    /// The eight-byte scan for a byte at or above 0x80 answers as the byte-by-byte one, wherever the
    /// byte falls (in a word, in the tail, at either end) and at every length.
    @Test func eightBytesAtATimeAgreesWithEachByte() {
        var random = SeededRandom(seed: 31)
        var found = 0
        for _ in 0..<20_000 {
            var bytes = (0..<random.next(below: 40)).map { _ in UInt8(random.next(below: 0x80)) }
            if !bytes.isEmpty && random.next(below: 2) == 0 { bytes[random.next(below: bytes.count)] = UInt8(0x80 + random.next(below: 0x80)) }
            let plain = bytes.contains { $0 >= 0x80 }
            #expect(ScriptLanguage.containsNonASCII(bytes) == plain, "\(bytes)")
            if plain { found += 1 }
        }
        #expect(found > 5_000 && found < 15_000)
    }
}
