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
    /// A statement template of the playbook for a draft, or none (the value "").
    case statementTemplate(Audience, channel: String?)
}
