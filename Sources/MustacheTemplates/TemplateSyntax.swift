/// The token tree of a Mustache template, and the parser that builds it.
///
/// The parser follows swift-mustache 2.1 (the engine Versus used before this one) rule for rule:
/// which lines are standalone, how a partial's indentation is recorded, where a parse error is
/// reported. The tests render the real templates and thousands of random ones through both and
/// require the same bytes. It differs in two ways only: it walks the text with an explicit stack,
/// so nesting beyond `TemplateParser.maximumDepth` is an error at the tag instead of a stack
/// overflow, and it does not offer what Versus never supported (lambdas, dynamic partials,
/// content-type pragmas).

/// Where a tag starts: 1-based line and column, columns counted in characters.
public struct TemplatePosition: Sendable, Hashable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A variable or section name as written: `name`, `a.b`, `.`, or wrapped in transforms, `first()`,
/// `uppercased(title)` (the transforms are kept outermost first).
public struct TemplateTag: Sendable, Hashable {
    public var name: String
    public var transforms: [String]
    public var position: TemplatePosition

    public init(name: String, transforms: [String], position: TemplatePosition) {
        self.name = name
        self.transforms = transforms
        self.position = position
    }
}

public indirect enum TemplateToken: Sendable, Hashable {
    case text(String)
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}` (not escaped).
    case variable(TemplateTag, escaped: Bool)
    /// `{{#name}}...{{/name}}`, or `{{^name}}...{{/name}}` when `inverted`.
    case section(TemplateTag, body: [TemplateToken], inverted: Bool)
    /// `{{> name}}`; `indentation` is set when the tag stands alone on its line.
    case partial(name: String, indentation: String?, position: TemplatePosition)
    /// `{{< name}}{{$block}}...{{/block}}{{/name}}`: the template `name` with some of its blocks replaced.
    case parent(name: String, indentation: String, blocks: [String: [TemplateToken]], position: TemplatePosition)
    /// `{{$name}}default{{/name}}` outside a parent: replaced by the block of that name an including
    /// parent gives, else rendered as written.
    case block(name: String, fallback: [TemplateToken], indentation: String)
}

public struct TemplateSyntaxError: Error, Sendable, Equatable {
    public var position: TemplatePosition
    public var reason: String

    public init(position: TemplatePosition, reason: String) {
        self.position = position
        self.reason = reason
    }
}

public enum TemplateParser {
    /// How deeply sections, blocks and parents may nest in one template. Real templates use a few
    /// levels; the limit keeps a hostile template from exhausting the stack of the renderer.
    public static let maximumDepth = 100

    public static func parse(_ text: String) throws(TemplateSyntaxError) -> [TemplateToken] {
        var scanner = TemplateScanner(Array(text))
        do {
            return try scanner.parseTemplate()
        } catch {
            throw TemplateSyntaxError(position: scanner.position(of: error.index ?? scanner.index), reason: error.reason)
        }
    }
}

struct ScanError: Error {
    var reason: String
    /// Where to report it; the scanner's position when `nil`.
    var index: Int?

    static let sectionCloseNameIncorrect = ScanError(reason: "sectionCloseNameIncorrect")
    static let unfinishedName = ScanError(reason: "unfinishedName")
    static let expectedSectionEnd = ScanError(reason: "expectedSectionEnd")
    static let invalidSetDelimiter = ScanError(reason: "invalidSetDelimiter")
    static let transformAppliedToInheritanceSection = ScanError(reason: "transformAppliedToInheritanceSection")
    static let illegalTokenInsideInheritSection = ScanError(reason: "illegalTokenInsideInheritSection")
    static let overflow = ScanError(reason: "overflow")
}

/// The parser's cursor over the template's characters (a `Character` at a time, as swift-mustache reads
/// it, so `\r\n` is one character and columns count characters).
struct TemplateScanner {
    let characters: [Character]
    var index = 0

    init(_ characters: [Character]) {
        self.characters = characters
    }

    var reachedEnd: Bool { index >= characters.count }
    var current: Character { reachedEnd ? "\0" : characters[index] }

    func position(of index: Int) -> TemplatePosition {
        var start = index
        var column = 0
        while start > 0 {
            start -= 1
            if characters[start] == "\n" { break }
            column += 1
        }
        var line = 1
        for character in characters[..<min(index, characters.count)] where character.isNewline { line += 1 }
        return TemplatePosition(line: line, column: column + 1)
    }

    mutating func scan(while accept: (Character) -> Bool) -> String {
        let start = index
        while !reachedEnd, accept(characters[index]) { index += 1 }
        return String(characters[start..<index])
    }

    mutating func read(_ character: Character) throws(ScanError) -> Bool {
        guard !reachedEnd else { throw .overflow }
        guard characters[index] == character else { return false }
        index += 1
        return true
    }

    mutating func read(string: [Character]) throws(ScanError) -> Bool {
        guard !string.isEmpty else { return true }
        guard characters.count - index >= string.count else { throw .overflow }
        guard characters[index..<(index + string.count)].elementsEqual(string) else { return false }
        index += string.count
        return true
    }

    /// Skips past the next `string`.
    mutating func skip(past string: [Character]) throws(ScanError) {
        var probe = index
        while probe + string.count <= characters.count {
            if characters[probe..<(probe + string.count)].elementsEqual(string) {
                index = probe + string.count
                return
            }
            probe += 1
        }
        throw .overflow
    }
}

/// What a nested body becomes once its closing tag is read.
private enum Opening {
    case root
    case section(TemplateTag, inverted: Bool)
    case parent(name: String, indentation: String, position: TemplatePosition)
    case blockDefinition(String)
    case block(name: String, indentation: String)
}

/// One body being read: swift-mustache's `ParserState` plus the tokens so far.
private struct Frame {
    var opening: Opening
    var tokens: [Token] = []
    var sectionName: String?
    var sectionTransforms: [String] = []
    var newLine = true
    var isPartialDefinition = false
    var isPartialDefinitionTopLevel = false
    var startDelimiter: [Character] = ["{", "{"]
    var endDelimiter: [Character] = ["}", "}"]
    var partialDefinitionIndent: String?
    var whiteSpaceBefore = ""

    /// A body token, or a block definition (only at the top of a parent).
    enum Token {
        case token(TemplateToken)
        case blockDefinition(String, [TemplateToken])
    }

    func nested(_ opening: Opening, sectionName: String, newLine: Bool, transforms: [String] = []) -> Frame {
        var frame = Frame(opening: opening)
        frame.sectionName = sectionName
        frame.sectionTransforms = transforms
        frame.newLine = self.newLine && newLine
        frame.isPartialDefinition = isPartialDefinition
        frame.isPartialDefinitionTopLevel = false
        frame.startDelimiter = startDelimiter
        frame.endDelimiter = endDelimiter
        frame.partialDefinitionIndent = partialDefinitionIndent
        return frame
    }

    func inheritancePartial(_ opening: Opening, name: String) -> Frame {
        var frame = nested(opening, sectionName: name, newLine: true)
        frame.newLine = true
        frame.isPartialDefinition = true
        frame.isPartialDefinitionTopLevel = true
        return frame
    }

    var plainTokens: [TemplateToken] {
        tokens.compactMap { if case .token(let token) = $0 { token } else { nil } }
    }
}

extension TemplateScanner {
    private static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    private static let nameCharactersWithoutBrackets = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let partialNameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")

    mutating func parseTemplate() throws(ScanError) -> [TemplateToken] {
        var frames = [Frame(opening: .root)]
        while true {
            let top = frames.count - 1
            if reachedEnd {
                guard frames[top].sectionName == nil else { throw .expectedSectionEnd }
                return frames[top].plainTokens
            }
            if frames[top].newLine {
                let whiteSpace = scan { $0 == " " || $0 == "\t" }
                if frames[top].isPartialDefinition, !frames[top].isPartialDefinitionTopLevel {
                    if let indent = frames[top].partialDefinitionIndent {
                        frames[top].whiteSpaceBefore = String(whiteSpace.dropFirst(indent.count))
                    } else {
                        frames[top].partialDefinitionIndent = whiteSpace
                    }
                } else {
                    frames[top].whiteSpaceBefore = whiteSpace
                }
            }
            let text = try readUntilDelimiterOrNewline(frames[top])
            if current.isNewline {
                frames[top].tokens.append(.token(.text(frames[top].whiteSpaceBefore + text + String(current))))
                frames[top].newLine = true
                index += 1
                continue
            }
            if !text.isEmpty {
                frames[top].tokens.append(.token(.text(frames[top].whiteSpaceBefore + text)))
                frames[top].whiteSpaceBefore = ""
                frames[top].newLine = false
            }
            if reachedEnd { continue }
            let tagStart = index - frames[top].startDelimiter.count
            let tagPosition = position(of: tagStart)
            var setNewLine = false

            /// Emits the pending indentation as text (a tag that is not standalone).
            func flushWhiteSpace() {
                if !frames[top].whiteSpaceBefore.isEmpty {
                    frames[top].tokens.append(.token(.text(frames[top].whiteSpaceBefore)))
                    frames[top].whiteSpaceBefore = ""
                }
            }
            func open(_ frame: Frame) throws(ScanError) {
                guard frames.count <= TemplateParser.maximumDepth else {
                    throw ScanError(reason: "sections, blocks and parents nest deeper than \(TemplateParser.maximumDepth) levels", index: tagStart)
                }
                frames.append(frame)
            }

            switch current {
            case "#", "^":
                let inverted = current == "^"
                index += 1
                let (name, transforms) = try parseName(frames[top])
                if isStandalone(frames[top]) {
                    setNewLine = true
                } else {
                    flushWhiteSpace()
                }
                let tag = TemplateTag(name: name, transforms: transforms, position: tagPosition)
                frames[top].newLine = setNewLine
                try open(frames[top].nested(.section(tag, inverted: inverted), sectionName: name, newLine: setNewLine, transforms: transforms))
                continue

            case "/":
                index += 1
                let nameStart = index
                let (name, transforms) = try parseName(frames[top])
                guard name == frames[top].sectionName, transforms == frames[top].sectionTransforms else {
                    index = nameStart
                    throw .sectionCloseNameIncorrect
                }
                if isStandalone(frames[top]) {
                    setNewLine = true
                } else {
                    flushWhiteSpace()
                }
                let closed = frames.removeLast()
                let parent = frames.count - 1
                switch closed.opening {
                case .root:
                    throw .sectionCloseNameIncorrect
                case .section(let tag, let inverted):
                    frames[parent].tokens.append(.token(.section(tag, body: closed.plainTokens, inverted: inverted)))
                case .parent(let name, let indentation, let position):
                    var blocks: [String: [TemplateToken]] = [:]
                    for token in closed.tokens {
                        switch token {
                        case .blockDefinition(let block, let body): blocks[block] = body
                        case .token(.text): break
                        case .token: throw ScanError(reason: ScanError.illegalTokenInsideInheritSection.reason, index: nil)
                        }
                    }
                    frames[parent].tokens.append(.token(.parent(name: name, indentation: indentation, blocks: blocks, position: position)))
                    frames[parent].whiteSpaceBefore = ""
                case .blockDefinition(let name):
                    frames[parent].tokens.append(.blockDefinition(name, closed.plainTokens))
                case .block(let name, let indentation):
                    frames[parent].tokens.append(.token(.block(name: name, fallback: closed.plainTokens, indentation: indentation)))
                    frames[parent].whiteSpaceBefore = ""
                }
                // The enclosing body goes on in the line state its opening tag left (set when it opened),
                // as swift-mustache's recursive parser does.
                continue

            case "!":
                index += 1
                try skip(past: frames[top].endDelimiter)
                setNewLine = isStandalone(frames[top])

            case "{":
                flushWhiteSpace()
                index += 1
                let (name, transforms) = try parseName(frames[top])
                guard try read("}") else { throw .unfinishedName }
                frames[top].tokens.append(.token(.variable(TemplateTag(name: name, transforms: transforms, position: tagPosition), escaped: false)))

            case "&":
                flushWhiteSpace()
                index += 1
                let (name, transforms) = try parseName(frames[top])
                frames[top].tokens.append(.token(.variable(TemplateTag(name: name, transforms: transforms, position: tagPosition), escaped: false)))

            case ">":
                index += 1
                _ = scan { $0.isWhitespace }
                if current == "*" {
                    throw ScanError(reason: "dynamic partials ({{>*name}}) are not supported", index: tagStart)
                }
                let name = try parsePartialName(frames[top])
                let whiteSpace = frames[top].whiteSpaceBefore
                if !whiteSpace.isEmpty { frames[top].tokens.append(.token(.text(whiteSpace))) }
                if isStandalone(frames[top]) {
                    setNewLine = true
                    frames[top].tokens.append(.token(.partial(name: name, indentation: whiteSpace, position: tagPosition)))
                } else {
                    frames[top].tokens.append(.token(.partial(name: name, indentation: nil, position: tagPosition)))
                }
                frames[top].whiteSpaceBefore = ""

            case "<":
                index += 1
                _ = scan { $0.isWhitespace }
                let name = try parsePartialName(frames[top])
                if name.first == "*" {
                    throw ScanError(reason: "dynamic partials ({{<*name}}) are not supported", index: tagStart)
                }
                let whiteSpace = frames[top].whiteSpaceBefore
                if !whiteSpace.isEmpty { frames[top].tokens.append(.token(.text(whiteSpace))) }
                if isStandalone(frames[top]) { setNewLine = true }
                frames[top].newLine = setNewLine
                try open(frames[top].inheritancePartial(.parent(name: name, indentation: whiteSpace, position: tagPosition), name: name))
                continue

            case "$":
                index += 1
                let (name, transforms) = try parseName(frames[top])
                guard transforms.isEmpty else { throw .transformAppliedToInheritanceSection }
                if frames[top].isPartialDefinitionTopLevel {
                    if isStandalone(frames[top]) { setNewLine = true }
                    frames[top].newLine = setNewLine
                    try open(frames[top].nested(.blockDefinition(name), sectionName: name, newLine: setNewLine))
                } else {
                    let whiteSpace = frames[top].whiteSpaceBefore
                    if !whiteSpace.isEmpty { frames[top].tokens.append(.token(.text(whiteSpace))) }
                    if isStandalone(frames[top]) { setNewLine = true }
                    frames[top].newLine = setNewLine
                    try open(frames[top].nested(.block(name: name, indentation: whiteSpace), sectionName: name, newLine: setNewLine))
                }
                continue

            case "=":
                throw ScanError(reason: "changing the delimiters ({{=<% %>=}}) is not supported", index: tagStart)

            case "%":
                throw ScanError(reason: "pragmas ({{% ... }}) are not supported", index: tagStart)

            default:
                flushWhiteSpace()
                let (name, transforms) = try parseName(frames[top])
                frames[top].tokens.append(.token(.variable(TemplateTag(name: name, transforms: transforms, position: tagPosition), escaped: true)))
            }
            frames[top].newLine = setNewLine
        }
    }

    /// Text up to the next tag (its opening delimiter read) or line break (not read).
    private mutating func readUntilDelimiterOrNewline(_ frame: Frame) throws(ScanError) -> String {
        guard let first = frame.startDelimiter.first else { return "" }
        var total = ""
        while !reachedEnd {
            let start = index
            while !reachedEnd, characters[index] != "\n", characters[index] != "\r\n", characters[index] != first { index += 1 }
            total += String(characters[start..<index])
            if current.isNewline {
                break
            } else if current == first {
                if try read(string: frame.startDelimiter) { break }
                total.append(first)
                index += 1
            }
        }
        return total
    }

    private mutating func parseName(_ frame: Frame) throws(ScanError) -> (String, [String]) {
        _ = scan { $0.isWhitespace }
        let text = Array(scan { Self.nameCharacters.contains($0) })
        _ = scan { $0.isWhitespace }
        guard try read(string: frame.endDelimiter) else { throw .unfinishedName }
        // `transform(name)`, possibly nested: `a(b(name))`.
        var cursor = 0
        func readName() -> String {
            let start = cursor
            while cursor < text.count, Self.nameCharactersWithoutBrackets.contains(text[cursor]) { cursor += 1 }
            return String(text[start..<cursor])
        }
        let first = readName()
        if cursor == text.count { return (first, []) }
        guard text[cursor] == "(" else { throw .unfinishedName }
        cursor += 1
        var transforms = [first]
        while true {
            let name = readName()
            guard cursor < text.count else { throw .unfinishedName }
            if text[cursor] == ")" {
                cursor += 1
                var closing = 0
                while cursor < text.count, text[cursor] == ")" { cursor += 1; closing += 1 }
                guard closing + 1 == transforms.count, cursor == text.count else { throw .unfinishedName }
                return (name, transforms)
            } else if text[cursor] == "(" {
                cursor += 1
                transforms.append(name)
            } else {
                throw .unfinishedName
            }
        }
    }

    private mutating func parsePartialName(_ frame: Frame) throws(ScanError) -> String {
        _ = scan { $0.isWhitespace }
        let text = scan { Self.partialNameCharacters.contains($0) }
        _ = scan { $0.isWhitespace }
        guard try read(string: frame.endDelimiter) else { throw .unfinishedName }
        return text
    }

    /// The rest of the line is blank: the tag stood alone, and its line (break included) is dropped.
    private mutating func isStandalone(_ frame: Frame) -> Bool {
        guard frame.newLine else { return false }
        if reachedEnd { return true }
        var probe = index
        while probe < characters.count, characters[probe] == " " || characters[probe] == "\t" { probe += 1 }
        if probe < characters.count, characters[probe].isNewline {
            index = probe + 1
            return true
        }
        return false
    }
}
