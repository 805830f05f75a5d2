import Foundation
import WarRoomCore

public enum LiveStatus: Sendable, Equatable {
    case following, lagging, readOnly
}
