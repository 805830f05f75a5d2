import Foundation
import Testing

@testable import WarRoomCore

// Re-exported so every file of this target sees the shared fixtures and runners
// (Tests/WarRoomTestSupport) without importing them itself.
@_exported import WarRoomTestSupport

#if canImport(Glibc)
    import Glibc
#endif

// What only this target's tests use; the rest is in WarRoomTestSupport.

// MARK: - Deterministic randomness

/// SplitMix64: a small seeded generator, so a failing split pattern (or a
/// reliability run, with WARROOM_SEED) can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func bytes(_ n: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(n + 8)
        while out.count < n {
            var v = next()
            for _ in 0..<8 {
                out.append(UInt8(truncatingIfNeeded: v))
                v >>= 8
            }
        }
        out.removeLast(out.count - n)
        return out
    }
}

// MARK: - Small helpers

extension JournalState {
    /// The timeline event types of an incident, in order.
    func timelineTypes(_ id: String) -> [String] {
        incidents[id]?.timeline.map(\.event.type) ?? []
    }
}

/// Decodes a JSON document with Foundation, for checking CLI output independently of WarRoomCore.
func foundationJSON(_ text: String) throws -> [String: Any] {
    let obj = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    guard let dict = obj as? [String: Any] else { throw TestSupportError.notAnObject(text) }
    return dict
}

/// The current user's id, for tests that only make sense as a non-root user.
let runningAsRoot = getuid() == 0
