import Foundation
import Testing

@testable import WarRoomCore

// A drill's clocks: deadlines in scenario time (checklist, KPIs, status),
// clocks that stop when the drill ends, targets neither met nor missed by
// then, drills run by hand, and the speeds a journal may hold.

private let minute: TimeInterval = 60

/// A drill journal at ×60 (one real second is one scenario minute): `drill.started`,
/// the declaration at L2 and an ad hoc item due 30 scenario minutes in; then what a test adds.
private struct DrillClock {
    var lines: [String]
    let speed: Double

    init(speed: Double = 60, dues: [String: String] = ["call-bank": "30m", "late-item": "90m"]) {
        self.speed = speed
        lines = [
            ev("drill.started", nil, at: 0, ["incident": "INC-1", "scenario": "clock", "speed": .number(speed)]),
            declareLine(severity: 2, extra: ["drill": true]),
        ]
        for (item, due) in dues.sorted(by: { $0.key < $1.key }) {
            lines.append(ev("checklist.added", at: 0, ["item": .string(item), "text": .string(item), "due": .string(due)]))
        }
    }

    mutating func add(_ type: String, at real: TimeInterval, _ data: JSONObject = [:]) {
        lines.append(ev(type, at: real, data))
    }

    var state: JournalState { read(lines).state }

    func kpis(at real: TimeInterval) throws -> IncidentKPIs {
        let s = state
        #expect(s.badLines.isEmpty, "\(s.badLines)")
        let inc = try #require(s.incidents["INC-1"])
        return KPIEngine.compute(
            incident: inc, playbook: nil, policy: shippedCatalog.policy(for: inc), now: T0.addingTimeInterval(real),
            timescale: s.timescale(for: "INC-1"))
    }

    func item(_ id: String, at real: TimeInterval) throws -> ChecklistEntry {
        try #require(try kpis(at: real).checklist.first { $0.id == id })
    }
}

@Suite("Drill clocks")
struct DrillClockTests {
    @Test("how late a drill's checklist item is counts in scenario time (due T+30m, at T+1:04 it is 34 scenario minutes late)")
    func overdueInScenarioTime() throws {
        let d = DrillClock()
        let e = try d.item("call-bank", at: 64)
        #expect(e.isOverdue(at: T0.addingTimeInterval(64)))
        #expect(e.dueIn == -34 * minute)
        let k = try d.kpis(at: 64)
        #expect(k.overdue.map(\.id) == ["call-bank"])
        // Not yet overdue at T+29m (29 real seconds).
        #expect(try d.item("call-bank", at: 29).dueIn == 1 * minute)
        #expect(try !d.item("call-bank", at: 29).isOverdue(at: T0.addingTimeInterval(29)))
    }

    @Test("a pause holds how late an item is; a tick's lateness is judged in scenario time across pauses")
    func pausedAndTicked() throws {
        var d = DrillClock()
        d.add("drill.paused", at: 64)
        #expect(try d.item("call-bank", at: 500).dueIn == -34 * minute)
        d.add("drill.resumed", at: 1000)
        // Ticked at real 1010: 64 + 10 = 74 scenario minutes, late. The other item (due 90m) was
        // ticked at real 1020 = T+1:24: on time, although the pause put its wall-clock deadline long before.
        d.add("checklist.done", at: 1010, ["item": "call-bank"])
        d.add("checklist.done", at: 1020, ["item": "late-item"])
        #expect(try d.item("call-bank", at: 1100).doneLate)
        #expect(try !d.item("late-item", at: 1100).doneLate)
    }

    @Test("when a drill ends its clocks stop: an item due after the end is never overdue, however long after")
    func endedDrillStopsTheChecklist() throws {
        var d = DrillClock()
        d.add("drill.ended", at: 64, ["reason": "completed"])
        for later: TimeInterval in [64, 65, 1000, 86400 * 30] {
            let now = T0.addingTimeInterval(later)
            let late = try d.item("late-item", at: later)
            #expect(!late.isOverdue(at: now), "at real +\(later) s")
            #expect(late.dueIn == 26 * minute)
            #expect(try d.item("call-bank", at: later).dueIn == -34 * minute)
            #expect(try d.kpis(at: later).elapsed == 64 * minute)
        }
    }

    @Test("a target neither met nor missed when the drill ended is not reached, not breached; the update cadence is not met beside it")
    func notReachedWhenTheDrillEnds() throws {
        var d = DrillClock(dues: [:])
        d.add("comms.published", at: 3, ["audience": "internal", "text": "war room open"])
        // Restore (target 48h at L2) is still running at T+1:30 when the drill ends; so is the cadence (4h).
        let running = try d.kpis(at: 89)
        #expect(running.measure(.timeToRestore)?.state == .pending)
        d.add("drill.ended", at: 90, ["reason": "completed"])
        // The team recovers after the end: it does not count.
        d.add("incident.phase", at: 95, ["phase": "recovered"])
        for later: TimeInterval in [90, 95, 3600, 86400 * 25] {
            let k = try d.kpis(at: later)
            let restore = try #require(k.measure(.timeToRestore))
            #expect(restore.state == .notReached, "at +\(later) s: \(restore)")
            #expect(restore.seconds == 90 * minute)
            #expect(!restore.running)
            #expect(k.measure(.sinceExternalUpdate)?.state == .notReached)
            #expect(k.measure(.timeToNotify)?.state == .met)
            // Verify (30m) ran past its target during the drill: that is a breach.
            #expect(k.measure(.timeToVerify)?.state == .breached)
            #expect(k.elapsed == 90 * minute)
        }
    }

    @Test("an incident closed during its drill keeps the closed incident's rules")
    func closedBeforeTheEnd() throws {
        var d = DrillClock(dues: [:])
        d.add("incident.phase", at: 20, ["phase": "closed"])
        d.add("drill.ended", at: 90)
        let k = try d.kpis(at: 100)
        // Nobody notified the leads before the close: missed, as for any closed incident.
        #expect(k.measure(.timeToNotify)?.state == .breached)
        #expect(k.elapsed == 20 * minute)
    }

    @Test("the score and status say \"not reached in the drill\" and give overdue items in scenario time")
    func scoreAndStatusWords() throws {
        var d = DrillClock()
        d.add("drill.ended", at: 64, ["reason": "completed"])
        let s = d.state
        let sc = try #require(s.incidents["INC-1"].map { Scenario.none(for: $0) })
        let score = try #require(
            DrillScorer.score(scenario: sc, state: s, incident: "INC-1", catalog: shippedCatalog, now: T0.addingTimeInterval(4000)))
        let restore = try #require(score.text().split(separator: "\n").first { $0.contains("Restore service") })
        #expect(restore.hasSuffix("not reached in the drill"), "\(score.text())")
        let status = StatusReport(path: "j", reader: read(d.lines), catalog: shippedCatalog, now: T0.addingTimeInterval(4000)).text()
        #expect(status.contains("call-bank: call-bank (overdue 34m 00s scenario time)"), "\(status)")
        #expect(status.contains("late-item: late-item (due in 26m 00s scenario time)"), "\(status)")
        #expect(status.contains("not-reached"), "\(status)")
    }

    @Test("an expectation whose deadline falls after the drill ended is not reached, not missed, and left out of the score")
    func expectationNotReachedWhenTheDrillEnds() throws {
        let toml = """
            name = "clock"
            title = "Clock fixture"
            briefing = "Clocks."
            speed = 60
            [incident]
            title = "Clock drill"
            severity = 2
            [[expectations]]
            id = "notify"
            text = "Internal notice within 5 minutes"
            comms_to = "internal"
            within = "5m"
            [[expectations]]
            id = "commander"
            text = "A commander within 10 minutes"
            role_filled = "commander"
            within = "10m"
            [[expectations]]
            id = "verify"
            text = "Verified within 30 minutes"
            phase_reached = "verified"
            within = "30m"
            """
        let sc = try Scenario.parse(ConfigFile.parse(toml, path: "clock.toml"))
        var d = DrillClock()
        d.add("comms.published", at: 3, ["audience": "internal", "text": "war room open"])
        // Ended at T+15m: the commander's 10 minutes ran out during the drill, verifying's 30 did not.
        d.add("drill.ended", at: 15, ["reason": "completed"])
        let score = try #require(
            DrillScorer.score(scenario: sc, state: d.state, incident: "INC-1", catalog: shippedCatalog, now: T0.addingTimeInterval(4000)))
        #expect(score.results.map(\.status) == [.met, .missed, .notReached])
        // Scored on what the drill gave time for: 1 of 2 weights met.
        #expect(score.score == 50)
        let verify = try #require(score.text().split(separator: "\n").first { $0.contains("Verified within 30 minutes") })
        #expect(verify.contains("ENDED") && verify.contains("not reached in the drill"), "\(score.text())")
        #expect(score.markdown().contains("| not-reached | Verified within 30 minutes |"), "\(score.markdown())")
    }

    @Test(
        "a drill speed outside 0.01 to 3600 is a bad line naming the rule",
        arguments: [Double.leastNonzeroMagnitude, 1e-300, 0.001, 0, -1, 3601, 1e308])
    func speedOutOfRange(_ speed: Double) throws {
        let d = DrillClock(speed: speed)
        let s = d.state
        #expect(s.drills.isEmpty)
        let bad = try #require(s.badLines.first)
        #expect(bad.line == 1)
        #expect(bad.reason.contains("data.speed must be a number from 0.01 to 3600"), "\(bad.reason)")
    }

    @Test("the slowest and fastest speeds allowed keep every clock in range", arguments: [0.01, 3600])
    func speedBounds(_ speed: Double) throws {
        let d = DrillClock(speed: speed)
        #expect(d.state.badLines.isEmpty)
        for real: TimeInterval in [0, 1, 86400, 86400 * 365 * 50] {
            let e = try d.item("call-bank", at: real)
            let due = try #require(e.dueAt)
            #expect(due.timeIntervalSince1970.isFinite)
            #expect(RFC3339.parse(RFC3339.format(due)) != nil)
            #expect(!DurationText.format(e.dueIn ?? 0).contains("∞"))
        }
    }

    @Test("a drill run by hand (declared with drill: true) can be ended; its clocks stop there, and it scores on the policy targets")
    func handRunDrill() throws {
        var lines = [declareLine(severity: 2, extra: ["drill": true])]
        lines.append(ev("comms.published", at: 120, ["audience": "internal", "text": "war room open"]))
        lines.append(ev("drill.ended", at: 3000, ["reason": "hot wash done"]))
        let s = read(lines).state
        #expect(s.badLines.isEmpty, "\(s.badLines)")
        let run = try #require(s.drills["INC-1"])
        #expect(run.byHand)
        #expect(run.speed == 1)
        #expect(run.endedAt == T0.addingTimeInterval(3000))
        let inc = try #require(s.incidents["INC-1"])
        let later = T0.addingTimeInterval(86400 * 25)
        let k = KPIEngine.compute(
            incident: inc, playbook: nil, policy: shippedCatalog.policy(for: inc), now: later, timescale: s.timescale(for: "INC-1"))
        #expect(k.elapsed == 3000)
        let score = try #require(
            DrillScorer.score(scenario: .none(for: inc), state: s, incident: "INC-1", catalog: shippedCatalog, now: later))
        #expect(!score.isScored)
        #expect(score.text().contains("run by hand"), "\(score.text())")
        #expect(score.text().contains("Notify team leads"), "\(score.text())")
        #expect(score.json().objectValue?["score"] == .null)
        #expect(DrillScorer.latestDrill(in: s)?.incident == "INC-1")

        // Still a bad line for an incident that is not a drill.
        let real = read([declareLine(severity: 2), ev("drill.ended", at: 5)]).state
        #expect(real.badLines.first?.reason.contains("drill.started comes first") == true)
        #expect(real.drills.isEmpty)
    }
}
