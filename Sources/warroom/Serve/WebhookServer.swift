import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// The webhook receiver: accepts connections, one request each, on a thread per connection up to
/// a bound; writes go through one journal writer, one payload at a time.
final class WebhookServer: @unchecked Sendable {
    static let routes: [String: IntakeFormat] = ["/alertmanager": .alertmanager, "/grafana": .grafana, "/events": .generic]

    let listener: Int32
    let token: BearerToken
    let policy: Policy
    let writer: any JournalAppender
    let requestTimeout: Duration
    let maxConnections: Int

    private let lock = NSLock()
    private var active = 0
    private let journalLock = NSLock()

    init(
        listener: Int32, token: BearerToken, policy: Policy, writer: any JournalAppender, requestTimeout: Duration,
        maxConnections: Int
    ) {
        self.listener = listener
        self.token = token
        self.policy = policy
        self.writer = writer
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
    }

    /// Accepts until a signal arrives on `stop`, then lets the requests in progress finish.
    func run(until stop: SignalPipe) {
        while true {
            var fds = [
                pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: stop.readEnd, events: Int16(POLLIN), revents: 0),
            ]
            let r = poll(&fds, 2, -1)
            if r < 0 && errno == EINTR { continue }
            if fds[1].revents != 0, let sig = stop.take() {
                log(tr("stopping on signal {signal}", ["signal": String(sig)]))
                break
            }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            let fd = accept(listener, nil, nil)
            if fd < 0 { continue }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            lock.lock()
            let admitted = active < maxConnections
            if admitted { active += 1 }
            lock.unlock()
            guard admitted else {
                // Answered at once rather than queued: a source that gets 503 retries later.
                HTTPConnection(fd: fd, deadline: .now + .seconds(1)).send(
                    .error(503, tr("too many connections; try again shortly"), headers: [("Retry-After", "1")]))
                close(fd)
                log(tr("refused a connection: {limit} already open", ["limit": String(maxConnections)]))
                continue
            }
            let thread = Thread { [self] in
                serve(fd)
                close(fd)
                lock.lock()
                active -= 1
                lock.unlock()
            }
            thread.start()
        }
        close(listener)
        // The requests in progress end by their own deadline at the latest.
        let end = ContinuousClock.now + requestTimeout + .seconds(5)
        while ContinuousClock.now < end {
            lock.lock()
            let n = active
            lock.unlock()
            if n == 0 { break }
            usleep(20_000)
        }
    }

    private func serve(_ fd: Int32) {
        let connection = HTTPConnection(fd: fd, deadline: .now + requestTimeout)
        guard let (request, refused) = connection.readRequest(check: check) else { return }
        if let refused {
            connection.drain()
            log("\(request.method) \(request.path) \(refused.status): \(refused.body["error"]?.stringValue ?? "")")
            return
        }
        let response = handle(request)
        connection.send(response)
    }

    /// Route, method and token, before any body is read.
    func check(_ r: HTTPRequest) -> HTTPResponse? {
        if r.path == "/healthz" {
            return r.method == "GET" || r.method == "HEAD"
                ? nil : .error(405, tr("{path} takes GET", ["path": r.path]), headers: [("Allow", "GET")])
        }
        guard WebhookServer.routes[r.path] != nil else {
            return .error(404, tr("no such path; POST to /alertmanager, /grafana or /events"))
        }
        guard r.method == "POST" else { return .error(405, tr("{path} takes POST", ["path": r.path]), headers: [("Allow", "POST")]) }
        guard token.accepts(r.headers["authorization"]) else {
            return .error(
                401, tr("missing or wrong token: send Authorization: Bearer TOKEN (the token file's content)"),
                headers: [("WWW-Authenticate", "Bearer")])
        }
        return nil
    }

    func handle(_ r: HTTPRequest) -> HTTPResponse {
        guard let format = WebhookServer.routes[r.path] else { return HTTPResponse(status: 200, body: ["ok": true]) }
        journalLock.lock()
        let outcome = SignalRecorder.record(r.body, format: format, policy: policy, to: writer)
        journalLock.unlock()
        switch outcome {
        case .failure(.payload(let e)):
            log("POST \(r.path) 400: \(e.reason)")
            return .error(400, e.reason)
        case .failure(.journal(let e)):
            // 503: Alertmanager and Grafana retry a 5xx, so the alert is not lost while the journal is down.
            log("POST \(r.path) 503: \(e.message)")
            return .error(503, e.message)
        case .success(let result):
            log("POST \(r.path) 200: " + IntakeSummary.lines(result).joined(separator: "; "))
            return HTTPResponse(status: 200, body: result.json)
        }
    }

    /// One line per request on standard error (journald keeps it). Never the token: no header is logged.
    func log(_ text: String) {
        TerminalText.standardError("warroom serve: " + Sanitizer.inline(text) + "\n")
    }
}
