import Foundation
import Testing
import WarRoomCore

/// A target that was never reached before the incident closed (or the drill
/// ended) is missed, however early the close came.
@Suite("KPIs when the incident closes")
struct KPIClosureTests {
    func kpis(_ lines: [String], now: TimeInterval) -> IncidentKPIs {
        let state = read(lines).state
        let inc = state.incidents["INC-1"]!
        return KPIEngine.compute(
            incident: inc, playbook: nil, policy: .standard, now: T0.addingTimeInterval(now),
            timescale: state.timescale(for: "INC-1"))
    }

    @Test func closedWithoutNotifyingIsBreached() {
        let k = kpis([declareLine(severity: 2), ev("incident.phase", at: 120, ["phase": "closed"])], now: 600)
        #expect(k.measure(.timeToNotify)?.state == .breached)
        #expect(k.measure(.timeToNotify)?.seconds == 120)
        // Closing is a phase past verified and recovered: those count as reached.
        #expect(k.measure(.timeToVerify)?.state == .met)
        #expect(k.measure(.timeToRestore)?.state == .met)
        // Never L1: no management report was due.
        #expect(k.measure(.timeToManagement)?.state == .notApplicable)
    }

    @Test func notifiedThenClosedIsMet() {
        let k = kpis(
            [
                declareLine(severity: 2), ev("comms.published", at: 60, ["audience": "internal", "text": "leads told"]),
                ev("incident.phase", at: 120, ["phase": "closed"]),
            ], now: 600)
        #expect(k.measure(.timeToNotify)?.state == .met)
    }

    @Test func stillOpenIsPendingNotBreached() {
        let k = kpis([declareLine(severity: 2)], now: 60)
        #expect(k.measure(.timeToNotify)?.state == .pending)
    }
}
