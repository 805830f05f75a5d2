import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// One accepted connection: reads one request within the limits and a deadline, answers, closes.
struct HTTPConnection {
    static let maxHeadBytes = 16 * 1024

    let fd: Int32
    /// When the whole request must have arrived: a slow client gets 408 and its thread back.
    let deadline: ContinuousClock.Instant

    enum ReadFailure: Error {
        case timedOut
        case closed
    }

    /// Waits for bytes until the deadline, then reads what is there.
    func receive(into buffer: inout [UInt8], max: Int) throws(ReadFailure) -> Int {
        while true {
            let left = deadline - ContinuousClock.now
            if left <= .zero { throw .timedOut }
            let ms = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, ms)
            if r < 0 && errno == EINTR { continue }
            if r == 0 { throw .timedOut }
            if r < 0 { throw .closed }
            var chunk = [UInt8](repeating: 0, count: Swift.min(max, 65536))
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if n <= 0 { throw .closed }
            buffer += chunk[0..<n]
            return n
        }
    }

    func send(_ response: HTTPResponse) { send(bytes: response.bytes) }

    func send(bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            sent += n
        }
    }

    /// Reads the head; answers a failure itself and returns nil. `check` sees the head before
    /// any body is read (route, method, token, length), so a refused request costs no body.
    func readRequest(check: (HTTPRequest) -> HTTPResponse?) -> (HTTPRequest, HTTPResponse?)? {
        var buffer: [UInt8] = []
        var headEnd: Int?
        do {
            while headEnd == nil {
                let before = Swift.max(0, buffer.count - 3)
                _ = try receive(into: &buffer, max: HTTPConnection.maxHeadBytes + 4 - buffer.count)
                headEnd = HTTPConnection.find([0x0D, 0x0A, 0x0D, 0x0A], in: buffer, from: before)
                if headEnd == nil && buffer.count > HTTPConnection.maxHeadBytes {
                    let r = HTTPResponse.error(
                        431, tr("the request's head is over {limit} bytes", ["limit": String(HTTPConnection.maxHeadBytes)]))
                    send(r)
                    return (HTTPRequest(method: "?", path: "?", headers: [:]), r)
                }
            }
        } catch {
            if error == .timedOut && !buffer.isEmpty {
                let r = HTTPResponse.error(408, tr("the request did not arrive in time"))
                send(r)
                return (HTTPRequest(method: "?", path: "?", headers: [:]), r)
            }
            return nil
        }
        let end = headEnd ?? 0
        guard var request = HTTPRequest.parseHead(Array(buffer[0..<end])) else {
            let r = HTTPResponse.error(400, tr("not an HTTP/1.1 request"))
            send(r)
            return (HTTPRequest(method: "?", path: "?", headers: [:]), r)
        }
        if let refusal = check(request) {
            send(refusal)
            return (request, refusal)
        }
        var body = Array(buffer[(end + 4)...])
        if request.method == "POST" {
            if request.headers["transfer-encoding"] != nil {
                return answered(request, .error(411, tr("send the body with Content-Length, not Transfer-Encoding")))
            }
            guard let text = request.headers["content-length"] else {
                return answered(request, .error(411, tr("a POST needs a Content-Length header")))
            }
            guard let length = Int(text), length >= 0 else {
                return answered(request, .error(400, tr("Content-Length is not a number")))
            }
            if length > AlertPayload.maxBytes {
                return answered(
                    request,
                    .error(413, tr("the body is over {limit} bytes; nothing was recorded", ["limit": String(AlertPayload.maxBytes)])))
            }
            if request.headers["expect"]?.lowercased() == "100-continue" && body.isEmpty {
                // The interim answer curl waits for before a body over 1 KiB.
                send(bytes: Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            }
            do {
                while body.count < length { _ = try receive(into: &body, max: length - body.count) }
            } catch {
                if error == .timedOut { return answered(request, .error(408, tr("the request did not arrive in time"))) }
                return nil
            }
            if body.count > length { body.removeLast(body.count - length) }
        }
        request.body = body
        return (request, nil)
    }

    /// After a refusal sent before the body was read: says we are done writing and reads what
    /// the client still sends for a moment, so closing with unread bytes does not reset the
    /// connection and destroy the answer on its way.
    func drain() {
        shutdown(fd, Int32(SHUT_WR))
        var chunk = [UInt8](repeating: 0, count: 65536)
        var total = 0
        let end = ContinuousClock.now + .milliseconds(500)
        while total < AlertPayload.maxBytes && ContinuousClock.now < end {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 100) <= 0 { break }
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            total += n
        }
    }

    private func answered(_ request: HTTPRequest, _ r: HTTPResponse) -> (HTTPRequest, HTTPResponse?) {
        send(r)
        return (request, r)
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= hay.count {
            if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
