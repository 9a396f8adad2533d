import Foundation
import TextPrimitives

/// The one slug function: document slugs, subject slugs, heading ids and table row ids all come from it,
/// so URLs, anchors and rewritten links always agree.
///
/// Policy: Unicode NFC, lower-cased; letters and digits of any script are kept (like GitHub's heading ids),
/// every other run of characters becomes one `-`. Never empty, never `.` or `..`, never contains `/`.
public enum Slug {
    public static func make(_ text: String, fallback: String = "untitled") -> String {
        if let ascii = makeASCII(text) { return ascii.isEmpty ? (text.isEmpty ? fallback : fallback + "-" + hash(text)) : ascii }
        return makeGeneral(text, fallback: fallback)
    }

    /// The rule on any text, one `Character` at a time.
    static func makeGeneral(_ text: String, fallback: String) -> String {
        var slug = ""
        var pendingDash = false
        var truncated = false
        for character in text.foldedForComparison {
            if character.isLetter || character.isNumber || character == "_" {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.append(character)
            } else {
                pendingDash = true
            }
            if slug.utf8.count > maximumBytes {
                truncated = true
                break
            }
        }
        // A cut slug or a name with no letters ("!!!", "🙂") still needs a stable, distinct slug:
        // add a short hash of the whole text.
        if truncated { return slug + "-" + hash(text) }
        if slug.isEmpty { return text.isEmpty ? fallback : fallback + "-" + hash(text) }
        return slug
    }

    /// The same rule on plain ASCII text, byte by byte (a cut slug gets its hash here too: long titles
    /// are common); `nil` when the text is not ASCII, so the general path decides.
    static func makeASCII(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            // A slug longer than `maximumBytes` goes to the general path, so a fixed buffer suffices:
            // at most a dash and a byte are written past the limit before it is noticed.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumBytes + 2) { output -> String? in
                var count = 0
                var pendingDash = false
                for byte in bytes {
                    guard byte < 0x80 else { return nil }
                    let lowered = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                    let isWordByte = (lowered >= 0x61 && lowered <= 0x7A) || (lowered >= 0x30 && lowered <= 0x39) || lowered == 0x5F
                    if isWordByte {
                        if pendingDash && count > 0 {
                            output[count] = 0x2D
                            count += 1
                        }
                        pendingDash = false
                        output[count] = lowered
                        count += 1
                        if count > maximumBytes {
                            // As the general path: cut where the limit was passed, then the hash of the
                            // whole text (ASCII is already NFC, so its bytes are what `hash` reads).
                            let cut = String(decoding: UnsafeBufferPointer(rebasing: output[..<count]), as: UTF8.self)
                            return cut + "-" + hex(fnv1a(bytes))
                        }
                    } else {
                        pendingDash = true
                    }
                }
                return String(decoding: UnsafeBufferPointer(rebasing: output[..<count]), as: UTF8.self)
            }
        }
    }

    /// Keeps every path component far below the 255-byte limit of common file systems.
    static let maximumBytes = 80

    /// FNV-1a, 32 bits, as 8 hex digits: stable across runs and platforms, unlike `hashValue`.
    static func hash(_ text: String) -> String {
        var composed = text.canonicalComposition
        return hex(composed.withUTF8 { fnv1a($0) })
    }

    private static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var value: UInt32 = 2_166_136_261
        for byte in bytes {
            value ^= UInt32(byte)
            value = value &* 16_777_619
        }
        return value
    }

    private static func hex(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}

/// Hands out ids unique within one page: the second `pricing` becomes `pricing-2`.
public struct AnchorAllocator: Sendable {
    private var used: Set<String>

    /// Ids the templates own are reserved so content can never take them.
    public init(reserved: Set<String> = AnchorAllocator.templateIDs) {
        used = reserved
    }

    public static let templateIDs: Set<String> = ["top", "main", "content"]

    public mutating func allocate(_ text: String, fallback: String = "section") -> String {
        let base = Slug.make(text, fallback: fallback)
        var candidate = base
        var counter = 2
        // `insert` both tests and takes the id: one hash per try.
        while !used.insert(candidate).inserted {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        return candidate
    }
}
