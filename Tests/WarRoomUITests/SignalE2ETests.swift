import Foundation
import Testing
import WarRoomCore

// Issue 16 end to end: two consoles on one journal; an alert appended by another process
// (`warroom append`, as a relay would) shows in both; declaring from it in one shows the
// incident, with the alert's title and severity, in the other. Bounded waits, no sleeps.

private extension TmuxSession {
    func startConsole(as name: String, width: Int = 80, height: Int = 24) async throws {
        let cmd =
            "exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color WARROOM_DATA=\(shellQuote(packageRoot)) "
            + [bin, "--journal", journal, "--as", name].map(shellQuote).joined(separator: " ")
        try await start(name, width: width, height: height, command: cmd)
    }
}

@Suite("Alerts in two consoles under tmux", .enabled(if: tmuxPath != nil && uiWarroomBinary != nil, "needs tmux and the warroom binary"))
struct SignalE2ETests {
    @Test("an appended signal.fired shows in both consoles; declaring from it in one shows the incident in the other")
    func declareFromAlert() async throws {
        let t = try TmuxSession(label: "signals", defaultTarget: "alice", waitTimeout: .seconds(20))
        defer { t.killServer() }
        try await t.startConsole(as: "alice")
        try await t.startConsole(as: "bob", width: 120, height: 40)
        for c in ["alice", "bob"] { try await t.waitFor("No active incident", in: c) }

        let line =
            #"{"type":"signal.fired","actor":"alertmanager","data":{"fingerprint":"3f0c9b7a","source":"alertmanager","title":"LoginFailureRate","summary":"login failures 7.2 %","meets":2,"rule":"login_failure_pct","starts_at":"2026-11-22T08:00:00Z"}}"#
        let r = try await run(t.bin, ["append", "--journal", t.journal], stdin: line + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        for c in ["alice", "bob"] {
            try await t.waitFor("the alerts line on \(c)'s console", in: c) { $0.contains("⚠ 1 alert open (1 meets L2): LoginFailureRate") }
        }

        // alice lists the alerts and declares from the one selected, editing its title.
        try await t.keys("!", in: "alice")
        try await t.waitFor("meets L2 — declare?", in: "alice")
        try await t.keys("Enter", in: "alice")
        try await t.waitFor("Declare L2: title: LoginFailureRate", in: "alice")
        try await t.literal(" in auth", in: "alice")
        try await t.keys("Enter", in: "alice")
        try await t.waitFor("playbook", in: "alice")
        try await t.keys("Enter", in: "alice")
        try await t.waitFor("summary (optional, Enter skips): login failures 7.2 %", in: "alice")
        try await t.keys("Enter", in: "alice")
        try await t.waitFor("impact began", in: "alice")
        try await t.keys("Enter", in: "alice")
        let declared = try await t.waitForEvent("the declaration from the alert", timeout: .seconds(20)) { $0.kind == .incidentDeclared }
        #expect(declared?.string("signal") == "3f0c9b7a")
        #expect(declared?.string("title") == "LoginFailureRate in auth")
        #expect(declared?.data["severity"]?.intValue == 2)
        #expect(declared?.string("started_at").flatMap(RFC3339.parse) == RFC3339.parse("2026-11-22T08:00:00Z"))
        #expect(declared?.actor == "alice")
        let id = try #require(declared?.incident)

        // bob's console shows the incident with the alert's title and severity; the alerts line is gone on both.
        let bob = try await t.waitFor("the incident on bob's console", in: "bob") { s in
            let header = String(s.split(separator: "\n").first ?? "")
            return header.contains(id) && header.contains(" L2 ") && header.contains("LoginFailureRate in auth")
        }
        #expect(bob?.contains("alert open") == false, "the alert was declared: \(bob ?? "")")
        try await t.waitFor("the alerts line gone on alice's console", in: "alice") { s in
            s.split(separator: "\n").first?.contains(id) == true && !s.contains("alert open")
        }
        // Declaring from it again in bob's console is refused with the incident's id.
        try await t.keys("!", in: "bob")
        try await t.waitFor("declared as \(id)", in: "bob")
        try await t.keys("Enter", in: "bob")
        try await t.waitFor("is already declared as \(id)", in: "bob")
        #expect(t.events().filter { $0.kind == .incidentDeclared }.count == 1)
        for c in ["alice", "bob"] { try await t.keys("Escape", in: c); try await t.keys("q", in: c) }
    }
}
