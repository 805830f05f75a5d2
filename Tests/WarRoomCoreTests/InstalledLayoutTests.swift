import Foundation
import Testing

@testable import WarRoomCore

// The layout `make install` and `make deb` give: PREFIX/bin/warroom and PREFIX/share/warroom/{playbooks,locale,...},
// with the binary run by name from PATH (argv[0] is then just "warroom"), from any directory, without WARROOM_DATA.

@Suite("Installed layout")
struct InstalledLayoutTests {
    /// A copy of the binary under prefix/bin (a copy, not a link: the build tree beside a linked binary holds the
    /// data too), the shipped playbooks and translations under prefix/share/warroom, and an empty working directory.
    func install() throws -> (dir: TempDir, prefix: String, cwd: String) {
        let dir = TempDir()
        let prefix = dir.file("prefix")
        let cwd = dir.file("elsewhere")
        let fm = FileManager.default
        for d in ["\(prefix)/bin", "\(prefix)/share/warroom", cwd] { try fm.createDirectory(atPath: d, withIntermediateDirectories: true) }
        try fm.copyItem(atPath: try requireBinary(), toPath: "\(prefix)/bin/warroom")
        for d in ["playbooks", "locale"] {
            try fm.copyItem(atPath: "\(packageRoot)/\(d)", toPath: "\(prefix)/share/warroom/\(d)")
        }
        return (dir, prefix, cwd)
    }

    /// Runs `warroom ARGS` as a shell does when it finds it on PATH.
    func runByName(_ args: [String], prefix: String, cwd: String, _ extra: [String: String] = [:]) async throws -> ProcessResult {
        var env = cliEnvironment(extra)
        env["WARROOM_DATA"] = nil
        env["PATH"] = "\(prefix)/bin:/usr/bin:/bin"
        return try await runProcess("/bin/sh", ["-c", "exec warroom \"$@\"", "sh"] + args, environment: env, directory: cwd)
    }

    @Test("run by name from PATH, the binary finds its playbooks in ../share/warroom, whatever the working directory")
    func playbooksBesideTheBinary() async throws {
        let (dir, prefix, cwd) = try install()
        defer { withExtendedLifetime(dir) {} }
        let r = try await runByName(["playbooks"], prefix: prefix, cwd: cwd)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("website-crisis"), "\(r.stdout)")
        #expect(!r.stdout.contains("No playbooks found"), "\(r.stdout)")
    }

    @Test("run by name from PATH, the binary finds its translations in ../share/warroom/locale")
    func translationsBesideTheBinary() async throws {
        let (dir, prefix, cwd) = try install()
        defer { withExtendedLifetime(dir) {} }
        let r = try await runByName(["playbooks"], prefix: prefix, cwd: cwd, ["WARROOM_LANG": "zh"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("no translations found"), "\(r.stderr)")
        #expect(r.stdout.contains("website-crisis"), "\(r.stdout)")
    }
}
