import Foundation
import Testing

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

// The drill runner as a process: killed before each of its journal writes
// and resumed, its wake-ups while it waits, speeds it refuses, the shipped
// example drills scored, and a drill's checklist drawn in scenario time.

private let tinyScenario = packageRoot + "/Tests/WarRoomCoreTests/Fixtures/scenarios/drill-tiny.toml"

private func events(_ path: String) -> [Event] {
    fileLines(path).compactMap { try? LineDecoder.decode($0).get() }
}

/// The journal holds one complete drill of drill-tiny: started, declared, each inject's
/// marker and its own event exactly once, ended; and `check` finds nothing wrong.
private func expectOneCompleteTinyDrill(_ path: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let all = events(path)
    func count(_ p: (Event) -> Bool) -> Int { all.filter(p).count }
    #expect(count { $0.kind == .drillStarted } >= 1, "\(what)", sourceLocation: sourceLocation)
    let state = JournalReader.read(fileBytes(path)).state
    #expect(state.badLines.isEmpty, "\(what): \(state.badLines)", sourceLocation: sourceLocation)
    let finished = state.drills.values.filter { $0.isEnded && state.incidents[$0.incident] != nil }
    #expect(finished.count == 1, "\(what): \(state.drills)", sourceLocation: sourceLocation)
    guard let run = finished.first else { return }
    #expect(run.endReason == "completed", "\(what)", sourceLocation: sourceLocation)
    let mine = all.filter { $0.incident == run.incident }
    for inject in ["ping", "pong"] {
        #expect(
            mine.filter { $0.kind == .drillInject && $0.string("inject") == inject }.count == 1, "\(what): marker \(inject)",
            sourceLocation: sourceLocation)
        #expect(
            mine.filter { $0.kind != .drillInject && $0.string("drill_inject") == inject }.count == 1, "\(what): event of \(inject)",
            sourceLocation: sourceLocation)
    }
    #expect(mine.filter { $0.kind == .incidentDeclared }.count == 1, "\(what)", sourceLocation: sourceLocation)
    #expect(mine.filter { $0.kind == .drillEnded }.count == 1, "\(what)", sourceLocation: sourceLocation)
    let check = try await warroom(["check", "--journal", path])
    #expect(check.status == 0, "\(what): \(check.stdout)", sourceLocation: sourceLocation)
}

@Suite("Drill runner processes", .enabled(if: warroomBinary != nil, "needs the warroom binary"))
struct DrillRunnerProcessTests {
    @Test("killed before any one of its journal writes, the runner resumes (or starts again) to one complete drill")
    func everyKillPoint() async throws {
        var died: [Int] = []
        var k = 1
        while k <= 12 {
            let dir = TempDir("drill-kill")
            let j = dir.file("j.jsonl")
            // ×60: drill-tiny's injects fall 0.5 s apart, so each is a write of its own.
            let run = ["drill", "run", tinyScenario, "--journal", j, "--speed", "60", "--quiet"]
            let first = try await warroom(run, environment: cliEnvironment(["WARROOM_TEST_EXIT_BEFORE_WRITE": "\(k)"]))
            if first.status == 0 {
                try await expectOneCompleteTinyDrill(j, "no kill (K = \(k))")
                break
            }
            #expect(first.status == 137, "K = \(k): \(first.stderr)")
            died.append(k)
            // Whatever the kill left, --resume finishes it; with nothing to resume, a new run starts.
            let resumed = try await warroom(["drill", "run", tinyScenario, "--journal", j, "--speed", "60", "--quiet", "--resume"])
            if resumed.status != 0 {
                #expect(resumed.stderr.contains("no unfinished drill"), "K = \(k): \(resumed.stderr)")
                #expect(events(j).isEmpty, "K = \(k): resume refused a journal holding a drill")
                let again = try await warroom(run)
                #expect(again.status == 0, "K = \(k): \(again.stderr)")
            }
            try await expectOneCompleteTinyDrill(j, "killed before write \(k)")
            k += 1
        }
        // Start, ping, pong and the end: each a kill point of its own.
        #expect(died.count >= 4, "kill points exercised: \(died)")
    }

    @Test("a drill an older runner started but never declared resumes, and a new drill can still start beside it")
    func startedButNotDeclared() async throws {
        let dir = TempDir("drill-undeclared")
        let j = dir.file("j.jsonl")
        let today = String(RFC3339.format(Date()).prefix(10)).replacingOccurrences(of: "-", with: "")
        let id = "INC-\(today)-01"
        try writeFile(
            j,
            ev(
                "drill.started", nil, at: 0, actor: "facilitator",
                ["incident": .string(id), "scenario": "drill-tiny", "speed": 120, "path": .string(tinyScenario)]) + "\n")
        let again = dir.file("again.jsonl")
        try writeFile(again, fileBytes(j))

        let resumed = try await warroom(["drill", "run", tinyScenario, "--journal", j, "--quiet", "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        try await expectOneCompleteTinyDrill(j, "resumed")

        let fresh = try await warroom(["drill", "run", tinyScenario, "--journal", again, "--speed", "60", "--quiet"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        try await expectOneCompleteTinyDrill(again, "started again")
        #expect(JournalReader.read(fileBytes(again)).state.incidents["INC-\(today)-02"] != nil)
    }

    @Test("the runner opens the journal only to write, and wakes about once per thing due or written, not in a loop on its own writes")
    func runnerDoesNotSpin() async throws {
        let dir = TempDir("drill-wakeups")
        let j = dir.file("j.jsonl")
        let counts = dir.file("counts")
        let started = ContinuousClock.now
        let r = try await warroom(
            ["drill", "run", tinyScenario, "--journal", j, "--speed", "60", "--quiet"],
            environment: cliEnvironment(["WARROOM_TEST_RUNNER_COUNTS": counts]))
        let seconds = (ContinuousClock.now - started).components.seconds
        #expect(r.status == 0, "\(r.stderr)")
        let parts = fileText(counts).split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        let looks = try #require(parts.count == 4 ? Int(parts[1]) : nil, "\(parts)")
        let appends = try #require(parts.count == 4 ? Int(parts[3]) : nil, "\(parts)")
        // ping, pong and the end.
        #expect(appends == 3)
        // Each append wakes the runner once more (its own write), each due time once, and the
        // 1 s safety poll once a second: a bound that only grows if the machine is slow.
        #expect(looks <= 4 * appends + 4 + 2 * Int(seconds + 1), "looked \(looks) times for \(appends) appends in about \(seconds) s")
    }

    @Test("a follower is not woken by a writer that opened the journal and wrote nothing; a real append still wakes it")
    func followerIgnoresEmptyAppends() throws {
        let dir = TempDir("follow-noop")
        let j = dir.file("j.jsonl")
        let writer = JournalWriter(path: j)
        try writer.append([
            EventDraft(kind: .incidentDeclared, incident: "INC-1", data: ["title": "t", "severity": 2]).stamp(
                actor: "a", login: "a", at: T0)
        ])
        let file = JournalFile(path: j)
        try file.refresh()
        let follower = JournalFollower(file: file)
        try #require(follower.descriptor >= 0, "no inotify here")
        func readable() -> Bool {
            var p = pollfd(fd: follower.descriptor, events: Int16(POLLIN), revents: 0)
            return poll(&p, 1, 0) > 0
        }
        for _ in 0..<20 {
            // What the runner did on every wake-up: lock the journal for writing, find nothing due, close it.
            try writer.append { _ throws(EventError) in [] }
            if readable() { #expect(!follower.drain(), "an append that wrote nothing woke the follower") }
        }
        try writer.append([EventDraft(kind: .note, incident: "INC-1", data: ["text": "news"]).stamp(actor: "a", login: "a", at: T0)])
        #expect(readable())
        #expect(follower.drain())
    }

    @Test("drill run and demo refuse a speed outside 0.01 to 3600, saying the range", arguments: ["1e-300", "0.001", "0", "5000", "nan"])
    func refusesSpeed(_ speed: String) async throws {
        let dir = TempDir("drill-speed")
        let j = dir.file("j.jsonl")
        let r = try await warroom(["drill", "run", tinyScenario, "--journal", j, "--speed", speed, "--quiet"])
        #expect(r.status != 0)
        #expect(!r.signaled)
        #expect(r.stderr.contains("--speed must be a number from 0.01 to 3600"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: j))
        let demo = try await warroom(["demo", "--journal", j, "--speed", speed])
        #expect(demo.status != 0)
        #expect(demo.stderr.contains("--speed must be a number from 0.01 to 3600"), "\(demo.stderr)")
    }

    @Test(
        "a hand-written drill.started with speed 5e-324 is a bad line; render, status and report still work",
        arguments: [Double.leastNonzeroMagnitude, 1e-300])
    func tinySpeedInAJournal(_ speed: Double) async throws {
        let dir = TempDir("drill-tiny-speed")
        let j = dir.file("j.jsonl")
        try writeFile(
            j,
            [
                ev("drill.started", nil, at: 0, ["incident": "INC-1", "scenario": "x", "speed": .number(speed)]),
                declareLine(severity: 2, playbook: "website-crisis", extra: ["drill": true]),
                ev("checklist.added", at: 1, ["item": "call-bank", "text": "Call the bank", "due": "30m"]),
            ].map { $0 + "\n" }.joined())
        let check = try await warroom(["check", "--journal", j])
        #expect(check.status == 1)
        #expect(check.stdout.contains(":1:") && check.stdout.contains("data.speed must be a number from 0.01 to 3600"), "\(check.stdout)")
        for args in [["render", "--size", "120x40", "--now", ts(120)], ["status"], ["status", "--json"], ["report"], ["drill", "score"]] {
            let r = try await warroom(args + ["--journal", j])
            #expect(r.status == 0 && !r.signaled, "\(args): \(r.status) \(r.stderr)")
        }
    }

    @Test("every shipped example journal that holds a drill scores")
    func shippedExamplesScore() async throws {
        let dir = packageRoot + "/examples"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".jsonl") }.sorted()
        var drills = 0
        for f in files {
            let path = dir + "/" + f
            let state = JournalReader.read(fileBytes(path)).state
            guard state.orderedIncidents.contains(where: { $0.drill }) || !state.drills.isEmpty else { continue }
            drills += 1
            let text = try await warroom(["drill", "score", "--journal", path])
            #expect(text.status == 0, "\(f): \(text.stderr)")
            #expect(text.stdout.hasPrefix("DRILL "), "\(f): \(text.stdout)")
            let json = try await warroom(["drill", "score", "--json", "--journal", path])
            #expect(json.status == 0, "\(f): \(json.stderr)")
            let o = try foundationJSON(json.stdout)
            #expect(o["drill"] as? Bool == true, "\(f)")
        }
        #expect(drills >= 1, "no shipped example is a drill")
        // The Chinese drill example ended: its clocks stopped then, not weeks later.
        let zh = try await warroom(["drill", "score", "--journal", dir + "/drill-zh.jsonl"])
        #expect(zh.stdout.contains("run by hand, ended at T+54:48"), "\(zh.stdout)")
        #expect(!zh.stdout.contains("breached"), "\(zh.stdout)")
        let status = try await warroom(["status", "--journal", dir + "/drill-zh.jsonl"])
        #expect(status.stdout.contains("elapsed 54m 47s"), "\(status.stdout)")
    }

    @Test("a drill's checklist pane gives how late an item is in scenario time (due T+30m, at T+1:04: 34 minutes)")
    func consoleOverdueInScenarioTime() async throws {
        let dir = TempDir("drill-overdue")
        let j = dir.file("j.jsonl")
        try writeFile(
            j,
            [
                ev("drill.started", nil, at: 0, ["incident": "INC-1", "scenario": "x", "speed": 60]),
                declareLine(severity: 2, extra: ["drill": true]),
                ev("checklist.added", at: 0, ["item": "call-bank", "text": "Call the bank", "due": "30m"]),
                ev("checklist.added", at: 0, ["item": "brief-ceo", "text": "Brief the CEO", "due": "90m"]),
            ].map { $0 + "\n" }.joined())
        let r = try await warroom(["render", "--journal", j, "--size", "160x40", "--now", ts(64), "--time-zone", "UTC"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("overdue 34m 00s"), "\(r.stdout)")
        #expect(r.stdout.contains("due in 26m 00s"), "\(r.stdout)")

        // Ended at T+1:04 and drawn a day later: the clock, the checklist and the targets read as they did at the end.
        try writeFile(j, fileText(j) + ev("drill.ended", at: 64, ["reason": "completed"]) + "\n")
        for size in ["160x40", "80x24"] {
            let ended = try await warroom(["render", "--journal", j, "--size", size, "--now", ts(86400), "--time-zone", "UTC"])
            #expect(ended.status == 0, "\(ended.stderr)")
            #expect(ended.stdout.contains("T+1:04:00 ×60 ended"), "\(ended.stdout)")
            #expect(ended.stdout.contains(size == "80x24" ? "ended│" : "not reached"), "\(ended.stdout)")
        }
        let wide = try await warroom(["render", "--journal", j, "--size", "160x40", "--now", ts(86400), "--time-zone", "UTC"])
        #expect(wide.stdout.contains("overdue 34m 00s"), "\(wide.stdout)")
        #expect(wide.stdout.contains("due in 26m 00s"), "\(wide.stdout)")
        let restore = wide.stdout.split(separator: "\n").first { $0.contains("Restore service") }
        #expect(restore?.contains("1h 04m / 48h  not reached") == true, "\(restore ?? "")")
    }
}
