import Foundation
import Testing

@testable import WarRoomCore

// Error messages echo names from the journal (item ids, roles, members) and the
// arguments given; a hostile colleague's item id once changed the terminal's title and
// wrote the clipboard when someone mistyped `warroom tick` (issue 13, finding 2).
// Every error path of every command gets the hostile catalogue, and nothing that
// drives a terminal may come out on stdout or stderr.

enum HostileArguments {
    /// Escape sequences and controls (as in the console's hostile journal tests).
    static let payloads: [String] = [
        "\u{1B}[2J", "\u{1B}]0;PWNED\u{07}", "\u{1B}]52;c;ZXZpbA==\u{07}", "\u{1B}[10;10H", "\r", "\u{08}", "\u{9B}31m",
        "\u{202E}", "\u{2066}", "\u{7F}", "\u{1B}P+q\u{1B}\\", "\t",
    ]
    static let all = payloads.joined()

    /// What must never reach a terminal: C0 controls other than the newline, DEL, C1, bidi controls.
    static func dangerous(_ text: String) -> [String] {
        text.unicodeScalars.filter { u in
            (u.value < 0x20 && u != "\n") || u.value == 0x7F || (0x80...0x9F).contains(u.value)
                || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
        }.map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }
}

@Suite("Command line: hostile text in error messages")
struct CLIHostileErrorsTests {
    static let h = HostileArguments.all

    /// An open incident whose checklist item, role and member names are hostile.
    func hostileJournal(_ dir: TempDir) throws -> String {
        let path = dir.file("j.jsonl")
        let h = Self.h
        try writeFile(
            path,
            journalBytes([
                declareLine("INC-1", severity: 2, title: "t\(h)", actor: "mallory\(h)", playbook: "website-crisis"),
                ev("checklist.added", at: 1, ["item": .string("fix\(h)"), "text": .string("x\(h)")]),
                ev("role.assigned", at: 2, ["role": .string("r\(h)"), "member": .string("m\(h)")]),
                ev("member.joined", at: 3, ["member": .string("m\(h)"), "name": .string("n\(h)")]),
                ev("member.joined", nil, at: 4, ["member": .string("s\(h)")]),
            ]))
        return path
    }

    /// Every error path, each given the catalogue where it takes text.
    static let cases: [[String]] = {
        let h = Self.h
        return [
            ["tick", "nope"], ["untick", "nope"], ["release", "nope"], ["assign", "nope", "bob"], ["leave", "nope"],
            ["leave", "nope", "--standing"],
            ["tick", "nope\(h)"], ["release", "r\(h)x"], ["assign", "q\(h)", "bob"],
            ["note", "--incident", "I\(h)", "text"], ["note", "--kind", "k\(h)", "text"], ["note", "   "],
            ["declare", "--severity", "s\(h)", "--title", "x"], ["declare", "--severity", "2", "--title", "x", "--playbook", "p\(h)"],
            ["declare", "--severity", "2", "--title", "x", "--id", "i\(h)"],
            ["declare", "--severity", "2", "--title", "x", "--started-at", "t\(h)"],
            ["severity", "v\(h)"], ["phase", "p\(h)"], ["presence", "bob", "p\(h)"], ["counter", "c", "1,2\(h)"],
            ["comms", "--audience", "a\(h)", "text"], ["add-item", "x", "t", "--due", "d\(h)"],
            ["add-item", "x", "t", "--phase", "p\(h)"], ["join", "bob", "--incident", "I\(h)"],
            ["status", "--incident", "I\(h)"], ["status", "--at", "a\(h)"],
            ["report", "--incident", "I\(h)"], ["report", "--format", "f\(h)"], ["report", "--now", "n\(h)"],
            ["render", "--time-zone", "z\(h)"], ["render", "--focus", "f\(h)"], ["render", "--incident", "I\(h)"],
            ["render", "--size", "s\(h)"], ["render", "--now", "n\(h)"], ["render", "--at", "a\(h)"],
            ["c\(h)md"], ["delcare\(h)"], ["note", "--no-such-option\(h)"], ["status", "extra\(h)"],
            ["playbooks", "check", "/nonexistent/p\(h).toml"], ["init", "/nonexistent/d\(h)", "--group", "g\(h)"],
            ["drill", "score", "--incident", "I\(h)"], ["drill", "run", "s\(h)"], ["drill", "check", "/nonexistent/s\(h).toml"],
        ]
    }()

    @Test("no error message of any command lets a control reach the terminal", arguments: cases)
    func errorPath(args: [String]) async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try hostileJournal(dir)
        let before = fileBytes(path)
        // Commands without a journal get none, so that their own error path is the one taken.
        let takesJournal = !["init", "playbooks"].contains(args[0]) && args.prefix(2) != ["drill", "check"]
        let r = try await warroom(args + (takesJournal ? ["--journal", path] : []), stdin: "")
        #expect(r.status != 0, "\(args.map { Sanitizer.inline($0) }) succeeded: \(Sanitizer.multiline(r.stdout))")
        #expect(!r.signaled)
        #expect(!r.stderr.isEmpty)
        #expect(
            HostileArguments.dangerous(r.stderr).isEmpty, "stderr of \(args.map { Sanitizer.inline($0) }): \(Sanitizer.multiline(r.stderr))"
        )
        #expect(
            HostileArguments.dangerous(r.stdout).isEmpty, "stdout of \(args.map { Sanitizer.inline($0) }): \(Sanitizer.multiline(r.stdout))"
        )
        #expect(fileBytes(path) == before)
    }

    /// A missing file in an existing directory is no error for `status` ("no journal yet") or
    /// `render` (an empty console); what they print must be as inert as the errors.
    @Test(
        "a hostile journal path echoed by any command stays inert",
        arguments: [
            ["check"], ["check", "--head"], ["status"], ["note", "x"], ["report"], ["render"], ["tick", "x"], ["console", "--theme", "t"],
        ])
    func hostileJournalPath(args: [String]) async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        for path in [dir.path + "/j\(Self.h).jsonl", dir.path + "/d\(Self.h)/j.jsonl"] {
            let r = try await warroom(args + ["--journal", path], stdin: "")
            #expect(!r.signaled)
            #expect(!(r.stderr + r.stdout).isEmpty)
            #expect(HostileArguments.dangerous(r.stderr + r.stdout).isEmpty, "\(args): \(Sanitizer.multiline(r.stderr))")
        }
    }

    @Test("the journal's hostile names are shown in the lists errors give, made visible")
    func listsAreShownVisibly() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try hostileJournal(dir)
        let tick = try await warroom(["tick", "nope", "--journal", path])
        #expect(tick.stderr.contains("fix␛[2J␛]0;PWNED␇"), "\(Sanitizer.multiline(tick.stderr))")
        let release = try await warroom(["release", "nope", "--journal", path])
        #expect(release.stderr.contains("held: r␛[2J"), "\(Sanitizer.multiline(release.stderr))")
        let assign = try await warroom(["assign", "nope", "bob", "--journal", path])
        #expect(assign.stderr.contains("r␛[2J"), "\(Sanitizer.multiline(assign.stderr))")
    }

    @Test("hostile bad lines through `append` and a hostile member through `join` print inert text")
    func appendAndJoinOutput() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let path = try hostileJournal(dir)
        let input = "{\"type\":\"note\",\"data\":{\"kind\":\"k\\u001b]0;PWNED\\u0007\",\"text\":\"x\"}}\n\(Self.h)\n"
        let r = try await warroom(["append", "--journal", path], stdin: input)
        #expect(r.status == 1)
        #expect(HostileArguments.dangerous(r.stderr + r.stdout).isEmpty, "\(Sanitizer.multiline(r.stderr))")
        let join = try await warroom(["join", "j\(Self.h)", "--name", "n\(Self.h)", "--journal", path])
        #expect(join.status == 0, "\(join.stderr)")
        #expect(HostileArguments.dangerous(join.stderr + join.stdout).isEmpty, "\(Sanitizer.multiline(join.stdout))")
    }
}
