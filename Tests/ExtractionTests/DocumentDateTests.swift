@testable import ComparisonModel
import Foundation
import Diagnostics
import Testing

/// Front matter dates: `updated`, `reviewed` (and Hugo's `lastmod`, `date`) are ISO 8601.
@Suite struct DocumentDateTests {
    @Test func validDatesParseToTheirDay() throws {
        // Day counts worked out by hand: 2000-01-01 is day 10,957 (30 years, 7 of them leap).
        #expect(DocumentDate("1970-01-01")?.day == 0)
        #expect(DocumentDate("2000-01-01")?.day == 10_957)
        #expect(DocumentDate("2000-03-01")?.day == 10_957 + 31 + 29)
        #expect(DocumentDate("2024-02-29")?.isoDay == "2024-02-29")
        #expect(DocumentDate("2025-03-01")?.timestamp == "2025-03-01T00:00:00Z")
        #expect(DocumentDate("2025-03-01T09:30:00Z")?.timestamp == "2025-03-01T09:30:00Z")
        #expect(DocumentDate("2025-03-01 09:30+02:00")?.timestamp == "2025-03-01T09:30:00+02:00")
        #expect(DocumentDate("2025-03-01T09:30:15.250-05:00")?.timestamp == "2025-03-01T09:30:15-05:00")
    }

    @Test func invalidDatesAreRefused() {
        for text in ["2023-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "2025-3-1", "01/03/2025", "March 1, 2025",
                     "2025-03-01T25:00:00Z", "2025-03-01T09:30:00+0200", "2025-03-01T", "2025-03-01x", "", "yesterday"] {
            #expect(DocumentDate(text) == nil, "\(text) should be refused")
        }
    }

    @Test func dayCountsRoundTrip() {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let text = DocumentDate.isoDay(fromDays: day)
            guard day >= -719_162 else { continue } // before year 1 the text is not four digits
            #expect(DocumentDate(text)?.day == day, "\(text)")
        }
        #expect(DocumentDate.isoDay(fromDays: 10_957 + 31 + 29) == "2000-03-01")
    }

    @Test func frontMatterDatesReachTheModelAndUpdatedWins() throws {
        let doc = try document("---\ndate: 2024-01-01\nupdated: 2025-02-03\nlastmod: 2024-06-01\nreviewed: 2025-01-15\n---\n# A vs B\n\n## Key Differences\n\n### Speed\n\n- **A**: fast\n- **B**: slow\n")
        #expect(doc.updated == "2025-02-03")
        #expect(doc.reviewed?.isoDay == "2025-01-15")
        #expect(doc.reviewed?.position == SourcePosition(line: 5, column: 1))
        let hugo = try document("---\nlastmod: 2024-06-01\ndate: 2024-01-01\n---\n# A vs B\n")
        #expect(hugo.updated == "2024-06-01")
    }

    @Test func invalidDatesAreErrorsAtTheirValue() {
        let result = extract("---\ntitle: A vs B\nreviewed: 2025-02-30\nupdated: last week\n---\n# A vs B\n")
        #expect(result.diagnostics.filter { $0.severity == .error }.located == [
            "3:11: error: 'reviewed' must be an ISO 8601 date like 2025-03-01 or 2025-03-01T09:30:00Z, not '2025-02-30'",
            "4:10: error: 'updated' must be an ISO 8601 date like 2025-03-01 or 2025-03-01T09:30:00Z, not 'last week'",
        ])
    }

    @Test func staleReviewsAreWarningsNamingTheDocument() throws {
        var old = try document("---\nreviewed: 2024-01-01\n---\n# A vs B\n\n## Key Differences\n\n### Speed\n\n- **A**: fast\n- **B**: slow\n", path: "old.md")
        let fresh = try document("---\nreviewed: 2025-06-01\n---\n# C vs D\n\n## Key Differences\n\n### Speed\n\n- **C**: fast\n- **D**: slow\n", path: "fresh.md")
        let undated = try document("# E vs F\n\n## Key Differences\n\n### Speed\n\n- **E**: fast\n- **F**: slow\n", path: "undated.md")
        let today = try #require(Freshness.newestDay(in: [old, fresh, undated]))
        #expect(DocumentDate.isoDay(fromDays: today) == "2025-06-01")
        let warnings = Freshness.staleDiagnostics([old, fresh, undated], staleAfterDays: 180, today: today)
        #expect(warnings.map(\.formatted) == [
            "content/old.md:2:1: warning: 'A vs B' was last reviewed on 2024-01-01, 517 days before 2025-06-01 (stale_after: 180 days): check it still holds and set 'reviewed'",
        ])
        // Exactly `stale_after` days old is not stale yet.
        old.reviewed = DocumentDate("2024-12-03")
        #expect(Freshness.staleDiagnostics([old], staleAfterDays: 180, today: today).isEmpty)
        old.reviewed = DocumentDate("2024-12-02")
        #expect(Freshness.staleDiagnostics([old], staleAfterDays: 180, today: today).count == 1)
    }

    @Test func modelJSONCarriesReviewed() throws {
        let doc = try document("---\nreviewed: 2025-01-15\nupdated: 2025-02-03\n---\n# A vs B\n")
        // The fast writer and the Encodable reference agree, and both carry the dates as written.
        let json = String(decoding: ModelJSON.documentJSON(doc), as: UTF8.self)
        #expect(json == String(decoding: try ModelJSON.referenceDocumentJSON(doc), as: UTF8.self))
        #expect(json.contains("\"reviewed\":\"2025-01-15\""))
        #expect(json.contains("\"updated\":\"2025-02-03\""))
    }
}
