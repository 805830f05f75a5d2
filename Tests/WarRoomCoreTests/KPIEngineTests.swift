import Foundation
import Testing

@testable import WarRoomCore

private let minute: TimeInterval = 60
private let hour: TimeInterval = 3600
private let day: TimeInterval = 86400

/// KPIs as a pure function of the journal and a fake clock (`now:`), with the shipped policy.
@Suite("KPI engine")
struct KPIEngineTests {
    struct Timeline {
        var lines: [String]

        init(severity: Int = 2, playbook: String? = nil) {
            lines = [declareLine(severity: severity, playbook: playbook)]
        }

        mutating func comms(_ audience: String, at t: TimeInterval) {
            lines.append(ev("comms.published", at: t, ["audience": .string(audience), "text": "msg"]))
        }

        mutating func phase(_ p: String, at t: TimeInterval) {
            lines.append(ev("incident.phase", at: t, ["phase": .string(p)]))
        }

        mutating func severity(_ s: Int, at t: TimeInterval) {
            lines.append(ev("incident.severity", at: t, ["severity": .number(Double(s))]))
        }

        mutating func counter(_ name: String, _ value: Double, at t: TimeInterval = 1) {
            lines.append(ev("counter.set", at: t, ["name": .string(name), "value": .number(value)]))
        }

        func kpis(at t: TimeInterval) throws -> IncidentKPIs {
            let r = read(lines)
            #expect(r.state.badLines.isEmpty, "\(r.state.badLines)")
            let inc = try #require(r.state.incidents["INC-1"])
            return KPIEngine.compute(
                incident: inc, playbook: shippedCatalog.playbook(named: inc.playbook),
                policy: shippedCatalog.policy(for: inc), now: T0.addingTimeInterval(t))
        }

        func measure(_ n: KPIName, at t: TimeInterval) throws -> KPIMeasure {
            try #require(try kpis(at: t).measure(n))
        }
    }

    func expectMeasure(
        _ m: KPIMeasure, _ state: KPIState, seconds: TimeInterval?, target: TimeInterval?, running: Bool,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(m.state == state, "\(m.name.rawValue)", sourceLocation: sourceLocation)
        #expect(m.seconds == seconds, "\(m.name.rawValue)", sourceLocation: sourceLocation)
        #expect(m.target == target, "\(m.name.rawValue)", sourceLocation: sourceLocation)
        #expect(m.running == running, "\(m.name.rawValue)", sourceLocation: sourceLocation)
    }

    @Test func everyMeasureIsReportedInOrder() throws {
        let k = try Timeline().kpis(at: 0)
        #expect(
            k.measures.map(\.name) == [
                .timeToNotify, .timeToManagement, .timeToVerify, .timeToRestore, .timeToReview, .timeToReviewReport,
                .sinceExternalUpdate, .timeToClose,
            ])
        #expect(k.measure(.timeToNotify)?.title == "Notify team leads")
    }

    // MARK: time_to_notify

    @Test func notifyRunsPendingThenWarningThenBreached() throws {
        let t = Timeline()
        expectMeasure(try t.measure(.timeToNotify, at: 0), .pending, seconds: 0, target: 300, running: true)
        expectMeasure(try t.measure(.timeToNotify, at: 3 * minute + 59), .pending, seconds: 239, target: 300, running: true)
        expectMeasure(try t.measure(.timeToNotify, at: 4 * minute), .warning, seconds: 240, target: 300, running: true)
        expectMeasure(try t.measure(.timeToNotify, at: 5 * minute), .warning, seconds: 300, target: 300, running: true)
        expectMeasure(try t.measure(.timeToNotify, at: 5 * minute + 1), .breached, seconds: 301, target: 300, running: true)
        expectMeasure(try t.measure(.timeToNotify, at: 2 * hour), .breached, seconds: 7200, target: 300, running: true)
    }

    @Test func notifyIsMetByInternalCommsWithinTheTarget() throws {
        var t = Timeline()
        t.comms("external", at: 1 * minute)  // not internal: does not count
        t.comms("internal", at: 3 * minute)
        t.comms("internal", at: 20 * minute)
        expectMeasure(try t.measure(.timeToNotify, at: 3 * minute), .met, seconds: 180, target: 300, running: false)
        expectMeasure(try t.measure(.timeToNotify, at: 10 * day), .met, seconds: 180, target: 300, running: false)
    }

    @Test func notifyIsBreachedWhenInternalCommsComeLate() throws {
        var t = Timeline()
        t.comms("internal", at: 6 * minute)
        // Before the message is in the journal the clock runs; the state is what the journal says at `now`.
        expectMeasure(try t.measure(.timeToNotify, at: 6 * minute), .breached, seconds: 360, target: 300, running: false)
        expectMeasure(try t.measure(.timeToNotify, at: 1 * day), .breached, seconds: 360, target: 300, running: false)
    }

    @Test func internalCommsTimedBeforeTheDeclarationDoNotStopNotify() throws {
        var t = Timeline()
        t.comms("internal", at: -10 * minute)
        expectMeasure(try t.measure(.timeToNotify, at: 2 * minute), .pending, seconds: 120, target: 300, running: true)
    }

    // MARK: time_to_management

    @Test func managementIsNotApplicableUntilL1() throws {
        var t = Timeline(severity: 2)
        t.comms("management", at: 5 * minute)  // before L1: does not count
        expectMeasure(try t.measure(.timeToManagement, at: 1 * hour), .notApplicable, seconds: nil, target: nil, running: false)
        t.severity(1, at: 20 * minute)
        expectMeasure(try t.measure(.timeToManagement, at: 20 * minute), .pending, seconds: 0, target: 600, running: true)
        expectMeasure(try t.measure(.timeToManagement, at: 27 * minute), .pending, seconds: 420, target: 600, running: true)
        expectMeasure(try t.measure(.timeToManagement, at: 28 * minute), .warning, seconds: 480, target: 600, running: true)
        expectMeasure(try t.measure(.timeToManagement, at: 31 * minute), .breached, seconds: 660, target: 600, running: true)
    }

    @Test func managementIsMetByManagementCommsAfterReachingL1() throws {
        var t = Timeline(severity: 2)
        t.severity(1, at: 20 * minute)
        t.comms("internal", at: 22 * minute)
        t.comms("management", at: 27 * minute)
        t.severity(2, at: 40 * minute)  // going back down does not undo the measure
        expectMeasure(try t.measure(.timeToManagement, at: 2 * hour), .met, seconds: 420, target: 600, running: false)
    }

    @Test func managementLateIsBreachedAndDeclaredAtL1StartsAtOnce() throws {
        var t = Timeline(severity: 1)
        t.comms("management", at: 12 * minute)
        expectMeasure(try t.measure(.timeToManagement, at: 1 * hour), .breached, seconds: 720, target: 600, running: false)
        let fresh = Timeline(severity: 1)
        expectMeasure(try fresh.measure(.timeToManagement, at: 8 * minute), .warning, seconds: 480, target: 600, running: true)
    }

    // MARK: time_to_verify

    @Test func verifyIsMetOrBreachedByTheFirstVerifiedPhase() throws {
        var met = Timeline()
        expectMeasure(try met.measure(.timeToVerify, at: 24 * minute), .warning, seconds: 1440, target: 1800, running: true)
        met.phase("verified", at: 20 * minute)
        met.phase("declared", at: 50 * minute)
        met.phase("verified", at: 60 * minute)
        expectMeasure(try met.measure(.timeToVerify, at: 2 * hour), .met, seconds: 1200, target: 1800, running: false)

        var late = Timeline()
        late.phase("verified", at: 40 * minute)
        expectMeasure(try late.measure(.timeToVerify, at: 2 * hour), .breached, seconds: 2400, target: 1800, running: false)

        var skipped = Timeline()
        skipped.phase("contained", at: 10 * minute)  // a later phase also means verified
        expectMeasure(try skipped.measure(.timeToVerify, at: 2 * hour), .met, seconds: 600, target: 1800, running: false)
    }

    // MARK: time_to_restore

    @Test func restoreTargetDependsOnSeverity() throws {
        let l1 = Timeline(severity: 1, playbook: "data-breach")
        expectMeasure(try l1.measure(.timeToRestore, at: 50 * hour), .pending, seconds: 50 * hour, target: 72 * hour, running: true)
        expectMeasure(try l1.measure(.timeToRestore, at: 60 * hour), .warning, seconds: 60 * hour, target: 72 * hour, running: true)
        expectMeasure(try l1.measure(.timeToRestore, at: 73 * hour), .breached, seconds: 73 * hour, target: 72 * hour, running: true)

        let l2 = Timeline(severity: 2, playbook: "website-crisis")
        expectMeasure(try l2.measure(.timeToRestore, at: 38 * hour), .pending, seconds: 38 * hour, target: 48 * hour, running: true)
        expectMeasure(try l2.measure(.timeToRestore, at: 40 * hour), .warning, seconds: 40 * hour, target: 48 * hour, running: true)
        expectMeasure(try l2.measure(.timeToRestore, at: 50 * hour), .breached, seconds: 50 * hour, target: 48 * hour, running: true)

        var raised = Timeline(severity: 2)
        raised.severity(1, at: 1 * hour)  // the current severity's target applies
        expectMeasure(try raised.measure(.timeToRestore, at: 50 * hour), .pending, seconds: 50 * hour, target: 72 * hour, running: true)
    }

    @Test func restoreIsMetByRecovered() throws {
        var t = Timeline(severity: 2)
        t.phase("recovered", at: 30 * hour)
        expectMeasure(try t.measure(.timeToRestore, at: 100 * hour), .met, seconds: 30 * hour, target: 48 * hour, running: false)
    }

    @Test func noTargetMeansNotApplicableButTheClockStillRuns() throws {
        let plain = Timeline(severity: 3, playbook: "website-crisis")
        expectMeasure(try plain.measure(.timeToRestore, at: 100 * hour), .notApplicable, seconds: 100 * hour, target: nil, running: true)
        let noPlaybook = Timeline(severity: 3)
        expectMeasure(try noPlaybook.measure(.timeToRestore, at: 1 * hour), .notApplicable, seconds: hour, target: nil, running: true)
        // operations-risk adds an L3 restore target of its own.
        let ops = Timeline(severity: 3, playbook: "operations-risk")
        expectMeasure(try ops.measure(.timeToRestore, at: 49 * hour), .breached, seconds: 49 * hour, target: 48 * hour, running: true)
    }

    // MARK: time_to_review

    @Test func reviewStartsAtRecoveredAndEndsAtTheMeetingNotTheClose() throws {
        var t = Timeline(severity: 2)
        t.phase("verified", at: 10 * minute)
        expectMeasure(try t.measure(.timeToReview, at: 5 * hour), .notApplicable, seconds: nil, target: 7 * day, running: false)
        t.phase("recovered", at: 1 * hour)
        expectMeasure(try t.measure(.timeToReview, at: 1 * hour + 5 * day), .pending, seconds: 5 * day, target: 7 * day, running: true)
        expectMeasure(try t.measure(.timeToReview, at: 1 * hour + 6 * day), .warning, seconds: 6 * day, target: 7 * day, running: true)
        expectMeasure(try t.measure(.timeToReview, at: 1 * hour + 8 * day), .breached, seconds: 8 * day, target: 7 * day, running: true)
        // The close no longer ends it: it runs on until the meeting is recorded.
        var closed = t
        closed.phase("closed", at: 1 * hour + 2 * day)
        expectMeasure(try closed.measure(.timeToReview, at: 1 * hour + 5 * day), .pending, seconds: 5 * day, target: 7 * day, running: true)
        expectMeasure(try closed.measure(.timeToReview, at: 30 * day), .breached, seconds: 30 * day - hour, target: 7 * day, running: true)
    }

    // MARK: since_external_update

    @Test func externalCadenceCountsFromTheDeclarationThenFromEachExternalComm() throws {
        var t = Timeline(severity: 1)
        expectMeasure(try t.measure(.sinceExternalUpdate, at: 47 * minute), .pending, seconds: 47 * minute, target: hour, running: true)
        expectMeasure(try t.measure(.sinceExternalUpdate, at: 48 * minute), .warning, seconds: 48 * minute, target: hour, running: true)
        expectMeasure(try t.measure(.sinceExternalUpdate, at: 61 * minute), .breached, seconds: 61 * minute, target: hour, running: true)
        t.comms("external", at: 30 * minute)
        expectMeasure(try t.measure(.sinceExternalUpdate, at: 61 * minute), .pending, seconds: 31 * minute, target: hour, running: true)
        expectMeasure(try t.measure(.sinceExternalUpdate, at: 91 * minute), .breached, seconds: 61 * minute, target: hour, running: true)
        t.comms("internal", at: 85 * minute)  // internal messages do not reset it
        t.comms("regulator", at: 86 * minute)
        expectMeasure(try t.measure(.sinceExternalUpdate, at: 91 * minute), .breached, seconds: 61 * minute, target: hour, running: true)
        t.comms("external", at: 80 * minute)
        expectMeasure(try t.measure(.sinceExternalUpdate, at: 91 * minute), .pending, seconds: 11 * minute, target: hour, running: true)
    }

    @Test func externalCadenceIsFourHoursAtL2And24AtL3() throws {
        var l2 = Timeline(severity: 2)
        l2.comms("external", at: 10 * minute)
        expectMeasure(
            try l2.measure(.sinceExternalUpdate, at: 10 * minute + 3 * hour), .pending, seconds: 3 * hour, target: 4 * hour, running: true)
        expectMeasure(
            try l2.measure(.sinceExternalUpdate, at: 10 * minute + 4 * hour + 1), .breached, seconds: 4 * hour + 1, target: 4 * hour,
            running: true)
        let l3 = Timeline(severity: 3)
        expectMeasure(try l3.measure(.sinceExternalUpdate, at: 20 * hour), .warning, seconds: 20 * hour, target: day, running: true)
    }

    @Test func theLatestExternalCommInFileOrderCounts() throws {
        var t = Timeline(severity: 1)
        t.comms("external", at: 50 * minute)
        t.comms("external", at: 20 * minute)  // later line, earlier ts: file order wins
        expectMeasure(try t.measure(.sinceExternalUpdate, at: 60 * minute), .pending, seconds: 40 * minute, target: hour, running: true)
    }

    // MARK: closed incidents

    @Test func closedIncidentClocksStop() throws {
        var t = Timeline(severity: 2, playbook: "website-crisis")
        t.comms("internal", at: 2 * minute)
        t.phase("verified", at: 10 * minute)
        t.phase("recovered", at: 5 * hour)
        t.phase("closed", at: 6 * hour)
        let k = try t.kpis(at: 30 * day)
        #expect(k.elapsed == 6 * hour)
        // Every clock but the review's two, which run on after the close until recorded.
        #expect(k.measures.filter(\.running).map(\.name) == [.timeToReview, .timeToReviewReport])
        expectMeasure(try #require(k.measure(.timeToNotify)), .met, seconds: 120, target: 300, running: false)
        expectMeasure(try #require(k.measure(.timeToVerify)), .met, seconds: 600, target: 1800, running: false)
        expectMeasure(try #require(k.measure(.timeToRestore)), .met, seconds: 5 * hour, target: 48 * hour, running: false)
        expectMeasure(try #require(k.measure(.timeToClose)), .notApplicable, seconds: 6 * hour, target: nil, running: false)
        // The cadence clock stopped at the close: 6 h without an external update is over the 4 h target.
        expectMeasure(try #require(k.measure(.sinceExternalUpdate)), .breached, seconds: 6 * hour, target: 4 * hour, running: false)
        var stopped = try t.kpis(at: 60 * day)
        stopped.measures.removeAll { $0.name == .timeToReview || $0.name == .timeToReviewReport }
        var before = k
        before.measures.removeAll { $0.name == .timeToReview || $0.name == .timeToReviewReport }
        #expect(stopped.measures == before.measures && stopped.elapsed == before.elapsed)
    }

    @Test func reopenedIncidentClocksRunAgain() throws {
        var t = Timeline(severity: 2)
        t.phase("closed", at: 1 * hour)
        t.phase("contained", at: 2 * hour)
        let k = try t.kpis(at: 3 * hour)
        #expect(k.elapsed == 3 * hour)
        expectMeasure(try #require(k.measure(.timeToNotify)), .breached, seconds: 3 * hour, target: 300, running: true)
    }

    @Test func clockBeforeTheDeclarationNeverGoesNegative() throws {
        let k = try Timeline().kpis(at: -1 * hour)
        #expect(k.elapsed == 0)
        #expect(k.measure(.timeToNotify)?.seconds == 0)
    }

    // MARK: checklist in the KPIs

    @Test func overdueItemsFollowTheClockAndTicks() throws {
        var t = Timeline(severity: 2, playbook: "website-crisis")
        #expect(try t.kpis(at: 29 * minute).overdue.isEmpty)
        #expect(try t.kpis(at: 31 * minute).overdue.map(\.id) == ["grade-crisis"])
        t.lines.append(ev("checklist.done", at: 40 * minute, ["item": "grade-crisis"]))
        let k = try t.kpis(at: 41 * minute)
        #expect(k.overdue.isEmpty)
        #expect(k.checklist.first { $0.id == "grade-crisis" }?.doneLate == true)
        #expect(k.progress == ChecklistProgress(done: 1, total: 14))
        #expect(k.progressByPhase.first == PhaseProgress(phase: .declared, progress: ChecklistProgress(done: 1, total: 3)))
    }

    // MARK: Triggers

    static let escalatingRules: [TriggerRule] = shippedCatalog.policy.triggers.filter { $0.suggests != .l3 }

    // The scope rule (a nationwide outage) has no counter: PlanThresholdTests covers it.
    @Test(arguments: shippedCatalog.policy.triggers.filter { $0.scope == nil }.map(\.counter))
    func triggerRuleFiresJustAboveItsThresholdUntilTheSeverityIsRaised(counter: String) throws {
        let rule = try #require(shippedCatalog.policy.triggers.first { $0.counter == counter })
        var t = Timeline(severity: 3)
        t.counter(counter, rule.above, at: 1)
        #expect(try t.kpis(at: 10).suggestions.isEmpty, "at the threshold")

        t.counter(counter, rule.above + 1, at: 2)
        let fired = try t.kpis(at: 10).suggestions
        if rule.suggests == .l3 {
            // Every incident is at least L3, so an L3 suggestion never shows.
            #expect(fired.isEmpty)
            return
        }
        #expect(fired.count == 1)
        let s = try #require(fired.first)
        #expect(s.severity == rule.suggests)
        #expect(s.counter == counter)
        #expect(s.value == rule.above + 1)
        #expect(s.threshold == rule.above)
        #expect(s.source == rule.source)

        // A lesser raise keeps it; reaching the suggested severity (or worse) clears it.
        if rule.suggests == .l1 {
            t.severity(2, at: 3)
            #expect(try t.kpis(at: 10).suggestions.map(\.severity) == [.l1])
        }
        t.severity(rule.suggests.rawValue, at: 4)
        #expect(try t.kpis(at: 10).suggestions.isEmpty)
        if rule.suggests == .l2 {
            t.severity(1, at: 5)
            #expect(try t.kpis(at: 10).suggestions.isEmpty)
        }
        // Lowering again brings it back.
        t.severity(3, at: 6)
        #expect(try t.kpis(at: 10).suggestions.map(\.severity) == [rule.suggests])
        // The counter going back under the threshold clears it.
        t.counter(counter, rule.above - 1, at: 7)
        #expect(try t.kpis(at: 10).suggestions.isEmpty)
    }

    @Test func everyShippedRuleIsCovered() {
        #expect(shippedCatalog.policy.triggers.count == 10)
        #expect(Self.escalatingRules.count == 8)
    }

    @Test func severalTriggersListTheWorstFirst() throws {
        var t = Timeline(severity: 3)
        t.counter("complaints", 1500)
        t.counter("leaked_records", 20_000)
        t.counter("outage_minutes", 121)
        let s = try t.kpis(at: 10).suggestions
        #expect(s.map(\.severity) == [.l1, .l2, .l2])
        #expect(s.first?.counter == "leaked_records")
        #expect(s.first?.sentence == "leaked records 20,000 > 10,000: criteria for L1 met")
    }

    @Test func countersWithOtherNamesNeverTrigger() throws {
        var t = Timeline(severity: 3)
        t.counter("Complaints", 1_000_000)
        t.counter("complaints_total", 1_000_000)
        #expect(try t.kpis(at: 10).suggestions.isEmpty)
    }

    @Test("Phase.order is each phase's position in the sequence the KPIs compare by")
    func phaseOrder() {
        #expect(Phase.allCases.map(\.order) == Array(0..<Phase.allCases.count))
        #expect(Phase.declared.order < Phase.closed.order)
    }
}
