import Testing
import TestSupport
import TextPrimitives

/// `ByteScan.containsRun` (glibc's `memchr` in C) against a byte loop, on random bytes where the byte
/// sought is common, and at the edges: runs at the start and the very end, runs one short, empty input.
@Suite struct ByteScanTests {
    static func plainContainsRun(of byte: UInt8, length: Int, in bytes: [UInt8]) -> Bool {
        guard length >= 1 else { return false }
        var run = 0
        for value in bytes {
            run = value == byte ? run + 1 : 0
            if run >= length { return true }
        }
        return false
    }

    @Test func containsRunAgreesWithAByteLoop() {
        var random = SeededRandom(seed: 21)
        var agreed = 0, found = 0
        for _ in 0..<3000 {
            let count = random.next(below: 200)
            // Mostly the byte sought, so that runs of every length occur.
            let bytes = (0..<count).map { _ in random.next(below: 3) == 0 ? UInt8(ascii: "x") : UInt8(ascii: "`") }
            let length = random.next(below: 6)
            let fast = bytes.withUnsafeBytes { ByteScan.containsRun(of: UInt8(ascii: "`"), length: length, in: $0) }
            let plain = Self.plainContainsRun(of: UInt8(ascii: "`"), length: length, in: bytes)
            #expect(fast == plain, "\(bytes.count) bytes, length \(length)")
            if fast == plain { agreed += 1 }
            if plain { found += 1 }
        }
        #expect(agreed == 3000)
        #expect(found > 500 && found < 2900)
    }

    @Test func edges() {
        func run(_ text: String, _ length: Int) -> Bool {
            Array(text.utf8).withUnsafeBytes { ByteScan.containsRun(of: UInt8(ascii: "~"), length: length, in: $0) }
        }
        #expect(run("~~~abc", 3))
        #expect(run("abc~~~", 3))
        #expect(!run("abc~~", 3))
        #expect(!run("~~a~~a~~", 3))
        #expect(!run("", 1))
        #expect(!run("~~~", 0))
        #expect(run("~", 1))
    }
}
