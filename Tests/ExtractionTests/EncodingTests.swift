import ComparisonExtraction
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
