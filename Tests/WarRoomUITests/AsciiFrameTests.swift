import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// `--ascii` frames: an all-ASCII journal shows no `?` that the console put there itself.
@Suite("ASCII frames")
struct AsciiFrameTests {
    @Test
    func asciiModeHasNoQuestionMarksOfItsOwn() {
        let m = makeModel(lines: [
            declareLine(severity: 2, title: "Payment outage", playbook: "website-crisis"),
            ev("checklist.done", at: 60, ["item": "grade-crisis"]),
            ev("incident.phase", at: 120, ["phase": "verified"]),
        ])
        let grid = render(m, now: T0.addingTimeInterval(600), width: 120, height: 40, ascii: true)
        let text = grid.text().replacingOccurrences(of: "? help", with: "")
        let lines = text.split(separator: "\n").filter { $0.contains("?") }
        #expect(lines.isEmpty, "ASCII frame of an all-ASCII journal shows `?`:\n\(lines.joined(separator: "\n"))")
    }
}
