import MarkdownSyntax

/// Use-case titles that name their subject: "When to choose Kafka", "Choose Kafka when", "Wann Kafka
/// wählen", "Quand choisir Kafka", "Kafkaを選ぶべき場合", "Kafka를 선택해야 하는 경우". Such a title heads
/// one subject's use cases, as a `##` section of its own or a `###` under "Use case recommendations".
enum UseCaseTitle {
    /// The name the title is about, as written, when the title is a use-case phrase around it.
    /// Whether the name is a subject is for the caller to decide (by resolving it).
    static func subjectName(in title: String) -> String? {
        if refusedByOpeningAndEnding(title) { return nil }
        return subjectNamePlain(in: title)
    }

    /// `subjectNamePlain` with a second quick refusal: a title that starts with two ASCII letters no
    /// phrase starts with and ends with an ASCII letter can only be a phrase without a prefix, so it
    /// must end with the letters such a phrase ends with (see `mayEndWithSuffixOnlyPhrase`).
    static func refusedByOpeningAndEnding(_ title: String) -> Bool {
        var bytes = title.utf8.makeIterator()
        guard let first = bytes.next(), let second = bytes.next(), let last = title.utf8.last else { return false }
        return isLetter(first) && isLetter(second) && !openings.contains(opening(first, second))
            && !mayEndWithSuffixOnlyPhrase(title.utf8) && last != UInt8(ascii: "?") && last != UInt8(ascii: ":")
    }

    /// Whether the title may end with the suffix of a phrase without a prefix ("Kafka is best for", "Kafka
    /// wählen, wenn", "Kafkaを選ぶ場合"). When its last byte is an ASCII letter, the phrase's text ends with
    /// that title's own last bytes (nothing is trimmed there, and only ASCII letters lower-case to ASCII
    /// letters), so the title must end with the letters that end such a suffix ("for", "wenn"):
    /// "Introduction" and "Conclusion" end with an `n` but not with "wenn". Otherwise, its last byte must
    /// be one such a suffix ends with.
    static func mayEndWithSuffixOnlyPhrase(_ title: String.UTF8View) -> Bool {
        guard let last = title.last else { return false }
        guard isLetter(last) else { return lastBytes.contains(last) }
        return suffixOnlyEndings.contains { ending in
            title.count >= ending.count && zip(title.suffix(ending.count), ending).allSatisfy { ($0 | 0x20) == $1 }
        }
    }

    /// The ASCII letters ending each suffix of a phrase without a prefix that ends with one.
    static let suffixOnlyEndings: [[UInt8]] = Array(Set(phrases.filter { $0.prefix.isEmpty }.compactMap { phrase -> [UInt8]? in
        let letters = Array(phrase.suffix.utf8.reversed().prefix { isLetter($0) }.reversed())
        return letters.isEmpty ? nil : letters
    })).sorted { $0.lexicographicallyPrecedes($1) }

    /// The rule `subjectName` is held to: phrases tried in order, after one quick refusal.
    static func subjectNamePlain(in title: String) -> String? {
        // Every section title is asked, and almost none is such a phrase: one that starts with two ASCII
        // letters no phrase starts with, and ends with a byte no phrase (without a prefix) ends with, is not.
        var bytes = title.utf8.makeIterator()
        guard let first = bytes.next(), let second = bytes.next(), let last = title.utf8.last else { return nil }
        if isLetter(first), isLetter(second), !openings.contains(opening(first, second)),
           !lastBytes.contains(last), last != UInt8(ascii: "?"), last != UInt8(ascii: ":") {
            return nil
        }
        var text = SubjectKey.undecorated(title).collapsingWhitespace()
        while let last = text.last, last == "?" || last == ":" || last == "？" || last == "：" { text.removeLast() }
        text = text.trimmingWhitespace()
        // Every section title of every document comes here: compare lower-cased UTF-8 first, and count
        // characters only for the phrase that fits.
        let lowered = text.lowercased()
        for phrase in phrases {
            guard lowered.utf8.count > phrase.prefix.utf8.count + phrase.suffix.utf8.count,
                  lowered.utf8.starts(with: phrase.prefix.utf8),
                  lowered.utf8.suffix(phrase.suffix.utf8.count).elementsEqual(phrase.suffix.utf8),
                  // Lower-casing kept the phrase's characters where they were (it can change lengths).
                  String(text.prefix(phrase.prefixCount)).lowercased() == phrase.prefix,
                  String(text.suffix(phrase.suffixCount)).lowercased() == phrase.suffix else { continue }
            let name = String(text.dropFirst(phrase.prefixCount).dropLast(phrase.suffixCount)).trimmingWhitespace()
            if !name.isEmpty { return name }
        }
        return nil
    }

    /// A prefix and a suffix around the name, lower case, with their lengths in characters.
    struct Phrase {
        var prefix: String
        var suffix: String
        var prefixCount: Int
        var suffixCount: Int
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    static func opening(_ first: UInt8, _ second: UInt8) -> UInt16 {
        UInt16(first | 0x20) << 8 | UInt16(second | 0x20)
    }

    /// The first two letters of every phrase with a prefix (all are ASCII letters), lower case.
    static let openings = Set(phrases.compactMap { phrase -> UInt16? in
        let bytes = Array(phrase.prefix.utf8.prefix(2))
        return bytes.count == 2 ? opening(bytes[0], bytes[1]) : nil
    })
    static let lastBytes = Set(phrases.filter { $0.prefix.isEmpty }.compactMap { $0.suffix.utf8.last })

    /// Longer phrases first, so "when should you choose" is tried before "choose ... when" could take
    /// "should you choose Kafka" for a name.
    static let phrases: [Phrase] = {
        let english: [(String, String)] = [
            ("when should you choose ", ""), ("when should you use ", ""), ("when should i choose ", ""), ("when should i use ", ""),
            ("when to choose ", ""), ("when to use ", ""), ("when to pick ", ""), ("when to go with ", ""),
            ("why choose ", ""), ("choose ", " when"), ("choose ", " if"), ("use ", " when"), ("use ", " if"), ("pick ", " when"),
            ("go with ", " when"), ("when ", " is the better choice"), ("when ", " is the right choice"), ("", " is best for"),
        ]
        let german: [(String, String)] = [
            ("wann sollte man ", " wählen"), ("wann sollten sie ", " wählen"), ("wann sollte man ", " verwenden"),
            ("wann sollten sie ", " verwenden"), ("wann ", " wählen"), ("wann ", " verwenden"), ("wann ", " nutzen"),
            ("wann ", " einsetzen"), ("wann eignet sich ", ""), ("", " wählen, wenn"), ("", " verwenden, wenn"), ("", " wählen wenn"),
        ]
        let french: [(String, String)] = [
            ("dans quels cas choisir ", ""), ("quand choisir ", ""), ("quand utiliser ", ""), ("pourquoi choisir ", ""),
            ("choisir ", " si"), ("choisir ", " quand"), ("choisir ", " lorsque"), ("utiliser ", " si"), ("utiliser ", " quand"),
        ]
        let japanese: [(String, String)] = ["を選ぶべき場合", "を選ぶべきケース", "を選ぶべきとき", "を選ぶべき時", "を選ぶ場合", "を選ぶとき",
                                            "を使うべき場合", "を使う場合", "が向いている場合", "が向いているケース", "が適している場合"].map { ("", $0) }
        // Korean particles follow the name's last sound: 를/을, 가/이.
        let korean: [(String, String)] = ["선택해야 하는 경우", "선택하는 경우", "선택해야 할 때", "선택할 때", "사용해야 하는 경우", "사용하는 경우"]
            .flatMap { [("", "를 " + $0), ("", "을 " + $0)] } + [("", "가 적합한 경우"), ("", "이 적합한 경우")]
        return (english + german + french + japanese + korean).map {
            Phrase(prefix: $0.0, suffix: $0.1, prefixCount: $0.0.count, suffixCount: $0.1.count)
        }
    }()
}
