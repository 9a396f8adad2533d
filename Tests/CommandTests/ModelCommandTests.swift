import Foundation
import Testing

/// `versus model` reads `site.yml` as `versus build` does: the settings that change how documents are
/// read (`max_subjects`, `unsafe_html`, `product`) give the same model, and a broken file the same error.
@Suite struct ModelCommandTests {
    static let fourteen = (1...14).map { "Tool \($0)" }.joined(separator: ", ")

    @Test func siteSettingsShapeTheModel() throws {
        let project = try Project([
            "content/tools.md": "---\nsubjects: [\(Self.fourteen)]\n---\n# Tools\n\nText.\n",
            "content/mesh.md": "# Comparison with Wirenet\n\n## Features\n\n| Feature | Meshly | Wirenet |\n|---|---|---|\n| Mutual TLS | Yes <b>raw</b> | No |\n",
            "site.yml": "max_subjects: 14\nunsafe_html: true\nproduct: Meshly\n",
        ])
        defer { project.remove() }
        let model = try project.run("model")
        #expect(model.status == 0, "\(model.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(model.stdout.utf8)) as? [String: Any])
        let documents = try #require(object["documents"] as? [[String: Any]])
        let bySource = Dictionary(uniqueKeysWithValues: documents.compactMap { document in
            (document["source"] as? String).map { ($0, document) }
        })
        #expect((bySource["content/tools.md"]?["subjects"] as? [Any])?.count == 14)
        #expect(((bySource["content/mesh.md"]?["subjects"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String } == ["Meshly", "Wirenet"])
        // Entries keep raw HTML under `unsafe_html`.
        #expect(model.stdout.contains("<b>raw</b>"))
        // The same model as the build's model.json.
        let build = try project.run("build")
        #expect(build.status == 0, "\(build.stderr)")
        let built = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: project.url("_site/model.json"))) as? [String: Any])
        #expect(NSArray(array: built["documents"] as? [Any] ?? []) == NSArray(array: documents))
    }

    @Test func aBrokenSiteYmlIsAConfigurationError() throws {
        let project = try Project(["content/a.md": "# A\n\nText.\n", "site.yml": "max_subjects: lots\n"])
        defer { project.remove() }
        let model = try project.run("model")
        #expect(model.status == 2)
        #expect(model.stderr.contains("site.yml:1:15: error: 'max_subjects' must be a whole number from 2 to 1000"), "\(model.stderr)")
        #expect(model.stdout.isEmpty)
    }

    @Test func siteYmlWarningsCountUnderStrict() throws {
        let project = try Project(["content/a.md": "# A\n\nText.\n", "site.yml": "titel: x\n"])
        defer { project.remove() }
        let relaxed = try project.run("model")
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("unknown key 'titel'"), "\(relaxed.stderr)")
        #expect(try project.run("model", "--strict").status == 1)
    }
}
