import ComparisonModel
import Testing

/// The user's own document, pinned piece by piece.
@Suite struct SeedDocumentTests {
    let seed: Document

    init() throws {
        seed = try document(try fixture("seed.md"), path: "azure-ml-vs-cognitive-services.md")
    }

    @Test func identity() {
        #expect(seed.title == "Key Differences Between Azure Machine Learning and Azure Cognitive Services")
        #expect(seed.slug == "azure-ml-vs-cognitive-services")
        #expect(seed.kind == .comparison)
        #expect(seed.url == "compare/azure-ml-vs-cognitive-services/")
        #expect(seed.source == "content/azure-ml-vs-cognitive-services.md")
        #expect(seed.titlePosition?.line == 1)
        #expect(seed.summary.hasPrefix("Azure Machine Learning and Azure Cognitive Services are two powerful offerings"))
        #expect(seed.summary.hasSuffix("different types of users and use cases."))
    }

    @Test func subjectsComeFromTheTitleInOrder() {
        #expect(seed.subjects.map(\.name) == ["Azure Machine Learning", "Azure Cognitive Services"])
        #expect(seed.subjects.map(\.slug) == ["azure-machine-learning", "azure-cognitive-services"])
    }

    @Test func sectionsAreClassified() {
        #expect(seed.sections.map(\.kind) == [.introduction, .differences, .useCases, .conclusion])
        #expect(seed.sections.map(\.title) == ["Introduction", "Key Differences", "Use Cases", "Conclusion"])
        #expect(seed.sections.map(\.anchor) == ["introduction", "key-differences", "use-cases", "conclusion"])
        #expect(seed.sections.map { $0.position?.line } == [3, 7, 24, 38])
    }

    @Test func threeDimensionsWithBothEntries() {
        #expect(seed.differences.map(\.title) == ["Purpose and Focus", "Customization and Flexibility", "User Experience"])
        #expect(seed.differences.map(\.slug) == ["purpose-and-focus", "customization-and-flexibility", "user-experience"])
        #expect(seed.differences.map { $0.position?.line } == [9, 14, 19])
        for dimension in seed.differences {
            #expect(dimension.entries.map(\.subject) == ["azure-machine-learning", "azure-cognitive-services"])
        }
        let first = seed.differences[0].entries
        #expect(first[0].text.hasPrefix("This service is designed for data scientists"))
        #expect(first[0].text.hasSuffix("using various frameworks and tools."))
        #expect(first[0].html.hasPrefix("<p>This service is designed"))
        #expect(!first[0].text.contains("Azure Machine Learning:"))
        #expect(first[1].text.hasPrefix("This suite of APIs is aimed at developers"))
        #expect(first.map { $0.position?.line } == [11, 12])
        #expect(seed.differences[1].entries[0].text.hasSuffix("TensorFlow, PyTorch, and Scikit-learn."))
        #expect(seed.differences[2].entries[1].text.hasPrefix("Designed for ease of use"))
        #expect(seed.differences[2].entries.map { $0.position?.line } == [21, 22])
    }

    @Test func sixUseCases() {
        #expect(seed.useCases.count == 6)
        #expect(seed.useCases.map(\.subject) == Array(repeating: "azure-machine-learning", count: 3) + Array(repeating: "azure-cognitive-services", count: 3))
        #expect(seed.useCases.map(\.title) == ["Predictive Maintenance", "Customer Segmentation", "Fraud Detection",
                                                "Image Recognition", "Speech-to-Text", "Language Translation"])
        #expect(seed.useCases[0].text == "Companies can use Azure Machine Learning to build models that predict equipment failures before they occur, reducing downtime and maintenance costs.")
        #expect(seed.useCases[5].text == "The Translator API allows applications to translate text between multiple languages, facilitating communication in a globalized world.")
        #expect(seed.useCases.map { $0.position?.line } == [28, 29, 30, 34, 35, 36])
    }

    @Test func noDiagnostics() {
        let result = extract(try! fixture("seed.md"))
        #expect(result.diagnostics.isEmpty)
    }
}
