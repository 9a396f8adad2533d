import Foundation
import TextPrimitives

/// How a label, heading or alias is compared with a subject's name: case, Unicode form,
/// white space and a trailing colon do not matter.
enum SubjectKey {
    static func make(_ text: String) -> String {
        if let key = makeASCII(text) { return key }
        return makeGeneral(text)
    }

    /// The key of a heading or label as writers decorate it in the wild: numbering ("3. Key
    /// Differences", "1) Speed") and emoji or marks ("✅ Event Hubs", "Kafka ⭐") around the words.
    /// For recognising only: titles are shown as written.
    static func makeUndecorated(_ text: String) -> String {
        make(undecorated(text))
    }

    /// The one name among `names` (keys) that `key` names in short form, when exactly one does: "event
    /// hubs" or "hubs" for "azure event hubs" (the name's last words). Writers shorten a name in
    /// headings and labels once the title has given it in full; two names fitting is no match.
    /// `allowingLonger`: also "type alias" for "type" (the name followed by more words), for telling
    /// whether a label names a subject at all; such a label gives the subject its name (see
    /// `DocumentBuilder.fullNames`), so its words are never dropped.
    static func shortFormMatch(_ key: String, among names: some Sequence<String>, allowingLonger: Bool = false) -> String? {
        let words = key.split(separator: " ")
        guard !words.isEmpty else { return nil }
        var found: String?
        for name in names where name != key {
            let nameWords = name.split(separator: " ")
            let fits = (words.count < nameWords.count && nameWords.suffix(words.count).elementsEqual(words))
                || (allowingLonger && nameWords.count < words.count && words.prefix(nameWords.count).elementsEqual(nameWords))
            guard fits else { continue }
            if found != nil && found != name { return nil }
            found = name
        }
        return found
    }

    /// Whether `label` names one of `keys`: as written, undecorated, or in a short or long form.
    static func names(_ label: String, in keys: Set<String>) -> Bool {
        if keys.contains(make(label)) { return true }
        let key = makeUndecorated(label)
        return keys.contains(key) || shortFormMatch(key, among: keys, allowingLonger: true) != nil
    }

    static func undecorated(_ text: String) -> String {
        // Most headings start with a letter and end with one: nothing to strip, no `Character` walk.
        if let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80,
           !(0x30...0x39).contains(first), first != 0x20, last != 0x20 { return text }
        var characters = Substring(text)
        func isDecoration(_ character: Character) -> Bool {
            if character.isWhitespace { return true }
            guard let scalar = character.unicodeScalars.first, !scalar.isASCII else { return false }
            switch scalar.properties.generalCategory {
            case .otherSymbol, .mathSymbol, .dashPunctuation: return true
            default: return scalar.properties.isEmojiPresentation
            }
        }
        var changed = true
        while changed {
            changed = false
            while let first = characters.first, isDecoration(first) { characters.removeFirst(); changed = true }
            // "3. ", "1) ", "12.": a number before the words, not one that is part of them ("1Password", "2.0").
            let digits = characters.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, digits.count <= 3 {
                let rest = characters.dropFirst(digits.count)
                if let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first?.isWhitespace ?? false {
                    characters = rest.dropFirst()
                    changed = true
                }
            }
        }
        while let last = characters.last, isDecoration(last) { characters.removeLast() }
        return characters.isEmpty ? text : String(characters)
    }

    static func makeGeneral(_ text: String) -> String {
        var key = text.foldedForComparison.collapsingWhitespace()
        while let last = key.last, last == ":" || last == "." || last == " " { key.removeLast() }
        return key
    }

    /// The same in one pass over ASCII text (every label and heading of a typical site, several times
    /// per document); `nil` otherwise. In ASCII, folding is lower-casing and the only white space is
    /// the space and the controls from tab to carriage return.
    static func makeASCII(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { output -> Int in
                var count = 0
                var pendingSpace = false
                for byte in bytes {
                    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                        pendingSpace = count > 0
                        continue
                    }
                    if pendingSpace {
                        output[count] = 0x20
                        count += 1
                        pendingSpace = false
                    }
                    output[count] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                    count += 1
                }
                while count > 0, output[count - 1] == 0x3A || output[count - 1] == 0x2E || output[count - 1] == 0x20 { count -= 1 }
                return count
            }
        }
    }
}


/// The subjects a title names, read as a document's title is read (`versus new comparison` uses it):
/// `nil` when the title names fewer than two or could be split more than one way.
public func subjectsNamed(byTitle title: String) -> [String]? {
    guard let parsed = TitleSubjects.parse(title), parsed.readings.count == 1, parsed.readings[0].count >= 2 else { return nil }
    return parsed.readings[0]
}

/// The subjects a title names: "A vs B", "A vs. B vs C", "A versus B",
/// "Key Differences Between A and B", "A, B, and C" lists, and the French "Différences entre A et B".
struct TitleSubjects {
    /// One reading of the title; several when "and" could split it in more than one place.
    var readings: [[String]]
    /// Whether the title is written "A vs B" (not a list such as "Differences between A and B").
    var isVersus = false

    /// `siteProduct`: the site's own product (`product` in `site.yml`), the implied first subject of
    /// "Comparison with A, B".
    static func parse(_ title: String, siteProduct: String? = nil) -> TitleSubjects? {
        // Plain word scanning rather than regular expressions: Swift's Regex cost more per title than
        // cmark spends on the whole document.
        let words = title.collapsingWhitespace().utf8.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
        let lowered = words.map(\.foldedForComparison)
        var versusParts: [[String]] = [[]]
        for (word, folded) in zip(words, lowered) {
            if folded == "vs" || folded == "vs." || folded == "versus" {
                versusParts.append([])
            } else {
                versusParts[versusParts.count - 1].append(word)
            }
        }
        if versusParts.count >= 2 {
            var names = versusParts.map { $0.joined(separator: " ") }
            guard names.allSatisfy({ !$0.isEmpty }) else { return nil }
            // "A vs B: which one to pick" names A and B.
            if let last = names.last, let colon = last.firstIndex(of: ":") {
                names[names.count - 1] = String(last[..<colon]).trimmingWhitespace()
            }
            // "A vs B — Comparison Guide", "A vs B - a guide", "A vs B | Docs", "A vs B?" name A and B.
            if var last = names.last {
                for separator in [" — ", " – ", " - ", " | "] {
                    if let range = last.range(of: separator) { last = String(last[..<range.lowerBound]) }
                }
                while last.last == "?" || last.last == "!" { last.removeLast() }
                // "Type vs Interface in TypeScript": a closing "in <context>" of one to three words
                // places the comparison; it is no part of the last name.
                if let range = last.range(of: " in ", options: .backwards),
                   case let context = last[range.upperBound...].split(separator: " "), (1...3).contains(context.count),
                   !String(last[..<range.lowerBound]).trimmingWhitespace().isEmpty {
                    last = String(last[..<range.lowerBound])
                }
                names[names.count - 1] = last.trimmingWhitespace()
            }
            if let first = names.first, let colon = first.lastIndex(of: ":") {
                names[0] = String(first[first.index(after: colon)...]).trimmingWhitespace()
            }
            return names.allSatisfy({ !$0.isEmpty }) ? TitleSubjects(readings: [names], isVersus: true) : nil
        }
        for (lead, conjunction) in listLeads {
            guard lowered.count > lead.count, lowered.starts(with: lead) else { continue }
            return splitList(words.dropFirst(lead.count).joined(separator: " "), conjunction: conjunction)
        }
        // "Comparison with Linkerd, Cilium, Consul" on a product's own site: the product is the
        // implied first subject, but only when `site.yml` names it (`product`); guessing it would
        // make a subject of whatever the site is about.
        // Without it, the title names the products listed, when it lists two or more.
        for lead in impliedProductLeads {
            guard lowered.count > lead.count, lowered.starts(with: lead) else { continue }
            let list = words.dropFirst(lead.count).joined(separator: " ")
            guard let product = siteProduct?.trimmingWhitespace(), !product.isEmpty else {
                return splitList(list, conjunction: "and")
            }
            let others = splitList(list, conjunction: "and")?.readings.first ?? [list.trimmingWhitespace()]
            let names = [product] + others.filter { SubjectKey.make($0) != SubjectKey.make(product) }
            return names.count >= 2 ? TitleSubjects(readings: [names]) : nil
        }
        return nil
    }

    /// Whether the text holds "vs" or "versus" in any case, on bytes: every section title is asked
    /// whether it compares a pair, and almost none does.
    static func mayBeVersus(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if (byte | 0x20) == UInt8(ascii: "s") || (byte | 0x20) == UInt8(ascii: "e"), (previous | 0x20) == UInt8(ascii: "v") { return true }
            previous = byte
        }
        return false
    }

    /// Title openings after which the site's own product is implied ("Comparison with X").
    private static let impliedProductLeads: [[String]] = [["comparison", "with"], ["compared", "with"], ["comparison", "to"], ["compared", "to"]]

    /// Title openings that introduce a list of subjects, as lower-cased words, with the list's conjunction.
    private static let listLeads: [([String], String)] = [
        (["key", "differences", "between"], "and"), (["main", "differences", "between"], "and"),
        (["key", "difference", "between"], "and"), (["differences", "between"], "and"), (["difference", "between"], "and"),
        (["comparing"], "and"), (["comparison", "of"], "and"),
        (["principales", "différences", "entre"], "et"), (["principales", "différences", "clés", "entre"], "et"),
        (["différences", "clés", "entre"], "et"), (["différences", "entre"], "et"), (["différence", "entre"], "et"),
    ]

    /// `components(separatedBy:)` for an ASCII separator, on bytes: Foundation's version searched with
    /// a locale-aware `range(of:)` and cost more than the rest of the title.
    static func split(_ text: String, on separator: String) -> [String] {
        let needle = Array(separator.utf8)
        var parts: [String] = []
        var copy = text
        copy.withUTF8 { bytes in
            var start = 0, index = 0
            while index + needle.count <= bytes.count {
                if bytes[index] == needle[0] && bytes[index..<(index + needle.count)].elementsEqual(needle) {
                    parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    index += needle.count
                    start = index
                } else {
                    index += 1
                }
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
        }
        return parts
    }

    private static func splitList(_ list: String, conjunction: String) -> TitleSubjects? {
        if list.utf8.contains(UInt8(ascii: ",")) {
            var parts = list.utf8.split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self).trimmingWhitespace() }
            if var last = parts.last {
                for lead in ["\(conjunction) ", "& "] where last.lowercased().hasPrefix(lead) {
                    last = String(last.dropFirst(lead.count)).trimmingWhitespace()
                }
                // "A, B and C": the last comma part still holds two names.
                let words = split(last, on: " \(conjunction) ")
                parts.removeLast()
                parts.append(contentsOf: words.map { $0.trimmingWhitespace() })
            }
            parts.removeAll { $0.isEmpty }
            return parts.count >= 2 ? TitleSubjects(readings: [parts]) : nil
        }
        let words = split(list, on: " \(conjunction) ")
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
