import ComparisonExtraction
import ComparisonModel
import Diagnostics
import Foundation

func extract(_ markdown: String, path: String = "doc.md") -> ExtractedDocument {
    DocumentExtractor().extract(ContentFile(source: "content/\(path)", contentPath: path, bytes: Array(markdown.utf8)))
}

func document(_ markdown: String, path: String = "doc.md") throws -> Document {
    let result = extract(markdown, path: path)
    guard let document = result.document else {
        throw FixtureError("no document; diagnostics: \(result.diagnostics.map(\.formatted))")
    }
    return document
}

func fixture(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    return try String(contentsOf: url, encoding: .utf8)
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Array where Element == Diagnostic {
    /// `line:column: severity: message` without the file, for compact expectations.
    var located: [String] { map { "\($0.line ?? 0):\($0.column ?? 0): \($0.severity.rawValue): \($0.message)" } }
}
