import Foundation
@testable import SiteBuilder
import Testing
import TestSupport

/// The build starts Pygments early when some document holds "```" or "~~~". The search is `memchr`;
/// the definition is a run of three equal fence characters, read byte by byte.
@Suite struct FenceScanTests {
    static func reference(_ bytes: [UInt8]) -> Bool {
        var run = 0, previous: UInt8 = 0
        for byte in bytes {
            if (byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~")) && (run == 0 || byte == previous) {
                run += 1
                if run == 3 { return true }
            } else {
                run = byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~") ? 1 : 0
            }
            previous = byte
        }
        return false
    }

    @Test func matchesTheByteLoop() {
        var random = SeededRandom(seed: 11)
        let pieces = ["`", "~", "a", " ", "\n", "``", "~~", "`~", "~`", "é"]
        var found = 0
        for _ in 0..<5_000 {
            let bytes = Array(random.text(from: pieces, maximumPieces: 12).utf8)
            let expected = Self.reference(bytes)
            found += expected ? 1 : 0
            #expect(bytes.withUnsafeBytes { SiteBuild.holdsFence($0) } == expected, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
        // Both answers occur often enough for the comparison to mean something.
        #expect(found > 500 && found < 4_500)
        #expect([UInt8]().withUnsafeBytes { SiteBuild.holdsFence($0) } == false)
    }
}
