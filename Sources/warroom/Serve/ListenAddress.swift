import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// `--listen HOST:PORT` (`[::1]:9094` for IPv6), opened as a listening socket.
struct ListenAddress {
    var host: String
    var port: String

    init(_ text: String) throws {
        var host = ""
        var port = ""
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.hasPrefix(":") { port = String(rest.dropFirst()) }
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            port = String(text[text.index(after: colon)...])
        }
        guard !host.isEmpty, let p = Int(port), (0...65535).contains(p) else {
            throw CLIError(
                tr("--listen must be HOST:PORT, like 127.0.0.1:9094 or [::1]:9094, not \"{value}\"", ["value": text]))
        }
        self.host = host
        self.port = port
    }

    /// A listening socket, and the port it got (the one asked for, or the kernel's pick for 0).
    func open() throws -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, port, &hints, &list)
        guard rc == 0, let first = list else {
            throw CLIError(
                tr("cannot listen on {host}:{port}: {reason}", ["host": host, "port": port, "reason": String(cString: gai_strerror(rc))]))
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw failure(errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0, listen(fd, 64) == 0 else {
            let e = errno
            close(fd)
            throw failure(e)
        }
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let got = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        var bound = Int(port) ?? 0
        if got == 0 {
            // The port sits at the same place in sockaddr_in and sockaddr_in6, in network order.
            bound = withUnsafeBytes(of: storage) { Int($0[2]) << 8 | Int($0[3]) }
        }
        return (fd, bound)
    }

    private func failure(_ e: Int32) -> CLIError {
        CLIError(
            tr("cannot listen on {host}:{port}: {reason}", ["host": host, "port": port, "reason": String(cString: strerror(e))]))
    }
}
