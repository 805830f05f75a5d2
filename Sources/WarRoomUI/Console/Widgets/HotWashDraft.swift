import Foundation
import WarRoomCore

/// A hot wash being taken at the facilitator's console. It lives in the model, not in the
/// prompt, so nothing typed is lost when a prompt closes: a resize, a refused write or Esc
/// (which sets it aside until the facilitator takes it up again) leave it whole.
public struct HotWashDraft: Equatable, Sendable {
    /// Strengths, then gaps, then improvement items (each with an owner and a due date).
    public enum Step: Equatable, Sendable {
        case strengths, gaps, items
    }

    public var incident: String
    public var wash = HotWash()
    public var step: Step = .strengths
    /// The improvement item whose owner and due date are being asked.
    public var pendingItem: String?
    public var pendingOwner: String?
    /// What the prompt held when set aside, given back when taken up again.
    public var typed = ""
    /// Set while its write waits, so a finished write clears it and a refused one keeps it.
    public var writing = false

    public init(incident: String) {
        self.incident = incident
    }
}
