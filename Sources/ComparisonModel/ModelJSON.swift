import Diagnostics
import Foundation

/// The JSON contract (version 1) that `versus model` prints and `model.json` holds.
/// Other tools read it: keep these names, add fields freely.
public enum ModelJSON {
    /// The whole model, one document after another.
    public static func encode(_ model: SiteModel) throws -> Data {
        try encode(model, mapDocuments: { documents, encode in try documents.map(encode) })
    }

    /// The whole model, with the documents (nearly all of it) encoded by `mapDocuments`, which may
    /// spread them over several cores. Each document is written by `DocumentJSONWriter`, byte for byte
    /// what `JSONEncoder` makes of `DocumentJSON` with sorted keys (`referenceDocumentJSON`, tested);
    /// the outer object, whose four keys are written here in sorted order, is assembled by hand.
    /// One line, no indentation: the file is for tools (`jq` shows it indented).
    public static func encode(
        _ model: SiteModel,
        mapDocuments: ([Document], @Sendable (Document) throws -> Data) throws -> [Data]
    ) throws -> Data {
        var data = Data()
        try encode(model, mapDocuments: mapDocuments) { data.append($0) }
        return data
    }

    /// The same JSON handed to `emit` piece by piece, the documents a batch at a time, so a writer can
    /// stream it while at most one batch is held in memory.
    /// `reuse` may give a document's bytes instead of encoding it (what an earlier file holds for an equal
    /// document); `placed` learns where each document's bytes are in the whole, by index.
    public static func encode(
        _ model: SiteModel,
        batchSize: Int = 512,
        mapDocuments: ([Document], @Sendable (Document) throws -> Data) throws -> [Data],
        reuse: (@Sendable (Document) -> Data?)? = nil,
        placed: ((Int, Range<Int>) -> Void)? = nil,
        emit: (Data) throws -> Void
    ) throws {
        let encoder = makeEncoder()
        let head = Data("{\"diagnostics\":".utf8) + (try encoder.encode(model.diagnostics)) + Data(",\"documents\":[".utf8)
        try emit(head)
        var offset = head.count
        var start = 0
        while start < model.documents.count {
            let batch = Array(model.documents[start..<min(start + batchSize, model.documents.count)])
            var joined = Data()
            for (index, document) in try mapDocuments(batch, { reuse?($0) ?? documentJSON($0) }).enumerated() {
                if start + index > 0 { joined.append(UInt8(ascii: ",")) }
                placed?(start + index, (offset + joined.count)..<(offset + joined.count + document.count))
                joined.append(document)
            }
            offset += joined.count
            try emit(joined)
            start += batchSize
        }
        try emit(Data("],\"subjects\":".utf8) + (try encoder.encode(model.subjects.map(SubjectJSON.init)))
                 + Data(",\"version\":\(SiteModel.version)}\n".utf8))
    }

    /// The contract's definition, encoded by `JSONEncoder`: what `DocumentJSONWriter` must match.
    static func referenceDocumentJSON(_ document: Document) throws -> Data {
        try makeEncoder().encode(DocumentJSON(document))
    }

    /// The fast writer's bytes for one document.
    static func documentJSON(_ document: Document) -> Data {
        DocumentJSONWriter(document).bytes.withUnsafeBytes { Data($0) }
    }

    private static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    struct DocumentJSON: Encodable {
        var slug, source, title, kind, url, summary: String
        var lang: String?
        var updated: String?
        var reviewed: String?
        /// The slug of the document a pair's comparison was read from.
        var partOf: String?
        var subjects: [SubjectReference]
        var sections: [SectionJSON]
        var differences: [DimensionJSON]
        var useCases: [UseCaseJSON]

        init(_ document: Document) {
            slug = document.slug
            source = document.source
            title = document.title
            kind = document.kind.rawValue
            url = document.url
            summary = document.summary
            lang = document.language
            updated = document.updated
            reviewed = document.reviewed?.text
            partOf = document.partOf?.slug
            subjects = document.subjects
            sections = document.sections.map(SectionJSON.init)
            differences = document.differences.map(DimensionJSON.init)
            useCases = document.useCases.map(UseCaseJSON.init)
        }
    }

    struct SectionJSON: Encodable {
        var kind, title, anchor: String
        var line, column: Int?
        /// The slug of the comparison a pair section also became.
        var pairComparison: String?

        init(_ section: Section) {
            pairComparison = section.pairComparison
            kind = section.kind.rawValue
            title = section.title
            anchor = section.anchor
            line = section.position?.line
            column = section.position?.column
        }
    }

    struct DimensionJSON: Encodable {
        var slug, title: String
        var line, column: Int?
        var entries: [EntryJSON]

        init(_ dimension: DifferenceDimension) {
            slug = dimension.slug
            title = dimension.title
            line = dimension.position?.line
            column = dimension.position?.column
            entries = dimension.entries.map(EntryJSON.init)
        }
    }

    struct EntryJSON: Encodable {
        var subject, text, html: String
        var line, column: Int?
        var mark: String?

        init(_ entry: DifferenceEntry) {
            mark = entry.mark?.rawValue
            subject = entry.subject
            text = entry.text
            html = entry.html
            line = entry.position?.line
            column = entry.position?.column
        }
    }

    struct UseCaseJSON: Encodable {
        var subject, text, html, anchor: String
        var title: String?
        var line, column: Int?

        init(_ useCase: UseCase) {
            subject = useCase.subject
            title = useCase.title
            text = useCase.text
            html = useCase.html
            anchor = useCase.anchor
            line = useCase.position?.line
            column = useCase.position?.column
        }

        // `title` is written as null when the item has no bold lead, so readers can rely on the key.
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(subject, forKey: .subject)
            try container.encode(title, forKey: .title)
            try container.encode(text, forKey: .text)
            try container.encode(html, forKey: .html)
            try container.encode(anchor, forKey: .anchor)
            try container.encodeIfPresent(line, forKey: .line)
            try container.encodeIfPresent(column, forKey: .column)
        }

        enum CodingKeys: String, CodingKey { case subject, title, text, html, anchor, line, column }
    }

    struct SubjectJSON: Encodable {
        var slug, name, url: String
        var aliases: [String]
        var documents: [String]
        var website: String?

        init(_ subject: Subject) {
            slug = subject.slug
            name = subject.name
            url = subject.url
            aliases = subject.aliases
            documents = subject.documents
            website = subject.website
        }
    }
}
