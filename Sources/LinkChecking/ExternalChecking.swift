import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What one distinct external URL answered.
enum ExternalOutcome: Sendable, Hashable {
    /// 2xx after redirects. `anchors` is set when the body was fetched and is HTML.
    case reachable(anchors: Set<String>?)
    case httpStatus(Int)
    case failed(String)
}

/// Fetches each distinct URL once, at most `maxConcurrentRequests` at a time, retrying timeouts, network
/// errors, 429 and 5xx with exponential backoff. Synchronous on purpose: the checker runs from a plain
/// command and from the build, and completion handlers run on the session's own queue, never on the Swift
/// concurrency pool, so blocking here cannot starve it.
struct ExternalChecker: Sendable {
    var timeout: Double
    var retries: Int
    var retryBaseDelay: Double
    var maxConcurrentRequests: Int

    var backstopTimeout: Double { max(1, timeout.rounded(.up)) + 1 }

    /// - Parameter urls: URL without fragment -> whether a fragment of it must be looked up (then the body is
    ///   needed).
    func check(_ urls: [String: Bool]) -> [String: ExternalOutcome] {
        let results = Locked<[String: ExternalOutcome]>([:])
        let configuration = URLSessionConfiguration.ephemeral
        // FoundationNetworking on Linux truncates these to whole seconds (0.5 s fires at once), so they are only
        // a backstop; the timeout itself is our own timer, which cancels the task (see `Attempt.start`).
        configuration.timeoutIntervalForRequest = backstopTimeout
        configuration.timeoutIntervalForResource = backstopTimeout
        configuration.httpMaximumConnectionsPerHost = max(1, maxConcurrentRequests)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let delegateQueue = OperationQueue()
        delegateQueue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: nil, delegateQueue: delegateQueue)
        let slots = DispatchSemaphore(value: max(1, maxConcurrentRequests))
        let group = DispatchGroup()

        for (url, needsBody) in urls.sorted(by: { $0.key < $1.key }) {
            guard let parsed = URL(string: url), parsed.host != nil else {
                results.withLock { $0[url] = .failed("not a valid URL") }
                continue
            }
            slots.wait()
            group.enter()
            let request = Attempt(session: session, url: parsed, needsBody: needsBody, checker: self) { outcome in
                results.withLock { $0[url] = outcome }
                slots.signal()
                group.leave()
            }
            request.start(attempt: 0, method: needsBody ? "GET" : "HEAD")
        }
        group.wait()
        session.finishTasksAndInvalidate()
        return results.withLock { $0 }
    }

    /// One URL's requests, retries included.
    private struct Attempt: Sendable {
        let session: URLSession
        let url: URL
        let needsBody: Bool
        let checker: ExternalChecker
        let finish: @Sendable (ExternalOutcome) -> Void

        func start(attempt: Int, method: String) {
            var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData,
                                     timeoutInterval: checker.backstopTimeout)
            request.httpMethod = method
            request.setValue("versus-linkcheck/1", forHTTPHeaderField: "User-Agent")
            // Set by the timer before it cancels, so the handler can tell a timeout from other cancellations.
            let timedOut = Locked(false)
            let task = session.dataTask(with: request) { data, response, error in
                let isTimeout = timedOut.withLock { $0 }
                handle(attempt: attempt, method: method, data: data, response: response, error: error,
                       timedOut: isTimeout)
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + checker.timeout) { [task] in
                if task.state == .running {
                    timedOut.withLock { $0 = true }
                    task.cancel()
                }
            }
            task.resume()
        }

        private func handle(attempt: Int, method: String, data: Data?, response: URLResponse?, error: Error?,
                            timedOut: Bool) {
            if let error {
                let nsError = error as NSError
                let reason = timedOut || nsError.code == NSURLErrorTimedOut
                    ? "timed out after \(formatSeconds(checker.timeout))"
                    : nsError.localizedDescription
                retryOrFinish(attempt: attempt, method: method, outcome: .failed(reason))
                return
            }
            guard let http = response as? HTTPURLResponse else {
                finish(.failed("not an HTTP answer"))
                return
            }
            let status = http.statusCode
            if method == "HEAD", status == 405 || status == 501 {
                // Some servers refuse HEAD; ask again the ordinary way.
                start(attempt: attempt, method: "GET")
                return
            }
            switch status {
            case 200..<300:
                let contentType = (http.value(forHTTPHeaderField: "Content-Type") ?? "").lowercased()
                if needsBody, contentType.contains("html"), let data {
                    finish(.reachable(anchors: anchorNames(inHTML: [UInt8](data))))
                } else {
                    finish(.reachable(anchors: nil))
                }
            case 429, 500..<600:
                retryOrFinish(attempt: attempt, method: method, outcome: .httpStatus(status))
            default:
                finish(.httpStatus(status))
            }
        }

        private func retryOrFinish(attempt: Int, method: String, outcome: ExternalOutcome) {
            guard attempt < checker.retries else {
                finish(outcome)
                return
            }
            let delay = checker.retryBaseDelay * pow(2, Double(attempt))
            DispatchQueue.global().asyncAfter(deadline: .now() + delay) {
                start(attempt: attempt + 1, method: method)
            }
        }
    }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
}
