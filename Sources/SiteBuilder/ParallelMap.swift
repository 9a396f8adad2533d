import Foundation

extension Array where Element: Sendable {
    /// Maps on every core, keeping the order of the input, so output never depends on scheduling.
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        let slots = ResultSlots<Result>(count: count)
        self.withUnsafeBufferPointer { input in
            nonisolated(unsafe) let input = input
            DispatchQueue.concurrentPerform(iterations: count) { index in
                slots.store(transform(input[index]), at: index)
            }
        }
        return slots.results()
    }
}

/// Each index is written by exactly one iteration of `concurrentPerform`, and read only after it returns;
/// that discipline, not a lock, is what makes sharing this buffer safe.
private final class ResultSlots<Result>: @unchecked Sendable {
    private var storage: [Result?]

    init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    func store(_ value: Result, at index: Int) {
        storage.withUnsafeMutableBufferPointer { $0[index] = value }
    }

    func results() -> [Result] {
        storage.compactMap { $0 }
    }
}
