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
    /// An evaluator's optional note on a mark of an expectation, by id.
    case observationNote(String, ObservationRating)
    /// A line of the hot wash: a strength, gap or improvement item, as the draft's step says.
    case hotWash
    /// An improvement item's due date (its text and owner in the model's hot wash draft).
    case hotWashDue
    /// The optional note of the review meeting held (`R`).
    case reviewHeldNote
    /// Where the review report is (`R` once the meeting is recorded).
    case reviewReportWhere
    /// Why a drafted statement is rejected, by id.
    case statementRejectReason(String)
    /// A statement's text filled from a playbook template, drafted with the template's id.
    case statementText(Audience, channel: String?, template: String)
}
