import Foundation
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

    /// JSON strings are scanned sixteen and eight bytes at a time: the same as escaping one byte at a
    /// time, wherever a byte to escape falls.
    @Test func jsonStringMatchesByteByByteEscaping() {
        func reference(_ text: String) -> String {
            var output = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": output += "\\\""
                case "\\": output += "\\\\"
                case "\u{08}": output += "\\b"
                case "\t": output += "\\t"
                case "\n": output += "\\n"
                case "\u{0C}": output += "\\f"
                case "\r": output += "\\r"
                case _ where scalar.value < 0x20: output += String(format: "\\u%04x", scalar.value)
                default: output.unicodeScalars.append(scalar)
                }
            }
            return output + "\""
        }
        let pieces = ["a", "bc", "\"", "\\", "\n", "\t", "\r", "\u{01}", "\u{1F}", "\u{08}", "\u{0C}", " ", "é", "🙂", "defghijklmnop", "/", "\u{7F}"]
        var random = SeededRandom(seed: 9)
        for _ in 0..<3_000 {
            let text = random.text(from: pieces, maximumPieces: 40)
            var output = ByteBuffer(capacity: 16)
            JSONText.appendString(text, to: &output)
            #expect(output.string == reference(text), "\(text.debugDescription)")
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

    /// Random words against the byte-by-byte question, for every byte value a scan asks about.
    @Test func byteScanMatchesByteByByte() {
        var random = SeededRandom(seed: 8)
        let interesting: [UInt8] = [0x00, 0x0A, 0x0D, 0x1F, 0x20, 0x22, 0x26, 0x27, 0x3C, 0x3E, 0x5B, 0x5C, 0x7F, 0x80, 0xC3, 0xFF]
        for _ in 0..<20_000 {
            // Mostly interesting bytes, so that words with one, several or none of a target all occur.
            let bytes = (0..<8).map { _ in random.next(below: 3) == 0 ? UInt8(random.next(below: 256)) : interesting[random.next(below: interesting.count)] }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            for target in interesting {
                #expect(ByteScan.contains(word, target) == bytes.contains(target), "\(bytes) \(target)")
            }
            for limit: UInt8 in [0x01, 0x20, 0x21, 0x7F, 0x80] {
                #expect(ByteScan.containsByte(word, below: limit) == bytes.contains { $0 < limit }, "\(bytes) below \(limit)")
            }
        }
    }

    /// Appends, inserts and hand-overs against the same operations on an array.
    @Test func bufferMatchesAnArray() {
        var random = SeededRandom(seed: 9)
        for _ in 0..<300 {
            var buffer = ByteBuffer(capacity: 1 + random.next(below: 40))
            var reference: [UInt8] = []
            for _ in 0..<random.next(below: 60) {
                let piece = (0..<random.next(below: 70)).map { _ in UInt8(random.next(below: 256)) }
                switch random.next(below: 4) {
                case 0:
                    buffer.append(piece)
                    reference += piece
                case 1:
                    let index = random.next(below: reference.count + 1)
                    piece.withUnsafeBufferPointer { buffer.insert($0, at: index) }
                    reference.insert(contentsOf: piece, at: index)
                case 2:
                    if let byte = piece.first { buffer.append(byte); reference.append(byte) }
                default:
                    if random.next(below: 8) == 0 {
                        let taken = buffer.take()
                        #expect(taken.array == reference && buffer.count == 0)
                        reference = []
                    }
                }
            }
            #expect(buffer.array == reference)
            #expect(buffer.count == reference.count)
        }
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
