/// One image candidate of a `srcset` attribute.
struct SrcsetCandidate: Sendable, Hashable {
    var url: String
    /// Newlines between the start of the attribute value and this candidate.
    var lineOffset: Int
}

private func isHTMLWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
}

/// Splits a `srcset` value into candidate URLs with the HTML standard's algorithm ("parse a srcset attribute"):
/// a URL runs to the next whitespace, so the commas inside `data:image/png;base64,...` stay in the URL, while
/// the commas between candidates end a URL only when they trail it or follow its descriptors. Descriptors
/// (`2x`, `100w`) are dropped: the checker needs only the URLs.
func splitSrcset(_ value: String) -> [SrcsetCandidate] {
    let bytes = Array(value.utf8)
    var candidates: [SrcsetCandidate] = []
    var position = 0
    var newlines = 0

    func advance() {
        if bytes[position] == 0x0A { newlines += 1 }
        position += 1
    }

    while position < bytes.count {
        // Leading whitespace and commas separate candidates.
        while position < bytes.count, isHTMLWhitespace(bytes[position]) || bytes[position] == UInt8(ascii: ",") {
            advance()
        }
        if position >= bytes.count { break }
        let start = position
        let lineOffset = newlines
        while position < bytes.count, !isHTMLWhitespace(bytes[position]) {
            advance()
        }
        var end = position
        var trailingCommas = false
        while end > start, bytes[end - 1] == UInt8(ascii: ",") {
            end -= 1
            trailingCommas = true
        }
        if end > start {
            candidates.append(SrcsetCandidate(
                url: String(decoding: bytes[start..<end], as: UTF8.self), lineOffset: lineOffset))
        }
        if trailingCommas { continue }
        // Skip the descriptors up to the comma that ends this candidate; a comma inside parentheses
        // belongs to a descriptor, as the standard's tokenizer says.
        var depth = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")"), depth > 0 { depth -= 1 }
            if byte == UInt8(ascii: ","), depth == 0 { break }
            advance()
        }
    }
    return candidates
}

/// The URL of `<meta http-equiv="refresh" content="5; url=next.html">`, by the HTML standard's "shared
/// declarative refresh steps"; `nil` when the content is no refresh at all (`-2`, `3x;url=a.html`) or reloads
/// the same page (`5`, `5; url=`).
func metaRefreshURL(_ content: String) -> String? {
    let input = Array(content.unicodeScalars)
    var position = 0
    func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
    }
    func skipWhitespace() { while position < input.count, isWhitespace(input[position]) { position += 1 } }
    func at(_ wanted: String) -> Bool {
        position < input.count && String(input[position]).lowercased() == wanted
    }
    func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    skipWhitespace()
    // The time: digits, or a fraction starting with `.`; anything else means no refresh.
    let digitsStart = position
    while position < input.count, isDigit(input[position]) { position += 1 }
    if position == digitsStart, !at(".") { return nil }
    while position < input.count, isDigit(input[position]) || input[position] == "." { position += 1 }
    if position == input.count { return nil }
    // After the time comes `;`, `,` or whitespace; `3x` is no refresh.
    guard at(";") || at(",") || isWhitespace(input[position]) else { return nil }
    skipWhitespace()
    if at(";") || at(",") { position += 1 }
    skipWhitespace()
    if position == input.count { return nil }

    var urlStart = position
    var quote: Unicode.Scalar?
    // `URL =` in any case, with spaces around `=`; when it is not quite there, the text is the URL as it is.
    skipPrefix: if at("u") {
        position += 1
        guard at("r") else { break skipPrefix }
        position += 1
        guard at("l") else { break skipPrefix }
        position += 1
        skipWhitespace()
        guard at("=") else { break skipPrefix }
        position += 1
        skipWhitespace()
        if at("\"") || at("'") { quote = input[position]; position += 1 }
        urlStart = position
    } else if at("\"") || at("'") {
        quote = input[position]
        urlStart = position + 1
    }
    var urlEnd = input.count
    if let quote, let close = input[urlStart...].firstIndex(of: quote) { urlEnd = close }
    var url = ""
    url.unicodeScalars.append(contentsOf: input[urlStart..<urlEnd])
    url = url.trimmingASCIIWhitespace()
    return url.isEmpty ? nil : url
}

extension String {
    /// Browsers strip leading and trailing ASCII whitespace from URL attributes before parsing them.
    func trimmingASCIIWhitespace() -> String {
        // Nearly every URL has nothing to trim; answer that without copying.
        guard let first = utf8.first, let last = utf8.last, isHTMLWhitespace(first) || isHTMLWhitespace(last) else {
            return self
        }
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, isHTMLWhitespace(bytes[start]) { start += 1 }
        while end > start, isHTMLWhitespace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
