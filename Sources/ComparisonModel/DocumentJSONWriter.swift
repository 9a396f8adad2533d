import Diagnostics
import TextPrimitives

/// Writes one document of `model.json` straight to bytes, in the exact form `JSONEncoder` gives the
/// `ModelJSON.DocumentJSON` contract (sorted keys, no escaped slashes, one line). Why: `JSONEncoder`'s
/// keyed containers cost 14 % of a build's instructions (bench/profile.md). The Encodable structs stay
/// the definition of the contract; the tests encode models both ways and require the same bytes.
struct DocumentJSONWriter: ~Copyable {
    private(set) var bytes: ByteBuffer

    init(_ document: Document) {
        // The HTML and text of the pieces are most of the output: size the buffer once.
        var estimate = 1024 + document.summary.utf8.count + document.title.utf8.count
        for dimension in document.differences {
            for entry in dimension.entries { estimate += entry.html.utf8.count + entry.text.utf8.count + 96 }
        }
        for useCase in document.useCases { estimate += useCase.html.utf8.count + useCase.text.utf8.count + 128 }
        bytes = ByteBuffer(capacity: estimate + estimate / 8)
        // Keys in byte order, as `.sortedKeys` writes them.
        raw("{\"differences\":[")
        for (index, dimension) in document.differences.enumerated() {
            if index > 0 { raw(",") }
            raw("{"); column(dimension.position)
            raw("\"entries\":[")
            for (entryIndex, entry) in dimension.entries.enumerated() {
                if entryIndex > 0 { raw(",") }
                raw("{"); column(entry.position)
                key("html"); string(entry.html); raw(",")
                line(entry.position)
                if let mark = entry.mark { key("mark"); string(mark.rawValue); raw(",") }
                key("subject"); string(entry.subject); raw(",")
                key("text"); string(entry.text); raw("}")
            }
            raw("],")
            line(dimension.position)
            key("slug"); string(dimension.slug); raw(",")
            key("title"); string(dimension.title); raw("}")
        }
        raw("],")
        key("kind"); string(document.kind.rawValue); raw(",")
        if let language = document.language { key("lang"); string(language); raw(",") }
        if let hub = document.partOf { key("partOf"); string(hub.slug); raw(",") }
        if let reviewed = document.reviewed { key("reviewed"); string(reviewed.text); raw(",") }
        raw("\"sections\":[")
        for (index, section) in document.sections.enumerated() {
            if index > 0 { raw(",") }
            raw("{"); key("anchor"); string(section.anchor); raw(",")
            column(section.position)
            key("kind"); string(section.kind.rawValue); raw(",")
            line(section.position)
            if let pair = section.pairComparison { key("pairComparison"); string(pair); raw(",") }
            key("title"); string(section.title); raw("}")
        }
        raw("],")
        key("slug"); string(document.slug); raw(",")
        key("source"); string(document.source); raw(",")
        raw("\"subjects\":[")
        for (index, subject) in document.subjects.enumerated() {
            if index > 0 { raw(",") }
            raw("{"); key("name"); string(subject.name); raw(",")
            key("slug"); string(subject.slug); raw("}")
        }
        raw("],")
        key("summary"); string(document.summary); raw(",")
        key("title"); string(document.title); raw(",")
        if let updated = document.updated { key("updated"); string(updated); raw(",") }
        key("url"); string(document.url); raw(",")
        raw("\"useCases\":[")
        for (index, useCase) in document.useCases.enumerated() {
            if index > 0 { raw(",") }
            raw("{"); key("anchor"); string(useCase.anchor); raw(",")
            column(useCase.position)
            key("html"); string(useCase.html); raw(",")
            line(useCase.position)
            key("subject"); string(useCase.subject); raw(",")
            key("text"); string(useCase.text); raw(",")
            key("title")
            if let title = useCase.title { string(title) } else { raw("null") }
            raw("}")
        }
        raw("]}")
    }

    /// `column` and `line` are left out when a piece has no position, as `encodeIfPresent` does.
    private mutating func column(_ position: SourcePosition?) {
        guard let position else { return }
        key("column"); number(position.column); raw(",")
    }

    private mutating func line(_ position: SourcePosition?) {
        guard let position else { return }
        key("line"); number(position.line); raw(",")
    }

    private mutating func raw(_ text: StaticString) {
        bytes.append(text)
    }

    private mutating func key(_ name: StaticString) {
        bytes.append(0x22)
        raw(name)
        bytes.append(0x22)
        bytes.append(0x3A)
    }

    /// Bytes a JSON string cannot hold as they are: controls, `"` and `\`.
    private static let needsEscape: [Bool] = (0...255).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }

    private mutating func number(_ value: Int) {
        // Line and column numbers: non-negative, written without making a String.
        guard value >= 0 else { bytes.append(utf8: String(value)); return }
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// JSONEncoder's escaping: `"` and `\`, the short forms \b \t \n \f \r, other controls as \u00xx.
    private mutating func string(_ text: String) {
        bytes.append(0x22)
        var text = text
        Self.needsEscape.withUnsafeBufferPointer { needsEscape in text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            func escape(upTo end: Int) {
                while index < end {
                    let byte = utf8[index]
                    index += 1
                    guard needsEscape[Int(byte)] else { continue }
                    bytes.append(UnsafeBufferPointer(rebasing: utf8[runStart..<(index - 1)]))
                    runStart = index
                    bytes.append(0x5C)
                    switch byte {
                    case 0x22, 0x5C: bytes.append(byte)
                    case 0x08: bytes.append(UInt8(ascii: "b"))
                    case 0x09: bytes.append(UInt8(ascii: "t"))
                    case 0x0A: bytes.append(UInt8(ascii: "n"))
                    case 0x0C: bytes.append(UInt8(ascii: "f"))
                    case 0x0D: bytes.append(UInt8(ascii: "r"))
                    default:
                        let hex: StaticString = "0123456789abcdef"
                        bytes.append(UInt8(ascii: "u"))
                        bytes.append(0x30)
                        bytes.append(0x30)
                        bytes.append(hex.utf8Start[Int(byte >> 4)])
                        bytes.append(hex.utf8Start[Int(byte & 0x0F)])
                    }
                }
            }
            // Eight bytes at a time: nearly all words of text need no escaping.
            while index + 8 <= utf8.count {
                let word = UnsafeRawPointer(utf8.baseAddress! + index).loadUnaligned(as: UInt64.self)
                if ByteScan.containsByte(word, below: 0x20) || ByteScan.contains(word, 0x22) || ByteScan.contains(word, 0x5C) {
                    escape(upTo: index + 8)
                } else {
                    index += 8
                }
            }
            escape(upTo: utf8.count)
            bytes.append(UnsafeBufferPointer(rebasing: utf8[runStart...]))
        } }
        bytes.append(0x22)
    }
}
