import Foundation
import WarRoomCore

public enum PromptPurpose: Equatable, Sendable {
    case note(NoteKind)
    case severityReason(Severity)
    /// The optional note of a phase change (Enter with no text sets the phase without one).
    case phaseNote(Phase)
    case commsText(Audience, channel: String?)
    case counterName
    case counterValue(String)
    case assignMember(String)
    case declareTitle(Severity)
    /// The title of a declaration from an alert, its facts in the draft.
    case declareSignalTitle(DeclareDraft)
    case declareSummary(DeclareDraft)
    case declareStart(DeclareDraft)
    /// The reason for switching to the named playbook.
    case playbookReason(String)
    case filter
    /// A follow-up's text (`f`); the owner and the due date are asked next.
    case followUpText
    /// A follow-up's due date, its text and owner in the draft.
    case followUpDue(FollowUpDraft)
    /// The optional note of a follow-up marked done, by id.
    case followUpDoneNote(String)
    /// Why a follow-up is dropped, by id.
    case followUpDropReason(String)
    /// Why a drafted statement is rejected, by id.
    case statementRejectReason(String)
    /// A statement's text filled from a playbook template, drafted with the template's id.
    case statementText(Audience, channel: String?, template: String)
}
