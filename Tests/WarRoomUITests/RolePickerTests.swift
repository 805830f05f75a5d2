import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// The role picker: each option shows its detail, the selected one too.
@Suite("Role picker")
struct RolePickerTests {
    @Test
    func pickerShowsSelectedDetail() {
        var m = makeModel(lines: [declareLine(severity: 2, playbook: "website-crisis")])
        _ = m.handle(.char("a"))
        guard case .picker(let p) = m.interaction else {
            Issue.record("no role picker")
            return
        }
        #expect(p.options[0].detail == "unfilled")
        #expect(p.options[1].detail == "unfilled")
        let lines = render(m, now: T0.addingTimeInterval(60), width: 80, height: 24).lines()
        let first = lines.first { $0.contains("1 commander") } ?? ""
        let second = lines.first { $0.contains("2 communications") } ?? ""
        #expect(second.contains("unfilled"))  // not selected: shown
        #expect(first.contains("unfilled"), "the selected row lost its detail: \(first)")
    }
}
