import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TextPrimitives

/// What one distinct external URL answered.
enum ExternalOutcome: Sendable, Hashable {
    /// 2xx after redirects. `anchors` is set when the body was fetched and is HTML; `truncatedAt` when only
    /// that many bytes of it were read.
    case reachable(anchors: Set<String>?, truncatedAt: Int? = nil)
    case httpStatus(Int)
    case failed(String)
}

/// Fetches each distinct URL once, at most `maxConcurrentRequests` at a time, retrying timeouts, network
/// errors, 429 and 5xx with exponential backoff, all within `timeout` per URL. Synchronous on purpose: the
/// checker runs from a plain command and from the build, and the session's callbacks run on its own queue,
/// never on the Swift concurrency pool, so blocking here cannot starve it.
struct ExternalChecker: Sendable {
    var timeout: Double
    var retries: Int
    var retryBaseDelay: Double
    var maxConcurrentRequests: Int
    /// Bytes of an HTML body read to look up a fragment; the rest is not downloaded (a 1.5 GB answer once took
    /// 3.6 GB of memory).
    var maximumBodyBytes = 4 << 20

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
        let delegate = TransferDelegate(maximumBodyBytes: maximumBodyBytes)
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: delegateQueue)
        let slots = DispatchSemaphore(value: max(1, maxConcurrentRequests))
        let group = DispatchGroup()

        for (url, needsBody) in urls.sorted(by: { $0.key < $1.key }) {
            guard let parsed = URL(string: url), parsed.host != nil else {
                results.withLock { $0[url] = .failed("not a valid URL") }
                continue
            }
            slots.wait()
            group.enter()
            let request = Attempt(session: session, delegate: delegate, url: parsed, needsBody: needsBody,
                                  checker: self, deadline: .now() + timeout) { outcome in
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

    /// One URL's requests, retries included, all before `deadline`.
    private struct Attempt: Sendable {
        let session: URLSession
        let delegate: TransferDelegate
        let url: URL
        let needsBody: Bool
        let checker: ExternalChecker
        let deadline: DispatchTime
        let finish: @Sendable (ExternalOutcome) -> Void

        func start(attempt: Int, method: String) {
            var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData,
                                     timeoutInterval: checker.backstopTimeout)
            request.httpMethod = method
            request.setValue("versus-linkcheck/1", forHTTPHeaderField: "User-Agent")
            // Set by the timer before it cancels, so the handler can tell a timeout from other cancellations.
            let timedOut = Locked(false)
            let task = session.dataTask(with: request)
            delegate.register(task, wantsBody: method == "GET" && needsBody) { transfer in
                handle(attempt: attempt, method: method, transfer: transfer, timedOut: timedOut.withLock { $0 })
            }
            DispatchQueue.global().asyncAfter(deadline: deadline) { [task] in
                if task.state == .running {
                    timedOut.withLock { $0 = true }
                    task.cancel()
                }
            }
            task.resume()
        }

        private func handle(attempt: Int, method: String, transfer: Transfer, timedOut: Bool) {
            if let scheme = transfer.refusedRedirectScheme {
                finish(.failed("redirects to a \(scheme): URL, which a browser will not follow from a web page"))
                return
            }
            if let error = transfer.error, !(transfer.stoppedEarly && transfer.response != nil) {
                let nsError = error as NSError
                let reason = timedOut || nsError.code == NSURLErrorTimedOut
                    ? "timed out after \(formatSeconds(checker.timeout))"
                    : nsError.localizedDescription
                retryOrFinish(attempt: attempt, method: method, outcome: .failed(reason))
                return
            }
            guard let http = transfer.response as? HTTPURLResponse else {
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
                if transfer.isHTML, let body = transfer.body {
                    finish(.reachable(anchors: anchorNames(inHTML: body),
                                      truncatedAt: transfer.truncated ? checker.maximumBodyBytes : nil))
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
            let delay = checker.retryBaseDelay * pow(2, Double(attempt))
            // `--timeout` bounds the whole URL: no retry that could not finish in time.
            guard attempt < checker.retries, DispatchTime.now() + delay < deadline else {
                finish(outcome)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + delay) {
                start(attempt: attempt + 1, method: method)
            }
        }
    }
}

/// What one request produced.
private struct Transfer: Sendable {
    var response: URLResponse?
    var body: [UInt8]?
    var isHTML = false
    /// The body was longer than the cap; `body` is its beginning.
    var truncated = false
    /// The checker cancelled the transfer once it had what it needed (the status, or enough of the body).
    var stoppedEarly = false
    var refusedRedirectScheme: String?
    var error: Error?
}

/// The session's delegate: reads at most `maximumBodyBytes` of a body, and only when a fragment must be looked
/// up in it; refuses redirects to anything but http(s). A class because URLSession requires one; its state is
/// behind a lock, and it never leaves this file.
private final class TransferDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct Entry {
        var wantsBody: Bool
        var transfer = Transfer()
        var completion: @Sendable (Transfer) -> Void
    }
    private let maximumBodyBytes: Int
    private let entries = Locked<[Int: Entry]>([:])

    init(maximumBodyBytes: Int) {
        self.maximumBodyBytes = maximumBodyBytes
    }

    func register(_ task: URLSessionTask, wantsBody: Bool, completion: @escaping @Sendable (Transfer) -> Void) {
        entries.withLock { $0[task.taskIdentifier] = Entry(wantsBody: wantsBody, completion: completion) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        // The Location header as the server wrote it: FoundationNetworking on Linux turns `file:///etc/x` into a
        // request for `/etc/x` on the same host, so the new request's scheme cannot be trusted to tell.
        let location = response.value(forHTTPHeaderField: "Location") ?? ""
        let written = URLScheme.of(location.trimmingASCIIWhitespace())
        let scheme = written ?? request.url?.scheme?.lowercased() ?? ""
        if scheme == "http" || scheme == "https" {
            completionHandler(request)
            return
        }
        entries.withLock { $0[task.taskIdentifier]?.transfer.refusedRedirectScheme = scheme.isEmpty ? "non-HTTP" : scheme }
        completionHandler(nil)
        task.cancel()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let keepReading = entries.withLock { entries -> Bool in
            guard var entry = entries[dataTask.taskIdentifier] else { return false }
            entry.transfer.response = response
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let contentType = ((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") ?? "")
                .lowercased()
            entry.transfer.isHTML = contentType.contains("html")
            let keep = entry.wantsBody && entry.transfer.isHTML && (200..<300).contains(status)
            if keep { entry.transfer.body = [] } else { entry.transfer.stoppedEarly = true }
            entries[dataTask.taskIdentifier] = entry
            return keep
        }
        // Only the status is needed: the body is not downloaded.
        completionHandler(keepReading ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        // The body grows in place in the table (never copied out and back: that copied up to 4 MiB per
        // chunk, so a fast server's chunks queued up faster than they were read, 2 GB of them once), and
        // once it is full every further chunk is dropped at once until the cancel takes effect.
        let id = dataTask.taskIdentifier
        let filledNow = entries.withLock { entries -> Bool in
            guard entries[id]?.transfer.truncated == false, let count = entries[id]?.transfer.body?.count else { return false }
            let room = maximumBodyBytes - count
            entries[id]?.transfer.body?.append(contentsOf: data.prefix(max(0, room)))
            guard data.count > room else { return false }
            entries[id]?.transfer.truncated = true
            entries[id]?.transfer.stoppedEarly = true
            return true
        }
        if filledNow { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard var entry = entries.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        entry.transfer.error = error
        if entry.transfer.response == nil { entry.transfer.response = task.response }
        entry.completion(entry.transfer)
    }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
}
