import Foundation
import Testing
import WarRoomTestSupport

@testable import WarRoomCore

/// A writer checks a lone event with `refusal(of:)` instead of applying it to a copy of the
/// state: the two must refuse exactly the same events with the same words.
@Suite("A lone event's refusal equals what applying it would say")
struct RefusalTests {
    @Test("every line of a seeded journal full of refusals, and of the report fixtures")
    func refusalEqualsApply() {
        var journals = [("random", randomReplayJournal(seed: 11, lines: 3000, incidents: 20))]
        for name in ["real-incident.jsonl", "drill.jsonl"] {
            journals.append((name, fileBytes(reportFixturesDirectory + "/" + name)))
        }
        for (name, bytes) in journals {
            var state = JournalState()
            var refused = 0
            for (n, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
                guard case .success(let e) = LineDecoder.decode(Array(line)) else { continue }
                let said = state.refusal(of: e)
                var copy = state
                let applied = copy.apply(e, line: n + 1, offset: 0)
                #expect(said?.reason == applied?.reason, "\(name) line \(n + 1)")
                if applied != nil { refused += 1 }
                state = copy
            }
            // The journal must put the comparison to work on both sides.
            if name == "random" { #expect(refused > 100 && state.eventsApplied > 1000, "\(refused) refused") }
        }
    }
}
