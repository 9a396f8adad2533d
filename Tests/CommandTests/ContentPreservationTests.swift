import Foundation
import MarkdownSyntax
import Testing

/// No document loses text: every word of a source's text (outside front matter and markup, as cmark
/// itself parses it, without Versus's tables and callouts) appears in the text of the page built from
/// it. Over every extraction fixture, the default site's content and the fuzz corpus.
@Suite struct ContentPreservationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The documents: fixtures and the default content under their own folders, then the fuzz corpus.
    static func documents() throws -> [String: Data] {
        var files = FuzzTests.corpus()
        let fixtures = repository.appendingPathComponent("Tests/ExtractionTests/Fixtures")
        for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.path) where name.hasSuffix(".md") {
            files["content/fixtures/\(name)"] = try Data(contentsOf: fixtures.appendingPathComponent(name))
        }
        let content = repository.appendingPathComponent("content")
        let enumerator = FileManager.default.enumerator(atPath: content.path)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".md"), !path.hasPrefix("subjects/") else { continue }
            files["content/site/\(path)"] = try Data(contentsOf: content.appendingPathComponent(path))
        }
        return files
    }

    /// Words: runs of letters and digits, lower-cased.
    static func words(_ text: String) -> Set<String> {
        var result = Set<String>()
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                result.insert(current.lowercased())
                current = ""
            }
        }
        if !current.isEmpty { result.insert(current.lowercased()) }
        return result
    }

    /// The words of a document's text as cmark parses it: text, code spans, code blocks and image
    /// descriptions, not raw HTML, link destinations or front matter. Emoji codes (`:x:`), which pages
    /// show as emoji, are left out; so is the `#` heading when front matter gives the title instead.
    static func sourceWords(_ bytes: Data) -> Set<String> {
        var text = String(decoding: bytes, as: UTF8.self)
        var frontMatterTitle = false
        if text.hasPrefix("---\n"), let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex) {
            frontMatterTitle = text[..<end.lowerBound].contains("\ntitle:")
            text = String(text[end.upperBound...])
        }
        for code in [":white_check_mark:", ":heavy_check_mark:", ":ballot_box_with_check:", ":x:", ":negative_squared_cross_mark:",
                     ":heavy_multiplication_x:", ":warning:", ":large_orange_diamond:"] {
            text = text.replacingOccurrences(of: code, with: " ")
        }
        let root = MarkdownParser.parse(text, file: "x.md", options: MarkdownParseOptions(recognisesExtensions: false)).root
        var blocks = root.children
        if frontMatterTitle, let title = blocks.firstIndex(where: { $0.headingLevel == 1 }) { blocks.remove(at: title) }
        var result = Set<String>()
        MarkdownNode.walk(blocks) { node in
            switch node.kind {
            case .text(let literal), .code(let literal), .codeBlock(_, let literal): result.formUnion(words(literal))
            default: break
            }
        }
        return result
    }

    static func frontMatterWords(_ bytes: Data) -> Set<String> {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix("---\n"), let end = text.range(of: "\n---\n") else { return [] }
        return words(String(text[..<end.lowerBound]))
    }

    /// The words a reader gets from a page: its text and its images' descriptions.
    static func pageWords(_ html: String) -> Set<String> {
        var text = html
        var alts: [String] = []
        var searchStart = text.startIndex
        while let alt = text.range(of: " alt=\"", range: searchStart..<text.endIndex),
              let close = text[alt.upperBound...].firstIndex(of: "\"") {
            alts.append(String(text[alt.upperBound..<close]))
            searchStart = close
        }
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        text += " " + alts.joined(separator: " ")
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return words(text)
    }

    @Test func everyWordOfEverySourceIsOnItsPage() throws {
        let files = try Self.documents()
        let project = try Project()
        defer { project.remove() }
        for (path, data) in files { try project.write(data, to: path) }
        // Documents with errors (the fuzz corpus's bad UTF-8) stop the build: drop them, as the fuzz test does.
        let first = try project.run("build", timeout: 180)
        for line in first.stderr.split(separator: "\n") where line.contains(": error: ") {
            try? FileManager.default.removeItem(at: project.url(String(line.prefix { $0 != ":" })))
        }
        let outcome = try project.run("build", timeout: 180)
        #expect(outcome.status == 0, "\(outcome.stderr.suffix(2000))")
        let model = try JSONSerialization.jsonObject(with: Data(contentsOf: project.url("_site/model.json"))) as? [String: Any]
        let documents = try #require(model?["documents"] as? [[String: Any]])
        // GFM drops the cells of a row beyond the header's count; Versus follows it and warns at the row.
        let cutRows = Set(outcome.stderr.split(separator: "\n").filter { $0.contains("beyond the header's") }
            .map { String($0.prefix { $0 != ":" }) })
        var checked = 0
        var pairsChecked = 0
        for document in documents {
            guard let source = document["source"] as? String, let url = document["url"] as? String,
                  !cutRows.contains(source), var data = files[source] else { continue }
            // A comparison read from one pair section of a document comparing several pairs holds that
            // section's words: from its `##` heading to the next section of the document it came from.
            if let hubSlug = document["partOf"] as? String, let slug = document["slug"] as? String {
                let hub = try #require(documents.first { $0["slug"] as? String == hubSlug })
                let lines = try #require(hub["sections"] as? [[String: Any]]).compactMap { $0["line"] as? Int }
                let section = try #require((hub["sections"] as? [[String: Any]])?.first { $0["pairComparison"] as? String == slug })
                let start = try #require(section["line"] as? Int)
                let end = lines.filter { $0 > start }.min() ?? Int.max
                let sourceLines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                data = Data(sourceLines.enumerated().filter { $0.offset + 1 >= start && $0.offset + 1 < end }
                    .map { String($0.element) }.joined(separator: "\n").utf8)
                pairsChecked += 1
            }
            let page = try String(contentsOf: project.url("_site/\(url)index.html"), encoding: .utf8)
            // A label may be an alias front matter declares (`**AML**:` for Azure Machine Learning).
            let missing = Self.sourceWords(data).subtracting(Self.pageWords(page)).subtracting(Self.frontMatterWords(data))
            #expect(missing.isEmpty, "\(source) lost \(missing.sorted())")
            checked += 1
        }
        #expect(checked > 200)
        // The fixtures' documents that compare several pairs, each pair checked on its own page.
        #expect(pairsChecked >= 6, "pair pages checked: \(pairsChecked)")
        #expect(checked >= files.count - cutRows.count - 40, "documents built: \(checked) of \(files.count)")
    }
}
