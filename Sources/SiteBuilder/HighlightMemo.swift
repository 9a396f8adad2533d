import Foundation
import MarkdownSyntax

/// Highlighted code kept between builds of one process (`versus serve`), so that a rebuild starts no
/// Pygments worker (about a quarter of a second) unless some code block is new.
///
/// Contract: highlighting is a function of the sample (language and code) and the highlighter (its
/// `identity`: a changed Pygments empties the memo). A
/// result is kept only when the highlighter gave it without stopping part way (a timeout depends on
/// the moment); "no highlighter knows this language" (`nil`) is kept too, so its note is the same.
/// A highlighter that cannot run keeps nothing and is asked again next build. A class because it is
/// shared between builds; the lock guards every access.
public final class HighlightMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [CodeSample: String?] = [:]
    private var identity: [UInt8]?

    public init() {}

    /// `highlighter`, asked only for the samples this memo does not hold.
    public func remembering(_ highlighter: CodeHighlighter) -> CodeHighlighter {
        guard !highlighter.isOff else { return highlighter }
        var remembering = CodeHighlighter(highlight: { samples in self.highlight(samples, with: highlighter) },
                                          identity: highlighter.identity)
        // Nothing starts early: the worker starts only when `highlight` meets a new sample.
        remembering.prepare = {}
        return remembering
    }

    private func highlight(_ samples: [CodeSample], with highlighter: CodeHighlighter) -> CodeHighlighter.Outcome {
        let current = highlighter.identity()
        let known = lock.withLock {
            if identity != current { results = [:] }
            identity = current
            return results
        }
        let missing = samples.filter { known[$0] == nil }
        var fresh: [CodeSample: String?] = [:]
        var stopped: String?
        if !missing.isEmpty {
            switch highlighter.highlight(missing) {
            case .unavailable(let reason):
                return .unavailable(reason)
            case .highlighted(let made, let reason):
                stopped = reason
                for (sample, result) in zip(missing, made) { fresh[sample] = .some(result) }
                if reason == nil { lock.withLock { results.merge(fresh) { _, new in new } } }
            }
        }
        return .highlighted(samples.map { sample -> String? in
            if let kept = known[sample] { return kept }
            if let made = fresh[sample] { return made }
            return nil
        }, stopped: stopped)
    }
}
