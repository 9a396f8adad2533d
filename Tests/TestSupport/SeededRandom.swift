/// Deterministic pseudo-random choices (a 64-bit linear congruential generator): the randomised tests
/// that compare a fast path with its reference see the same inputs on every run, so a failure repeats.
public struct SeededRandom {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A number in `0..<bound`.
    public mutating func next(below bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(state >> 33) % bound
    }

    /// Between `minimumPieces` and `maximumPieces` pieces, each picked from `pieces`, one after another.
    public mutating func text(from pieces: [String], minimumPieces: Int = 0, maximumPieces: Int) -> String {
        var text = ""
        for _ in 0..<(minimumPieces + next(below: maximumPieces - minimumPieces + 1)) {
            text += pieces[next(below: pieces.count)]
        }
        return text
    }
}
