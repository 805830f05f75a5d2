import Foundation
import Testing
import WarRoomCore
import WarRoomUI

/// The header at 60 columns: the live label keeps a gap and does not cut the elapsed time.
@Suite("Header live label")
struct HeaderLiveLabelTests {
    @Test
    func headerKeepsAGapBeforeTheLiveLabel() {
        for file in ["drill-zh.jsonl", "payment-outage.jsonl"] {
            let bytes = fixtureBytes(file)
            let header = render(makeModel(bytes), now: fixedNow(bytes), width: 60, height: 18).lines()[0]
            let live = header.range(of: "● following")
            #expect(live != nil, "\(file): no live label in the header: \(header)")
            if let live {
                let before = header[..<live.lowerBound]
                #expect(before.hasSuffix(" "), "\(file): no gap before the live label: \(header)")
                #expect(!before.hasSuffix("elapse") && !before.hasSuffix("elapsed "), "\(file): the elapsed text is cut: \(header)")
            }
        }
    }
}
