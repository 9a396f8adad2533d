@testable import ComparisonExtraction
import Testing

@Suite struct EncodingTests {
    func diagnostics(_ bytes: [UInt8]) -> [String] {
        DocumentExtractor().extract(ContentFile(source: "content/x.md", contentPath: "x.md", bytes: bytes)).diagnostics.map(\.formatted)
    }

    @Test func utf16IsRefusedByName() {
        #expect(diagnostics([0xFF, 0xFE, 0x23, 0x00]) == ["content/x.md: error: the file is UTF-16 encoded; save it as UTF-8"])
        #expect(diagnostics([0x00, 0x00, 0xFE, 0xFF]) == ["content/x.md: error: the file is UTF-32 encoded; save it as UTF-8"])
    }

    @Test func invalidUTF8IsAnErrorWithPosition() {
        let bytes = Array("# Title\n\nbad ".utf8) + [0xFF, 0xFE] + Array(" utf8\n".utf8)
        #expect(diagnostics(bytes) == ["content/x.md:3:5: error: invalid UTF-8 byte sequence"])
    }

    @Test func nulBytesDoNotTruncate() {
        let bytes = Array("# Title\n\nabc".utf8) + [0] + Array("de\n\n## After\n".utf8)
        let result = DocumentExtractor().extract(ContentFile(source: "content/x.md", contentPath: "x.md", bytes: bytes))
        #expect(result.document?.sections.last?.title == "After")
    }
}

/// The UTF-8 check skips ASCII eight bytes at a time; the first bad byte must still be found exactly.
@Suite struct UTF8ScanTests {
    @Test func firstInvalidByteAfterAnyLengthOfASCII() {
        for prefix in 0...20 {
            let ascii = [UInt8](repeating: UInt8(ascii: "a"), count: prefix)
            #expect(SourceText.firstInvalidUTF8Offset(ascii + [0xFF] + ascii) == prefix, "0xFF after \(prefix)")
            #expect(SourceText.firstInvalidUTF8Offset(ascii + [0xC3, 0xA9] + ascii) == nil, "é after \(prefix)")
            #expect(SourceText.firstInvalidUTF8Offset(ascii + [0xE2, 0x82]) == prefix, "cut € after \(prefix)")
            #expect(SourceText.firstInvalidUTF8Offset(ascii + [0xC0, 0xAF] + ascii) == prefix, "overlong after \(prefix)")
            #expect(SourceText.firstInvalidUTF8Offset(ascii + [0xED, 0xA0, 0x80]) == prefix, "surrogate after \(prefix)")
            #expect(SourceText.firstInvalidUTF8Offset(ascii + [0xF0, 0x9F, 0x98, 0x80] + ascii + [0x80]) == 2 * prefix + 4, "stray continuation")
        }
    }
}
