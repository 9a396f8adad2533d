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
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var count = 0
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
            count = 0
        }
        let isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        let scalars = isASCII ? text.unicodeScalars : text.decomposedStringWithCanonicalMapping.unicodeScalars
        for scalar in scalars {
            let properties = scalar.properties
            if isASCII {
                let value = scalar.value
                let isWord = (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
                guard isWord else { flush(); continue }
                if count < maximumLength {
                    current.append(value <= 0x5A && value >= 0x41 ? Unicode.Scalar(value + 0x20)! : scalar)
                    count += 1
                }
                continue
            }
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
