import Testing
import TestSupport
import TextPrimitives

/// Escaping reads eight bytes at a time; it must give what replacing one character at a time gives,
/// wherever the characters fall in a word and whatever the length.
@Suite struct EscapingTests {
    func reference(_ text: String, apostrophe: Bool) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'" where apostrophe: output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    @Test func matchesCharacterByCharacterEscaping() {
        let pieces = ["a", "bc", "&", "<", ">", "\"", "'", " ", "é", "🙂", "defghij", "\u{85}", "&amp;", "\n"]
        var random = SeededRandom(seed: 7)
        for _ in 0..<3_000 {
            let text = random.text(from: pieces, maximumPieces: 40)
            for apostrophe in [false, true] {
                var output = ByteBuffer(capacity: 16)
                HTMLText.appendEscaped(text, to: &output, apostrophe: apostrophe)
                #expect(output.string == reference(text, apostrophe: apostrophe), "\(text.debugDescription)")
            }
        }
    }

    @Test func byteScanFindsEveryPosition() {
        for position in 0..<8 {
            for target: UInt8 in [0x22, 0x26, 0x27, 0x3C, 0x3E, 0x5C, 0x00, 0x1F] {
                var bytes = [UInt8](repeating: 0x61, count: 8)
                bytes[position] = target
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(ByteScan.contains(word, target))
                #expect(ByteScan.containsByte(word, below: 0x20) == (target < 0x20))
                let clean = [UInt8](repeating: target == 0x61 ? 0x62 : 0x61, count: 8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(!ByteScan.contains(clean, target))
            }
        }
        // High bytes (UTF-8 continuation and lead bytes) are never below a limit.
        let high = [UInt8](repeating: 0xC3, count: 8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        #expect(!ByteScan.containsByte(high, below: 0x20))
    }

    @Test func bufferGrowsAndInserts() {
        var buffer = ByteBuffer(capacity: 1)
        for index in 0..<1_000 { buffer.append(UInt8(index % 256)) }
        #expect(buffer.count == 1_000 && buffer[999] == UInt8(999 % 256))
        var text = "--"
        text.withUTF8 { buffer.insert($0, at: 1) }
        #expect(buffer.count == 1_002 && buffer[0] == 0 && buffer[1] == 0x2D && buffer[2] == 0x2D && buffer[3] == 1)
        #expect(buffer.array.count == 1_002)
    }
}
