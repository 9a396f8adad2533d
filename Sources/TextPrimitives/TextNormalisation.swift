import Foundation

/// The one Unicode normalisation of Versus: NFC (canonical composition), so that `café` typed on a Mac
/// (NFD, `e` + U+0301) and `café` typed elsewhere are the same slug, subject, document path or link
/// target. Identifiers and names that are compared go through here, nowhere else.
extension String {
    /// NFC, skipping Foundation when the text is ASCII (and so already NFC): most slugs, paths and
    /// names are ASCII, and Foundation's normalisation bridges through `NSString`.
    public var canonicalComposition: String {
        utf8.allSatisfy({ $0 < 0x80 }) ? self : precomposedStringWithCanonicalMapping
    }

    /// NFC and lower case, for comparing names. ASCII text is lower-cased byte by byte, which is what
    /// `lowercased()` does to it.
    public var foldedForComparison: String {
        let ascii = withUTF8Bytes { bytes -> (isASCII: Bool, hasUpper: Bool) in
            var hasUpper = false
            for byte in bytes {
                if byte >= 0x80 { return (false, false) }
                if byte >= 0x41 && byte <= 0x5A { hasUpper = true }
            }
            return (true, hasUpper)
        }
        guard ascii.isASCII else { return precomposedStringWithCanonicalMapping.lowercased() }
        guard ascii.hasUpper else { return self }
        return withUTF8Bytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { output in
                for index in bytes.indices {
                    let byte = bytes[index]
                    output[index] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                }
                return bytes.count
            }
        }
    }
}
