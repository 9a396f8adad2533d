import Foundation
import ParallelWork

/// Elements handed over one by one to the iterations of a parallel loop, each taken by exactly one
/// iteration and no longer held here once taken (the discipline of `ParallelWork`'s result slots): what an iteration
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
