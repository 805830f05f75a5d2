import Foundation
import Testing

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

// The README's command-line block, run in order on a fresh journal as a new user
// would type it. Each command in the block becomes a real run: optional parts in
// [brackets] are left out, and the placeholders (TIME, FILE, DIR, G, "…") get
// concrete values. A command added to the README without working fails here.

/// The commands of the README's "## The command line" block, in order, as argument lists.
func readmeCommandLines() throws -> [String] {
    let readme = try String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)
    guard let section = readme.range(of: "## The command line"),
        let open = readme.range(of: "```sh\n", range: section.upperBound..<readme.endIndex),
        let close = readme.range(of: "```", range: open.upperBound..<readme.endIndex)
    else { throw ReadmeError("README.md has no ```sh block under '## The command line'") }
    var commands: [String] = []
    for line in readme[open.upperBound..<close.lowerBound].split(separator: "\n") {
        // Two commands share a line when separated by a run of spaces; a comment ends one.
        let code = line.components(separatedBy: " # ").first ?? String(line)
        for part in code.components(separatedBy: "   ") {
            let p = part.trimmingCharacters(in: .whitespaces)
            if let r = p.range(of: "warroom ") { commands.append(String(p[r.lowerBound...])) }
        }
    }
    return commands
}

struct ReadmeError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Splits a command line the way sh would for the README's simple quoting.
func shellWords(_ s: String) -> [String] {
    var words: [String] = []
    var current = ""
    var quoted = false
    var inWord = false
    for ch in s {
        if ch == "\"" {
            quoted.toggle()
            inWord = true
        } else if ch == " " && !quoted {
            if inWord { words.append(current) }
            current = ""
            inWord = false
        } else {
            current.append(ch)
            inWord = true
        }
    }
    if inWord { words.append(current) }
    return words
}

/// Leaves out [optional] parts (nested ones too).
func withoutOptionalParts(_ s: String) -> String {
    var out = ""
    var depth = 0
    for ch in s {
        if ch == "[" { depth += 1 } else if ch == "]" { depth = max(0, depth - 1) } else if depth == 0 { out.append(ch) }
    }
    return out.replacingOccurrences(of: "  ", with: " ")
}

@Suite("The README's commands")
struct ReadmeCommandsTests {
    @Test("the block lists the commands a new user needs")
    func blockFound() throws {
        let commands = try readmeCommandLines()
        #expect(commands.count >= 20, "\(commands)")
        #expect(commands.first?.hasPrefix("warroom declare") == true)
    }

    @Test("every command in the README's block runs, in order, on a fresh journal")
    func everyCommandRuns() async throws {
        let dir = TempDir()
        defer { withExtendedLifetime(dir) {} }
        let journal = dir.file("warroom.jsonl")
        let group = String(cString: getgrgid(getgid()).pointee.gr_name)
        let env = cliEnvironment(["WARROOM_JOURNAL": journal])
        var ran: [String] = []
        for command in try readmeCommandLines() {
            var line = withoutOptionalParts(command)
            var stdin: String?
            if line.hasPrefix("warroom append") {
                stdin = #"{"type":"note","data":{"text":"from the alerting script"}}"# + "\n"
            }
            line = line.replacingOccurrences(of: "…", with: "We are restoring payments")
            var words = Array(shellWords(line).dropFirst())
            words = words.map { w in
                switch w {
                case "TIME": return RFC3339.format(Date())
                case "FILE": return dir.file("report.md")
                case "DIR": return dir.file("room")
                case "G": return group
                default: return w
                }
            }
            let r = try await warroom(words, stdin: stdin, environment: env, directory: dir.path)
            #expect(r.status == 0, "`\(command)` as `warroom \(words.joined(separator: " "))` failed: \(r.stderr)")
            ran.append(words.first ?? "")
        }
        // The journal holds what the commands wrote, and the chain is whole.
        let check = try await warroom(["check"], environment: env, directory: dir.path)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(
            Set(ran).isSuperset(of: [
                "declare", "note", "severity", "phase", "assign", "release", "join", "presence", "leave", "add-item", "tick", "untick",
                "counter", "comms", "append", "status", "check", "render", "playbooks", "report", "init",
            ]))
    }
}
