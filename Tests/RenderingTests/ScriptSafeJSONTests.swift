import Foundation
@testable import SiteRendering
import Testing
import TestSupport

/// The JSON-LD escaping works on bytes; its contract is the plain definition below, one scalar at a
/// time, compared on random text made of the characters that matter and their UTF-8 neighbours.
@Suite struct ScriptSafeJSONTests {
    static func reference(_ json: Data) -> String {
        var result = ""
        for scalar in String(decoding: json, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "<": result += "\\u003c"
            case ">": result += "\\u003e"
            case "&": result += "\\u0026"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    @Test func matchesThePlainDefinition() {
        // U+2027, U+202A and U+20AC share the lead bytes E2 80 / E2 82 with the two separators.
        let pieces = ["<", ">", "&", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "€", "a", "\"", "\\", "😀", "é", "</script>", " "]
        var random = SeededRandom(seed: 2028)
        for _ in 0..<2_000 {
            let text = (0..<random.next(below: 40)).map { _ in pieces[random.next(below: pieces.count)] }.joined()
            let json = Data(text.utf8)
            #expect(SiteRenderer.scriptSafeJSON(json) == Self.reference(json), "\(text.debugDescription)")
        }
        #expect(SiteRenderer.scriptSafeJSON(Data("</script>\u{2028}".utf8)) == "\\u003c/script\\u003e\\u2028")
    }
}
