import Foundation

/// How many threads a build's parallel steps may use: every core unless limited (`versus build --jobs`,
/// and the test that compares a one-thread build with a parallel one). Task-local, so concurrent builds
/// in one process (the tests) do not affect each other.
public enum Parallelism {
    @TaskLocal public static var workers: Int?
}

extension Array where Element: Sendable {
    /// Maps on every core (or `Parallelism.workers` threads), keeping the order of the input, so output
    /// never depends on scheduling.
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
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

/// Elements handed over one by one to the iterations of a parallel loop, each taken by exactly one
/// iteration and no longer held here once taken (the discipline of `ResultSlots`): what an iteration
/// is done with is freed then, not when the whole loop is.
final class Handover<Element>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Element?>
    private let count: Int

    init(_ elements: [Element]) {
        count = elements.count
        slots = UnsafeMutablePointer<Element?>.allocate(capacity: count)
        for (index, element) in elements.enumerated() { (slots + index).initialize(to: element) }
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// The element at `index`; to be called once per index.
    func take(_ index: Int) -> Element {
        guard let element = slots[index].take() else { preconditionFailure("Handover: element \(index) taken twice") }
        return element
    }
}

/// Work started on another thread and collected with `wait()`: lets a step that cannot keep every core
/// busy (model.json, mostly one stream of writes) run beside steps that leave a core idle.
/// `inline` runs it on the calling thread when `wait()` is called instead (a one-thread build).
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the worker before it signals `done`, read only after `wait()` has seen the signal.
    private var outcome: Result<Value, Error>?
    private var deferred: (@Sendable () throws -> Value)?
    private let lock = NSLock()
    private var collected: Result<Value, Error>?

    init(inline: Bool, _ work: @escaping @Sendable () throws -> Value) {
        if inline {
            deferred = work
            return
        }
        let workers = Parallelism.workers
        DispatchQueue.global().async { [self] in
            outcome = Result { try Parallelism.$workers.withValue(workers) { try work() } }
            done.signal()
        }
    }

    /// Waits for the work (or does it, when inline) and returns its value or rethrows its error; later
    /// calls return the same outcome.
    @discardableResult
    func wait() throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if collected == nil {
            if let deferred {
                collected = Result { try deferred() }
                self.deferred = nil
            } else {
                done.wait()
                collected = outcome
            }
        }
        return try collected!.get()
    }
}
