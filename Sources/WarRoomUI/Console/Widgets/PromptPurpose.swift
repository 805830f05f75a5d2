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
}
