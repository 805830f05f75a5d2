import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// The `?` overlay at the smallest supported size.
@Suite("Help overlay")
struct HelpOverlayTests {
    @Test
    func helpFitsAt80x24() {
        var (model, now) = paymentOutageFixture()
        model.interaction = .help
        let grid = render(model, now: now, width: 80, height: 24)
        let text = grid.text()
        #expect(text.contains("quit"), "the help never says how to quit at 80x24")
        #expect(text.contains("In prompts"), "the prompt-editing keys are missing at 80x24")
        #expect(text.contains("any key closes"), "the footer hint is hidden under the help box")
    }
}
