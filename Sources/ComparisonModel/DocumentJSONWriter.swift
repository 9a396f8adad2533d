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

    private mutating func number(_ value: Int) {
        JSONText.appendNumber(value, to: &bytes)
    }

    private mutating func string(_ text: String) {
        JSONText.appendString(text, to: &bytes)
    }
}
