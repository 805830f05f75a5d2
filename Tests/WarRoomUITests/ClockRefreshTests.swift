import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// The console redraws on the clock only when a duration on screen would change.
@Suite("Clock redraws")
struct ClockRefreshTests {
    @Test func secondsShownMeansEverySecond() {
        let m = makeModel(lines: [declareLine(severity: 2, playbook: "website-crisis")])
        let v = ConsoleView(model: m, now: T0.addingTimeInterval(42.5), glyphs: .unicode)
        #expect(v.clockRefreshInterval() <= 1)
    }

    @Test func minutesShownMeansAtTheNextMinute() {
        let m = makeModel(lines: [
            declareLine(severity: 2, playbook: "website-crisis"), ev("comms.published", at: 10, ["audience": "internal", "text": "told"]),
            ev("comms.published", at: 20, ["audience": "external", "text": "statement"]),
            ev("incident.phase", at: 30, ["phase": "recovered"]),
        ])
        // Two hours and 10 s in: "2h 00m" turns into "2h 01m" in 50 s; the update cadence (1h 59m 40s since the
        // statement) changes at the same kind of boundary.
        let v = ConsoleView(model: m, now: T0.addingTimeInterval(7210), glyphs: .unicode)
        let i = v.clockRefreshInterval()
        #expect(i > 1)
        #expect(i <= 60)
    }

    @Test func aRunningDrillTicksEverySecond() {
        let m = makeModel(lines: [
            ev("drill.started", nil, at: 0, ["scenario": "s", "speed": 10, "incident": "INC-1"]),
            declareLine(severity: 2, at: 0, playbook: "website-crisis"),
        ])
        let v = ConsoleView(model: m, now: T0.addingTimeInterval(90_000), glyphs: .unicode)
        #expect(v.clockRefreshInterval() == 1)
    }
}
