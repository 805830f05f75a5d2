import Foundation
import WarRoomCore

public enum Interaction: Equatable, Sendable {
    case none
    case prompt(TextPrompt)
    case picker(Picker)
    case help
    case detail(Int)
    /// The open alerts (`!`), with the fingerprint of the one selected (nil: the first).
    case signals(String?)
    /// The open follow-ups (`F`), with the id of the one selected (nil: the first).
    case followUps(String?)
    /// A drill's expectations and score (`E`, facilitator and evaluators), with the id of the one selected.
    case expectations(String?)
    /// The shown incident's statements (`S`), with the id of the one selected (nil: the first).
    case statements(String?)
}
