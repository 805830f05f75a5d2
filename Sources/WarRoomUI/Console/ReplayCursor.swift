import Foundation
import WarRoomCore

/// Where time travel stands.
public struct ReplayCursor: Equatable, Sendable {
    public var index: ReplayIndex
    public var position: Int

    public var time: Date? { index.time(at: position) }

    public static func == (a: ReplayCursor, b: ReplayCursor) -> Bool { a.index === b.index && a.position == b.position }
}
