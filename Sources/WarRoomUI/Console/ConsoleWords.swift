import WarRoomCore

/// The journal's words (phases, roles, audiences, presence, note kinds, KPI states) as
/// the console shows them: the Core's words (Sources/WarRoomCore/Text/DisplayWords.swift),
/// and the console's own short forms where a narrow pane needs them.
enum ConsoleWords {
    static func phase(_ p: Phase) -> String { p.displayName }

    /// The phase as a heading (the checklist's phase rows).
    static func phaseTitle(_ p: Phase) -> String { p.displayTitle }

    static func audience(_ a: Audience) -> String { a.displayName }

    static func presence(_ p: Presence) -> String { p.displayName }

    static func noteKind(_ k: NoteKind) -> String { k.displayName }

    /// A KPI's state; `short` where the pane is narrow.
    static func kpiState(_ s: KPIState, short: Bool) -> String {
        if short {
            switch s {
            case .pending: return tr("pending", context: "console kpi short")
            case .warning: return tr("warn", context: "console kpi short")
            case .breached: return tr("breached", context: "console kpi short")
            case .met: return tr("met", context: "console kpi short")
            case .notApplicable: return tr("n/a", context: "console kpi short")
            case .notReached: return tr("ended", context: "console kpi short")
            }
        }
        switch s {
        case .pending: return tr("pending", context: "console kpi")
        case .warning: return tr("warning", context: "console kpi")
        case .breached: return tr("breached", context: "console kpi")
        case .met: return tr("met", context: "console kpi")
        case .notApplicable: return tr("n/a", context: "console kpi")
        case .notReached: return tr("not reached", context: "console kpi")
        }
    }

    /// A role the plans name, in the plans' words; any other role as written.
    static func role(_ id: String) -> String { Role.display(id) }
}
