import Foundation

/// The site being served, swapped whole after each build, and the open event streams that hear of it.
/// A class only to share one lock-protected value between the watcher's thread and the connections.
final class SiteHolder: @unchecked Sendable {
    enum Event: Sendable {
        case state(ServedSite)
        /// Keeps idle streams open through proxies, and finds clients that went away.
        case heartbeat
    }

    private let lock = NSLock()
    private var site: ServedSite
    private var streams: [UUID: AsyncStream<Event>.Continuation] = [:]
    private var finished = false

    init(_ site: ServedSite) {
        self.site = site
    }

    var current: ServedSite { lock.withLock { site } }

    func publish(_ newSite: ServedSite) {
        let listeners = lock.withLock {
            site = newSite
            return Array(streams.values)
        }
        for listener in listeners { listener.yield(.state(newSite)) }
    }

    func heartbeat() {
        for listener in lock.withLock({ Array(streams.values) }) { listener.yield(.heartbeat) }
    }

    var streamCount: Int { lock.withLock { streams.count } }

    /// A stream that starts with the current state; only the newest state waits for a slow reader.
    func subscribe() -> (id: UUID, events: AsyncStream<Event>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let isFinished = lock.withLock {
            if !finished {
                streams[id] = continuation
                continuation.yield(.state(site))
            }
            return finished
        }
        if isFinished { continuation.finish() }
        return (id, stream)
    }

    func unsubscribe(_ id: UUID) {
        lock.withLock { streams.removeValue(forKey: id) }?.finish()
    }

    /// Ends every stream: the server is stopping.
    func finishAll() {
        let listeners = lock.withLock {
            finished = true
            defer { streams.removeAll() }
            return Array(streams.values)
        }
        for listener in listeners { listener.finish() }
    }
}
