/// A place in a source file. Lines and columns start at 1; columns count UTF-8 bytes, as cmark does.
public struct SourcePosition: Sendable, Hashable, Codable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One message about the input, printed compiler-style: `content/x.md:12:3: warning: ...`.
/// Stages return these as values; only the command line prints them.
public struct Diagnostic: Sendable, Hashable, Codable {
    public var severity: Severity
    /// Path relative to the project, as the user would type it.
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(_ severity: Severity, file: String, position: SourcePosition? = nil, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = position?.line
        self.column = position?.column
        self.message = message
    }

    /// `file:line:column: severity: message`, leaving out what is unknown.
    /// Control characters in file names are escaped so a hostile name cannot rewrite the terminal.
    public var formatted: String {
        var location = Diagnostic.escapeControlCharacters(file)
        if let line { location += ":\(line)" }
        if let line = line, line > 0, let column { location += ":\(column)" }
        return "\(location): \(severity.rawValue): \(Diagnostic.escapeControlCharacters(message))"
    }

    /// Control characters shown as `\u{1b}`, so a hostile name cannot rewrite the terminal or a CI log;
    /// the same for the invisible characters that reorder text (U+202E RIGHT-TO-LEFT OVERRIDE and the
    /// other bidirectional controls), which make `gpj.md` read as `dm.jpg`.
    public static func escapeControlCharacters(_ text: String) -> String {
        // Bidirectional controls are all encoded with a lead byte 0xD8 (U+061C) or 0xE2 (U+200E...U+2069).
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xD8 || $0 == 0xE2 }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || isBidirectionalControl(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension Diagnostic {
    /// U+061C, U+200E, U+200F, U+202A...U+202E, U+2066...U+2069.
    static func isBidirectionalControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var hasWarnings: Bool { contains { $0.severity == .warning } }

    /// Sorted by file, then position, then message, so output order never depends on scheduling.
    public func sortedForDisplay() -> [Diagnostic] {
        sorted {
            ($0.file, $0.line ?? 0, $0.column ?? 0, $0.message) < ($1.file, $1.line ?? 0, $1.column ?? 0, $1.message)
        }
    }
}

/// A stage that cannot go on throws the diagnostic that says why.
extension Diagnostic: Error {}
