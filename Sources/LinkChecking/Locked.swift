import Foundation

/// A value shared between threads, reachable only through `withLock`.
/// `@unchecked` because `Mutex` (Synchronization) needs macOS 15 and the package supports macOS 13; every
/// access goes through the lock, which is what `Sendable` asks for.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
