import Foundation

/// How names become search words, the same way in Swift (the index) and in the default theme's
/// `assets/search.js` (the query): decompose (NFD), drop combining marks, lower-case, split on
/// everything that is not a letter or a digit. So "Café", "cafe" and "CAFÉ" are one word, and
/// "Node.js" is the words "node" and "js". Keep the two in step.
public enum SearchTokens {
    /// Words a query joins names with: "sqlite vs postgres" and "postgres and sqlite" ask for the
    /// same comparison. They are neither indexed nor required (unless a name has no other word).
    public static let connectors: Set<String> = ["vs", "versus", "and", "or", "the", "of", "between", "with", "to", "a", "an", "compared"]

    /// Longest word indexed, in Unicode scalars; longer words are cut (a query is cut the same way).
    public static let maximumLength = 32

    public static func words(_ text: String) -> [String] {
        text.utf8.allSatisfy { $0 < 0x80 } ? asciiWords(text) : unicodeWords(text)
    }

    /// The fast path for ASCII text (nearly every name), on bytes: the words `unicodeWords` finds in
    /// the same text (`SearchIndexTests` compares the two on random ASCII), without building each
    /// word a scalar at a time. The search index tokenises every title and name of the site.
    static func asciiWords(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(maximumLength)
        for byte in text.utf8 {
            let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            if (lowered >= UInt8(ascii: "a") && lowered <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                if current.count < maximumLength { current.append(lowered) }
            } else if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// Any text: decomposed, marks dropped, letters and digits lower-cased, the rest separating words.
    static func unicodeWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var count = 0
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
            count = 0
        }
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                for lowered in properties.lowercaseMapping.unicodeScalars where count < maximumLength {
                    current.append(lowered)
                    count += 1
                }
            default:
                flush()
            }
        }
        flush()
        return words
    }

    /// The words of a name to index: without connectors, unless it has nothing else ("The The").
    public static func indexWords(_ text: String) -> [String] {
        let all = words(text)
        let kept = all.filter { !connectors.contains($0) }
        return kept.isEmpty ? all : kept
    }
}
