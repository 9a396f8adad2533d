import Diagnostics
import Foundation

extension LinkProblem {
    /// `page.html:12: broken link 'target': reason`, or for page problems `page.html:12: duplicate id 'x': ...`;
    /// notes say `note:`. This is the diagnostic without its column and without `error:`, the format the
    /// checker has always printed (scripts and CI logs read it). Control characters are escaped so a hostile
    /// page cannot rewrite the terminal.
    public var formatted: String {
        var location = Diagnostic.escapeControlCharacters(diagnostic.file)
        if let line = diagnostic.line { location += ":\(line)" }
        let label = diagnostic.severity == .error ? "" : "\(diagnostic.severity.rawValue): "
        return "\(location): \(label)\(Diagnostic.escapeControlCharacters(diagnostic.message))"
    }
}

extension LinkCheckReport {
    /// One line per problem, grouped by page (pages sorted, then lines), notes last within their page's group,
    /// then the summary line.
    public func formattedText() -> String {
        var lines = orderedForDisplay.map(\.formatted)
        lines.append(summary)
        return lines.joined(separator: "\n") + "\n"
    }

    /// One GitHub Actions annotation per problem (`--format github`), naming each page by its path from
    /// the project (`siteDirectory` joined with the page), then the summary as plain text.
    public func formattedGitHub(siteDirectory: String) -> String {
        let prefix = siteDirectory.isEmpty || siteDirectory == "." ? "" : (siteDirectory.hasSuffix("/") ? siteDirectory : siteDirectory + "/")
        var lines = orderedForDisplay.map { problem in
            var diagnostic = problem.diagnostic
            diagnostic.file = prefix + diagnostic.file
            return diagnostic.githubAnnotation
        }
        lines.append(summary)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `N pages, M links, K broken`, then what else was found or left out.
    public var summary: String {
        var text = "\(pageCount) pages, \(linkCount) links, \(brokenLinkCount) broken"
        var details: [String] = []
        if pageErrorCount > 0 { details.append("\(pageErrorCount) page errors") }
        details.append("\(skippedExternalCount) external skipped")
        if skippedOtherCount > 0 { details.append("\(skippedOtherCount) other skipped") }
        if ignoredCount > 0 { details.append("\(ignoredCount) ignored") }
        if !orphans.isEmpty { details.append(orphans.count == 1 ? "1 orphan page" : "\(orphans.count) orphan pages") }
        text += " (" + details.joined(separator: ", ") + ")"
        return text
    }

    /// A stable JSON document for tools: keys sorted, problems in the text order.
    public func formattedJSON() -> String {
        struct Document: Encodable {
            var pages: Int
            var links: Int
            var broken: Int
            var pageErrors: Int
            var skippedExternal: Int
            var skippedOther: Int
            var ignored: Int
            var problems: [Problem]
            var orphans: [String]
        }
        /// The JSON shape of one problem, unchanged since the checker had its own problem type.
        struct Problem: Encodable {
            var page: String
            var line: Int
            var column: Int
            var target: String
            var kind: ProblemKind
            var reason: String
            var severity: Severity
        }
        let document = Document(
            pages: pageCount, links: linkCount, broken: brokenLinkCount, pageErrors: pageErrorCount,
            skippedExternal: skippedExternalCount, skippedOther: skippedOtherCount,
            ignored: ignoredCount,
            problems: (problems + notes).map {
                Problem(page: $0.page, line: $0.line, column: $0.column, target: $0.target, kind: $0.kind,
                        reason: $0.reason, severity: $0.severity)
            },
            orphans: orphans)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

