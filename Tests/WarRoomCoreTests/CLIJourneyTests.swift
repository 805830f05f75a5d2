import Foundation
import Testing

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

// The command line as a new user meets it (issue 12, findings 20–25, and issue 13's
// smaller findings): misspelt commands, options before the command, a journal in a
// directory that does not exist, `init` as root, no playbooks, `append` without
// --incident, counter values with commas, negative numbers, `leave`, `report --output DIR`.
// Each test runs the real binary.

@Suite("Command line: a new user's journey")
struct CLIJourneyTests {
    /// A journal with one open incident INC-1 at L2 under website-crisis.
    func journal(_ dir: TempDir, _ extra: [String] = []) throws -> String {
        let path = dir.file("j.jsonl")
        try writeFile(path, journalBytes([declareLine("INC-1", severity: 2, playbook: "website-crisis")] + extra))
        return path
    }

    // MARK: 20. misspelt subcommands

    @Test(
        "a misspelt command is not a command, and the nearest one is suggested",
        arguments: [
            (["delcare", "--severity", "2", "--title", "x"], "declare"),
            (["stauts"], "status"),
            (["--as", "bob", "notee", "hello"], "note"),
            (["reprot", "--format", "html"], "report"),
        ] as [([String], String)])
    func misspeltCommand(args: [String], nearest: String) async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try journal(dir)
        let before = fileBytes(path)
        let r = try await warroom(args + ["--journal", path])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("\"\(args.first { !$0.hasPrefix("-") && $0 != "bob" }!)\" is not a warroom command"), "\(r.stderr)")
        #expect(r.stderr.contains("did you mean `warroom \(nearest)`?"), "\(r.stderr)")
        #expect(!r.stderr.contains("Unknown option"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(fileBytes(path) == before)
    }

    @Test("a word far from every command lists the commands instead of guessing")
    func unrelatedWord() async throws {
        let r = try await warroom(["xyzzyplugh"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("\"xyzzyplugh\" is not a warroom command; the commands are: status, declare"), "\(r.stderr)")
    }

    // MARK: 25. shared options before the subcommand

    @Test("--journal and --as are accepted before the subcommand as after it")
    func sharedOptionsBeforeTheCommand() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try journal(dir)
        let r = try await warroom(["--as", "bob", "--journal", path, "join", "bob", "--name", "Bob B"])
        #expect(r.status == 0, "\(r.stderr)")
        let joined = try LineDecoder.decode(try #require(fileLines(path).last)).get()
        #expect(joined.type == "member.joined")
        #expect(joined.actor == "bob")
        #expect(joined.string("name") == "Bob B")
        let eq = try await warroom(["--journal=\(path)", "--as=carol", "note", "from", "carol"])
        #expect(eq.status == 0, "\(eq.stderr)")
        let note = try LineDecoder.decode(try #require(fileLines(path).last)).get()
        #expect(note.actor == "carol")
        #expect(note.string("text") == "from carol")
        let status = try await warroom(["--journal", path, "status"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("INC-1"))
    }

    // MARK: 21. the journal's directory

    @Test(
        "a journal whose directory does not exist is an error (exit 2, unreadable) for every command",
        arguments: [
            ["status"], ["status", "--json"], ["note", "hello"], ["declare", "--severity", "2", "--title", "x"],
            ["report"], ["render"], ["check"], ["append"], ["join", "bob"],
        ])
    func missingDirectory(args: [String]) async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.path + "/no/such/dir/x.jsonl"
        let r = try await warroom(args + ["--journal", path], stdin: "")
        #expect(r.status == 2, "\(args): \(r.stdout)")
        #expect(r.stderr.contains("the journal's directory \(dir.path)/no/such/dir does not exist"), "\(args): \(r.stderr)")
        #expect(!r.stdout.contains("0 events"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/no"))
    }

    @Test("status of a missing journal in an existing directory says there is none yet and how to start one")
    func noJournalYet() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("new.jsonl")
        let r = try await warroom(["status", "--journal", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("no journal yet at \(path)"), "\(r.stdout)")
        #expect(r.stdout.contains("warroom declare --severity N --title TEXT"))
        #expect(!r.stdout.contains("0 events"))
        let report = try await warroom(["report", "--journal", path])
        #expect(report.status != 0)
        #expect(report.stderr.contains("no journal yet at \(path)"), "\(report.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    // MARK: 22. init as root

    @Test("init as root without --group is refused and asks for the team's group", .enabled(if: runningAsRoot))
    func initAsRootNeedsAGroup() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let target = dir.file("room")
        let r = try await warroom(["init", target])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--group NAME"), "\(r.stderr)")
        #expect(!r.stdout.contains("usermod -aG root"))
        #expect(!FileManager.default.fileExists(atPath: target))
        let ok = try await warroom(["init", target, "--group", "nogroup"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("usermod -aG nogroup"))
    }

    // MARK: 23. no playbooks

    @Test("declare with no playbooks found warns, saying where they were looked for; status says so too")
    func noPlaybooks() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.file("j.jsonl")
        let empty = dir.file("data")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        // The binary is run from the empty directory with WARROOM_DATA there, but the build tree it
        // sits in has playbooks/: copy it out so no candidate directory holds any.
        let bin = dir.file("warroom")
        try FileManager.default.copyItem(atPath: try #require(warroomBinary), toPath: bin)
        let env = cliEnvironment(["WARROOM_DATA": empty])
        let r = try await runProcess(
            bin, ["declare", "--journal", path, "--severity", "2", "--title", "No plans"], environment: env, directory: empty)
        #expect(r.status == 0, "\(r.stderr)")
        let id = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            r.stderr.contains("\(id) has no playbook, so no checklist: no playbooks found (looked in \(empty)/playbooks"), "\(r.stderr)")
        #expect(r.stderr.contains("WARROOM_DATA"))
        let s = try await runProcess(bin, ["status", "--journal", path], environment: env, directory: empty)
        #expect(s.stdout.contains("no playbook, so no checklist: no playbooks found (looked in \(empty)/playbooks"), "\(s.stdout)")

        // A playbook the journal names but the catalog lacks says why, not just "(not found)".
        try writeFile(path, journalBytes([declareLine("INC-1", playbook: "gone")]))
        let named = try await warroom(["status", "--journal", path])
        #expect(
            named.stdout.contains("playbook gone (not found: no playbook \"gone\" among those found (`warroom playbooks` lists them))"),
            "\(named.stdout)")
    }

    // MARK: 24. append defaults to the open incident

    @Test("append fills in the open incident where a line has none, as every other command does")
    func appendDefaultsToTheOpenIncident() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try journal(dir)
        let input =
            [
                #"{"type":"counter.set","data":{"name":"complaints","value":12}}"#,
                #"{"type":"incident.declared","incident":"INC-2","data":{"title":"Second","severity":3}}"#,
                #"{"type":"note","data":{"text":"goes to the newest open one"}}"#,
                #"{"type":"member.joined","data":{"member":"erin"}}"#,
            ].joined(separator: "\n") + "\n"
        let r = try await warroom(["append", "--journal", path], stdin: input)
        #expect(r.status == 0, "\(r.stderr)")
        let events = try fileLines(path).dropFirst().map { try LineDecoder.decode($0).get() }
        #expect(events.map(\.incident) == ["INC-1", "INC-2", "INC-2", nil])

        // With nothing open a line that needs an incident is a bad line, named.
        try writeFile(path, journalBytes([declareLine(), ev("incident.phase", at: 5, ["phase": "closed"])]))
        let none = try await warroom(["append", "--journal", path], stdin: #"{"type":"note","data":{"text":"x"}}"# + "\n")
        #expect(none.status == 1)
        #expect(none.stderr.contains("line 1:"), "\(none.stderr)")
    }

    // MARK: issue 13, 10. counter values

    @Test(
        "counter values: well-formed digit grouping is accepted",
        arguments: [
            ("1,234", 1234.0), ("1,234,567", 1_234_567), ("12", 12), ("0.5", 0.5), ("1234.5", 1234.5), ("1,234.5", 1234.5),
            ("-3", -3), ("2e3", 2000), (".5", 0.5),
        ] as [(String, Double)])
    func counterAccepts(text: String, value: Double) async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try journal(dir)
        let r = try await warroom(["counter", "complaints", "--journal", path, "--", text])
        #expect(r.status == 0, "\(text): \(r.stderr)")
        let e = try LineDecoder.decode(try #require(fileLines(path).last)).get()
        #expect(e.data["value"]?.numberValue == value, "\(text)")
    }

    @Test(
        "counter values: ambiguous commas and points are refused with how to write the number",
        arguments: [
            "1,2", "1.000,5", ",5", "1,,234", "1,2345", "12,34,567", "1.", "1,234,", "0x10", "nan", "inf", "1 234", "",
        ])
    func counterRefuses(text: String) async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try journal(dir)
        let before = fileBytes(path)
        let r = try await warroom(["counter", "complaints", "--journal", path, "--", text])
        #expect(r.status != 0, "\(text) was accepted")
        #expect(r.stderr.contains("must be a number like 1234, 1,234 or 1234.5"), "\(text): \(r.stderr)")
        #expect(r.stderr.contains("commas only between groups of three digits"))
        #expect(fileBytes(path) == before)
    }

    // MARK: issue 13, smaller

    @Test(
        "a negative number after an option is out of range, not a missing value",
        arguments: [
            (["declare", "--severity", "-1", "--title", "x"], "--severity must be 1, 2 or 3 (or L1, L2, L3); -1 is out of range"),
            (["add-item", "x", "text", "--due", "-5m"], "--due -5m is out of range"),
            (["render", "--size", "-5x10"], "--size -5x10 is out of range"),
        ] as [([String], String)])
    func negativeNumbers(args: [String], phrase: String) async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try journal(dir)
        let before = fileBytes(path)
        let r = try await warroom(args + ["--journal", path])
        #expect(r.status != 0)
        #expect(r.stderr.contains(phrase), "\(r.stderr)")
        #expect(!r.stderr.contains("Missing value"), "\(r.stderr)")
        #expect(fileBytes(path) == before)
    }

    @Test(
        "a negative number where a value goes is out of range; after -- it is text",
        arguments: [
            ["severity", "-1"], ["counter", "complaints", "-5"], ["note", "hello", "-5", "degrees"],
        ])
    func negativePositionals(args: [String]) async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try journal(dir)
        let before = fileBytes(path)
        let r = try await warroom(args + ["--journal", path])
        #expect(r.status == 64)
        #expect(r.stderr.contains("is out of range: a value here cannot be negative"), "\(r.stderr)")
        #expect(r.stderr.contains("put -- before the arguments"))
        #expect(!r.stderr.contains("Missing expected argument") && !r.stderr.contains("Unknown option"), "\(r.stderr)")
        #expect(fileBytes(path) == before)
        let text = try await warroom(["note", "--journal", path, "--", "hello", "-5", "degrees"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(try LineDecoder.decode(try #require(fileLines(path).last)).get().string("text") == "hello -5 degrees")
    }

    @Test("leave of someone not on the roster is refused, as release of an unheld role is")
    func leaveIsConsistentWithRelease() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try journal(dir, [ev("member.joined", at: 1, ["member": "bob"])])
        let before = fileBytes(path)
        let never = try await warroom(["leave", "mallory", "--journal", path])
        #expect(never.status != 0)
        #expect(never.stderr.contains("mallory is not on the roster of INC-1, nothing to leave (members: alice, bob)"), "\(never.stderr)")
        let standing = try await warroom(["leave", "bob", "--standing", "--journal", path])
        #expect(standing.status != 0)
        #expect(standing.stderr.contains("bob is not on the standing roster, nothing to leave"), "\(standing.stderr)")
        #expect(fileBytes(path) == before)
        let release = try await warroom(["release", "commander", "--journal", path])
        #expect(release.status != 0)
        #expect(release.stderr.contains("nothing to release"))
        let ok = try await warroom(["leave", "bob", "--journal", path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(fileLines(path).count == 3)
    }

    @Test("report --output DIR says it is a directory")
    func reportOutputDirectory() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try journal(dir)
        let r = try await warroom(["report", "--journal", path, "--output", dir.path])
        #expect(r.status != 0)
        #expect(
            r.stderr.contains("--output \(dir.path) is a directory; give a file to write, e.g. \(dir.path)/INC-1-review.md"), "\(r.stderr)")
        #expect(!r.stderr.contains("NSCocoaErrorDomain"))
    }
}
