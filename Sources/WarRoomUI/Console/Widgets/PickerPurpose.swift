import Foundation
import WarRoomCore

public enum PickerPurpose: Equatable, Sendable {
    case severity, phase, audience, role, member(String), declareSeverity, incident, inject
    /// Closing with open checklist items: asks first.
    case confirmClose
    case channel(Audience)
    case declarePlaybook(DeclareDraft)
    /// The severity of a declaration from an alert that meets none.
    case declareSignalSeverity(DeclareDraft)
    case switchPlaybook
    case presence
    /// Who owns the follow-up being made.
    case followUpOwner(FollowUpDraft)
    /// Who owns the hot wash's improvement item being made (the draft is in the model).
    case hotWashOwner
    /// How far the outage reaches (`O`).
    case scope
    /// A statement template of the playbook for a draft, or none (the value "").
    case statementTemplate(Audience, channel: String?)
}
