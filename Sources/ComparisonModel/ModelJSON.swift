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
        for chunk in try encodeChunks(model, mapDocuments: mapDocuments) { data.append(chunk) }
        return data
    }

    /// The same JSON as consecutive chunks, so a writer can stream them without joining them first.
    public static func encodeChunks(
        _ model: SiteModel,
        mapDocuments: ([Document], @Sendable (Document) throws -> Data) throws -> [Data]
    ) throws -> [Data] {
        let documents = try mapDocuments(model.documents) { documentJSON($0) }
        let encoder = makeEncoder()
        var chunks = [Data("{\"diagnostics\":".utf8), try encoder.encode(model.diagnostics), Data(",\"documents\":[".utf8)]
        chunks.reserveCapacity(documents.count * 2 + 8)
        for (index, document) in documents.enumerated() {
            if index > 0 { chunks.append(Data(",".utf8)) }
            chunks.append(document)
        }
        chunks.append(Data("],\"subjects\":".utf8))
        chunks.append(try encoder.encode(model.subjects.map(SubjectJSON.init)))
        chunks.append(Data(",\"version\":\(SiteModel.version)}\n".utf8))
        return chunks
    }

    /// The contract's definition, encoded by `JSONEncoder`: what `DocumentJSONWriter` must match.
    static func referenceDocumentJSON(_ document: Document) throws -> Data {
        try makeEncoder().encode(DocumentJSON(document))
    }

    /// The fast writer's bytes for one document.
    static func documentJSON(_ document: Document) -> Data {
        Data(DocumentJSONWriter(document).bytes)
    }

    private static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    struct DocumentJSON: Encodable {
        var slug, source, title, kind, url, summary: String
        var lang: String?
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
            subjects = document.subjects
            sections = document.sections.map(SectionJSON.init)
            differences = document.differences.map(DimensionJSON.init)
            useCases = document.useCases.map(UseCaseJSON.init)
        }
    }

    struct SectionJSON: Encodable {
        var kind, title, anchor: String
        var line, column: Int?

        init(_ section: Section) {
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

        init(_ entry: DifferenceEntry) {
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
