import Foundation
import WarRoomCore

public enum Interaction: Equatable, Sendable {
    case none
    case prompt(TextPrompt)
    case picker(Picker)
    case help
    case detail(Int)
}
