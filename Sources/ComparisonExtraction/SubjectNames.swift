import Foundation
import MarkdownSyntax

/// How a label, heading or alias is compared with a subject's name: case, Unicode form,
/// white space and a trailing colon do not matter.
enum SubjectKey {
    static func make(_ text: String) -> String {
        var key = text.foldedForComparison.collapsingWhitespace()
        while let last = key.last, last == ":" || last == "." || last == " " { key.removeLast() }
        return key
    }
}


/// The subjects a title names: "A vs B", "A vs. B vs C", "A versus B",
/// "Key Differences Between A and B", "A, B, and C" lists, and the French "Différences entre A et B".
struct TitleSubjects {
    /// One reading of the title; several when "and" could split it in more than one place.
    var readings: [[String]]

    static func parse(_ title: String) -> TitleSubjects? {
        let trimmed = title.trimmingWhitespace()
        let versusParts = trimmed.split(separator: versusSeparator).map { String($0).trimmingWhitespace() }
        if versusParts.count >= 2, versusParts.allSatisfy({ !$0.isEmpty }) {
            var names = versusParts
            // "A vs B: which one to pick" names A and B.
            if let last = names.last, let colon = last.firstIndex(of: ":") {
                names[names.count - 1] = String(last[..<colon]).trimmingWhitespace()
            }
            if let first = names.first, let colon = first.lastIndex(of: ":") {
                names[0] = String(first[first.index(after: colon)...]).trimmingWhitespace()
            }
            return names.allSatisfy({ !$0.isEmpty }) ? TitleSubjects(readings: [names]) : nil
        }
        for (pattern, conjunction) in listPatterns {
            guard let match = trimmed.firstMatch(of: pattern) else { continue }
            let list = String(match.output.1).trimmingWhitespace()
            return splitList(list, conjunction: conjunction)
        }
        return nil
    }

    nonisolated(unsafe) private static let versusSeparator = #/\s+(?i:vs\.?|versus)\s+/#
    nonisolated(unsafe) private static let listPatterns: [(Regex<(Substring, Substring)>, String)] = [
        (#/^(?i:(?:key\s+|main\s+)?differences?\s+between)\s+(.+?)\s*$/#, "and"),
        (#/^(?i:comparing|comparison\s+of)\s+(.+?)\s*$/#, "and"),
        (#/^(?i:(?:principales\s+)?différences?\s+(?:clés\s+)?entre)\s+(.+?)\s*$/#, "et"),
    ]

    private static func splitList(_ list: String, conjunction: String) -> TitleSubjects? {
        if list.contains(",") {
            var parts = list.split(separator: ",").map { String($0).trimmingWhitespace() }
            if var last = parts.last {
                for lead in ["\(conjunction) ", "& "] where last.lowercased().hasPrefix(lead) {
                    last = String(last.dropFirst(lead.count)).trimmingWhitespace()
                }
                // "A, B and C": the last comma part still holds two names.
                let words = last.components(separatedBy: " \(conjunction) ")
                parts.removeLast()
                parts.append(contentsOf: words.map { $0.trimmingWhitespace() })
            }
            parts.removeAll { $0.isEmpty }
            return parts.count >= 2 ? TitleSubjects(readings: [parts]) : nil
        }
        let words = list.components(separatedBy: " \(conjunction) ")
        guard words.count >= 2 else { return nil }
        // "Research and Development and Sales" reads two ways; keep every two-way split.
        var readings: [[String]] = []
        for cut in 1..<words.count {
            readings.append([words[..<cut].joined(separator: " \(conjunction) "),
                             words[cut...].joined(separator: " \(conjunction) ")])
        }
        return TitleSubjects(readings: readings)
    }
}
