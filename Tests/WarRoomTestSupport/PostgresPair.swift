import Foundation
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

/// A primary and a streaming standby of its own, for the failover test: the primary started with
/// synchronous replication (`synchronous_standby_names = '*'`, `synchronous_commit = on`), the
/// standby made with `pg_basebackup -R` from it, each server on its own socket directory and port
/// (Unix sockets only, in a temporary directory, so nothing meets another test run). Unlike
/// `PostgresCluster` (one shared cluster for the whole process), a pair belongs to the test that
/// starts it, which kills the primary and promotes the standby; `stop()` ends what is left.
public final class PostgresPair: @unchecked Sendable {
    public let directory: String
    public let primarySockets: String
    public let standbySockets: String
    public let primaryPort = 5432
    public let standbyPort = 5433
    private let bin: String

    /// A libpq URI naming both servers, so a client finds whichever accepts writes now.
    public func uri(journal: String = DatabaseAddress.defaultJournal) -> String {
        "postgresql:///postgres?host=\(primarySockets),\(standbySockets)&port=\(primaryPort),\(standbyPort)"
            + "&user=postgres&target_session_attrs=read-write&journal=\(journal)"
    }

    /// The primary alone (for `db init` before the clients come).
    public var primaryURI: String { "postgresql:///postgres?host=\(primarySockets)&port=\(primaryPort)&user=postgres" }

    /// Starts both servers and waits until the standby is the primary's synchronous standby.
    public init() throws {
        guard let bin = PostgresCluster.binaries else { throw TestSupportError.failed(PostgresCluster.absent) }
        self.bin = bin
        var template = Array("/tmp/wr-pgpair-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TestSupportError.failed("mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        directory = String(cString: made)
        primarySockets = directory + "/s1"
        standbySockets = directory + "/s2"
        for d in [directory, primarySockets, standbySockets] {
            mkdir(d, 0o700)
            if getuid() == 0, let pw = getpwnam("postgres") { chown(d, pw.pointee.pw_uid, pw.pointee.pw_gid) }
            chmod(d, 0o700)
        }
        try tool(
            "initdb", ["-D", directory + "/primary", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"])
        // No fsync: the primary is killed and never restarted, and the standby is never crashed.
        try tool(
            "pg_ctl",
            [
                "-D", directory + "/primary", "-l", directory + "/primary.log", "-w", "-o",
                "-k \(primarySockets) -p \(primaryPort) -c listen_addresses='' -c fsync=off"
                    + " -c synchronous_standby_names='*' -c synchronous_commit=on -c wal_level=replica",
                "start",
            ])
        try tool(
            "pg_basebackup",
            [
                "-D", directory + "/standby", "-R", "-X", "stream", "--no-sync", "-h", primarySockets, "-p", "\(primaryPort)", "-U",
                "postgres",
            ])
        // The standby's own command line, not the primary's: no synchronous_standby_names there, so
        // once promoted (and alone) its commits do not wait for a standby that is not there.
        try tool(
            "pg_ctl",
            [
                "-D", directory + "/standby", "-l", directory + "/standby.log", "-w", "-o",
                "-k \(standbySockets) -p \(standbyPort) -c listen_addresses='' -c fsync=off", "start",
            ])
        try waitForSynchronousStandby()
    }

    /// The primary gone at once, as in a crash (`pg_ctl stop -m immediate`).
    public func killPrimary() throws {
        try tool("pg_ctl", ["-D", directory + "/primary", "-m", "immediate", "-w", "stop"])
    }

    /// The standby made the primary (`pg_ctl promote`), waiting until it accepts writes.
    public func promoteStandby() throws {
        try tool("pg_ctl", ["-D", directory + "/standby", "-w", "promote"])
    }

    /// Stops whatever still runs and removes the directory.
    public func stop() {
        for d in ["primary", "standby"] where FileManager.default.fileExists(atPath: directory + "/" + d + "/postmaster.pid") {
            _ = PostgresCluster.runAsServerUser(
                bin + "/pg_ctl", ["-D", directory + "/" + d, "-m", "immediate", "-w", "stop"], output: "/dev/null")
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// One value from the primary (`psql -At`), for setting up and waiting.
    public func primaryQuery(_ sql: String) throws -> String {
        try tool("psql", ["-h", primarySockets, "-p", "\(primaryPort)", "-U", "postgres", "-d", "postgres", "-Atc", sql])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The standby streams and is counted as synchronous: until then the primary's commits wait.
    private func waitForSynchronousStandby() throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? primaryQuery("SELECT sync_state FROM pg_stat_replication")) == "sync" { return }
            usleep(100_000)
        }
        throw TestSupportError.failed(
            "the standby did not become the primary's synchronous standby within 30 s; \(directory)/standby.log: "
                + String(decoding: fileBytes(directory + "/standby.log"), as: UTF8.self))
    }

    /// Runs a server tool to its end; throws with its output when it fails.
    @discardableResult
    private func tool(_ name: String, _ args: [String]) throws -> String {
        let out = directory + "/" + name + ".out"
        let status = PostgresCluster.runAsServerUser(bin + "/" + name, args, output: out)
        let text = String(decoding: fileBytes(out), as: UTF8.self)
        guard status == 0 else {
            let err = String(decoding: fileBytes(out + ".err"), as: UTF8.self)
            throw TestSupportError.failed("\(name) \(args.joined(separator: " ")) failed (\(status)): \(text) \(err)")
        }
        return text
    }
}
