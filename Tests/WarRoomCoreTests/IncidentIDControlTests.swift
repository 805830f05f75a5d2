import Foundation
import Testing

@testable import WarRoomCore

/// The incident id rule of docs/journal-format.md: no whitespace, no control characters (C1 included).
@Suite("Incident ids: control characters")
struct IncidentIDControlTests {
    @Test
    func incidentIDWithAC1ControlIsRejected() throws {
        // docs/journal-format.md: `incident` is "1 to 64 characters, with no
        // whitespace and no control characters". EventSchema.validateIncidentID
        // only rejects scalars < 0x20 and 0x7F, so U+009B (CSI) passes.
        #expect(throws: EventError.self) { try EventSchema.validateIncidentID("INC\u{9B}1") }
        let r = read([declareLine("INC\u{85}2"), declareLine("INC\u{9B}1", at: 1)])
        #expect(r.state.badLines.count == 2)
        #expect(r.state.incidents.isEmpty)
    }
}
