import Testing

/// "A vs A": a title naming one subject twice is an error at the title (issue 11, point 1), as front
/// matter listing a subject twice is; the document is not built.
@Suite struct SameSubjectTwiceTests {
    @Test func aTitleNamingOneSubjectTwiceIsAnError() {
        let result = extract("# Kafka vs kafka\n\n## Key Differences\n\n### Speed\n\n- **Kafka**: fast\n", path: "kafka.md")
        #expect(result.document == nil)
        #expect(result.diagnostics.map(\.formatted)
                == ["content/kafka.md:1:1: error: the title names 'Kafka' twice ('kafka' is the same subject); a comparison needs two different subjects"])
    }

    @Test func theErrorIsAtTheFrontMatterTitleWhenThatIsTheTitle() {
        let result = extract("---\ntitle: Alpha vs Beta vs ALPHA\n---\n\n## Key Differences\n\n### Speed\n\n- **Alpha**: fast\n- **Beta**: slow\n")
        #expect(result.document == nil)
        #expect(result.diagnostics.located
                == ["2:1: error: the title names 'Alpha' twice ('ALPHA' is the same subject); a comparison needs two different subjects"])
    }

    @Test func aShortAndAFullNameAreTwoSubjectsUnlessSaidOtherwise() throws {
        // Whether "Event Hubs" is "Azure Event Hubs" is for aliases to say: the title names two.
        let document = try document("# Event Hubs vs Azure Event Hubs\n\n## Key Differences\n\n### Speed\n\n- **Event Hubs**: fast\n- **Azure Event Hubs**: fast too\n")
        #expect(document.subjects.map(\.name) == ["Event Hubs", "Azure Event Hubs"])
    }
}
