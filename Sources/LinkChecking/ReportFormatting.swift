import Diagnostics
import Foundation

extension LinkProblem {
    /// `page.html:12: broken link 'target': reason`, or for page problems `page.html:12: duplicate id 'x': ...`.
    /// Control characters are escaped so a hostile page cannot rewrite the terminal.
    public var formatted: String {
        let location = line > 0 ? "\(Diagnostic.escapeControlCharacters(page)):\(line)" : Diagnostic.escapeControlCharacters(page)
        // Reasons quote paths derived from the target, so they need the same escaping.
        let reason = Diagnostic.escapeControlCharacters(self.reason)
        switch kind {
        case .duplicateId:
            return "\(location): duplicate id '\(Diagnostic.escapeControlCharacters(target))': \(reason)"
        case .invalidId:
            return "\(location): invalid id '\(Diagnostic.escapeControlCharacters(target))': \(reason)"
        case .unreadablePage:
            return "\(location): unreadable page: \(reason)"
        case .orphanPage:
            return "\(location): note: orphan page: \(reason)"
        case .nestingTooDeep:
            return "\(location): nesting too deep: \(reason)"
        default:
            return "\(location): broken link '\(Diagnostic.escapeControlCharacters(target))': \(reason)"
        }
    }
}

extension LinkCheckReport {
    /// One line per problem, grouped by page (pages sorted, then lines), notes last within their page's group,
    /// then the summary line.
    public func formattedText() -> String {
        let all = (problems + notes).sorted {
            ($0.page, $0.line, $0.column, $0.target, $0.kind.rawValue) < ($1.page, $1.line, $1.column, $1.target, $1.kind.rawValue)
        }
        var lines = all.map(\.formatted)
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
            var problems: [LinkProblem]
            var orphans: [String]
        }
        let document = Document(
            pages: pageCount, links: linkCount, broken: brokenLinkCount, pageErrors: pageErrorCount,
            skippedExternal: skippedExternalCount, skippedOther: skippedOtherCount,
            ignored: ignoredCount, problems: problems + notes, orphans: orphans)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

