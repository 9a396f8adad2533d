import Testing
import TextPrimitives

/// `TextScreen.screen` against its definition: NUL anywhere first, then `String(validating:)`.
@Suite struct TextScreenTests {
    static func reference(_ bytes: [UInt8]) -> TextScreen {
        if bytes.contains(0) { return .hasNUL }
        return String(validating: bytes, as: UTF8.self) == nil ? .notUTF8 : .text
    }

    @Test func matchesTheDefinitionOnRandomBytes() {
        var state: UInt64 = 0x2545F4914F6CDD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        // Valid characters of every length, and the bytes that make UTF-8 invalid: stray continuations,
        // overlong leads (C0, E0 80), surrogates (ED A0), beyond U+10FFFF (F4 90, F5), truncated sequences.
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("plain ascii text ".utf8), Array("é".utf8), Array("東".utf8), Array("😀".utf8),
            [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3], [0xFF], [0x00], [0x0A],
        ]
        for round in 0..<4000 {
            var bytes: [UInt8] = []
            let length = next(round % 7 == 0 ? 60 : 12)
            for _ in 0..<length {
                // Mostly valid text, so invalid pieces land at every offset of an eight-byte word.
                let piece = next(4) == 0 ? pieces[next(pieces.count)] : pieces[next(6)]
                bytes += piece
            }
            let screened = bytes.withUnsafeBufferPointer { TextScreen.screen($0) }
            #expect(screened == Self.reference(bytes), "\(bytes)")
        }
    }

    @Test func knownCases() {
        func screen(_ bytes: [UInt8]) -> TextScreen { bytes.withUnsafeBufferPointer { TextScreen.screen($0) } }
        #expect(screen(Array("<p>Café</p>".utf8)) == .text)
        #expect(screen(Array(repeating: 0x61, count: 17) + [0x00]) == .hasNUL)
        #expect(screen([0xC3] + Array(repeating: 0x61, count: 16) + [0x00]) == .hasNUL)
        #expect(screen(Array(repeating: 0x61, count: 9) + [0xED, 0xA0, 0x80]) == .notUTF8)
        #expect(screen([]) == .text)
    }
}
