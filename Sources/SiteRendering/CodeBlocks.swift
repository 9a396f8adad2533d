import ComparisonModel
import Diagnostics
import MarkdownSyntax

/// A code block of the site, where it is written: what the highlighter is asked about, and where its
/// notes point.
public struct CodeBlockOccurrence: Sendable, Equatable {
    /// `nil` for a block that names no language.
    public var sample: CodeSample?
    public var file: String
    public var position: SourcePosition?
}

public enum CodeBlocks {
    /// Every code block the pages show, document by document in site order, then subject profiles.
    /// `byDocument` gives each document's blocks (in `model.documents`' order), when a caller has
    /// them already; the build walks the documents on every core.
    public static func occurrences(in model: SiteModel, byDocument: [[CodeBlockOccurrence]]? = nil) -> [CodeBlockOccurrence] {
        var found: [CodeBlockOccurrence] = []
        if let byDocument {
            for blocks in byDocument { found += blocks }
        } else {
            for document in model.documents { collect(document, into: &found) }
        }
        for subject in model.subjects where !subject.profileBlocks.isEmpty {
            collect(subject.profileBlocks, file: subject.profileSource ?? subject.name, into: &found)
        }
        return found
    }

    /// The code blocks of one document, in the order `occurrences(in:)` lists them.
    public static func occurrences(in document: Document) -> [CodeBlockOccurrence] {
        var found: [CodeBlockOccurrence] = []
        collect(document, into: &found)
        return found
    }

    private static func collect(_ document: Document, into found: inout [CodeBlockOccurrence]) {
        for section in document.sections {
            for case .markdown(let node) in section.blocks { collect([node], file: document.source, into: &found) }
        }
        for dimension in document.differences {
            for entry in dimension.entries { collect(entry.content, file: document.source, into: &found) }
        }
        for useCase in document.useCases { collect(useCase.description, file: document.source, into: &found) }
    }

    private static func collect(_ nodes: [MarkdownNode], file: String, into found: inout [CodeBlockOccurrence]) {
        MarkdownNode.walk(nodes) { node in
            if case .codeBlock(let info, let literal) = node.kind {
                found.append(CodeBlockOccurrence(sample: CodeSample(info: info, literal: literal), file: file, position: node.position))
            }
        }
    }
}
