import Foundation

// The one parallel map of Versus: the build's stages, the link checker and the walk of a folder tree use it,
// and the loops that spread work otherwise ask `Parallelism.threads`, so `versus build --jobs` limits all of them.

/// How many threads a build's parallel steps may use: every core unless limited (`versus build --jobs`,
/// and the test that compares a one-thread build with a parallel one). Task-local, so concurrent builds
/// in one process (the tests) do not affect each other.
public enum Parallelism {
    @TaskLocal public static var workers: Int?

    /// How many threads a parallel step may use here: `workers` when set, else every core.
    public static var threads: Int { max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount) }
}

extension Array where Element: Sendable {
    /// Maps on every core (or `Parallelism.workers` threads), keeping the order of the input, so output
    /// never depends on scheduling.
    public func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let workers = Parallelism.workers
        guard count > 1, workers != 1 else { return map(transform) }
        let slots = ResultSlots<Result>(count: count)
        let count = self.count
        self.withUnsafeBufferPointer { input in
            nonisolated(unsafe) let input = input
            if let workers, workers < count {
                // At most `workers` threads, each taking every `workers`-th element.
                DispatchQueue.concurrentPerform(iterations: workers) { stripe in
                    for index in stride(from: stripe, to: count, by: workers) {
                        slots.store(transform(input[index]), at: index)
                    }
                }
            } else {
                DispatchQueue.concurrentPerform(iterations: count) { index in
                    slots.store(transform(input[index]), at: index)
                }
            }
        }
        return slots.results()
    }
}

/// A fixed block of memory with one slot per iteration. Each slot is written by exactly one iteration
/// of `concurrentPerform` and read only after it returns; that discipline, not a lock, makes sharing
/// it safe. (An `Array` would not do: `withUnsafeMutableBufferPointer` briefly moves the array's
/// storage out, so two threads inside it at once corrupt it — the fuzz test caught exactly that.)
private final class ResultSlots<Result>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Result?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = UnsafeMutablePointer<Result?>.allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ value: Result, at index: Int) {
        slots[index] = value
    }

    func results() -> [Result] {
        (0..<count).compactMap { slots[$0] }
    }
}

