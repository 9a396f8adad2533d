import ComparisonExtraction
import ComparisonModel
import Diagnostics
import Testing

/// Dimensions gathered across comparisons, and the coverage report editors read.
@Suite struct DimensionCatalogTests {
    func site() throws -> SiteModel {
        let files = [
            ("alpha-vs-beta.md", "# Alpha vs Beta\n\n## Key Differences\n\n### Pricing\n\n- **Alpha**: free.\n- **Beta**: paid.\n\n### Speed\n\n- **Alpha**: fast.\n- **Beta**: slow.\n"),
            ("beta-vs-gamma.md", "# Beta vs Gamma\n\n## Key Differences\n\n### Cost\n\n- **Beta**: paid.\n- **Gamma**: free.\n\n### speed\n\n- **Beta**: slow.\n"),
            ("gamma-vs-delta.md", "# Gamma vs Delta\n\n## Key Differences\n\n### Price\n\n- **Gamma**: free.\n- **Delta**: cheap.\n"),
            ("about.md", "# About\n\n## Speed\n\nNot a comparison.\n"),
        ]
        return SiteAssembler.assemble(files.map { path, text in
            DocumentExtractor().extract(ContentFile(source: "content/\(path)", contentPath: path, bytes: Array(text.utf8)))
        })
    }

    @Test func sameSlugIsOneDimensionAcrossComparisons() throws {
        let model = try site()
        let catalog = DimensionCatalog(documents: model.documents)
        #expect(catalog.dimensions.map(\.slug) == ["cost", "price", "pricing", "speed"])
        let speed = try #require(catalog.dimensions.first { $0.slug == "speed" })
        // "Speed" and "speed": the title most comparisons give, ties broken by sorting order.
        #expect(speed.title == "Speed")
        #expect(speed.occurrences.map { model.documents[$0.document].slug } == ["alpha-vs-beta", "beta-vs-gamma"])
        #expect(speed.subjectsCovered == ["alpha", "beta"])
        // Plain pages contribute nothing.
        let about = try #require(model.documents.firstIndex { $0.slug == "about" })
        #expect(catalog.membership[about].isEmpty)
    }

    @Test func synonymsGatherUnderTheDeclaredName() throws {
        let model = try site()
        let catalog = DimensionCatalog(documents: model.documents, synonyms: ["Pricing": ["Cost", "Price"]])
        #expect(catalog.dimensions.map(\.slug) == ["pricing", "speed"])
        let pricing = catalog.dimensions[0]
        #expect(pricing.title == "Pricing")
        #expect(pricing.occurrences.count == 3)
        #expect(pricing.subjectsCovered == ["alpha", "beta", "delta", "gamma"])
        // Each document's own dimension points at its site dimension.
        let gamma = try #require(model.documents.firstIndex { $0.slug == "gamma-vs-delta" })
        #expect(catalog.dimension(document: gamma, dimension: 0)?.slug == "pricing")
        #expect(catalog.dimension(document: gamma, dimension: 5) == nil)
    }

    @Test func coverageShowsComparedPairsAndMissingDimensions() throws {
        let model = try site()
        let catalog = DimensionCatalog(documents: model.documents, synonyms: ["Pricing": ["Cost", "Price"]])
        let report = CoverageReport(model: model, catalog: catalog)
        let names = report.matrixSubjects.map { model.subjects[$0].name }
        // Most compared first (Beta and Gamma in two comparisons), then by name.
        #expect(names == ["Beta", "Gamma", "Alpha", "Delta"])
        #expect(report.comparedPairCount == 3)
        func pair(_ a: String, _ b: String) -> String? {
            guard let i = names.firstIndex(of: a), let j = names.firstIndex(of: b) else { return nil }
            return report.pairs[i][j].map { model.documents[$0].slug }
        }
        #expect(pair("Alpha", "Beta") == "alpha-vs-beta")
        #expect(pair("Beta", "Alpha") == "alpha-vs-beta")
        #expect(pair("Alpha", "Gamma") == nil)
        #expect(pair("Alpha", "Alpha") == nil)
        func gaps(_ name: String) -> [String] {
            let index = model.subjects.firstIndex { $0.name == name }!
            return report.gaps[index].map { catalog.dimensions[$0].slug }
        }
        // Gamma and Delta were never compared on speed; Alpha and Beta have every dimension.
        #expect(gaps("Gamma") == ["speed"])
        #expect(gaps("Delta") == ["speed"])
        #expect(gaps("Alpha") == [])
        #expect(gaps("Beta") == [])
    }
}
