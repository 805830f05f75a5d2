// The reliability and security suite, console half: the real `warroom`
// console under a private tmux server (its own -L socket) facing hostile
// journal text, a disk that refuses writes, hang-ups and a read-only journal;
// and the terminal-facing CLI outputs (render, status, check, report) facing
// the same hostile text. See docs/reliability.md.
import Foundation
import Testing
import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Helpers (prefixed, private to this file's purpose)

// Processes run through WarRoomTestSupport's `run` (posix_spawn, signals at
// their defaults), tmux through its TmuxSession.

private func relUIBytes(_ path: String) -> [UInt8] { FileManager.default.contents(atPath: path).map { Array($0) } ?? [] }

/// A private tmux server for one test. Everything that would let text change
/// the terminal is on: renames, the clipboard, titles; dead panes stay so
/// their exit status can be read.
private extension TmuxSession {
    static func reliability() throws -> TmuxSession {
        try TmuxSession(
            settings: TmuxSession.hostileSettings + ["set -g remain-on-exit on", "set -g history-limit 0"],
            waitTimeout: .seconds(15))
    }

    /// `exec`s the console (so the pane's pid is warroom's), behind `prefix` (a shell snippet such as `ulimit -f 4;`).
    func consoleExec(journal: String? = nil, wrapper: [String] = [], prefix: String = "") -> String {
        let exe =
            (wrapper + [
                "env", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=xterm-256color", "WARROOM_DATA=\(uiPackageRoot)", bin, "--journal",
                journal ?? self.journal,
            ])
            .map(shellQuote).joined(separator: " ")
        return prefix.isEmpty ? "exec \(exe)" : "bash -c \(shellQuote("\(prefix) exec \(exe)"))"
    }
}

/// Journal lines built like warroom writes them (chained), for seeding.
private func relUIWrite(_ path: String, _ events: [Event]) throws {
    let w = JournalWriter(path: path)
    try w.append(events)
}

private let relUIT0 = RFC3339.parse("2026-11-22T08:00:00Z")!

private func relUIEvent(_ kind: EventType, _ data: JSONObject, actor: String = "alice", incident: String? = "INC-1", at: Double = 0)
    -> Event
{
    Event(kind, ts: Date().addingTimeInterval(-3600 + at), actor: actor, incident: incident, id: Identity.newEventID(), data: data)
}

/// Hostile text: every way a line of the journal could try to drive a colleague's terminal.
private let relHostile: [(name: String, text: String)] = [
    ("clear screen", "CLR\u{1B}[2J\u{1B}[Hcleared"),
    ("title OSC 0", "TTL\u{1B}]0;PWNED-TITLE\u{7}end"),
    ("title OSC 2 ST", "TT2\u{1B}]2;PWNED-TITLE2\u{1B}\\end"),
    ("clipboard OSC 52", "CLIP\u{1B}]52;c;UFdORUQtQ0xJUA==\u{7}end"),
    ("cursor move", "MOVE\u{1B}[1;1HPWNED-MOVE"),
    ("carriage return", "safe text\rOVERWRITTEN"),
    ("backspaces", "abc\u{8}\u{8}\u{8}XYZ"),
    ("bidi override", "bidi \u{202E}gnp.exe"),
    ("bidi isolate", "iso \u{2067}RTL\u{2069} end"),
    ("C1 CSI", "C1 \u{9B}2J csi"),
    ("C1 NEL", "NEL\u{85}next"),
    ("tmux rename", "REN\u{1B}kPWNED-WINDOW\u{1B}\\end"),
    ("DCS passthrough", "DCS\u{1B}Ptmux;\u{1B}\u{1B}]0;PWNED-DCS\u{7}\u{1B}\\end"),
    ("bell and DEL", "BEL\u{7}\u{7F}end"),
]

/// A journal where hostile text sits in every field the console shows.
private func relHostileJournal(_ path: String) throws {
    var events: [Event] = [
        relUIEvent(
            .incidentDeclared, ["title": .string("Hostile \u{1B}]0;PWNED-TITLE\u{7}title \u{202E}x"), "severity": 2],
            actor: "ev\u{1B}[31mil")
    ]
    for (k, h) in relHostile.enumerated() {
        events.append(
            relUIEvent(.note, ["text": .string("\(k) \(h.text)")], actor: k % 3 == 0 ? "act\u{1B}[2Jor" : "alice", at: Double(k + 1)))
    }
    events.append(relUIEvent(.roleAssigned, ["role": "lead\u{1B}[5m", "member": .string("m\u{202E}\u{9B}x")], at: 30))
    events.append(relUIEvent(.counterSet, ["name": .string("c\u{1B}[2J"), "value": 3, "unit": .string("u\u{8}")], at: 31))
    events.append(relUIEvent(.commsPublished, ["audience": "external", "text": .string("pub\u{1B}]52;c;UFdORUQ=\u{7}")], at: 32))
    events.append(relUIEvent(.memberJoined, ["member": .string("mem\u{1B}]0;PWNED\u{7}"), "name": .string("N\u{1B}[2J")], at: 33))
    events.append(
        Event(
            ts: Date().addingTimeInterval(-3600 + 34), type: "x\u{1B}]0;PWNED\u{7}", actor: "a", incident: "INC-1",
            data: ["t": .string("\u{1B}[2J")]))
    try relUIWrite(path, events)
}

/// The raw bytes a terminal must never receive from journal text.
private func relRawControls(_ bytes: [UInt8], allowSGR: Bool = false) -> [String] {
    var found: [String] = []
    var i = 0
    while i < bytes.count {
        let b = bytes[i]
        if b == 0x1B && allowSGR {
            // Colours only: ESC [ digits ; ... m
            var k = i + 1
            if k < bytes.count && bytes[k] == 0x5B {
                k += 1
                while k < bytes.count && (bytes[k] == 0x3B || (bytes[k] >= 0x30 && bytes[k] <= 0x39)) { k += 1 }
                if k < bytes.count && bytes[k] == 0x6D {
                    i = k + 1
                    continue
                }
            }
            found.append("ESC at byte \(i) not followed by a colour")
        } else if (b < 0x20 && b != 0x0A) || b == 0x7F {
            found.append("0x\(String(b, radix: 16)) at byte \(i)")
        }
        i += 1
    }
    for u in String(decoding: bytes, as: UTF8.self).unicodeScalars {
        let v = u.value
        if (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
            found.append("U+\(String(v, radix: 16, uppercase: true))")
        }
    }
    return found
}

// MARK: - Tests

@Suite("Reliability: the console and terminal outputs", .serialized, .enabled(if: tmuxPath != nil, "needs tmux"))
struct ReliabilityE2ETests {
    // MARK: 4. Terminal injection

    @Test("hostile journal text stays inert in the console under tmux: visible ␛, title, window name and clipboard untouched")
    func consoleInjection() async throws {
        let t = try TmuxSession.reliability()
        // A pane that never shows journal text: its title is what an untouched title looks like.
        try await t.start("ref", command: "exec sleep 600")
        try relHostileJournal(t.journal)
        try await t.start("wr", command: t.consoleExec())
        let refTitle = try await t.display("#{pane_title}", in: "ref")
        let screen = try await t.waitFor("the hostile notes", in: "wr") { s in s.contains("␛") && s.contains("Timeline") }
        // Something is appended live too (the follow path draws it).
        let live = try await run(
            t.bin, ["note", "--journal", t.journal, "--as", "l\u{1B}[2Jive", "live \u{1B}]0;PWNED-LIVE\u{7} \u{1B}[2J\rLIVE-OVER"])
        #expect(live.status == 0, "\(live.stderr)")
        let after = try await t.waitFor("the live hostile note", in: "wr") { $0.contains("LIVE-OVER") }
        for s in [screen, after].compactMap({ $0 }) {
            #expect(s.contains("␛"), "ESC must show as ␛")
            #expect(["Timeline", "Roster", "Checklist", "KPIs"].allSatisfy(s.contains), "a pane vanished (was the screen cleared?):\n\(s)")
            #expect(s.contains("Hostile ␛]0;PWNED-TITLE␇title"), "the title should show inert:\n\(s)")
        }
        if let s = after {
            #expect(s.contains("safe text␍OVERWRITTEN"), "CR must not return to the start of the line:\n\(s)")
            #expect(s.contains("abc␈␈␈XYZ"), "BS must not overwrite:\n\(s)")
            #expect(s.contains("⟨U+202E⟩"), "a bidi override must show as its code:\n\(s)")
            #expect(s.contains("⟨U+009B⟩"), "a C1 control must show as its code:\n\(s)")
            #expect(s.contains("␛]0;PWNED-LIVE␇ ␛[2J␍LIVE-OVER"), "\(s)")
        }
        let title = try await t.display("#{pane_title}", in: "wr")
        #expect(title == refTitle && !title.contains("PWNED"), "the pane title changed to \(title)")
        let window = try await t.display("#{window_name}", in: "wr")
        #expect(!window.contains("PWNED"), "the window was renamed to \(window)")
        let buffers = try await t.command(["list-buffers"])
        #expect(buffers.text.isEmpty, "OSC 52 reached the clipboard: \(buffers.text)")
        // The pane is still alive and answers keys.
        try await t.keys("?", in: "wr")
        try await t.waitFor("any key closes", in: "wr")
        try await t.keys("Escape", "q", in: "wr")
        let dead = try await t.waitDead("wr", timeout: .seconds(5))
        #expect(dead?.status == 0)
    }

    @Test("hostile journal text never reaches the terminal raw from render, status, check, report or note")
    func cliInjection() async throws {
        let bin = try requireBinary()
        let dir = ScratchDir("inj")
        let j = dir.file("j.jsonl")
        try relHostileJournal(j)
        // Bad lines whose reasons quote the hostile text.
        let bad = [
            #"{"v":1,"ts":"\u001b]0;PWNED\u0007\u001b[2J","type":"note","actor":"a","incident":"INC-1","data":{"text":"x"}}"#,
            #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x","kind":"\u001b[2J\u202e\u009b"}}"#,
            #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"note","actor":"a","incident":"INC-1","data":{"text":"x","\u001b]0;PWNED\u0007":1,"\u001b]0;PWNED\u0007":2}}"#,
            #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"note","actor":"a","incident":"INC\u0085\u009b2J","data":{"text":"x"}}"#,
            #"{"v":1,"ts":"2026-11-22T08:00:00Z","type":"note","actor":"a","incident":"INC\u009b2J\u202e","data":{"text":"x"}}"#,
        ]
        let fd = open(j, O_WRONLY | O_APPEND)
        let raw = Array((bad.joined(separator: "\n") + "\n").utf8)
        _ = raw.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        var outputs: [(String, RunResult, Bool)] = []
        for args in [
            ["status"], ["render", "--size", "200x50"], ["render", "--size", "80x24", "--ascii"], ["check"], ["report"],
            ["report", "--format", "html"],
        ] {
            outputs.append((args.joined(separator: " "), try await run(bin, args + ["--journal", j]), false))
        }
        outputs.append(("render --ansi", try await run(bin, ["render", "--ansi", "--size", "200x50", "--journal", j]), true))
        outputs.append(
            ("note", try await run(bin, ["note", "--journal", j, "--incident", "INC-1", "typed \u{1B}]0;PWNED\u{7}\r\u{202E}"]), false))
        outputs.append(
            (
                "append", try await run(bin, ["append", "--journal", j, "--incident", "INC-1"], stdin: bad.joined(separator: "\n") + "\n"),
                false
            ))
        for (name, r, sgr) in outputs {
            #expect(r.signal == nil, "\(name) died of signal \(r.signal ?? 0)")
            let found = relRawControls(r.stdoutBytes, allowSGR: sgr)
            #expect(found.isEmpty, "warroom \(name) printed raw controls: \(found.prefix(8))")
            let foundErr = relRawControls(Array(r.stderr.utf8))
            #expect(foundErr.isEmpty, "warroom \(name) wrote raw controls to stderr: \(foundErr.prefix(8))")
        }
        let check = outputs.first { $0.0 == "check" }!.1
        #expect(check.status == 1)
        #expect(check.text.contains("␛]0;PWNED␇␛[2J"), "the reason should show the text inert: \(check.text)")
        // Tools reading JSON get the text escaped (\u001b, \u009b, \u202e): nothing raw either.
        for args in [["status", "--json"], ["report", "--format", "json"]] {
            let r = try await run(bin, args + ["--journal", j])
            #expect(r.status == 0)
            let found = relRawControls(r.stdoutBytes)
            #expect(found.isEmpty, "\(args) printed raw controls: \(found.prefix(8))")
        }
        // The journal itself, as warroom wrote it, is safe to `tail` on a terminal.
        let journalFound = relRawControls(relUIBytes(j))
        #expect(journalFound.isEmpty, "the journal holds raw controls: \(journalFound.prefix(8))")
    }

    // MARK: 5. A failing disk in the console

    @Test("a write refused by the OS (ulimit -f) keeps the typed text in the prompt and says why in the footer")
    func consoleFileSizeLimit() async throws {
        let t = try TmuxSession.reliability()
        try relUIWrite(t.journal, [relUIEvent(.incidentDeclared, ["title": "Disk full drill", "severity": 2])])
        // Pad with a blank line to exactly 4 KiB; bash's `ulimit -f 4` (1 KiB units) is then reached.
        let have = relUIBytes(t.journal).count
        let pad = [UInt8](repeating: 0x20, count: 4096 - have - 1) + [0x0A]
        let fd = open(t.journal, O_WRONLY | O_APPEND)
        _ = pad.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let before = relUIBytes(t.journal)
        #expect(before.count == 4096)
        try await t.start("wr", width: 220, command: t.consoleExec(prefix: "ulimit -f 4;"))
        try await t.waitFor("Disk full drill", in: "wr")
        try await t.keys("n", in: "wr")
        try await t.waitFor("observation:", in: "wr")
        try await t.literal("some text", in: "wr")
        try await t.waitFor("observation: some text", in: "wr")
        try await t.keys("Enter", in: "wr")
        let s = try await t.waitFor("the error in the footer", in: "wr") { $0.contains("File too large") }
        if let s {
            #expect(s.contains("observation: some text"), "the typed text must stay in the prompt:\n\(s)")
            #expect(s.contains("cannot append to"), "\(s)")
        }
        #expect(relUIBytes(t.journal) == before, "nothing may be written")
        // Esc gives up; the console is still alive and quits normally.
        try await t.keys("Escape", in: "wr")
        // "cancelled" fades after a moment; on a loaded machine a capture can come after it, so the
        // prompt being gone is what is waited for.
        try await t.waitFor("the prompt closed", in: "wr") { $0.contains("cancelled") || !$0.contains("observation: some text") }
        try await t.keys("q", in: "wr")
        let dead = try await t.waitDead("wr", timeout: .seconds(5))
        #expect(dead?.status == 0)
        let check = try await run(t.bin, ["check", "--journal", t.journal])
        #expect(check.status == 0, "\(check.text)")
    }

    // MARK: 6. Hang-ups

    @Test(
        "SIGHUP and SIGTERM end the console at once without a partial write; the next console opens normally",
        arguments: [("SIGHUP", SIGHUP, 129), ("SIGTERM", SIGTERM, 143)])
    func hangUp(name: String, signal: Int32, status: Int) async throws {
        let t = try TmuxSession.reliability()
        try relUIWrite(
            t.journal,
            [
                relUIEvent(.incidentDeclared, ["title": "Hang-up drill", "severity": 2]),
                relUIEvent(.note, ["text": "before the hang-up"], at: 1),
            ])
        try await t.start("wr", command: t.consoleExec())
        try await t.waitFor("before the hang-up", in: "wr")
        // Half-typed work in a prompt is not written.
        try await t.keys("n", in: "wr")
        try await t.waitFor("observation:", in: "wr")
        try await t.literal("typed but never sent", in: "wr")
        try await t.waitFor("observation: typed but never sent", in: "wr")
        let before = relUIBytes(t.journal)
        let pid = try #require(Int32(try await t.display("#{pane_pid}", in: "wr")))
        let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(comm == "warroom", "the pane runs \(comm ?? "?"), not warroom")
        let sent = ContinuousClock.now
        #expect(kill(pid, signal) == 0)
        let dead = try await t.waitDead("wr", timeout: .seconds(3))
        let took = ContinuousClock.now - sent
        #expect(dead != nil, "\(name): the console did not end within 3 s")
        #expect(dead?.status == status, "\(name): exit status \(dead.map { "\($0.status)/\($0.signal)" } ?? "none")")
        #expect(took < .seconds(2), "\(name): took \(took)")
        expectOnlyPresenceClosed(t.journal, before: before, "\(name)")
        let check = try await run(t.bin, ["check", "--journal", t.journal])
        #expect(check.status == 0 && check.text.contains("chain verified"), "\(check.text)")
        // The next console opens it normally.
        try await t.start("again", command: t.consoleExec())
        try await t.waitFor("before the hang-up", in: "again")
        try await t.keys("q", in: "again")
        #expect(try await t.waitDead("again", timeout: .seconds(5))?.status == 0)
    }

    @Test("closing the terminal (tmux kill-pane, SIGHUP to the session) ends the console; the journal stays intact")
    func paneClosed() async throws {
        let t = try TmuxSession.reliability()
        try relUIWrite(t.journal, [relUIEvent(.incidentDeclared, ["title": "Dropped link", "severity": 2])])
        try await t.start("wr", command: t.consoleExec())
        try await t.waitFor("Dropped link", in: "wr")
        let before = relUIBytes(t.journal)
        let pid = try #require(Int32(try await t.display("#{pane_pid}", in: "wr")))
        try await t.command(["kill-pane", "-t", "wr"])
        let gone = try await eventually(timeout: .seconds(3)) { () -> Bool? in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            // A zombie has ended too.
            return stat.split(separator: ")").last?.split(separator: " ").first == "Z" ? true : nil
        }
        #expect(gone == true, "the console outlived its terminal")
        expectOnlyPresenceClosed(t.journal, before: before, "kill-pane")
        let check = try await run(t.bin, ["check", "--journal", t.journal])
        #expect(check.status == 0, "\(check.text)")
    }

    // MARK: Shared host: a read-only journal

    @Test("a read-only journal opens read-only in the console with a banner; action keys say why")
    func readOnlyConsole() async throws {
        let t = try TmuxSession.reliability()
        try relUIWrite(t.journal, [relUIEvent(.incidentDeclared, ["title": "Look but do not touch", "severity": 2])])
        var wrapper: [String] = []
        if geteuid() == 0 {
            // Root may write anything: look at it as nobody (the file stays root's, mode 0644).
            guard let sp = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                Issue.record("running as root without setpriv: cannot check read-only behaviour")
                return
            }
            wrapper = [sp, "--reuid=65534", "--regid=65534", "--clear-groups"]
            chmod(t.journal, 0o644)
        } else {
            chmod(t.journal, 0o444)
        }
        let before = relUIBytes(t.journal)
        try await t.start("wr", command: t.consoleExec(wrapper: wrapper))
        let s = try await t.waitFor("READ-ONLY:", in: "wr")
        #expect(s?.contains("read-only") == true)
        try await t.keys("n", in: "wr")
        try await t.waitFor("read-only: you may read", in: "wr")
        try await t.keys("D", in: "wr")
        try await t.waitFor("read-only: you may read", in: "wr")
        #expect(relUIBytes(t.journal) == before)
        try await t.keys("q", in: "wr")
        #expect(try await t.waitDead("wr", timeout: .seconds(5))?.status == 0)
    }
}

/// A console that ends on a hang-up or SIGTERM writes one thing: its person's presence, closed
/// (issue 12, finding 5). Nothing typed in a prompt, and nothing torn.
func expectOnlyPresenceClosed(_ path: String, before: [UInt8], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let after = relUIBytes(path)
    #expect(
        after.count > before.count && Array(after.prefix(before.count)) == before, "\(label): the journal was not only appended to",
        sourceLocation: sourceLocation)
    let added = String(decoding: after.dropFirst(before.count), as: UTF8.self).split(separator: "\n")
    #expect(added.count == 1, "\(label): \(added)", sourceLocation: sourceLocation)
    let e = added.first.flatMap { try? LineDecoder.decode(String($0)).get() }
    #expect(e?.kind == .memberStatus, "\(label): \(added)", sourceLocation: sourceLocation)
    #expect(e?.string("status") == "offline" && e?.data["closed"] == .bool(true), "\(label): \(added)", sourceLocation: sourceLocation)
}
