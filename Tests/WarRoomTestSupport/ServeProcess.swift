import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `warroom serve` started on 127.0.0.1 with the kernel's pick of a free port (it logs the
/// port it got), with a private token file; killed on deinit if a test did not stop it.
public final class ServeProcess: @unchecked Sendable {
    public static let token = "test-token-0123456789abcdef"
    public let dir: TempDir
    public let journal: String
    public let child: ChildProcess
    public let port: Int

    public init(journal: String? = nil, extra: [String] = [], environment: [String: String] = childEnvironment()) async throws {
        dir = TempDir("serve")
        self.journal = journal ?? dir.file("j.jsonl")
        let tokenFile = dir.file("token")
        try writeFile(tokenFile, Self.token + "\n")
        chmod(tokenFile, 0o600)
        child = try ChildProcess(
            try requireBinary(),
            ["serve", "--journal", self.journal, "--listen", "127.0.0.1:0", "--token-file", tokenFile] + extra,
            environment: environment, outPath: dir.file("out"), errPath: dir.file("err"))
        let errPath = dir.file("err")
        let child = self.child
        let found: Int? = try await eventually {
            if child.poll() { throw TestSupportError.failed("warroom serve ended: \(fileText(errPath))") }
            let text = fileText(errPath)
            guard let r = text.range(of: "listening on 127.0.0.1:") else { return nil }
            return Int(text[r.upperBound...].prefix(while: { $0.isNumber }))
        }
        guard let found else { throw TestSupportError.failed("warroom serve did not say where it listens: \(fileText(errPath))") }
        port = found
    }

    deinit {
        if !child.poll() {
            child.signal(SIGKILL)
            child.waitBlocking()
        }
    }

    public var log: String { fileText(dir.file("err")) }

    /// A POST with the token (unless told otherwise) and a Content-Length.
    public func post(_ path: String, _ body: String, token: String? = ServeProcess.token) throws -> HTTPReply {
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        head += "Content-Length: \(body.utf8.count)\r\n\r\n"
        return try send(Array(head.utf8) + Array(body.utf8))
    }

    /// Sends raw bytes and reads the answer to the end (the server closes after one).
    public func send(_ bytes: [UInt8]) throws -> HTTPReply { try ServeProcess.exchange(port: port, bytes) }

    /// A connected socket with a 15-second read timeout.
    public func connect() throws -> Int32 { try ServeProcess.connect(port: port) }

    public func readAll(_ fd: Int32) -> [UInt8] { ServeProcess.readAll(fd) }

    /// One HTTP exchange with a server on 127.0.0.1:`port` that closes after its answer.
    public static func exchange(port: Int, _ bytes: [UInt8]) throws -> HTTPReply {
        let fd = try connect(port: port)
        defer { close(fd) }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer and close before it has read everything (413, 431): read the answer.
            if n <= 0 { break }
            sent += n
        }
        return HTTPReply(readAll(fd))
    }

    public static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw TestSupportError.failed("cannot connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
        var tv = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    public static func readAll(_ fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            out += chunk[0..<n]
        }
        return out
    }

    /// A port nothing listens on right now on 127.0.0.1 (for a program that cannot take port 0).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw TestSupportError.failed("no free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// A request with a JSON body to a server on 127.0.0.1:`port`.
    public static func request(port: Int, _ method: String, _ path: String, _ body: String = "") throws -> HTTPReply {
        let head =
            "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
        return try exchange(port: port, Array(head.utf8) + Array(body.utf8))
    }

    /// SIGTERM, then the exit status (nil when it did not end within 10 seconds).
    public func stop() async -> Int32? {
        child.signal(SIGTERM)
        guard await child.wait(timeout: .seconds(10)) else { return nil }
        return child.exitCode
    }
}

/// An HTTP answer: the status and the body (the last answer when an interim 100 came first).
public struct HTTPReply: Sendable {
    public var status: Int
    public var headers: String
    public var body: String

    public init(_ bytes: [UInt8]) {
        var text = String(decoding: bytes, as: UTF8.self)
        while text.hasPrefix("HTTP/1.1 100"), let r = text.range(of: "\r\n\r\n") { text = String(text[r.upperBound...]) }
        let parts = text.components(separatedBy: "\r\n\r\n")
        headers = parts.first ?? ""
        body = parts.dropFirst().joined(separator: "\r\n\r\n")
        status = Int(headers.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
