import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// Checklist due times: one on another day says which day.
@Suite("Checklist due times")
struct ChecklistDueTests {
    @Test
    func dueDateOnAnotherDay() {
        let (model, now) = paymentOutageFixture()
        let lines = render(model, now: now, width: 200, height: 60).lines()
        let row = lines.first { $0.contains("Hold the review meeting") }
        #expect(row != nil, "no checklist row for the review meeting:\n\(lines.joined(separator: "\n"))")
        #expect(row?.contains("due 02:07│") == false, "due time shown without its day: \(row ?? "")")
    }
}
