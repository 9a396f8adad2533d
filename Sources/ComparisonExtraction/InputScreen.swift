import Diagnostics
import TextPrimitives

/// Caps that keep every document's cost bounded. Debian's libcmark 0.30.2 has inputs that take
/// minutes (CVE-2023-22486, GHSA-66g8-4hjf-77xh); these cheap scans stop them before cmark runs.
public struct InputLimits: Sendable, Hashable {
    public var maximumDocumentBytes = 512 * 1024
    /// Leading block markers (`>`, `-`, `*`, `+`, `1.`, `1)`) on one line.
    public var maximumContainerDepth = 32
    /// `[` and `![` openers in one document.
    public var maximumLinkOpeners = 50_000
    /// Subjects of one comparison (`site.yml`: `max_subjects`). A comparison's table, its warnings and
    /// its subjects' pages grow with the square of this; a dozen columns is already a wide table.
    public var maximumSubjects = 12

    public init() {}
}

enum InputScreen {
    static func tooManySubjects(_ count: Int, at position: SourcePosition?, file: String, maximum: Int) -> Diagnostic {
        Diagnostic(.error, file: file, position: position ?? SourcePosition(line: 1, column: 1),
                   "a comparison has at most \(maximum) subjects and this one has \(count); split it, or raise 'max_subjects' in site.yml")
    }

    /// A diagnostic for the first limit the document breaks, or `nil`. Linear in the document size.
    static func screen(_ bytes: [UInt8], lineOffset: Int, file: String, limits: InputLimits) -> Diagnostic? {
        if bytes.count > limits.maximumDocumentBytes {
            return Diagnostic(.error, file: file,
                              "document is \(bytes.count / 1024) KiB; the limit is \(limits.maximumDocumentBytes / 1024) KiB")
        }
        var openers = 0
        var line = 1
        var index = 0
        let count = bytes.count
        while index < count {
            // Count the container markers that open this line.
            var depth = 0
            var cursor = index
            scan: while cursor < count {
                switch bytes[cursor] {
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    cursor += 1
                case UInt8(ascii: ">"):
                    depth += 1; cursor += 1
                case UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"):
                    let next = cursor + 1
                    guard next >= count || bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t")
                        || bytes[next] == 0x0A || bytes[next] == 0x0D else { break scan }
                    depth += 1; cursor = next
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    var digits = cursor
                    while digits < count, digits - cursor < 10, bytes[digits] >= UInt8(ascii: "0"), bytes[digits] <= UInt8(ascii: "9") { digits += 1 }
                    guard digits < count, bytes[digits] == UInt8(ascii: ".") || bytes[digits] == UInt8(ascii: ")") else { break scan }
                    depth += 1; cursor = digits + 1
                default:
                    break scan
                }
                if depth > limits.maximumContainerDepth {
                    return Diagnostic(.error, file: file, position: SourcePosition(line: line + lineOffset, column: 1),
                                      "lists and block quotes nest more than \(limits.maximumContainerDepth) levels deep on one line")
                }
            }
            // Walk to the end of the line, counting link and image openers; eight bytes at a time
            // while none of them ends the line or opens a link (this scan reads every byte of the site).
            while cursor < count {
                if cursor + 8 <= count {
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: cursor, as: UInt64.self) }
                    if !ByteScan.contains(word, 0x0A) && !ByteScan.contains(word, 0x0D) && !ByteScan.contains(word, 0x5B) {
                        cursor += 8
                        continue
                    }
                }
                if bytes[cursor] == 0x0A || bytes[cursor] == 0x0D { break }
                if bytes[cursor] == UInt8(ascii: "[") {
                    openers += 1
                    if openers > limits.maximumLinkOpeners {
                        return Diagnostic(.error, file: file, position: SourcePosition(line: line + lineOffset, column: 1),
                                          "more than \(limits.maximumLinkOpeners) '[' link or image openers in one document")
                    }
                }
                cursor += 1
            }
            if cursor < count, bytes[cursor] == 0x0D, cursor + 1 < count, bytes[cursor + 1] == 0x0A { cursor += 1 }
            index = cursor + 1
            line += 1
        }
        return nil
    }
}
