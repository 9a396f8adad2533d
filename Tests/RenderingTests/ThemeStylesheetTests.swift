import Foundation
import Testing

/// The default theme's stylesheet is appended to by several features (highlighting, search, views);
/// one unclosed block (a dark-mode `@media` missing its `}`) silently swallowed every rule after it,
/// and the W3C checker of this machine is too old to tell modern CSS from broken CSS. So the
/// structure is checked here: blocks balance, and none closes that was not opened.
@Suite struct ThemeStylesheetTests {
    /// Depth of `{ }` outside comments and strings, line by line.
    static func blockDepths(_ css: String) -> (final: Int, firstNegativeLine: Int?) {
        var depth = 0, line = 1, firstNegative: Int?
        var inComment = false, quote: Character?
        var previous: Character = " "
        for character in css {
            if character == "\n" { line += 1 }
            if inComment {
                if previous == "*" && character == "/" { inComment = false; previous = " "; continue }
            } else if let open = quote {
                if character == open && previous != "\\" { quote = nil }
            } else if previous == "/" && character == "*" {
                inComment = true
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "{" {
                depth += 1
            } else if character == "}" {
                depth -= 1
                if depth < 0 && firstNegative == nil { firstNegative = line }
            }
            previous = character
        }
        return (depth, firstNegative)
    }

    @Test func theCheckSeesAnUnclosedBlock() {
        #expect(Self.blockDepths("@media (x) {\n  a { b: c }\n\nd { e: f }\n").final == 1)
        #expect(Self.blockDepths("a { b: c } }\n").firstNegativeLine == 1)
        #expect(Self.blockDepths("/* { */ a::before { content: \"{\" }\n").final == 0)
    }

    @Test func theDefaultStylesheetBalances() throws {
        let css = try String(contentsOf: TemplateOracleTests.repository.appendingPathComponent("templates/assets/style.css"), encoding: .utf8)
        let depths = Self.blockDepths(css)
        #expect(depths.final == 0)
        #expect(depths.firstNegativeLine == nil)
    }
}
