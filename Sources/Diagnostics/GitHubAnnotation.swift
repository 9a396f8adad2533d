/// Diagnostics as GitHub Actions workflow commands (`--format github`), so a pull request shows each
/// one at its line: `::warning file=content/a.md,line=3,col=5::message`.
extension Diagnostic {
    /// Errors are `::error`, warnings `::warning`, notes `::notice`. Values are escaped as the Actions
    /// runner reads them: in the message `%`, CR and LF; in a property also `:` and `,`.
    public var githubAnnotation: String {
        let command: String
        switch severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        var properties = ["file=" + Self.escapeAnnotationProperty(file)]
        if let line, line > 0 {
            properties.append("line=\(line)")
            if let column { properties.append("col=\(column)") }
        }
        return "::\(command) \(properties.joined(separator: ","))::\(Self.escapeAnnotationData(message))"
    }

    static func escapeAnnotationData(_ text: String) -> String {
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(character)
            }
        }
        // Other control characters and the bidirectional controls, as in every other format.
        return escapeControlCharacters(result)
    }

    static func escapeAnnotationProperty(_ text: String) -> String {
        var result = ""
        for character in escapeAnnotationData(text).unicodeScalars {
            switch character {
            case ":": result += "%3A"
            case ",": result += "%2C"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
