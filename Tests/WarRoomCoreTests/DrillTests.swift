import Foundation
import Testing

@testable import WarRoomCore

#if canImport(Glibc)
    import Glibc
#endif

// Tests for drills: the runner against a fake clock and an in-memory journal,
// pause and resume, restarting a killed runner, scoring, scenario file errors,
// and the `warroom drill` commands end to end.
//
// Everything here is private to this file (other test files of the target
// define their own helpers); it reuses WarRoomTestSupport's T0, TempDir,
// runProcess, cliEnvironment, fileLines, RelChild and relEventually, and
// TestSupport.swift's foundationJSON.

// MARK: - Fixtures and helpers

private let drillFixtures = packageRoot + "/Tests/WarRoomCoreTests/Fixtures/scenarios"

private func drillFixturePath(_ name: String) -> String { drillFixtures + "/" + name + ".toml" }

private func drillFixture(_ name: String) throws -> Scenario {
    try Scenario.load(path: drillFixturePath(name))
}

/// The incident id the in-memory drills run under.
private let drillIncident = "INC-20261122-01"

/// A drill whose journal is a list of lines folded by a JournalReader, whose
/// runner is driven by a fake clock (real seconds since `start`): nothing sleeps.
private struct FakeDrill {
    let scenario: Scenario
    let incident: String
    let start: Date
    var runner: DrillRunner
    var reader = JournalReader()
    var lines: [String] = []
    /// The fake clock: real seconds since the start.
    private(set) var clock: TimeInterval = 0
    private(set) var finished = false
    private(set) var steps = 0
    /// Batches written per step, in order (for "nothing fired while paused").
    private(set) var batchesWritten = 0

    init(
        _ scenario: Scenario, speed: Double? = nil, incident: String = drillIncident, start: Date = T0,
        withResponders: Bool = false
    ) {
        self.scenario = scenario
        self.incident = incident
        self.start = start
        runner = DrillRunner(scenario: scenario, incident: incident, withResponders: withResponders)
        write(runner.startEvents(speed: speed ?? scenario.speed, run: "run-1"), actor: "facilitator", at: 0)
    }

    var state: JournalState { reader.state }
    var run: DrillRun? { state.drills[incident] }
    func date(_ t: TimeInterval) -> Date { start.addingTimeInterval(t) }

    /// The journal's events, decoded again from the lines (so they went through JSON).
    var events: [Event] { lines.compactMap { try? LineDecoder.decode($0).get() } }

    /// Stamps drafts at real time `t`, serialises them and feeds them to the reader.
    mutating func write(_ drafts: [EventDraft], actor: String, at t: TimeInterval) {
        for d in drafts {
            let line = d.stamp(actor: actor, login: "facilitator", at: date(t)).jsonLine()
            lines.append(line)
            reader.feed(Array((line + "\n").utf8))
        }
    }

    /// An event from a player (or a console) at real time `t`; the runner looks first.
    mutating func player(_ kind: EventType, _ data: JSONObject = [:], actor: String = "alice", at t: TimeInterval) {
        if t > clock { advance(to: t) }
        write([EventDraft(kind: kind, incident: incident, data: data)], actor: actor, at: t)
    }

    /// One look by the runner at real time `t`; writes what it says, as the real loop does.
    @discardableResult
    mutating func step(at t: TimeInterval) -> DrillRunner.Step {
        clock = t
        let s = runner.step(state: state, now: date(t))
        steps += 1
        for b in s.batches {
            write(b.events, actor: "facilitator", at: t)
            batchesWritten += 1
        }
        if s.finished { finished = true }
        return s
    }

    /// Advances the fake clock to `target` in increments of `dt` (no drift: offsets are base + i·dt).
    mutating func advance(to target: TimeInterval, by dt: TimeInterval = 0.5) {
        let base = clock
        var i = 1
        while base + Double(i) * dt < target {
            step(at: base + Double(i) * dt)
            i += 1
        }
        step(at: target)
    }

    /// Steps every `dt` until the runner says the drill is over.
    mutating func runToEnd(by dt: TimeInterval = 0.5, limit: Int = 1_000_000) {
        let base = clock
        var i = 1
        while !finished && i < limit {
            step(at: base + Double(i) * dt)
            i += 1
        }
    }

    /// The runner killed and a new one started over the same journal, read afresh (as `--resume` does).
    mutating func restartRunner() {
        runner = DrillRunner(scenario: scenario, incident: incident)
        reader = JournalReader.read(Array(lines.map { $0 + "\n" }.joined().utf8))
    }

    /// Ids of the injects in `drill.inject` markers, in journal order.
    var markerIDs: [String] { events.filter { $0.kind == .drillInject }.compactMap { $0.string("inject") } }

    /// Scenario time of a fired inject's marker.
    func scenarioTime(of inject: String) -> TimeInterval? {
        guard let run, let f = run.fired.first(where: { $0.inject == inject }) else { return nil }
        return run.timescale.scenarioTime(at: f.at)
    }

    /// Real seconds after the start a fired inject's marker was written.
    func realTime(of inject: String) -> TimeInterval? {
        run?.fired.first(where: { $0.inject == inject }).map { $0.at.timeIntervalSince(start) }
    }

    func score(at t: TimeInterval, catalog: PlaybookCatalog = PlaybookCatalog()) -> DrillScore? {
        DrillScorer.score(scenario: scenario, state: state, incident: incident, catalog: catalog, now: date(t))
    }
}

private struct DrillTestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

private func drillBin() throws -> String {
    guard let b = warroomBinary else { throw DrillTestError("warroom binary not found: build with --build-tests or set WARROOM_BIN") }
    return b
}

/// Runs `warroom` to completion with WARROOM_DATA at the package root.
private func drillCLI(_ args: [String], stdinText: String? = nil, directory: String? = nil) async throws -> ProcessResult {
    try await runProcess(
        try drillBin(), args, stdin: stdinText.map { Data($0.utf8) }, environment: cliEnvironment(), directory: directory)
}

/// A `warroom` process left running, for stopping and killing: a RelChild
/// (WarRoomTestSupport/ChildProcess.swift: posix_spawn with an empty signal mask, since
/// Foundation's Process hands the child the test thread's mask, which blocks
/// SIGTERM) with its own scratch directory for stdout and stderr.
private final class RunningWarroom: @unchecked Sendable {
    let scratch: TempDir
    let child: RelChild

    init(_ args: [String]) throws {
        let s = TempDir("running")
        scratch = s
        child = try RelChild(try drillBin(), args, environment: cliEnvironment(), outPath: s.file("out"), errPath: s.file("err"))
    }

    var stdout: String { child.stdout }
    var stderr: String { child.stderr }
    /// The exit code, if it exited (rather than died of a signal).
    var exitCode: Int32? { child.exitCode }
    /// The signal that killed it, if one did.
    var killedBy: Int32? { child.termSignal }

    func signal(_ sig: Int32) { if !child.poll() { child.signal(sig) } }

    /// Waits for the process to exit; false if it is still running at the deadline.
    func waitExit(timeout: Duration = .seconds(10)) async -> Bool { await child.wait(timeout: timeout) }
}

/// A journal file's events, decoded (bad lines skipped).
private func journalEvents(_ path: String) -> [Event] {
    fileLines(path).compactMap { try? LineDecoder.decode($0).get() }
}

private func markerCounts(_ events: [Event]) -> [String: Int] {
    var c: [String: Int] = [:]
    for e in events where e.kind == .drillInject { c[e.string("inject") ?? "?", default: 0] += 1 }
    return c
}

// MARK: - The runner against a fake clock

@Suite("Drill runner on a fake clock")
struct DrillRunnerTests {
    @Test(
        "injects fire in order at their scenario time; speed compresses time; drill.ended at the duration",
        arguments: [1.0, 10.0, 60.0])
    func injectsFireOnTime(speed: Double) throws {
        let sc = try drillFixture("drill-timing")
        var d = FakeDrill(sc, speed: speed)
        // Five scenario seconds per look, whatever the speed.
        let dt = 5 / speed
        d.runToEnd(by: dt)
        #expect(d.finished)
        #expect(d.state.badLines.isEmpty, "the reader rejected lines: \(d.state.badLines)")

        // The start: drill.started, then the declaration with drill true, at the start.
        let events = d.events
        #expect(events.count == d.lines.count)
        #expect(events.first?.kind == .drillStarted)
        #expect(events.first?.string("incident") == drillIncident)
        #expect(events.first?.data["speed"]?.numberValue == speed)
        #expect(events.dropFirst().first?.kind == .incidentDeclared)
        #expect(events.dropFirst().first?.data["drill"]?.boolValue == true)
        #expect(d.state.incidents[drillIncident]?.drill == true)
        #expect(d.state.incidents[drillIncident]?.severity == .l2)

        // Timed injects in order (two due at 20m in file order); the manual one never fires by itself.
        #expect(d.markerIDs == ["first", "second", "third-a", "third-b"])
        for inj in sc.timedInjects {
            let t = try #require(d.scenarioTime(of: inj.id), "\(inj.id) never fired")
            #expect(t >= inj.at! && t <= inj.at! + 5 + 1e-6, "\(inj.id) due at \(inj.at!) fired at scenario time \(t)")
            let real = try #require(d.realTime(of: inj.id))
            #expect(abs(real - inj.at! / speed) <= dt + 1e-6, "\(inj.id) fired \(real) s after the start at ×\(speed)")
        }
        // At ×10 the inject at 10m fires one real minute after the start.
        if speed == 10 { #expect(d.realTime(of: "second") == 60) }

        // Each marker is followed by the inject's own event, as scripted.
        for (i, e) in events.enumerated() where e.kind == .drillInject {
            let inj = try #require(sc.inject(e.string("inject") ?? ""))
            #expect(e.incident == drillIncident)
            #expect(e.string("title") == inj.title)
            #expect(e.data["manual"] == nil)
            let next = try #require(i + 1 < events.count ? events[i + 1] : nil)
            #expect(next.type == inj.event.type)
            #expect(next.actor == inj.event.actor ?? "facilitator")
            // The scenario's data, marked with the inject's id (so scoring can tell the outside world from the team).
            var marked = inj.event.data
            marked["drill_inject"] = .string(inj.id)
            #expect(next.data == marked)
            #expect(next.incident == drillIncident)
            #expect(next.ts == e.ts)
        }

        // drill.ended, last, at the duration.
        let end = try #require(events.last)
        #expect(end.kind == .drillEnded)
        #expect(end.string("reason") == "completed")
        let run = try #require(d.run)
        #expect(run.isEnded)
        #expect(run.endReason == "completed")
        let endT = run.timescale.scenarioTime(at: end.ts)
        #expect(endT >= sc.duration && endT <= sc.duration + 5 + 1e-6)
        #expect(abs(end.ts.timeIntervalSince(T0) - sc.duration / speed) <= dt + 1e-6)
        #expect(events.filter { $0.kind == .drillEnded }.count == 1)

        // Once ended the runner writes nothing more.
        let after = d.step(at: d.clock + 100)
        #expect(after.batches.isEmpty && after.finished)
    }

    @Test("jumping the fake clock to each wake time fires every inject at its due instant")
    func wakeTimes() throws {
        let sc = try drillFixture("drill-timing")
        var d = FakeDrill(sc, speed: 10)
        var t = 0.0
        while !d.finished && d.steps < 10_000 {
            let s = d.step(at: t)
            let next = s.wake.timeIntervalSince(T0)
            if !s.finished {
                #expect(next > t, "wake \(next) is not after now \(t)")
                #expect(next <= t + 1 + 1e-9, "the runner should look again within a second")
            }
            t = next
        }
        #expect(d.finished)
        // About one look a real second (180 s at ×10) plus the due instants, not thousands.
        #expect(d.steps <= 200, "\(d.steps) steps")
        #expect(d.markerIDs == ["first", "second", "third-a", "third-b"])
        for inj in sc.timedInjects {
            let real = try #require(d.realTime(of: inj.id))
            #expect(abs(real - inj.at! / 10) <= 0.02, "\(inj.id) fired at real \(real), due at \(inj.at! / 10)")
        }
        let endReal = try #require(d.run?.endedAt).timeIntervalSince(T0)
        #expect(abs(endReal - 180) <= 0.02)
    }

    @Test("pause and resume shift the rest of the schedule; scenario time and KPI clocks stop while paused")
    func pauseAndResume() throws {
        let sc = try drillFixture("drill-timing")
        var d = FakeDrill(sc, speed: 10)
        d.advance(to: 30)
        #expect(d.markerIDs == ["first"])
        #expect(d.realTime(of: "first") == 12)

        // A console pauses at real +30 s (scenario 5m).
        d.write([EventDraft(kind: .drillPaused, incident: drillIncident, data: ["reason": "coffee"])], actor: "alice", at: 30)
        #expect(d.run?.isPaused == true)
        let pauseLength = 100.0
        let before = d.batchesWritten
        d.advance(to: 30 + pauseLength)
        #expect(d.batchesWritten == before, "the runner wrote while paused")
        #expect(d.markerIDs == ["first"])
        #expect(!d.finished)
        let run = try #require(d.run)
        #expect(run.timescale.scenarioTime(at: d.date(30)) == 300)
        #expect(run.timescale.scenarioTime(at: d.date(30 + pauseLength)) == 300)
        #expect(d.runner.nextInject(state: d.state)?.id == "second")

        // KPI time stops during the pause: time to notify reads 5m all through it.
        let inc = try #require(d.state.incidents[drillIncident])
        func notifySeconds(_ t: TimeInterval) -> TimeInterval? {
            let scale = d.state.timescale(for: drillIncident)
            return KPIEngine.compute(incident: inc, playbook: nil, policy: .standard, now: d.date(t), timescale: scale)
                .measure(.timeToNotify)?.seconds
        }
        #expect(notifySeconds(20) == 200)
        #expect(notifySeconds(40) == 300)
        #expect(notifySeconds(120) == 300)
        #expect(
            KPIEngine.compute(incident: inc, playbook: nil, policy: .standard, now: d.date(120), timescale: run.timescale).elapsed == 300)

        // Resumed at +130 s: everything left comes 100 s later than it would have.
        d.write([EventDraft(kind: .drillResumed, incident: drillIncident, data: [:])], actor: "alice", at: 30 + pauseLength)
        #expect(d.run?.isPaused == false)
        d.runToEnd(by: 0.5)
        #expect(d.finished)
        #expect(d.markerIDs == ["first", "second", "third-a", "third-b"])
        #expect(d.realTime(of: "second") == 60 + pauseLength)
        #expect(d.realTime(of: "third-a") == 120 + pauseLength)
        #expect(d.scenarioTime(of: "second") == 600)
        #expect(d.scenarioTime(of: "third-b") == 1200)
        let ended = try #require(d.run)
        #expect(ended.pauses == [Timescale.Pause(from: d.date(30), until: d.date(30 + pauseLength))])
        #expect(ended.endedAt == d.date(180 + pauseLength))
        #expect(ended.timescale.scenarioTime(at: d.date(140)) == 400)
        let inc2 = try #require(d.state.incidents[drillIncident])
        #expect(
            KPIEngine.compute(incident: inc2, playbook: nil, policy: .standard, now: d.date(140), timescale: ended.timescale)
                .measure(.timeToNotify)?.seconds == 400)
        // After the end the clock stops at the duration.
        #expect(ended.timescale.scenarioTime(at: d.date(10_000)) == sc.duration)
        #expect(d.state.badLines.isEmpty)
    }

    @Test("a pause before an inject is due holds it back; a second pause and stray resumes fold sensibly")
    func pauseHoldsDueInject() throws {
        let sc = try drillFixture("drill-timing")
        var d = FakeDrill(sc, speed: 10)
        d.advance(to: 11)
        d.write([EventDraft(kind: .drillPaused, incident: drillIncident, data: [:])], actor: "alice", at: 11)
        // A second pause while paused changes nothing.
        d.write([EventDraft(kind: .drillPaused, incident: drillIncident, data: [:])], actor: "bob", at: 15)
        d.advance(to: 50)
        #expect(d.markerIDs.isEmpty, "an inject due at real +12 s fired during the pause")
        #expect(d.run?.pauses.count == 1)
        d.write([EventDraft(kind: .drillResumed, incident: drillIncident, data: [:])], actor: "alice", at: 50)
        // A stray resume while running changes nothing.
        d.write([EventDraft(kind: .drillResumed, incident: drillIncident, data: [:])], actor: "bob", at: 50.5)
        d.advance(to: 52)
        #expect(d.markerIDs == ["first"])
        #expect(d.realTime(of: "first") == 51)
        #expect(d.run?.pauses == [Timescale.Pause(from: d.date(11), until: d.date(50))])
        #expect(d.state.badLines.isEmpty)
    }

    @Test(
        "a new runner over the same journal (--resume) carries on without writing an inject twice",
        arguments: [0.0, 80.0])
    func restartedRunner(downtime: TimeInterval) throws {
        let sc = try drillFixture("drill-timing")
        var d = FakeDrill(sc, speed: 10)
        d.advance(to: 70)
        #expect(d.markerIDs == ["first", "second"])
        // Killed at +70 s; a new runner starts `downtime` seconds later over the file as it is.
        d.restartRunner()
        #expect(d.runner.nextInject(state: d.state)?.id == "third-a")
        let firstStep = d.step(at: 70 + downtime + 0.5)
        if downtime >= 80 {
            // Both 20m injects were overdue: they come at once, in order, once each.
            #expect(firstStep.batches.compactMap(\.inject?.id) == ["third-a", "third-b"])
        } else {
            #expect(firstStep.batches.isEmpty)
        }
        d.runToEnd(by: 0.5)
        #expect(d.finished)
        #expect(d.markerIDs == ["first", "second", "third-a", "third-b"])
        #expect(markerCounts(d.events) == ["first": 1, "second": 1, "third-a": 1, "third-b": 1])
        #expect(d.events.filter { $0.kind == .drillEnded }.count == 1)
        #expect(d.state.badLines.isEmpty)

        // A third runner after the end writes nothing.
        d.restartRunner()
        let s = d.step(at: d.clock + 1)
        #expect(s.finished && s.batches.isEmpty)
    }

    @Test("a manual inject released by hand is marked manual, written once, and not fired by the runner")
    func manualInject() throws {
        let sc = try drillFixture("drill-timing")
        #expect(sc.manualInjects.map(\.id) == ["manual-call"])
        #expect(!sc.timedInjects.contains { $0.id == "manual-call" })
        var d = FakeDrill(sc, speed: 10)
        d.advance(to: 20)
        // A console releases it the way ConsoleModel does (key I).
        let console = DrillRunner(scenario: sc, incident: drillIncident)
        let batch = console.injectBatch(try #require(sc.inject("manual-call")), manual: true)
        d.write(batch.events, actor: "alice", at: 20)
        d.runToEnd()
        let run = try #require(d.run)
        #expect(markerCounts(d.events)["manual-call"] == 1)
        let fired = try #require(run.fired.first { $0.inject == "manual-call" })
        #expect(fired.manual)
        #expect(fired.title == "The regulator calls")
        #expect(run.fired.filter(\.manual).count == 1)
        let marker = try #require(d.events.first { $0.kind == .drillInject && $0.string("inject") == "manual-call" })
        #expect(marker.data["manual"]?.boolValue == true)
        #expect(marker.actor == "alice")
        let text = d.state.incidents[drillIncident]?.timeline.map(\.event).first { $0.string("text") == "The regulator is on the phone" }
        #expect(text?.kind == .note)
        #expect(d.state.badLines.isEmpty)
    }

    @Test("scripted responders (the demo) act at their times, once each, after the injects due with them")
    func responders() throws {
        let sc = try drillFixture("drill-demo")
        #expect(sc.responders.map(\.at) == [60, 120, 180])
        var d = FakeDrill(sc, speed: 60, withResponders: true)
        d.runToEnd(by: 0.25)
        #expect(d.finished)
        #expect(d.state.badLines.isEmpty)
        let played = d.events.filter { ["alice", "bob", "carol"].contains($0.actor) }
        #expect(played.map(\.type) == ["role.assigned", "comms.published", "note"])
        for (e, due) in zip(played, [60.0, 120, 180]) {
            let t = try #require(d.run).timescale.scenarioTime(at: e.ts)
            #expect(t >= due && t <= due + 15, "\(e.type) at \(t), due \(due)")
            #expect(e.login == "facilitator")
            #expect(e.data["drill_inject"] == nil, "a responder is a player, not the outside world")
        }
        #expect(d.runner.respondersDone == 3)
        #expect(d.markerIDs == ["alert", "rumour"])
        // The responders are the team: their actions score.
        let s = try #require(d.score(at: 10_000))
        #expect(s.results.map(\.status) == [.met, .met])
        #expect(s.score == 100)
        // Without withResponders, none of them plays.
        var plain = FakeDrill(sc, speed: 60)
        plain.runToEnd(by: 0.25)
        #expect(!plain.events.contains { ["alice", "bob", "carol"].contains($0.actor) })
    }

    @Test("the demo's external statement is drafted, approved by the commander, then published with the approved text")
    func demoStatementGoesThroughApproval() throws {
        let sc = try Scenario.load(path: packageRoot + "/scenarios/payment-promo.toml")
        var d = FakeDrill(sc, speed: 600, withResponders: true)
        d.runToEnd(by: 0.5)
        #expect(d.state.badLines.isEmpty, "\(d.state.badLines)")
        let statements = d.state.statements(of: drillIncident)
        #expect(statements.map(\.id) == ["S-1"])
        let s = try #require(statements.first)
        #expect(s.status == .published && s.draftedBy == "bob" && s.approval?.by == "alice")
        let published = try #require(d.state.incidents[drillIncident]?.comms.first { $0.audience == .external })
        #expect(published.draft == "S-1" && published.text == s.text)
        // The approver is entitled under the shipped policy: alice holds a role when she approves.
        let catalog = PlaybookCatalog.load(directory: playbooksDirectory)
        #expect(catalog.policy.approvals.approver(for: .external, at: .l2) == .team)
    }

    @Test("the timescale: pauses excluded, clock stops at the end, deadlines pushed back by an ongoing pause")
    func timescale() {
        let start = T0
        func at(_ s: TimeInterval) -> Date { start.addingTimeInterval(s) }
        let paused = Timescale(speed: 10, start: start, pauses: [.init(from: at(30), until: at(130))])
        #expect(paused.scenarioTime(at: at(30)) == 300)
        #expect(paused.scenarioTime(at: at(80)) == 300)
        #expect(paused.scenarioTime(at: at(140)) == 400)
        #expect(paused.elapsed(from: at(20), to: at(140)) == 200)
        #expect(paused.elapsed(from: at(50), to: at(60)) == 0)
        #expect(!paused.isPaused)
        #expect(paused.scenarioTime(at: at(-5)) == 0)

        let ongoing = Timescale(speed: 10, start: start, pauses: [.init(from: at(30), until: nil)])
        #expect(ongoing.isPaused)
        #expect(ongoing.scenarioTime(at: at(500)) == 300)
        // 10 scenario minutes after the start: 30 real seconds left, counted from now while paused.
        #expect(ongoing.deadline(600, after: start, now: at(50)) == at(80))
        #expect(ongoing.deadline(600, after: start, now: at(90)) == at(120))

        let ended = Timescale(speed: 10, start: start, pauses: [], end: at(100))
        #expect(ended.scenarioTime(at: at(5000)) == 1000)
        #expect(!ended.isReal)
        #expect(Timescale.real.isReal)
        #expect(Timescale.real.elapsed(from: at(0), to: at(42)) == 42)
    }
}

// MARK: - Scoring

@Suite("Drill scoring")
struct DrillScoringTests {
    /// The scoring fixture played at ×1 with players acting at chosen scenario times, up to `end` (else to its end).
    fileprivate static func played(until end: TimeInterval? = nil) throws -> FakeDrill {
        let sc = try drillFixture("drill-scoring")
        var d = FakeDrill(sc, speed: 1)
        let actions: [(TimeInterval, EventType, JSONObject, String)] = [
            (180, .roleAssigned, ["role": "commander", "member": "alice"], "alice"),
            (240, .commsPublished, ["audience": "internal", "text": "Payments failing; war room open"], "bob"),
            (360, .note, ["text": "Looking at the gateway"], "carol"),
            (400, .note, ["text": "Restarting pay-gw-2", "kind": "action"], "carol"),
            (480, .note, ["text": "Coupons for affected users", "kind": "decision"], "carol"),
            // The leak inject fires at 10m (600 s).
            (840, .incidentSeverity, ["severity": 1, "reason": "leak claim over 10,000 records"], "alice"),
            (1500, .checklistDone, ["item": "other-item"], "dave"),
            // An external statement, but the press inject it would answer is never released.
            (1800, .commsPublished, ["audience": "external", "text": "We are investigating"], "bob"),
            (2100, .incidentPhase, ["phase": "verified"], "alice"),
        ]
        for (t, kind, data, actor) in actions where end.map({ t <= $0 }) ?? true {
            d.player(kind, data, actor: actor, at: t)
        }
        if let end { d.advance(to: end, by: 5) } else { d.runToEnd(by: 5) }
        return d
    }

    @Test("met, late, missed and not-triggered, with times in scenario seconds and the weighted score")
    func scoreAfterTheEnd() throws {
        let d = try Self.played()
        #expect(d.finished)
        #expect(d.state.badLines.isEmpty)
        #expect(d.markerIDs == ["leak", "fake-statement"])
        #expect(d.scenarioTime(of: "leak") == 600)
        // The fake statement is on the timeline but not in the team's communications.
        #expect(d.state.incidents[drillIncident]?.comms.map(\.by) == ["bob", "bob"])
        #expect(d.state.incidents[drillIncident]?.timeline.contains { $0.event.actor == "media" } == true)
        let s = try #require(d.score(at: 4000, catalog: PlaybookCatalog.load(directory: playbooksDirectory)))
        func r(_ id: String) throws -> ExpectationResult {
            guard let found = s.results.first(where: { $0.expectation.id == id }) else {
                throw DrillTestError("no result for \(id)")
            }
            return found
        }

        // severity_at_least, from an inject: counted from the leak at 10m.
        #expect(try r("raise-l1").status == .met)
        #expect(try r("raise-l1").metAt == 840)
        #expect(try r("raise-l1").deadline == 1200)
        #expect(try r("raise-l1").by == "alice")
        // role_filled
        #expect(try r("commander").status == .met)
        #expect(try r("commander").metAt == 180)
        #expect(try r("commander").deadline == 300)
        // phase_reached after its deadline: late.
        #expect(try r("verified").status == .late)
        #expect(try r("verified").metAt == 2100)
        #expect(try r("verified").deadline == 1800)
        // item_done never done (another item was): missed.
        #expect(try r("notify-ticked").status == .missed)
        #expect(try r("notify-ticked").metAt == nil)
        #expect(try r("notify-ticked").deadline == 600)
        // comms_to
        #expect(try r("internal-notice").status == .met)
        #expect(try r("internal-notice").metAt == 240)
        #expect(try r("internal-notice").deadline == 300)
        #expect(try r("internal-notice").by == "bob")
        // event with a data subset: the observation and the action note do not count, the decision does.
        #expect(try r("decision").status == .met)
        #expect(try r("decision").metAt == 480)
        #expect(try r("decision").by == "carol")
        // from an inject never released: not triggered, even though an external statement went out.
        #expect(try r("press-response").status == .notTriggered)
        #expect(try r("press-response").metAt == nil)
        #expect(try r("press-response").deadline == nil)
        // comms_to from an inject: the fake statement (an inject, at 12m) does not count; bob's at 30m does.
        #expect(try r("external-statement").status == .met)
        #expect(try r("external-statement").metAt == 1800)
        #expect(try r("external-statement").deadline == 2400)
        #expect(try r("external-statement").by == "bob")

        // Weighted: met 2+1+2+1+1 of 2+1+3+1+2+1+1 (late earns nothing, not-triggered left out): 7/11.
        #expect(s.score == 63.6)
        #expect(s.results.map(\.points) == [2, 1, 0, 0, 2, 1, 0, 1])
        #expect(s.scenarioTime == d.scenario.duration)
        #expect(s.kpis.measure(.timeToNotify)?.seconds == 240)

        let json = try #require(s.json().objectValue)
        #expect(json["score"] == .number(63.6))
        #expect(json["ended"] == .bool(true))
        #expect(json["injects_fired"] == .number(2))
        guard case .array(let exps)? = json["expectations"] else {
            Issue.record("no expectations array in \(json)")
            return
        }
        #expect(
            exps.map { $0.objectValue?["status"]?.stringValue } == ["met", "met", "late", "missed", "met", "met", "not-triggered", "met"])
        #expect(exps.first?.objectValue?["met_at_seconds"] == .number(840))
        #expect(exps[6].objectValue?["deadline_seconds"] == .null)
        let text = s.text()
        #expect(text.contains("Score: 63.6 / 100"))
        #expect(text.contains("LATE"))
        #expect(text.contains("MISSED"))
        #expect(text.contains("inject press was never released"))
        #expect(s.markdown().contains("| not-triggered |"))
    }

    @Test("while the drill runs, expectations before their deadline are pending and out of reach ones not triggered")
    func scoreWhileRunning() throws {
        let d = try Self.played(until: 420)
        #expect(!d.finished)
        let s = try #require(d.score(at: 420))
        let statuses = Dictionary(uniqueKeysWithValues: s.results.map { ($0.expectation.id, $0.status) })
        #expect(statuses["commander"] == .met)
        #expect(statuses["internal-notice"] == .met)
        #expect(statuses["verified"] == .pending)
        #expect(statuses["notify-ticked"] == .pending)
        #expect(statuses["decision"] == .pending)
        // The leak has not fired yet at 7m.
        #expect(statuses["raise-l1"] == .notTriggered)
        #expect(statuses["press-response"] == .notTriggered)
        #expect(statuses["external-statement"] == .notTriggered)
        // 3 points of 1+3+1+2+1.
        #expect(s.score == 37.5)
        #expect(s.scenarioTime == 420)
        // Past the notify deadline (10m), still running: that one is missed.
        let later = try #require(d.score(at: 700))
        #expect(later.results.first { $0.expectation.id == "notify-ticked" }?.status == .missed)
    }

    @Test("a state already holding when the counting inject fires counts as met at the inject")
    func stateAlreadyHolding() throws {
        let sc = try drillFixture("drill-scoring")
        var d = FakeDrill(sc, speed: 1)
        d.player(.incidentSeverity, ["severity": 1], actor: "alice", at: 60)
        d.runToEnd(by: 10)
        let s = try #require(d.score(at: 4000))
        let r = try #require(s.results.first { $0.expectation.id == "raise-l1" })
        #expect(r.status == .met)
        #expect(r.metAt == 600)
        #expect(r.deadline == 1200)
    }

    @Test("when conditions count: events after the deadline starts, ticks taken back, untick after met, actions during a pause")
    func conditionRules() throws {
        let sc = try drillFixture("drill-rules")
        var d = FakeDrill(sc, speed: 1)
        // A statement before the rumour does not answer it.
        d.player(.commsPublished, ["audience": "external", "text": "early statement"], actor: "bob", at: 60)
        // Ticked then unticked: met at the tick all the same.
        d.player(.checklistDone, ["item": "contain"], at: 120)
        d.player(.checklistUndone, ["item": "contain"], at: 180)
        // Ticked and taken back before the rumour: does not count when the rumour starts the deadline.
        d.player(.checklistDone, ["item": "isolate-system"], at: 200)
        d.player(.checklistUndone, ["item": "isolate-system"], at: 300)
        // Paused from real 400 to 500; a notice logged at 450 counts at scenario 400.
        d.write([EventDraft(kind: .drillPaused, incident: drillIncident, data: [:])], actor: "alice", at: 400)
        d.player(.commsPublished, ["audience": "internal", "text": "during the pause"], actor: "carol", at: 450)
        d.advance(to: 500, by: 10)
        d.write([EventDraft(kind: .drillResumed, incident: drillIncident, data: [:])], actor: "alice", at: 500)
        // The rumour fires at real 700 (scenario 600); the answer at real 800 (scenario 700).
        d.player(.commsPublished, ["audience": "external", "text": "our statement"], actor: "bob", at: 800)
        d.runToEnd(by: 10)
        #expect(d.realTime(of: "rumour") == 700)
        let s = try #require(d.score(at: 100_000))
        func r(_ id: String) throws -> ExpectationResult {
            guard let found = s.results.first(where: { $0.expectation.id == id }) else {
                throw DrillTestError("no result for \(id)")
            }
            return found
        }
        #expect(try r("answer").status == .met)
        #expect(try r("answer").metAt == 700)
        #expect(try r("answer").deadline == 1200)
        #expect(try r("isolate").status == .missed)
        #expect(try r("isolate").deadline == 1200)
        #expect(try r("contain").status == .met)
        #expect(try r("contain").metAt == 120)
        #expect(try r("paused-notice").status == .met)
        #expect(try r("paused-notice").metAt == 400)
        #expect(try r("paused-notice").by == "carol")
        #expect(s.score == 75)
    }

    @Test("pauses do not count against deadlines")
    func pauseExcludedFromDeadlines() throws {
        let sc = try drillFixture("drill-scoring")
        var d = FakeDrill(sc, speed: 1)
        d.write([EventDraft(kind: .drillPaused, incident: drillIncident, data: [:])], actor: "alice", at: 100)
        d.advance(to: 1000, by: 10)
        d.write([EventDraft(kind: .drillResumed, incident: drillIncident, data: [:])], actor: "alice", at: 1000)
        // Real +1100 s is scenario 200 s: the commander (5m deadline) is on time.
        d.player(.roleAssigned, ["role": "commander", "member": "alice"], at: 1100)
        d.runToEnd(by: 10)
        let s = try #require(d.score(at: 100_000))
        let r = try #require(s.results.first { $0.expectation.id == "commander" })
        #expect(r.status == .met)
        #expect(r.metAt == 200)
        #expect(d.scenarioTime(of: "leak") == 600)
        #expect(d.realTime(of: "leak") == 1500)
    }

    @Test(
        "an action after drill.ended does not count as meeting an expectation", )
    func actionAfterEndDoesNotCount() throws {
        // drill-e2e: 30 minutes; "notify" wants an internal notice within 30 minutes.
        let sc = try drillFixture("drill-e2e")
        var d = FakeDrill(sc, speed: 1)
        d.runToEnd(by: 5)
        #expect(d.finished)
        // Nobody told anyone during the drill; ten minutes after its end someone publishes.
        d.player(.commsPublished, ["audience": "internal", "text": "too late"], actor: "bob", at: 2400)
        let s = try #require(d.score(at: 2500))
        let r = try #require(s.results.first { $0.expectation.id == "notify" })
        #expect(r.status == .missed, "scored \(r.status.rawValue) at \(r.metAt.map { "\($0)" } ?? "-")")
        #expect(s.score == 0)
    }
}

// MARK: - Scenario files

/// A broken scenario: its text, the message it must give, and the line marked `# ERR` (if any).
struct DrillBrokenScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var message: String
    var testDescription: String { name }

    /// The 1-based line holding `# ERR`.
    var errorLine: Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("# ERR") }.map { $0 + 1 }
    }
}

private let scenarioHead = """
    title = "Broken"
    briefing = "A broken scenario"

    [incident]
    title = "Broken incident"
    severity = 2

    """

private let goodInject = """
    [[injects]]
    id = "one"
    at = "5m"
    type = "note"
    data = { text = "fine" }

    """

let drillBrokenScenarios: [DrillBrokenScenario] = [
    DrillBrokenScenario(
        name: "bad at",
        text: scenarioHead + goodInject + """
            [[injects]]
            id = "two"
            at = "soon" # ERR
            type = "note"
            data = { text = "when?" }
            """, message: "inject two: at must be a duration"),
    DrillBrokenScenario(
        name: "at and after",
        text: scenarioHead + """
            [[injects]]
            id = "both"
            at = "5m"
            after = "manual" # ERR
            type = "note"
            data = { text = "x" }
            """, message: "give either at or after = \"manual\", not both"),
    DrillBrokenScenario(
        name: "neither at nor after",
        text: scenarioHead + goodInject + """
            [[injects]] # ERR
            id = "never"
            type = "note"
            data = { text = "x" }
            """, message: "inject never needs at"),
    DrillBrokenScenario(
        name: "duplicate inject id",
        text: scenarioHead + goodInject + """
            [[injects]]
            id = "one" # ERR
            at = "6m"
            type = "note"
            data = { text = "again" }
            """, message: "inject id \"one\" is used twice"),
    DrillBrokenScenario(
        name: "two conditions",
        text: scenarioHead + goodInject + """
            [[expectations]]
            id = "fine"
            text = "Fine"
            role_filled = "commander"
            within = "5m"

            [[expectations]] # ERR
            id = "greedy"
            text = "Two at once"
            role_filled = "commander"
            comms_to = "internal"
            within = "5m"
            """, message: "expectation greedy needs exactly one of"),
    DrillBrokenScenario(
        name: "no condition",
        text: scenarioHead + """
            [[expectations]] # ERR
            id = "empty"
            text = "Nothing"
            within = "5m"
            """, message: "expectation empty needs exactly one of"),
    DrillBrokenScenario(
        name: "from an unknown inject",
        text: scenarioHead + goodInject + """
            [[expectations]]
            id = "answer"
            text = "Answer"
            comms_to = "external"
            from = "nope" # ERR
            within = "5m"
            """, message: "from names no inject \"nope\""),
    DrillBrokenScenario(
        name: "inject data failing the schema",
        text: scenarioHead + goodInject + """
            [[injects]]
            id = "mute"
            at = "7m"
            type = "note"
            data = { kind = "observation" } # ERR
            """, message: "inject mute: missing data.text"),
    DrillBrokenScenario(
        name: "inject of a runner-only type",
        text: scenarioHead + """
            [[injects]]
            id = "cheat"
            at = "7m"
            type = "drill.ended" # ERR
            """, message: "written by the runner itself"),
    DrillBrokenScenario(
        name: "TOML syntax error",
        text: """
            title = "Broken"
            briefing = "A broken scenario"

            [incident]
            title = "unterminated # ERR
            severity = 2
            """, message: "TOML syntax"),
    DrillBrokenScenario(
        name: "bad speed",
        text: """
            title = "Broken"
            briefing = "b"
            speed = 0 # ERR

            [incident]
            title = "x"
            severity = 2
            """, message: "speed must be a number from 0.01 to 3600"),
    DrillBrokenScenario(
        name: "bad severity",
        text: """
            title = "Broken"
            briefing = "b"

            [incident]
            title = "x"
            severity = 7 # ERR
            """, message: "[incident] severity must be 1, 2 or 3"),
    DrillBrokenScenario(
        name: "bad within",
        text: scenarioHead + """
            [[expectations]]
            id = "soonish"
            text = "Soon"
            role_filled = "commander"
            within = "soon" # ERR
            """, message: "expectation soonish needs within"),
    DrillBrokenScenario(
        name: "unknown key",
        text: """
            title = "Broken"
            briefing = "b"
            colour = "red" # ERR

            [incident]
            title = "x"
            severity = 2
            """, message: "unknown key \"colour\""),
    DrillBrokenScenario(
        name: "bad comms audience",
        text: scenarioHead + """
            [[expectations]]
            id = "shout"
            text = "Shout"
            comms_to = "everyone" # ERR
            within = "5m"
            """, message: "comms_to must be internal, external, management or regulator"),
]

/// A scenario without a top-level title, whose [incident] has one on line 5.
private let missingTitleText = """
    name = "untitled"
    briefing = "No title at the top"

    [incident]
    title = "The incident's own title"
    severity = 2

    [[injects]]
    id = "one"
    at = "1m"
    title = "An inject title"
    type = "note"
    data = { text = "x" }
    """

@Suite("Scenario files")
struct DrillScenarioFileTests {
    private func loadError(_ text: String, name: String = "broken.toml") throws -> (ConfigError, String) {
        let dir = TempDir("scenario")
        let path = dir.file(name)
        try writeFile(path, text)
        do {
            let s = try Scenario.load(path: path)
            throw DrillTestError("\(path) loaded as scenario \(s.name), expected an error")
        } catch let e as ConfigError {
            return (e, path)
        }
    }

    @Test("a broken scenario gives an error naming the file and the line", arguments: drillBrokenScenarios)
    func brokenFile(_ b: DrillBrokenScenario) throws {
        let (e, path) = try loadError(b.text)
        #expect(e.file == path)
        #expect(e.line == b.errorLine, "\(b.name): \(e)")
        #expect(e.message.contains(b.message), "\(b.name): \(e.message)")
        #expect(e.description.hasPrefix("\(path):\(b.errorLine ?? -1): "))
    }

    @Test("a scenario without a title says so")
    func missingTitle() throws {
        let (e, path) = try loadError(missingTitleText)
        #expect(e.file == path)
        #expect(e.message.contains("missing title"))
    }

    @Test(
        "a missing top-level title does not point at the [incident] title line", )
    func missingTitleLine() throws {
        let (e, _) = try loadError(missingTitleText)
        // Either no line, or one before the first table.
        #expect(e.line == nil || e.line! < 4, "points at line \(e.line ?? 0): \(e)")
    }

    @Test("the fixture scenarios load, with their defaults")
    func fixturesLoad() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: drillFixtures).filter { $0.hasSuffix(".toml") }
        #expect(files.count >= 6)
        for f in files {
            #expect(throws: Never.self, "\(f)") { try Scenario.load(path: drillFixtures + "/" + f) }
        }
        let t = try drillFixture("drill-timing")
        #expect(t.name == "drill-timing")
        #expect(t.speed == 10)
        #expect(t.duration == 1800)
        #expect(t.timedInjects.map(\.id) == ["first", "second", "third-a", "third-b"])
        #expect(t.inject("second")?.title.isEmpty == false, "an inject without title gets a sentence")
        #expect(t.path == drillFixturePath("drill-timing"))
        let s = try drillFixture("drill-scoring")
        #expect(
            s.expectations.map(\.condition) == [
                .severityAtLeast(.l1), .roleFilled("commander"), .phaseReached(.verified), .itemDone("notify-leads"),
                .commsTo(.internal), .event(type: "note", data: ["kind": "decision"]), .commsTo(.external), .commsTo(.external),
            ])
        #expect(s.expectations.first?.from == "leak")
        #expect(s.expectations.dropFirst().first?.from == "start")
        #expect(s.expectations.dropFirst().first?.weight == 1)
        // By path through the catalog.
        #expect(try ScenarioCatalog.load(drillFixturePath("drill-tiny")).name == "drill-tiny")
    }

    @Test("without a duration a scenario lasts 30 minutes past its last timed inject")
    func defaultDuration() throws {
        let dir = TempDir("duration")
        let path = dir.file("d.toml")
        try writeFile(path, scenarioHead + goodInject)
        let s = try Scenario.load(path: path)
        #expect(s.duration == 35 * 60)
        #expect(s.speed == 1)
        #expect(s.name == "d")
    }

    @Test("every shipped scenario loads")
    func shippedScenariosLoad() throws {
        let dir = packageRoot + "/scenarios"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
        for f in files {
            do {
                let s = try Scenario.load(path: dir + "/" + f)
                #expect(!s.injects.isEmpty, "\(f) has no injects")
                #expect(s.injects.allSatisfy { $0.at == nil || $0.at! <= s.duration }, "\(f) has an inject after its end")
            } catch {
                Issue.record("shipped scenario \(f) does not load: \(error)")
            }
        }
    }
}

// MARK: - The drill commands

@Suite("warroom drill commands", .enabled(if: warroomBinary != nil, "needs the warroom binary"))
struct DrillCLITests {
    @Test("drill run at high speed finishes by itself and writes a valid drill journal")
    func runTiny() async throws {
        let dir = TempDir("drill-run")
        let j = dir.file("j.jsonl")
        let started = ContinuousClock.now
        let r = try await drillCLI(["drill", "run", drillFixturePath("drill-tiny"), "--journal", j, "--speed", "600", "--quiet"])
        let took = ContinuousClock.now - started
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty, "--quiet printed: \(r.stdout)")
        _ = took  // speed is judged in bench/, not here
        let check = try await drillCLI(["check", "--journal", j])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        let events = journalEvents(j)
        #expect(events.count == fileLines(j).count)
        let types = events.map(\.type)
        #expect(
            types == [
                "drill.started", "incident.declared", "drill.inject", "note", "drill.inject", "counter.set", "drill.ended",
            ])
        let started0 = try #require(events.first)
        #expect(started0.string("scenario") == "drill-tiny")
        #expect(started0.data["speed"]?.numberValue == 600)
        #expect(started0.string("path") == drillFixturePath("drill-tiny"))
        let id = try #require(started0.string("incident"))
        #expect(events[1].incident == id)
        #expect(events[1].data["drill"]?.boolValue == true)
        #expect(events[1].string("title") == "Tiny drill")
        #expect(events.filter { $0.kind == .drillInject }.compactMap { $0.string("inject") } == ["ping", "pong"])
        #expect(events.last?.string("reason") == "completed")
        // Scenario times in the journal match the schedule: not early, and late by at most
        // 0.5 real seconds of loop latency (300 scenario seconds at ×600). Stamps have millisecond precision.
        let state = JournalReader.read(Array(fileText(j).utf8)).state
        let run = try #require(state.drills[id])
        for (f, due) in zip(run.fired, [30.0, 60.0]) {
            let t = run.timescale.scenarioTime(at: f.at)
            #expect(t >= due - 0.6, "\(f.inject) fired early, at scenario \(t), due \(due)")
        }
        let endedAt = try #require(run.endedAt)
        #expect(run.timescale.scenarioTime(at: endedAt) >= 120 - 0.6)
    }

    @Test("drill run refuses a journal with a real open incident unless --force")
    func refusesRealIncident() async throws {
        let dir = TempDir("drill-force")
        let j = dir.file("j.jsonl")
        let d = try await drillCLI(["declare", "--journal", j, "--severity", "2", "--title", "Real outage"])
        #expect(d.status == 0, "\(d.stderr)")
        let before = fileBytes(j)
        let r = try await drillCLI(["drill", "run", drillFixturePath("drill-tiny"), "--journal", j, "--speed", "600", "--quiet"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("real open incident"), "\(r.stderr)")
        #expect(r.stderr.contains("--force"))
        #expect(fileBytes(j) == before, "the refused drill wrote to the journal")

        let f = try await drillCLI(["drill", "run", drillFixturePath("drill-tiny"), "--journal", j, "--speed", "600", "--quiet", "--force"])
        #expect(f.status == 0, "\(f.stderr)")
        let state = JournalReader.read(fileBytes(j)).state
        #expect(state.badLines.isEmpty)
        #expect(state.incidents.count == 2)
        #expect(state.openIncidents.contains { !$0.drill && $0.title == "Real outage" })
        #expect(state.drills.count == 1)
        #expect(state.drills.values.first?.isEnded == true)
        let check = try await drillCLI(["check", "--journal", j])
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test("SIGTERM (and SIGINT, SIGHUP) stop a running drill with drill.ended \"stopped\"", arguments: [SIGTERM, SIGINT, SIGHUP])
    func signalStops(_ sig: Int32) async throws {
        let dir = TempDir("drill-term")
        let j = dir.file("j.jsonl")
        let p = try RunningWarroom(["drill", "run", drillFixturePath("drill-long"), "--journal", j, "--quiet"])
        let seen = await relEventually(interval: .milliseconds(20)) { journalEvents(j).contains { $0.kind == .drillInject } ? true : nil }
        #expect(seen == true, "the runner never wrote its first inject: \(p.stderr)")
        p.signal(sig)
        let exited = await p.waitExit()
        #expect(exited, "the runner did not stop on signal \(sig)")
        guard exited else { return }
        #expect(p.killedBy == nil, "killed by signal \(p.killedBy ?? 0) instead of stopping")
        #expect(p.exitCode == 0, "\(p.stderr)")
        let events = journalEvents(j)
        let ended = events.filter { $0.kind == .drillEnded }
        #expect(ended.count == 1)
        #expect(ended.first?.string("reason")?.contains("stopped") == true, "\(ended)")
        #expect(markerCounts(events) == ["opening": 1])
        let check = try await drillCLI(["check", "--journal", j])
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test("drill run --resume after SIGKILL carries on without duplicate markers")
    func resumeAfterKill() async throws {
        let dir = TempDir("drill-resume")
        let j = dir.file("j.jsonl")
        let p = try RunningWarroom(["drill", "run", drillFixturePath("drill-resume"), "--journal", j, "--quiet"])
        let two = await relEventually(interval: .milliseconds(20)) { markerCounts(journalEvents(j)).count >= 2 ? true : nil }
        #expect(two == true, "the runner never wrote two injects: \(p.stderr)")
        // Pause the scenario clock through the journal first, so a slow, loaded
        // machine cannot let the drill run to its end before the kill lands.
        let incident = try #require(journalEvents(j).first { $0.kind == .drillStarted }?.string("incident"))
        let pause = try await drillCLI(["append", "--journal", j], stdinText: #"{"type":"drill.paused","incident":"\#(incident)"}"# + "\n")
        #expect(pause.status == 0, "\(pause.stderr)")
        p.signal(SIGKILL)
        #expect(await p.waitExit())
        let resume = try await drillCLI(
            ["append", "--journal", j], stdinText: #"{"type":"drill.resumed","incident":"\#(incident)"}"# + "\n")
        #expect(resume.status == 0, "\(resume.stderr)")
        let killed = journalEvents(j)
        #expect(!killed.contains { $0.kind == .drillEnded }, "the killed runner finished the drill before the kill")
        let firedBefore = markerCounts(killed).count

        let r = try await drillCLI(["drill", "run", drillFixturePath("drill-resume"), "--resume", "--journal", j])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("resuming"), "\(r.stdout)")
        #expect(r.stdout.contains("\(firedBefore) of 5 timed injects already written"), "\(r.stdout)")
        let events = journalEvents(j)
        #expect(markerCounts(events) == ["r1": 1, "r2": 1, "r3": 1, "r4": 1, "r5": 1])
        #expect(events.filter { $0.kind == .drillStarted }.count == 1)
        #expect(events.filter { $0.kind == .incidentDeclared }.count == 1)
        #expect(events.filter { $0.kind == .drillEnded }.count == 1)
        #expect(events.last?.string("reason") == "completed")
        let check = try await drillCLI(["check", "--journal", j])
        #expect(check.status == 0, "\(check.stdout)")

        // Nothing left to resume now.
        let again = try await drillCLI(["drill", "run", drillFixturePath("drill-resume"), "--resume", "--journal", j])
        #expect(again.status != 0)
        #expect(again.stderr.contains("no unfinished drill"), "\(again.stderr)")
    }

    @Test("drill score --json scores a played journal; text and markdown formats too")
    func scoreJSON() async throws {
        let dir = TempDir("drill-score")
        let j = dir.file("j.jsonl")
        let d = try DrillScoringTests.played()
        try writeFile(j, d.lines.map { $0 + "\n" }.joined())
        let r = try await drillCLI(["drill", "score", "--json", "--journal", j])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try foundationJSON(r.stdout)
        #expect((o["score"] as? NSNumber)?.doubleValue == 63.6)
        #expect(o["scenario"] as? String == "drill-scoring")
        #expect(o["incident"] as? String == drillIncident)
        #expect(o["ended"] as? Bool == true)
        let exps = try #require(o["expectations"] as? [[String: Any]])
        #expect(exps.map { $0["status"] as? String } == ["met", "met", "late", "missed", "met", "met", "not-triggered", "met"])
        let verified = try #require(exps.first { $0["id"] as? String == "verified" })
        #expect((verified["met_at_seconds"] as? NSNumber)?.doubleValue == 2100)
        #expect((verified["deadline_seconds"] as? NSNumber)?.doubleValue == 1800)
        #expect(verified["by"] as? String == "alice")
        let kpis = try #require(o["kpis"] as? [String: Any])
        #expect(((kpis["time_to_notify"] as? [String: Any])?["seconds"] as? NSNumber)?.doubleValue == 240)

        let text = try await drillCLI(["drill", "score", "--journal", j])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Score: 63.6 / 100"), "\(text.stdout)")
        let md = try await drillCLI(["drill", "score", "--format", "markdown", "--journal", j])
        #expect(md.stdout.hasPrefix("# After-action review: Scoring fixture"))

        // A journal without a drill.
        let empty = dir.file("empty.jsonl")
        _ = try await drillCLI(["declare", "--journal", empty, "--severity", "3", "--title", "Not a drill"])
        let none = try await drillCLI(["drill", "score", "--json", "--journal", empty])
        #expect(none.status != 0)
        #expect(none.stderr.contains("no drill"), "\(none.stderr)")
    }

    @Test("drill check names FILE:LINE for a broken scenario and passes a good one")
    func checkCommand() async throws {
        let dir = TempDir("drill-check")
        for (i, b) in drillBrokenScenarios.enumerated() {
            let path = dir.file("broken-\(i).toml")
            try writeFile(path, b.text)
            let r = try await drillCLI(["drill", "check", path])
            #expect(r.status != 0, "\(b.name): exit 0")
            #expect(r.stderr.contains("\(path):\(b.errorLine ?? -1):"), "\(b.name): \(r.stderr)")
            #expect(r.stderr.contains(b.message), "\(b.name): \(r.stderr)")
        }
        let ok = try await drillCLI(["drill", "check", drillFixturePath("drill-scoring")])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("3 injects and 8 expectations is valid"))
        let missing = try await drillCLI(["drill", "check", dir.file("nope.toml")])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope.toml"))
    }

    @Test("drill list shows the shipped scenarios without warnings; bad --speed is refused")
    func listAndSpeed() async throws {
        let r = try await drillCLI(["drill", "list"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "warnings: \(r.stderr)")
        let dir = packageRoot + "/scenarios"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".toml") }
        for f in names {
            if let s = try? Scenario.load(path: dir + "/" + f) { #expect(r.stdout.contains(s.name), "\(s.name) not listed") }
        }
        let tmp = TempDir("drill-speed")
        for bad in ["0", "-5", "5000"] {
            let b = try await drillCLI([
                "drill", "run", drillFixturePath("drill-tiny"), "--journal", tmp.file("j.jsonl"), "--speed", bad, "--quiet",
            ])
            #expect(b.status != 0, "--speed \(bad) accepted")
            #expect(b.stderr.contains("--speed"), "\(b.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: tmp.file("j.jsonl")))
        let unknown = try await drillCLI(["drill", "run", "no-such-scenario", "--journal", tmp.file("j.jsonl")])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no scenario named no-such-scenario"), "\(unknown.stderr)")
        let noJournal = try await drillCLI(["drill", "run", drillFixturePath("drill-tiny"), "--resume"])
        #expect(noJournal.status != 0)
        #expect(noJournal.stderr.contains("--resume needs --journal"), "\(noJournal.stderr)")
    }

    @Test(
        "two runners on one journal (a --resume while the first still runs) write each inject once", )
    func concurrentRunners() async throws {
        let dir = TempDir("drill-two")
        let j = dir.file("j.jsonl")
        let a = try RunningWarroom(["drill", "run", drillFixturePath("drill-resume"), "--journal", j, "--quiet"])
        let started = await relEventually(interval: .milliseconds(20)) {
            journalEvents(j).contains { $0.kind == .drillStarted } ? true : nil
        }
        #expect(started == true)
        let b = try RunningWarroom(["drill", "run", drillFixturePath("drill-resume"), "--resume", "--journal", j, "--quiet"])
        #expect(await a.waitExit(timeout: .seconds(15)))
        #expect(await b.waitExit(timeout: .seconds(15)))
        #expect(markerCounts(journalEvents(j)) == ["r1": 1, "r2": 1, "r3": 1, "r4": 1, "r5": 1])
        #expect(journalEvents(j).filter { $0.kind == .drillEnded }.count == 1)
    }

    @Test(
        "--resume counts only the timed injects already written", )
    func resumeMessageCountsTimedOnly() async throws {
        let dir = TempDir("drill-resume-msg")
        let j = dir.file("j.jsonl")
        let first = try RunningWarroom(["drill", "run", drillFixturePath("drill-long"), "--journal", j, "--quiet"])
        let opened = await relEventually(interval: .milliseconds(20)) { markerCounts(journalEvents(j))["opening"] == 1 ? true : nil }
        #expect(opened == true)
        first.signal(SIGKILL)
        #expect(await first.waitExit())
        // A console released the manual inject meanwhile.
        let id = try #require(journalEvents(j).first?.string("incident"))
        let sc = try drillFixture("drill-long")
        let batch = DrillRunner(scenario: sc, incident: id).injectBatch(try #require(sc.inject("regulator")), manual: true)
        let lines = batch.events.map { $0.stamp(actor: "alice", login: "alice", at: Date()).jsonLine() }
        let ap = try await drillCLI(["append", "--journal", j], stdinText: lines.joined(separator: "\n") + "\n")
        #expect(ap.status == 0, "\(ap.stdout)\(ap.stderr)")
        let resumed = try RunningWarroom(["drill", "run", drillFixturePath("drill-long"), "--resume", "--journal", j])
        let said = await relEventually(interval: .milliseconds(20)) { resumed.stdout.contains("resuming") ? resumed.stdout : nil }
        resumed.signal(SIGTERM)
        #expect(await resumed.waitExit())
        #expect(said?.contains("1 of 2 timed injects already written") == true, "\(said ?? resumed.stderr)")
    }

    @Test("without --journal, drill run writes drill-NAME-TIME.jsonl in the current directory")
    func defaultJournalName() async throws {
        let dir = TempDir("drill-default")
        let r = try await drillCLI(["drill", "run", drillFixturePath("drill-tiny"), "--speed", "600"], directory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        let j = try #require(files.first { $0.hasPrefix("drill-drill-tiny-") && $0.hasSuffix(".jsonl") }, "\(files)")
        #expect(r.stdout.contains("DRILL Tiny fixture"), "\(r.stdout)")
        #expect(r.stdout.contains(j))
        #expect(r.stdout.contains("drill ended"))
        #expect(journalEvents(dir.file(j)).last?.kind == .drillEnded)
    }

    @Test(
        "a drill started with a relative scenario path can be scored from another directory", )
    func relativeScenarioPath() async throws {
        let dir = TempDir("drill-relative")
        let j = dir.file("j.jsonl")
        let r = try await drillCLI(
            ["drill", "run", "drill-tiny.toml", "--journal", j, "--speed", "600", "--quiet"], directory: drillFixtures)
        #expect(r.status == 0, "\(r.stderr)")
        let score = try await drillCLI(["drill", "score", "--json", "--journal", j], directory: dir.path)
        #expect(score.status == 0, "\(score.stderr)")
        #expect(journalEvents(j).first?.string("path")?.hasPrefix("/") == true)
    }
}

// MARK: - Conditional injects (issue 18)

@Suite("Conditional injects")
struct ConditionalInjectTests {
    let scenario: Scenario

    init() throws { scenario = try drillFixture("drill-conditional") }

    @Test func theScenarioParsesItsConditions() throws {
        #expect(scenario.inject("press-calls")?.unless == .commsTo(.external))
        #expect(scenario.inject("regulator-asks")?.when == .counterAbove("complaints", 1000))
        #expect(scenario.inject("regulator-asks")?.isManual == false)
        #expect(scenario.inject("leak-report")?.when == .phaseReached(.verified))
        #expect(scenario.manualInjects.isEmpty)
    }

    @Test func withoutAStatementThePressCallsAndConditionsFireWhenTheyHold() {
        var d = FakeDrill(scenario)
        d.advance(to: 4 * 60)
        // Complaints passed 1,000 at 2m: the regulator asks right after.
        #expect(d.markerIDs == ["complaints", "regulator-asks"])
        d.player(.incidentPhase, ["phase": "verified"], at: 4 * 60)
        d.advance(to: 4 * 60 + 50)
        #expect(!d.markerIDs.contains("leak-report"), "not before its at = 5m")
        d.advance(to: 5 * 60 + 2)
        #expect(d.markerIDs.last == "leak-report")
        d.advance(to: 21 * 60)
        #expect(d.markerIDs.last == "press-calls")
        #expect(d.state.badLines.isEmpty)
    }

    @Test func aStatementInTimeKeepsThePressAwayAndUnmetConditionsNeverFire() {
        var d = FakeDrill(scenario)
        d.advance(to: 60)
        d.player(.commsPublished, ["audience": "external", "text": "We are looking into payment failures"], at: 60)
        d.runToEnd()
        #expect(!d.markerIDs.contains("press-calls"))
        // Never verified: the leak report waits for ever, and the drill still ends on time.
        #expect(!d.markerIDs.contains("leak-report"))
        #expect(d.finished)
        #expect(d.run?.isEnded == true)
    }

    @Test func aStatementAfterTheDeadlineDoesNotCallThePressBack() {
        var d = FakeDrill(scenario)
        d.advance(to: 20 * 60 + 2)
        #expect(d.markerIDs.contains("press-calls"))
        d.player(.commsPublished, ["audience": "external", "text": "Late statement"], at: 20 * 60 + 3)
        d.advance(to: 25 * 60)
        #expect(d.markerIDs.filter { $0 == "press-calls" }.count == 1)
    }

    @Test func drillCheckRefusesMalformedConditions() throws {
        let dir = TempDir("conditional")
        func check(_ inject: String) -> String? {
            let path = dir.file("s.toml")
            let text = """
                name = "s"
                title = "t"
                briefing = "b"
                [incident]
                title = "i"
                severity = 2
                [[injects]]
                id = "x"
                type = "note"
                data = { text = "n" }
                \(inject)
                """
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            do {
                _ = try Scenario.load(path: path)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(check("at = \"5m\"\nwhen = { phase_reached = \"verified\" }") == nil)
        #expect(check("unless = { comms_to = \"external\" }")?.contains("unless needs at = \"20m\"") == true)
        #expect(check("at = \"5m\"\nwhen = { comms_to = \"press\" }")?.contains("when must be a table with one of") == true)
        #expect(check("at = \"5m\"\nwhen = { counter = \"complaints\" }")?.contains("when's counter needs above = a number") == true)
        #expect(
            check("at = \"5m\"\nwhen = { phase_reached = \"verified\", comms_to = \"external\" }")?.contains("must be a table with one of")
                == true)
        #expect(check("after = \"manual\"\nwhen = { phase_reached = \"verified\" }")?.contains("a manual inject takes no when") == true)
        #expect(
            check("at = \"5m\"\nwhen = { phase_reached = \"verified\" }\nunless = { comms_to = \"external\" }")?.contains(
                "either when or unless") == true)
    }
}
