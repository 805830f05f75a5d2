import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway PostgreSQL cluster for the database journal's tests: initdb into a temporary
/// directory, the server listening only on a Unix socket in that directory (so parallel test
/// runs never meet), run as the `postgres` user when the tests run as root (the server refuses
/// root). Started once per test process, the first time a test asks for it, and stopped when
/// the process exits.
public enum PostgresCluster {
    /// Where Debian's server binaries are (the newest version installed), if they are.
    public static let binaries: String? = {
        guard let versions = try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql") else { return nil }
        return versions.compactMap { v -> (Int, String)? in
            let bin = "/usr/lib/postgresql/\(v)/bin"
            guard let n = Int(v), FileManager.default.isExecutableFile(atPath: bin + "/initdb"),
                FileManager.default.isExecutableFile(atPath: bin + "/pg_ctl")
            else { return nil }
            return (n, bin)
        }.max { $0.0 < $1.0 }?.1
    }()

    public static var available: Bool { binaries != nil }

    /// Said when the tests that need the server are skipped.
    public static let absent =
        "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: the database journal's tests are skipped; scripts/setup.sh (make test) installs them (apt-get install postgresql)"

    /// The cluster's connection URI (without a journal name), or why it could not start.
    nonisolated(unsafe) private static var directory: String?
    private static let started: Result<String, StartFailure> = start()

    private struct StartFailure: Error {
        var text: String
    }

    /// A URI naming a journal of its own in the test cluster (a fresh one unless `journal` is given).
    public static func uri(journal: String = "t-" + UUID().uuidString.prefix(12).lowercased(), extra: String = "") throws -> String {
        let base: String
        switch started {
        case .success(let b): base = b
        case .failure(let f): throw TestSupportError.failed(f.text)
        }
        return base + "&journal=" + journal + extra
    }

    /// The same journal over TCP on 127.0.0.1: another connection path than the Unix socket,
    /// as a console on a second host would reach the server.
    public static func tcpURI(journal: String, extra: String = "") throws -> String {
        _ = try uri(journal: journal)
        guard let port = tcpPort else { throw TestSupportError.failed("the test cluster has no TCP port") }
        return "postgresql://postgres@127.0.0.1:\(port)/postgres?journal=" + journal + extra
    }

    nonisolated(unsafe) static var tcpPort: Int?

    /// A port nobody listens on now (the kernel's choice for a socket bound to port 0).
    static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        return bound ? Int(UInt16(bigEndian: addr.sin_port)) : nil
    }

    /// The address of such a URI, for library tests.
    public static func address(journal: String = "t-" + UUID().uuidString.prefix(12).lowercased(), extra: String = "") throws
        -> DatabaseAddress
    {
        guard let a = DatabaseAddress(try uri(journal: journal, extra: extra)) else { throw TestSupportError.failed("not a database URI") }
        return a
    }

    /// Runs a server tool to its end (as `postgres` when we are root); returns its exit status.
    static func runAsServerUser(_ tool: String, _ args: [String], output: String) -> Int32 {
        let (program, arguments) = getuid() == 0 ? ("/usr/sbin/runuser", ["-u", "postgres", "--", tool] + args) : (tool, args)
        guard
            let pid = try? spawn(
                program, arguments, environment: ProcessInfo.processInfo.environment, stdout: output,
                stderr: output == "/dev/null" ? output : output + ".err")
        else { return -1 }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        return exitStatus(raw)
    }

    private static func start() -> Result<String, StartFailure> {
        guard let bin = binaries else { return .failure(StartFailure(text: absent)) }
        var template = Array("/tmp/wr-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            return .failure(StartFailure(text: "mkdtemp failed: \(String(cString: strerror(errno)))"))
        }
        let dir = String(cString: made)
        directory = dir
        let asRoot = getuid() == 0
        if asRoot {
            guard let pw = getpwnam("postgres") else {
                return .failure(
                    StartFailure(
                        text: "running as root, and there is no postgres user to run the server as (apt-get install postgresql creates it)")
                )
            }
            chown(dir, pw.pointee.pw_uid, pw.pointee.pw_gid)
        }
        chmod(dir, 0o700)
        func run(_ tool: String, _ args: [String]) -> (Int32, String) {
            // posix_spawn and waitpid, not Foundation's Process: its wait also watches a descriptor
            // that the server pg_ctl leaves running inherits, and then never returns.
            let outPath = dir + "/" + tool + ".out"
            let status = PostgresCluster.runAsServerUser(bin + "/" + tool, args, output: outPath)
            return (status, String(decoding: fileBytes(outPath) + fileBytes(outPath + ".err"), as: UTF8.self))
        }
        let (i, initOut) = run(
            "initdb", ["-D", dir + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"])
        guard i == 0 else { return .failure(StartFailure(text: "initdb failed: \(initOut)")) }
        // fsync off: a test cluster need not survive a power cut, and syncing slows every append.
        // The socket in the temporary directory, and TCP on 127.0.0.1 for a second connection path.
        guard let port = freePort() else { return .failure(StartFailure(text: "no free TCP port on 127.0.0.1")) }
        tcpPort = port
        let (s, startOut) = run(
            "pg_ctl",
            [
                "-D", dir + "/data", "-l", dir + "/server.log", "-w", "-o",
                "-k \(dir) -p \(port) -c listen_addresses='127.0.0.1' -c fsync=off -c max_connections=200", "start",
            ])
        guard s == 0 else {
            return .failure(
                StartFailure(text: "pg_ctl start failed: \(startOut) \(String(decoding: fileBytes(dir + "/server.log"), as: UTF8.self))"))
        }
        atexit {
            guard let dir = PostgresCluster.directory, let bin = PostgresCluster.binaries else { return }
            _ = PostgresCluster.runAsServerUser(
                bin + "/pg_ctl", ["-D", dir + "/data", "-m", "immediate", "-w", "stop"], output: "/dev/null")
            try? FileManager.default.removeItem(atPath: dir)
        }
        let base = "postgresql://postgres@/postgres?host=\(dir)&port=\(port)"
        guard let a = DatabaseAddress(base) else { return .failure(StartFailure(text: "bad URI \(base)")) }
        do {
            _ = try DatabaseSchema.initialize(a)
        } catch {
            return .failure(StartFailure(text: "db init on the test cluster failed: \(error.message)"))
        }
        return .success(base)
    }
}
