import Foundation
import Testing

@testable import WarRoomCore

/// A big journal's lines are hashed beside their decoding, on every core; read in small pieces
/// they are hashed one by one on the reading thread. Both must vouch for the same chain.
@Suite("Chain: hashed on every core, the same as line by line")
struct ChainOnEveryCoreTests {
    /// A chained journal of `count` lines, over the size that is decoded on every core.
    static func chained(count: Int) throws -> [UInt8] {
        var events = [fixedDeclare()]
        for k in 1..<count {
            events.append(fixedNote(String(repeating: "line \(k) ", count: 20), id: "n-\(k)", at: Double(k)))
        }
        let (_, lines) = try JournalBatch.build(
            events, on: JournalState(), seq: 1, prev: Chain.genesis, login: "alice", journal: "test")
        var bytes: [UInt8] = []
        for line in lines { bytes += line + [0x0A] }
        return bytes
    }

    static func read(_ bytes: [UInt8], piece: Int?) -> ChainStatus {
        var r = JournalReader(verifiesChain: true, recordsTimelines: false)
        if let piece {
            var i = 0
            while i < bytes.count {
                r.feed(Array(bytes[i..<min(bytes.count, i + piece)]))
                i += piece
            }
        } else {
            r.feed(bytes)
        }
        return r.chain
    }

    @Test func aWholeChainVerifiesTheSameReadAtOnceAndInPieces() throws {
        let bytes = try ChainOnEveryCoreTests.chained(count: 3000)
        #expect(bytes.count > JournalReader.parallelThreshold)
        let whole = ChainOnEveryCoreTests.read(bytes, piece: nil)
        let pieces = ChainOnEveryCoreTests.read(bytes, piece: 4096)
        #expect(whole == pieces)
        #expect(!whole.isBroken)
        #expect(whole.verified == 3000)
        #expect(whole.headLine == 3000)
        let last = bytes.dropLast().split(separator: 0x0A).last.map(Array.init) ?? []
        #expect(whole.head == Chain.hash(last))
    }

    @Test func anEditedLineBreaksTheChainAtTheNextLineEitherWay() throws {
        var bytes = try ChainOnEveryCoreTests.chained(count: 3000)
        // "line" made "Line" in line 1500's text: still a good line, but line 1501's prev no longer matches.
        let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        let word = Array("line 1499 ".utf8)
        let at = try #require((starts[1499]..<starts[1500]).first { Array(bytes[$0..<$0 + word.count]) == word })
        bytes[at] = UInt8(ascii: "L")
        let whole = ChainOnEveryCoreTests.read(bytes, piece: nil)
        let pieces = ChainOnEveryCoreTests.read(bytes, piece: 4096)
        #expect(whole == pieces)
        #expect(whole.brokenAt == 1501)
    }
}
