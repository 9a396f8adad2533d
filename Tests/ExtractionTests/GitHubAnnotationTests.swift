import Diagnostics
import Testing

/// `--format github`: diagnostics as GitHub Actions workflow commands.
@Suite struct GitHubAnnotationTests {
    @Test func severitiesAndPositions() {
        #expect(Diagnostic(.warning, file: "content/a.md", position: SourcePosition(line: 12, column: 3), "dimension 'Speed' has no entry").githubAnnotation
                == "::warning file=content/a.md,line=12,col=3::dimension 'Speed' has no entry")
        #expect(Diagnostic(.error, file: "content/b.md", position: SourcePosition(line: 4, column: 1), "bad").githubAnnotation
                == "::error file=content/b.md,line=4,col=1::bad")
        #expect(Diagnostic(.note, file: "site.yml", "no base URL").githubAnnotation == "::notice file=site.yml::no base URL")
    }

    @Test func escapesPercentNewlinesAndPropertySeparators() {
        let diagnostic = Diagnostic(.warning, file: "content/a,b:c%.md", position: SourcePosition(line: 1, column: 1),
                                    "100% sure\r\nsecond line: a, b")
        #expect(diagnostic.githubAnnotation == "::warning file=content/a%2Cb%3Ac%25.md,line=1,col=1::100%25 sure%0D%0Asecond line: a, b")
        // A message cannot smuggle a second command onto its own line, nor hide behind a bidirectional control.
        let hostile = Diagnostic(.warning, file: "x\u{202E}.md", "ok\n::error::forged")
        #expect(hostile.githubAnnotation == "::warning file=x\\u{202e}.md::ok%0A::error::forged")
    }
}
